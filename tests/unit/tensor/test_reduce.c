/* test_reduce.c - reductions against naive loops over every axis set, with
   and without keepdims, on contiguous, transposed, reversed, broadcast,
   empty and 0-d inputs; exact agreement with NumPy's pairwise sums; arg
   reductions, cumulative sums, dtypes and errors. */
#include "reduce.h"
#include "tn_test.h"

/* the output flat index (kept axes, C order) of input flat index i */
static int64_t out_index(const Tensor *a, const bool *mask, int64_t i)
{
    int64_t idx[TN_MAX_DIMS];
    for (int d = a->ndim - 1; d >= 0; d--) {
        idx[d] = i % a->shape[d];
        i /= a->shape[d];
    }
    int64_t o = 0;
    for (int d = 0; d < a->ndim; d++)
        if (!mask[d])
            o = o * a->shape[d] + idx[d];
    return o;
}

static double ref_reduce(TnReduceOp op, const Tensor *a, const bool *mask, int64_t oi, int ddof,
                         bool want_var)
{
    double acc = 0, prod = 1, mn = INFINITY, mx = -INFINITY, nn = 0, cnt = 0, nz = 0, nansum = 0;
    bool any = false, all = true, nan = false;
    uint64_t iprod = 1;   /* integer products wrap, as NumPy's */
    for (int64_t i = 0; i < a->size; i++) {
        if (out_index(a, mask, i) != oi)
            continue;
        double v = tn_get_f64(a, i);
        cnt++;
        acc += v;
        prod *= v;
        iprod *= (uint64_t)(int64_t)v;
        if (isnan(v))
            nan = true;
        else {
            nansum += v;
            nn++;
        }
        mn = v < mn ? v : mn;
        mx = v > mx ? v : mx;
        any = any || v != 0;
        all = all && v != 0;
        nz += v != 0;
    }
    if (want_var) {
        double m = acc / cnt, ss = 0;
        for (int64_t i = 0; i < a->size; i++)
            if (out_index(a, mask, i) == oi) {
                double d = tn_get_f64(a, i) - m;
                ss += d * d;
            }
        return ss / (cnt - ddof);
    }
    switch (op) {
    case TN_RED_SUM: return acc;
    case TN_RED_PROD: return tn_dtype_is_float(a->dtype) ? prod : (double)(int64_t)iprod;
    case TN_RED_MEAN: return acc / cnt;
    case TN_RED_MIN: return nan ? NAN : mn;
    case TN_RED_MAX: return nan ? NAN : mx;
    case TN_RED_ANY: return any;
    case TN_RED_ALL: return all;
    case TN_RED_NANSUM: return nansum;
    case TN_RED_NANMEAN: return nansum / nn;
    case TN_RED_COUNT_NONZERO: return nz;
    default: return NAN;
    }
}

static TnDType want_dtype(TnReduceOp op, TnDType dt)
{
    bool fl = tn_dtype_is_float(dt);
    switch (op) {
    case TN_RED_SUM: case TN_RED_PROD: case TN_RED_NANSUM: return fl ? dt : TN_I64;
    case TN_RED_MEAN: case TN_RED_NANMEAN: return fl ? dt : TN_F64;
    case TN_RED_MIN: case TN_RED_MAX: return dt;
    case TN_RED_ANY: case TN_RED_ALL: return TN_BOOL;
    default: return TN_I64;
    }
}

