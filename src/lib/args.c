/*
 * args.c - checking and converting the arguments of builtins.
 *
 * Every helper raises with a message that names the function, the parameter
 * and what was expected, so a builtin can stay a few lines long.  A 0-d
 * tensor counts as a number here: indexing a tensor down to one element
 * yields one, and range(t[0]) or round(t.sum(), 2) should just work.
 */
#include "lib/args.h"

#include "core/memory.h"

#include <stdio.h>
#include <string.h>

/* "an int", "a str": the article a type name takes in a message. */
static const char *article(const char *name)
{
    return strchr("aeiouAEIOU", name[0]) ? "an" : "a";
}

static bool wrong_type(VM *vm, Value *argv, int i, const char *fn, const char *param,
                       const char *expected)
{
    const char *got = value_type_name(vm, argv[i]);
    return vm_raise(vm, vm->exc.type_error, "%s() argument '%s' must be %s %s, not %s",
                    fn, param, article(expected), expected, got);
}

static bool is_scalar_tensor(Value v)
{
    return IS_TENSOR(v) && AS_TENSOR(v)->ndim == 0;
}

bool arg_int(VM *vm, Value *argv, int i, const char *fn, const char *param, int64_t *out)
{
    Value v = argv[i];
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return true;
    }
    if (IS_BOOL(v)) {
        *out = AS_BOOL(v);
        return true;
    }
    if (is_scalar_tensor(v) && !tn_dtype_is_float(AS_TENSOR(v)->dtype)) {
        *out = tn_get_i64(AS_TENSOR(v), 0);
        return true;
    }
    if (IS_FLOAT(v))
        return vm_raise(vm, vm->exc.type_error,
                        "%s() argument '%s' must be an int, not float (%g): "
                        "convert it with int(x) or round(x)",
                        fn, param, AS_FLOAT(v));
    return wrong_type(vm, argv, i, fn, param, "int");
}

bool arg_float(VM *vm, Value *argv, int i, const char *fn, const char *param, double *out)
{
    Value v = argv[i];
    if (IS_NUMBER(v)) {
        *out = value_to_double(v);
        return true;
    }
    if (is_scalar_tensor(v)) {
        *out = tn_get_f64(AS_TENSOR(v), 0);
        return true;
    }
    if (IS_STR(v))
        return vm_raise(vm, vm->exc.type_error,
                        "%s() argument '%s' must be a number, not str: "
                        "convert text with float(s) first",
                        fn, param);
    return wrong_type(vm, argv, i, fn, param, "number");
}

bool arg_str(VM *vm, Value *argv, int i, const char *fn, const char *param, ObjString **out)
{
    if (IS_STR(argv[i])) {
        *out = AS_STR(argv[i]);
        return true;
    }
    return wrong_type(vm, argv, i, fn, param, "str");
}

bool arg_bool(VM *vm, Value *argv, int i, const char *fn, const char *param, bool *out)
{
    (void)fn;
    (void)param;
    return value_truthy(vm, argv[i], out);
}

/* Whether a class or one of its bases defines name, compared as text: this
   is asked without a VM at hand, so the interned name is not available. */
static bool class_defines(ObjClass *klass, const char *name)
{
    size_t len = strlen(name);
    for (; klass; klass = klass->base) {
        if (!klass->methods)
            continue;
        Value key, value;
        for (int32_t pos = 0; dict_next(klass->methods, &pos, &key, &value);) {
            if (IS_STR(key) && (size_t)AS_STR(key)->length == len &&
                memcmp(AS_CSTR(key), name, len) == 0)
                return true;
        }
    }
    return false;
}

bool value_is_callable(Value v)
{
    if (!IS_OBJ(v))
        return false;
    switch (OBJ_TYPE(v)) {
    case OBJ_FUNC:
    case OBJ_NATIVE:
    case OBJ_BOUND:
    case OBJ_CLASS:
        return true;
    case OBJ_INSTANCE:
        return class_defines(AS_INSTANCE(v)->klass, "__call__");
    case OBJ_USERDATA:
        return AS_USERDATA(v)->klass && class_defines(AS_USERDATA(v)->klass, "__call__");
    default:
        return false;
    }
}

