/* test_create.c - arange, linspace (bits as NumPy's), full, ones, the _like forms,
   eye, diag, tril/triu, meshgrid, and the nested-data builder with its
   shape and dtype inference and ragged-data errors. */
#include "create.h"
#include "tn_test.h"
#include "view.h"

static void test_ranges(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *t = tn_arange_f64(&ctx, 0.1, 1, 0.3, TN_F64);
    double w1[] = {0.1, 0.4, 0.7000000000000001};    /* exact NumPy values */
    CHECK_SHAPE(t, 1, 3);
    for (int i = 0; i < 3; i++)
        CHECK(tn_get_f64(t, i) == w1[i]);
    tn_free(&ctx, t);
    t = tn_arange_f64(&ctx, 0, 1, 0.1, TN_F64);
    CHECK_SHAPE(t, 1, 10);
    tn_free(&ctx, t);
    t = tn_arange_f64(&ctx, 1, 0, -0.25, TN_F32);
    CHECK_INT(TN_F32, t->dtype);
    double w2[] = {1.0, 0.75, 0.5, 0.25};
    CHECK_VALUES(t, w2, 0);
    tn_free(&ctx, t);
    t = tn_arange_i64(&ctx, -3, 10, 4, TN_I64);
    double w3[] = {-3, 1, 5, 9};
    CHECK_SHAPE(t, 1, 4);
    CHECK_VALUES(t, w3, 0);
    tn_free(&ctx, t);
    t = tn_arange_i64(&ctx, 10, -3, -4, TN_I32);
    double w4[] = {10, 6, 2, -2};
    CHECK_VALUES(t, w4, 0);
    tn_free(&ctx, t);
    t = tn_arange_i64(&ctx, 5, 5, 1, TN_I64);
    CHECK_SHAPE(t, 1, 0);
    tn_free(&ctx, t);
    t = tn_arange_i64(&ctx, INT64_MIN, INT64_MAX, INT64_MAX, TN_I64);
    CHECK_SHAPE(t, 1, 3);
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_arange_i64(&ctx, 0, 5, 0, TN_I64), TN_ERR_VALUE, "step cannot be zero");
    CHECK_ERR(&ctx, tn_arange_f64(&ctx, 0, 1e30, 1e-30, TN_F64), TN_ERR_MEMORY, "too many");
    t = tn_linspace(&ctx, 0, 1, 7, true, TN_F64);
    double w5[] = {0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666,
                   0.8333333333333333, 1.0};
    for (int i = 0; i < 7; i++)
        CHECK(tn_get_f64(t, i) == w5[i]);
    tn_free(&ctx, t);
    t = tn_linspace(&ctx, 2, 3, 4, false, TN_F64);
    double w6[] = {2.0, 2.25, 2.5, 2.75};
    CHECK_VALUES(t, w6, 0);
    tn_free(&ctx, t);
    t = tn_linspace(&ctx, 5, 6, 1, true, TN_F64);
    double w7[] = {5};
    CHECK_SHAPE(t, 1, 1);
    CHECK_VALUES(t, w7, 0);
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_linspace(&ctx, 0, 1, -1, true, TN_F64), TN_ERR_VALUE, "must be non-negative");
    CHECK_NO_LEAKS();
}

