/*
 * test_linalg.c - linalg checked against naive references: A @ solve(A, b)
 * is b, inv(A) @ A is I, det against cofactor expansion, decompositions
 * multiply back to their input, and the errors name what went wrong.
 */
#include "tn_test.h"
#include "linalg.h"

/* ---- naive references */

/* Element (i, j) of the last two dims of matrix `batch` in a stack. */
static double at(const Tensor *t, int64_t batch, int64_t i, int64_t j)
{
    int64_t r = t->shape[t->ndim - 2], c = t->shape[t->ndim - 1];
    return tn_get_f64(t, batch * r * c + i * c + j);
}

static Tensor *mat(TnCtx *ctx, int64_t r, int64_t c, const double *v)
{
    int64_t shape[2] = {r, c};
    return test_tensor(ctx, TN_F64, 2, shape, v);
}

/* |a @ b - want| over one matrix of each stack; want may be NULL for I. */
static void check_product(const Tensor *a, int64_t ba, const Tensor *b, int64_t bb,
                          const Tensor *want, int64_t bw, double tol)
{
    int64_t m = a->shape[a->ndim - 2], k = a->shape[a->ndim - 1], n = b->shape[b->ndim - 1];
    CHECK_INT(k, b->shape[b->ndim - 2]);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double acc = 0;
            for (int64_t l = 0; l < k; l++)
                acc += at(a, ba, i, l) * at(b, bb, l, j);
            double w = want ? at(want, bw, i, j) : (double)(i == j);
            if (fabs(acc - w) > tol) {
                fprintf(stderr, "product[%lld,%lld]: expected %.17g, got %.17g\n", (long long)i,
                        (long long)j, w, acc);
                CHECK(fabs(acc - w) <= tol);
            }
        }
}

/* Columns of q (m x k) are orthonormal: q.T @ q == I. */
static void check_orthonormal_cols(const Tensor *q, int64_t b, double tol)
{
    int64_t m = q->shape[q->ndim - 2], k = q->shape[q->ndim - 1];
    for (int64_t i = 0; i < k; i++)
        for (int64_t j = 0; j < k; j++) {
            double acc = 0;
            for (int64_t l = 0; l < m; l++)
                acc += at(q, b, l, i) * at(q, b, l, j);
            CHECK_NEAR((double)(i == j), acc, tol);
        }
}

/* Determinant by cofactor expansion along the first row. */
static double cofactor_det(const double *a, int n)
{
    if (n == 1)
        return a[0];
    double sub[25], det = 0;
    for (int c = 0; c < n; c++) {
        int k = 0;
        for (int i = 1; i < n; i++)
            for (int j = 0; j < n; j++)
                if (j != c)
                    sub[k++] = a[i * n + j];
        det += (c % 2 ? -1 : 1) * a[c] * cofactor_det(sub, n - 1);
    }
    return det;
}

/* A small deterministic generator for test matrices (not the engine's). */
static double lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

static Tensor *random_tensor(TnCtx *ctx, TnDType dt, int nd, const int64_t *shape, uint64_t seed)
{
    Tensor *t = tn_empty(ctx, dt, nd, shape);
    CHECK_OK(ctx, t);
    for (int64_t i = 0; i < t->size; i++)
        tn_set_f64(t, i, lcg(&seed));
    return t;
}

/* ---- tests */

