/* test_core.c - dtypes, promotion, lifecycle, contiguity, copies, casts. */
#include "tn_test.h"

static void test_dtype_names(void)
{
    CHECK_STR("f64", tn_dtype_name(TN_F64));
    CHECK_STR("float32", tn_dtype_numpy_name(TN_F32));
    CHECK_INT(4, tn_dtype_size(TN_I32));
    CHECK_INT(1, tn_dtype_size(TN_BOOL));
    TnDType dt;
    CHECK(tn_dtype_from_name("float", &dt) && dt == TN_F64);
    CHECK(tn_dtype_from_name("int", &dt) && dt == TN_I64);
    CHECK(tn_dtype_from_name("uint8", &dt) && dt == TN_U8);
    CHECK(tn_dtype_from_name("bool", &dt) && dt == TN_BOOL);
    CHECK(!tn_dtype_from_name("complex", &dt));
    CHECK(tn_dtype_is_float(TN_F32) && !tn_dtype_is_float(TN_I64));
    CHECK(tn_dtype_is_int(TN_U8) && !tn_dtype_is_int(TN_BOOL));
}

static void test_promotion_strong(void)
{
    /* np.result_type over every pair (NumPy 1.24, array operands) */
    static const TnDType want[6][6] = {
        {TN_BOOL, TN_U8, TN_I32, TN_I64, TN_F32, TN_F64},
        {TN_U8, TN_U8, TN_I32, TN_I64, TN_F32, TN_F64},
        {TN_I32, TN_I32, TN_I32, TN_I64, TN_F64, TN_F64},
        {TN_I64, TN_I64, TN_I64, TN_I64, TN_F64, TN_F64},
        {TN_F32, TN_F32, TN_F64, TN_F64, TN_F32, TN_F64},
        {TN_F64, TN_F64, TN_F64, TN_F64, TN_F64, TN_F64},
    };
    for (int a = 0; a < 6; a++)
        for (int b = 0; b < 6; b++)
            CHECK_INT(want[a][b], tn_promote((TnDType)a, false, (TnDType)b, false));
}

static void test_promotion_weak(void)
{
    /* NEP 50, written by hand (NumPy 1.24 still uses value-based casting):
       a language scalar keeps the tensor's dtype when its kind fits */
    CHECK_INT(TN_F32, tn_promote(TN_F32, false, TN_F64, true));   /* f32 * 2.5 */
    CHECK_INT(TN_I32, tn_promote(TN_I32, false, TN_I64, true));   /* i32 + 1 */
    CHECK_INT(TN_U8, tn_promote(TN_I64, true, TN_U8, false));     /* 1 + u8 */
    CHECK_INT(TN_F64, tn_promote(TN_I64, false, TN_F64, true));   /* i64 * 2.5 */
    CHECK_INT(TN_F64, tn_promote(TN_I32, false, TN_F64, true));   /* i32 * 2.5 */
    CHECK_INT(TN_I64, tn_promote(TN_BOOL, false, TN_I64, true));  /* bool + 1 */
    CHECK_INT(TN_F64, tn_promote(TN_BOOL, false, TN_F64, true));  /* bool + 1.5 */
    CHECK_INT(TN_F32, tn_promote(TN_F32, false, TN_I64, true));   /* f32 + 1 */
    CHECK_INT(TN_U8, tn_promote(TN_U8, false, TN_BOOL, true));    /* u8 + True */
    CHECK_INT(TN_F64, tn_promote(TN_I64, true, TN_F64, true));    /* 1 + 2.5 */
    CHECK_INT(TN_I64, tn_promote(TN_BOOL, true, TN_I64, true));   /* True + 1 */
}

