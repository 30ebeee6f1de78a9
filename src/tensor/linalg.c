/*
 * linalg.c - numpy.linalg over the LAPACK in OpenBLAS.
 *
 * Every routine follows one pattern: convert the input to its compute dtype
 * as a C-contiguous tensor, then for each matrix of the batch transpose it
 * into a column-major scratch buffer (LAPACK's layout), call the s- or d-
 * routine, and transpose the results back into freshly made tensors.  The
 * Fortran entry points are declared here so that only OpenBLAS is needed,
 * not LAPACKE; their INTEGER is 32-bit (Debian's OpenBLAS is LP64), so every
 * dimension is checked to fit before a call.
 */
#include "linalg.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- LAPACK prototypes (Fortran calling convention: everything by
   pointer, character arguments followed by hidden lengths at the end). */
typedef int lp_int;

void sgesv_(const lp_int *n, const lp_int *nrhs, float *a, const lp_int *lda, lp_int *ipiv,
            float *b, const lp_int *ldb, lp_int *info);
void dgesv_(const lp_int *n, const lp_int *nrhs, double *a, const lp_int *lda, lp_int *ipiv,
            double *b, const lp_int *ldb, lp_int *info);
void sgetrf_(const lp_int *m, const lp_int *n, float *a, const lp_int *lda, lp_int *ipiv,
             lp_int *info);
void dgetrf_(const lp_int *m, const lp_int *n, double *a, const lp_int *lda, lp_int *ipiv,
             lp_int *info);
void ssyevd_(const char *jobz, const char *uplo, const lp_int *n, float *a, const lp_int *lda,
             float *w, float *work, const lp_int *lwork, lp_int *iwork, const lp_int *liwork,
             lp_int *info, size_t jobz_len, size_t uplo_len);
void dsyevd_(const char *jobz, const char *uplo, const lp_int *n, double *a, const lp_int *lda,
             double *w, double *work, const lp_int *lwork, lp_int *iwork, const lp_int *liwork,
             lp_int *info, size_t jobz_len, size_t uplo_len);
void sgeev_(const char *jobvl, const char *jobvr, const lp_int *n, float *a, const lp_int *lda,
            float *wr, float *wi, float *vl, const lp_int *ldvl, float *vr, const lp_int *ldvr,
            float *work, const lp_int *lwork, lp_int *info, size_t jobvl_len, size_t jobvr_len);
void dgeev_(const char *jobvl, const char *jobvr, const lp_int *n, double *a, const lp_int *lda,
            double *wr, double *wi, double *vl, const lp_int *ldvl, double *vr,
            const lp_int *ldvr, double *work, const lp_int *lwork, lp_int *info,
            size_t jobvl_len, size_t jobvr_len);
void sgesdd_(const char *jobz, const lp_int *m, const lp_int *n, float *a, const lp_int *lda,
             float *s, float *u, const lp_int *ldu, float *vt, const lp_int *ldvt, float *work,
             const lp_int *lwork, lp_int *iwork, lp_int *info, size_t jobz_len);
void dgesdd_(const char *jobz, const lp_int *m, const lp_int *n, double *a, const lp_int *lda,
             double *s, double *u, const lp_int *ldu, double *vt, const lp_int *ldvt,
             double *work, const lp_int *lwork, lp_int *iwork, lp_int *info, size_t jobz_len);
void sgeqrf_(const lp_int *m, const lp_int *n, float *a, const lp_int *lda, float *tau,
             float *work, const lp_int *lwork, lp_int *info);
void dgeqrf_(const lp_int *m, const lp_int *n, double *a, const lp_int *lda, double *tau,
             double *work, const lp_int *lwork, lp_int *info);
void sorgqr_(const lp_int *m, const lp_int *n, const lp_int *k, float *a, const lp_int *lda,
             const float *tau, float *work, const lp_int *lwork, lp_int *info);
void dorgqr_(const lp_int *m, const lp_int *n, const lp_int *k, double *a, const lp_int *lda,
             const double *tau, double *work, const lp_int *lwork, lp_int *info);
void spotrf_(const char *uplo, const lp_int *n, float *a, const lp_int *lda, lp_int *info,
             size_t uplo_len);
void dpotrf_(const char *uplo, const lp_int *n, double *a, const lp_int *lda, lp_int *info,
             size_t uplo_len);
void sgelsd_(const lp_int *m, const lp_int *n, const lp_int *nrhs, float *a, const lp_int *lda,
             float *b, const lp_int *ldb, float *s, const float *rcond, lp_int *rank,
             float *work, const lp_int *lwork, lp_int *iwork, lp_int *info);
void dgelsd_(const lp_int *m, const lp_int *n, const lp_int *nrhs, double *a, const lp_int *lda,
             double *b, const lp_int *ldb, double *s, const double *rcond, lp_int *rank,
             double *work, const lp_int *lwork, lp_int *iwork, lp_int *info);

/* ---- scratch memory: every buffer of a call is recorded so that one
   release on any exit path frees them all. */
#define SCRATCH_MAX 12

typedef struct Scratch {
    TnCtx *ctx;
    int n;
    void *ptr[SCRATCH_MAX];
    size_t size[SCRATCH_MAX];
} Scratch;

static void *scratch_get(Scratch *sc, int64_t count, size_t esize)
{
    if (count < 1)
        count = 1;  /* LAPACK wants valid pointers even for empty arrays */
    if ((uint64_t)count > SIZE_MAX / esize)
        return tn_fail(sc->ctx, TN_ERR_MEMORY, "linalg: workspace of %lld elements is too large",
                       (long long)count);
    size_t bytes = (size_t)count * esize;
    if (sc->n == SCRATCH_MAX)
        return tn_fail(sc->ctx, TN_ERR_MEMORY, "linalg: too many workspace buffers");
    void *p = tn_mem_alloc(sc->ctx, bytes);
    if (!p)
        return NULL;
    sc->ptr[sc->n] = p;
    sc->size[sc->n] = bytes;
    sc->n++;
    return p;
}

static void scratch_release(Scratch *sc)
{
    for (int i = 0; i < sc->n; i++)
        tn_mem_free(sc->ctx, sc->ptr[i], sc->size[i]);
    sc->n = 0;
}

/* ---- element access in the compute type (f32 when single, else f64) */
static inline double el_get(bool single, const void *p, int64_t i)
{
    return single ? (double)((const float *)p)[i] : ((const double *)p)[i];
}

static inline void el_set(bool single, void *p, int64_t i, double v)
{
    if (single)
        ((float *)p)[i] = (float)v;
    else
        ((double *)p)[i] = v;
}

static bool all_finite(bool single, const void *p, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(el_get(single, p, i)))
            return false;
    return true;
}

/* Row-major m x n (row stride n) into column-major with leading dim ld. */
static void to_colmajor(bool single, const void *src, int64_t m, int64_t n, void *dst, int64_t ld)
{
    if (single) {
        const float *s = src;
        float *d = dst;
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++)
                d[j * ld + i] = s[i * n + j];
    } else {
        const double *s = src;
        double *d = dst;
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++)
                d[j * ld + i] = s[i * n + j];
    }
}

/* Column-major m x n (leading dim ld) into row-major (row stride n). */
static void from_colmajor(bool single, const void *src, int64_t ld, int64_t m, int64_t n, void *dst)
{
    if (single) {
        const float *s = src;
        float *d = dst;
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++)
                d[i * n + j] = s[j * ld + i];
    } else {
        const double *s = src;
        double *d = dst;
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++)
                d[i * n + j] = s[j * ld + i];
    }
}

