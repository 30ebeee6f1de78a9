/* test_matmul.c - matmul against a naive triple loop for every dtype, for
   contiguous, transposed, reversed and sliced operands, 1-D operands,
   batches with broadcasting, empty and K = 0 cases; dot, inner, outer, vdot,
   tensordot; error messages. */
#include "matmul.h"
#include "tn_test.h"
#include "view.h"

static Tensor *filled(TnCtx *ctx, TnDType dt, int nd, const int64_t *shape, int seed)
{
    Tensor *t = tn_empty(ctx, dt, nd, shape);
    CHECK_OK(ctx, t);
    for (int64_t i = 0; i < t->size; i++) {
        int64_t v = (i * 37 + seed * 11) % 9 - 4;
        if (dt == TN_BOOL)
            v = (i + seed) % 3 == 0;
        else if (dt == TN_U8)
            v = (i * 13 + seed) % 23;
        tn_set_f64(t, i, tn_dtype_is_float(dt) ? (double)v * 0.5 + 0.25 : (double)v);
    }
    return t;
}

/* element of t at a multi-index given for its own axes */
static double at(const Tensor *t, const int64_t *idx)
{
    int64_t off = t->offset;
    for (int d = 0; d < t->ndim; d++)
        off += idx[d] * t->strides[d];
    return tn_load_f64((const char *)t->storage->data + off, t->dtype);
}

/* naive NumPy matmul semantics, checked element by element */
static void check_matmul(TnCtx *ctx, const Tensor *a, const Tensor *b, const char *what)
{
    Tensor *r = tn_matmul(ctx, a, b);
    if (!r) {
        fprintf(stderr, "%s: %s\n", what, ctx->msg);
        exit(1);
    }
    CHECK_INT(tn_promote(a->dtype, false, b->dtype, false), r->dtype);
    int64_t K = a->shape[a->ndim - 1];
    int nb = r->ndim - (a->ndim >= 2) - (b->ndim >= 2);
    for (int64_t f = 0; f < r->size; f++) {
        int64_t ridx[TN_MAX_DIMS], rem = f;
        for (int d = r->ndim - 1; d >= 0; d--) {
            ridx[d] = rem % r->shape[d];
            rem /= r->shape[d];
        }
        int64_t i = a->ndim >= 2 ? ridx[nb] : 0;
        int64_t j = b->ndim >= 2 ? ridx[r->ndim - 1] : 0;
        double want = 0;
        uint64_t iwant = 0;
        bool bwant = false;
        for (int64_t k = 0; k < K; k++) {
            int64_t ia[TN_MAX_DIMS], ib[TN_MAX_DIMS];
            for (int d = 0; d < a->ndim - 2; d++) {
                int rd = nb - (a->ndim - 2) + d;
                ia[d] = a->shape[d] == 1 ? 0 : ridx[rd];
            }
            for (int d = 0; d < b->ndim - 2; d++) {
                int rd = nb - (b->ndim - 2) + d;
                ib[d] = b->shape[d] == 1 ? 0 : ridx[rd];
            }
            if (a->ndim >= 2) {
                ia[a->ndim - 2] = i;
                ia[a->ndim - 1] = k;
            } else {
                ia[0] = k;
            }
            if (b->ndim >= 2) {
                ib[b->ndim - 2] = k;
                ib[b->ndim - 1] = j;
            } else {
                ib[0] = k;
            }
            double x = at(a, ia), y = at(b, ib);
            want += x * y;
            iwant += (uint64_t)(int64_t)x * (uint64_t)(int64_t)y;
            bwant = bwant || (x != 0 && y != 0);
        }
        double w = want;
        switch (r->dtype) {
        case TN_BOOL: w = bwant; break;
        case TN_U8: w = (uint8_t)iwant; break;
        case TN_I32: w = (int32_t)(uint32_t)iwant; break;
        case TN_I64: w = (double)(int64_t)iwant; break;
        default: break;
        }
        double got = tn_get_f64(r, f);
        if (!test_close(w, got, r->dtype == TN_F32 ? 1e-5 : 1e-12)) {
            fprintf(stderr, "%s: %s @ %s element %lld: expected %.17g got %.17g\n", what,
                    tn_dtype_name(a->dtype), tn_dtype_name(b->dtype), (long long)f, w, got);
            exit(1);
        }
    }
    tn_free(ctx, r);
}