static void test_solve(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s44[] = {4, 4}, s4[] = {4}, s42[] = {4, 2};
    Tensor *a = random_tensor(&ctx, TN_F64, 2, s44, 1);
    Tensor *b = random_tensor(&ctx, TN_F64, 1, s4, 2);
    Tensor *x = tn_linalg_solve(&ctx, a, b);
    CHECK_OK(&ctx, x);
    CHECK_SHAPE(x, 1, 4);
    for (int i = 0; i < 4; i++) {
        double acc = 0;
        for (int j = 0; j < 4; j++)
            acc += at(a, 0, i, j) * tn_get_f64(x, j);
        CHECK_NEAR(tn_get_f64(b, i), acc, 1e-12);
    }
    tn_free(&ctx, x);
    tn_free(&ctx, b);

    b = random_tensor(&ctx, TN_F64, 2, s42, 3);
    CHECK_OK(&ctx, x = tn_linalg_solve(&ctx, a, b));
    CHECK_SHAPE(x, 2, 4, 2);
    check_product(a, 0, x, 0, b, 0, 1e-12);
    tn_free(&ctx, x);

    /* a transposed view (strided input) solves a.T @ x = b */
    int64_t tshape[] = {4, 4}, tstrides[] = {8, 32};
    Tensor *at_view = tn_view_as(&ctx, a, 2, tshape, tstrides, a->offset);
    CHECK_OK(&ctx, at_view);
    CHECK_OK(&ctx, x = tn_linalg_solve(&ctx, at_view, b));
    check_product(at_view, 0, x, 0, b, 0, 1e-12);
    tn_free(&ctx, x);
    tn_free(&ctx, at_view);
    tn_free(&ctx, b);
    tn_free(&ctx, a);

    /* stacks broadcast: a (2, 3, 3) against b (3, 2) */
    int64_t s233[] = {2, 3, 3}, s32[] = {3, 2};
    a = random_tensor(&ctx, TN_F64, 3, s233, 4);
    b = random_tensor(&ctx, TN_F64, 2, s32, 5);
    CHECK_OK(&ctx, x = tn_linalg_solve(&ctx, a, b));
    CHECK_SHAPE(x, 3, 2, 3, 2);
    check_product(a, 0, x, 0, b, 0, 1e-12);
    check_product(a, 1, x, 1, b, 0, 1e-12);
    tn_free(&ctx, x);
    tn_free(&ctx, b);
    /* ... and a 1-D b against a stack gives a stack of vectors */
    int64_t s3[] = {3};
    b = random_tensor(&ctx, TN_F64, 1, s3, 6);
    CHECK_OK(&ctx, x = tn_linalg_solve(&ctx, a, b));
    CHECK_SHAPE(x, 2, 2, 3);
    for (int64_t k = 0; k < 2; k++)
        for (int i = 0; i < 3; i++) {
            double acc = 0;
            for (int j = 0; j < 3; j++)
                acc += at(a, k, i, j) * tn_get_f64(x, k * 3 + j);
            CHECK_NEAR(tn_get_f64(b, i), acc, 1e-12);
        }
    tn_free(&ctx, x);
    tn_free(&ctx, b);
    tn_free(&ctx, a);

    /* dtypes: f32 stays f32, ints compute in f64 */
    a = random_tensor(&ctx, TN_F32, 2, s44, 7);
    b = random_tensor(&ctx, TN_F32, 1, s4, 8);
    CHECK_OK(&ctx, x = tn_linalg_solve(&ctx, a, b));
    CHECK_INT(TN_F32, x->dtype);
    for (int i = 0; i < 4; i++) {
        double acc = 0;
        for (int j = 0; j < 4; j++)
            acc += at(a, 0, i, j) * tn_get_f64(x, j);
        CHECK_NEAR(tn_get_f64(b, i), acc, 1e-4);
    }
    tn_free(&ctx, x);
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    int64_t s22[] = {2, 2}, s2[] = {2};
    a = test_tensor(&ctx, TN_I64, 2, s22, (double[]){2, 1, 1, 3});
    b = test_tensor(&ctx, TN_I32, 1, s2, (double[]){3, 5});
    CHECK_OK(&ctx, x = tn_linalg_solve(&ctx, a, b));
    CHECK_INT(TN_F64, x->dtype);
    CHECK_VALUES(x, ((double[]){0.8, 1.4}), 1e-14);
    tn_free(&ctx, x);
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    CHECK_NO_LEAKS();
}

static void test_solve_errors(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *a = mat(&ctx, 2, 2, (double[]){1, 2, 2, 4});
    int64_t s2[] = {2}, s4[] = {4};
    Tensor *b = test_tensor(&ctx, TN_F64, 1, s2, (double[]){1, 1});
    CHECK_ERR(&ctx, tn_linalg_solve(&ctx, a, b), TN_ERR_LINALG, "matrix is singular: pivot 2 is 0");
    CHECK(strstr(ctx.hint, "lstsq") != NULL);
    CHECK_ERR(&ctx, tn_linalg_inv(&ctx, a), TN_ERR_LINALG, "matrix is singular: pivot 2 is 0");
    tn_free(&ctx, a);
    a = mat(&ctx, 3, 3, (double[]){1, 0, 0, 0, 1, 0, 0, 0, 0});
    CHECK_ERR(&ctx, tn_linalg_inv(&ctx, a), TN_ERR_LINALG, "matrix is singular: pivot 3 is 0");
    tn_free(&ctx, a);

    a = mat(&ctx, 3, 3, (double[]){1, 2, 3, 4, 5, 6, 7, 8, 10});
    Tensor *b4 = test_tensor(&ctx, TN_F64, 1, s4, (double[]){1, 2, 3, 4});
    CHECK_ERR(&ctx, tn_linalg_solve(&ctx, a, b4), TN_ERR_SHAPE,
              "solve: a is f64[3,3] but b is f64[4]: b needs 3 rows to match a, it has 4");
    CHECK_INT(2, ctx.detail.nshapes);
    CHECK_INT(4, ctx.detail.shape[1][0]);
    tn_free(&ctx, a);
    a = mat(&ctx, 2, 3, (double[]){1, 2, 3, 4, 5, 6});
    CHECK_ERR(&ctx, tn_linalg_inv(&ctx, a), TN_ERR_SHAPE,
              "inv: expected a square matrix, got f64[2,3] (2 rows, 3 columns)");
    CHECK_ERR(&ctx, tn_linalg_det(&ctx, b), TN_ERR_SHAPE,
              "det: expected a matrix (2 or more dimensions), got f64[2]");
    tn_free(&ctx, a);
    /* stacks that do not broadcast */
    int64_t s233[] = {2, 3, 3}, s332[] = {3, 3, 2};
    a = random_tensor(&ctx, TN_F64, 3, s233, 1);
    Tensor *bb = random_tensor(&ctx, TN_F64, 3, s332, 2);
    CHECK_ERR(&ctx, tn_linalg_solve(&ctx, a, bb), TN_ERR_SHAPE, "cannot be broadcast together");
    tn_free(&ctx, a);
    tn_free(&ctx, bb);
    tn_free(&ctx, b);
    tn_free(&ctx, b4);
    CHECK_NO_LEAKS();
}

