/*
 * matmul.c - matmul through BLAS or a tiled integer loop; dot, vdot, inner,
 * outer and tensordot built on it (see matmul.h).
 */
#define TN_KERNEL_FILE
#include "matmul.h"

#include "kernel.h"
#include "ops.h"
#include "view.h"

#include <cblas.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* One matrix of a batch: element (i, j) at p + i*rs + j*cs. */
typedef struct Mat {
    const char *p;
    int64_t rows, cols, rs, cs;
} Mat;

/*
 * How BLAS can read m without a copy: NoTrans when its rows are runs of
 * unit stride (row-major, leading dimension rs), Trans when its columns are
 * (it is the transpose of a row-major matrix with leading dimension cs).
 * Axes of length 1 have any stride.
 */
static bool blas_mat(const Mat *m, int64_t es, CBLAS_TRANSPOSE *tr, int *ld)
{
    if (m->cols <= 1 || m->cs == es) {
        int64_t need = m->cols > 1 ? m->cols : 1;
        int64_t l = m->rows <= 1 ? need : m->rs / es;
        bool ok = m->rows <= 1 || (m->rs > 0 && m->rs % es == 0);
        if (ok && l >= need && l <= INT_MAX) {
            *tr = CblasNoTrans;
            *ld = (int)l;
            return true;
        }
    }
    if (m->rows <= 1 || m->rs == es) {
        int64_t need = m->rows > 1 ? m->rows : 1;
        int64_t l = m->cols <= 1 ? need : m->cs / es;
        bool ok = m->cols <= 1 || (m->cs > 0 && m->cs % es == 0);
        if (ok && l >= need && l <= INT_MAX) {
            *tr = CblasTrans;
            *ld = (int)l;
            return true;
        }
    }
    return false;
}

/* A vector of n elements with this byte stride as a BLAS increment. */
static bool blas_inc(int64_t n, int64_t stride, int64_t es, int *inc)
{
    if (n <= 1) {
        *inc = 1;
        return true;
    }
    if (stride > 0 && stride % es == 0 && stride / es <= INT_MAX) {
        *inc = (int)(stride / es);
        return true;
    }
    return false;
}

/* ---- integer and bool products, tiled: for a block of rows, a block of
   k and a block of columns, c[i, j] += a[i, k] * b[k, j] with the j loop
   innermost over a contiguous row of b (vectorised). */

#define TILE_I 32
#define TILE_K 128
#define TILE_J 512

#define INT_MATMUL(SUF, T, UT, MULADD)                                                     \
    static void mm_##SUF(const Mat *A, const Mat *B, char *C, int64_t M, int64_t N, int64_t K) \
    {                                                                                      \
        for (int64_t i0 = 0; i0 < M; i0 += TILE_I) {                                       \
            int64_t i1 = i0 + TILE_I < M ? i0 + TILE_I : M;                                \
            for (int64_t k0 = 0; k0 < K; k0 += TILE_K) {                                   \
                int64_t k1 = k0 + TILE_K < K ? k0 + TILE_K : K;                            \
                for (int64_t j0 = 0; j0 < N; j0 += TILE_J) {                               \
                    int64_t j1 = j0 + TILE_J < N ? j0 + TILE_J : N;                        \
                    for (int64_t i = i0; i < i1; i++) {                                    \
                        T *c = (T *)C + i * N;                                             \
                        for (int64_t k = k0; k < k1; k++) {                                \
                            UT a = (UT) * (const T *)(A->p + i * A->rs + k * A->cs);       \
                            const char *brow = B->p + k * B->rs;                           \
                            if (B->cs == (int64_t)sizeof(T)) {                             \
                                const T *b = (const T *)brow;                              \
                                for (int64_t j = j0; j < j1; j++)                          \
                                    c[j] = MULADD(T, UT, c[j], a, b[j]);                   \
                            } else {                                                       \
                                for (int64_t j = j0; j < j1; j++)                          \
                                    c[j] = MULADD(T, UT, c[j], a,                          \
                                                  *(const T *)(brow + j * B->cs));         \
                                }                                                          \
                        }                                                                  \
                    }                                                                      \
                }                                                                          \
            }                                                                              \
        }                                                                                  \
    }
