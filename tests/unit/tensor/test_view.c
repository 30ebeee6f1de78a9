/* test_view.c - slices (Python's rules), transposes, reshape as a view or a
   copy exactly when NumPy copies, squeeze, expand_dims, broadcast_to,
   diagonal, ravel/flatten; views write through to their base. */
#include "ops.h"
#include "tn_test.h"
#include "view.h"

#define ABSENT 0x7fffffff

static TnSlice sl(int64_t a, int64_t b, int64_t c)
{
    TnSlice s = {a, b, c, a != ABSENT, b != ABSENT, c != ABSENT};
    return s;
}

static void test_slice_resolve(void)
{
    /* slice(...).indices(5) and len(range(...)) from Python */
    struct { int64_t a, b, c, start, count, step; } cases[] = {
        {ABSENT, ABSENT, ABSENT, 0, 5, 1}, {1, ABSENT, ABSENT, 1, 4, 1}, {ABSENT, 3, ABSENT, 0, 3, 1},
        {-2, ABSENT, ABSENT, 3, 2, 1}, {ABSENT, -1, ABSENT, 0, 4, 1}, {ABSENT, ABSENT, -1, 4, 5, -1},
        {ABSENT, ABSENT, 2, 0, 3, 2}, {1, ABSENT, -1, 1, 2, -1}, {-1, -4, -1, 4, 3, -1},
        {5, ABSENT, ABSENT, 5, 0, 1}, {-9, 9, ABSENT, 0, 5, 1}, {ABSENT, ABSENT, -3, 4, 2, -3},
        {3, 0, -1, 3, 3, -1}, {10, -10, -2, 4, 3, -2}, {0, 0, ABSENT, 0, 0, 1}, {2, 1, ABSENT, 2, 0, 1},
        {-100, ABSENT, -1, -1, 0, -1}, {ABSENT, -100, -1, 4, 5, -1},
    };
    TnCtx ctx;
    test_ctx(&ctx);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        TnSlice s = sl(cases[k].a, cases[k].b, cases[k].c);
        int64_t start, count, step;
        CHECK(tn_slice_resolve(&ctx, &s, 5, &start, &count, &step));
        if (count != cases[k].count || step != cases[k].step || (count > 0 && start != cases[k].start)) {
            fprintf(stderr, "slice case %zu: expected (%lld,%lld,%lld) got (%lld,%lld,%lld)\n", k,
                    (long long)cases[k].start, (long long)cases[k].count, (long long)cases[k].step,
                    (long long)start, (long long)count, (long long)step);
            exit(1);
        }
    }
    TnSlice z = sl(ABSENT, ABSENT, 0);
    int64_t a, b, c;
    CHECK_ERR(&ctx, tn_slice_resolve(&ctx, &z, 5, &a, &b, &c), TN_ERR_VALUE, "slice step cannot be zero");
}

static Tensor *arange(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape)
{
    Tensor *t = tn_empty(ctx, dt, ndim, shape);
    for (int64_t i = 0; i < t->size; i++)
        tn_set_f64(t, i, (double)i);
    return t;
}