/* A workspace size returned by a query (lwork = -1) in work[0].  A float
   cannot hold every integer above 2^24, so round single queries up. */
static lp_int query_size(bool single, const void *w)
{
    double v = el_get(single, w, 0);
    if (single)
        v = v * (1.0 + 1e-6) + 1.0;
    if (v > INT_MAX)
        return INT_MAX;
    return v < 1 ? 1 : (lp_int)v;
}

/* ---- argument checks and result types */
static TnDType float_type(TnDType dt)
{
    return dt == TN_F32 ? TN_F32 : TN_F64;
}

static const char *shape_of(char *buf, size_t size, const Tensor *t)
{
    return tn_shape_str(buf, size, t->dtype, t->ndim, t->shape);
}

static bool check_matrix(TnCtx *ctx, const char *fn, const Tensor *a)
{
    if (a->ndim >= 2)
        return true;
    char s[128];
    tn_fail(ctx, TN_ERR_SHAPE, "%s: expected a matrix (2 or more dimensions), got %s", fn,
            shape_of(s, sizeof s, a));
    tn_detail(ctx, a, NULL, -1000);
    return false;
}

static bool check_square(TnCtx *ctx, const char *fn, const Tensor *a)
{
    if (!check_matrix(ctx, fn, a))
        return false;
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1];
    if (m == n)
        return true;
    char s[128];
    tn_fail(ctx, TN_ERR_SHAPE, "%s: expected a square matrix, got %s (%lld rows, %lld columns)",
            fn, shape_of(s, sizeof s, a), (long long)m, (long long)n);
    tn_detail(ctx, a, NULL, -1000);
    return false;
}

/* LAPACK indexes with 32-bit ints; so do its workspace sizes. */
static bool check_lapack_dims(TnCtx *ctx, const char *fn, int64_t m, int64_t n)
{
    int64_t big = m > n ? m : n;
    if (big <= 46340 || (m <= INT_MAX && n <= INT_MAX && m * n <= INT_MAX / 8))
        return true;
    tn_fail(ctx, TN_ERR_VALUE, "%s: a %lld x %lld matrix is too large for LAPACK's 32-bit indices",
            fn, (long long)m, (long long)n);
    return false;
}

/* t as a C-contiguous tensor of dtype cdt (a new reference either way). */
static Tensor *prepare(TnCtx *ctx, const Tensor *t, TnDType cdt)
{
    Tensor *c = t->dtype == cdt ? tn_contiguous(ctx, t) : tn_astype(ctx, t, cdt);
    if (c && !tn_is_contiguous(c)) {
        Tensor *d = tn_contiguous(ctx, c);
        tn_free(ctx, c);
        c = d;
    }
    return c;
}

static int64_t batch_count(const Tensor *t, int core_dims)
{
    int64_t n = 1;
    for (int i = 0; i < t->ndim - core_dims; i++)
        n *= t->shape[i];
    return n;
}

/* A shape made of t's leading dims (dropping core_dims) then up to two more. */
static int batch_shape(const Tensor *t, int core_dims, int64_t *out, int extra, int64_t e0,
                       int64_t e1)
{
    int nd = t->ndim - core_dims;
    memcpy(out, t->shape, (size_t)nd * sizeof *out);
    if (extra > 0)
        out[nd++] = e0;
    if (extra > 1)
        out[nd++] = e1;
    return nd;
}

static void singular_error(TnCtx *ctx, lp_int pivot, int64_t batch, int64_t nbatch)
{
    if (nbatch > 1)
        tn_fail(ctx, TN_ERR_LINALG, "matrix %lld of the stack is singular: pivot %d is 0",
                (long long)batch, (int)pivot);
    else
        tn_fail(ctx, TN_ERR_LINALG, "matrix is singular: pivot %d is 0", (int)pivot);
    tn_hint(ctx, "a singular matrix has no inverse; linalg.lstsq or linalg.pinv give a "
             "least-squares answer");
}

/* ---- LAPACK dispatch on the compute type */
static lp_int lp_gesv(bool single, lp_int n, lp_int nrhs, void *a, lp_int *ipiv, void *b)
{
    lp_int info = 0, ld = n > 1 ? n : 1;
    if (single)
        sgesv_(&n, &nrhs, a, &ld, ipiv, b, &ld, &info);
    else
        dgesv_(&n, &nrhs, a, &ld, ipiv, b, &ld, &info);
    return info;
}

static lp_int lp_getrf(bool single, lp_int n, void *a, lp_int *ipiv)
{
    lp_int info = 0, ld = n > 1 ? n : 1;
    if (single)
        sgetrf_(&n, &n, a, &ld, ipiv, &info);
    else
        dgetrf_(&n, &n, a, &ld, ipiv, &info);
    return info;
}

static lp_int lp_syevd(bool single, char jobz, char uplo, lp_int n, void *a, void *w, void *work,
                       lp_int lwork, lp_int *iwork, lp_int liwork)
{
    lp_int info = 0, ld = n > 1 ? n : 1;
    if (single)
        ssyevd_(&jobz, &uplo, &n, a, &ld, w, work, &lwork, iwork, &liwork, &info, 1, 1);
    else
        dsyevd_(&jobz, &uplo, &n, a, &ld, w, work, &lwork, iwork, &liwork, &info, 1, 1);
    return info;
}

static lp_int lp_geev(bool single, char jobvr, lp_int n, void *a, void *wr, void *wi, void *vr,
                      void *work, lp_int lwork)
{
    lp_int info = 0, ld = n > 1 ? n : 1, one = 1;
    lp_int ldvr = jobvr == 'V' ? ld : 1;
    char jobvl = 'N';
    if (single) {
        float vl;
        sgeev_(&jobvl, &jobvr, &n, a, &ld, wr, wi, &vl, &one, vr, &ldvr, work, &lwork, &info, 1, 1);
    } else {
        double vl;
        dgeev_(&jobvl, &jobvr, &n, a, &ld, wr, wi, &vl, &one, vr, &ldvr, work, &lwork, &info, 1, 1);
    }
    return info;
}

static lp_int lp_gesdd(bool single, char jobz, lp_int m, lp_int n, void *a, void *s, void *u,
                       lp_int ldu, void *vt, lp_int ldvt, void *work, lp_int lwork, lp_int *iwork)
{
    lp_int info = 0, lda = m > 1 ? m : 1;
    if (single)
        sgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1);
    else
        dgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1);
    return info;
}

static lp_int lp_geqrf(bool single, lp_int m, lp_int n, void *a, void *tau, void *work,
                       lp_int lwork)
{
    lp_int info = 0, lda = m > 1 ? m : 1;
    if (single)
        sgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info);
    else
        dgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info);
    return info;
}

static lp_int lp_orgqr(bool single, lp_int m, lp_int n, lp_int k, void *a, const void *tau,
                       void *work, lp_int lwork)
{
    lp_int info = 0, lda = m > 1 ? m : 1;
    if (single)
        sorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, &info);
    else
        dorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, &info);
    return info;
}

static lp_int lp_potrf(bool single, lp_int n, void *a)
{
    lp_int info = 0, ld = n > 1 ? n : 1;
    char uplo = 'L';
    if (single)
        spotrf_(&uplo, &n, a, &ld, &info, 1);
    else
        dpotrf_(&uplo, &n, a, &ld, &info, 1);
    return info;
}