static void test_inv(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s355[] = {3, 5, 5};
    Tensor *a = random_tensor(&ctx, TN_F64, 3, s355, 11);
    Tensor *ai = tn_linalg_inv(&ctx, a);
    CHECK_OK(&ctx, ai);
    CHECK_SHAPE(ai, 3, 3, 5, 5);
    for (int64_t k = 0; k < 3; k++) {
        check_product(ai, k, a, k, NULL, 0, 1e-10);
        check_product(a, k, ai, k, NULL, 0, 1e-10);
    }
    tn_free(&ctx, ai);
    tn_free(&ctx, a);
    /* exact small case */
    a = mat(&ctx, 2, 2, (double[]){4, 7, 2, 6});
    CHECK_OK(&ctx, ai = tn_linalg_inv(&ctx, a));
    CHECK_VALUES(ai, ((double[]){0.6, -0.7, -0.2, 0.4}), 1e-14);
    tn_free(&ctx, ai);
    tn_free(&ctx, a);
    /* 0 x 0 */
    int64_t s00[] = {0, 0};
    a = tn_empty(&ctx, TN_F64, 2, s00);
    CHECK_OK(&ctx, ai = tn_linalg_inv(&ctx, a));
    CHECK_SHAPE(ai, 2, 0, 0);
    tn_free(&ctx, ai);
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static void test_det(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    for (int n = 1; n <= 5; n++) {
        int64_t shape[] = {n, n};
        Tensor *a = random_tensor(&ctx, TN_F64, 2, shape, 100 + (uint64_t)n);
        double v[25];
        for (int i = 0; i < n * n; i++)
            v[i] = tn_get_f64(a, i);
        Tensor *d = tn_linalg_det(&ctx, a);
        CHECK_OK(&ctx, d);
        CHECK_INT(0, d->ndim);
        CHECK_NEAR(cofactor_det(v, n), tn_get_f64(d, 0), 1e-12);
        Tensor *sign, *logd;
        CHECK_OK(&ctx, tn_linalg_slogdet(&ctx, a, &sign, &logd));
        CHECK_NEAR(tn_get_f64(d, 0), tn_get_f64(sign, 0) * exp(tn_get_f64(logd, 0)), 1e-12);
        CHECK(tn_get_f64(sign, 0) == 1.0 || tn_get_f64(sign, 0) == -1.0);
        tn_free(&ctx, sign);
        tn_free(&ctx, logd);
        tn_free(&ctx, d);
        tn_free(&ctx, a);
    }
    /* NumPy computes det as sign * exp(logdet): this exact value is NumPy's */
    Tensor *a = mat(&ctx, 2, 2, (double[]){1, 2, 3, 4});
    Tensor *d = tn_linalg_det(&ctx, a);
    CHECK_OK(&ctx, d);
    CHECK(tn_get_f64(d, 0) == -2.0000000000000004);
    tn_free(&ctx, d);
    tn_free(&ctx, a);
    /* singular: det 0, slogdet (0, -inf), no error */
    a = mat(&ctx, 2, 2, (double[]){1, 2, 2, 4});
    CHECK_OK(&ctx, d = tn_linalg_det(&ctx, a));
    CHECK(tn_get_f64(d, 0) == 0.0);
    Tensor *sign, *logd;
    CHECK_OK(&ctx, tn_linalg_slogdet(&ctx, a, &sign, &logd));
    CHECK(tn_get_f64(sign, 0) == 0.0 && isinf(tn_get_f64(logd, 0)) && tn_get_f64(logd, 0) < 0);
    tn_free(&ctx, sign);
    tn_free(&ctx, logd);
    tn_free(&ctx, d);
    tn_free(&ctx, a);
    /* batched, f32 */
    int64_t s2233[] = {2, 2, 3, 3};
    a = random_tensor(&ctx, TN_F32, 4, s2233, 7);
    CHECK_OK(&ctx, d = tn_linalg_det(&ctx, a));
    CHECK_SHAPE(d, 2, 2, 2);
    CHECK_INT(TN_F32, d->dtype);
    for (int64_t k = 0; k < 4; k++) {
        double v[9];
        for (int i = 0; i < 9; i++)
            v[i] = tn_get_f64(a, k * 9 + i);
        CHECK_NEAR(cofactor_det(v, 3), tn_get_f64(d, k), 1e-5);
    }
    tn_free(&ctx, d);
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static void test_eigh(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *a = mat(&ctx, 2, 2, (double[]){2, 1, 1, 2});
    Tensor *w, *v;
    CHECK_OK(&ctx, tn_linalg_eigh(&ctx, a, false, &w, &v));
    CHECK_VALUES(w, ((double[]){1, 3}), 1e-14);
    tn_free(&ctx, w);
    tn_free(&ctx, v);
    tn_free(&ctx, a);

    /* reconstruction V diag(w) V.T == A for a random symmetric 6 x 6 */
    int n = 6;
    int64_t s66[] = {6, 6};
    Tensor *r = random_tensor(&ctx, TN_F64, 2, s66, 21);
    a = tn_empty(&ctx, TN_F64, 2, s66);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            tn_set_f64(a, i * n + j, at(r, 0, i, j) + at(r, 0, j, i));
    CHECK_OK(&ctx, tn_linalg_eigh(&ctx, a, false, &w, &v));
    CHECK_SHAPE(w, 1, 6);
    for (int i = 1; i < n; i++)
        CHECK(tn_get_f64(w, i - 1) <= tn_get_f64(w, i));
    check_orthonormal_cols(v, 0, 1e-12);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int l = 0; l < n; l++)
                acc += at(v, 0, i, l) * tn_get_f64(w, l) * at(v, 0, j, l);
            CHECK_NEAR(at(a, 0, i, j), acc, 1e-12);
        }
    tn_free(&ctx, v);
    /* eigenvalues only, and only the lower triangle is read: garbage above
       the diagonal must not change them */
    Tensor *w2;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            tn_set_f64(a, i * n + j, 1e6);
    CHECK_OK(&ctx, tn_linalg_eigh(&ctx, a, false, &w2, NULL));
    CHECK_VALUES(w2, ((double *)tn_data(w)), 1e-12);
    tn_free(&ctx, w2);
    /* upper = true reads the 1e6 entries instead */
    CHECK_OK(&ctx, tn_linalg_eigh(&ctx, a, true, &w2, NULL));
    CHECK(tn_get_f64(w2, n - 1) > 1e5);
    tn_free(&ctx, w2);
    tn_free(&ctx, w);
    tn_free(&ctx, a);
    tn_free(&ctx, r);
    CHECK_NO_LEAKS();
}