static void test_layouts_all_dtypes(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    for (int dt = 0; dt < TN_DTYPE_COUNT; dt++) {
        int64_t s34[] = {3, 4}, s45[] = {4, 5}, s43[] = {4, 3}, s54[] = {5, 4}, s4[] = {4};
        Tensor *a = filled(&ctx, (TnDType)dt, 2, s34, 1), *b = filled(&ctx, (TnDType)dt, 2, s45, 2);
        Tensor *a43 = filled(&ctx, (TnDType)dt, 2, s43, 3), *b54 = filled(&ctx, (TnDType)dt, 2, s54, 4);
        Tensor *at_ = tn_transpose(&ctx, a43), *bt = tn_transpose(&ctx, b54);   /* (3,4), (4,5) */
        Tensor *v = filled(&ctx, (TnDType)dt, 1, s4, 5);
        /* reversed rows and a stepped slice: need a copy for BLAS */
        TnSlice rev = {0, 0, -1, false, false, true};
        Tensor *arev = tn_slice(&ctx, a, 0, &rev);
        int64_t s8[] = {8};
        Tensor *v8 = filled(&ctx, (TnDType)dt, 1, s8, 6);
        TnSlice step = {0, 0, 2, false, false, true};
        Tensor *vstep = tn_slice(&ctx, v8, 0, &step);
        check_matmul(&ctx, a, b, "contiguous");
        check_matmul(&ctx, at_, b, "left transposed");
        check_matmul(&ctx, a, bt, "right transposed");
        check_matmul(&ctx, at_, bt, "both transposed");
        check_matmul(&ctx, arev, b, "reversed rows");
        check_matmul(&ctx, a, v, "matrix @ vector");
        check_matmul(&ctx, at_, v, "transposed matrix @ vector");
        check_matmul(&ctx, v, b, "vector @ matrix");
        check_matmul(&ctx, v, bt, "vector @ transposed matrix");
        check_matmul(&ctx, v, v, "vector @ vector");
        check_matmul(&ctx, a, vstep, "matrix @ stepped vector");
        check_matmul(&ctx, vstep, vstep, "stepped dot");
        /* batches */
        int64_t s234[] = {2, 3, 4}, s2145[] = {2, 1, 4, 5}, s345[] = {3, 4, 5}, s1345[] = {1, 3, 3, 4};
        Tensor *ba = filled(&ctx, (TnDType)dt, 3, s234, 7), *bb = filled(&ctx, (TnDType)dt, 4, s2145, 8);
        Tensor *bc = filled(&ctx, (TnDType)dt, 3, s345, 9), *bd = filled(&ctx, (TnDType)dt, 4, s1345, 10);
        check_matmul(&ctx, ba, b, "batch @ matrix");
        check_matmul(&ctx, a, bc, "matrix @ batch");
        check_matmul(&ctx, ba, bb, "broadcast batches");
        check_matmul(&ctx, bd, bb, "broadcast both ways");
        check_matmul(&ctx, ba, v, "batch @ vector");
        check_matmul(&ctx, v, bc, "vector @ batch");
        Tensor *all[] = {a, b, a43, b54, at_, bt, v, arev, v8, vstep, ba, bb, bc, bd};
        for (int k = 0; k < 14; k++)
            tn_free(&ctx, all[k]);
    }
    /* mixed dtypes promote */
    int64_t s23[] = {2, 3}, s32[] = {3, 2};
    Tensor *i = filled(&ctx, TN_I32, 2, s23, 1), *f = filled(&ctx, TN_F32, 2, s32, 2);
    check_matmul(&ctx, i, f, "i32 @ f32");
    tn_free(&ctx, i);
    tn_free(&ctx, f);
    CHECK_NO_LEAKS();
}