bool arg_callable(VM *vm, Value *argv, int i, const char *fn, const char *param)
{
    if (value_is_callable(argv[i]))
        return true;
    return vm_raise(vm, vm->exc.type_error,
                    "%s() argument '%s' must be callable (a function, lambda or class), "
                    "not %s",
                    fn, param, value_type_name(vm, argv[i]));
}

/* Keyword dicts are small, so a scan by text beats interning the name (which
   would allocate, and so could collect). */
bool kwarg_get(VM *vm, ObjDict *kwargs, const char *name, Value *out)
{
    (void)vm;
    if (!kwargs)
        return false;
    size_t len = strlen(name);
    Value key, value;
    for (int32_t pos = 0; dict_next(kwargs, &pos, &key, &value);) {
        if (IS_STR(key) && (size_t)AS_STR(key)->length == len &&
            memcmp(AS_CSTR(key), name, len) == 0) {
            *out = value;
            return true;
        }
    }
    return false;
}

bool kwargs_check(VM *vm, ObjDict *kwargs, const char *fn, const char *const *allowed)
{
    if (!kwargs)
        return true;
    Value key, value;
    for (int32_t pos = 0; dict_next(kwargs, &pos, &key, &value);) {
        bool ok = false;
        for (int k = 0; allowed && allowed[k] && !ok; k++)
            ok = IS_STR(key) && strcmp(AS_CSTR(key), allowed[k]) == 0;
        if (ok)
            continue;
        const char *name = IS_STR(key) ? AS_CSTR(key) : "?";
        if (!allowed || !allowed[0])
            return vm_raise(vm, vm->exc.type_error,
                            "%s() got an unexpected keyword argument '%s': "
                            "it takes no keyword arguments",
                            fn, name);
        char list[256];
        size_t n = 0;
        list[0] = '\0';
        for (int k = 0; allowed[k] && n + 4 < sizeof list; k++) {
            int w = snprintf(list + n, sizeof list - n, "%s%s", k ? ", " : "", allowed[k]);
            if (w < 0 || (size_t)w >= sizeof list - n)
                break;
            n += (size_t)w;
        }
        return vm_raise(vm, vm->exc.type_error,
                        "%s() got an unexpected keyword argument '%s' (it accepts: %s)",
                        fn, name, list);
    }
    return true;
}

bool arg_or_kwarg(VM *vm, int argc, Value *argv, ObjDict *kwargs, int i, const char *fn,
                  const char *name, Value *out, bool *present)
{
    Value kw;
    bool by_keyword = kwarg_get(vm, kwargs, name, &kw);
    if (i < argc) {
        if (by_keyword)
            return vm_raise(vm, vm->exc.type_error,
                            "%s() got multiple values for argument '%s': "
                            "it was given both by position and by keyword",
                            fn, name);
        *out = argv[i];
        *present = true;
        return true;
    }
    *present = by_keyword;
    if (by_keyword)
        *out = kw;
    return true;
}

Value *roots_open(VM *vm, int n)
{
    Value *r = vm->sp;
    for (int i = 0; i < n; i++)
        vm_push(vm, NONE_VAL);
    return r;
}

bool roots_close(VM *vm, Value *r, bool ok)
{
    vm->sp = r;
    return ok;
}

bool no_kwargs(VM *vm, ObjDict *kwargs, const char *fn)
{
    return !kwargs || kwargs->count == 0 || kwargs_check(vm, kwargs, fn, NULL);
}

static void *sb_vm_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    return mem_realloc((VM *)ud, ptr, old_size, new_size);
}

void sb_init_vm(VM *vm, StrBuf *b)
{
    sb_init(b, sb_vm_alloc, vm);
}
