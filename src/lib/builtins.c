/*
 * builtins.c - the functions every program sees without an import (print,
 * len, range, sorted, zip, help, ...) and the constructors of the builtin
 * types (int("12"), list(range(3)), dict(a=1)).
 *
 * Each builtin is one NativeSpec entry (name, C function, arity, signature,
 * doc with an example) so help() and the REPL never drift from the code.
 * Values a builtin creates or holds across a call back into Nabla code are
 * kept in slots pushed on the VM stack (roots_open/roots_close), because any
 * allocation or call may collect garbage.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/memory.h"
#include "lib/args.h"
#include "lib/lib.h"

/* ---- small helpers */

static bool check_argc(VM *vm, const char *fn, int argc, int min, int max, const char *usage)
{
    if (argc >= min && (max < 0 || argc <= max))
        return true;
    return vm_raise(vm, vm->exc.type_error, "%s() takes %s, but %d were given", fn, usage, argc);
}

/* A new str from a buffer, which is freed either way. */
static bool sb_to_value(VM *vm, StrBuf *b, Value *out)
{
    if (b->failed) {
        sb_free(b);
        return vm_raise_oom(vm);
    }
    ObjString *s = str_new(vm, b->data ? b->data : "", b->len);
    sb_free(b);
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

static bool exception_is(VM *vm, ObjClass *klass)
{
    return !IS_UNDEF(vm->exception) && vm_is_instance(vm, vm->exception, klass);
}

/*
 * Looks name up in v's class and calls it with v as self.  *found is false
 * (and nothing is raised) when the class does not define it; this is how
 * abs(), round(), reversed() and format() reach user classes and tensors.
 */
static bool call_dunder(VM *vm, Value v, const char *name, int argc, const Value *args,
                        Value *out, bool *found)
{
    *found = false;
    ObjClass *klass = vm_class_of(vm, v);
    if (!klass)
        return true;
    ObjString *s = str_from_cstr(vm, name);
    if (!s)
        return false;
    Value method;
    if (!class_find_method_owner(klass, s, &method))
        return true;
    *found = true;
    Value *r = roots_open(vm, argc + 2);
    r[0] = method;
    r[1] = v;
    for (int i = 0; i < argc; i++)
        r[2 + i] = args[i];
    return roots_close(vm, r, vm_call(vm, r[0], argc + 1, r + 1, out));
}

static bool define_value(VM *vm, ObjDict *target, const char *name, Value v)
{
    Value *r = roots_open(vm, 2);
    r[0] = v;
    ObjString *s = str_from_cstr(vm, name);
    if (!s)
        return roots_close(vm, r, false);
    r[1] = OBJ_VAL(s);
    return roots_close(vm, r, dict_set_str(vm, target, s, v));
}

/* Encodes cp as UTF-8 into buf (4 bytes); returns the length. */
static int utf8_encode(uint32_t cp, char *buf)
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the codepoint at s (len bytes left); returns its byte length. */
static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if ((size_t)n > len)
        n = 1;
    uint32_t v = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int i = 1; i < n; i++)
        v = (v << 6) | (s[i] & 0x3F);
    *cp = v;
    return n;
}

/* ---- print, len, repr, type */

static bool bi_print(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"sep", "end", "flush", NULL};
    if (!kwargs_check(vm, kwargs, "print", allowed))
        return false;
    const char *text[2] = {" ", "\n"};
    size_t len[2] = {1, 1};
    static const char *const names[2] = {"sep", "end"};
    for (int k = 0; k < 2; k++) {
        Value v;
        if (!kwarg_get(vm, kwargs, names[k], &v) || IS_NONE(v))
            continue;
        if (!IS_STR(v))
            return vm_raise(vm, vm->exc.type_error,
                            "print() argument '%s' must be a str or None, not %s", names[k],
                            value_type_name(vm, v));
        text[k] = AS_CSTR(v);
        len[k] = (size_t)AS_STR(v)->length;
    }
    StrBuf b;
    sb_init_vm(vm, &b);
    for (int i = 0; i < argc; i++) {
        if (i > 0)
            sb_append(&b, text[0], len[0]);
        if (!value_str(vm, argv[i], &b)) {
            sb_free(&b);
            return false;
        }
    }
    sb_append(&b, text[1], len[1]);
    if (b.failed) {
        sb_free(&b);
        return vm_raise_oom(vm);
    }
    vm_write(vm, b.data, b.len);
    sb_free(&b);
    *out = NONE_VAL;
    return true;
}

static bool bi_len(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    int64_t n;
    if (!no_kwargs(vm, kwargs, "len") || !vm_len(vm, argv[0], &n))
        return false;
    *out = INT_VAL(n);
    return true;
}

static bool bi_repr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "repr"))
        return false;
    ObjString *s = value_to_repr(vm, argv[0]);
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

static bool type_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "type") ||
        !check_argc(vm, "type", argc, 1, 1, "1 argument (the value whose class you want)"))
        return false;
    ObjClass *klass = vm_class_of(vm, argv[0]);
    if (!klass)
        return vm_raise(vm, vm->exc.type_error, "type(): this value has no class");
    *out = OBJ_VAL(klass);
    return true;
}

/* ---- numbers: int(), float(), bool(), str() */

/* Copies text without surrounding whitespace and with "_" digit separators
   removed; false when an underscore is not between two digits. */
