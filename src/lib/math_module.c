/*
 * math_module.c - the math module: functions of one number (sqrt, log,
 * sin, gamma, ...), integer functions (factorial, gcd, comb) and sums
 * (fsum, prod), with Python's results and clearer errors.
 *
 * A domain error (sqrt(-1), log(0)) is a ValueError and a result too large
 * for a float (exp(1000)) an OverflowError, as in Python; NaN and infinity
 * given as input pass through.  Functions that return whole numbers
 * (floor, ceil, trunc, factorial, comb) return 64-bit ints and raise
 * OverflowError past that range.  For tensors, use the elementwise
 * functions of the tensor library.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "lib/args.h"
#include "lib/lib.h"

static bool domain_error(VM *vm, const char *fn, double x, const char *why)
{
    return vm_raise(vm, vm->exc.value_error, "math.%s(%.17g): math domain error: %s", fn, x, why);
}

/* Checks the result of f(x): NaN from a non-NaN input is a domain error,
   infinity from a finite input an overflow. */
static bool float_result(VM *vm, const char *fn, double x, double r, Value *out)
{
    if (isnan(r) && !isnan(x))
        return domain_error(vm, fn, x, "the result is undefined there");
    if (isinf(r) && isfinite(x))
        return vm_raise(vm, vm->exc.overflow_error,
                        "math.%s(%.17g): math range error: the result is too large for a float",
                        fn, x);
    *out = FLOAT_VAL(r);
    return true;
}

/* One function of one number; CHECK may reject x with a clearer message. */
#define UNARY(cname, name, expr, CHECK)                                              \
    static bool cname(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)    \
    {                                                                                \
        double x;                                                                    \
        if (!no_kwargs(vm, kwargs, "math." name) ||                                  \
            !arg_float(vm, argv, 0, "math." name, "x", &x))                          \
            return false;                                                            \
        CHECK                                                                        \
        return float_result(vm, name, x, (expr), out);                               \
    }

#define NO_CHECK
UNARY(m_sqrt, "sqrt", sqrt(x),
      if (x < 0) return domain_error(vm, "sqrt", x, "square root of a negative number");)
UNARY(m_exp, "exp", exp(x), NO_CHECK)
UNARY(m_exp2, "exp2", exp2(x), NO_CHECK)
UNARY(m_expm1, "expm1", expm1(x), NO_CHECK)
UNARY(m_log2, "log2", log2(x),
      if (x < 0) return domain_error(vm, "log2", x, "log of a negative number");
      if (x == 0) return domain_error(vm, "log2", x, "log of zero");)
UNARY(m_log10, "log10", log10(x),
      if (x < 0) return domain_error(vm, "log10", x, "log of a negative number");
      if (x == 0) return domain_error(vm, "log10", x, "log of zero");)
UNARY(m_log1p, "log1p", log1p(x),
      if (x <= -1) return domain_error(vm, "log1p", x, "log1p needs x > -1");)
UNARY(m_sin, "sin", sin(x),
      if (isinf(x)) return domain_error(vm, "sin", x, "sin of infinity");)
UNARY(m_cos, "cos", cos(x),
      if (isinf(x)) return domain_error(vm, "cos", x, "cos of infinity");)
UNARY(m_tan, "tan", tan(x),
      if (isinf(x)) return domain_error(vm, "tan", x, "tan of infinity");)
UNARY(m_asin, "asin", asin(x),
      if (x < -1 || x > 1) return domain_error(vm, "asin", x, "asin needs a value in [-1, 1]");)
UNARY(m_acos, "acos", acos(x),
      if (x < -1 || x > 1) return domain_error(vm, "acos", x, "acos needs a value in [-1, 1]");)
UNARY(m_atan, "atan", atan(x), NO_CHECK)
UNARY(m_sinh, "sinh", sinh(x), NO_CHECK)
UNARY(m_cosh, "cosh", cosh(x), NO_CHECK)
UNARY(m_tanh, "tanh", tanh(x), NO_CHECK)
UNARY(m_asinh, "asinh", asinh(x), NO_CHECK)
UNARY(m_acosh, "acosh", acosh(x),
      if (x < 1) return domain_error(vm, "acosh", x, "acosh needs a value >= 1");)
