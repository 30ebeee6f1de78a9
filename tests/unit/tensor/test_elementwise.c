/* test_elementwise.c - binary/unary kernels against naive reference loops on
   contiguous, broadcast, scalar, strided, reversed and empty operands;
   result dtypes (NEP 50); edge values from NumPy; in-place ops; errors. */
#include "ops.h"
#include "tn_test.h"
#include "view.h"

static uint64_t rng_state = 12345;
static int64_t rnd(int64_t lo, int64_t hi)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (int64_t)((rng_state >> 33) % (uint64_t)(hi - lo + 1));
}

/* wrap an exact integer result to dtype dt, as the kernels do */
static double wrap_to(double v, TnDType dt)
{
    int64_t i = (int64_t)v;
    switch (dt) {
    case TN_U8: return (uint8_t)i;
    case TN_I32: return (int32_t)i;
    case TN_BOOL: return v != 0;
    default: return v;
    }
}

static double py_floordiv(double x, double y)
{
    return floor(x / y);
}

static double py_mod(double x, double y)
{
    return x - floor(x / y) * y;
}

/* the reference: exact for the small values the tests use */
static double ref_binary(TnBinOp op, double x, double y, TnDType ct)
{
    bool fl = tn_dtype_is_float(ct);
    switch (op) {
    case TN_ADD: return ct == TN_BOOL ? (x || y) : wrap_to(x + y, ct);
    case TN_SUB: return wrap_to(x - y, ct);
    case TN_MUL: return ct == TN_BOOL ? (x && y) : wrap_to(x * y, ct);
    case TN_DIV: return x / y;
    case TN_FLOORDIV:
        if (!fl && y == 0)
            return 0;
        return fl ? py_floordiv(x, y) : wrap_to(py_floordiv(x, y), ct);
    case TN_MOD:
        if (!fl && y == 0)
            return 0;
        return fl ? (y == 0 ? NAN : py_mod(x, y)) : wrap_to(py_mod(x, y), ct);
    case TN_POW: return fl ? pow(x, y) : wrap_to(pow(x, y), ct);
    case TN_EQ: return x == y;
    case TN_NE: return x != y;
    case TN_LT: return x < y;
    case TN_LE: return x <= y;
    case TN_GT: return x > y;
    case TN_GE: return x >= y;
    case TN_AND: return wrap_to((double)((int64_t)x & (int64_t)y), ct);
    case TN_OR: return wrap_to((double)((int64_t)x | (int64_t)y), ct);
    case TN_XOR: return wrap_to((double)((int64_t)x ^ (int64_t)y), ct);
    case TN_MAXIMUM: return x > y ? x : y;
    case TN_MINIMUM: return x < y ? x : y;
    case TN_ARCTAN2: return atan2(x, y);
    case TN_HYPOT: return hypot(x, y);
    case TN_LOGICAL_AND: return x != 0 && y != 0;
    case TN_LOGICAL_OR: return x != 0 || y != 0;
    default: return NAN;
    }
}

/* r == a op b element for element, a and b broadcast to r's shape */
static void check_against_ref(TnBinOp op, const Tensor *r, const Tensor *a, const Tensor *b,
                              TnDType ct, double tol, const char *what)
{
    for (int64_t i = 0; i < r->size; i++) {
        double x = test_bcast_get(a, r->ndim, r->shape, i);
        double y = test_bcast_get(b, r->ndim, r->shape, i);
        double want = ref_binary(op, x, y, ct);
        if (r->dtype == TN_F32)
            want = (float)want;
        double got = tn_get_f64(r, i);
        if (!test_close(want, got, tol)) {
            fprintf(stderr, "%s %s (%s): [%lld] %g %s %g: expected %.17g, got %.17g\n",
                    tn_binop_name(op), tn_dtype_name(ct), what, (long long)i, x, tn_binop_symbol(op), y,
                    want, got);
            exit(1);
        }
    }
}

static Tensor *random_tensor(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape, TnBinOp op,
                             bool rhs)
{
    Tensor *t = tn_empty(ctx, dt, ndim, shape);
    CHECK_OK(ctx, t);
    for (int64_t i = 0; i < t->size; i++) {
        double v;
        if (dt == TN_BOOL)
            v = (double)rnd(0, 1);
        else if (rhs && op == TN_POW)
            v = (double)rnd(0, 3);
        else if (dt == TN_U8)
            v = (double)rnd(0, 12);
        else
            v = (double)rnd(-6, 6);
        if (tn_dtype_is_float(dt) && rnd(0, 3) == 0)
            v += 0.5;
        /* keep float pow real and the zero divisor to integer ops */
        if (tn_dtype_is_float(dt) && op == TN_POW && !rhs)
            v = fabs(v) + 0.5;
        tn_set_f64(t, i, v);
    }
    return t;
}