static bool clean_number_text(const char *s, size_t len, char *buf, size_t bufsize,
                              bool hex_digits)
{
    while (len > 0 && isspace((unsigned char)*s))
        s++, len--;
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0 || len >= bufsize)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_') {
            bool prev = i > 0 && (hex_digits ? isxdigit((unsigned char)s[i - 1])
                                             : isdigit((unsigned char)s[i - 1]));
            bool next = i + 1 < len && (hex_digits ? isxdigit((unsigned char)s[i + 1])
                                                   : isdigit((unsigned char)s[i + 1]));
            /* "0x_ff" is valid: an underscore may follow the base prefix */
            bool after_prefix = i == 2 && n == 2 && buf[0] == '0' &&
                                strchr("xXoObB", buf[1]) && next;
            if (!(prev && next) && !after_prefix)
                return false;
            continue;
        }
        buf[n++] = s[i];
    }
    buf[n] = '\0';
    return true;
}

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* int(text, base): Python's literal rules, with an i64 range. */
static bool parse_int_text(VM *vm, ObjString *text, int64_t base, int64_t *out)
{
    char buf[256];
    bool ok = clean_number_text(text->chars, (size_t)text->length, buf, sizeof buf, true);
    const char *p = buf;
    bool neg = false;
    if (ok && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    if (ok && p[0] == '0' && p[1] && strchr("xXoObB", p[1])) {
        int prefix_base = (p[1] == 'x' || p[1] == 'X') ? 16 : (p[1] == 'o' || p[1] == 'O') ? 8 : 2;
        if (base == 0 || base == prefix_base) {
            base = prefix_base;
            p += 2;
        }
    }
    if (ok && base == 0) {
        /* base 0 reads the literal as source code would: no leading zeros */
        base = 10;
        if (p[0] == '0')
            for (const char *q = p; *q; q++)
                ok = ok && *q == '0';
    }
    ok = ok && *p;
    uint64_t mag = 0;
    bool overflow = false;
    for (; ok && *p; p++) {
        int d = digit_value((unsigned char)*p);
        if (d >= base) {
            ok = false;
            break;
        }
        if (mag > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            overflow = true;
        else
            mag = mag * (uint64_t)base + (uint64_t)d;
    }
    if (!ok) {
        ObjString *r = value_to_repr(vm, OBJ_VAL(text));
        if (!r)
            return false;
        return vm_raise(vm, vm->exc.value_error, "invalid literal for int() with base %d: %s",
                        (int)base, r->chars);
    }
    if (overflow || mag > (uint64_t)INT64_MAX + (neg ? 1 : 0))
        return vm_raise(vm, vm->exc.overflow_error,
                        "int() of '%.40s' does not fit in a 64-bit int "
                        "(the range is -2**63 to 2**63-1): use float(s) for big values",
                        text->chars);
    *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return true;
}

static bool float_to_int(VM *vm, double x, const char *fn, int64_t *out)
{
    if (isnan(x))
        return vm_raise(vm, vm->exc.value_error, "%s(): cannot convert float NaN to an int", fn);
    if (isinf(x))
        return vm_raise(vm, vm->exc.overflow_error,
                        "%s(): cannot convert float infinity to an int", fn);
    /* 2**63 is exactly representable; everything in [-2**63, 2**63) fits */
    if (x >= 9223372036854775808.0 || x < -9223372036854775808.0)
        return vm_raise(vm, vm->exc.overflow_error,
                        "%s(): %g does not fit in a 64-bit int (the range is -2**63 to 2**63-1)",
                        fn, x);
    *out = (int64_t)x;
    return true;
}

/* A one-element tensor converts to a number, as in NumPy. */
static bool tensor_single(VM *vm, Value v, const char *fn)
{
    if (AS_TENSOR(v)->size == 1)
        return true;
    char shape[96];
    Tensor *t = AS_TENSOR(v);
    tn_shape_str(shape, sizeof shape, t->dtype, t->ndim, t->shape);
    return vm_raise(vm, vm->exc.type_error,
                    "%s() needs a tensor with exactly one element, but this one is %s: "
                    "pick an element first (t[i]) or reduce it (t.sum())",
                    fn, shape);
}

static bool int_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"base", NULL};
    if (!kwargs_check(vm, kwargs, "int", allowed) ||
        !check_argc(vm, "int", argc, 0, 2, "at most 2 arguments (value, base)"))
        return false;
    Value base_v;
    bool has_base;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 1, "int", "base", &base_v, &has_base))
        return false;
    if (argc == 0) {
        if (has_base)
            return vm_raise(vm, vm->exc.type_error, "int() missing the text to convert");
        *out = INT_VAL(0);
        return true;
    }
    Value v = argv[0];
    if (has_base) {
        int64_t base;
        Value tmp[1] = {base_v};
        if (!arg_int(vm, tmp, 0, "int", "base", &base))
            return false;
        if (!IS_STR(v))
            return vm_raise(vm, vm->exc.type_error,
                            "int() can't convert a %s with an explicit base: "
                            "the base only applies to text",
                            value_type_name(vm, v));
        if (base != 0 && (base < 2 || base > 36))
            return vm_raise(vm, vm->exc.value_error,
                            "int() base must be between 2 and 36, or 0 (got %lld)",
                            (long long)base);
        int64_t n;
        if (!parse_int_text(vm, AS_STR(v), base, &n))
            return false;
        *out = INT_VAL(n);
        return true;
    }
    int64_t n;
    switch (v.type) {
    case VAL_INT:
        *out = v;
        return true;
    case VAL_BOOL:
        *out = INT_VAL(AS_BOOL(v));
        return true;
    case VAL_FLOAT:
        if (!float_to_int(vm, trunc(AS_FLOAT(v)), "int", &n))
            return false;
        *out = INT_VAL(n);
        return true;
    default:
        break;
    }
    if (IS_STR(v)) {
        if (!parse_int_text(vm, AS_STR(v), 10, &n))
            return false;
        *out = INT_VAL(n);
        return true;
    }
    if (IS_TENSOR(v)) {
        if (!tensor_single(vm, v, "int"))
            return false;
        Tensor *t = AS_TENSOR(v);
        if (tn_dtype_is_float(t->dtype)) {
            if (!float_to_int(vm, trunc(tn_get_f64(t, 0)), "int", &n))
                return false;
        } else {
            n = tn_get_i64(t, 0);
        }
        *out = INT_VAL(n);
        return true;
    }
    bool found;
    if (!call_dunder(vm, v, "__int__", 0, NULL, out, &found))
        return false;
    if (found) {
        if (!IS_INT(*out))
            return vm_raise(vm, vm->exc.type_error, "__int__ returned %s, not int",
                            value_type_name(vm, *out));
        return true;
    }
    return vm_raise(vm, vm->exc.type_error,
                    "int() argument must be text or a number, not %s", value_type_name(vm, v));
}

static bool parse_float_text(VM *vm, ObjString *text, double *out)
{
    char buf[400];
    bool ok = clean_number_text(text->chars, (size_t)text->length, buf, sizeof buf, false);
    if (ok) {
        const char *p = buf + (buf[0] == '+' || buf[0] == '-');
        /* strtod also reads hex floats and "nan(...)"; Python's float() does not */
        if (strcasecmp(p, "nan") == 0 || strcasecmp(p, "inf") == 0 ||
            strcasecmp(p, "infinity") == 0) {
            double x = tolower((unsigned char)p[0]) == 'n' ? NAN : INFINITY;
            *out = buf[0] == '-' ? -x : x;
            return true;
        }
        for (const char *q = p; *q && ok; q++)
            ok = isdigit((unsigned char)*q) || strchr(".eE+-", *q);
        if (ok) {
            char *end;
            errno = 0;
            *out = strtod(buf, &end);
            ok = end != buf && *end == '\0';
        }
    }
    if (!ok) {
        ObjString *r = value_to_repr(vm, OBJ_VAL(text));
        if (!r)
            return false;
        return vm_raise(vm, vm->exc.value_error, "could not convert string to float: %s",
                        r->chars);
    }
    return true;
}

static bool float_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "float") ||
        !check_argc(vm, "float", argc, 0, 1, "at most 1 argument"))
        return false;
    if (argc == 0) {
        *out = FLOAT_VAL(0.0);
        return true;
    }
    Value v = argv[0];
    if (IS_NUMBER(v)) {
        *out = FLOAT_VAL(value_to_double(v));
        return true;
    }
    if (IS_STR(v)) {
        double x;
        if (!parse_float_text(vm, AS_STR(v), &x))
            return false;
        *out = FLOAT_VAL(x);
        return true;
    }
    if (IS_TENSOR(v)) {
        if (!tensor_single(vm, v, "float"))
            return false;
        *out = FLOAT_VAL(tn_get_f64(AS_TENSOR(v), 0));
        return true;
    }
    bool found;
    if (!call_dunder(vm, v, "__float__", 0, NULL, out, &found))
        return false;
    if (found) {
        if (IS_INT(*out))
            *out = FLOAT_VAL((double)AS_INT(*out));
        if (!IS_FLOAT(*out))
            return vm_raise(vm, vm->exc.type_error, "__float__ returned %s, not float",
                            value_type_name(vm, *out));
        return true;
    }
    return vm_raise(vm, vm->exc.type_error,
                    "float() argument must be text or a number, not %s",
                    value_type_name(vm, v));
}

static bool bool_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "bool") ||
        !check_argc(vm, "bool", argc, 0, 1, "at most 1 argument"))
        return false;
    bool b = false;
    if (argc == 1 && !value_truthy(vm, argv[0], &b))
        return false;
    *out = BOOL_VAL(b);
    return true;
}

/* ---- range() */

static bool range_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const params[] = {"start", "stop", "step"};
    if (!no_kwargs(vm, kwargs, "range") ||
        !check_argc(vm, "range", argc, 1, 3, "1 to 3 arguments (start, stop, step)"))
        return false;
    int64_t v[3] = {0, 0, 1};
    for (int i = 0; i < argc; i++) {
        const char *param = argc == 1 ? "stop" : params[i];
        if (!arg_int(vm, argv, i, "range", param, &v[argc == 1 ? 1 : i]))
            return false;
    }
    if (v[2] == 0)
        return vm_raise(vm, vm->exc.value_error, "range() step must not be zero");
    ObjRange *range = range_new(vm, v[0], v[1], v[2]);
    if (!range)
        return false;
    *out = OBJ_VAL(range);
    return true;
}

/* ---- arithmetic helpers: abs, round, divmod, pow */