static void test_empty_zeros_free(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t shape[] = {2, 3, 4};
    Tensor *t = tn_zeros(&ctx, TN_F32, 3, shape);
    CHECK_OK(&ctx, t);
    CHECK_INT(24, t->size);
    CHECK_INT(48, t->strides[0]);
    CHECK_INT(16, t->strides[1]);
    CHECK_INT(4, t->strides[2]);
    CHECK(tn_is_contiguous(t));
    CHECK(!tn_is_f_contiguous(t));
    CHECK(!t->is_view);
    for (int64_t i = 0; i < t->size; i++)
        CHECK_INT(0, tn_get_f64(t, i));
    tn_free(&ctx, t);

    /* zero-size and 0-d */
    int64_t zs[] = {3, 0};
    t = tn_empty(&ctx, TN_I64, 2, zs);
    CHECK_OK(&ctx, t);
    CHECK_INT(0, t->size);
    CHECK(tn_is_contiguous(t) && tn_is_f_contiguous(t));
    tn_free(&ctx, t);
    t = tn_scalar_f64(&ctx, 2.5, true);
    CHECK_OK(&ctx, t);
    CHECK(t->weak && t->ndim == 0 && t->size == 1);
    CHECK_NEAR(2.5, tn_get_f64(t, 0), 0);
    tn_free(&ctx, t);
    t = tn_scalar_i64(&ctx, -7, false);
    CHECK_INT(-7, tn_get_i64(t, 0));
    CHECK(!t->weak);
    tn_free(&ctx, t);
    t = tn_scalar_bool(&ctx, true);
    CHECK_INT(TN_BOOL, t->dtype);
    CHECK_INT(1, tn_get_i64(t, 0));
    tn_free(&ctx, t);
    t = tn_scalar(&ctx, TN_I32, NAN);
    CHECK_INT(INT32_MIN, tn_get_i64(t, 0));
    tn_free(&ctx, t);
    CHECK_NO_LEAKS();
}

static void test_errors(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t neg[] = {2, -3};
    CHECK_ERR(&ctx, tn_empty(&ctx, TN_F64, 2, neg), TN_ERR_VALUE, "negative dimension -3 in shape f64[2,-3]");
    CHECK_INT(1, ctx.detail.axis);
    int64_t huge[] = {INT64_C(1) << 40, INT64_C(1) << 40};
    CHECK_ERR(&ctx, tn_empty(&ctx, TN_F64, 2, huge), TN_ERR_MEMORY, "f64[1099511627776,1099511627776] is too large");
    int64_t big[] = {INT64_C(1) << 30, INT64_C(1) << 28};   /* 2 EiB: refused by realloc */
    CHECK_ERR(&ctx, tn_empty(&ctx, TN_F64, 2, big), TN_ERR_MEMORY, "bytes) for a tensor f64[1073741824,268435456]");
    CHECK(strstr(ctx.msg, "2305843009213693952 bytes") != NULL);
    CHECK(ctx.hint[0] != '\0');
    int64_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    CHECK_ERR(&ctx, tn_empty(&ctx, TN_F64, 9, nine), TN_ERR_VALUE, "at most 8 dimensions");
    /* a zero anywhere: size 0 even when the other product overflows */
    int64_t zero_big[] = {INT64_C(1) << 62, 0, INT64_C(1) << 62};
    Tensor *t = tn_empty(&ctx, TN_F64, 3, zero_big);
    CHECK_OK(&ctx, t);
    CHECK_INT(0, t->size);
    tn_free(&ctx, t);
    CHECK_NO_LEAKS();

    /* every allocation failing in turn leaves no leak and an error */
    for (int n = 1; n <= 2; n++) {
        test_ctx(&ctx);
        test_alloc_state.fail_at = n;
        int64_t s[] = {4};
        CHECK_ERR(&ctx, tn_zeros(&ctx, TN_F64, 1, s), TN_ERR_MEMORY, "out of memory");
        CHECK_NO_LEAKS();
    }
}