static void test_big_and_edges(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    /* sizes past the integer tiles */
    int64_t s1[] = {40, 150}, s2[] = {150, 530};
    Tensor *a = filled(&ctx, TN_I64, 2, s1, 1), *b = filled(&ctx, TN_I64, 2, s2, 2);
    check_matmul(&ctx, a, b, "tiled integers");
    Tensor *af = tn_astype(&ctx, a, TN_F64), *bf = tn_astype(&ctx, b, TN_F64);
    check_matmul(&ctx, af, bf, "f64 gemm");
    Tensor *all[] = {a, b, af, bf};
    for (int k = 0; k < 4; k++)
        tn_free(&ctx, all[k]);
    /* K = 0 gives zeros, M = 0 an empty result */
    int64_t s30[] = {3, 0}, s02[] = {0, 2};
    Tensor *z1 = tn_zeros(&ctx, TN_F64, 2, s30), *z2 = tn_zeros(&ctx, TN_F64, 2, s02);
    Tensor *r = tn_matmul(&ctx, z1, z2);
    CHECK_SHAPE(r, 2, 3, 2);
    double zeros[6] = {0};
    CHECK_VALUES(r, zeros, 0);
    tn_free(&ctx, r);
    int64_t s23[] = {2, 3};
    Tensor *m23 = tn_zeros(&ctx, TN_F64, 2, s23);
    r = tn_matmul(&ctx, z2, m23);
    CHECK_OK(&ctx, r);
    CHECK_SHAPE(r, 2, 0, 3);
    tn_free(&ctx, r);
    tn_free(&ctx, m23);
    tn_free(&ctx, z1);
    tn_free(&ctx, z2);
    CHECK_NO_LEAKS();
}