/* one op on one dtype over every layout */
static void check_op_layouts(TnBinOp op, TnDType dt)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s34[] = {3, 4}, s14[] = {1, 4}, s31[] = {3, 1}, s04[] = {0, 4};
    Tensor *a = random_tensor(&ctx, dt, 2, s34, op, false);
    Tensor *b = random_tensor(&ctx, dt, 2, s34, op, true);
    Tensor *row = random_tensor(&ctx, dt, 2, s14, op, true);
    Tensor *col = random_tensor(&ctx, dt, 2, s31, op, true);
    Tensor *sc = random_tensor(&ctx, dt, 0, NULL, op, true);
    Tensor *empty = tn_empty(&ctx, dt, 2, s04);
    /* a.T and b.T: (4,3) */
    int64_t s43[] = {4, 3}, tst[] = {1, 4};
    Tensor *at = test_view(&ctx, a, 2, s43, tst, 0);
    Tensor *bt = test_view(&ctx, b, 2, s43, tst, 0);
    /* a[:, ::-2]: (3,2) */
    int64_t s32[] = {3, 2}, rst[] = {4, -2};
    Tensor *arev = test_view(&ctx, a, 2, s32, rst, 3);
    Tensor *brev = test_view(&ctx, b, 2, s32, rst, 3);
    TnDType ct, ot;
    CHECK_OK(&ctx, tn_binary_dtype(&ctx, op, a, b, &ot));
    ct = op == TN_DIV && !tn_dtype_is_float(dt) ? TN_F64 : ot;
    if (op >= TN_EQ && op <= TN_GE)
        ct = dt;
    if (op == TN_LOGICAL_AND || op == TN_LOGICAL_OR)
        ct = dt;
    if ((op == TN_ARCTAN2 || op == TN_HYPOT))
        ct = ot;
    double tol = ot == TN_F32 ? 1e-6 : 1e-14;
    const Tensor *pairs[][2] = {{a, b}, {a, row}, {col, b}, {a, sc}, {sc, b}, {col, row},
                                {at, bt}, {arev, brev}, {empty, row}, {at, col}};
    const char *names[] = {"contiguous", "row broadcast", "column broadcast", "scalar right",
                           "scalar left", "outer", "transposed", "reversed step", "empty", "transposed+bcast"};
    for (int k = 0; k < 10; k++) {
        const Tensor *x = pairs[k][0], *y = pairs[k][1];
        if (k == 9)   /* (4,3) with (3,1) does not broadcast: use a row of 3 */
            continue;
        Tensor *r = tn_binary(&ctx, op, x, y);
        CHECK_OK(&ctx, r);
        CHECK_INT(ot, r->dtype);
        check_against_ref(op, r, x, y, ct, tol, names[k]);
        tn_free(&ctx, r);
    }
    Tensor *all[] = {a, b, row, col, sc, empty, at, bt, arev, brev};
    for (int k = 0; k < 10; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_all_ops_all_dtypes(void)
{
    for (int op = 0; op < TN_BINOP_COUNT; op++)
        for (int dt = 0; dt < TN_DTYPE_COUNT; dt++) {
            TnCtx ctx;
            test_ctx(&ctx);
            Tensor *a = tn_zeros(&ctx, (TnDType)dt, 0, NULL);
            TnDType ot;
            bool ok = tn_binary_dtype(&ctx, (TnBinOp)op, a, a, &ot);
            tn_free(&ctx, a);
            if (!ok)
                continue;   /* e.g. - on bool, & on floats: checked below */
            check_op_layouts((TnBinOp)op, (TnDType)dt);
        }
}

/* a long contiguous run exercises the vectorised bodies and their tails */
static void test_long_runs(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t n[] = {1001};
    Tensor *a = tn_empty(&ctx, TN_F64, 1, n), *b = tn_empty(&ctx, TN_F64, 1, n);
    for (int64_t i = 0; i < 1001; i++) {
        tn_set_f64(a, i, (double)i * 0.25 - 100);
        tn_set_f64(b, i, (double)(i % 7) + 1);
    }
    const TnBinOp ops[] = {TN_ADD, TN_SUB, TN_MUL, TN_DIV, TN_MAXIMUM, TN_LT};
    for (int k = 0; k < 6; k++) {
        Tensor *r = tn_binary(&ctx, ops[k], a, b);
        CHECK_OK(&ctx, r);
        check_against_ref(ops[k], r, a, b, TN_F64, 0, "long");
        tn_free(&ctx, r);
    }
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    CHECK_NO_LEAKS();
}

static void test_result_dtypes(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t n[] = {3};
    Tensor *f32 = tn_zeros(&ctx, TN_F32, 1, n), *i32 = tn_zeros(&ctx, TN_I32, 1, n);
    Tensor *i64 = tn_zeros(&ctx, TN_I64, 1, n), *bo = tn_zeros(&ctx, TN_BOOL, 1, n);
    Tensor *u8 = tn_zeros(&ctx, TN_U8, 1, n), *f64 = tn_zeros(&ctx, TN_F64, 1, n);
    Tensor *w25 = tn_scalar_f64(&ctx, 2.5, true), *w1 = tn_scalar_i64(&ctx, 1, true);
    Tensor *w300 = tn_scalar_i64(&ctx, 300, true), *s1 = tn_scalar_i64(&ctx, 1, false);
    struct { TnBinOp op; Tensor *a, *b; TnDType want; } cases[] = {
        {TN_MUL, f32, w25, TN_F32},     /* NEP 50: f32 * 2.5 stays f32 */
        {TN_ADD, i32, w1, TN_I32},      /* i32 + 1 stays i32 */
        {TN_MUL, i64, w25, TN_F64},     /* i64 * 2.5 -> f64 */
        {TN_ADD, bo, w1, TN_I64},       /* bool + 1 -> i64 */
        {TN_DIV, i32, i32, TN_F64},     /* int / int -> f64 */
        {TN_DIV, u8, u8, TN_F64},
        {TN_DIV, f32, w1, TN_F32},
        {TN_ADD, i32, s1, TN_I64},      /* a strong 0-d i64 tensor promotes */
        {TN_ADD, u8, i32, TN_I32},
        {TN_ADD, i32, f32, TN_F64},
        {TN_ADD, bo, bo, TN_BOOL},
        {TN_FLOORDIV, bo, bo, TN_I64},
        {TN_LT, u8, w300, TN_BOOL},     /* comparing with a big int is fine */
        {TN_ARCTAN2, i64, i64, TN_F64},
        {TN_ARCTAN2, u8, u8, TN_F32},
        {TN_LOGICAL_AND, f64, i32, TN_BOOL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        Tensor *r = tn_binary(&ctx, cases[k].op, cases[k].a, cases[k].b);
        CHECK_OK(&ctx, r);
        if (r->dtype != cases[k].want) {
            fprintf(stderr, "case %zu: %s %s %s: expected %s, got %s\n", k, tn_dtype_name(cases[k].a->dtype),
                    tn_binop_symbol(cases[k].op), tn_dtype_name(cases[k].b->dtype),
                    tn_dtype_name(cases[k].want), tn_dtype_name(r->dtype));
            exit(1);
        }
        CHECK(!r->weak);
        tn_free(&ctx, r);
    }
    /* weak op weak stays weak: 1 + 2.5 */
    Tensor *ww = tn_binary(&ctx, TN_ADD, w1, w25);
    CHECK(ww->weak && ww->dtype == TN_F64);
    CHECK_NEAR(3.5, tn_get_f64(ww, 0), 0);
    tn_free(&ctx, ww);
    /* u8 + 300 does not fit */
    CHECK_ERR(&ctx, tn_binary(&ctx, TN_ADD, u8, w300), TN_ERR_DTYPE, "300 does not fit in u8");
    /* comparisons with it are still exact */
    Tensor *lt = tn_binary(&ctx, TN_LT, u8, w300);
    CHECK_INT(1, tn_get_i64(lt, 0));
    tn_free(&ctx, lt);
    CHECK_ERR(&ctx, tn_binary(&ctx, TN_SUB, bo, bo), TN_ERR_DTYPE, "- is not defined for bool");
    CHECK(strstr(ctx.hint, "^") != NULL);
    CHECK_ERR(&ctx, tn_binary(&ctx, TN_AND, f64, bo), TN_ERR_DTYPE, "& needs bool or integer tensors, got f64[3] & bool[3]");
    CHECK_ERR(&ctx, tn_unary(&ctx, TN_NEG, bo), TN_ERR_DTYPE, "unary - is not defined for bool");
    CHECK_ERR(&ctx, tn_unary(&ctx, TN_INVERT, f32), TN_ERR_DTYPE, "~ needs a bool or integer tensor, got f32[3]");
    Tensor *all[] = {f32, i32, i64, bo, u8, f64, w25, w1, w300, s1};
    for (int k = 0; k < 10; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_broadcast_error(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s43[] = {4, 3}, s4[] = {4};
    Tensor *x = tn_zeros(&ctx, TN_F64, 2, s43), *m = tn_zeros(&ctx, TN_F64, 1, s4);
    CHECK_ERR(&ctx, tn_binary(&ctx, TN_SUB, x, m), TN_ERR_SHAPE,
              "shapes f64[4,3] and f64[4] cannot be broadcast together");
    CHECK_INT(2, ctx.detail.nshapes);
    CHECK_INT(-1, ctx.detail.axis);
    CHECK_INT(2, ctx.detail.ndim[0]);
    CHECK_INT(3, ctx.detail.shape[0][1]);
    CHECK_INT(4, ctx.detail.shape[1][0]);
    CHECK(strstr(ctx.hint, "keepdims=True") != NULL);
    CHECK(strstr(ctx.hint, "axis=1") != NULL);
    tn_free(&ctx, x);
    tn_free(&ctx, m);
    CHECK_NO_LEAKS();
}

/* edge values, expected results from NumPy 1.24 */
static void test_numpy_edges(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t n10[] = {10};
    double av[] = {-7.5, -7, 7, 7.5, 0, -0.0, 5, INFINITY, -3, 3};
    double bv[] = {2, -2, -2, 2.5, 3, 3, 0, 2, INFINITY, -INFINITY};
    Tensor *a = test_tensor(&ctx, TN_F64, 1, n10, av), *b = test_tensor(&ctx, TN_F64, 1, n10, bv);
    Tensor *fd = tn_binary(&ctx, TN_FLOORDIV, a, b), *md = tn_binary(&ctx, TN_MOD, a, b);
    double wfd[] = {-4.0, 3.0, -4.0, 3.0, 0.0, -0.0, INFINITY, NAN, -1.0, -1.0};
    double wmd[] = {0.5, -1.0, -1.0, 0.0, 0.0, 0.0, NAN, NAN, INFINITY, -INFINITY};
    CHECK_VALUES(fd, wfd, 0);
    CHECK_VALUES(md, wmd, 0);
    CHECK(!signbit(tn_get_f64(md, 5)));   /* remainder(-0.0, 3) is +0.0 */
    Tensor *t[] = {a, b, fd, md};
    for (int k = 0; k < 4; k++)
        tn_free(&ctx, t[k]);

    int64_t n8[] = {8};
    double ai[] = {-7, -7, 7, 7, 0, 5, -128, (double)INT64_MIN};
    double bi[] = {2, -2, -2, 2, 3, 0, -1, -1};
    a = tn_empty(&ctx, TN_I64, 1, n8);
    b = tn_empty(&ctx, TN_I64, 1, n8);
    for (int i = 0; i < 8; i++) {
        tn_set_i64(a, i, i == 7 ? INT64_MIN : (int64_t)ai[i]);
        tn_set_i64(b, i, (int64_t)bi[i]);
    }
    fd = tn_binary(&ctx, TN_FLOORDIV, a, b);
    md = tn_binary(&ctx, TN_MOD, a, b);
    int64_t wfi[] = {-4, 3, -4, 3, 0, 0, 128, INT64_MIN};
    int64_t wmi[] = {1, -1, -1, 1, 0, 0, 0, 0};
    for (int i = 0; i < 8; i++) {
        CHECK_INT(wfi[i], tn_get_i64(fd, i));
        CHECK_INT(wmi[i], tn_get_i64(md, i));
    }
    Tensor *t2[] = {a, b, fd, md};
    for (int k = 0; k < 4; k++)
        tn_free(&ctx, t2[k]);

    /* integer powers wrap; negative exponents are an error */
    int64_t n3[] = {3};
    double pb[] = {2, 3, -2}, pe[] = {10, 3, 3};
    a = test_tensor(&ctx, TN_I32, 1, n3, pb);
    b = test_tensor(&ctx, TN_I32, 1, n3, pe);
    Tensor *p = tn_binary(&ctx, TN_POW, a, b);
    double wp[] = {1024, 27, -8};
    CHECK_VALUES(p, wp, 0);
    tn_free(&ctx, p);
    Tensor *neg = tn_scalar_i64(&ctx, -1, true);
    CHECK_ERR(&ctx, tn_binary(&ctx, TN_POW, a, neg), TN_ERR_VALUE, "negative integer powers");
    Tensor *u = tn_scalar(&ctx, TN_U8, 3), *u7 = tn_scalar(&ctx, TN_U8, 7);
    p = tn_binary(&ctx, TN_POW, u, u7);
    CHECK_INT(139, tn_get_i64(p, 0));
    tn_free(&ctx, p);
    /* x ** 2 and x ** 0.5 take the fast forms, same values */
    Tensor *two = tn_scalar_i64(&ctx, 2, true), *half = tn_scalar_f64(&ctx, 0.5, true);
    p = tn_binary(&ctx, TN_POW, a, two);
    CHECK_INT(TN_I32, p->dtype);
    double wsq[] = {4, 9, 4};
    CHECK_VALUES(p, wsq, 0);
    tn_free(&ctx, p);
    p = tn_binary(&ctx, TN_POW, a, half);
    CHECK_INT(TN_F64, p->dtype);
    double wsqrt[] = {sqrt(2), sqrt(3), NAN};
    CHECK_VALUES(p, wsqrt, 1e-15);
    tn_free(&ctx, p);
    Tensor *t3[] = {a, b, neg, u, u7, two, half};
    for (int k = 0; k < 7; k++)
        tn_free(&ctx, t3[k]);

    /* maximum propagates NaN from either side */
    double m1[] = {1, NAN, 3}, m2[] = {NAN, 2, 1};
    a = test_tensor(&ctx, TN_F64, 1, n3, m1);
    b = test_tensor(&ctx, TN_F64, 1, n3, m2);
    p = tn_binary(&ctx, TN_MAXIMUM, a, b);
    double wm[] = {NAN, NAN, 3};
    CHECK_VALUES(p, wm, 0);
    tn_free(&ctx, p);
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    CHECK_NO_LEAKS();
}

typedef double (*RefFn)(double);
static double ref_sign(double x) { return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x; }
static double ref_square(double x) { return x * x; }
static double ref_sigmoid(double x) { return 1 / (1 + exp(-x)); }
static double ref_recip(double x) { return 1 / x; }
static double ref_neg(double x) { return -x; }

static void test_unary_float(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    struct { TnUnOp op; RefFn f; double lo, hi; } cases[] = {
        {TN_EXP, exp, -700, 700}, {TN_LOG, log, 1e-3, 1e3}, {TN_LOG1P, log1p, -0.5, 10},
        {TN_EXPM1, expm1, -3, 3}, {TN_SQRT, sqrt, 0, 100}, {TN_SIN, sin, -10, 10},
        {TN_COS, cos, -10, 10}, {TN_TAN, tan, -1, 1}, {TN_TANH, tanh, -5, 5},
        {TN_ARCTAN, atan, -5, 5}, {TN_FLOOR, floor, -5, 5}, {TN_CEIL, ceil, -5, 5},
        {TN_RINT, rint, -5, 5}, {TN_ABS, fabs, -5, 5}, {TN_SIGN, ref_sign, -5, 5},
        {TN_SQUARE, ref_square, -5, 5}, {TN_SIGMOID, ref_sigmoid, -40, 40},
        {TN_RECIPROCAL, ref_recip, 1, 5}, {TN_NEG, ref_neg, -5, 5}, {TN_LOG2, log2, 1, 9},
        {TN_EXP2, exp2, -5, 5}, {TN_SINH, sinh, -3, 3}, {TN_ARCSIN, asin, -1, 1},
    };
    int64_t n[] = {2, 300};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        for (int dti = 0; dti < 2; dti++) {
            TnDType dt = dti ? TN_F32 : TN_F64;
            Tensor *a = tn_empty(&ctx, dt, 2, n);
            for (int64_t i = 0; i < a->size; i++)
                tn_set_f64(a, i, cases[k].lo + (cases[k].hi - cases[k].lo) * (double)i / 599.0);
            Tensor *r = tn_unary(&ctx, cases[k].op, a);
            CHECK_OK(&ctx, r);
            CHECK_INT(dt, r->dtype);
            double tol = dt == TN_F32 ? 3e-7 : 3e-16;
            for (int64_t i = 0; i < a->size; i++) {
                double want = cases[k].f(tn_get_f64(a, i));
                if (dt == TN_F32)
                    want = (float)want;
                double got = tn_get_f64(r, i);
                if (!test_close(want, got, tol) && !(fabs(want) < 1e-300 && fabs(got) < 1e-300)) {
                    fprintf(stderr, "%s %s [%lld] x=%.17g: expected %.17g, got %.17g\n",
                            tn_unop_name(cases[k].op), tn_dtype_name(dt), (long long)i, tn_get_f64(a, i),
                            want, got);
                    exit(1);
                }
            }
            /* a strided view gives bit-identical values */
            int64_t vs[] = {300, 2}, vst[] = {1, 300};
            Tensor *v = test_view(&ctx, a, 2, vs, vst, 0);
            Tensor *rv = tn_unary(&ctx, cases[k].op, v);
            for (int64_t i = 0; i < 300; i++)
                for (int64_t j = 0; j < 2; j++)
                    CHECK(tn_get_f64(rv, i * 2 + j) == tn_get_f64(r, j * 300 + i) ||
                          (isnan(tn_get_f64(rv, i * 2 + j)) && isnan(tn_get_f64(r, j * 300 + i))));
            tn_free(&ctx, v);
            tn_free(&ctx, rv);
            tn_free(&ctx, a);
            tn_free(&ctx, r);
        }
    }
    /* special values of exp and sigmoid */
    int64_t n8[] = {8};
    double sv[] = {NAN, INFINITY, -INFINITY, 0, 709.78, 709.79, -745.2, -1000};
    Tensor *a = test_tensor(&ctx, TN_F64, 1, n8, sv);
    Tensor *r = tn_unary(&ctx, TN_EXP, a);
    for (int i = 0; i < 8; i++)
        CHECK_NEAR(exp(sv[i]), tn_get_f64(r, i), 3e-16);
    tn_free(&ctx, r);
    r = tn_unary(&ctx, TN_SIGMOID, a);
    double ws[] = {NAN, 1, 0, 0.5, 1, 1, 0, 0};
    CHECK_VALUES(r, ws, 1e-15);
    tn_free(&ctx, r);
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static void test_unary_int_bool(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t n[] = {5};
    double v[] = {-3, -1, 0, 2, 7};
    Tensor *i = test_tensor(&ctx, TN_I32, 1, n, v);
    struct { TnUnOp op; TnDType dt; double want[5]; } cases[] = {
        {TN_NEG, TN_I32, {3, 1, 0, -2, -7}},
        {TN_INVERT, TN_I32, {2, 0, -1, -3, -8}},
        {TN_ABS, TN_I32, {3, 1, 0, 2, 7}},
        {TN_SIGN, TN_I32, {-1, -1, 0, 1, 1}},
        {TN_SQUARE, TN_I32, {9, 1, 0, 4, 49}},
        {TN_ISNAN, TN_BOOL, {0, 0, 0, 0, 0}},
        {TN_ISFINITE, TN_BOOL, {1, 1, 1, 1, 1}},
        {TN_LOGICAL_NOT, TN_BOOL, {0, 0, 1, 0, 0}},
        {TN_FLOOR, TN_F64, {-3, -1, 0, 2, 7}},      /* NumPy 1.24: float result */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        Tensor *r = tn_unary(&ctx, cases[k].op, i);
        CHECK_OK(&ctx, r);
        CHECK_INT(cases[k].dt, r->dtype);
        CHECK_VALUES(r, cases[k].want, 0);
        tn_free(&ctx, r);
    }
    Tensor *e = tn_unary(&ctx, TN_EXP, i);
    CHECK_INT(TN_F64, e->dtype);
    CHECK_NEAR(exp(-3), tn_get_f64(e, 0), 1e-16);
    tn_free(&ctx, e);
    double bv[] = {1, 0, 1, 1, 0};
    Tensor *b = test_tensor(&ctx, TN_BOOL, 1, n, bv);
    Tensor *nb = tn_unary(&ctx, TN_INVERT, b);
    double wnb[] = {0, 1, 0, 0, 1};
    CHECK_VALUES(nb, wnb, 0);
    Tensor *eb = tn_unary(&ctx, TN_SQRT, b);
    CHECK_INT(TN_F32, eb->dtype);   /* NumPy: float16, which Nabla lacks */
    double u8v[] = {0, 1, 200, 255, 3};
    Tensor *u = test_tensor(&ctx, TN_U8, 1, n, u8v);
    Tensor *nu = tn_unary(&ctx, TN_NEG, u);
    double wnu[] = {0, 255, 56, 1, 253};
    CHECK_VALUES(nu, wnu, 0);
    Tensor *all[] = {i, b, nb, eb, u, nu};
    for (int k = 0; k < 6; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_inplace(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s23[] = {2, 3};
    double v[] = {1, 2, 3, 4, 5, 6};
    Tensor *x = test_tensor(&ctx, TN_F64, 2, s23, v);
    Tensor *one = tn_scalar_i64(&ctx, 1, true);
    CHECK_OK(&ctx, tn_binary_inplace(&ctx, TN_ADD, x, one));
    double w1[] = {2, 3, 4, 5, 6, 7};
    CHECK_VALUES(x, w1, 0);
    /* through a column view: x[:, 1] *= 10 */
    int64_t s2[] = {2}, st[] = {3};
    Tensor *col = test_view(&ctx, x, 1, s2, st, 1);
    Tensor *ten = tn_scalar_f64(&ctx, 10, true);
    CHECK_OK(&ctx, tn_binary_inplace(&ctx, TN_MUL, col, ten));
    double w2[] = {2, 30, 4, 5, 60, 7};
    CHECK_VALUES(x, w2, 0);
    /* x += x[::-1] overlaps: must read the old values */
    int64_t rst[] = {-3, 1};
    Tensor *rev = test_view(&ctx, x, 2, s23, rst, 3);
    CHECK_OK(&ctx, tn_binary_inplace(&ctx, TN_ADD, x, rev));
    double w3[] = {7, 90, 11, 7, 90, 11};
    CHECK_VALUES(x, w3, 0);
    /* a transposed target: x.T -= 1 */
    int64_t s32[] = {3, 2}, tst[] = {1, 3};
    Tensor *xt = test_view(&ctx, x, 2, s32, tst, 0);
    CHECK_OK(&ctx, tn_binary_inplace(&ctx, TN_SUB, xt, one));
    double w4[] = {6, 89, 10, 6, 89, 10};
    CHECK_VALUES(x, w4, 0);
    /* i64 += 2.5 breaks same_kind */
    Tensor *xi = test_tensor(&ctx, TN_I64, 2, s23, v);
    Tensor *h = tn_scalar_f64(&ctx, 2.5, true);
    CHECK_ERR(&ctx, tn_binary_inplace(&ctx, TN_ADD, xi, h), TN_ERR_DTYPE, "+= would store f64 results into i64");
    /* i32 tensor into f32 target is fine (f64 result cast back) */
    Tensor *xf = test_tensor(&ctx, TN_F32, 2, s23, v);
    Tensor *ii = test_tensor(&ctx, TN_I32, 2, s23, v);
    CHECK_OK(&ctx, tn_binary_inplace(&ctx, TN_MUL, xf, ii));
    double w5[] = {1, 4, 9, 16, 25, 36};
    CHECK_VALUES(xf, w5, 0);
    /* the target cannot grow */
    int64_t s223[] = {2, 2, 3};
    Tensor *big = tn_zeros(&ctx, TN_F64, 3, s223);
    CHECK_ERR(&ctx, tn_binary_inplace(&ctx, TN_ADD, x, big), TN_ERR_SHAPE, "cannot change the shape");
    Tensor *all[] = {x, one, col, ten, rev, xt, xi, h, xf, ii, big};
    for (int k = 0; k < 11; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_where_clip_round(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s23[] = {2, 3}, s3[] = {3};
    double v[] = {-2, 5, 0.5, 3, -7, 1.5};
    Tensor *x = test_tensor(&ctx, TN_F64, 2, s23, v);
    Tensor *zero = tn_scalar_f64(&ctx, 0, true);
    Tensor *cond = tn_binary(&ctx, TN_GT, x, zero);
    double bv[] = {10, 20, 30};
    Tensor *b = test_tensor(&ctx, TN_I64, 1, s3, bv);
    Tensor *w = tn_where(&ctx, cond, x, b);
    CHECK_OK(&ctx, w);
    CHECK_INT(TN_F64, w->dtype);
    double ww[] = {10, 5, 0.5, 3, 20, 1.5};
    CHECK_VALUES(w, ww, 0);
    tn_free(&ctx, w);
    /* where with a transposed condition and scalar branches */
    int64_t s32[] = {3, 2}, tst[] = {1, 3};
    Tensor *ct = test_view(&ctx, cond, 2, s32, tst, 0);
    Tensor *one = tn_scalar_i64(&ctx, 1, true);
    w = tn_where(&ctx, ct, one, zero);
    CHECK_INT(TN_F64, w->dtype);
    double wt[] = {0, 1, 1, 0, 1, 1};
    CHECK_VALUES(w, wt, 0);
    tn_free(&ctx, w);
    Tensor *lo = tn_scalar_f64(&ctx, -1, true), *hi = tn_scalar_f64(&ctx, 2, true);
    Tensor *c = tn_clip(&ctx, x, lo, hi);
    double wc[] = {-1, 2, 0.5, 2, -1, 1.5};
    CHECK_VALUES(c, wc, 0);
    tn_free(&ctx, c);
    c = tn_clip(&ctx, x, NULL, hi);
    double wc2[] = {-2, 2, 0.5, 2, -7, 1.5};
    CHECK_VALUES(c, wc2, 0);
    tn_free(&ctx, c);
    CHECK_ERR(&ctx, tn_clip(&ctx, x, NULL, NULL), TN_ERR_VALUE, "clip needs");
    /* np.round: half to even */
    int64_t s6[] = {6};
    double rv[] = {0.5, 1.5, 2.5, -0.5, 1.25, 1234.5678};
    Tensor *r = test_tensor(&ctx, TN_F64, 1, s6, rv);
    Tensor *r0 = tn_round(&ctx, r, 0), *r1 = tn_round(&ctx, r, 1);
    double w0[] = {0, 2, 2, -0.0, 1, 1235}, w1[] = {0.5, 1.5, 2.5, -0.5, 1.2, 1234.6};
    CHECK_VALUES(r0, w0, 0);
    CHECK_VALUES(r1, w1, 1e-15);
    double iv[] = {1250, 1350, -1250};
    Tensor *ri = test_tensor(&ctx, TN_I64, 1, s3, iv);
    Tensor *rim = tn_round(&ctx, ri, -2);
    CHECK_INT(TN_I64, rim->dtype);
    double wim[] = {1200, 1400, -1200};
    CHECK_VALUES(rim, wim, 0);
    double nv[] = {NAN, INFINITY, -INFINITY, 1, 2, 3};
    Tensor *nn = test_tensor(&ctx, TN_F64, 1, s6, nv);
    Tensor *n1 = tn_nan_to_num(&ctx, nn, 0, NULL, NULL);
    double wn1[] = {0, 1.7976931348623157e308, -1.7976931348623157e308, 1, 2, 3};
    CHECK_VALUES(n1, wn1, 0);
    double pinf = 9;
    Tensor *n2 = tn_nan_to_num(&ctx, nn, -1, &pinf, NULL);
    double wn2[] = {-1, 9, -1.7976931348623157e308, 1, 2, 3};
    CHECK_VALUES(n2, wn2, 0);
    /* fill through a strided view */
    int64_t s2[] = {2}, st[] = {3};
    Tensor *colv = test_view(&ctx, x, 1, s2, st, 2);
    CHECK_OK(&ctx, tn_fill(&ctx, colv, 8));
    double wf[] = {-2, 5, 8, 3, -7, 8};
    CHECK_VALUES(x, wf, 0);
    Tensor *all[] = {x, zero, cond, b, ct, one, lo, hi, r, r0, r1, ri, rim, nn, n1, n2, colv};
    for (int k = 0; k < 17; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

/* with ctx->nthreads 2, big kernels split across threads: same results */
static void test_threads(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {3, 200001}, row[] = {200001};
    Tensor *a = tn_empty(&ctx, TN_F64, 2, s), *b = tn_empty(&ctx, TN_F64, 1, row);
    for (int64_t i = 0; i < a->size; i++)
        tn_set_f64(a, i, (double)(i % 1000) * 0.01 - 5);
    for (int64_t i = 0; i < b->size; i++)
        tn_set_f64(b, i, (double)(i % 77));
    Tensor *e1 = tn_unary(&ctx, TN_EXP, a), *s1 = tn_binary(&ctx, TN_MUL, a, b);
    Tensor *at = tn_transpose(&ctx, a);
    Tensor *t1 = tn_unary(&ctx, TN_SIN, at);
    ctx.nthreads = 2;
    Tensor *e2 = tn_unary(&ctx, TN_EXP, a), *s2 = tn_binary(&ctx, TN_MUL, a, b);
    Tensor *t2 = tn_unary(&ctx, TN_SIN, at);
    int64_t flat[] = {a->size};
    Tensor *fa = tn_reshape(&ctx, a, 1, flat);
    Tensor *f2 = tn_unary(&ctx, TN_EXP, fa);
    for (int64_t i = 0; i < a->size; i++) {
        CHECK(tn_get_f64(e1, i) == tn_get_f64(e2, i));
        CHECK(tn_get_f64(s1, i) == tn_get_f64(s2, i));
        CHECK(tn_get_f64(t1, i) == tn_get_f64(t2, i));
        CHECK(tn_get_f64(e1, i) == tn_get_f64(f2, i));
    }
    Tensor *all[] = {a, b, e1, s1, at, t1, e2, s2, t2, fa, f2};
    for (int k = 0; k < 11; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_threads();
    test_all_ops_all_dtypes();
    test_long_runs();
    test_result_dtypes();
    test_broadcast_error();
    test_numpy_edges();
    test_unary_float();
    test_unary_int_bool();
    test_inplace();
    test_where_clip_round();
    printf("test_elementwise: ok\n");
    return 0;
}