UNARY(m_atanh, "atanh", atanh(x),
      if (x <= -1 || x >= 1) return domain_error(vm, "atanh", x, "atanh needs a value in (-1, 1)");)
UNARY(m_fabs, "fabs", fabs(x), NO_CHECK)
UNARY(m_cbrt, "cbrt", cbrt(x), NO_CHECK)
UNARY(m_erf, "erf", erf(x), NO_CHECK)
UNARY(m_erfc, "erfc", erfc(x), NO_CHECK)
UNARY(m_gamma, "gamma", tgamma(x),
      if (x <= 0 && x == floor(x)) return domain_error(vm, "gamma", x, "gamma has a pole at zero and the negative integers");)
UNARY(m_lgamma, "lgamma", lgamma(x),
      if (x <= 0 && x == floor(x)) return domain_error(vm, "lgamma", x, "lgamma has a pole at zero and the negative integers");)
UNARY(m_degrees, "degrees", x * (180.0 / M_PI), NO_CHECK)
UNARY(m_radians, "radians", x * (M_PI / 180.0), NO_CHECK)
#undef UNARY

static bool m_log(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    double x, base = 0;
    if (!no_kwargs(vm, kwargs, "math.log") || !arg_float(vm, argv, 0, "math.log", "x", &x) ||
        (argc > 1 && !arg_float(vm, argv, 1, "math.log", "base", &base)))
        return false;
    if (x < 0)
        return domain_error(vm, "log", x, "log of a negative number");
    if (x == 0)
        return domain_error(vm, "log", x, "log of zero");
    if (argc == 1)
        return float_result(vm, "log", x, log(x), out);
    if (base <= 0)
        return vm_raise(vm, vm->exc.value_error,
                        "math.log(x, %.17g): math domain error: the base must be positive", base);
    if (base == 1)
        return vm_raise(vm, vm->exc.value_error,
                        "math.log(x, 1): math domain error: base 1 would divide by log(1) = 0");
    return float_result(vm, "log", x, log(x) / log(base), out);
}

/* ---- functions of two numbers */

static bool two_floats(VM *vm, Value *argv, ObjDict *kwargs, const char *fn, double *x, double *y)
{
    return no_kwargs(vm, kwargs, fn) && arg_float(vm, argv, 0, fn, "x", x) &&
           arg_float(vm, argv, 1, fn, "y", y);
}

static bool m_atan2(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    double y, x;
    if (!two_floats(vm, argv, kwargs, "math.atan2", &y, &x))
        return false;
    *out = FLOAT_VAL(atan2(y, x));
    return true;
}

static bool m_pow(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    double x, y;
    if (!two_floats(vm, argv, kwargs, "math.pow", &x, &y))
        return false;
    if (x == 0 && y < 0)
        return domain_error(vm, "pow", x, "zero to a negative power");
    if (x < 0 && isfinite(x) && isfinite(y) && y != floor(y))
        return domain_error(vm, "pow", x,
                            "a negative number to a fractional power has no real result");
    double r = pow(x, y);
    if (isinf(r) && isfinite(x) && isfinite(y))
        return vm_raise(vm, vm->exc.overflow_error,
                        "math.pow(%.17g, %.17g): math range error: the result is too large for "
                        "a float",
                        x, y);
    *out = FLOAT_VAL(r);
    return true;
}

static bool m_fmod(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    double x, y;
    if (!two_floats(vm, argv, kwargs, "math.fmod", &x, &y))
        return false;
    if (y == 0 || isinf(x))
        return domain_error(vm, "fmod", x, y == 0 ? "fmod by zero" : "fmod of infinity");
    *out = FLOAT_VAL(fmod(x, y));
    return true;
}

static bool m_copysign(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    double x, y;
    if (!two_floats(vm, argv, kwargs, "math.copysign", &x, &y))
        return false;
    *out = FLOAT_VAL(copysign(x, y));
    return true;
}

static bool m_ldexp(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    double x;
    int64_t i;
    if (!no_kwargs(vm, kwargs, "math.ldexp") || !arg_float(vm, argv, 0, "math.ldexp", "x", &x) ||
        !arg_int(vm, argv, 1, "math.ldexp", "i", &i))
        return false;
    if (i > 100000)
        i = 100000;
    if (i < -100000)
        i = -100000;
    return float_result(vm, "ldexp", x, ldexp(x, (int)i), out);
}