static void test_constants_and_matrices(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {2, 3};
    Tensor *f = tn_full(&ctx, TN_I32, 2, s, 7.9);
    double w7[] = {7, 7, 7, 7, 7, 7};
    CHECK_VALUES(f, w7, 0);
    Tensor *o = tn_ones_like(&ctx, f, TN_F32);
    CHECK_INT(TN_F32, o->dtype);
    CHECK_SHAPE(o, 2, 2, 3);
    double w1[] = {1, 1, 1, 1, 1, 1};
    CHECK_VALUES(o, w1, 0);
    Tensor *z = tn_zeros_like(&ctx, f, TN_BOOL);
    CHECK_INT(0, tn_get_i64(z, 5));
    Tensor *fl = tn_full_like(&ctx, f, TN_F64, -2.5);
    CHECK_NEAR(-2.5, tn_get_f64(fl, 4), 0);
    Tensor *e = tn_eye(&ctx, 3, 4, 1, TN_F64);
    double we[] = {0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    CHECK_VALUES(e, we, 0);
    int64_t s2[] = {2};
    double dv[] = {1, 2};
    Tensor *v = test_tensor(&ctx, TN_I64, 1, s2, dv);
    Tensor *d = tn_diag(&ctx, v, -1);
    double wd[] = {0, 0, 0, 1, 0, 0, 0, 2, 0};
    CHECK_SHAPE(d, 2, 3, 3);
    CHECK_VALUES(d, wd, 0);
    Tensor *dd = tn_diag(&ctx, e, 1);
    double wdd[] = {1, 1, 1};
    CHECK_VALUES(dd, wdd, 0);
    CHECK(!dd->is_view);
    int64_t s34[] = {3, 4};
    Tensor *m = tn_empty(&ctx, TN_I64, 2, s34);
    for (int i = 0; i < 12; i++)
        tn_set_f64(m, i, i + 1);
    Tensor *lo = tn_tril(&ctx, m, -1), *up = tn_triu(&ctx, m, 1);
    double wl[] = {0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0}, wu[] = {0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12};
    CHECK_VALUES(lo, wl, 0);
    CHECK_VALUES(up, wu, 0);
    /* on a transposed input */
    Tensor *mt = tn_transpose(&ctx, m);
    Tensor *lt = tn_tril(&ctx, mt, 0);
    double wlt[] = {1, 0, 0, 2, 6, 0, 3, 7, 11, 4, 8, 12};
    CHECK_VALUES(lt, wlt, 0);
    CHECK_ERR(&ctx, tn_tril(&ctx, v, 0), TN_ERR_VALUE, "tril needs at least 2 dimensions");
    /* meshgrid */
    int64_t s3[] = {3};
    double xv[] = {1, 2, 3}, yv[] = {4, 5};
    Tensor *x = test_tensor(&ctx, TN_I64, 1, s3, xv), *y = test_tensor(&ctx, TN_I64, 1, s2, yv);
    const Tensor *xs[] = {x, y};
    Tensor *g[2];
    CHECK_OK(&ctx, tn_meshgrid(&ctx, 2, xs, true, g));
    CHECK_SHAPE(g[0], 2, 2, 3);
    double gx[] = {1, 2, 3, 1, 2, 3}, gy[] = {4, 4, 4, 5, 5, 5};
    CHECK_VALUES(g[0], gx, 0);
    CHECK_VALUES(g[1], gy, 0);
    tn_free(&ctx, g[0]);
    tn_free(&ctx, g[1]);
    CHECK_OK(&ctx, tn_meshgrid(&ctx, 2, xs, false, g));
    CHECK_SHAPE(g[0], 2, 3, 2);
    double ix[] = {1, 1, 2, 2, 3, 3}, iy[] = {4, 5, 4, 5, 4, 5};
    CHECK_VALUES(g[0], ix, 0);
    CHECK_VALUES(g[1], iy, 0);
    tn_free(&ctx, g[0]);
    tn_free(&ctx, g[1]);
    Tensor *all[] = {f, o, z, fl, e, v, d, dd, m, lo, up, mt, lt, x, y};
    for (int k = 0; k < 15; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_builder(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnBuilder b;
    /* [[1, 2], [3, 4.5]] -> f64[2,2] */
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_open(&b);
    tn_builder_push_i64(&b, 1);
    tn_builder_push_i64(&b, 2);
    tn_builder_close(&b);
    tn_builder_open(&b);
    tn_builder_push_i64(&b, 3);
    tn_builder_push_f64(&b, 4.5);
    tn_builder_close(&b);
    tn_builder_close(&b);
    Tensor *t = tn_builder_finish(&b, -1);
    CHECK_OK(&ctx, t);
    CHECK_SHAPE(t, 2, 2, 2);
    CHECK_INT(TN_F64, t->dtype);
    double w[] = {1, 2, 3, 4.5};
    CHECK_VALUES(t, w, 0);
    tn_free(&ctx, t);
    /* [True, 2] -> i64; [True, False] -> bool; forced f32 */
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_push_bool(&b, true);
    tn_builder_push_i64(&b, 2);
    tn_builder_close(&b);
    t = tn_builder_finish(&b, -1);
    CHECK_INT(TN_I64, t->dtype);
    tn_free(&ctx, t);
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_push_bool(&b, true);
    tn_builder_push_bool(&b, false);
    tn_builder_close(&b);
    t = tn_builder_finish(&b, -1);
    CHECK_INT(TN_BOOL, t->dtype);
    tn_free(&ctx, t);
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_push_i64(&b, 3);
    tn_builder_close(&b);
    t = tn_builder_finish(&b, TN_F32);
    CHECK_INT(TN_F32, t->dtype);
    tn_free(&ctx, t);
    /* a scalar alone is 0-d; [] is f64[0]; [[], []] is f64[2,0] */
    tn_builder_init(&b, &ctx);
    tn_builder_push_f64(&b, 2.5);
    t = tn_builder_finish(&b, -1);
    CHECK_INT(0, t->ndim);
    tn_free(&ctx, t);
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_close(&b);
    t = tn_builder_finish(&b, -1);
    CHECK_SHAPE(t, 1, 0);
    CHECK_INT(TN_F64, t->dtype);
    tn_free(&ctx, t);
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    for (int i = 0; i < 2; i++) {
        tn_builder_open(&b);
        tn_builder_close(&b);
    }
    tn_builder_close(&b);
    t = tn_builder_finish(&b, -1);
    CHECK_SHAPE(t, 2, 2, 0);
    tn_free(&ctx, t);
    /* tensors inside: [t1, t2] with t f32[2] -> f32[2,2]; a big one to grow */
    int64_t s2[] = {2};
    double v1[] = {1, 2}, v2[] = {3, 4};
    Tensor *t1 = test_tensor(&ctx, TN_F32, 1, s2, v1), *t2 = test_tensor(&ctx, TN_F32, 1, s2, v2);
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_push_tensor(&b, t1);
    tn_builder_push_tensor(&b, t2);
    tn_builder_close(&b);
    t = tn_builder_finish(&b, -1);
    CHECK_OK(&ctx, t);
    CHECK_INT(TN_F32, t->dtype);
    CHECK_SHAPE(t, 2, 2, 2);
    double w12[] = {1, 2, 3, 4};
    CHECK_VALUES(t, w12, 0);
    tn_free(&ctx, t);
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    for (int i = 0; i < 1000; i++)
        tn_builder_push_i64(&b, i);
    tn_builder_close(&b);
    t = tn_builder_finish(&b, -1);
    CHECK_INT(999, tn_get_i64(t, 999));
    tn_free(&ctx, t);
    /* ragged: [[1, 2], [3]] */
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_open(&b);
    tn_builder_push_i64(&b, 1);
    tn_builder_push_i64(&b, 2);
    tn_builder_close(&b);
    tn_builder_open(&b);
    tn_builder_push_i64(&b, 3);
    CHECK(!tn_builder_close(&b));
    CHECK_INT(TN_ERR_SHAPE, ctx.err);
    CHECK_STR("ragged nested data: a list at depth 2 has 1 items, an earlier one has 2", ctx.msg);
    CHECK(tn_builder_finish(&b, -1) == NULL);
    CHECK_INT(TN_ERR_SHAPE, ctx.err);   /* the first error stays */
    /* [[1, 2], 3] and [3, [1, 2]] */
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_open(&b);
    tn_builder_push_i64(&b, 1);
    tn_builder_close(&b);
    CHECK(!tn_builder_push_i64(&b, 3));
    CHECK(strstr(ctx.msg, "ragged") != NULL);
    tn_builder_free(&b);
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_push_i64(&b, 3);
    CHECK(!tn_builder_open(&b));
    CHECK(strstr(ctx.msg, "a list at depth 2 where other items there are numbers") != NULL);
    tn_builder_free(&b);
    /* [t1, [1, 2, 3]]: the tensor says 2, the list 3 */
    tn_builder_init(&b, &ctx);
    tn_builder_open(&b);
    tn_builder_push_tensor(&b, t1);
    tn_builder_open(&b);
    for (int i = 0; i < 3; i++)
        tn_builder_push_i64(&b, i);
    CHECK(!tn_builder_close(&b));
    tn_builder_free(&b);
    tn_free(&ctx, t1);
    tn_free(&ctx, t2);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_ranges();
    test_constants_and_matrices();
    test_builder();
    printf("test_create: ok\n");
    return 0;
}
