/*
 * test_values.c - repr() and str() of values, checked in C against the text
 * Python prints for the same values.
 */
#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "vm/vm.h"

static int failures;

static void expect_repr(VM *vm, Value v, const char *want, int line)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    bool ok = value_repr(vm, v, &b);
    const char *got = ok ? (b.data ? b.data : "") : "<raised>";
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "test_values.c:%d: repr: expected %s, got %s\n", line, want, got);
        failures++;
    }
    sb_free(&b);
}

static void expect_str(VM *vm, Value v, const char *want, int line)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    bool ok = value_str(vm, v, &b);
    const char *got = ok ? (b.data ? b.data : "") : "<raised>";
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "test_values.c:%d: str: expected %s, got %s\n", line, want, got);
        failures++;
    }
    sb_free(&b);
}

#define REPR(v, want) expect_repr(vm, (v), (want), __LINE__)
#define STR(v, want) expect_str(vm, (v), (want), __LINE__)

int main(void)
{
    VM *vm = vm_new(NULL);
    if (!vm) {
        fprintf(stderr, "cannot create a VM\n");
        return 1;
    }
    REPR(NONE_VAL, "None");
    REPR(BOOL_VAL(true), "True");
    REPR(BOOL_VAL(false), "False");
    REPR(INT_VAL(0), "0");
    REPR(INT_VAL(-42), "-42");
    REPR(INT_VAL(INT64_MAX), "9223372036854775807");
    REPR(INT_VAL(INT64_MIN), "-9223372036854775808");
    REPR(FLOAT_VAL(1.0), "1.0");
    REPR(FLOAT_VAL(-0.0), "-0.0");
    REPR(FLOAT_VAL(0.1), "0.1");
    REPR(FLOAT_VAL(0.1 + 0.2), "0.30000000000000004");
    REPR(FLOAT_VAL(1e16), "1e+16");
    REPR(FLOAT_VAL(123456789012345.0), "123456789012345.0");
    REPR(FLOAT_VAL(1.5e-5), "1.5e-05");
    REPR(FLOAT_VAL(0.0001), "0.0001");
    REPR(FLOAT_VAL(1.0 / 3.0), "0.3333333333333333");
    REPR(FLOAT_VAL(5e-324), "5e-324");
    REPR(FLOAT_VAL(1.7976931348623157e308), "1.7976931348623157e+308");
    REPR(FLOAT_VAL(__builtin_inf()), "inf");
    REPR(FLOAT_VAL(-__builtin_inf()), "-inf");
    REPR(FLOAT_VAL(__builtin_nan("")), "nan");

    ObjString *s = str_from_cstr(vm, "it's \"x\"\n\t\\");
    gc_push_root(vm, OBJ_VAL(s));
    REPR(OBJ_VAL(s), "'it\\'s \"x\"\\n\\t\\\\'");
    STR(OBJ_VAL(s), "it's \"x\"\n\t\\");
    ObjString *q = str_from_cstr(vm, "don't");
    gc_push_root(vm, OBJ_VAL(q));
    REPR(OBJ_VAL(q), "\"don't\"");
    ObjString *u = str_from_cstr(vm, "héllo ∇");
    gc_push_root(vm, OBJ_VAL(u));
    REPR(OBJ_VAL(u), "'héllo ∇'");

    ObjList *l = list_new(vm, 0);
    gc_push_root(vm, OBJ_VAL(l));
    REPR(OBJ_VAL(l), "[]");
    list_append(vm, l, INT_VAL(1));
    list_append(vm, l, FLOAT_VAL(2.5));
    list_append(vm, l, OBJ_VAL(q));
    list_append(vm, l, NONE_VAL);
    REPR(OBJ_VAL(l), "[1, 2.5, \"don't\", None]");
    STR(OBJ_VAL(l), "[1, 2.5, \"don't\", None]");
    list_append(vm, l, OBJ_VAL(l));
    REPR(OBJ_VAL(l), "[1, 2.5, \"don't\", None, [...]]");

    ObjTuple *t1 = tuple_new(vm, 1);
    gc_push_root(vm, OBJ_VAL(t1));
    t1->items[0] = INT_VAL(7);
    REPR(OBJ_VAL(t1), "(7,)");
    ObjTuple *t0 = tuple_new(vm, 0);
    gc_push_root(vm, OBJ_VAL(t0));
    REPR(OBJ_VAL(t0), "()");

    ObjDict *d = dict_new(vm);
    gc_push_root(vm, OBJ_VAL(d));
    dict_set(vm, d, OBJ_VAL(str_from_cstr(vm, "b")), INT_VAL(2));
    dict_set(vm, d, OBJ_VAL(str_from_cstr(vm, "a")), OBJ_VAL(t1));
    dict_set(vm, d, INT_VAL(1), BOOL_VAL(true));
    REPR(OBJ_VAL(d), "{'b': 2, 'a': (7,), 1: True}");
    /* 1.0 and True are the same key as 1 */
    dict_set(vm, d, FLOAT_VAL(1.0), NONE_VAL);
    REPR(OBJ_VAL(d), "{'b': 2, 'a': (7,), 1: None}");

    ObjRange *r = range_new(vm, 0, 10, 2);
    gc_push_root(vm, OBJ_VAL(r));
    REPR(OBJ_VAL(r), "range(0, 10, 2)");
    ObjRange *r1 = range_new(vm, 1, 5, 1);
    gc_push_root(vm, OBJ_VAL(r1));
    REPR(OBJ_VAL(r1), "range(1, 5)");

    REPR(OBJ_VAL(vm->types.int_), "<class 'int'>");
    REPR(OBJ_VAL(vm->exc.value_error), "<class 'ValueError'>");

    gc_collect(vm); /* everything above is rooted: printing must still work */
    REPR(OBJ_VAL(d), "{'b': 2, 'a': (7,), 1: None}");
    gc_pop_roots(vm, 10);
    vm_free(vm);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