static void test_errors(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s23[] = {2, 3}, s45[] = {4, 5}, s42[] = {4, 2}, s234[] = {2, 3, 4}, s345[] = {3, 4, 5};
    Tensor *a = tn_zeros(&ctx, TN_F64, 2, s23), *b = tn_zeros(&ctx, TN_F64, 2, s45);
    Tensor *c = tn_zeros(&ctx, TN_F64, 2, s42);
    CHECK_ERR(&ctx, tn_matmul(&ctx, a, b), TN_ERR_SHAPE, "matmul: inner dimensions differ: f64[2,3] @ f64[4,5] (3 != 4)");
    CHECK_INT(2, ctx.detail.nshapes);
    CHECK_ERR(&ctx, tn_matmul(&ctx, c, c), TN_ERR_SHAPE, "(2 != 4)");
    CHECK(strstr(ctx.hint, ".T") != NULL);
    Tensor *s = tn_scalar_f64(&ctx, 2, true);
    CHECK_ERR(&ctx, tn_matmul(&ctx, a, s), TN_ERR_SHAPE, "operand 2 is a scalar");
    CHECK(strstr(ctx.hint, "*") != NULL);
    Tensor *x = tn_zeros(&ctx, TN_F64, 3, s234), *y = tn_zeros(&ctx, TN_F64, 3, s345);
    CHECK_ERR(&ctx, tn_matmul(&ctx, x, y), TN_ERR_SHAPE, "batch axes of f64[2,3,4] and f64[3,4,5] cannot be broadcast together (2 vs 3)");
    CHECK_ERR(&ctx, tn_dot(&ctx, a, b), TN_ERR_SHAPE, "dot: shapes f64[2,3] and f64[4,5] are not aligned");
    Tensor *all[] = {a, b, c, s, x, y};
    for (int k = 0; k < 6; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_dot_family(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    /* np.dot(A, B) for A (2,3,4), B (5,4,2): [i,j,k,m] = sum A[i,j,:] * B[k,:,m] */
    int64_t sa[] = {2, 3, 4}, sb[] = {5, 4, 2};
    Tensor *a = filled(&ctx, TN_F64, 3, sa, 1), *b = filled(&ctx, TN_F64, 3, sb, 2);
    Tensor *d = tn_dot(&ctx, a, b);
    CHECK_OK(&ctx, d);
    CHECK_SHAPE(d, 4, 2, 3, 5, 2);
    for (int64_t i = 0; i < 2; i++)
        for (int64_t j = 0; j < 3; j++)
            for (int64_t k = 0; k < 5; k++)
                for (int64_t m = 0; m < 2; m++) {
                    double w = 0;
                    for (int64_t q = 0; q < 4; q++)
                        w += tn_get_f64(a, (i * 3 + j) * 4 + q) * tn_get_f64(b, (k * 4 + q) * 2 + m);
                    CHECK_NEAR(w, tn_get_f64(d, ((i * 3 + j) * 5 + k) * 2 + m), 1e-12);
                }
    tn_free(&ctx, d);
    /* inner: sum over last axes: (2,3,4) . (5,4,2)->no; use (3,4) */
    int64_t s34[] = {3, 4};
    Tensor *c = filled(&ctx, TN_F64, 2, s34, 3);
    Tensor *in = tn_inner(&ctx, a, c);
    CHECK_SHAPE(in, 3, 2, 3, 3);
    for (int64_t i = 0; i < 6; i++)
        for (int64_t k = 0; k < 3; k++) {
            double w = 0;
            for (int64_t q = 0; q < 4; q++)
                w += tn_get_f64(a, i * 4 + q) * tn_get_f64(c, k * 4 + q);
            CHECK_NEAR(w, tn_get_f64(in, i * 3 + k), 1e-12);
        }
    tn_free(&ctx, in);
    /* outer and vdot */
    Tensor *o = tn_outer(&ctx, c, c);
    CHECK_SHAPE(o, 2, 12, 12);
    CHECK_NEAR(tn_get_f64(c, 5) * tn_get_f64(c, 7), tn_get_f64(o, 5 * 12 + 7), 0);
    tn_free(&ctx, o);
    Tensor *ct = tn_transpose(&ctx, c);
    Tensor *vd = tn_vdot(&ctx, ct, ct);
    CHECK_INT(0, vd->ndim);
    double w = 0;
    for (int64_t i = 0; i < 12; i++)
        w += tn_get_f64(c, i) * tn_get_f64(c, i);
    CHECK_NEAR(w, tn_get_f64(vd, 0), 1e-12);
    tn_free(&ctx, vd);
    CHECK_ERR(&ctx, tn_vdot(&ctx, a, c), TN_ERR_SHAPE, "different sizes (24 vs 12)");
    /* tensordot over two axes: a (2,3,4) with a (2,3,4) over axes (1,2),(1,2) -> (2,2) */
    int axa[] = {1, 2}, axb[] = {1, 2};
    Tensor *td = tn_tensordot(&ctx, a, a, 2, axa, axb);
    CHECK_SHAPE(td, 2, 2, 2);
    for (int64_t i = 0; i < 2; i++)
        for (int64_t k = 0; k < 2; k++) {
            double s = 0;
            for (int64_t q = 0; q < 12; q++)
                s += tn_get_f64(a, i * 12 + q) * tn_get_f64(a, k * 12 + q);
            CHECK_NEAR(s, tn_get_f64(td, i * 2 + k), 1e-12);
        }
    tn_free(&ctx, td);
    int bad[] = {0};
    int badb[] = {0};
    CHECK_ERR(&ctx, tn_tensordot(&ctx, a, c, 1, bad, badb), TN_ERR_SHAPE, "shape mismatch for sum");
    /* dot with a scalar multiplies */
    Tensor *two = tn_scalar_f64(&ctx, 2, true);
    Tensor *ds = tn_dot(&ctx, c, two);
    CHECK_NEAR(2 * tn_get_f64(c, 3), tn_get_f64(ds, 3), 0);
    Tensor *all[] = {a, b, c, ct, two, ds};
    for (int k = 0; k < 6; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_layouts_all_dtypes();
    test_big_and_edges();
    test_errors();
    test_dot_family();
    printf("test_matmul: ok\n");
    return 0;
}