/* hypot(*coordinates): the Euclidean norm, scaled by the largest
   coordinate so that squaring cannot overflow. */
static bool m_hypot(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "math.hypot"))
        return false;
    double scale = 0;
    bool any_nan = false, any_inf = false;
    for (int i = 0; i < argc; i++) {
        double x;
        if (!arg_float(vm, argv, i, "math.hypot", "coordinate", &x))
            return false;
        any_nan = any_nan || isnan(x);
        any_inf = any_inf || isinf(x);
        if (fabs(x) > scale)
            scale = fabs(x);
    }
    if (any_inf || any_nan || scale == 0) {
        *out = FLOAT_VAL(any_inf ? INFINITY : any_nan ? NAN : 0.0);
        return true;
    }
    double sum = 0;
    for (int i = 0; i < argc; i++) {
        double x;
        arg_float(vm, argv, i, "math.hypot", "coordinate", &x);
        sum += (x / scale) * (x / scale);
    }
    *out = FLOAT_VAL(scale * sqrt(sum));
    return true;
}

static bool m_isclose(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"rel_tol", "abs_tol", NULL};
    double a, b, rel_tol = 1e-9, abs_tol = 0.0;
    if (!kwargs_check(vm, kwargs, "math.isclose", allowed) ||
        !arg_float(vm, argv, 0, "math.isclose", "a", &a) ||
        !arg_float(vm, argv, 1, "math.isclose", "b", &b))
        return false;
    Value v;
    if (kwarg_get(vm, kwargs, "rel_tol", &v) && !arg_float(vm, &v, 0, "math.isclose", "rel_tol", &rel_tol))
        return false;
    if (kwarg_get(vm, kwargs, "abs_tol", &v) && !arg_float(vm, &v, 0, "math.isclose", "abs_tol", &abs_tol))
        return false;
    if (rel_tol < 0 || abs_tol < 0)
        return vm_raise(vm, vm->exc.value_error, "math.isclose(): tolerances must be non-negative");
    bool close;
    if (a == b) {
        close = true;           /* also equal infinities */
    } else if (isinf(a) || isinf(b)) {
        close = false;
    } else {
        double diff = fabs(b - a);
        close = diff <= fabs(rel_tol * b) || diff <= fabs(rel_tol * a) || diff <= abs_tol;
    }
    *out = BOOL_VAL(close);
    return true;
}

/* ---- classification */

static bool classify(VM *vm, Value *argv, ObjDict *kwargs, const char *fn, int which, Value *out)
{
    double x;
    if (!no_kwargs(vm, kwargs, fn) || !arg_float(vm, argv, 0, fn, "x", &x))
        return false;
    *out = BOOL_VAL(which == 0 ? isnan(x) : which == 1 ? isinf(x) : isfinite(x));
    return true;
}

static bool m_isnan(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return classify(vm, argv, kwargs, "math.isnan", 0, out);
}

static bool m_isinf(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return classify(vm, argv, kwargs, "math.isinf", 1, out);
}

static bool m_isfinite(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return classify(vm, argv, kwargs, "math.isfinite", 2, out);
}

/* ---- to whole numbers */

static bool to_int(VM *vm, const char *fn, double r, Value *out)
{
    if (isnan(r))
        return vm_raise(vm, vm->exc.value_error, "math.%s(): cannot convert NaN to an int", fn);
    if (isinf(r))
        return vm_raise(vm, vm->exc.overflow_error,
                        "math.%s(): cannot convert infinity to an int", fn);
    if (r >= 9223372036854775808.0 || r < -9223372036854775808.0)
        return vm_raise(vm, vm->exc.overflow_error,
                        "math.%s(): %.17g does not fit in a 64-bit int", fn, r);
    *out = INT_VAL((int64_t)r);
    return true;
}

static bool rounding(VM *vm, Value *argv, ObjDict *kwargs, const char *fn, double (*f)(double),
                     Value *out)
{
    char full[24];
    snprintf(full, sizeof full, "math.%s", fn);
    if (!no_kwargs(vm, kwargs, full))
        return false;
    if (IS_INT(argv[0]) || IS_BOOL(argv[0])) {
        *out = INT_VAL(IS_INT(argv[0]) ? AS_INT(argv[0]) : AS_BOOL(argv[0]));
        return true;
    }
    double x;
    if (!arg_float(vm, argv, 0, full, "x", &x))
        return false;
    return to_int(vm, fn, f(x), out);
}