static lp_int lp_gelsd(bool single, lp_int m, lp_int n, lp_int nrhs, void *a, void *b, lp_int ldb,
                       void *s, double rcond, lp_int *rank, void *work, lp_int lwork, lp_int *iwork)
{
    lp_int info = 0, lda = m > 1 ? m : 1;
    if (single) {
        float rc = (float)rcond;
        sgelsd_(&m, &n, &nrhs, a, &lda, b, &ldb, s, &rc, rank, work, &lwork, iwork, &info);
    } else {
        dgelsd_(&m, &n, &nrhs, a, &lda, b, &ldb, s, &rcond, rank, work, &lwork, iwork, &info);
    }
    return info;
}

/* ---- solve and inv */

/* Broadcast the stack dims of a (an dims) and b (bn dims) into out. */
static int broadcast_stacks(TnCtx *ctx, const char *fn, const Tensor *a, int an, const Tensor *b,
                            int bn, int64_t *out)
{
    int nd = an > bn ? an : bn;
    for (int i = 0; i < nd; i++) {
        int ia = an - nd + i, ib = bn - nd + i;
        int64_t da = ia >= 0 ? a->shape[ia] : 1, db = ib >= 0 ? b->shape[ib] : 1;
        if (da != db && da != 1 && db != 1) {
            char sa[128], sb[128];
            tn_fail(ctx, TN_ERR_SHAPE,
                    "%s: the stacks of matrices in %s and %s cannot be broadcast together "
                    "(%lld vs %lld)", fn, shape_of(sa, sizeof sa, a), shape_of(sb, sizeof sb, b),
                    (long long)da, (long long)db);
            tn_detail(ctx, a, b, -1000);
            return -1;
        }
        out[i] = da == 1 ? db : da;
    }
    return nd;
}

/* The flat batch index, into a stack of shape (shape, sn dims), of flat
   index ob of the broadcast stack (oshape, on dims). */
static int64_t stack_index(const int64_t *oshape, int on, int64_t ob, const int64_t *shape, int sn)
{
    int64_t idx = 0, mul = 1;
    for (int i = on - 1; i >= 0; i--) {
        int64_t k = ob % oshape[i];
        ob /= oshape[i];
        int si = sn - on + i;
        if (si >= 0) {
            if (shape[si] != 1)
                idx += k * mul;
            mul *= shape[si];
        }
    }
    return idx;
}

Tensor *tn_linalg_solve(TnCtx *ctx, const Tensor *a, const Tensor *b)
{
    if (!check_square(ctx, "solve", a))
        return NULL;
    char sa[128], sb[128];
    if (b->ndim == 0) {
        tn_fail(ctx, TN_ERR_SHAPE, "solve: b must be a vector or a matrix, got %s",
                shape_of(sb, sizeof sb, b));
        tn_detail(ctx, a, b, -1000);
        return NULL;
    }
    int64_t n = a->shape[a->ndim - 1];
    bool vec = b->ndim == 1;
    int64_t brows = vec ? b->shape[0] : b->shape[b->ndim - 2];
    int64_t k = vec ? 1 : b->shape[b->ndim - 1];
    if (brows != n) {
        tn_fail(ctx, TN_ERR_SHAPE, "solve: a is %s but b is %s: b needs %lld rows to match a, "
                "it has %lld", shape_of(sa, sizeof sa, a), shape_of(sb, sizeof sb, b),
                (long long)n, (long long)brows);
        tn_detail(ctx, a, b, -1000);
        return NULL;
    }
    if (!check_lapack_dims(ctx, "solve", n, k))
        return NULL;
    int64_t oshape[TN_MAX_DIMS + 2];
    int on = broadcast_stacks(ctx, "solve", a, a->ndim - 2, b, vec ? 0 : b->ndim - 2, oshape);
    if (on < 0)
        return NULL;
    if (on + (vec ? 1 : 2) > TN_MAX_DIMS)
        return tn_fail(ctx, TN_ERR_SHAPE, "solve: result would have more than %d dimensions",
                       TN_MAX_DIMS);
    int64_t nbatch = 1;
    for (int i = 0; i < on; i++)
        nbatch *= oshape[i];
    int rn = on;
    oshape[rn++] = n;
    if (!vec)
        oshape[rn++] = k;

    TnDType cdt = float_type(tn_promote(a->dtype, false, b->dtype, false));
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *bc = NULL, *out = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !(bc = prepare(ctx, b, cdt)) ||
        !(out = tn_empty(ctx, cdt, rn, oshape)))
        goto fail;
    void *abuf = scratch_get(&sc, n * n, es);
    void *bbuf = scratch_get(&sc, n * k, es);
    lp_int *ipiv = scratch_get(&sc, n, sizeof(lp_int));
    if (!abuf || !bbuf || !ipiv)
        goto fail;
    for (int64_t ob = 0; ob < nbatch && n > 0 && k > 0; ob++) {
        int64_t ia = stack_index(oshape, on, ob, a->shape, a->ndim - 2);
        int64_t ib = vec ? 0 : stack_index(oshape, on, ob, b->shape, b->ndim - 2);
        to_colmajor(single, (char *)tn_data(ac) + ia * n * n * es, n, n, abuf, n);
        to_colmajor(single, (char *)tn_data(bc) + ib * n * k * es, n, k, bbuf, n);
        lp_int info = lp_gesv(single, (lp_int)n, (lp_int)k, abuf, ipiv, bbuf);
        if (info > 0) {
            singular_error(ctx, info, ob, nbatch);
            goto fail;
        }
        from_colmajor(single, bbuf, n, n, k, (char *)tn_data(out) + ob * n * k * es);
    }
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, bc);
    return out;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, bc);
    tn_free(ctx, out);
    return NULL;
}

Tensor *tn_linalg_inv(TnCtx *ctx, const Tensor *a)
{
    if (!check_square(ctx, "inv", a))
        return NULL;
    int64_t n = a->shape[a->ndim - 1];
    if (!check_lapack_dims(ctx, "inv", n, n))
        return NULL;
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    int64_t nbatch = batch_count(a, 2);
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *out = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !(out = tn_empty(ctx, cdt, a->ndim, a->shape)))
        goto fail;
    void *abuf = scratch_get(&sc, n * n, es);
    void *bbuf = scratch_get(&sc, n * n, es);
    lp_int *ipiv = scratch_get(&sc, n, sizeof(lp_int));
    if (!abuf || !bbuf || !ipiv)
        goto fail;
    /* As NumPy does: solve a @ x = I. */
    for (int64_t ib = 0; ib < nbatch && n > 0; ib++) {
        to_colmajor(single, (char *)tn_data(ac) + ib * n * n * es, n, n, abuf, n);
        memset(bbuf, 0, (size_t)(n * n) * es);
        for (int64_t i = 0; i < n; i++)
            el_set(single, bbuf, i * n + i, 1.0);
        lp_int info = lp_gesv(single, (lp_int)n, (lp_int)n, abuf, ipiv, bbuf);
        if (info > 0) {
            singular_error(ctx, info, ib, nbatch);
            goto fail;
        }
        from_colmajor(single, bbuf, n, n, n, (char *)tn_data(out) + ib * n * n * es);
    }
    scratch_release(&sc);
    tn_free(ctx, ac);
    return out;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, out);
    return NULL;
}