static void test_eig(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *a = mat(&ctx, 3, 3, (double[]){1, 2, 3, 0, 4, 5, 0, 0, 6});
    Tensor *w, *v;
    CHECK_OK(&ctx, tn_linalg_eig(&ctx, a, &w, &v));
    /* a triangular matrix has its diagonal as eigenvalues */
    double want[3] = {1, 4, 6}, got[3];
    for (int i = 0; i < 3; i++)
        got[i] = tn_get_f64(w, i);
    for (int i = 0; i < 3; i++) {
        bool found = false;
        for (int j = 0; j < 3; j++)
            found |= fabs(got[j] - want[i]) < 1e-12;
        CHECK(found);
    }
    /* A v_i == w_i v_i, each v_i of unit length */
    for (int c = 0; c < 3; c++) {
        double norm = 0;
        for (int i = 0; i < 3; i++) {
            double acc = 0;
            for (int j = 0; j < 3; j++)
                acc += at(a, 0, i, j) * at(v, 0, j, c);
            CHECK_NEAR(got[c] * at(v, 0, i, c), acc, 1e-12);
            norm += at(v, 0, i, c) * at(v, 0, i, c);
        }
        CHECK_NEAR(1.0, norm, 1e-12);
    }
    tn_free(&ctx, w);
    tn_free(&ctx, v);
    tn_free(&ctx, a);

    /* a rotation has eigenvalues +-i */
    a = mat(&ctx, 2, 2, (double[]){0, -1, 1, 0});
    CHECK_ERR(&ctx, tn_linalg_eig(&ctx, a, &w, &v), TN_ERR_LINALG,
              "eig: the matrix has complex eigenvalues (0 + 1i), and Nabla has no complex dtype");
    CHECK(strstr(ctx.hint, "eigh") != NULL);
    tn_free(&ctx, a);
    a = mat(&ctx, 2, 2, (double[]){1, NAN, 0, 1});
    CHECK_ERR(&ctx, tn_linalg_eig(&ctx, a, &w, NULL), TN_ERR_LINALG, "NaN or infinity");
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static void check_svd(TnCtx *ctx, int64_t m, int64_t n, bool full, uint64_t seed)
{
    int64_t shape[] = {m, n};
    int64_t k = m < n ? m : n;
    Tensor *a = random_tensor(ctx, TN_F64, 2, shape, seed);
    Tensor *u, *s, *vh, *s2;
    CHECK_OK(ctx, tn_linalg_svd(ctx, a, full, true, &u, &s, &vh));
    CHECK_SHAPE(u, 2, m, full ? m : k);
    CHECK_SHAPE(s, 1, k);
    CHECK_SHAPE(vh, 2, full ? n : k, n);
    for (int64_t i = 1; i < k; i++)
        CHECK(tn_get_f64(s, i - 1) >= tn_get_f64(s, i));
    check_orthonormal_cols(u, 0, 1e-12);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double acc = 0;
            for (int64_t l = 0; l < k; l++)
                acc += at(u, 0, i, l) * tn_get_f64(s, l) * at(vh, 0, l, j);
            CHECK_NEAR(at(a, 0, i, j), acc, 1e-12);
        }
    CHECK_OK(ctx, tn_linalg_svd(ctx, a, full, false, NULL, &s2, NULL));
    CHECK_VALUES(s2, ((double *)tn_data(s)), 1e-12);
    tn_free(ctx, s2);
    tn_free(ctx, u);
    tn_free(ctx, s);
    tn_free(ctx, vh);
    tn_free(ctx, a);
}