static bool bi_abs(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "abs"))
        return false;
    Value v = argv[0];
    switch (v.type) {
    case VAL_INT:
        if (AS_INT(v) == INT64_MIN)
            return vm_raise(vm, vm->exc.overflow_error,
                            "abs(-2**63) does not fit in a 64-bit int");
        *out = INT_VAL(AS_INT(v) < 0 ? -AS_INT(v) : AS_INT(v));
        return true;
    case VAL_BOOL:
        *out = INT_VAL(AS_BOOL(v));
        return true;
    case VAL_FLOAT:
        *out = FLOAT_VAL(fabs(AS_FLOAT(v)));
        return true;
    default:
        break;
    }
    bool found;
    if (!call_dunder(vm, v, "__abs__", 0, NULL, out, &found))
        return false;
    if (found)
        return true;
    return vm_raise(vm, vm->exc.type_error, "abs() needs a number, not %s",
                    value_type_name(vm, v));
}

/* round(int, -k): to a multiple of 10**k, ties to even. */
static bool round_int(VM *vm, int64_t x, int64_t ndigits, Value *out)
{
    if (ndigits >= 0) {
        *out = INT_VAL(x);
        return true;
    }
    if (ndigits < -18) {
        *out = INT_VAL(0);
        return true;
    }
    int64_t p = 1;
    for (int64_t i = 0; i < -ndigits; i++)
        p *= 10;
    int64_t q = x / p, rem = x % p;
    if (rem < 0) {
        rem += p;
        q -= 1;
    }
    if (rem > p - rem || (rem == p - rem && (q & 1)))
        q += 1;
    int64_t result;
    if (__builtin_mul_overflow(q, p, &result))
        return vm_raise(vm, vm->exc.overflow_error, "round(): the result does not fit in a 64-bit int");
    *out = INT_VAL(result);
    return true;
}

/* round(float, n): printf's %.*f rounds the exact binary value correctly
   (ties to even), which is what Python's round does too: 2.675 is really
   2.67499999... so round(2.675, 2) is 2.67. */
static double round_float_digits(double x, int64_t ndigits)
{
    if (!isfinite(x) || ndigits > 330)
        return x;
    if (ndigits >= 0) {
        char buf[700];
        snprintf(buf, sizeof buf, "%.*f", (int)ndigits, x);
        return strtod(buf, NULL);
    }
    if (ndigits < -308)
        return copysign(0.0, x);
    double p = pow(10.0, (double)-ndigits);
    double y = rint(x / p) * p;
    if (!isfinite(y))
        return x;
    return y == 0 ? copysign(0.0, x) : y;
}

static bool bi_round(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"ndigits", NULL};
    if (!kwargs_check(vm, kwargs, "round", allowed))
        return false;
    Value nd_v;
    bool has_nd;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 1, "round", "ndigits", &nd_v, &has_nd))
        return false;
    if (has_nd && IS_NONE(nd_v))
        has_nd = false;
    int64_t nd = 0;
    if (has_nd) {
        Value tmp[1] = {nd_v};
        if (!arg_int(vm, tmp, 0, "round", "ndigits", &nd))
            return false;
    }
    Value v = argv[0];
    if (IS_INT(v) || IS_BOOL(v))
        return round_int(vm, IS_INT(v) ? AS_INT(v) : AS_BOOL(v), nd, out);
    if (IS_FLOAT(v)) {
        if (has_nd) {
            *out = FLOAT_VAL(round_float_digits(AS_FLOAT(v), nd));
            return true;
        }
        int64_t n;
        if (!float_to_int(vm, rint(AS_FLOAT(v)), "round", &n))
            return false;
        *out = INT_VAL(n);
        return true;
    }
    bool found;
    Value args[1] = {nd_v};
    if (!call_dunder(vm, v, "__round__", has_nd ? 1 : 0, args, out, &found))
        return false;
    if (found)
        return true;
    return vm_raise(vm, vm->exc.type_error, "round() needs a number, not %s",
                    value_type_name(vm, v));
}

static bool bi_divmod(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "divmod"))
        return false;
    Value a = argv[0], b = argv[1];
    Value q, m;
    if ((IS_INT(a) || IS_BOOL(a)) && (IS_INT(b) || IS_BOOL(b))) {
        int64_t x = IS_INT(a) ? AS_INT(a) : AS_BOOL(a);
        int64_t y = IS_INT(b) ? AS_INT(b) : AS_BOOL(b);
        if (y == 0)
            return vm_raise(vm, vm->exc.zero_division_error, "divmod() by zero");
        if (x == INT64_MIN && y == -1)
            return vm_raise(vm, vm->exc.overflow_error,
                            "divmod(-2**63, -1) does not fit in a 64-bit int");
        int64_t d = x / y, r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) {
            r += y;
            d -= 1;
        }
        q = INT_VAL(d);
        m = INT_VAL(r);
    } else if (IS_NUMBER(a) && IS_NUMBER(b)) {
        /* Python's float divmod: the remainder takes the divisor's sign */
        double x = value_to_double(a), y = value_to_double(b);
        if (y == 0)
            return vm_raise(vm, vm->exc.zero_division_error, "divmod() by zero");
        double mod = fmod(x, y), div = (x - mod) / y, floordiv;
        if (mod != 0) {
            if ((y < 0) != (mod < 0)) {
                mod += y;
                div -= 1.0;
            }
        } else {
            mod = copysign(0.0, y);
        }
        if (div != 0) {
            floordiv = floor(div);
            if (div - floordiv > 0.5)
                floordiv += 1.0;
        } else {
            floordiv = copysign(0.0, x / y);
        }
        q = FLOAT_VAL(floordiv);
        m = FLOAT_VAL(mod);
    } else {
        Value *r = roots_open(vm, 2);
        if (!vm_binary_op(vm, OP_FLOORDIV, a, b, &r[0]) ||
            !vm_binary_op(vm, OP_MOD, a, b, &r[1]))
            return roots_close(vm, r, false);
        ObjTuple *t = tuple_new(vm, 2);
        if (!t)
            return roots_close(vm, r, false);
        t->items[0] = r[0];
        t->items[1] = r[1];
        *out = OBJ_VAL(t);
        return roots_close(vm, r, true);
    }
    ObjTuple *t = tuple_new(vm, 2);
    if (!t)
        return false;
    t->items[0] = q;
    t->items[1] = m;
    *out = OBJ_VAL(t);
    return true;
}

/* (a * b) mod m without overflow, for 0 <= a, b < m. */
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
    return (uint64_t)(((unsigned __int128)a * b) % m);
}

/* The inverse of a modulo m (m > 0), or false when gcd(a, m) != 1. */
static bool mod_inverse(int64_t a, int64_t m, int64_t *out)
{
    __int128 t = 0, new_t = 1, r = m, new_r = ((a % m) + m) % m;
    while (new_r != 0) {
        __int128 q = r / new_r, tmp;
        tmp = t - q * new_t;
        t = new_t;
        new_t = tmp;
        tmp = r - q * new_r;
        r = new_r;
        new_r = tmp;
    }
    if (r != 1)
        return false;
    if (t < 0)
        t += m;
    *out = (int64_t)t;
    return true;
}

static bool bi_pow(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"mod", NULL};
    if (!kwargs_check(vm, kwargs, "pow", allowed))
        return false;
    Value mod_v;
    bool has_mod;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 2, "pow", "mod", &mod_v, &has_mod))
        return false;
    if (!has_mod || IS_NONE(mod_v))
        return vm_binary_op(vm, OP_POW, argv[0], argv[1], out);
    Value tmp[3] = {argv[0], argv[1], mod_v};
    int64_t base, exp, mod;
    if (!arg_int(vm, tmp, 0, "pow", "base", &base) || !arg_int(vm, tmp, 1, "pow", "exp", &exp) ||
        !arg_int(vm, tmp, 2, "pow", "mod", &mod))
        return false;
    if (mod == 0)
        return vm_raise(vm, vm->exc.value_error, "pow() 3rd argument (mod) cannot be 0");
    if (mod == INT64_MIN)
        return vm_raise(vm, vm->exc.overflow_error, "pow(): mod -2**63 is out of range");
    uint64_t m = (uint64_t)(mod < 0 ? -mod : mod);
    int64_t b = (int64_t)((uint64_t)(base % (int64_t)m + (int64_t)m) % m);
    if (exp < 0) {
        if (!mod_inverse(b, (int64_t)m, &b))
            return vm_raise(vm, vm->exc.value_error,
                            "pow(): base %lld has no inverse modulo %lld "
                            "(a negative exponent needs gcd(base, mod) == 1)",
                            (long long)base, (long long)mod);
        exp = exp == INT64_MIN ? INT64_MAX : -exp;
    }
    uint64_t result = 1 % m, x = (uint64_t)b;
    for (uint64_t e = (uint64_t)exp; e; e >>= 1) {
        if (e & 1)
            result = mulmod(result, x, m);
        x = mulmod(x, x, m);
    }
    int64_t r = (int64_t)result;
    /* the result takes the sign of mod, as with % */
    if (mod < 0 && r != 0)
        r -= (int64_t)m;
    *out = INT_VAL(r);
    return true;
}