static void test_slices_and_select(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {3, 4};
    Tensor *a = arange(&ctx, TN_I64, 2, s);
    /* a[:, ::-2] */
    TnSlice r = sl(ABSENT, ABSENT, -2);
    Tensor *v = tn_slice(&ctx, a, 1, &r);
    CHECK_OK(&ctx, v);
    CHECK(v->is_view && v->storage == a->storage);
    CHECK_SHAPE(v, 2, 3, 2);
    double w[] = {3, 1, 7, 5, 11, 9};
    CHECK_VALUES(v, w, 0);
    /* then rows 2:0:-1 of that */
    TnSlice r2 = sl(2, 0, -1);
    Tensor *v2 = tn_slice(&ctx, v, 0, &r2);
    double w2[] = {11, 9, 7, 5};
    CHECK_VALUES(v2, w2, 0);
    /* writing through the view reaches the base */
    CHECK_OK(&ctx, tn_fill(&ctx, v2, -1));
    double wa[] = {0, 1, 2, 3, 4, -1, 6, -1, 8, -1, 10, -1};
    CHECK_VALUES(a, wa, 0);
    /* empty slice */
    TnSlice e = sl(3, 1, ABSENT);
    Tensor *ve = tn_slice(&ctx, a, 0, &e);
    CHECK_SHAPE(ve, 2, 0, 4);
    /* select */
    Tensor *row = tn_select(&ctx, a, 0, -1);
    CHECK_SHAPE(row, 1, 4);
    double wr[] = {8, -1, 10, -1};
    CHECK_VALUES(row, wr, 0);
    Tensor *col = tn_select(&ctx, a, 1, 2);
    double wc[] = {2, 6, 10};
    CHECK_VALUES(col, wc, 0);
    Tensor *el = tn_select(&ctx, row, 0, 2);
    CHECK_INT(0, el->ndim);
    CHECK_INT(10, tn_get_i64(el, 0));
    CHECK_ERR(&ctx, tn_select(&ctx, a, 1, 4), TN_ERR_INDEX, "index 4 is out of range for axis 1 with length 4 (tensor i64[3,4])");
    CHECK_INT(1, ctx.detail.axis);
    CHECK(strstr(ctx.hint, "0..3") != NULL);
    CHECK_ERR(&ctx, tn_select(&ctx, a, 0, -4), TN_ERR_INDEX, "index -4 is out of range for axis 0");
    CHECK_ERR(&ctx, tn_slice(&ctx, a, 2, &r), TN_ERR_VALUE, "axis 2 is out of bounds");
    Tensor *all[] = {a, v, v2, ve, row, col, el};
    for (int k = 0; k < 7; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_transposes(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {2, 3, 4};
    Tensor *a = arange(&ctx, TN_F32, 3, s);
    Tensor *t = tn_transpose(&ctx, a);
    CHECK_SHAPE(t, 3, 4, 3, 2);
    CHECK_INT(4, t->strides[0]);
    CHECK_INT(48, t->strides[2]);
    CHECK(!tn_is_contiguous(t) && tn_is_f_contiguous(t));
    /* t[i,j,k] = a[k,j,i] */
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 2; k++)
                CHECK_INT(k * 12 + j * 4 + i, tn_get_i64(t, (i * 3 + j) * 2 + k));
    int axes[] = {1, -1, 0};
    Tensor *p = tn_permute(&ctx, a, axes, 3);
    CHECK_SHAPE(p, 3, 3, 4, 2);
    CHECK_INT(12, tn_get_i64(p, 1));      /* p[0,0,1] = a[1,0,0] */
    Tensor *sw = tn_swapaxes(&ctx, a, 0, 2);
    CHECK_SHAPE(sw, 3, 4, 3, 2);
    Tensor *mv = tn_moveaxis(&ctx, a, 0, -1);
    CHECK_SHAPE(mv, 3, 3, 4, 2);
    CHECK_INT(12, tn_get_i64(mv, 1));
    Tensor *mv2 = tn_moveaxis(&ctx, a, 2, 0);
    CHECK_SHAPE(mv2, 3, 4, 2, 3);
    int bad[] = {0, 0, 1};
    CHECK_ERR(&ctx, tn_permute(&ctx, a, bad, 3), TN_ERR_VALUE, "appears twice");
    CHECK_ERR(&ctx, tn_permute(&ctx, a, bad, 2), TN_ERR_VALUE, "2 axes given for a tensor of dimension 3");
    Tensor *all[] = {a, t, p, sw, mv, mv2};
    for (int k = 0; k < 6; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_reshape(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {2, 3, 4};
    Tensor *a = arange(&ctx, TN_F64, 3, s);
    int64_t ns[] = {4, -1};
    Tensor *r = tn_reshape(&ctx, a, 2, ns);
    CHECK_OK(&ctx, r);
    CHECK_SHAPE(r, 2, 4, 6);
    CHECK(r->is_view && r->storage == a->storage);
    CHECK_INT(17, tn_get_i64(r, 17));
    /* a transposed tensor cannot be flattened by a view: copy (NumPy too) */
    Tensor *t = tn_transpose(&ctx, a);
    int64_t flat[] = {24};
    Tensor *rc = tn_reshape(&ctx, t, 1, flat);
    CHECK(!rc->is_view && rc->storage != a->storage);
    CHECK_INT(12, tn_get_i64(rc, 1));
    /* but splitting an axis of it is a view: (4,3,2) -> (2,2,3,2) */
    int64_t split[] = {2, 2, 3, 2};
    Tensor *rs = tn_reshape(&ctx, t, 4, split);
    CHECK(rs->is_view && rs->storage == a->storage);
    for (int64_t i = 0; i < 24; i++)
        CHECK_INT(tn_get_i64(t, i), tn_get_i64(rs, i));
    /* a column slice a[:, :, 1:3] reshaped to (2,6): rows stay apart, copy;
       to (2,3,2,1): view */
    TnSlice mid = {1, 3, 1, true, true, false};
    Tensor *m = tn_slice(&ctx, a, 2, &mid);
    int64_t s26[] = {2, 6}, s2321[] = {2, 3, 2, 1};
    Tensor *m1 = tn_reshape(&ctx, m, 2, s26);
    CHECK(!m1->is_view);
    double wm1[] = {1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22};
    CHECK_VALUES(m1, wm1, 0);
    Tensor *m2 = tn_reshape(&ctx, m, 4, s2321);
    CHECK(m2->is_view);
    CHECK_VALUES(m2, wm1, 0);
    /* ravel and flatten */
    Tensor *rv = tn_ravel(&ctx, a);
    CHECK(rv->is_view);
    Tensor *rt = tn_ravel(&ctx, t);
    CHECK(!rt->is_view);
    Tensor *fl = tn_flatten(&ctx, a);
    CHECK(!fl->is_view && fl->storage != a->storage);
    CHECK_SHAPE(fl, 1, 24);
    /* 0-d and empty */
    Tensor *z = tn_scalar_f64(&ctx, 3, false);
    int64_t one[] = {1, 1};
    Tensor *z2 = tn_reshape(&ctx, z, 2, one);
    CHECK_SHAPE(z2, 2, 1, 1);
    Tensor *z0 = tn_reshape(&ctx, z2, 0, NULL);
    CHECK_INT(0, z0->ndim);
    int64_t es[] = {0, 4}, es2[] = {2, 0, -1};
    Tensor *e = tn_zeros(&ctx, TN_F64, 2, es);
    CHECK_ERR(&ctx, tn_reshape(&ctx, e, 3, es2), TN_ERR_SHAPE, "cannot reshape f64[0,4] (0 elements) into shape [2, 0, -1]");
    int64_t bad[] = {5, 5};
    CHECK_ERR(&ctx, tn_reshape(&ctx, a, 2, bad), TN_ERR_SHAPE, "cannot reshape f64[2,3,4] (24 elements) into shape [5, 5] (25 elements)");
    int64_t bad2[] = {-1, 5};
    CHECK_ERR(&ctx, tn_reshape(&ctx, a, 2, bad2), TN_ERR_SHAPE, "into shape [-1, 5]");
    int64_t bad3[] = {-1, -1};
    CHECK_ERR(&ctx, tn_reshape(&ctx, a, 2, bad3), TN_ERR_VALUE, "only one dimension can be -1");
    Tensor *all[] = {a, r, t, rc, rs, m, m1, m2, rv, rt, fl, z, z2, z0, e};
    for (int k = 0; k < 15; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_axes_ops(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {1, 3, 1};
    Tensor *a = arange(&ctx, TN_I32, 3, s);
    Tensor *q = tn_squeeze(&ctx, a, NULL, -1);
    CHECK_SHAPE(q, 1, 3);
    int ax[] = {-1};
    Tensor *q2 = tn_squeeze(&ctx, a, ax, 1);
    CHECK_SHAPE(q2, 2, 1, 3);
    int ax1[] = {1};
    CHECK_ERR(&ctx, tn_squeeze(&ctx, a, ax1, 1), TN_ERR_VALUE, "squeeze: axis 1 has length 3, not 1");
    int e1[] = {0, -1};
    Tensor *x = tn_expand_dims(&ctx, q, e1, 2);
    CHECK_SHAPE(x, 3, 1, 3, 1);
    CHECK(tn_is_contiguous(x));
    int e2[] = {1};
    Tensor *x2 = tn_expand_dims(&ctx, q, e2, 1);
    CHECK_SHAPE(x2, 2, 3, 1);
    CHECK_INT(2, tn_get_i64(x2, 2));
    int e3[] = {3};
    CHECK_ERR(&ctx, tn_expand_dims(&ctx, q, e3, 1), TN_ERR_VALUE, "axis 3 is out of bounds");
    /* broadcast_to */
    int64_t bs[] = {2, 3};
    Tensor *b = tn_broadcast_to(&ctx, q, 2, bs);
    CHECK_OK(&ctx, b);
    CHECK(b->readonly && b->strides[0] == 0);
    double wb[] = {0, 1, 2, 0, 1, 2};
    CHECK_VALUES(b, wb, 0);
    Tensor *one = tn_scalar_i64(&ctx, 1, true);
    CHECK_ERR(&ctx, tn_binary_inplace(&ctx, TN_ADD, b, one), TN_ERR_VALUE, "read-only");
    int64_t bad[] = {2, 4};
    CHECK_ERR(&ctx, tn_broadcast_to(&ctx, q, 2, bad), TN_ERR_SHAPE, "cannot broadcast a tensor i32[3] to shape i32[2,4]");
    /* diagonal */
    int64_t s34[] = {3, 4};
    Tensor *m = arange(&ctx, TN_F64, 2, s34);
    Tensor *d0 = tn_diagonal(&ctx, m, 0, 0, 1), *d1 = tn_diagonal(&ctx, m, 1, 0, 1);
    Tensor *dm = tn_diagonal(&ctx, m, -1, 0, 1), *dt = tn_diagonal(&ctx, m, 0, 1, 0);
    double w0[] = {0, 5, 10}, w1[] = {1, 6, 11}, wm[] = {4, 9};
    CHECK_VALUES(d0, w0, 0);
    CHECK_VALUES(d1, w1, 0);
    CHECK_VALUES(dm, wm, 0);
    CHECK_VALUES(dt, w0, 0);
    CHECK_SHAPE(dm, 1, 2);
    Tensor *dfar = tn_diagonal(&ctx, m, 7, 0, 1);
    CHECK_SHAPE(dfar, 1, 0);
    Tensor *all[] = {a, q, q2, x, x2, b, one, m, d0, d1, dm, dt, dfar};
    for (int k = 0; k < 13; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_slice_resolve();
    test_slices_and_select();
    test_transposes();
    test_reshape();
    test_axes_ops();
    printf("test_view: ok\n");
    return 0;
}