/* ---- det and slogdet: from the LU factors, sign from the pivots' parity */
static bool slogdet_core(TnCtx *ctx, const char *fn, const Tensor *a, Tensor **sign_out,
                         Tensor **log_out)
{
    if (!check_square(ctx, fn, a))
        return false;
    int64_t n = a->shape[a->ndim - 1];
    if (!check_lapack_dims(ctx, fn, n, n))
        return false;
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    int64_t nbatch = batch_count(a, 2);
    int64_t oshape[TN_MAX_DIMS];
    int on = batch_shape(a, 2, oshape, 0, 0, 0);
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *sign = NULL, *logd = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !(sign = tn_empty(ctx, cdt, on, oshape)) ||
        !(logd = tn_empty(ctx, cdt, on, oshape)))
        goto fail;
    void *abuf = scratch_get(&sc, n * n, es);
    lp_int *ipiv = scratch_get(&sc, n, sizeof(lp_int));
    if (!abuf || !ipiv)
        goto fail;
    for (int64_t ib = 0; ib < nbatch; ib++) {
        double s = 1.0, l = 0.0;
        if (n > 0) {
            to_colmajor(single, (char *)tn_data(ac) + ib * n * n * es, n, n, abuf, n);
            lp_int info = lp_getrf(single, (lp_int)n, abuf, ipiv);
            if (info > 0) {
                /* An exactly zero pivot: singular, det 0 (not an error). */
                s = 0.0;
                l = -INFINITY;
            } else {
                for (int64_t i = 0; i < n; i++) {
                    double d = el_get(single, abuf, i * n + i);
                    if (ipiv[i] != i + 1)
                        s = -s;
                    if (d < 0) {
                        s = -s;
                        d = -d;
                    }
                    l += log(d);
                }
            }
        }
        el_set(single, tn_data(sign), ib, s);
        el_set(single, tn_data(logd), ib, l);
    }
    scratch_release(&sc);
    tn_free(ctx, ac);
    *sign_out = sign;
    *log_out = logd;
    return true;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, sign);
    tn_free(ctx, logd);
    return false;
}

bool tn_linalg_slogdet(TnCtx *ctx, const Tensor *a, Tensor **sign, Tensor **logabsdet)
{
    return slogdet_core(ctx, "slogdet", a, sign, logabsdet);
}

Tensor *tn_linalg_det(TnCtx *ctx, const Tensor *a)
{
    Tensor *sign, *logd;
    if (!slogdet_core(ctx, "det", a, &sign, &logd))
        return NULL;
    bool single = sign->dtype == TN_F32;
    for (int64_t i = 0; i < sign->size; i++)
        el_set(single, tn_data(sign), i,
               el_get(single, tn_data(sign), i) * exp(el_get(single, tn_data(logd), i)));
    tn_free(ctx, logd);
    return sign;
}

/* ---- eig and eigh */
static bool nonfinite_error(TnCtx *ctx, const char *fn)
{
    tn_fail(ctx, TN_ERR_LINALG, "%s: the matrix contains NaN or infinity", fn);
    tn_hint(ctx, "check the input with isfinite(); nan_to_num() replaces NaN and infinity");
    return false;
}

bool tn_linalg_eig(TnCtx *ctx, const Tensor *a, Tensor **w_out, Tensor **v_out)
{
    if (!check_square(ctx, "eig", a))
        return false;
    int64_t n = a->shape[a->ndim - 1];
    if (!check_lapack_dims(ctx, "eig", n, n))
        return false;
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    char jobvr = v_out ? 'V' : 'N';
    int64_t nbatch = batch_count(a, 2);
    int64_t wshape[TN_MAX_DIMS];
    int wn = batch_shape(a, 2, wshape, 1, n, 0);
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *w = NULL, *v = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !(w = tn_empty(ctx, cdt, wn, wshape)))
        goto fail;
    if (v_out && !(v = tn_empty(ctx, cdt, a->ndim, a->shape)))
        goto fail;
    if (!all_finite(single, tn_data(ac), ac->size)) {
        nonfinite_error(ctx, "eig");
        goto fail;
    }
    void *abuf = scratch_get(&sc, n * n, es);
    void *wr = scratch_get(&sc, n, es);
    void *wi = scratch_get(&sc, n, es);
    void *vr = scratch_get(&sc, v_out ? n * n : 1, es);
    if (!abuf || !wr || !wi || !vr)
        goto fail;
    double q[2];
    lp_geev(single, jobvr, (lp_int)n, abuf, wr, wi, vr, q, -1);
    lp_int lwork = query_size(single, q);
    void *work = scratch_get(&sc, lwork, es);
    if (!work)
        goto fail;
    for (int64_t ib = 0; ib < nbatch && n > 0; ib++) {
        to_colmajor(single, (char *)tn_data(ac) + ib * n * n * es, n, n, abuf, n);
        lp_int info = lp_geev(single, jobvr, (lp_int)n, abuf, wr, wi, vr, work, lwork);
        if (info > 0) {
            tn_fail(ctx, TN_ERR_LINALG, "eig: the QR algorithm did not converge "
                    "(%d eigenvalues not computed)", (int)info);
            goto fail;
        }
        for (int64_t i = 0; i < n; i++) {
            double im = el_get(single, wi, i);
            if (im != 0.0) {
                tn_fail(ctx, TN_ERR_LINALG, "eig: the matrix has complex eigenvalues "
                        "(%g %c %gi), and Nabla has no complex dtype",
                        el_get(single, wr, i), im < 0 ? '-' : '+', fabs(im));
                tn_hint(ctx, "a symmetric matrix has only real eigenvalues: if yours is "
                         "symmetric, use linalg.eigh");
                goto fail;
            }
        }
        memcpy((char *)tn_data(w) + ib * n * es, wr, (size_t)n * es);
        if (v)
            from_colmajor(single, vr, n, n, n, (char *)tn_data(v) + ib * n * n * es);
    }
    scratch_release(&sc);
    tn_free(ctx, ac);
    *w_out = w;
    if (v_out)
        *v_out = v;
    return true;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, w);
    tn_free(ctx, v);
    return false;
}

bool tn_linalg_eigh(TnCtx *ctx, const Tensor *a, bool upper, Tensor **w_out, Tensor **v_out)
{
    if (!check_square(ctx, "eigh", a))
        return false;
    int64_t n = a->shape[a->ndim - 1];
    if (!check_lapack_dims(ctx, "eigh", n, n))
        return false;
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    char jobz = v_out ? 'V' : 'N';
    /* to_colmajor keeps element (i, j) at (i, j), so 'L' is the lower
       triangle the caller sees. */
    char uplo = upper ? 'U' : 'L';
    int64_t nbatch = batch_count(a, 2);
    int64_t wshape[TN_MAX_DIMS];
    int wn = batch_shape(a, 2, wshape, 1, n, 0);
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *w = NULL, *v = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !(w = tn_empty(ctx, cdt, wn, wshape)))
        goto fail;
    if (v_out && !(v = tn_empty(ctx, cdt, a->ndim, a->shape)))
        goto fail;
    if (!all_finite(single, tn_data(ac), ac->size)) {
        nonfinite_error(ctx, "eigh");
        goto fail;
    }
    void *abuf = scratch_get(&sc, n * n, es);
    if (!abuf)
        goto fail;
    double q[2];
    lp_int iq = 0;
    lp_syevd(single, jobz, uplo, (lp_int)n, abuf, abuf, q, -1, &iq, -1);
    lp_int lwork = query_size(single, q), liwork = iq > 1 ? iq : 1;
    void *work = scratch_get(&sc, lwork, es);
    lp_int *iwork = scratch_get(&sc, liwork, sizeof(lp_int));
    if (!work || !iwork)
        goto fail;
    for (int64_t ib = 0; ib < nbatch && n > 0; ib++) {
        to_colmajor(single, (char *)tn_data(ac) + ib * n * n * es, n, n, abuf, n);
        lp_int info = lp_syevd(single, jobz, uplo, (lp_int)n, abuf,
                               (char *)tn_data(w) + ib * n * es, work, lwork, iwork, liwork);
        if (info > 0) {
            tn_fail(ctx, TN_ERR_LINALG, "eigh: the eigenvalue algorithm did not converge "
                    "(%d off-diagonal elements did not reach zero)", (int)info);
            goto fail;
        }
        if (v)
            from_colmajor(single, abuf, n, n, n, (char *)tn_data(v) + ib * n * n * es);
    }
    scratch_release(&sc);
    tn_free(ctx, ac);
    *w_out = w;
    if (v_out)
        *v_out = v;
    return true;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, w);
    tn_free(ctx, v);
    return false;
}