#define MULADD_WRAP(T, UT, c, a, b) ((T)((UT)(c) + (a) * (UT)(b)))
#define MULADD_BOOL(T, UT, c, a, b) ((c) | ((a) & (b)))
INT_MATMUL(b1, bool, bool, MULADD_BOOL)
INT_MATMUL(u8, uint8_t, unsigned, MULADD_WRAP)
INT_MATMUL(i32, int32_t, uint32_t, MULADD_WRAP)
INT_MATMUL(i64, int64_t, uint64_t, MULADD_WRAP)

typedef void (*MatmulFn)(const Mat *, const Mat *, char *, int64_t, int64_t, int64_t);
static const MatmulFn INT_MM[TN_DTYPE_COUNT] = {mm_b1, mm_u8, mm_i32, mm_i64, NULL, NULL};

/* ---- BLAS calls for one matrix of the batch */

typedef enum { CASE_DOT, CASE_GEMV_A, CASE_GEMV_B, CASE_GEMM } BlasCase;

/* Can BLAS read a and b of this batch geometry as they are? */
static bool blas_ready(BlasCase c, const Mat *A, const Mat *B, int64_t es, bool *a_ok, bool *b_ok)
{
    CBLAS_TRANSPOSE tr;
    int ld, inc;
    switch (c) {
    case CASE_DOT:
        *a_ok = blas_inc(A->cols, A->cs, es, &inc);
        *b_ok = blas_inc(B->rows, B->rs, es, &inc);
        break;
    case CASE_GEMV_A:
        *a_ok = blas_mat(A, es, &tr, &ld);
        *b_ok = blas_inc(B->rows, B->rs, es, &inc);
        break;
    case CASE_GEMV_B:
        *a_ok = blas_inc(A->cols, A->cs, es, &inc);
        *b_ok = blas_mat(B, es, &tr, &ld);
        break;
    default:
        *a_ok = blas_mat(A, es, &tr, &ld);
        *b_ok = blas_mat(B, es, &tr, &ld);
        break;
    }
    return *a_ok && *b_ok;
}

static void blas_one(BlasCase c, bool f64, const Mat *A, const Mat *B, char *C, int64_t M, int64_t N,
                     int64_t K)
{
    int64_t es = f64 ? 8 : 4;
    CBLAS_TRANSPOSE ta = CblasNoTrans, tb = CblasNoTrans;
    int lda = 1, ldb = 1, inca = 1, incb = 1;
    switch (c) {
    case CASE_DOT:
        blas_inc(A->cols, A->cs, es, &inca);
        blas_inc(B->rows, B->rs, es, &incb);
        if (f64)
            *(double *)C = cblas_ddot((int)K, (const double *)A->p, inca, (const double *)B->p, incb);
        else
            *(float *)C = cblas_sdot((int)K, (const float *)A->p, inca, (const float *)B->p, incb);
        return;
    case CASE_GEMV_A:
        /* y(M) = A x; a transposed-layout A is row-major K x M */
        blas_mat(A, es, &ta, &lda);
        blas_inc(B->rows, B->rs, es, &incb);
        if (f64)
            cblas_dgemv(CblasRowMajor, ta, ta == CblasNoTrans ? (int)M : (int)K,
                        ta == CblasNoTrans ? (int)K : (int)M, 1.0, (const double *)A->p, lda,
                        (const double *)B->p, incb, 0.0, (double *)C, 1);
        else
            cblas_sgemv(CblasRowMajor, ta, ta == CblasNoTrans ? (int)M : (int)K,
                        ta == CblasNoTrans ? (int)K : (int)M, 1.0f, (const float *)A->p, lda,
                        (const float *)B->p, incb, 0.0f, (float *)C, 1);
        return;
    case CASE_GEMV_B: {
        /* y(N) = B^T x: a row-major K x N B is read transposed; a
           transposed-layout B is row-major N x K, read as it is */
        blas_inc(A->cols, A->cs, es, &inca);
        blas_mat(B, es, &tb, &ldb);
        CBLAS_TRANSPOSE t = tb == CblasNoTrans ? CblasTrans : CblasNoTrans;
        int rows = tb == CblasNoTrans ? (int)K : (int)N, cols = tb == CblasNoTrans ? (int)N : (int)K;
        if (f64)
            cblas_dgemv(CblasRowMajor, t, rows, cols, 1.0, (const double *)B->p, ldb,
                        (const double *)A->p, inca, 0.0, (double *)C, 1);
        else
            cblas_sgemv(CblasRowMajor, t, rows, cols, 1.0f, (const float *)B->p, ldb,
                        (const float *)A->p, inca, 0.0f, (float *)C, 1);
        return;
    }
    default:
        blas_mat(A, es, &ta, &lda);
        blas_mat(B, es, &tb, &ldb);
        if (f64)
            cblas_dgemm(CblasRowMajor, ta, tb, (int)M, (int)N, (int)K, 1.0, (const double *)A->p, lda,
                        (const double *)B->p, ldb, 0.0, (double *)C, (int)N);
        else
            cblas_sgemm(CblasRowMajor, ta, tb, (int)M, (int)N, (int)K, 1.0f, (const float *)A->p, lda,
                        (const float *)B->p, ldb, 0.0f, (float *)C, (int)N);
        return;
    }
}