static bool m_floor(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return rounding(vm, argv, kwargs, "floor", floor, out);
}

static bool m_ceil(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return rounding(vm, argv, kwargs, "ceil", ceil, out);
}

static bool m_trunc(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return rounding(vm, argv, kwargs, "trunc", trunc, out);
}

/* ---- integer functions */

static bool int_only(VM *vm, Value *argv, int i, const char *fn, const char *param, int64_t *out)
{
    if (IS_FLOAT(argv[i]))
        return vm_raise(vm, vm->exc.type_error,
                        "%s() needs an int for '%s', not float: use int(x) or round(x) first",
                        fn, param);
    return arg_int(vm, argv, i, fn, param, out);
}

static bool m_factorial(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    int64_t n;
    if (!no_kwargs(vm, kwargs, "math.factorial") ||
        !int_only(vm, argv, 0, "math.factorial", "n", &n))
        return false;
    if (n < 0)
        return vm_raise(vm, vm->exc.value_error,
                        "math.factorial(%lld): not defined for negative numbers", (long long)n);
    if (n > 20)
        return vm_raise(vm, vm->exc.overflow_error,
                        "math.factorial(%lld) does not fit in a 64-bit int (20! is the largest "
                        "that does); math.lgamma(n + 1) gives its logarithm",
                        (long long)n);
    int64_t r = 1;
    for (int64_t i = 2; i <= n; i++)
        r *= i;
    *out = INT_VAL(r);
    return true;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t magnitude(int64_t x)
{
    return x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
}

static bool m_gcd(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "math.gcd"))
        return false;
    uint64_t g = 0;
    for (int i = 0; i < argc; i++) {
        int64_t x;
        if (!int_only(vm, argv, i, "math.gcd", "integers", &x))
            return false;
        g = gcd_u64(g, magnitude(x));
    }
    if (g > (uint64_t)INT64_MAX)
        return vm_raise(vm, vm->exc.overflow_error, "math.gcd(): the result 2**63 does not fit");
    *out = INT_VAL((int64_t)g);
    return true;
}

static bool m_lcm(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "math.lcm"))
        return false;
    uint64_t l = 1;
    for (int i = 0; i < argc; i++) {
        int64_t x;
        if (!int_only(vm, argv, i, "math.lcm", "integers", &x))
            return false;
        uint64_t m = magnitude(x);
        if (m == 0 || l == 0) {
            l = 0;
            continue;
        }
        unsigned __int128 r = (unsigned __int128)(l / gcd_u64(l, m)) * m;
        if (r > (unsigned __int128)INT64_MAX)
            return vm_raise(vm, vm->exc.overflow_error,
                            "math.lcm(): the result does not fit in a 64-bit int");
        l = (uint64_t)r;
    }
    *out = INT_VAL((int64_t)l);
    return true;
}

static bool m_isqrt(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    int64_t n;
    if (!no_kwargs(vm, kwargs, "math.isqrt") || !int_only(vm, argv, 0, "math.isqrt", "n", &n))
        return false;
    if (n < 0)
        return vm_raise(vm, vm->exc.value_error,
                        "math.isqrt(%lld): not defined for negative numbers", (long long)n);
    uint64_t r = (uint64_t)sqrt((double)n);
    /* the float estimate can be one off either way near 2**53 and above */
    while (r * r > (uint64_t)n)
        r--;
    while ((r + 1) * (r + 1) <= (uint64_t)n)
        r++;
    *out = INT_VAL((int64_t)r);
    return true;
}

/* comb and perm multiply step by step in 128 bits and stop at the first
   product past the 64-bit range. */