static void check_reduction(TnCtx *ctx, TnReduceOp op, const Tensor *a, const int *axes, int naxes,
                            bool keepdims, const char *what, bool var, int ddof)
{
    bool mask[TN_MAX_DIMS];
    CHECK(tn_axes_mask(ctx, a, axes, naxes, mask));
    Tensor *r = var ? tn_var(ctx, a, axes, naxes, ddof, keepdims)
                    : tn_reduce(ctx, op, a, axes, naxes, keepdims);
    CHECK_OK(ctx, r);
    if (!var)
        CHECK_INT(want_dtype(op, a->dtype), r->dtype);
    /* shape */
    int nd = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (mask[d] && !keepdims)
            continue;
        CHECK_INT(mask[d] ? 1 : a->shape[d], r->shape[nd]);
        nd++;
    }
    CHECK_INT(nd, r->ndim);
    double tol = a->dtype == TN_F32 || r->dtype == TN_F32 ? 2e-6 : 1e-12;
    for (int64_t oi = 0; oi < r->size; oi++) {
        double want = ref_reduce(op, a, mask, oi, ddof, var);
        double got = tn_get_f64(r, oi);
        if (!test_close(want, got, tol)) {
            fprintf(stderr, "%s %s (%s, naxes %d, keepdims %d): [%lld] expected %.17g, got %.17g\n",
                    var ? "var" : tn_reduce_name(op), tn_dtype_name(a->dtype), what, naxes, keepdims,
                    (long long)oi, want, got);
            exit(1);
        }
    }
    tn_free(ctx, r);
}

static void fill_values(Tensor *t, int variant)
{
    for (int64_t i = 0; i < t->size; i++) {
        double v = (double)((i * 7 + variant * 3) % 11) - 4;
        if (t->dtype == TN_BOOL)
            v = (i % 3) != 0;
        else if (t->dtype == TN_U8)
            v = (double)((i * 5) % 9);
        else if (tn_dtype_is_float(t->dtype))
            v = v * 0.5 + 0.25;
        tn_set_f64(t, i, v);
    }
}

static void test_against_reference(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    const TnDType dts[] = {TN_F64, TN_F32, TN_I32, TN_I64, TN_U8, TN_BOOL};
    int64_t s345[] = {3, 4, 5};
    int ax0[] = {0}, ax1[] = {1}, ax2[] = {2}, axm1[] = {-1}, ax02[] = {0, 2}, ax12[] = {2, 1},
        ax012[] = {0, 1, 2};
    struct { const int *axes; int n; } sets[] = {{NULL, -1}, {ax0, 1}, {ax1, 1}, {ax2, 1}, {axm1, 1},
                                                 {ax02, 2}, {ax12, 2}, {ax012, 3}, {ax0, 0}};
    for (int k = 0; k < 6; k++) {
        Tensor *a = tn_empty(&ctx, dts[k], 3, s345);
        fill_values(a, k);
        /* layouts: contiguous, permuted (5,3,4), reversed steps, broadcast */
        int64_t ps[] = {5, 3, 4}, pst[] = {1, 20, 5};
        Tensor *perm = test_view(&ctx, a, 3, ps, pst, 0);
        int64_t rs[] = {3, 2, 5}, rst[] = {20, -10, -1};
        Tensor *rev = test_view(&ctx, a, 3, rs, rst, 19);
        int64_t bs[] = {3, 4, 5}, bst[] = {20, 0, 1};
        Tensor *bc = test_view(&ctx, a, 3, bs, bst, 0);
        int64_t es[] = {3, 0, 5};
        Tensor *empty = tn_zeros(&ctx, dts[k], 3, es);
        const Tensor *layouts[] = {a, perm, rev, bc, empty};
        const char *names[] = {"contiguous", "permuted", "reversed", "broadcast", "empty"};
        for (int l = 0; l < 5; l++)
            for (size_t si = 0; si < sizeof sets / sizeof sets[0]; si++)
                for (int kd = 0; kd < 2; kd++) {
                    for (int op = 0; op < TN_REDUCE_COUNT; op++) {
                        if ((op == TN_RED_MIN || op == TN_RED_MAX) && l == 4 &&
                            (sets[si].n < 0 || sets[si].axes[0] == 1 || sets[si].n == 3 ||
                             (sets[si].n == 2 && sets[si].axes[1] == 1)))
                            continue;   /* no identity: checked as an error below */
                        check_reduction(&ctx, (TnReduceOp)op, layouts[l], sets[si].axes, sets[si].n,
                                        kd, names[l], false, 0);
                    }
                    if (l != 4) {
                        check_reduction(&ctx, TN_RED_SUM, layouts[l], sets[si].axes, sets[si].n, kd,
                                        names[l], true, 0);
                        check_reduction(&ctx, TN_RED_SUM, layouts[l], sets[si].axes, sets[si].n, kd,
                                        names[l], true, 1);
                    }
                }
        Tensor *all[] = {a, perm, rev, bc, empty};
        for (int i = 0; i < 5; i++)
            tn_free(&ctx, all[i]);
    }
    /* 0-d */
    Tensor *z = tn_scalar_f64(&ctx, 2.5, false);
    Tensor *s = tn_sum(&ctx, z, NULL, -1, false);
    CHECK_INT(0, s->ndim);
    CHECK_NEAR(2.5, tn_get_f64(s, 0), 0);
    tn_free(&ctx, s);
    int one[] = {0};
    CHECK_ERR(&ctx, tn_sum(&ctx, z, one, 1, false), TN_ERR_VALUE, "axis 0 is out of bounds for a tensor of dimension 0");
    tn_free(&ctx, z);
    CHECK_NO_LEAKS();
}