/* ---- svd */

/* The batched SVD of ac (contiguous, compute dtype, (..., M, N)).  jobz is
   'A' (full), 'S' (reduced) or 'N' (values only, u and vt NULL). */
static bool svd_core(TnCtx *ctx, const char *fn, const Tensor *ac, char jobz, Tensor **u_out,
                     Tensor **s_out, Tensor **vt_out)
{
    int64_t m = ac->shape[ac->ndim - 2], n = ac->shape[ac->ndim - 1];
    int64_t k = m < n ? m : n;
    if (!check_lapack_dims(ctx, fn, m, n))
        return false;
    bool single = ac->dtype == TN_F32;
    size_t es = tn_dtype_size(ac->dtype);
    int64_t ucols = jobz == 'A' ? m : k, vtrows = jobz == 'A' ? n : k;
    int64_t nbatch = batch_count(ac, 2);
    int64_t shp[TN_MAX_DIMS];
    Scratch sc = {.ctx = ctx};
    Tensor *u = NULL, *s = NULL, *vt = NULL;
    int sn = batch_shape(ac, 2, shp, 1, k, 0);
    if (!(s = tn_empty(ctx, ac->dtype, sn, shp)))
        goto fail;
    if (jobz != 'N') {
        int un = batch_shape(ac, 2, shp, 2, m, ucols);
        if (!(u = tn_empty(ctx, ac->dtype, un, shp)))
            goto fail;
        int vn = batch_shape(ac, 2, shp, 2, vtrows, n);
        if (!(vt = tn_empty(ctx, ac->dtype, vn, shp)))
            goto fail;
    }
    if (!all_finite(single, tn_data(ac), ac->size)) {
        nonfinite_error(ctx, fn);
        goto fail;
    }
    if (k == 0) {
        /* Nothing to decompose; full factors of an empty matrix are
           identities, as in NumPy. */
        if (u) {
            memset(tn_data(u), 0, (size_t)u->size * es);
            memset(tn_data(vt), 0, (size_t)vt->size * es);
            for (int64_t ib = 0; ib < nbatch; ib++) {
                for (int64_t i = 0; i < m && i < ucols; i++)
                    el_set(single, tn_data(u), ib * m * ucols + i * ucols + i, 1.0);
                for (int64_t i = 0; i < n && i < vtrows; i++)
                    el_set(single, tn_data(vt), ib * vtrows * n + i * n + i, 1.0);
            }
        }
        goto done;
    }
    lp_int ldu = jobz == 'N' ? 1 : (lp_int)m, ldvt = jobz == 'N' ? 1 : (lp_int)vtrows;
    void *abuf = scratch_get(&sc, m * n, es);
    void *ubuf = scratch_get(&sc, jobz == 'N' ? 1 : m * ucols, es);
    void *vtbuf = scratch_get(&sc, jobz == 'N' ? 1 : vtrows * n, es);
    lp_int *iwork = scratch_get(&sc, 8 * k, sizeof(lp_int));
    if (!abuf || !ubuf || !vtbuf || !iwork)
        goto fail;
    double q[2];
    lp_gesdd(single, jobz, (lp_int)m, (lp_int)n, abuf, tn_data(s), ubuf, ldu, vtbuf, ldvt, q, -1,
             iwork);
    lp_int lwork = query_size(single, q);
    void *work = scratch_get(&sc, lwork, es);
    if (!work)
        goto fail;
    for (int64_t ib = 0; ib < nbatch; ib++) {
        to_colmajor(single, (const char *)tn_data(ac) + ib * m * n * es, m, n, abuf, m);
        lp_int info = lp_gesdd(single, jobz, (lp_int)m, (lp_int)n, abuf,
                               (char *)tn_data(s) + ib * k * es, ubuf, ldu, vtbuf, ldvt, work,
                               lwork, iwork);
        if (info > 0) {
            tn_fail(ctx, TN_ERR_LINALG, "%s: the SVD did not converge", fn);
            goto fail;
        }
        if (u) {
            from_colmajor(single, ubuf, m, m, ucols, (char *)tn_data(u) + ib * m * ucols * es);
            from_colmajor(single, vtbuf, vtrows, vtrows, n,
                          (char *)tn_data(vt) + ib * vtrows * n * es);
        }
    }
done:
    scratch_release(&sc);
    *s_out = s;
    if (u_out)
        *u_out = u;
    if (vt_out)
        *vt_out = vt;
    return true;
fail:
    scratch_release(&sc);
    tn_free(ctx, u);
    tn_free(ctx, s);
    tn_free(ctx, vt);
    return false;
}

bool tn_linalg_svd(TnCtx *ctx, const Tensor *a, bool full_matrices, bool compute_uv, Tensor **u,
                   Tensor **s, Tensor **vh)
{
    if (!check_matrix(ctx, "svd", a))
        return false;
    Tensor *ac = prepare(ctx, a, float_type(a->dtype));
    if (!ac)
        return false;
    char jobz = !compute_uv ? 'N' : full_matrices ? 'A' : 'S';
    bool ok = svd_core(ctx, "svd", ac, jobz, compute_uv ? u : NULL, s, compute_uv ? vh : NULL);
    tn_free(ctx, ac);
    return ok;
}