static bool int_to_base(VM *vm, Value *argv, const char *fn, int shift, const char *prefix,
                        Value *out)
{
    int64_t n;
    if (IS_FLOAT(argv[0]) || !(IS_INT(argv[0]) || IS_BOOL(argv[0]) || IS_TENSOR(argv[0])))
        return vm_raise(vm, vm->exc.type_error,
                        "%s() needs an int, not %s%s", fn, value_type_name(vm, argv[0]),
                        IS_FLOAT(argv[0]) ? ": convert it with int(x) first" : "");
    if (!arg_int(vm, argv, 0, fn, "x", &n))
        return false;
    uint64_t mag = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
    char digits[80];
    int len = 0;
    unsigned mask = (1u << shift) - 1;
    do {
        digits[len++] = "0123456789abcdef"[mag & mask];
        mag >>= shift;
    } while (mag);
    char buf[96];
    int k = 0;
    if (n < 0)
        buf[k++] = '-';
    for (const char *p = prefix; *p; p++)
        buf[k++] = *p;
    while (len)
        buf[k++] = digits[--len];
    ObjString *s = str_new(vm, buf, (size_t)k);
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

static bool bi_bin(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return no_kwargs(vm, kwargs, "bin") && int_to_base(vm, argv, "bin", 1, "0b", out);
}

static bool bi_oct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return no_kwargs(vm, kwargs, "oct") && int_to_base(vm, argv, "oct", 3, "0o", out);
}

static bool bi_hex(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return no_kwargs(vm, kwargs, "hex") && int_to_base(vm, argv, "hex", 4, "0x", out);
}

/* ---- format() */

static bool format_number_spec(VM *vm, Value v, ObjString *spec, StrBuf *out)
{
    FormatSpec fs;
    char err[256];
    if (!fmt_parse_spec(spec->chars, (size_t)spec->length, &fs, err, sizeof err))
        return vm_raise(vm, vm->exc.value_error, "%s", err);
    bool ok;
    bool float_code = fs.type && strchr("eEfFgG%", fs.type);
    if (IS_FLOAT(v) || (IS_NUMBER(v) && float_code))
        ok = fmt_float(out, value_to_double(v), &fs, err, sizeof err);
    else if (IS_INT(v) || IS_BOOL(v))
        ok = fmt_int(out, IS_INT(v) ? AS_INT(v) : AS_BOOL(v), &fs, err, sizeof err);
    else
        ok = fmt_str(out, AS_CSTR(v), (size_t)AS_STR(v)->length, &fs, err, sizeof err);
    if (!ok)
        return vm_raise(vm, vm->exc.value_error, "%s", err);
    return true;
}

/* format(value, spec): the f-string mini-language on one value. */
static bool format_value(VM *vm, Value v, ObjString *spec, StrBuf *out)
{
    if (IS_NUMBER(v) && !(IS_BOOL(v) && spec->length == 0))
        return format_number_spec(vm, v, spec, out);
    if (IS_STR(v))
        return format_number_spec(vm, v, spec, out);
    if (IS_TENSOR(v) && AS_TENSOR(v)->size == 1 && AS_TENSOR(v)->ndim == 0 && spec->length) {
        Tensor *t = AS_TENSOR(v);
        Value x = tn_dtype_is_float(t->dtype) ? FLOAT_VAL(tn_get_f64(t, 0))
                                              : INT_VAL(tn_get_i64(t, 0));
        return format_number_spec(vm, x, spec, out);
    }
    if (!IS_NUMBER(v)) {
        bool found;
        Value result;
        Value args[1] = {OBJ_VAL(spec)};
        if (!call_dunder(vm, v, "__format__", 1, args, &result, &found))
            return false;
        if (found) {
            if (!IS_STR(result))
                return vm_raise(vm, vm->exc.type_error, "__format__ returned %s, not str",
                                value_type_name(vm, result));
            sb_append(out, AS_CSTR(result), (size_t)AS_STR(result)->length);
            return true;
        }
    }
    if (spec->length == 0)
        return value_str(vm, v, out);
    return vm_raise(vm, vm->exc.type_error,
                    "format spec '%s' does not apply to a %s: format str(x) instead",
                    spec->chars, value_type_name(vm, v));
}

static bool bi_format(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "format"))
        return false;
    ObjString *spec;
    if (argc > 1) {
        if (!arg_str(vm, argv, 1, "format", "format_spec", &spec))
            return false;
    } else {
        spec = str_new(vm, "", 0);
        if (!spec)
            return false;
    }
    StrBuf b;
    sb_init_vm(vm, &b);
    Value *r = roots_open(vm, 1);
    r[0] = OBJ_VAL(spec);
    if (!format_value(vm, argv[0], spec, &b)) {
        sb_free(&b);
        return roots_close(vm, r, false);
    }
    return roots_close(vm, r, sb_to_value(vm, &b, out));
}

/* ---- min, max, sum */

static bool min_max(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out, bool is_max)
{
    const char *fn = is_max ? "max" : "min";
    static const char *const allowed[] = {"key", "default", NULL};
    if (!kwargs_check(vm, kwargs, fn, allowed))
        return false;
    Value key = NONE_VAL, dflt = NONE_VAL;
    kwarg_get(vm, kwargs, "key", &key);
    bool has_default = kwarg_get(vm, kwargs, "default", &dflt);
    if (argc == 0)
        return vm_raise(vm, vm->exc.type_error,
                        "%s() expected an iterable or at least 2 values, got nothing", fn);
    if (argc > 1 && has_default)
        return vm_raise(vm, vm->exc.type_error,
                        "%s(): default= only applies when given a single iterable", fn);
    if (!IS_NONE(key) && !value_is_callable(key))
        return vm_raise(vm, vm->exc.type_error, "%s() key must be a function, not %s", fn,
                        value_type_name(vm, key));
    /* r: iterator, best item, best key, current item, current key */
    Value *r = roots_open(vm, 5);
    if (argc == 1 && !vm_get_iter(vm, argv[0], &r[0]))
        return roots_close(vm, r, false);
    bool have = false;
    for (int idx = 0;;) {
        if (argc == 1) {
            int st = vm_iter_next(vm, r[0], &r[3]);
            if (st < 0)
                return roots_close(vm, r, false);
            if (st == 0)
                break;
        } else {
            if (idx >= argc)
                break;
            r[3] = argv[idx++];
        }
        r[4] = r[3];
        if (!IS_NONE(key) && !vm_call(vm, key, 1, &r[3], &r[4]))
            return roots_close(vm, r, false);
        if (!have) {
            r[1] = r[3];
            r[2] = r[4];
            have = true;
            continue;
        }
        /* strict "<" (">" for max): the first of equal extremes wins, as in Python */
        bool better;
        if (IS_INT(r[4]) && IS_INT(r[2])) {
            better = is_max ? AS_INT(r[4]) > AS_INT(r[2]) : AS_INT(r[4]) < AS_INT(r[2]);
        } else {
            Value cmp;
            if (!vm_binary_op(vm, is_max ? OP_GT : OP_LT, r[4], r[2], &cmp) ||
                !value_truthy(vm, cmp, &better))
                return roots_close(vm, r, false);
        }
        if (better) {
            r[1] = r[3];
            r[2] = r[4];
        }
    }
    if (!have) {
        if (has_default) {
            *out = dflt;
            return roots_close(vm, r, true);
        }
        return roots_close(vm, r, vm_raise(vm, vm->exc.value_error,
                                           "%s() of an empty sequence: pass default=... "
                                           "to get a value instead", fn));
    }
    *out = r[1];
    return roots_close(vm, r, true);
}