static void test_svd(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    check_svd(&ctx, 3, 5, false, 31);
    check_svd(&ctx, 5, 3, false, 32);
    check_svd(&ctx, 3, 5, true, 33);
    check_svd(&ctx, 5, 3, true, 34);
    check_svd(&ctx, 4, 4, true, 35);
    /* known singular values */
    Tensor *a = mat(&ctx, 2, 2, (double[]){3, 0, 0, -2}), *s;
    CHECK_OK(&ctx, tn_linalg_svd(&ctx, a, false, false, NULL, &s, NULL));
    CHECK_VALUES(s, ((double[]){3, 2}), 1e-14);
    tn_free(&ctx, s);
    tn_free(&ctx, a);
    /* batched f32 */
    int64_t s234[] = {2, 3, 4};
    a = random_tensor(&ctx, TN_F32, 3, s234, 36);
    Tensor *u, *vh;
    CHECK_OK(&ctx, tn_linalg_svd(&ctx, a, false, true, &u, &s, &vh));
    CHECK_INT(TN_F32, s->dtype);
    CHECK_SHAPE(u, 3, 2, 3, 3);
    CHECK_SHAPE(vh, 3, 2, 3, 4);
    for (int64_t b = 0; b < 2; b++)
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++) {
                double acc = 0;
                for (int l = 0; l < 3; l++)
                    acc += at(u, b, i, l) * tn_get_f64(s, b * 3 + l) * at(vh, b, l, j);
                CHECK_NEAR(at(a, b, i, j), acc, 1e-5);
            }
    tn_free(&ctx, u);
    tn_free(&ctx, s);
    tn_free(&ctx, vh);
    tn_free(&ctx, a);
    a = mat(&ctx, 2, 2, (double[]){1, INFINITY, 0, 1});
    CHECK_ERR(&ctx, tn_linalg_svd(&ctx, a, false, true, &u, &s, &vh), TN_ERR_LINALG,
              "svd: the matrix contains NaN or infinity");
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static void test_qr(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t dims[3][2] = {{5, 3}, {3, 5}, {4, 4}};
    for (int c = 0; c < 3; c++) {
        int64_t m = dims[c][0], n = dims[c][1], k = m < n ? m : n;
        Tensor *a = random_tensor(&ctx, TN_F64, 2, dims[c], 40 + (uint64_t)c), *q, *r;
        CHECK_OK(&ctx, tn_linalg_qr(&ctx, a, TN_QR_REDUCED, &q, &r));
        CHECK_SHAPE(q, 2, m, k);
        CHECK_SHAPE(r, 2, k, n);
        check_orthonormal_cols(q, 0, 1e-12);
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = 0; j < i; j++)
                CHECK(at(r, 0, i, j) == 0.0);
        check_product(q, 0, r, 0, a, 0, 1e-12);
        tn_free(&ctx, q);
        tn_free(&ctx, r);
        CHECK_OK(&ctx, tn_linalg_qr(&ctx, a, TN_QR_COMPLETE, &q, &r));
        CHECK_SHAPE(q, 2, m, m);
        CHECK_SHAPE(r, 2, m, n);
        check_orthonormal_cols(q, 0, 1e-12);
        check_product(q, 0, r, 0, a, 0, 1e-12);
        tn_free(&ctx, q);
        tn_free(&ctx, r);
        CHECK_OK(&ctx, tn_linalg_qr(&ctx, a, TN_QR_R, NULL, &r));
        CHECK_SHAPE(r, 2, k, n);
        tn_free(&ctx, r);
        tn_free(&ctx, a);
    }
    CHECK_NO_LEAKS();
}