/* ---- qr: Householder factorisation (geqrf), Q formed by orgqr */
bool tn_linalg_qr(TnCtx *ctx, const Tensor *a, TnQrMode mode, Tensor **q_out, Tensor **r_out)
{
    if (!check_matrix(ctx, "qr", a))
        return false;
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1];
    int64_t k = m < n ? m : n;
    if (!check_lapack_dims(ctx, "qr", m, m > n ? m : n))
        return false;
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    int64_t qcols = mode == TN_QR_COMPLETE ? m : k, rrows = mode == TN_QR_COMPLETE ? m : k;
    int64_t acols = n > qcols ? n : qcols;  /* complete Q needs m columns of room */
    int64_t nbatch = batch_count(a, 2);
    int64_t shp[TN_MAX_DIMS];
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *q = NULL, *r = NULL;
    if (!(ac = prepare(ctx, a, cdt)))
        goto fail;
    int rn = batch_shape(a, 2, shp, 2, rrows, n);
    if (!(r = tn_zeros(ctx, cdt, rn, shp)))
        goto fail;
    if (mode != TN_QR_R) {
        int qn = batch_shape(a, 2, shp, 2, m, qcols);
        if (!(q = tn_zeros(ctx, cdt, qn, shp)))
            goto fail;
    }
    void *abuf = scratch_get(&sc, m * acols, es);
    void *tau = scratch_get(&sc, k, es);
    if (!abuf || !tau)
        goto fail;
    double qry[2];
    lp_geqrf(single, (lp_int)m, (lp_int)n, abuf, tau, qry, -1);
    lp_int lwork = query_size(single, qry);
    if (q && qcols > 0) {
        lp_orgqr(single, (lp_int)m, (lp_int)qcols, (lp_int)k, abuf, tau, qry, -1);
        lp_int l2 = query_size(single, qry);
        if (l2 > lwork)
            lwork = l2;
    }
    void *work = scratch_get(&sc, lwork, es);
    if (!work)
        goto fail;
    for (int64_t ib = 0; ib < nbatch && m > 0 && n > 0; ib++) {
        to_colmajor(single, (char *)tn_data(ac) + ib * m * n * es, m, n, abuf, m);
        lp_geqrf(single, (lp_int)m, (lp_int)n, abuf, tau, work, lwork);
        char *rdst = (char *)tn_data(r) + ib * rrows * n * es;
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = i; j < n; j++)
                el_set(single, rdst, i * n + j, el_get(single, abuf, j * m + i));
        if (q) {
            lp_orgqr(single, (lp_int)m, (lp_int)qcols, (lp_int)k, abuf, tau, work, lwork);
            from_colmajor(single, abuf, m, m, qcols, (char *)tn_data(q) + ib * m * qcols * es);
        }
    }
    /* An empty factorisation: complete Q is the identity. */
    if (q && k == 0)
        for (int64_t ib = 0; ib < nbatch; ib++)
            for (int64_t i = 0; i < m && i < qcols; i++)
                el_set(single, tn_data(q), ib * m * qcols + i * qcols + i, 1.0);
    scratch_release(&sc);
    tn_free(ctx, ac);
    *r_out = r;
    if (q_out)
        *q_out = q;
    else
        tn_free(ctx, q);
    return true;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, q);
    tn_free(ctx, r);
    return false;
}

/* ---- cholesky */
Tensor *tn_linalg_cholesky(TnCtx *ctx, const Tensor *a)
{
    if (!check_square(ctx, "cholesky", a))
        return NULL;
    int64_t n = a->shape[a->ndim - 1];
    if (!check_lapack_dims(ctx, "cholesky", n, n))
        return NULL;
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    int64_t nbatch = batch_count(a, 2);
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *out = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !(out = tn_empty(ctx, cdt, a->ndim, a->shape)))
        goto fail;
    void *abuf = scratch_get(&sc, n * n, es);
    if (!abuf)
        goto fail;
    for (int64_t ib = 0; ib < nbatch && n > 0; ib++) {
        to_colmajor(single, (char *)tn_data(ac) + ib * n * n * es, n, n, abuf, n);
        lp_int info = lp_potrf(single, (lp_int)n, abuf);
        if (info > 0) {
            if (nbatch > 1)
                tn_fail(ctx, TN_ERR_LINALG, "cholesky: matrix %lld of the stack is not positive "
                        "definite (leading minor %d)", (long long)ib, (int)info);
            else
                tn_fail(ctx, TN_ERR_LINALG, "cholesky: matrix is not positive definite "
                        "(leading minor %d)", (int)info);
            tn_hint(ctx, "cholesky needs a symmetric positive definite matrix, such as A @ A.T "
                     "plus a small multiple of the identity");
            goto fail;
        }
        /* potrf leaves the strict upper triangle untouched: clear it. */
        for (int64_t j = 1; j < n; j++)
            for (int64_t i = 0; i < j; i++)
                el_set(single, abuf, j * n + i, 0.0);
        from_colmajor(single, abuf, n, n, n, (char *)tn_data(out) + ib * n * n * es);
    }
    scratch_release(&sc);
    tn_free(ctx, ac);
    return out;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, out);
    return NULL;
}

/* ---- lstsq: gelsd (SVD with divide and conquer) */
bool tn_linalg_lstsq(TnCtx *ctx, const Tensor *a, const Tensor *b, double rcond, Tensor **x_out,
                     Tensor **res_out, int64_t *rank_out, Tensor **s_out)
{
    char sa[128], sb[128];
    if (a->ndim != 2 || (b->ndim != 1 && b->ndim != 2)) {
        tn_fail(ctx, TN_ERR_SHAPE, "lstsq: a must be 2-D and b 1-D or 2-D, got %s and %s",
                shape_of(sa, sizeof sa, a), shape_of(sb, sizeof sb, b));
        tn_detail(ctx, a, b, -1000);
        return false;
    }
    int64_t m = a->shape[0], n = a->shape[1];
    bool vec = b->ndim == 1;
    int64_t k = vec ? 1 : b->shape[1];
    if (b->shape[0] != m) {
        tn_fail(ctx, TN_ERR_SHAPE, "lstsq: a is %s but b is %s: b needs %lld rows to match a, "
                "it has %lld", shape_of(sa, sizeof sa, a), shape_of(sb, sizeof sb, b),
                (long long)m, (long long)b->shape[0]);
        tn_detail(ctx, a, b, -1000);
        return false;
    }
    int64_t ldb = m > n ? m : n, mn = m < n ? m : n;
    if (!check_lapack_dims(ctx, "lstsq", ldb, k) || !check_lapack_dims(ctx, "lstsq", m, n))
        return false;
    TnDType cdt = float_type(tn_promote(a->dtype, false, b->dtype, false));
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    if (rcond < 0)
        rcond = (single ? FLT_EPSILON : DBL_EPSILON) * (double)(m > n ? m : n);
    Scratch sc = {.ctx = ctx};
    Tensor *ac = NULL, *bc = NULL, *x = NULL, *res = NULL, *s = NULL;
    int64_t shp[2] = {n, k};
    if (!(ac = prepare(ctx, a, cdt)) || !(bc = prepare(ctx, b, cdt)) ||
        !(x = tn_zeros(ctx, cdt, vec ? 1 : 2, shp)))
        goto fail;
    shp[0] = mn;
    if (!(s = tn_empty(ctx, cdt, 1, shp)))
        goto fail;
    if (!all_finite(single, tn_data(ac), ac->size) || !all_finite(single, tn_data(bc), bc->size)) {
        nonfinite_error(ctx, "lstsq");
        goto fail;
    }
    void *abuf = scratch_get(&sc, m * n, es);
    void *bbuf = scratch_get(&sc, ldb * k, es);
    if (!abuf || !bbuf)
        goto fail;
    memset(bbuf, 0, (size_t)(ldb * k) * es);
    to_colmajor(single, tn_data(ac), m, n, abuf, m);
    to_colmajor(single, tn_data(bc), m, k, bbuf, ldb);
    lp_int rank = 0;
    if (mn > 0 && k > 0) {
        double q[2];
        lp_int iq = 0;
        lp_gelsd(single, (lp_int)m, (lp_int)n, (lp_int)k, abuf, bbuf, (lp_int)ldb, tn_data(s),
                 rcond, &rank, q, -1, &iq);
        lp_int lwork = query_size(single, q);
        lp_int liwork = iq > 1 ? iq : 1;
        void *work = scratch_get(&sc, lwork, es);
        lp_int *iwork = scratch_get(&sc, liwork, sizeof(lp_int));
        if (!work || !iwork)
            goto fail;
        lp_int info = lp_gelsd(single, (lp_int)m, (lp_int)n, (lp_int)k, abuf, bbuf, (lp_int)ldb,
                               tn_data(s), rcond, &rank, work, lwork, iwork);
        if (info > 0) {
            tn_fail(ctx, TN_ERR_LINALG, "lstsq: the SVD did not converge");
            goto fail;
        }
        from_colmajor(single, bbuf, ldb, n, k, tn_data(x));
    } else if (mn > 0) {
        /* k == 0: no right-hand sides, but s is still asked for. */
        Tensor *s2 = NULL;
        if (!svd_core(ctx, "lstsq", ac, 'N', NULL, &s2, NULL))
            goto fail;
        memcpy(tn_data(s), tn_data(s2), (size_t)mn * es);
        double tol = rcond * el_get(single, tn_data(s2), 0);
        for (int64_t i = 0; i < mn; i++)
            rank += el_get(single, tn_data(s2), i) > tol;
        tn_free(ctx, s2);
    }
    /* The squared residual norms: with full column rank and more rows than
       columns, rows n..m-1 of gelsd's b hold q.T @ b's part outside the
       column space (NumPy reads them the same way).  With n == 0 x is
       empty and the residual is b itself. */
    if ((rank == n && m > n) || (n == 0 && m > 0)) {
        shp[0] = k;
        if (!(res = tn_empty(ctx, cdt, 1, shp)))
            goto fail;
        for (int64_t j = 0; j < k; j++) {
            double acc = 0.0;
            for (int64_t i = n; i < m; i++) {
                double v = el_get(single, bbuf, j * ldb + i);
                acc += v * v;
            }
            el_set(single, tn_data(res), j, acc);
        }
    } else {
        shp[0] = 0;
        if (!(res = tn_empty(ctx, cdt, 1, shp)))
            goto fail;
    }
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, bc);
    *x_out = x;
    if (res_out)
        *res_out = res;
    else
        tn_free(ctx, res);
    if (rank_out)
        *rank_out = rank;
    if (s_out)
        *s_out = s;
    else
        tn_free(ctx, s);
    return true;