static bool bi_min(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return min_max(vm, argc, argv, kwargs, out, false);
}

static bool bi_max(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return min_max(vm, argc, argv, kwargs, out, true);
}

static bool bi_sum(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"start", NULL};
    if (!kwargs_check(vm, kwargs, "sum", allowed))
        return false;
    Value start = INT_VAL(0);
    bool present;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 1, "sum", "start", &start, &present))
        return false;
    if (!present)
        start = INT_VAL(0);
    if (IS_STR(start))
        return vm_raise(vm, vm->exc.type_error,
                        "sum() can't add up strings: use ''.join(items) instead");
    Value *r = roots_open(vm, 3);   /* iterator, total, item */
    r[1] = start;
    if (!vm_get_iter(vm, argv[0], &r[0]))
        return roots_close(vm, r, false);
    for (;;) {
        int st = vm_iter_next(vm, r[0], &r[2]);
        if (st < 0)
            return roots_close(vm, r, false);
        if (st == 0)
            break;
        Value acc = r[1], x = r[2];
        int64_t n;
        if (IS_INT(acc) && IS_INT(x) && !__builtin_add_overflow(AS_INT(acc), AS_INT(x), &n)) {
            r[1] = INT_VAL(n);
        } else if ((IS_FLOAT(acc) && (IS_FLOAT(x) || IS_INT(x))) ||
                   (IS_INT(acc) && IS_FLOAT(x))) {
            r[1] = FLOAT_VAL(value_to_double(acc) + value_to_double(x));
        } else if (IS_STR(x) && IS_INT(acc) && AS_INT(acc) == 0) {
            return roots_close(vm, r, vm_raise(vm, vm->exc.type_error,
                                               "sum() can't add up strings: "
                                               "use ''.join(items) instead"));
        } else if (!vm_binary_op(vm, OP_ADD, acc, x, &r[1])) {
            return roots_close(vm, r, false);
        }
    }
    *out = r[1];
    return roots_close(vm, r, true);
}

/* ---- sorting, iteration helpers */

/* sorted(it) is list(it) followed by list.sort, exactly as in Python. */
static bool bi_sorted(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"key", "reverse", NULL};
    Value key;
    if (!kwargs_check(vm, kwargs, "sorted", allowed))
        return false;
    if (kwarg_get(vm, kwargs, "key", &key) && !IS_NONE(key) && !value_is_callable(key))
        return vm_raise(vm, vm->exc.type_error,
                        "sorted() key must be a function (like len or lambda x: x[1]), not %s",
                        value_type_name(vm, key));
    Value *r = roots_open(vm, 1);
    ObjList *l = vm_to_list(vm, argv[0]);
    if (!l)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(l);
    ObjString *name = str_from_cstr(vm, "sort");
    Value sort, ignored;
    if (!name)
        return roots_close(vm, r, false);
    if (!dict_get_str(vm->types.list->methods, name, &sort))
        return roots_close(vm, r, vm_raise(vm, vm->exc.runtime_error, "list.sort is missing"));
    if (!vm_call_kw(vm, sort, 1, r, kwargs, &ignored))
        return roots_close(vm, r, false);
    *out = r[0];
    return roots_close(vm, r, true);
}

/*
 * Lazy iterators the VM steps (vm_iter_next).  Their layout in ObjIter:
 *   ITER_ENUMERATE  source = inner iterator, pos = the next count
 *   ITER_ZIP        source = tuple of iterators
 *   ITER_MAP        source = tuple of iterators, extra = function
 *   ITER_FILTER     source = inner iterator, extra = function or None
 *   ITER_REVERSED   source = sequence, pos = the next index (counting down)
 */
static bool make_iter(VM *vm, IterKind kind, Value source, Value extra, int64_t pos, Value *out)
{
    Value *r = roots_open(vm, 2);
    r[0] = source;
    r[1] = extra;
    ObjIter *it = iter_new(vm, kind, source);
    if (!it)
        return roots_close(vm, r, false);
    it->extra = extra;
    it->pos = pos;
    it->stop = 0;
    it->step = 1;
    *out = OBJ_VAL(it);
    return roots_close(vm, r, true);
}

/* reversed(): lists, tuples, tensors and sequence classes are indexed
   from the end as the loop goes; a range becomes the reversed range; a str
   or dict is reversed into a new str or list of keys first. */
static bool bi_reversed(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "reversed"))
        return false;
    Value v = argv[0];
    Value *r = roots_open(vm, 1);
    if (IS_RANGE(v)) {
        ObjRange *rg = AS_RANGE(v);
        int64_t n;
        if (!vm_len(vm, v, &n))
            return roots_close(vm, r, false);
        /* range(last, start - step, -step); n > 0 keeps last in range */
        int64_t last = n ? rg->start + (n - 1) * rg->step : 0, stop;
        if (n == 0 || __builtin_sub_overflow(rg->start, rg->step, &stop) || rg->step == INT64_MIN)
            return roots_close(vm, r, make_iter(vm, ITER_REVERSED, v, NONE_VAL, n - 1, out));
        ObjRange *rev = range_new(vm, last, stop, -rg->step);
        if (!rev)
            return roots_close(vm, r, false);
        r[0] = OBJ_VAL(rev);
        return roots_close(vm, r, vm_get_iter(vm, r[0], out));
    }
    if (IS_STR(v)) {
        ObjString *s = AS_STR(v);
        StrBuf b;
        sb_init_vm(vm, &b);
        sb_reserve(&b, (size_t)s->length);
        const unsigned char *p = (const unsigned char *)s->chars;
        size_t end = (size_t)s->length;
        while (end > 0) {
            size_t start = end - 1;
            while (start > 0 && (p[start] & 0xC0) == 0x80)
                start--;
            sb_append(&b, (const char *)p + start, end - start);
            end = start;
        }
        if (!sb_to_value(vm, &b, &r[0]))
            return roots_close(vm, r, false);
        return roots_close(vm, r, vm_get_iter(vm, r[0], out));
    }
    if (IS_DICT(v)) {
        ObjList *keys = vm_to_list(vm, v);
        if (!keys)
            return roots_close(vm, r, false);
        r[0] = OBJ_VAL(keys);
        return roots_close(vm, r, make_iter(vm, ITER_REVERSED, r[0], NONE_VAL,
                                            keys->items.count - 1, out));
    }
    bool found;
    if (!IS_LIST(v) && !IS_TUPLE(v) && !IS_TENSOR(v)) {
        if (!call_dunder(vm, v, "__reversed__", 0, NULL, out, &found))
            return roots_close(vm, r, false);
        if (found)
            return roots_close(vm, r, true);
        ObjClass *klass = vm_class_of(vm, v);
        Value m;
        if (!klass || !class_find_method_owner(klass, vm->names.getitem, &m) ||
            !class_find_method_owner(klass, vm->names.len, &m))
            return roots_close(vm, r, vm_raise(vm, vm->exc.type_error,
                                               "reversed() needs a sequence (list, tuple, str, "
                                               "range), not %s",
                                               value_type_name(vm, v)));
    }
    int64_t n;
    if (!vm_len(vm, v, &n))
        return roots_close(vm, r, false);
    return roots_close(vm, r, make_iter(vm, ITER_REVERSED, v, NONE_VAL, n - 1, out));
}

static bool bi_enumerate(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"start", NULL};
    if (!kwargs_check(vm, kwargs, "enumerate", allowed))
        return false;
    Value start_v;
    bool present;
    int64_t start = 0;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 1, "enumerate", "start", &start_v, &present))
        return false;
    if (present) {
        Value tmp[1] = {start_v};
        if (!arg_int(vm, tmp, 0, "enumerate", "start", &start))
            return false;
    }
    Value *r = roots_open(vm, 1);
    if (!vm_get_iter(vm, argv[0], &r[0]))
        return roots_close(vm, r, false);
    return roots_close(vm, r, make_iter(vm, ITER_ENUMERATE, r[0], NONE_VAL, start, out));
}