/* values from NumPy 1.24 for x = (arange(1000003) % 1013) * 0.37 - 100 */
static void test_numpy_exact(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t n[] = {1000003};
    Tensor *x = tn_empty(&ctx, TN_F64, 1, n);
    double *p = tn_data(x);
    for (int64_t i = 0; i < n[0]; i++)
        p[i] = (double)(i % 1013) * 0.37 - 100.0;
    Tensor *r = tn_sum(&ctx, x, NULL, -1, false);
    CHECK(tn_get_f64(r, 0) == 87193501.03999999);
    tn_free(&ctx, r);
    r = tn_mean(&ctx, x, NULL, -1, false);
    CHECK(tn_get_f64(r, 0) == 87.19323946028162);
    tn_free(&ctx, r);
    r = tn_var(&ctx, x, NULL, -1, 0, false);
    CHECK(tn_get_f64(r, 0) == 11709.073896005673);
    tn_free(&ctx, r);
    r = tn_std(&ctx, x, NULL, -1, 1, false);
    CHECK(tn_get_f64(r, 0) == 108.20852833790946);
    tn_free(&ctx, r);
    Tensor *xf = tn_astype(&ctx, x, TN_F32);
    r = tn_sum(&ctx, xf, NULL, -1, false);
    CHECK_INT(TN_F32, r->dtype);
    CHECK(tn_get_f64(r, 0) == (float)87193510.0);   /* NumPy prints the shortest f32 repr */
    tn_free(&ctx, r);
    /* y = x[:600].reshape(20, 30) */
    int64_t s[] = {20, 30}, st[] = {30, 1};
    Tensor *y = test_view(&ctx, x, 2, s, st, 0);
    int ax0[] = {0}, ax1[] = {1};
    r = tn_sum(&ctx, y, ax0, 1, false);
    CHECK(tn_get_f64(r, 0) == 109.0 && tn_get_f64(r, 1) == 116.39999999999995);
    tn_free(&ctx, r);
    r = tn_sum(&ctx, y, ax1, 1, false);
    CHECK(tn_get_f64(r, 0) == -2839.05 && tn_get_f64(r, 1) == -2506.05);
    tn_free(&ctx, r);
    Tensor *all[] = {x, xf, y};
    for (int i = 0; i < 3; i++)
        tn_free(&ctx, all[i]);
    CHECK_NO_LEAKS();
}