static void test_cholesky(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *a = mat(&ctx, 3, 3, (double[]){4, 12, -16, 12, 37, -43, -16, -43, 98});
    Tensor *l = tn_linalg_cholesky(&ctx, a);
    CHECK_OK(&ctx, l);
    CHECK_VALUES(l, ((double[]){2, 0, 0, 6, 1, 0, -8, 5, 3}), 1e-14);
    tn_free(&ctx, l);
    tn_free(&ctx, a);
    /* L @ L.T == A for a random SPD (B B^T + n I), batched */
    int64_t s244[] = {2, 4, 4};
    Tensor *b = random_tensor(&ctx, TN_F64, 3, s244, 50);
    a = tn_empty(&ctx, TN_F64, 3, s244);
    for (int64_t k = 0; k < 2; k++)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                double acc = i == j ? 4.0 : 0.0;
                for (int t = 0; t < 4; t++)
                    acc += at(b, k, i, t) * at(b, k, j, t);
                tn_set_f64(a, k * 16 + i * 4 + j, acc);
            }
    CHECK_OK(&ctx, l = tn_linalg_cholesky(&ctx, a));
    for (int64_t k = 0; k < 2; k++)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                if (j > i)
                    CHECK(at(l, k, i, j) == 0.0);
                double acc = 0;
                for (int t = 0; t < 4; t++)
                    acc += at(l, k, i, t) * at(l, k, j, t);
                CHECK_NEAR(at(a, k, i, j), acc, 1e-12);
            }
    tn_free(&ctx, l);
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    a = mat(&ctx, 2, 2, (double[]){1, 2, 2, 1});
    CHECK_ERR(&ctx, tn_linalg_cholesky(&ctx, a), TN_ERR_LINALG,
              "cholesky: matrix is not positive definite (leading minor 2)");
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static void test_lstsq(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    /* y = 1 + 2x exactly: the fit recovers it with zero residual */
    Tensor *a = mat(&ctx, 4, 2, (double[]){1, 0, 1, 1, 1, 2, 1, 3});
    int64_t s4[] = {4};
    Tensor *y = test_tensor(&ctx, TN_F64, 1, s4, (double[]){1, 3, 5, 7});
    Tensor *x, *res, *s;
    int64_t rank;
    CHECK_OK(&ctx, tn_linalg_lstsq(&ctx, a, y, -1, &x, &res, &rank, &s));
    CHECK_VALUES(x, ((double[]){1, 2}), 1e-12);
    CHECK_INT(2, rank);
    CHECK_SHAPE(res, 1, 1);
    CHECK(fabs(tn_get_f64(res, 0)) < 1e-20);
    CHECK_SHAPE(s, 1, 2);
    tn_free(&ctx, x);
    tn_free(&ctx, res);
    tn_free(&ctx, s);
    tn_free(&ctx, y);
    /* noisy: compare with the normal equations and the naive residual */
    y = test_tensor(&ctx, TN_F64, 1, s4, (double[]){1.1, 2.9, 5.3, 6.8});
    CHECK_OK(&ctx, tn_linalg_lstsq(&ctx, a, y, -1, &x, &res, &rank, NULL));
    double sx = 6, sxx = 14, sy = 16.1, sxy = 2.9 + 10.6 + 20.4;
    double slope = (4 * sxy - sx * sy) / (4 * sxx - sx * sx), icpt = (sy - slope * sx) / 4;
    CHECK_NEAR(icpt, tn_get_f64(x, 0), 1e-12);
    CHECK_NEAR(slope, tn_get_f64(x, 1), 1e-12);
    double rss = 0;
    for (int i = 0; i < 4; i++) {
        double e = tn_get_f64(y, i) - icpt - slope * i;
        rss += e * e;
    }
    CHECK_NEAR(rss, tn_get_f64(res, 0), 1e-10);
    tn_free(&ctx, x);
    tn_free(&ctx, res);
    tn_free(&ctx, y);
    tn_free(&ctx, a);
    /* rank deficient: no residuals, minimum-norm solution */
    a = mat(&ctx, 3, 2, (double[]){1, 1, 2, 2, 3, 3});
    int64_t s32[] = {3, 2};
    y = test_tensor(&ctx, TN_F64, 2, s32, (double[]){2, 4, 4, 8, 6, 12});
    CHECK_OK(&ctx, tn_linalg_lstsq(&ctx, a, y, -1, &x, &res, &rank, NULL));
    CHECK_INT(1, rank);
    CHECK_SHAPE(res, 1, 0);
    CHECK_SHAPE(x, 2, 2, 2);
    CHECK_VALUES(x, ((double[]){1, 2, 1, 2}), 1e-12);
    tn_free(&ctx, x);
    tn_free(&ctx, res);
    Tensor *bad = test_tensor(&ctx, TN_F64, 1, s4, (double[]){1, 2, 3, 4});
    CHECK_ERR(&ctx, tn_linalg_lstsq(&ctx, a, bad, -1, &x, NULL, NULL, NULL), TN_ERR_SHAPE,
              "lstsq: a is f64[3,2] but b is f64[4]");
    tn_free(&ctx, bad);
    tn_free(&ctx, y);
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static void test_pinv_rank(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    /* rank 2: row 3 = row 1 + row 2 */
    Tensor *a = mat(&ctx, 3, 4, (double[]){1, 2, 3, 4, 2, 0, 1, 5, 3, 2, 4, 9});
    Tensor *p = tn_linalg_pinv(&ctx, a, -1);
    CHECK_OK(&ctx, p);
    CHECK_SHAPE(p, 2, 4, 3);
    /* Penrose conditions: A P A == A and P A P == P */
    int64_t s33[] = {3, 3};
    Tensor *ap = tn_zeros(&ctx, TN_F64, 2, s33);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double acc = 0;
            for (int l = 0; l < 4; l++)
                acc += at(a, 0, i, l) * at(p, 0, l, j);
            tn_set_f64(ap, i * 3 + j, acc);
        }
    check_product(ap, 0, a, 0, a, 0, 1e-12);
    check_product(p, 0, ap, 0, p, 0, 1e-12);
    tn_free(&ctx, ap);
    Tensor *r = tn_linalg_matrix_rank(&ctx, a, -1);
    CHECK_OK(&ctx, r);
    CHECK_INT(0, r->ndim);
    CHECK_INT(TN_I64, r->dtype);
    CHECK_INT(2, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    tn_free(&ctx, p);
    tn_free(&ctx, a);
    /* invertible: pinv == inv */
    a = mat(&ctx, 2, 2, (double[]){4, 7, 2, 6});
    CHECK_OK(&ctx, p = tn_linalg_pinv(&ctx, a, -1));
    CHECK_VALUES(p, ((double[]){0.6, -0.7, -0.2, 0.4}), 1e-13);
    tn_free(&ctx, p);
    tn_free(&ctx, a);
    /* batched rank, and 1-D */
    int64_t s233[] = {2, 3, 3};
    a = test_tensor(&ctx, TN_F64, 3, s233,
                    (double[]){1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 0, 0});
    CHECK_OK(&ctx, r = tn_linalg_matrix_rank(&ctx, a, -1));
    CHECK_SHAPE(r, 1, 2);
    CHECK_VALUES(r, ((double[]){3, 1}), 0);
    tn_free(&ctx, r);
    tn_free(&ctx, a);
    int64_t s3[] = {3};
    a = test_tensor(&ctx, TN_F64, 1, s3, (double[]){0, 0, 0});
    CHECK_OK(&ctx, r = tn_linalg_matrix_rank(&ctx, a, -1));
    CHECK_INT(0, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    tn_set_f64(a, 1, 2.0);
    CHECK_OK(&ctx, r = tn_linalg_matrix_rank(&ctx, a, -1));
    CHECK_INT(1, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

static double norm1(TnCtx *ctx, const Tensor *x, TnNormKind kind, double p, int naxes, int ax0,
                    int ax1)
{
    int axes[2] = {ax0, ax1};
    TnNormOrd ord = {kind, p};
    Tensor *r = tn_linalg_norm(ctx, x, ord, axes, naxes, false);
    CHECK_OK(ctx, r);
    CHECK_INT(0, r->ndim);
    double v = tn_get_f64(r, 0);
    tn_free(ctx, r);
    return v;
}

static void test_norm(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s4[] = {4};
    Tensor *v = test_tensor(&ctx, TN_F64, 1, s4, (double[]){3, -4, 0, 12});
    CHECK_NEAR(13.0, norm1(&ctx, v, TN_NORM_DEFAULT, 0, 0, 0, 0), 1e-15);
    CHECK_NEAR(13.0, norm1(&ctx, v, TN_NORM_P, 2, 0, 0, 0), 1e-15);
    CHECK_NEAR(19.0, norm1(&ctx, v, TN_NORM_P, 1, 1, 0, 0), 1e-15);
    CHECK_NEAR(12.0, norm1(&ctx, v, TN_NORM_P, INFINITY, 0, 0, 0), 1e-15);
    CHECK_NEAR(0.0, norm1(&ctx, v, TN_NORM_P, -INFINITY, 1, -1, 0), 1e-15);
    CHECK_NEAR(3.0, norm1(&ctx, v, TN_NORM_P, 0, 0, 0, 0), 1e-15);
    CHECK_NEAR(cbrt(27.0 + 64 + 1728), norm1(&ctx, v, TN_NORM_P, 3, 0, 0, 0), 1e-14);
    TnNormOrd fro = {TN_NORM_FRO, 0};
    int ax0 = 0;
    CHECK_ERR(&ctx, tn_linalg_norm(&ctx, v, fro, &ax0, 1, false), TN_ERR_VALUE,
              "norm: ord 'fro' is a matrix norm");
    tn_free(&ctx, v);

    Tensor *m = mat(&ctx, 2, 3, (double[]){1, -2, 3, -4, 5, -6});
    CHECK_NEAR(sqrt(91.0), norm1(&ctx, m, TN_NORM_DEFAULT, 0, 0, 0, 0), 1e-15);
    CHECK_NEAR(sqrt(91.0), norm1(&ctx, m, TN_NORM_FRO, 0, 0, 0, 0), 1e-15);
    CHECK_NEAR(9.0, norm1(&ctx, m, TN_NORM_P, 1, 0, 0, 0), 1e-15);       /* max col sum */
    CHECK_NEAR(5.0, norm1(&ctx, m, TN_NORM_P, -1, 0, 0, 0), 1e-15);      /* min col sum */
    CHECK_NEAR(15.0, norm1(&ctx, m, TN_NORM_P, INFINITY, 0, 0, 0), 1e-15); /* max row sum */
    CHECK_NEAR(6.0, norm1(&ctx, m, TN_NORM_P, -INFINITY, 0, 0, 0), 1e-15);
    /* the transposed axes order swaps rows and columns */
    CHECK_NEAR(15.0, norm1(&ctx, m, TN_NORM_P, 1, 2, 1, 0), 1e-15);
    /* singular values of m (from NumPy: 9.508032000695724, 0.7728696356734843) */
    CHECK_NEAR(9.508032000695724, norm1(&ctx, m, TN_NORM_P, 2, 0, 0, 0), 1e-13);
    CHECK_NEAR(0.7728696356734843, norm1(&ctx, m, TN_NORM_P, -2, 0, 0, 0), 1e-13);
    CHECK_NEAR(9.508032000695724 + 0.7728696356734843, norm1(&ctx, m, TN_NORM_NUC, 0, 0, 0, 0),
               1e-13);
    TnNormOrd bad = {TN_NORM_P, 3};
    CHECK_ERR(&ctx, tn_linalg_norm(&ctx, m, bad, NULL, 0, false), TN_ERR_VALUE,
              "norm: ord 3 is not a matrix norm");

    /* along an axis, with keepdims */
    TnNormOrd one = {TN_NORM_P, 1};
    int ax1 = 1;
    Tensor *r = tn_linalg_norm(&ctx, m, one, &ax1, 1, true);
    CHECK_OK(&ctx, r);
    CHECK_SHAPE(r, 2, 2, 1);
    CHECK_VALUES(r, ((double[]){6, 15}), 1e-15);
    tn_free(&ctx, r);
    TnNormOrd def = {TN_NORM_DEFAULT, 0};
    CHECK_OK(&ctx, r = tn_linalg_norm(&ctx, m, def, &ax0, 1, false));
    CHECK_SHAPE(r, 1, 3);
    CHECK_VALUES(r, ((double[]){sqrt(17.0), sqrt(29.0), sqrt(45.0)}), 1e-15);
    tn_free(&ctx, r);
    int bad_axis = 2;
    CHECK_ERR(&ctx, tn_linalg_norm(&ctx, m, def, &bad_axis, 1, false), TN_ERR_INDEX,
              "norm: axis 2 is out of range for f64[2,3]");
    tn_free(&ctx, m);

    /* 3-D: axis None is the 2-norm of everything; a matrix norm per slice */
    int64_t s223[] = {2, 2, 3};
    Tensor *t = test_tensor(&ctx, TN_F32, 3, s223, (double[]){1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 1, 0});
    CHECK_OK(&ctx, r = tn_linalg_norm(&ctx, t, def, NULL, 0, true));
    CHECK_INT(TN_F32, r->dtype);
    CHECK_SHAPE(r, 3, 1, 1, 1);
    CHECK_NEAR(sqrt(93.0), tn_get_f64(r, 0), 1e-6);
    tn_free(&ctx, r);
    int axes[2] = {1, 2};
    CHECK_OK(&ctx, r = tn_linalg_norm(&ctx, t, fro, axes, 2, false));
    CHECK_SHAPE(r, 1, 2);
    CHECK_VALUES(r, ((double[]){sqrt(91.0), sqrt(2.0)}), 1e-6);
    tn_free(&ctx, r);
    CHECK_ERR(&ctx, tn_linalg_norm(&ctx, t, one, NULL, 0, false), TN_ERR_SHAPE,
              "norm: with an ord and no axis the input must be 1-D or 2-D, got f32[2,2,3]");
    tn_free(&ctx, t);
    CHECK_NO_LEAKS();
}

/* Every allocation in turn refused: each call fails cleanly with
   TN_ERR_MEMORY and leaks nothing, or succeeds. */
static void test_out_of_memory(void)
{
    TnCtx ctx;
    int64_t s33[] = {3, 3}, s3[] = {3};
    for (int which = 0; which < 4; which++) {
        for (long long n = 1; n < 60; n++) {
            test_ctx(&ctx);
            Tensor *a = random_tensor(&ctx, TN_F64, 2, s33, 9);
            Tensor *b = random_tensor(&ctx, TN_I64, 1, s3, 10);
            test_alloc_state.fail_at = test_alloc_state.nallocs + n;
            Tensor *r = NULL, *r2 = NULL, *r3 = NULL;
            bool ok;
            switch (which) {
            case 0: ok = (r = tn_linalg_solve(&ctx, a, b)) != NULL; break;
            case 1: ok = tn_linalg_svd(&ctx, a, true, true, &r, &r2, &r3); break;
            case 2: ok = tn_linalg_qr(&ctx, a, TN_QR_REDUCED, &r, &r2); break;
            default: ok = (r = tn_linalg_pinv(&ctx, a, -1)) != NULL; break;
            }
            test_alloc_state.fail_at = 0;
            if (!ok)
                CHECK_INT(TN_ERR_MEMORY, ctx.err);
            tn_free(&ctx, r);
            tn_free(&ctx, r2);
            tn_free(&ctx, r3);
            tn_free(&ctx, a);
            tn_free(&ctx, b);
            CHECK_NO_LEAKS();
        }
    }
}

int main(void)
{
    test_solve();
    test_solve_errors();
    test_inv();
    test_det();
    test_eigh();
    test_eig();
    test_svd();
    test_qr();
    test_cholesky();
    test_lstsq();
    test_pinv_rank();
    test_norm();
    test_out_of_memory();
    printf("test_linalg: all passed\n");
    return 0;
}