/* A tuple of iterators over argv[0..argc). */
static bool iter_tuple(VM *vm, int argc, Value *argv, Value *out)
{
    Value *r = roots_open(vm, 1);
    ObjTuple *iters = tuple_new(vm, argc);
    if (!iters)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(iters);
    for (int i = 0; i < argc; i++)
        if (!vm_get_iter(vm, argv[i], &iters->items[i]))
            return roots_close(vm, r, false);
    *out = r[0];
    return roots_close(vm, r, true);
}

static bool bi_zip(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "zip"))
        return false;
    Value *r = roots_open(vm, 1);
    if (argc == 0) {
        /* zip() is empty (a zip of nothing would yield () forever) */
        ObjTuple *empty = tuple_new(vm, 0);
        if (!empty)
            return roots_close(vm, r, false);
        r[0] = OBJ_VAL(empty);
        return roots_close(vm, r, vm_get_iter(vm, r[0], out));
    }
    if (!iter_tuple(vm, argc, argv, &r[0]))
        return roots_close(vm, r, false);
    return roots_close(vm, r, make_iter(vm, ITER_ZIP, r[0], NONE_VAL, 0, out));
}

static bool bi_map(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "map") || !arg_callable(vm, argv, 0, "map", "function"))
        return false;
    if (argc > 17)
        return vm_raise(vm, vm->exc.type_error, "map() takes at most 16 iterables, not %d",
                        argc - 1);
    Value *r = roots_open(vm, 1);
    if (!iter_tuple(vm, argc - 1, argv + 1, &r[0]))
        return roots_close(vm, r, false);
    return roots_close(vm, r, make_iter(vm, ITER_MAP, r[0], argv[0], 0, out));
}

static bool bi_filter(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "filter"))
        return false;
    if (!IS_NONE(argv[0]) && !arg_callable(vm, argv, 0, "filter", "function"))
        return false;
    Value *r = roots_open(vm, 1);
    if (!vm_get_iter(vm, argv[1], &r[0]))
        return roots_close(vm, r, false);
    return roots_close(vm, r, make_iter(vm, ITER_FILTER, r[0], argv[0], 0, out));
}

static bool bi_iter(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return no_kwargs(vm, kwargs, "iter") && vm_get_iter(vm, argv[0], out);
}

static bool bi_next(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "next"))
        return false;
    Value it = argv[0];
    if (!is_obj_type(it, OBJ_ITER)) {
        bool found;
        if (!call_dunder(vm, it, "__next__", 0, NULL, out, &found)) {
            if (argc > 1 && exception_is(vm, vm->exc.stop_iteration)) {
                vm_clear_exception(vm);
                *out = argv[1];
                return true;
            }
            return false;
        }
        if (found)
            return true;
        return vm_raise(vm, vm->exc.type_error,
                        "next() needs an iterator, not %s: make one with iter(x)",
                        value_type_name(vm, it));
    }
    int st = vm_iter_next(vm, it, out);
    if (st < 0)
        return false;
    if (st == 0) {
        if (argc > 1) {
            *out = argv[1];
            return true;
        }
        return vm_raise(vm, vm->exc.stop_iteration, "the iterator is exhausted");
    }
    return true;
}

static bool any_all(VM *vm, Value iterable, bool want, Value *out)
{
    Value *r = roots_open(vm, 2);
    if (!vm_get_iter(vm, iterable, &r[0]))
        return roots_close(vm, r, false);
    for (;;) {
        int st = vm_iter_next(vm, r[0], &r[1]);
        if (st < 0)
            return roots_close(vm, r, false);
        if (st == 0)
            break;
        bool b;
        if (!value_truthy(vm, r[1], &b))
            return roots_close(vm, r, false);
        if (b == want) {
            *out = BOOL_VAL(want);
            return roots_close(vm, r, true);
        }
    }
    *out = BOOL_VAL(!want);
    return roots_close(vm, r, true);
}

static bool bi_any(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return no_kwargs(vm, kwargs, "any") && any_all(vm, argv[0], true, out);
}

static bool bi_all(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return no_kwargs(vm, kwargs, "all") && any_all(vm, argv[0], false, out);
}

/* ---- classes and attributes */

static bool class_arg_ok(VM *vm, Value cls, const char *fn)
{
    if (IS_CLASS(cls))
        return true;
    if (IS_TUPLE(cls)) {
        for (int i = 0; i < AS_TUPLE(cls)->count; i++)
            if (!IS_CLASS(AS_TUPLE(cls)->items[i]))
                return vm_raise(vm, vm->exc.type_error,
                                "%s() arg 2 must be a class or a tuple of classes, "
                                "but the tuple holds a %s",
                                fn, value_type_name(vm, AS_TUPLE(cls)->items[i]));
        return true;
    }
    return vm_raise(vm, vm->exc.type_error,
                    "%s() arg 2 must be a class or a tuple of classes, not %s "
                    "(did you mean type(x) == ...?)",
                    fn, value_type_name(vm, cls));
}

static bool is_subclass(ObjClass *k, ObjClass *of)
{
    for (; k; k = k->base)
        if (k == of)
            return true;
    return false;
}

static bool bi_isinstance(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "isinstance") || !class_arg_ok(vm, argv[1], "isinstance"))
        return false;
    bool result = false;
    if (IS_CLASS(argv[1])) {
        result = vm_is_instance(vm, argv[0], AS_CLASS(argv[1]));
    } else {
        ObjTuple *t = AS_TUPLE(argv[1]);
        for (int i = 0; i < t->count && !result; i++)
            result = vm_is_instance(vm, argv[0], AS_CLASS(t->items[i]));
    }
    *out = BOOL_VAL(result);
    return true;
}

static bool bi_issubclass(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "issubclass"))
        return false;
    if (!IS_CLASS(argv[0]))
        return vm_raise(vm, vm->exc.type_error,
                        "issubclass() arg 1 must be a class, not %s: "
                        "for a value use isinstance(x, cls)",
                        value_type_name(vm, argv[0]));
    if (!class_arg_ok(vm, argv[1], "issubclass"))
        return false;
    ObjClass *k = AS_CLASS(argv[0]);
    bool result = false;
    if (IS_CLASS(argv[1])) {
        result = is_subclass(k, AS_CLASS(argv[1]));
    } else {
        ObjTuple *t = AS_TUPLE(argv[1]);
        for (int i = 0; i < t->count && !result; i++)
            result = is_subclass(k, AS_CLASS(t->items[i]));
    }
    *out = BOOL_VAL(result);
    return true;
}

static bool bi_getattr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *name;
    if (!no_kwargs(vm, kwargs, "getattr") || !arg_str(vm, argv, 1, "getattr", "name", &name))
        return false;
    if (vm_get_attr(vm, argv[0], name, out))
        return true;
    if (argc > 2 && exception_is(vm, vm->exc.attribute_error)) {
        vm_clear_exception(vm);
        *out = argv[2];
        return true;
    }
    return false;
}

static bool bi_hasattr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *name;
    if (!no_kwargs(vm, kwargs, "hasattr") || !arg_str(vm, argv, 1, "hasattr", "name", &name))
        return false;
    Value ignored;
    if (vm_get_attr(vm, argv[0], name, &ignored)) {
        *out = BOOL_VAL(true);
        return true;
    }
    if (!exception_is(vm, vm->exc.attribute_error))
        return false;
    vm_clear_exception(vm);
    *out = BOOL_VAL(false);
    return true;
}

static bool bi_setattr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *name;
    if (!no_kwargs(vm, kwargs, "setattr") || !arg_str(vm, argv, 1, "setattr", "name", &name) ||
        !vm_set_attr(vm, argv[0], name, argv[2]))
        return false;
    *out = NONE_VAL;
    return true;
}

static bool bi_callable(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "callable"))
        return false;
    *out = BOOL_VAL(value_is_callable(argv[0]));
    return true;
}

/* ---- characters, hashing, identity */