/* ---- matmul */

/* The core matrix geometry of t as the left (is_left) or right operand. */
static Mat core_mat(const Tensor *t, bool is_left)
{
    Mat m;
    m.p = tn_data(t);
    int nd = t->ndim;
    if (nd >= 2) {
        m.rows = t->shape[nd - 2];
        m.cols = t->shape[nd - 1];
        m.rs = t->strides[nd - 2];
        m.cs = t->strides[nd - 1];
    } else if (is_left) {       /* (K) as a row (1, K) */
        m.rows = 1;
        m.cols = t->shape[0];
        m.rs = 0;
        m.cs = t->strides[0];
    } else {                    /* (K) as a column (K, 1) */
        m.rows = t->shape[0];
        m.cols = 1;
        m.rs = t->strides[0];
        m.cs = 0;
    }
    return m;
}

static Tensor *matmul_error(TnCtx *ctx, const Tensor *a, const Tensor *b, int64_t k1, int64_t k2)
{
    char sa[128], sb[128];
    tn_shape_str(sa, sizeof sa, a->dtype, a->ndim, a->shape);
    tn_shape_str(sb, sizeof sb, b->dtype, b->ndim, b->shape);
    tn_fail(ctx, TN_ERR_SHAPE, "matmul: inner dimensions differ: %s @ %s (%lld != %lld)", sa, sb,
            (long long)k1, (long long)k2);
    tn_detail(ctx, a, b, -1);
    if (b->ndim >= 2 && b->shape[b->ndim - 1] == k1)
        tn_hint(ctx, "the last axis of the left operand must match the second-to-last of the right; "
                     "the transpose of the right operand (.T) would fit");
    else if (a->ndim >= 2 && a->shape[a->ndim - 2] == k2)
        tn_hint(ctx, "the last axis of the left operand must match the second-to-last of the right; "
                     "the transpose of the left operand (.T) would fit");
    else
        tn_hint(ctx, "the last axis of the left operand must match the second-to-last of the right");
    return NULL;
}