static void test_args_and_cumulative(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {2, 4};
    double v[] = {3, 1, 4, 1, 5, 9, 2, 6};
    Tensor *a = test_tensor(&ctx, TN_F64, 2, s, v);
    Tensor *r = tn_argmax(&ctx, a, 0, false, false);
    CHECK_INT(0, r->ndim);
    CHECK_INT(5, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    r = tn_argmin(&ctx, a, 1, true, false);
    double w1[] = {1, 2};   /* first occurrence wins */
    CHECK_VALUES(r, w1, 0);
    tn_free(&ctx, r);
    r = tn_argmax(&ctx, a, -2, true, true);
    CHECK_SHAPE(r, 2, 1, 4);
    double w2[] = {1, 1, 0, 1};
    CHECK_VALUES(r, w2, 0);
    tn_free(&ctx, r);
    /* on a transposed view: argmax along axis 1 of a.T (4,2) */
    int64_t ts[] = {4, 2}, tst[] = {1, 4};
    Tensor *at = test_view(&ctx, a, 2, ts, tst, 0);
    r = tn_argmax(&ctx, at, 1, true, false);
    double w3[] = {1, 1, 0, 1};
    CHECK_VALUES(r, w3, 0);
    tn_free(&ctx, r);
    r = tn_argmin(&ctx, at, 0, false, true);   /* flattened a.T: 3,5,1,9,4,2,1,6 */
    CHECK_SHAPE(r, 2, 1, 1);
    CHECK_INT(2, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    /* NaN: the first NaN is the max and the min (NumPy) */
    int64_t s4[] = {4};
    double nv[] = {1, NAN, 3, NAN};
    Tensor *nn = test_tensor(&ctx, TN_F64, 1, s4, nv);
    r = tn_argmax(&ctx, nn, 0, false, false);
    CHECK_INT(1, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    r = tn_argmin(&ctx, nn, 0, false, false);
    CHECK_INT(1, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    /* cumulative */
    r = tn_cumsum(&ctx, a, 1, true);
    double c1[] = {3, 4, 8, 9, 5, 14, 16, 22};
    CHECK_VALUES(r, c1, 0);
    tn_free(&ctx, r);
    r = tn_cumsum(&ctx, at, 0, false);
    double c2[] = {3, 8, 9, 18, 22, 24, 25, 31};
    CHECK_VALUES(r, c2, 0);
    CHECK_SHAPE(r, 1, 8);
    tn_free(&ctx, r);
    r = tn_cumprod(&ctx, a, 0, true);
    double c3[] = {3, 1, 4, 1, 15, 9, 8, 6};
    CHECK_VALUES(r, c3, 0);
    tn_free(&ctx, r);
    double bv[] = {1, 1, 0, 1};
    Tensor *b = test_tensor(&ctx, TN_BOOL, 1, s4, bv);
    r = tn_cumsum(&ctx, b, 0, true);
    CHECK_INT(TN_I64, r->dtype);
    double c4[] = {1, 2, 2, 3};
    CHECK_VALUES(r, c4, 0);
    tn_free(&ctx, r);
    /* errors */
    int64_t es[] = {0, 3};
    Tensor *e = tn_zeros(&ctx, TN_F64, 2, es);
    CHECK_ERR(&ctx, tn_argmax(&ctx, e, 0, false, false), TN_ERR_VALUE, "argmax of an empty selection");
    CHECK_ERR(&ctx, tn_reduce(&ctx, TN_RED_MAX, e, NULL, -1, false), TN_ERR_VALUE, "max of an empty selection: f64[0,3]");
    int ax1[] = {1};
    r = tn_reduce(&ctx, TN_RED_MAX, e, ax1, 1, false);   /* nothing to reduce into: fine */
    CHECK_OK(&ctx, r);
    CHECK_SHAPE(r, 1, 0);
    tn_free(&ctx, r);
    int bad[] = {2}, dup[] = {1, -1};
    CHECK_ERR(&ctx, tn_sum(&ctx, a, bad, 1, false), TN_ERR_VALUE, "axis 2 is out of bounds for a tensor of dimension 2 (f64[2,4])");
    CHECK(strstr(ctx.hint, "-2..-1") != NULL);
    CHECK_ERR(&ctx, tn_sum(&ctx, a, dup, 2, false), TN_ERR_VALUE, "appears twice");
    CHECK_ERR(&ctx, tn_cumsum(&ctx, a, 3, true), TN_ERR_VALUE, "axis 3 is out of bounds");
    /* var of one element with ddof 1 is nan, as NumPy */
    int64_t s1[] = {1};
    double one[] = {1};
    Tensor *o = test_tensor(&ctx, TN_F64, 1, s1, one);
    r = tn_var(&ctx, o, NULL, -1, 1, false);
    CHECK(isnan(tn_get_f64(r, 0)));
    tn_free(&ctx, r);
    Tensor *all[] = {a, at, nn, b, e, o};
    for (int i = 0; i < 6; i++)
        tn_free(&ctx, all[i]);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_against_reference();
    test_numpy_exact();
    test_args_and_cumulative();
    printf("test_reduce: ok\n");
    return 0;
}