static bool comb_perm(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out, bool comb)
{
    const char *fn = comb ? "math.comb" : "math.perm";
    int64_t n, k;
    if (!no_kwargs(vm, kwargs, fn) || !int_only(vm, argv, 0, fn, "n", &n))
        return false;
    if (argc > 1 && !IS_NONE(argv[1])) {
        if (!int_only(vm, argv, 1, fn, "k", &k))
            return false;
    } else if (comb) {
        return vm_raise(vm, vm->exc.type_error, "math.comb() needs both n and k");
    } else {
        k = n;
    }
    if (n < 0 || k < 0)
        return vm_raise(vm, vm->exc.value_error, "%s(): n and k must be non-negative", fn);
    if (k > n) {
        *out = INT_VAL(0);
        return true;
    }
    if (comb && k > n - k)
        k = n - k;
    unsigned __int128 r = 1;
    for (int64_t i = 0; i < k; i++) {
        r *= (unsigned __int128)(n - i);
        if (comb)
            r /= (unsigned __int128)(i + 1);   /* exact: a product of i+1 consecutive ints */
        if (r > (unsigned __int128)INT64_MAX)
            return vm_raise(vm, vm->exc.overflow_error,
                            "%s(%lld, %lld) does not fit in a 64-bit int", fn, (long long)n,
                            (long long)k);
    }
    *out = INT_VAL((int64_t)r);
    return true;
}

static bool m_comb(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return comb_perm(vm, argc, argv, kwargs, out, true);
}

static bool m_perm(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return comb_perm(vm, argc, argv, kwargs, out, false);
}

/* ---- sums and products of iterables */

static bool m_prod(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"start", NULL};
    if (!kwargs_check(vm, kwargs, "math.prod", allowed))
        return false;
    Value *r = vm->sp;      /* iterator, product, item: rooted on the stack */
    vm_push(vm, NONE_VAL);
    vm_push(vm, INT_VAL(1));
    vm_push(vm, NONE_VAL);
    kwarg_get(vm, kwargs, "start", &r[1]);
    bool ok = vm_get_iter(vm, argv[0], &r[0]);
    while (ok) {
        int st = vm_iter_next(vm, r[0], &r[2]);
        if (st <= 0) {
            ok = st == 0;
            break;
        }
        int64_t p;
        if (IS_INT(r[1]) && IS_INT(r[2]) && !__builtin_mul_overflow(AS_INT(r[1]), AS_INT(r[2]), &p))
            r[1] = INT_VAL(p);
        else if (IS_FLOAT(r[1]) && IS_FLOAT(r[2]))
            r[1] = FLOAT_VAL(AS_FLOAT(r[1]) * AS_FLOAT(r[2]));
        else
            ok = vm_binary_op(vm, OP_MUL, r[1], r[2], &r[1]);
    }
    *out = r[1];
    vm->sp = r;
    return ok;
}

/*
 * fsum: Shewchuk's exactly rounded sum, as in Python.  partials holds
 * non-overlapping floats whose exact sum is the running total; each new
 * value is folded in with error-free two-sums.  Infinities and NaNs are
 * summed separately so they do not poison the partials.
 */
