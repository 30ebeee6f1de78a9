/*
 * print.c - repr() and str() of every kind of value, and f-string
 * formatting.  Floats print as Python prints them (the shortest text that
 * reads back exactly); containers recurse, guarding against cycles.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/format.h"
#include "core/memory.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

static bool repr_into(VM *vm, Value v, StrBuf *out, int depth);
static bool repr_container(VM *vm, Value v, StrBuf *out, int depth);

/* Decimal text of an int64 into buf (at least 21 bytes); returns the length.
   printf is far slower, and building strings from ints is common: the
   digits are counted first, then written from the end two at a time. */
static int format_int(char *buf, int64_t v)
{
    static const char pairs[201] = "00010203040506070809"
                                   "10111213141516171819"
                                   "20212223242526272829"
                                   "30313233343536373839"
                                   "40414243444546474849"
                                   "50515253545556575859"
                                   "60616263646566676869"
                                   "70717273747576777879"
                                   "80818283848586878889"
                                   "90919293949596979899";
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    int digits = 1;
    for (uint64_t limit = 10; digits < 20 && u >= limit; limit *= 10)
        digits++;
    int len = (v < 0) + digits;
    buf[0] = '-'; /* overwritten by a digit when v >= 0 */
    buf[len] = '\0';
    char *p = buf + len;
    while (u >= 100) {
        unsigned pair = (unsigned)(u % 100) * 2;
        u /= 100;
        *--p = pairs[pair + 1];
        *--p = pairs[pair];
    }
    if (u >= 10) {
        *--p = pairs[u * 2 + 1];
        *--p = pairs[u * 2];
    } else {
        *--p = (char)('0' + u);
    }
    return len;
}

static void repr_string(StrBuf *out, ObjString *s)
{
    bool has_single = memchr(s->chars, '\'', (size_t)s->length) != NULL;
    bool has_double = memchr(s->chars, '"', (size_t)s->length) != NULL;
    char q = has_single && !has_double ? '"' : '\'';
    sb_putc(out, q);
    for (int i = 0; i < s->length; i++) {
        unsigned char c = (unsigned char)s->chars[i];
        switch (c) {
        case '\n': sb_puts(out, "\\n"); break;
        case '\t': sb_puts(out, "\\t"); break;
        case '\r': sb_puts(out, "\\r"); break;
        case '\\': sb_puts(out, "\\\\"); break;
        default:
            if (c == (unsigned char)q) {
                sb_putc(out, '\\');
                sb_putc(out, (char)c);
            } else if (c < 0x20 || c == 0x7f) {
                sb_printf(out, "\\x%02x", c);
            } else {
                sb_putc(out, (char)c);
            }
        }
    }
    sb_putc(out, q);
}

static void repr_float(StrBuf *out, double f)
{
    char buf[40];
    fmt_double_repr(buf, sizeof buf, f);
    sb_puts(out, buf);
}

/* The containers being printed, outermost first: a container met again
   inside itself prints as [...] or {...}, as in Python. */
typedef struct ReprStack {
    Obj *items[66];
    int count;
} ReprStack;

static _Thread_local ReprStack *repr_stack;

static bool repr_seen(Obj *o)
{
    for (int i = 0; repr_stack && i < repr_stack->count; i++)
        if (repr_stack->items[i] == o)
            return true;
    return false;
}

static bool repr_items(VM *vm, StrBuf *out, Value *items, int n, const char *open,
                       const char *close, bool one_tuple, int depth)
{
    sb_puts(out, open);
    for (int i = 0; i < n; i++) {
        if (i)
            sb_puts(out, ", ");
        if (!repr_into(vm, items[i], out, depth + 1))
            return false;
    }
    if (one_tuple && n == 1)
        sb_putc(out, ',');
    sb_puts(out, close);
    return true;
}

static bool call_repr_method(VM *vm, Value v, ObjString *name, StrBuf *out, bool *found)
{
    Value method;
    *found = class_find_method_owner(vm_class_of(vm, v), name, &method) != NULL;
    if (!*found)
        return true;
    Value r;
    if (!vm_call(vm, method, 1, &v, &r))
        return false;
    if (!IS_STR(r))
        return vm_raise(vm, vm->exc.type_error, "%s returned %s, not a str", name->chars,
                        value_type_name(vm, r));
    sb_append(out, AS_CSTR(r), (size_t)AS_STR(r)->length);
    return true;
}