static bool bi_chr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    int64_t cp;
    if (!no_kwargs(vm, kwargs, "chr") || !arg_int(vm, argv, 0, "chr", "i", &cp))
        return false;
    if (cp < 0 || cp > 0x10FFFF)
        return vm_raise(vm, vm->exc.value_error,
                        "chr() arg must be in range(0x110000), got %lld", (long long)cp);
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return vm_raise(vm, vm->exc.value_error,
                        "chr(%lld) is a surrogate code point, which UTF-8 text cannot hold",
                        (long long)cp);
    char buf[4];
    ObjString *s = str_new(vm, buf, (size_t)utf8_encode((uint32_t)cp, buf));
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

static bool bi_ord(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    if (!no_kwargs(vm, kwargs, "ord") || !arg_str(vm, argv, 0, "ord", "c", &s))
        return false;
    uint32_t cp = 0;
    int n = s->length > 0 ? utf8_decode((const unsigned char *)s->chars, (size_t)s->length, &cp) : 0;
    if (s->length == 0 || n != s->length)
        return vm_raise(vm, vm->exc.type_error,
                        "ord() expected a single character, but got a string of length %zu",
                        utf8_length(s->chars, (size_t)s->length));
    *out = INT_VAL(cp);
    return true;
}

static bool bi_hash(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    uint32_t h;
    if (!no_kwargs(vm, kwargs, "hash"))
        return false;
    if (!value_hash(vm, argv[0], &h))
        return false;
    *out = INT_VAL((int64_t)h);
    return true;
}

static bool bi_id(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "id"))
        return false;
    Value v = argv[0];
    if (IS_OBJ(v)) {
        *out = INT_VAL((int64_t)(intptr_t)AS_OBJ(v));
        return true;
    }
    /* immediates have no address: equal values get equal ids, and the low
       bits (never set in an object address) say it is not an object */
    uint64_t bits;
    memcpy(&bits, &v.as, sizeof bits);
    if (IS_BOOL(v) || IS_NONE(v))
        bits = IS_NONE(v) ? 0 : AS_BOOL(v);
    *out = INT_VAL((int64_t)((bits * 0x9E3779B97F4A7C15ull) | (uint64_t)v.type) & INT64_MAX);
    return true;
}

/* ---- input */

static bool bi_input(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "input"))
        return false;
    if (!vm->allow_files)
        return vm_raise(vm, vm->exc.os_error,
                        "input() is not available here: this VM has no console access");
    if (argc > 0) {
        StrBuf p;
        sb_init_vm(vm, &p);
        if (!value_str(vm, argv[0], &p)) {
            sb_free(&p);
            return false;
        }
        if (p.len)
            vm_write(vm, p.data, p.len);
        sb_free(&p);
    }
    fflush(stdout);
    StrBuf b;
    sb_init_vm(vm, &b);
    int c;
    bool any = false;
    while ((c = getchar()) != EOF) {
        any = true;
        if (c == '\n')
            break;
        sb_putc(&b, (char)c);
    }
    if (!any) {
        sb_free(&b);
        return vm_raise(vm, vm->exc.os_error, "input(): end of input (stdin is closed)");
    }
    if (b.len && b.data[b.len - 1] == '\r')
        b.len--;
    return sb_to_value(vm, &b, out);
}

/* ---- the table */