static bool m_fsum(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "math.fsum"))
        return false;
    Value *r = vm->sp;
    vm_push(vm, NONE_VAL);
    vm_push(vm, NONE_VAL);
    if (!vm_get_iter(vm, argv[0], &r[0])) {
        vm->sp = r;
        return false;
    }
    int cap = 32, n = 0;
    double *p = mem_alloc(vm, sizeof(double) * (size_t)cap);
    double special = 0;     /* sum of infinities and NaNs */
    bool ok = p != NULL;
    if (!ok)
        vm_raise_oom(vm);
    while (ok) {
        int st = vm_iter_next(vm, r[0], &r[1]);
        if (st <= 0) {
            ok = st == 0;
            break;
        }
        double x;
        if (!arg_float(vm, r, 1, "math.fsum", "item", &x)) {
            ok = false;
            break;
        }
        if (!isfinite(x)) {
            special += x;
            continue;
        }
        int i = 0;
        for (int j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        if (isinf(x)) {
            ok = vm_raise(vm, vm->exc.overflow_error, "math.fsum(): intermediate overflow");
            break;
        }
        if (i >= cap) {
            double *bigger = mem_realloc(vm, p, sizeof(double) * (size_t)cap,
                                         sizeof(double) * (size_t)cap * 2);
            if (!bigger) {
                ok = vm_raise_oom(vm);
                break;
            }
            p = bigger;
            cap *= 2;
        }
        p[i++] = x;
        n = i;
    }
    double hi = 0;
    if (ok && special != 0) {
        hi = special;       /* an infinity or NaN decides (NaN != 0 too) */
    } else if (ok && n > 0) {
        /* add the partials from the top, then correct the last rounding */
        double lo = 0;
        int i = n - 1;
        hi = p[i];
        while (i > 0) {
            double x = hi, y = p[--i];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        if (i > 0 && ((lo < 0 && p[i - 1] < 0) || (lo > 0 && p[i - 1] > 0))) {
            double y = lo * 2, x = hi + y, yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    if (p)
        mem_free(vm, p, sizeof(double) * (size_t)cap);
    vm->sp = r;
    if (ok)
        *out = FLOAT_VAL(hi);
    return ok;
}

/* ---- the table */

static const NativeSpec math_functions[] = {
    {"sqrt", m_sqrt, 1, 1, "math.sqrt(x)",
     "Return the square root of x (ValueError for a negative x).\n\n"
     "Example:\n    >>> math.sqrt(2)\n    1.4142135623730951"},
    {"exp", m_exp, 1, 1, "math.exp(x)",
     "Return e raised to the power x.\n\n"
     "Example:\n    >>> math.exp(1)\n    2.718281828459045"},
    {"exp2", m_exp2, 1, 1, "math.exp2(x)",
     "Return 2 raised to the power x.\n\n"
     "Example:\n    >>> math.exp2(10)\n    1024.0"},
    {"expm1", m_expm1, 1, 1, "math.expm1(x)",
     "Return exp(x) - 1, accurate even when x is tiny.\n\n"
     "Example:\n    >>> math.expm1(1e-10)\n    1.00000000005e-10"},
    {"log", m_log, 1, 2, "math.log(x, base=e)",
     "Return the logarithm of x, natural or to the given base. x must be positive.\n\n"
     "Example:\n    >>> math.log(8, 2)\n    3.0"},
    {"log2", m_log2, 1, 1, "math.log2(x)",
     "Return the base-2 logarithm of x.\n\n"
     "Example:\n    >>> math.log2(1024)\n    10.0"},
    {"log10", m_log10, 1, 1, "math.log10(x)",
     "Return the base-10 logarithm of x.\n\n"
     "Example:\n    >>> math.log10(1000)\n    3.0"},
    {"log1p", m_log1p, 1, 1, "math.log1p(x)",
     "Return log(1 + x), accurate even when x is tiny.\n\n"
     "Example:\n    >>> math.log1p(1e-10)\n    9.999999999500001e-11"},
    {"sin", m_sin, 1, 1, "math.sin(x)",
     "Return the sine of x radians.\n\n"
     "Example:\n    >>> math.sin(math.pi / 2)\n    1.0"},
    {"cos", m_cos, 1, 1, "math.cos(x)",
     "Return the cosine of x radians.\n\n"
     "Example:\n    >>> math.cos(0)\n    1.0"},
    {"tan", m_tan, 1, 1, "math.tan(x)",
     "Return the tangent of x radians.\n\n"
     "Example:\n    >>> math.tan(0)\n    0.0"},
    {"asin", m_asin, 1, 1, "math.asin(x)",
     "Return the arc sine of x (in [-1, 1]), in radians.\n\n"
     "Example:\n    >>> math.asin(1)\n    1.5707963267948966"},
    {"acos", m_acos, 1, 1, "math.acos(x)",
     "Return the arc cosine of x (in [-1, 1]), in radians.\n\n"
     "Example:\n    >>> math.acos(1)\n    0.0"},
    {"atan", m_atan, 1, 1, "math.atan(x)",
     "Return the arc tangent of x, in radians.\n\n"
     "Example:\n    >>> math.atan(1)\n    0.7853981633974483"},
    {"atan2", m_atan2, 2, 2, "math.atan2(y, x)",
     "Return the angle of the point (x, y) from the positive x axis, in (-pi, pi].\n\n"
     "Example:\n    >>> math.atan2(1, -1)\n    2.356194490192345"},
    {"sinh", m_sinh, 1, 1, "math.sinh(x)",
     "Return the hyperbolic sine of x.\n\n"
     "Example:\n    >>> math.sinh(0)\n    0.0"},
    {"cosh", m_cosh, 1, 1, "math.cosh(x)",
     "Return the hyperbolic cosine of x.\n\n"
     "Example:\n    >>> math.cosh(0)\n    1.0"},
    {"tanh", m_tanh, 1, 1, "math.tanh(x)",
     "Return the hyperbolic tangent of x, an activation function in (-1, 1).\n\n"
     "Example:\n    >>> math.tanh(0.5)\n    0.46211715726000974"},
    {"asinh", m_asinh, 1, 1, "math.asinh(x)",
     "Return the inverse hyperbolic sine of x.\n\n"
     "Example:\n    >>> math.asinh(0)\n    0.0"},
    {"acosh", m_acosh, 1, 1, "math.acosh(x)",
     "Return the inverse hyperbolic cosine of x (x >= 1).\n\n"
     "Example:\n    >>> math.acosh(1)\n    0.0"},
    {"atanh", m_atanh, 1, 1, "math.atanh(x)",
     "Return the inverse hyperbolic tangent of x (in (-1, 1)).\n\n"
     "Example:\n    >>> math.atanh(0)\n    0.0"},
    {"fabs", m_fabs, 1, 1, "math.fabs(x)",
     "Return the absolute value of x as a float.\n\n"
     "Example:\n    >>> math.fabs(-3)\n    3.0"},
    {"cbrt", m_cbrt, 1, 1, "math.cbrt(x)",
     "Return the cube root of x (negative for a negative x).\n\n"
     "Example:\n    >>> math.cbrt(-8)\n    -2.0"},
    {"erf", m_erf, 1, 1, "math.erf(x)",
     "Return the error function at x (used in the normal CDF and the GELU activation).\n\n"
     "Example:\n    >>> math.erf(1)\n    0.8427007929497149"},
    {"erfc", m_erfc, 1, 1, "math.erfc(x)",
     "Return 1 - erf(x), accurate for large x.\n\n"
     "Example:\n    >>> math.erfc(0)\n    1.0"},
    {"gamma", m_gamma, 1, 1, "math.gamma(x)",
     "Return the gamma function at x; gamma(n) is (n-1)! for whole n.\n\n"
     "Example:\n    >>> math.gamma(5)\n    24.0"},
    {"lgamma", m_lgamma, 1, 1, "math.lgamma(x)",
     "Return the natural log of the absolute value of gamma(x).\n\n"
     "Example:\n    >>> math.lgamma(1)\n    0.0"},
    {"degrees", m_degrees, 1, 1, "math.degrees(x)",
     "Convert an angle from radians to degrees.\n\n"
     "Example:\n    >>> math.degrees(math.pi)\n    180.0"},
    {"radians", m_radians, 1, 1, "math.radians(x)",
     "Convert an angle from degrees to radians.\n\n"
     "Example:\n    >>> math.radians(180)\n    3.141592653589793"},
    {"pow", m_pow, 2, 2, "math.pow(x, y)",
     "Return x raised to the power y as a float (unlike **, never an int).\n\n"
     "Example:\n    >>> math.pow(2, 10)\n    1024.0"},
    {"fmod", m_fmod, 2, 2, "math.fmod(x, y)",
     "Return the C remainder of x / y, which has the sign of x (% has the sign of y).\n\n"
     "Example:\n    >>> math.fmod(-7, 2), -7 % 2\n    (-1.0, 1)"},
    {"copysign", m_copysign, 2, 2, "math.copysign(x, y)",
     "Return a float with the magnitude of x and the sign of y.\n\n"
     "Example:\n    >>> math.copysign(3, -0.0)\n    -3.0"},
    {"ldexp", m_ldexp, 2, 2, "math.ldexp(x, i)",
     "Return x * 2**i.\n\n"
     "Example:\n    >>> math.ldexp(0.5, 4)\n    8.0"},
    {"hypot", m_hypot, 0, -1, "math.hypot(*coordinates)",
     "Return the Euclidean length of a vector given as coordinates, without overflow\n"
     "for large ones.\n\n"
     "Example:\n    >>> math.hypot(3, 4)\n    5.0"},
    {"isclose", m_isclose, 2, 2, "math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)",
     "Return whether a and b are close: |a - b| <= max(rel_tol * max(|a|, |b|), abs_tol).\n"
     "Near zero only abs_tol helps.\n\n"
     "Example:\n    >>> math.isclose(0.1 + 0.2, 0.3)\n    True"},
    {"isnan", m_isnan, 1, 1, "math.isnan(x)",
     "Return whether x is NaN (not a number).\n\n"
     "Example:\n    >>> math.isnan(float(\"nan\"))\n    True"},
    {"isinf", m_isinf, 1, 1, "math.isinf(x)",
     "Return whether x is positive or negative infinity.\n\n"
     "Example:\n    >>> math.isinf(-math.inf)\n    True"},
    {"isfinite", m_isfinite, 1, 1, "math.isfinite(x)",
     "Return whether x is neither infinite nor NaN.\n\n"
     "Example:\n    >>> math.isfinite(1e308)\n    True"},
    {"floor", m_floor, 1, 1, "math.floor(x)",
     "Return the largest int <= x.\n\n"
     "Example:\n    >>> math.floor(-2.5)\n    -3"},
    {"ceil", m_ceil, 1, 1, "math.ceil(x)",
     "Return the smallest int >= x.\n\n"
     "Example:\n    >>> math.ceil(2.1)\n    3"},
    {"trunc", m_trunc, 1, 1, "math.trunc(x)",
     "Return x with its fractional part dropped (toward zero), as an int.\n\n"
     "Example:\n    >>> math.trunc(-2.7)\n    -2"},
    {"factorial", m_factorial, 1, 1, "math.factorial(n)",
     "Return n! for an int 0 <= n <= 20 (larger ones do not fit in 64 bits).\n\n"
     "Example:\n    >>> math.factorial(5)\n    120"},
    {"gcd", m_gcd, 0, -1, "math.gcd(*integers)",
     "Return the greatest common divisor of the ints (0 with none).\n\n"
     "Example:\n    >>> math.gcd(12, 18)\n    6"},
    {"lcm", m_lcm, 0, -1, "math.lcm(*integers)",
     "Return the least common multiple of the ints (1 with none).\n\n"
     "Example:\n    >>> math.lcm(4, 6)\n    12"},
    {"isqrt", m_isqrt, 1, 1, "math.isqrt(n)",
     "Return the integer square root of n: the largest int whose square is <= n.\n\n"
     "Example:\n    >>> math.isqrt(17)\n    4"},
    {"comb", m_comb, 2, 2, "math.comb(n, k)",
     "Return the number of ways to choose k items from n, without order.\n\n"
     "Example:\n    >>> math.comb(5, 2)\n    10"},
    {"perm", m_perm, 1, 2, "math.perm(n, k=None)",
     "Return the number of ways to arrange k items chosen from n (n! with no k).\n\n"
     "Example:\n    >>> math.perm(5, 2)\n    20"},
    {"prod", m_prod, 1, 1, "math.prod(iterable, *, start=1)",
     "Return the product of the items, starting from start.\n\n"
     "Example:\n    >>> math.prod(range(1, 6))\n    120"},
    {"fsum", m_fsum, 1, 1, "math.fsum(iterable)",
     "Return the exactly rounded sum of the numbers, free of the rounding errors that\n"
     "add up in sum().\n\n"
     "Example:\n    >>> tenths = [0.1 for _ in range(10)]\n    >>> sum(tenths), math.fsum(tenths)\n    (0.9999999999999999, 1.0)"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char math_doc[] =
    "Mathematical functions of plain numbers: roots, powers and logarithms,\n"
    "trigonometry, rounding to ints, integer combinatorics, exact sums, and the\n"
    "constants pi, e, tau, inf and nan. For tensors use the elementwise functions\n"
    "of the tensor library instead.\n\n"
    "Example:\n"
    "    >>> import math\n"
    "    >>> math.sqrt(16), math.pi\n"
    "    (4.0, 3.141592653589793)";

static bool set_constant(VM *vm, ObjModule *m, const char *name, Value v)
{
    ObjString *s = str_from_cstr(vm, name);
    return s && dict_set_str(vm, m->globals, s, v);
}

bool lib_open_math(VM *vm, ObjModule *m)
{
    vm_define_natives(vm, m->globals, math_functions);
    ObjString *doc = str_from_cstr(vm, math_doc);
    return doc && dict_set_str(vm, m->globals, vm->names.doc, OBJ_VAL(doc)) &&
           set_constant(vm, m, "pi", FLOAT_VAL(M_PI)) && set_constant(vm, m, "e", FLOAT_VAL(M_E)) &&
           set_constant(vm, m, "tau", FLOAT_VAL(2 * M_PI)) &&
           set_constant(vm, m, "inf", FLOAT_VAL(INFINITY)) &&
           set_constant(vm, m, "nan", FLOAT_VAL(NAN));
}