Tensor *tn_matmul(TnCtx *ctx, const Tensor *a, const Tensor *b)
{
    if (a->ndim == 0 || b->ndim == 0) {
        tn_fail(ctx, TN_ERR_SHAPE, "matmul: operand %d is a scalar (0-d); @ needs at least one axis",
                a->ndim == 0 ? 1 : 2);
        tn_detail(ctx, a, b, -1000);
        tn_hint(ctx, "use * to multiply by a scalar");
        return NULL;
    }
    Mat A = core_mat(a, true), B = core_mat(b, false);
    int64_t M = A.rows, K = A.cols, N = B.cols;
    if (K != B.rows)
        return matmul_error(ctx, a, b, K, B.rows);
    /* batch axes broadcast */
    int an = a->ndim > 2 ? a->ndim - 2 : 0, bn = b->ndim > 2 ? b->ndim - 2 : 0;
    int nb = an > bn ? an : bn;
    int64_t bshape[TN_MAX_DIMS], ast[TN_MAX_DIMS], bst[TN_MAX_DIMS];
    for (int d = 0; d < nb; d++) {
        int ia = d - (nb - an), ib = d - (nb - bn);
        int64_t la = ia >= 0 ? a->shape[ia] : 1, lb = ib >= 0 ? b->shape[ib] : 1;
        if (la != lb && la != 1 && lb != 1) {
            char sa[128], sb[128];
            tn_fail(ctx, TN_ERR_SHAPE, "matmul: batch axes of %s and %s cannot be broadcast together (%lld vs %lld)",
                    tn_shape_str(sa, sizeof sa, a->dtype, a->ndim, a->shape),
                    tn_shape_str(sb, sizeof sb, b->dtype, b->ndim, b->shape), (long long)la, (long long)lb);
            tn_detail(ctx, a, b, d - nb - 2);
            tn_hint(ctx, "the leading axes (all but the last two) broadcast like elementwise operands");
            return NULL;
        }
        bshape[d] = la > lb ? la : lb;
    }
    int64_t oshape[TN_MAX_DIMS];
    int ond = nb;
    memcpy(oshape, bshape, sizeof(int64_t) * (size_t)nb);
    if (a->ndim >= 2)
        oshape[ond++] = M;
    if (b->ndim >= 2)
        oshape[ond++] = N;
    if (ond > TN_MAX_DIMS)
        return tn_fail(ctx, TN_ERR_SHAPE, "matmul: the result would have more than %d dimensions", TN_MAX_DIMS);
    TnDType rt = tn_promote(a->dtype, false, b->dtype, false);
    Tensor *out = tn_empty(ctx, rt, ond, oshape);
    if (!out || out->size == 0)
        return out;
    if (K == 0) {
        memset(tn_data(out), 0, (size_t)out->size * tn_dtype_size(rt));
        return out;
    }
    bool is_float = tn_dtype_is_float(rt);
    if (is_float && (M > INT_MAX || N > INT_MAX || K > INT_MAX)) {
        tn_free(ctx, out);
        return tn_fail(ctx, TN_ERR_VALUE, "matmul: dimensions above 2^31 are beyond BLAS");
    }
    BlasCase bc = M == 1 && N == 1 ? CASE_DOT : N == 1 ? CASE_GEMV_A : M == 1 ? CASE_GEMV_B : CASE_GEMM;
    int64_t es = (int64_t)tn_dtype_size(rt);
    /* operands in the result dtype and, for BLAS, in a layout it reads */
    Tensor *ca = NULL, *cb = NULL;
    const Tensor *ua = a, *ub = b;
    if (a->dtype != rt && !(ua = ca = tn_astype(ctx, a, rt)))
        goto fail;
    if (b->dtype != rt && !(ub = cb = tn_astype(ctx, b, rt)))
        goto fail;
    A = core_mat(ua, true);
    B = core_mat(ub, false);
    bool a_ok = true, b_ok = true;
    if (is_float)
        blas_ready(bc, &A, &B, es, &a_ok, &b_ok);
    if (!a_ok) {
        Tensor *c = tn_copy(ctx, ua);
        if (!c)
            goto fail;
        tn_free(ctx, ca);
        ua = ca = c;
        A = core_mat(ua, true);
    }
    if (!b_ok) {
        Tensor *c = tn_copy(ctx, ub);
        if (!c)
            goto fail;
        tn_free(ctx, cb);
        ub = cb = c;
        B = core_mat(ub, false);
    }
    for (int d = 0; d < nb; d++) {
        int ia = d - (nb - an), ib = d - (nb - bn);
        ast[d] = ia >= 0 && ua->shape[ia] != 1 ? ua->strides[ia] : 0;
        bst[d] = ib >= 0 && ub->shape[ib] != 1 ? ub->strides[ib] : 0;
    }
    /* odometer over the batch */
    int64_t idx[TN_MAX_DIMS] = {0};
    int64_t nbatch = 1;
    for (int d = 0; d < nb; d++)
        nbatch *= bshape[d];
    const char *a0 = A.p, *b0 = B.p;
    char *c = tn_data(out);
    if (!is_float)
        memset(c, 0, (size_t)out->size * (size_t)es);
    for (int64_t bi = 0; bi < nbatch; bi++) {
        int64_t aoff = 0, boff = 0;
        for (int d = 0; d < nb; d++) {
            aoff += idx[d] * ast[d];
            boff += idx[d] * bst[d];
        }
        A.p = a0 + aoff;
        B.p = b0 + boff;
        char *cp = c + bi * M * N * es;
        if (is_float)
            blas_one(bc, rt == TN_F64, &A, &B, cp, M, N, K);
        else
            INT_MM[rt](&A, &B, cp, M, N, K);
        for (int d = nb - 1; d >= 0; d--) {
            if (++idx[d] < bshape[d])
                break;
            idx[d] = 0;
        }
    }
    tn_free(ctx, ca);
    tn_free(ctx, cb);
    return out;
fail:
    tn_free(ctx, ca);
    tn_free(ctx, cb);
    tn_free(ctx, out);
    return NULL;
}