fail:
    scratch_release(&sc);
    tn_free(ctx, ac);
    tn_free(ctx, bc);
    tn_free(ctx, x);
    tn_free(ctx, res);
    tn_free(ctx, s);
    return false;
}

/* ---- pinv: V diag(1/s) U^T over the singular values above the cutoff */
Tensor *tn_linalg_pinv(TnCtx *ctx, const Tensor *a, double rcond)
{
    if (!check_matrix(ctx, "pinv", a))
        return NULL;
    if (rcond < 0)
        rcond = 1e-15;
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1], k = m < n ? m : n;
    int64_t nbatch = batch_count(a, 2), shp[TN_MAX_DIMS];
    Tensor *ac = NULL, *u = NULL, *s = NULL, *vt = NULL, *out = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !svd_core(ctx, "pinv", ac, 'S', &u, &s, &vt))
        goto fail;
    int on = batch_shape(a, 2, shp, 2, n, m);
    if (!(out = tn_zeros(ctx, cdt, on, shp)))
        goto fail;
    for (int64_t ib = 0; ib < nbatch && k > 0; ib++) {
        const char *ub = (char *)tn_data(u) + ib * m * k * tn_dtype_size(cdt);
        const char *vb = (char *)tn_data(vt) + ib * k * n * tn_dtype_size(cdt);
        const char *sb = (char *)tn_data(s) + ib * k * tn_dtype_size(cdt);
        char *ob = (char *)tn_data(out) + ib * n * m * tn_dtype_size(cdt);
        double cutoff = rcond * el_get(single, sb, 0);  /* s is descending */
        for (int64_t l = 0; l < k; l++) {
            double sl = el_get(single, sb, l);
            if (!(sl > cutoff))
                break;
            double inv = 1.0 / sl;
            for (int64_t i = 0; i < n; i++) {
                double vi = el_get(single, vb, l * n + i) * inv;
                for (int64_t j = 0; j < m; j++)
                    el_set(single, ob, i * m + j,
                           el_get(single, ob, i * m + j) + vi * el_get(single, ub, j * k + l));
            }
        }
    }
    tn_free(ctx, ac);
    tn_free(ctx, u);
    tn_free(ctx, s);
    tn_free(ctx, vt);
    return out;
fail:
    tn_free(ctx, ac);
    tn_free(ctx, u);
    tn_free(ctx, s);
    tn_free(ctx, vt);
    tn_free(ctx, out);
    return NULL;
}

/* ---- matrix_rank */
Tensor *tn_linalg_matrix_rank(TnCtx *ctx, const Tensor *a, double tol)
{
    if (a->ndim < 2) {
        bool nonzero = false;
        for (int64_t i = 0; i < a->size && !nonzero; i++)
            nonzero = tn_get_f64(a, i) != 0.0;
        return tn_scalar_i64(ctx, nonzero ? 1 : 0, false);
    }
    TnDType cdt = float_type(a->dtype);
    bool single = cdt == TN_F32;
    int64_t m = a->shape[a->ndim - 2], n = a->shape[a->ndim - 1], k = m < n ? m : n;
    int64_t nbatch = batch_count(a, 2), shp[TN_MAX_DIMS];
    Tensor *ac = NULL, *s = NULL, *out = NULL;
    if (!(ac = prepare(ctx, a, cdt)) || !svd_core(ctx, "matrix_rank", ac, 'N', NULL, &s, NULL))
        goto fail;
    int on = batch_shape(a, 2, shp, 0, 0, 0);
    if (!(out = tn_empty(ctx, TN_I64, on, shp)))
        goto fail;
    double eps = single ? FLT_EPSILON : DBL_EPSILON;
    for (int64_t ib = 0; ib < nbatch; ib++) {
        const char *sb = (char *)tn_data(s) + ib * k * tn_dtype_size(cdt);
        double t = tol;
        if (t < 0)
            t = (k > 0 ? el_get(single, sb, 0) : 0.0) * (double)(m > n ? m : n) * eps;
        int64_t r = 0;
        for (int64_t l = 0; l < k; l++)
            r += el_get(single, sb, l) > t;
        ((int64_t *)tn_data(out))[ib] = r;
    }
    tn_free(ctx, ac);
    tn_free(ctx, s);
    return out;
fail:
    tn_free(ctx, ac);
    tn_free(ctx, s);
    tn_free(ctx, out);
    return NULL;
}

/* ---- norm */

/* A vector norm of n values (abs taken here). */
static double vector_norm(bool single, const void *p, int64_t n, TnNormOrd ord)
{
    double acc;
    if (ord.kind == TN_NORM_DEFAULT || (ord.kind == TN_NORM_P && ord.p == 2.0)) {
        acc = 0.0;
        for (int64_t i = 0; i < n; i++) {
            double v = el_get(single, p, i);
            acc += v * v;
        }
        return sqrt(acc);
    }
    double q = ord.p;
    if (isinf(q)) {
        acc = q > 0 ? 0.0 : INFINITY;
        for (int64_t i = 0; i < n; i++) {
            double v = fabs(el_get(single, p, i));
            if (isnan(v))
                return v;
            acc = q > 0 ? (v > acc ? v : acc) : (v < acc ? v : acc);
        }
        return n == 0 && q < 0 ? INFINITY : acc;
    }
    acc = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double v = fabs(el_get(single, p, i));
        if (q == 0.0)
            acc += v != 0.0;
        else if (q == 1.0)
            acc += v;
        else
            acc += pow(v, q);
    }
    if (q == 0.0 || q == 1.0)
        return acc;
    return pow(acc, 1.0 / q);
}