static void test_shape_str(void)
{
    char buf[64];
    int64_t s[] = {4, 3};
    CHECK_STR("f64[4,3]", tn_shape_str(buf, sizeof buf, TN_F64, 2, s));
    CHECK_STR("i32[]", tn_shape_str(buf, sizeof buf, TN_I32, 0, s));
    CHECK_STR("bool[4]", tn_shape_str(buf, sizeof buf, TN_BOOL, 1, s));
    char small[6];
    CHECK_STR("f64[4", tn_shape_str(small, sizeof small, TN_F64, 2, s));
}

static void release_count(void *ud, void *data)
{
    (void)data;
    (*(int *)ud)++;
}

static void test_wrap_and_views(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    double buf[6] = {0, 1, 2, 3, 4, 5};
    int released = 0;
    int64_t shape[] = {2, 3};
    Tensor *w = tn_wrap(&ctx, buf, TN_F64, 2, shape, NULL, release_count, &released);
    CHECK_OK(&ctx, w);
    CHECK_NEAR(4, tn_get_f64(w, 4), 0);
    Tensor *v = tn_view(&ctx, w);
    CHECK(v->is_view);
    tn_set_f64(v, 0, 42);
    CHECK_NEAR(42, buf[0], 0);
    tn_free(&ctx, w);
    CHECK_INT(0, released);
    /* transposed view over the wrapped buffer: shape (3,2) strides (8,24) */
    int64_t tsh[] = {3, 2}, tst[] = {8, 24};
    Tensor *tt = tn_view_as(&ctx, v, 2, tsh, tst, 0);
    CHECK(!tn_is_contiguous(tt) && tn_is_f_contiguous(tt));
    double want[] = {42, 3, 1, 4, 2, 5};
    CHECK_VALUES(tt, want, 0);
    Tensor *c = tn_contiguous(&ctx, tt);
    CHECK_OK(&ctx, c);
    CHECK(tn_is_contiguous(c) && !c->is_view);
    CHECK_VALUES(c, want, 0);
    tn_free(&ctx, v);
    tn_free(&ctx, tt);
    CHECK_INT(1, released);
    Tensor *c2 = tn_contiguous(&ctx, c);
    CHECK(c2->is_view && c2->storage == c->storage);
    tn_free(&ctx, c2);
    tn_free(&ctx, c);

    /* wrapping with negative strides reads backwards */
    int32_t ib[4] = {1, 2, 3, 4};
    int64_t n4[] = {4}, back[] = {-4};
    Tensor *r = tn_wrap(&ctx, ib + 3, TN_I32, 1, n4, back, NULL, NULL);
    CHECK_OK(&ctx, r);
    double rw[] = {4, 3, 2, 1};
    CHECK_VALUES(r, rw, 0);
    Tensor *rc = tn_copy(&ctx, r);
    CHECK_VALUES(rc, rw, 0);
    tn_free(&ctx, r);
    tn_free(&ctx, rc);
    CHECK_NO_LEAKS();
}

/* copies of a big transposed view go through the tiled path; compare with
   a naive loop for every element size */
static void test_transpose_copy(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    const TnDType dts[] = {TN_U8, TN_I32, TN_F64};
    for (int k = 0; k < 3; k++) {
        int64_t shape[] = {37, 70};
        Tensor *a = tn_empty(&ctx, dts[k], 2, shape);
        for (int64_t i = 0; i < a->size; i++)
            tn_set_f64(a, i, (double)(i % 251));
        int64_t tsh[] = {70, 37}, tst[] = {a->strides[1], a->strides[0]};
        Tensor *t = tn_view_as(&ctx, a, 2, tsh, tst, 0);
        Tensor *c = tn_copy(&ctx, t);
        CHECK_OK(&ctx, c);
        for (int64_t i = 0; i < 70; i++)
            for (int64_t j = 0; j < 37; j++)
                CHECK_INT(tn_get_i64(a, j * 70 + i), tn_get_i64(c, i * 37 + j));
        tn_free(&ctx, a);
        tn_free(&ctx, t);
        tn_free(&ctx, c);
    }
    CHECK_NO_LEAKS();
}