static const NativeSpec core_functions[] = {
    {"print", bi_print, 0, -1, "print(*values, sep=' ', end='\\n')",
     "Write the values to standard output as str() shows them, separated by sep and\n"
     "followed by end.\n\n"
     "Example:\n"
     "    >>> print(\"loss\", 0.25, sep=\"=\")\n"
     "    loss=0.25"},
    {"len", bi_len, 1, 1, "len(obj)",
     "Return the number of items in a container: characters of a str, items of a list,\n"
     "tuple, dict or range, rows (axis 0) of a tensor.\n\n"
     "Example:\n"
     "    >>> len(\"naïve\")\n"
     "    5"},
    {"repr", bi_repr, 1, 1, "repr(obj)",
     "Return the text that shows obj unambiguously, as the REPL echoes it (strings get\n"
     "quotes).\n\n"
     "Example:\n"
     "    >>> repr(\"hi\")\n"
     "    \"'hi'\""},
    {"abs", bi_abs, 1, 1, "abs(x)",
     "Return the absolute value of a number (or of each element of a tensor).\n\n"
     "Example:\n"
     "    >>> abs(-2.5)\n"
     "    2.5"},
    {"min", bi_min, 1, -1, "min(iterable, *, key=None, default=None) or min(a, b, *more, key=None)",
     "Return the smallest item of an iterable, or the smallest of several arguments.\n"
     "key= is applied to each item to compare them; default= is returned for an empty\n"
     "iterable (otherwise that is a ValueError). The first of equal items wins.\n\n"
     "Example:\n"
     "    >>> min([\"pear\", \"fig\", \"apple\"], key=len)\n"
     "    'fig'"},
    {"max", bi_max, 1, -1, "max(iterable, *, key=None, default=None) or max(a, b, *more, key=None)",
     "Return the largest item of an iterable, or the largest of several arguments.\n"
     "key= is applied to each item to compare them; default= is returned for an empty\n"
     "iterable (otherwise that is a ValueError). The first of equal items wins.\n\n"
     "Example:\n"
     "    >>> max(3, 7, 5)\n"
     "    7"},
    {"sum", bi_sum, 1, 2, "sum(iterable, start=0)",
     "Add up the items of an iterable, starting from start. For text use ''.join(items).\n\n"
     "Example:\n"
     "    >>> sum(range(5), start=10)\n"
     "    20"},
    {"round", bi_round, 1, 2, "round(x, ndigits=None)",
     "Round x to ndigits decimal places (a float), or to the nearest int when ndigits is\n"
     "omitted. Ties go to the even neighbour, and floats round by their exact binary\n"
     "value, so round(2.675, 2) is 2.67.\n\n"
     "Example:\n"
     "    >>> round(2.5), round(3.14159, 2)\n"
     "    (2, 3.14)"},
    {"divmod", bi_divmod, 2, 2, "divmod(a, b)",
     "Return the pair (a // b, a % b): the floor quotient and the remainder, which has\n"
     "the sign of b.\n\n"
     "Example:\n"
     "    >>> divmod(-7, 2)\n"
     "    (-4, 1)"},
    {"pow", bi_pow, 2, 3, "pow(base, exp, mod=None)",
     "Return base ** exp; with mod, the modular power (base ** exp) % mod computed without\n"
     "huge intermediates (a negative exp uses the modular inverse).\n\n"
     "Example:\n"
     "    >>> pow(3, 200, 7)\n"
     "    2"},
    {"bin", bi_bin, 1, 1, "bin(x)",
     "Return the binary text of an int, prefixed with 0b.\n\n"
     "Example:\n"
     "    >>> bin(10)\n"
     "    '0b1010'"},
    {"oct", bi_oct, 1, 1, "oct(x)",
     "Return the octal text of an int, prefixed with 0o.\n\n"
     "Example:\n"
     "    >>> oct(8)\n"
     "    '0o10'"},
    {"hex", bi_hex, 1, 1, "hex(x)",
     "Return the hexadecimal text of an int, prefixed with 0x.\n\n"
     "Example:\n"
     "    >>> hex(255)\n"
     "    '0xff'"},
    {"format", bi_format, 1, 2, "format(value, format_spec='')",
     "Format one value with the mini-language of f-strings: [[fill]align][sign][#][0]\n"
     "[width][,][.precision][type].\n\n"
     "Example:\n"
     "    >>> format(3.14159, \".2f\"), format(42, \">5\")\n"
     "    ('3.14', '   42')"},
    {"sorted", bi_sorted, 1, 1, "sorted(iterable, *, key=None, reverse=False)",
     "Return a new list of the items in ascending order. The sort is stable: items that\n"
     "compare equal keep their order. key= computes what to compare by.\n\n"
     "Example:\n"
     "    >>> sorted([\"bb\", \"a\", \"ccc\"], key=len, reverse=True)\n"
     "    ['ccc', 'bb', 'a']"},
    {"reversed", bi_reversed, 1, 1, "reversed(sequence)",
     "Return an iterator over a sequence from its last item to its first.\n\n"
     "Example:\n"
     "    >>> list(reversed(\"abc\"))\n"
     "    ['c', 'b', 'a']"},
    {"enumerate", bi_enumerate, 1, 2, "enumerate(iterable, start=0)",
     "Return an iterator of (index, item) pairs, counting from start.\n\n"
     "Example:\n"
     "    >>> list(enumerate([\"a\", \"b\"], start=1))\n"
     "    [(1, 'a'), (2, 'b')]"},
    {"zip", bi_zip, 0, -1, "zip(*iterables)",
     "Return an iterator of tuples taking one item from each iterable; it stops at the\n"
     "shortest.\n\n"
     "Example:\n"
     "    >>> list(zip([\"a\", \"b\", \"c\"], range(2)))\n"
     "    [('a', 0), ('b', 1)]"},
    {"map", bi_map, 2, -1, "map(function, iterable, *more)",
     "Return an iterator applying function to each item (with several iterables, to\n"
     "their items side by side, stopping at the shortest).\n\n"
     "Example:\n"
     "    >>> list(map(len, [\"a\", \"bcd\"]))\n"
     "    [1, 3]"},
    {"filter", bi_filter, 2, 2, "filter(function, iterable)",
     "Return an iterator over the items for which function(item) is true; with None,\n"
     "over the items that are themselves true.\n\n"
     "Example:\n"
     "    >>> list(filter(None, [0, \"\", \"x\", 2]))\n"
     "    ['x', 2]"},
    {"iter", bi_iter, 1, 1, "iter(iterable)",
     "Return an iterator over an iterable; next() then takes items one at a time.\n\n"
     "Example:\n"
     "    >>> it = iter(\"ab\"); next(it)\n"
     "    'a'"},
    {"next", bi_next, 1, 2, "next(iterator, default)",
     "Return the next item of an iterator. When it is exhausted, return default if given,\n"
     "else raise StopIteration.\n\n"
     "Example:\n"
     "    >>> it = iter(range(1)); next(it), next(it, \"done\")\n"
     "    (0, 'done')"},
    {"any", bi_any, 1, 1, "any(iterable)",
     "Return True if any item is true (False for an empty iterable).\n\n"
     "Example:\n"
     "    >>> any(x > 2 for x in range(4))\n"
     "    True"},
    {"all", bi_all, 1, 1, "all(iterable)",
     "Return True if every item is true (True for an empty iterable).\n\n"
     "Example:\n"
     "    >>> all([\"a\", \"\"])\n"
     "    False"},
    {"isinstance", bi_isinstance, 2, 2, "isinstance(obj, class_or_tuple)",
     "Return whether obj is an instance of the class (or a subclass of it), or of any\n"
     "class in a tuple of classes.\n\n"
     "Example:\n"
     "    >>> isinstance(3, (int, float))\n"
     "    True"},
    {"issubclass", bi_issubclass, 2, 2, "issubclass(cls, class_or_tuple)",
     "Return whether cls is the class or derives from it (or any class in a tuple).\n\n"
     "Example:\n"
     "    >>> issubclass(bool, int)\n"
     "    True"},
    {"getattr", bi_getattr, 2, 3, "getattr(obj, name, default)",
     "Return the attribute of obj called name; if it does not exist, return default when\n"
     "given, else raise AttributeError.\n\n"
     "Example:\n"
     "    >>> getattr(\"text\", \"missing\", 0)\n"
     "    0"},
    {"hasattr", bi_hasattr, 2, 2, "hasattr(obj, name)",
     "Return whether obj has an attribute called name.\n\n"
     "Example:\n"
     "    >>> hasattr(\"text\", \"upper\")\n"
     "    True"},
    {"setattr", bi_setattr, 3, 3, "setattr(obj, name, value)",
     "Set the attribute called name on obj, like obj.name = value.\n\n"
     "Example:\n"
     "    >>> class P: pass\n"
     "    >>> p = P(); setattr(p, \"x\", 1); p.x\n"
     "    1"},
    {"callable", bi_callable, 1, 1, "callable(obj)",
     "Return whether obj can be called: a function, method, class, or an instance whose\n"
     "class defines __call__.\n\n"
     "Example:\n"
     "    >>> callable(len), callable(3)\n"
     "    (True, False)"},
    {"chr", bi_chr, 1, 1, "chr(i)",
     "Return the one-character string of Unicode code point i.\n\n"
     "Example:\n"
     "    >>> chr(955)\n"
     "    'λ'"},
    {"ord", bi_ord, 1, 1, "ord(c)",
     "Return the Unicode code point of a one-character string.\n\n"
     "Example:\n"
     "    >>> ord(\"A\")\n"
     "    65"},
    {"hash", bi_hash, 1, 1, "hash(obj)",
     "Return the hash of a hashable value (what dict keys use); equal values hash equal.\n"
     "Lists and dicts are mutable and so unhashable.\n\n"
     "Example:\n"
     "    >>> hash(\"a\") == hash(\"a\")\n"
     "    True"},
    {"id", bi_id, 1, 1, "id(obj)",
     "Return an int that identifies obj while it lives: two names for the same object\n"
     "have the same id.\n\n"
     "Example:\n"
     "    >>> xs = [\"a\"]; ys = xs; id(xs) == id(ys)\n"
     "    True"},
    {"input", bi_input, 0, 1, "input(prompt='')",
     "Write prompt, read one line from standard input and return it without the newline.\n\n"
     "Example (interactive):\n"
     "    name = input(\"name? \")     # shows name? and waits; the person types Ada\n"
     "    print(name)                 # Ada"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

/* The builtin classes: what calling each one does, and its doc. */
typedef struct TypeSpec {
    const char *name;
    size_t offset;          /* of the ObjClass * in TypeClasses */
    NativeFn construct;
    const char *doc;
} TypeSpec;

static const TypeSpec core_types[] = {
    {"int", offsetof(TypeClasses, int_), int_construct,
     "int(x=0) or int(text, base=10)\n\n"
     "A 64-bit integer. int() of a float truncates toward zero; of text, reads digits\n"
     "in the base (0 reads a 0x/0o/0b prefix). Arithmetic that overflows is an error.\n\n"
     "Example:\n"
     "    >>> int(3.9), int(\"ff\", 16), int(\" -12 \")\n"
     "    (3, 255, -12)"},
    {"float", offsetof(TypeClasses, float_), float_construct,
     "float(x=0.0)\n\n"
     "A 64-bit floating-point number, from a number or text (\"1e-3\", \"inf\", \"nan\").\n\n"
     "Example:\n"
     "    >>> float(\"1e3\"), float(2)\n"
     "    (1000.0, 2.0)"},
    {"bool", offsetof(TypeClasses, bool_), bool_construct,
     "bool(x=False)\n\n"
     "True or False: the truth value of x (0, 0.0, None, empty containers are false).\n\n"
     "Example:\n"
     "    >>> bool(\"\"), bool([\"a\"])\n"
     "    (False, True)"},
    {"range", offsetof(TypeClasses, range), range_construct,
     "range(stop) or range(start, stop, step=1)\n\n"
     "The ints from start up to (not including) stop, by step; computed on demand.\n\n"
     "Example:\n"
     "    >>> list(range(1, 10, 3))\n"
     "    [1, 4, 7]"},
    {"type", offsetof(TypeClasses, class_), type_construct,
     "type(obj)\n\n"
     "Return the class of obj.\n\n"
     "Example:\n"
     "    >>> type(1.5)\n"
     "    <class 'float'>"},
    {NULL, 0, NULL, NULL},
};

bool lib_open_core(VM *vm)
{
    vm_define_natives(vm, vm->builtins, core_functions);
    for (const TypeSpec *t = core_types; t->name; t++) {
        ObjClass *klass = *(ObjClass **)((char *)&vm->types + t->offset);
        if (!klass)
            continue;
        klass->construct = t->construct;
        ObjString *doc = str_from_cstr(vm, t->doc);
        if (!doc)
            return false;
        klass->doc = doc;
        if (!define_value(vm, vm->builtins, t->name, OBJ_VAL(klass)))
            return false;
    }
    return true;
}

bool lib_open_builtins(VM *vm)
{
    return lib_open_core(vm) && lib_open_help(vm) && lib_open_str(vm) && lib_open_list(vm) &&
           lib_open_dict(vm);
}