/* ---- products built on matmul */

Tensor *tn_tensordot(TnCtx *ctx, const Tensor *a, const Tensor *b, int naxes, const int *axes_a,
                     const int *axes_b)
{
    bool sa[TN_MAX_DIMS] = {false}, sb[TN_MAX_DIMS] = {false};
    int pa[TN_MAX_DIMS], pb[TN_MAX_DIMS], na = 0, nbf = 0;
    int64_t summed = 1;
    if (naxes < 0 || naxes > a->ndim || naxes > b->ndim)
        return tn_fail(ctx, TN_ERR_VALUE, "tensordot: %d axes to sum over, but the operands have %d and %d",
                       naxes, a->ndim, b->ndim);
    int ka[TN_MAX_DIMS], kb[TN_MAX_DIMS];
    for (int i = 0; i < naxes; i++) {
        int x = tn_normalize_axis(ctx, axes_a[i], a->ndim, a);
        int y = x < 0 ? -1 : tn_normalize_axis(ctx, axes_b[i], b->ndim, b);
        if (y < 0)
            return NULL;
        if (sa[x] || sb[y])
            return tn_fail(ctx, TN_ERR_VALUE, "tensordot: an axis is repeated in the axes to sum over");
        if (a->shape[x] != b->shape[y]) {
            char s1[128], s2[128];
            tn_fail(ctx, TN_ERR_SHAPE, "shape mismatch for sum: axis %d of %s has length %lld, axis %d of %s has %lld",
                    x, tn_shape_str(s1, sizeof s1, a->dtype, a->ndim, a->shape), (long long)a->shape[x], y,
                    tn_shape_str(s2, sizeof s2, b->dtype, b->ndim, b->shape), (long long)b->shape[y]);
            tn_detail(ctx, a, b, -1000);
            return NULL;
        }
        sa[x] = sb[y] = true;
        ka[i] = x;
        kb[i] = y;
        summed *= a->shape[x];
    }
    int64_t fa = 1, fb = 1, oshape[2 * TN_MAX_DIMS];
    int ond = 0;
    for (int d = 0; d < a->ndim; d++)
        if (!sa[d]) {
            pa[na++] = d;
            fa *= a->shape[d];
            oshape[ond++] = a->shape[d];
        }
    for (int d = 0; d < b->ndim; d++)
        if (!sb[d]) {
            fb *= b->shape[d];
            oshape[ond++] = b->shape[d];
        }
    if (ond > TN_MAX_DIMS)
        return tn_fail(ctx, TN_ERR_SHAPE, "tensordot: the result would have %d dimensions, the most is %d",
                       ond, TN_MAX_DIMS);
    /* a -> (free, summed), b -> (summed, free) */
    for (int i = 0; i < naxes; i++)
        pa[na + i] = ka[i];
    for (int i = 0; i < naxes; i++)
        pb[i] = kb[i];
    for (int d = 0; d < b->ndim; d++)
        if (!sb[d])
            pb[naxes + nbf++] = d;
    Tensor *ta = tn_permute(ctx, a, pa, a->ndim);
    Tensor *tb = ta ? tn_permute(ctx, b, pb, b->ndim) : NULL;
    int64_t s2a[2] = {fa, summed}, s2b[2] = {summed, fb};
    Tensor *ra = tb ? tn_reshape(ctx, ta, 2, s2a) : NULL;
    Tensor *rb = ra ? tn_reshape(ctx, tb, 2, s2b) : NULL;
    Tensor *m = rb ? tn_matmul(ctx, ra, rb) : NULL;
    Tensor *r = m ? tn_reshape(ctx, m, ond, oshape) : NULL;
    if (r)
        r->is_view = false;
    tn_free(ctx, ta);
    tn_free(ctx, tb);
    tn_free(ctx, ra);
    tn_free(ctx, rb);
    tn_free(ctx, m);
    return r;
}