static bool repr_into(VM *vm, Value v, StrBuf *out, int depth)
{
    if (depth > 64) {
        sb_puts(out, "...");
        return true;
    }
    switch (v.type) {
    case VAL_UNDEF: sb_puts(out, "<unbound>"); return true;
    case VAL_NONE: sb_puts(out, "None"); return true;
    case VAL_BOOL: sb_puts(out, AS_BOOL(v) ? "True" : "False"); return true;
    case VAL_INT: {
        char buf[24];
        sb_append(out, buf, (size_t)format_int(buf, v.as.i));
        return true;
    }
    case VAL_FLOAT: repr_float(out, v.as.f); return true;
    case VAL_OBJ: break;
    }
    Obj *o = AS_OBJ(v);
    if (o->type == OBJ_LIST || o->type == OBJ_DICT || o->type == OBJ_TUPLE) {
        if (repr_seen(o)) {
            sb_puts(out, o->type == OBJ_LIST ? "[...]" : o->type == OBJ_DICT ? "{...}" : "(...)");
            return true;
        }
        ReprStack local, *saved = repr_stack;
        if (!repr_stack) {
            local.count = 0;
            repr_stack = &local;
        }
        repr_stack->items[repr_stack->count++] = o;
        bool ok = repr_container(vm, v, out, depth);
        repr_stack->count--;
        repr_stack = saved;
        return ok;
    }
    switch (o->type) {
    case OBJ_STR: repr_string(out, (ObjString *)o); return true;
    case OBJ_RANGE: {
        ObjRange *r = AS_RANGE(v);
        if (r->step == 1)
            sb_printf(out, "range(%lld, %lld)", (long long)r->start, (long long)r->stop);
        else
            sb_printf(out, "range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                      (long long)r->step);
        return true;
    }
    case OBJ_SLICE: {
        ObjSlice *s = AS_SLICE(v);
        sb_puts(out, "slice(");
        if (!repr_into(vm, s->start, out, depth + 1)) return false;
        sb_puts(out, ", ");
        if (!repr_into(vm, s->stop, out, depth + 1)) return false;
        sb_puts(out, ", ");
        if (!repr_into(vm, s->step, out, depth + 1)) return false;
        sb_putc(out, ')');
        return true;
    }
    case OBJ_PROTO: sb_printf(out, "<code %s>", ((ObjProto *)o)->qualname->chars); return true;
    case OBJ_FUNC: sb_printf(out, "<function %s>", AS_FUNC(v)->proto->qualname->chars); return true;
    case OBJ_NATIVE: sb_printf(out, "<built-in function %s>", AS_NATIVE(v)->name); return true;
    case OBJ_BOUND: {
        Value m = AS_BOUND(v)->method;
        const char *name = IS_FUNC(m) ? AS_FUNC(m)->proto->qualname->chars
                         : IS_NATIVE(m) ? AS_NATIVE(m)->name : "?";
        sb_printf(out, "<bound method %s of ", name);
        if (!repr_into(vm, AS_BOUND(v)->receiver, out, depth + 1))
            return false;
        sb_putc(out, '>');
        return true;
    }
    case OBJ_CLASS: sb_printf(out, "<class '%s'>", AS_CLASS(v)->name->chars); return true;
    case OBJ_MODULE: sb_printf(out, "<module '%s'>", AS_MODULE(v)->name->chars); return true;
    case OBJ_UPVAL: sb_puts(out, "<cell>"); return true;
    case OBJ_ITER: sb_puts(out, "<iterator>"); return true;
    case OBJ_INSTANCE:
    case OBJ_TENSOR:
    case OBJ_USERDATA: {
        bool found;
        if (!call_repr_method(vm, v, vm->names.repr, out, &found))
            return false;
        if (found)
            return true;
        if (o->type == OBJ_INSTANCE && AS_INSTANCE(v)->klass->is_exception) {
            /* ValueError('bad'), from the args it was made with */
            Value args, msg;
            sb_printf(out, "%s(", AS_INSTANCE(v)->klass->name->chars);
            if (dict_get_str(AS_INSTANCE(v)->fields, vm->names.args, &args) && IS_TUPLE(args)) {
                for (int i = 0; i < AS_TUPLE(args)->count; i++) {
                    if (i)
                        sb_puts(out, ", ");
                    if (!repr_into(vm, AS_TUPLE(args)->items[i], out, depth + 1))
                        return false;
                }
            } else if (dict_get_str(AS_INSTANCE(v)->fields, vm->names.message, &msg) && IS_STR(msg) &&
                       AS_STR(msg)->length > 0) {
                repr_string(out, AS_STR(msg));
            }
            sb_putc(out, ')');
            return true;
        }
        if (o->type == OBJ_USERDATA)
            sb_printf(out, "<%s>", AS_USERDATA(v)->type_name);
        else if (o->type == OBJ_TENSOR)
            sb_puts(out, "<tensor>");
        else
            sb_printf(out, "<%s object>", AS_INSTANCE(v)->klass->name->chars);
        return true;
    }
    default:
        sb_printf(out, "<%s>", obj_type_name(o->type));
        return true;
    }
}

/* Lists, tuples and dicts, once repr_into has checked for cycles. */
static bool repr_container(VM *vm, Value v, StrBuf *out, int depth)
{
    Obj *o = AS_OBJ(v);
    if (o->type == OBJ_LIST)
        return repr_items(vm, out, AS_LIST(v)->items.items, AS_LIST(v)->items.count, "[", "]", false, depth);
    if (o->type == OBJ_TUPLE)
        return repr_items(vm, out, AS_TUPLE(v)->items, AS_TUPLE(v)->count, "(", ")", true, depth);
    ObjDict *d = AS_DICT(v);
    sb_putc(out, '{');
    Value k, val;
    bool first = true;
    for (int32_t i = 0; dict_next(d, &i, &k, &val);) {
        if (!first)
            sb_puts(out, ", ");
        first = false;
        if (!repr_into(vm, k, out, depth + 1))
            return false;
        sb_puts(out, ": ");
        if (!repr_into(vm, val, out, depth + 1))
            return false;
    }
    sb_putc(out, '}');
    return true;
}

bool value_repr(VM *vm, Value v, StrBuf *out)
{
    return repr_into(vm, v, out, 0);
}

bool value_str(VM *vm, Value v, StrBuf *out)
{
    if (IS_STR(v)) {
        sb_append(out, AS_CSTR(v), (size_t)AS_STR(v)->length);
        return true;
    }
    if (IS_INSTANCE(v)) {
        bool found;
        if (!call_repr_method(vm, v, vm->names.str, out, &found))
            return false;
        if (found)
            return true;
        if (AS_INSTANCE(v)->klass->is_exception) {
            Value msg;
            if (dict_get_str(AS_INSTANCE(v)->fields, vm->names.message, &msg) && IS_STR(msg))
                sb_append(out, AS_CSTR(msg), (size_t)AS_STR(msg)->length);
            return true;
        }
    }
    return repr_into(vm, v, out, 0);
}

int vm_number_text(char *buf, Value v)
{
    return IS_INT(v) ? format_int(buf, v.as.i) : fmt_double_repr(buf, 32, v.as.f);
}

static ObjString *to_string(VM *vm, Value v, bool repr)
{
    if (!repr && IS_STR(v))
        return AS_STR(v);
    if (IS_INT(v) || IS_FLOAT(v)) { /* no buffer needed */
        char buf[40];
        int n = IS_INT(v) ? format_int(buf, v.as.i) : fmt_double_repr(buf, sizeof buf, v.as.f);
        return str_new_fresh(vm, buf, (size_t)n);
    }
    StrBuf b;
    sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
    bool ok = repr ? value_repr(vm, v, &b) : value_str(vm, v, &b);
    if (ok && b.failed) {
        vm_raise_oom(vm);
        ok = false;
    }
    ObjString *s = ok ? str_new_fresh(vm, b.data ? b.data : "", b.len) : NULL;
    sb_free(&b);
    return s;
}

ObjString *value_to_repr(VM *vm, Value v) { return to_string(vm, v, true); }
ObjString *value_to_str(VM *vm, Value v) { return to_string(vm, v, false); }

/* {value!conversion:spec} */
ObjString *vm_format_value(VM *vm, Value v, ObjString *spec, int conversion)
{
    if (conversion == 'r' || conversion == 's') {
        ObjString *s = conversion == 'r' ? value_to_repr(vm, v) : value_to_str(vm, v);
        if (!s)
            return NULL;
        v = OBJ_VAL(s);
    }
    if (!spec || spec->length == 0)
        return value_to_str(vm, v);
    /* A class may format itself. */
    if (IS_INSTANCE(v) || IS_TENSOR(v)) {
        Value method;
        ObjString *fname = str_from_cstr(vm, "__format__");
        if (fname && class_find_method_owner(vm_class_of(vm, v), fname, &method)) {
            Value args[2] = {v, OBJ_VAL(spec)}, r;
            if (!vm_call(vm, method, 2, args, &r))
                return NULL;
            if (!IS_STR(r)) {
                vm_raise(vm, vm->exc.type_error, "__format__ must return a str");
                return NULL;
            }
            return AS_STR(r);
        }
    }
    FormatSpec fs;
    char err[200];
    if (!fmt_parse_spec(spec->chars, (size_t)spec->length, &fs, err, sizeof err)) {
        vm_raise(vm, vm->exc.value_error, "%s", err);
        return NULL;
    }
    StrBuf b;
    sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
    bool ok;
    if (IS_BOOL(v) && fs.type == 0) {
        const char *t = AS_BOOL(v) ? "True" : "False";
        ok = fmt_str(&b, t, strlen(t), &fs, err, sizeof err);
    } else if (IS_INT(v) || IS_BOOL(v)) {
        ok = fmt_int(&b, v.as.i, &fs, err, sizeof err);
    } else if (IS_FLOAT(v)) {
        ok = fmt_float(&b, v.as.f, &fs, err, sizeof err);
    } else {
        ObjString *s = value_to_str(vm, v);
        if (!s) {
            sb_free(&b);
            return NULL;
        }
        ok = fmt_str(&b, s->chars, (size_t)s->length, &fs, err, sizeof err);
    }
    if (!ok) {
        sb_free(&b);
        vm_raise(vm, vm->exc.value_error, "%s", err);
        return NULL;
    }
    ObjString *r = b.failed ? NULL : str_new(vm, b.data ? b.data : "", b.len);
    if (b.failed)
        vm_raise_oom(vm);
    sb_free(&b);
    return r;
}