/* A matrix norm of the row-major r x c matrix at p that needs no SVD. */
static double matrix_norm_simple(bool single, const void *p, int64_t r, int64_t c, TnNormOrd ord)
{
    if (ord.kind == TN_NORM_DEFAULT || ord.kind == TN_NORM_FRO) {
        TnNormOrd two = {TN_NORM_DEFAULT, 0};
        return vector_norm(single, p, r * c, two);
    }
    /* ord 1 / -1: max / min over columns of the column sums of |x|;
       inf / -inf: the same over rows. */
    bool by_col = fabs(ord.p) == 1.0;
    bool want_max = ord.p > 0;
    int64_t outer = by_col ? c : r, inner = by_col ? r : c;
    double best = want_max ? -INFINITY : INFINITY;
    for (int64_t o = 0; o < outer; o++) {
        double acc = 0.0;
        for (int64_t i = 0; i < inner; i++)
            acc += fabs(el_get(single, p, by_col ? i * c + o : o * c + i));
        if (isnan(acc))
            return acc;
        best = want_max ? (acc > best ? acc : best) : (acc < best ? acc : best);
    }
    return best;
}

Tensor *tn_linalg_norm(TnCtx *ctx, const Tensor *x, TnNormOrd ord, const int *axes_in, int naxes,
                       bool keepdims)
{
    char sx[128];
    int axes[2];
    if (naxes < 0 || naxes > 2)
        return tn_fail(ctx, TN_ERR_VALUE, "norm: axis must name 1 or 2 axes, got %d", naxes);
    if (naxes == 0) {
        if (ord.kind == TN_NORM_DEFAULT) {
            /* axis=None, ord=None: the 2-norm of every element, any ndim. */
            TnDType cdt = float_type(x->dtype);
            Tensor *xc = prepare(ctx, x, cdt);
            if (!xc)
                return NULL;
            double v = vector_norm(cdt == TN_F32, tn_data(xc), xc->size, ord);
            tn_free(ctx, xc);
            int64_t shp[TN_MAX_DIMS];
            for (int i = 0; i < x->ndim; i++)
                shp[i] = 1;
            Tensor *out = tn_empty(ctx, cdt, keepdims ? x->ndim : 0, shp);
            if (out)
                el_set(cdt == TN_F32, tn_data(out), 0, v);
            return out;
        }
        if (x->ndim != 1 && x->ndim != 2) {
            tn_fail(ctx, TN_ERR_SHAPE, "norm: with an ord and no axis the input must be 1-D or "
                    "2-D, got %s", shape_of(sx, sizeof sx, x));
            tn_hint(ctx, "pass axis= to say which axes to take the "
                     "norm over");
            tn_detail(ctx, x, NULL, -1000);
            return NULL;
        }
        naxes = x->ndim;
        axes[0] = 0;
        axes[1] = 1;
    } else {
        for (int i = 0; i < naxes; i++) {
            int ax = axes_in[i];
            if (ax < -x->ndim || ax >= x->ndim) {
                tn_fail(ctx, TN_ERR_INDEX, "norm: axis %d is out of range for %s", ax,
                        shape_of(sx, sizeof sx, x));
                tn_detail(ctx, x, NULL, -1000);
                return NULL;
            }
            axes[i] = ax < 0 ? ax + x->ndim : ax;
        }
        if (naxes == 2 && axes[0] == axes[1])
            return tn_fail(ctx, TN_ERR_VALUE, "norm: the two axes are the same (%d)", axes[0]);
    }
    if (naxes == 1 && (ord.kind == TN_NORM_FRO || ord.kind == TN_NORM_NUC))
        return tn_fail(ctx, TN_ERR_VALUE, "norm: ord '%s' is a matrix norm, but one axis was "
                       "given", ord.kind == TN_NORM_FRO ? "fro" : "nuc");
    if (naxes == 2 && ord.kind == TN_NORM_P && ord.p != 1 && ord.p != -1 && ord.p != 2 &&
        ord.p != -2 && !isinf(ord.p))
        return tn_fail(ctx, TN_ERR_VALUE, "norm: ord %g is not a matrix norm (use 1, -1, 2, -2, "
                       "inf, -inf, 'fro' or 'nuc')", ord.p);

    /* Move the kept axes first (in order) and the reduced ones last, so each
       norm reads one contiguous block. */
    int nd = 0, nkeep = 0;
    int64_t pshape[TN_MAX_DIMS], pstrides[TN_MAX_DIMS], oshape[TN_MAX_DIMS], okeep[TN_MAX_DIMS];
    for (int i = 0; i < x->ndim; i++) {
        bool reduced = axes[0] == i || (naxes == 2 && axes[1] == i);
        okeep[i] = reduced ? 1 : x->shape[i];
        if (!reduced) {
            pshape[nd] = x->shape[i];
            pstrides[nd++] = x->strides[i];
            oshape[nkeep++] = x->shape[i];
        }
    }
    for (int i = 0; i < naxes; i++) {
        pshape[nd] = x->shape[axes[i]];
        pstrides[nd++] = x->strides[axes[i]];
    }
    Tensor *perm = tn_view_as(ctx, x, x->ndim, pshape, pstrides, x->offset);
    if (!perm)
        return NULL;
    TnDType cdt = float_type(x->dtype);
    bool single = cdt == TN_F32;
    size_t es = tn_dtype_size(cdt);
    Tensor *xc = prepare(ctx, perm, cdt), *out = NULL, *s = NULL;
    tn_free(ctx, perm);
    if (!xc)
        return NULL;
    int64_t r = xc->shape[x->ndim - naxes], c = naxes == 2 ? xc->shape[x->ndim - 1] : 1;
    int64_t nout = 1;
    for (int i = 0; i < nkeep; i++)
        nout *= oshape[i];
    if (!(out = keepdims ? tn_empty(ctx, cdt, x->ndim, okeep) : tn_empty(ctx, cdt, nkeep, oshape)))
        goto fail;
    bool need_svd = naxes == 2 && (ord.kind == TN_NORM_NUC ||
                                   (ord.kind == TN_NORM_P && fabs(ord.p) == 2.0));
    if (need_svd) {
        if (r == 0 || c == 0) {
            tn_fail(ctx, TN_ERR_VALUE, "norm: the %s norm of an empty matrix is not defined",
                    ord.kind == TN_NORM_NUC ? "nuclear" : "spectral");
            goto fail;
        }
        if (!svd_core(ctx, "norm", xc, 'N', NULL, &s, NULL))
            goto fail;
        int64_t k = r < c ? r : c;
        for (int64_t o = 0; o < nout; o++) {
            const char *sb = (char *)tn_data(s) + o * k * es;
            double v = 0.0;
            if (ord.kind == TN_NORM_NUC)
                for (int64_t l = 0; l < k; l++)
                    v += el_get(single, sb, l);
            else
                v = el_get(single, sb, ord.p > 0 ? 0 : k - 1);
            el_set(single, tn_data(out), o, v);
        }
    } else {
        for (int64_t o = 0; o < nout; o++) {
            const char *blk = (char *)tn_data(xc) + o * r * c * es;
            double v = naxes == 1 ? vector_norm(single, blk, r, ord)
                                  : matrix_norm_simple(single, blk, r, c, ord);
            el_set(single, tn_data(out), o, v);
        }
    }
    tn_free(ctx, xc);
    tn_free(ctx, s);
    return out;
fail:
    tn_free(ctx, xc);
    tn_free(ctx, s);
    tn_free(ctx, out);
    return NULL;
}