Tensor *tn_dot(TnCtx *ctx, const Tensor *a, const Tensor *b)
{
    if (a->ndim == 0 || b->ndim == 0)
        return tn_binary(ctx, TN_MUL, a, b);
    if (b->ndim == 1 || (a->ndim <= 2 && b->ndim <= 2)) {
        if (a->shape[a->ndim - 1] != (b->ndim == 1 ? b->shape[0] : b->shape[b->ndim - 2])) {
            char sa[128], sb[128];
            tn_fail(ctx, TN_ERR_SHAPE, "dot: shapes %s and %s are not aligned (%lld != %lld)",
                    tn_shape_str(sa, sizeof sa, a->dtype, a->ndim, a->shape),
                    tn_shape_str(sb, sizeof sb, b->dtype, b->ndim, b->shape),
                    (long long)a->shape[a->ndim - 1],
                    (long long)(b->ndim == 1 ? b->shape[0] : b->shape[b->ndim - 2]));
            tn_detail(ctx, a, b, -1);
            tn_hint(ctx, "the last axis of a must match the second-to-last axis of b (or b's only axis)");
            return NULL;
        }
        return tn_matmul(ctx, a, b);
    }
    int xa = a->ndim - 1, xb = b->ndim - 2;
    return tn_tensordot(ctx, a, b, 1, &xa, &xb);
}

Tensor *tn_inner(TnCtx *ctx, const Tensor *a, const Tensor *b)
{
    if (a->ndim == 0 || b->ndim == 0)
        return tn_binary(ctx, TN_MUL, a, b);
    int xa = a->ndim - 1, xb = b->ndim - 1;
    return tn_tensordot(ctx, a, b, 1, &xa, &xb);
}

Tensor *tn_vdot(TnCtx *ctx, const Tensor *a, const Tensor *b)
{
    if (a->size != b->size) {
        char sa[128], sb[128];
        tn_fail(ctx, TN_ERR_SHAPE, "vdot: %s and %s have different sizes (%lld vs %lld)",
                tn_shape_str(sa, sizeof sa, a->dtype, a->ndim, a->shape),
                tn_shape_str(sb, sizeof sb, b->dtype, b->ndim, b->shape), (long long)a->size,
                (long long)b->size);
        tn_detail(ctx, a, b, -1000);
        return NULL;
    }
    Tensor *fa = tn_ravel(ctx, a);
    Tensor *fb = fa ? tn_ravel(ctx, b) : NULL;
    Tensor *r = fb ? tn_matmul(ctx, fa, fb) : NULL;
    tn_free(ctx, fa);
    tn_free(ctx, fb);
    return r;
}

Tensor *tn_outer(TnCtx *ctx, const Tensor *a, const Tensor *b)
{
    int64_t sa[2] = {a->size, 1}, sb[2] = {1, b->size};
    Tensor *ra = tn_reshape(ctx, a, 2, sa);
    Tensor *rb = ra ? tn_reshape(ctx, b, 2, sb) : NULL;
    Tensor *r = rb ? tn_binary(ctx, TN_MUL, ra, rb) : NULL;
    tn_free(ctx, ra);
    tn_free(ctx, rb);
    return r;
}