static void test_astype(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t n[] = {6};
    double vals[] = {300.0, -1.0, NAN, 1e10, 2.7, -2.7};
    Tensor *f = test_tensor(&ctx, TN_F64, 1, n, vals);
    /* np.array([300., -1., nan, 1e10, 2.7, -2.7]).astype(...) on x86 */
    Tensor *u = tn_astype(&ctx, f, TN_U8);
    double wu[] = {44, 255, 0, 0, 2, 254};
    CHECK_VALUES(u, wu, 0);
    Tensor *i = tn_astype(&ctx, f, TN_I32);
    double wi[] = {300, -1, INT32_MIN, INT32_MIN, 2, -2};
    CHECK_VALUES(i, wi, 0);
    Tensor *l = tn_astype(&ctx, f, TN_I64);
    CHECK_INT(INT64_MIN, tn_get_i64(l, 2));
    CHECK_INT(10000000000LL, tn_get_i64(l, 3));
    Tensor *b = tn_astype(&ctx, f, TN_BOOL);
    double wb[] = {1, 1, 1, 1, 1, 1};
    CHECK_VALUES(b, wb, 0);
    Tensor *s = tn_astype(&ctx, f, TN_F32);
    CHECK_NEAR((float)2.7, tn_get_f64(s, 4), 0);
    /* int to narrower int wraps */
    Tensor *w = tn_astype(&ctx, i, TN_U8);
    double ww[] = {44, 255, 0, 0, 2, 254};
    CHECK_VALUES(w, ww, 0);
    CHECK(!tn_can_cast_safely(TN_I64, TN_F32));
    CHECK(tn_can_cast_safely(TN_I32, TN_F64));
    CHECK(tn_can_cast_safely(TN_BOOL, TN_U8));
    Tensor *all[] = {f, u, i, l, b, s, w};
    for (int k = 0; k < 7; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_copy_into(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t n[] = {6};
    double vals[] = {1, 2, 3, 4, 5, 6};
    Tensor *x = test_tensor(&ctx, TN_I64, 1, n, vals);
    /* x[1:] = x[:-1] shifts (overlap goes through a temporary) */
    int64_t five[] = {5}, st[] = {8};
    Tensor *dst = tn_view_as(&ctx, x, 1, five, st, 8);
    Tensor *src = tn_view_as(&ctx, x, 1, five, st, 0);
    CHECK(tn_may_share_memory(dst, src));
    CHECK_OK(&ctx, tn_copy_into(&ctx, dst, src));
    double want[] = {1, 1, 2, 3, 4, 5};
    CHECK_VALUES(x, want, 0);
    /* broadcasting a scalar into a strided view: x[::2] = 9.5 -> 9 */
    Tensor *nine = tn_scalar_f64(&ctx, 9.5, true);
    int64_t three[] = {3}, st2[] = {16};
    Tensor *ev = tn_view_as(&ctx, x, 1, three, st2, 0);
    CHECK_OK(&ctx, tn_copy_into(&ctx, ev, nine));
    double want2[] = {9, 1, 9, 3, 9, 5};
    CHECK_VALUES(x, want2, 0);
    /* a shape that does not broadcast */
    int64_t two[] = {2};
    Tensor *bad = tn_zeros(&ctx, TN_I64, 1, two);
    CHECK_ERR(&ctx, tn_copy_into(&ctx, ev, bad), TN_ERR_SHAPE, "cannot be broadcast");
    Tensor *all[] = {x, dst, src, nine, ev, bad};
    for (int k = 0; k < 6; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_dtype_names();
    test_promotion_strong();
    test_promotion_weak();
    test_empty_zeros_free();
    test_errors();
    test_shape_str();
    test_wrap_and_views();
    test_transpose_copy();
    test_astype();
    test_copy_into();
    printf("test_core: ok\n");
    return 0;
}
