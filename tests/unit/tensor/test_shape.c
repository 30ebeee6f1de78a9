/* test_shape.c - concatenate/stack/vstack/hstack, split, tile, repeat, flip,
   roll, pad, take, take_along_axis, put_along_axis; expected values from
   NumPy 1.24, inputs contiguous and strided. */
#include "shape.h"
#include "tn_test.h"
#include "view.h"

static Tensor *arange(TnCtx *ctx, TnDType dt, int nd, const int64_t *shape, double start)
{
    Tensor *t = tn_empty(ctx, dt, nd, shape);
    for (int64_t i = 0; i < t->size; i++)
        tn_set_f64(t, i, start + (double)i);
    return t;
}

static void test_join(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s23[] = {2, 3};
    Tensor *a = arange(&ctx, TN_I64, 2, s23, 0), *b = arange(&ctx, TN_I64, 2, s23, 6);
    const Tensor *ab[] = {a, b};
    Tensor *c = tn_concatenate(&ctx, 2, ab, 1);
    CHECK_SHAPE(c, 2, 2, 6);
    double wc[] = {0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11};
    CHECK_VALUES(c, wc, 0);
    tn_free(&ctx, c);
    c = tn_concatenate(&ctx, 2, ab, -2);
    CHECK_SHAPE(c, 2, 4, 3);
    tn_free(&ctx, c);
    Tensor *s = tn_stack(&ctx, 2, ab, 1);
    CHECK_SHAPE(s, 3, 2, 2, 3);
    CHECK_VALUES(s, wc, 0);
    tn_free(&ctx, s);
    int64_t s3[] = {3};
    double r[] = {1, 2, 3};
    Tensor *row = test_tensor(&ctx, TN_F32, 1, s3, r);
    const Tensor *ra[] = {row, a};
    Tensor *v = tn_vstack(&ctx, 2, ra);
    CHECK_SHAPE(v, 2, 3, 3);
    CHECK_INT(TN_F64, v->dtype);   /* f32 with i64 promotes */
    double wv[] = {1, 2, 3, 0, 1, 2, 3, 4, 5};
    CHECK_VALUES(v, wv, 0);
    tn_free(&ctx, v);
    /* hstack of 1-D, one of them a reversed view */
    Tensor *rr = tn_flip(&ctx, row, NULL, -1);
    const Tensor *rs[] = {row, rr};
    Tensor *h = tn_hstack(&ctx, 2, rs);
    double wh[] = {1, 2, 3, 3, 2, 1};
    CHECK_VALUES(h, wh, 0);
    tn_free(&ctx, h);
    /* a transposed input */
    Tensor *at = tn_transpose(&ctx, a);          /* (3,2) */
    const Tensor *tt[] = {at, at};
    h = tn_hstack(&ctx, 2, tt);
    CHECK_SHAPE(h, 2, 3, 4);
    double wt[] = {0, 3, 0, 3, 1, 4, 1, 4, 2, 5, 2, 5};
    CHECK_VALUES(h, wt, 0);
    tn_free(&ctx, h);
    const Tensor *bad[] = {a, row};
    CHECK_ERR(&ctx, tn_concatenate(&ctx, 2, bad, 0), TN_ERR_SHAPE, "same number of dimensions, i64[2,3] has 2 and f32[3] has 1");
    const Tensor *bad2[] = {a, at};
    CHECK_ERR(&ctx, tn_concatenate(&ctx, 2, bad2, 0), TN_ERR_SHAPE, "shapes must match except on axis 0: i64[2,3] and i64[3,2] differ on axis 1 (3 vs 2)");
    CHECK_ERR(&ctx, tn_stack(&ctx, 2, bad2, 0), TN_ERR_SHAPE, "stack: all inputs must have the same shape");
    Tensor *all[] = {a, b, row, rr, at};
    for (int k = 0; k < 5; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_split(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s7[] = {7}, s8[] = {8};
    Tensor *a = arange(&ctx, TN_I64, 1, s7, 0);
    Tensor *p[4];
    CHECK_OK(&ctx, tn_split_sections(&ctx, a, 3, 0, true, p));
    CHECK_SHAPE(p[0], 1, 3);
    CHECK_SHAPE(p[1], 1, 2);
    CHECK_SHAPE(p[2], 1, 2);
    CHECK(p[1]->is_view && p[1]->storage == a->storage);
    CHECK_INT(5, tn_get_i64(p[2], 0));
    for (int i = 0; i < 3; i++)
        tn_free(&ctx, p[i]);
    CHECK(!tn_split_sections(&ctx, a, 3, 0, false, p));
    CHECK(strstr(ctx.msg, "does not divide into 3 equal sections") != NULL);
    Tensor *b = arange(&ctx, TN_I64, 1, s8, 0);
    int64_t at[] = {2, -3, 20};
    CHECK_OK(&ctx, tn_split_indices(&ctx, b, 3, at, 0, p));
    CHECK_SHAPE(p[0], 1, 2);
    CHECK_SHAPE(p[1], 1, 3);
    CHECK_SHAPE(p[2], 1, 3);
    CHECK_SHAPE(p[3], 1, 0);
    CHECK_INT(5, tn_get_i64(p[2], 0));
    for (int i = 0; i < 4; i++)
        tn_free(&ctx, p[i]);
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    CHECK_NO_LEAKS();
}

static void test_tile_repeat_roll_pad(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s22[] = {2, 2}, s23[] = {2, 3}, s2[] = {2};
    Tensor *m = arange(&ctx, TN_I32, 2, s22, 1);
    int64_t reps[] = {2, 3};
    Tensor *t = tn_tile(&ctx, m, 2, reps);
    CHECK_SHAPE(t, 2, 4, 6);
    double wt[] = {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4};
    CHECK_VALUES(t, wt, 0);
    tn_free(&ctx, t);
    Tensor *v = arange(&ctx, TN_I32, 1, s2, 1);
    int64_t reps3[] = {2, 1, 2};
    t = tn_tile(&ctx, v, 3, reps3);
    CHECK_SHAPE(t, 3, 2, 1, 4);
    double wt3[] = {1, 2, 1, 2, 1, 2, 1, 2};
    CHECK_VALUES(t, wt3, 0);
    tn_free(&ctx, t);
    /* tile of a transposed view */
    Tensor *mt = tn_transpose(&ctx, m);
    int64_t r1[] = {2};
    t = tn_tile(&ctx, mt, 1, r1);
    double wtt[] = {1, 3, 1, 3, 2, 4, 2, 4};
    CHECK_VALUES(t, wtt, 0);
    tn_free(&ctx, t);
    Tensor *a = arange(&ctx, TN_I64, 2, s23, 0);
    int64_t cnt[] = {1, 0, 2};
    Tensor *r = tn_repeat(&ctx, a, 3, cnt, 1, true);
    double wr[] = {0, 2, 2, 3, 5, 5};
    CHECK_SHAPE(r, 2, 2, 3);
    CHECK_VALUES(r, wr, 0);
    tn_free(&ctx, r);
    int64_t two = 2;
    r = tn_repeat(&ctx, a, 1, &two, 0, false);
    double wr2[] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    CHECK_VALUES(r, wr2, 0);
    tn_free(&ctx, r);
    CHECK_ERR(&ctx, tn_repeat(&ctx, a, 2, cnt, 1, true), TN_ERR_SHAPE, "2 counts given for axis 1");
    int64_t one = 1;
    int ax1 = 1;
    r = tn_roll(&ctx, a, 1, &one, &ax1);
    double wro[] = {2, 0, 1, 5, 3, 4};
    CHECK_VALUES(r, wro, 0);
    tn_free(&ctx, r);
    int64_t m4 = -4;
    r = tn_roll(&ctx, a, 0, &m4, NULL);
    double wro2[] = {4, 5, 0, 1, 2, 3};
    CHECK_SHAPE(r, 2, 2, 3);
    CHECK_VALUES(r, wro2, 0);
    tn_free(&ctx, r);
    int64_t sh[] = {1, 1};
    int axs[] = {0, 1};
    r = tn_roll(&ctx, a, 2, sh, axs);
    double wro3[] = {5, 3, 4, 2, 0, 1};
    CHECK_VALUES(r, wro3, 0);
    tn_free(&ctx, r);
    int64_t s12[] = {1, 2};
    Tensor *p = arange(&ctx, TN_F64, 2, s12, 1);
    int64_t pw[2][2] = {{1, 0}, {2, 1}};
    r = tn_pad(&ctx, p, (const int64_t(*)[2])pw, 9);
    CHECK_SHAPE(r, 2, 2, 5);
    double wp[] = {9, 9, 9, 9, 9, 9, 9, 1, 2, 9};
    CHECK_VALUES(r, wp, 0);
    tn_free(&ctx, r);
    /* flip is a view */
    int ax0 = 0;
    Tensor *f = tn_flip(&ctx, a, &ax0, 1);
    CHECK(f->is_view);
    double wf[] = {3, 4, 5, 0, 1, 2};
    CHECK_VALUES(f, wf, 0);
    tn_free(&ctx, f);
    Tensor *all[] = {m, v, mt, a, p};
    for (int k = 0; k < 5; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_take(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s23[] = {2, 3}, s12[] = {1, 2}, s2[] = {2};
    Tensor *a = arange(&ctx, TN_I64, 2, s23, 0);
    double iv[] = {2, 0};
    Tensor *idx = test_tensor(&ctx, TN_I64, 2, s12, iv);
    Tensor *r = tn_take(&ctx, a, idx, 1, true);
    CHECK_SHAPE(r, 3, 2, 1, 2);
    double w1[] = {2, 0, 5, 3};
    CHECK_VALUES(r, w1, 0);
    tn_free(&ctx, r);
    double fv[] = {5, 1};
    Tensor *fi = test_tensor(&ctx, TN_I32, 1, s2, fv);
    r = tn_take(&ctx, a, fi, 0, false);
    double w2[] = {5, 1};
    CHECK_VALUES(r, w2, 0);
    tn_free(&ctx, r);
    /* take_along_axis with argsort(-a, axis=1) = [[2,1,0],[2,1,0]] */
    double sv[] = {2, 1, 0, 2, 1, 0};
    Tensor *si = test_tensor(&ctx, TN_I64, 2, s23, sv);
    r = tn_take_along_axis(&ctx, a, si, 1);
    double w3[] = {2, 1, 0, 5, 4, 3};
    CHECK_VALUES(r, w3, 0);
    tn_free(&ctx, r);
    int64_t s21[] = {2, 1};
    double pv[] = {0, 2};
    Tensor *pi = test_tensor(&ctx, TN_I64, 2, s21, pv);
    Tensor *c = tn_copy(&ctx, a);
    Tensor *n99 = tn_scalar_i64(&ctx, 99, true);
    CHECK_OK(&ctx, tn_put_along_axis(&ctx, c, pi, n99, 1));
    double w4[] = {99, 1, 2, 3, 4, 99};
    CHECK_VALUES(c, w4, 0);
    CHECK_ERR(&ctx, tn_take_along_axis(&ctx, a, fi, 1), TN_ERR_SHAPE, "must have as many dimensions as the tensor");
    Tensor *all[] = {a, idx, fi, si, pi, c, n99};
    for (int k = 0; k < 7; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_join();
    test_split();
    test_tile_repeat_roll_pad();
    test_take();
    printf("test_shape: ok\n");
    return 0;
}
