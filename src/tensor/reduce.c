/*
 * reduce.c - sum, prod, mean, var/std, min/max, any/all, nansum/nanmean,
 * count_nonzero over axis sets; argmin/argmax; cumsum/cumprod.
 *
 * A reduction runs the broadcasting iterator over the input's shape with
 * two operands: the input, and the output seen with stride 0 on the reduced
 * axes.  The iterator orders axes by the input's strides, so the inner run
 * is either along a reduced axis (the output stride is 0: the run is summed
 * pairwise into one output element) or along a kept axis (the output
 * advances too: an elementwise accumulate the compiler vectorises).  Sums
 * over axis 0 and axis 1 of a matrix both read memory in order.
 */
#define TN_KERNEL_FILE
#include "reduce.h"

#include "kernel.h"

#include <stdio.h>
#include <string.h>

static const char *const REDUCE_NAME[] = {
#define S_(e, name) name,
    TN_REDUCE_OPS(S_)
#undef S_
};
_Static_assert(sizeof REDUCE_NAME / sizeof REDUCE_NAME[0] == TN_REDUCE_COUNT, "reduce names");

const char *tn_reduce_name(TnReduceOp op)
{
    return (unsigned)op < TN_REDUCE_COUNT ? REDUCE_NAME[op] : "?";
}

/* ---- axes */

bool tn_axes_mask(TnCtx *ctx, const Tensor *t, const int *axes, int naxes, bool *mask)
{
    if (!axes || naxes < 0) {
        for (int d = 0; d < t->ndim; d++)
            mask[d] = true;
        return true;
    }
    for (int d = 0; d < t->ndim; d++)
        mask[d] = false;
    for (int i = 0; i < naxes; i++) {
        int ax = tn_normalize_axis(ctx, axes[i], t->ndim, t);
        if (ax < 0)
            return false;
        if (mask[ax]) {
            tn_fail(ctx, TN_ERR_VALUE, "axis %d appears twice in the axes to reduce", axes[i]);
            return false;
        }
        mask[ax] = true;
    }
    return true;
}

/* ---- pairwise summation, as NumPy's pairwise_sum: runs under 8 are summed
   in order, runs up to 128 in 8 interleaved partial sums, longer runs are
   halved (at a multiple of 8) and the halves added. */

#define TRF_PLAIN(x) (x)
#define TRF_NAN0(x) ((x) != (x) ? 0 : (x))
#define PW_BLOCKSIZE 128
/* NumPy's reduction hands its inner loop at most one buffer (8192
   elements) at a time, each summed pairwise and added in turn: chunking a
   run the same way gives the same bits. */
#define PW_CHUNK 8192

#define PAIRWISE(NAME, T, A, TRF)                                                          \
    static A NAME(const char *a, int64_t n, int64_t stride)                                \
    {                                                                                      \
        if (n < 8) {                                                                       \
            A res = 0;                                                                     \
            for (int64_t i = 0; i < n; i++)                                                \
                res += (A)TRF(*(const T *)(a + i * stride));                               \
            return res;                                                                    \
        }                                                                                  \
        if (n <= PW_BLOCKSIZE) {                                                           \
            A r[8];                                                                        \
            int64_t i;                                                                     \
            if (stride == (int64_t)sizeof(T)) {                                            \
                const T *x = (const T *)a;                                                 \
                for (int k = 0; k < 8; k++)                                                \
                    r[k] = (A)TRF(x[k]);                                                   \
                for (i = 8; i < n - (n % 8); i += 8)                                       \
                    for (int k = 0; k < 8; k++)                                            \
                        r[k] += (A)TRF(x[i + k]);                                          \
            } else {                                                                       \
                for (int k = 0; k < 8; k++)                                                \
                    r[k] = (A)TRF(*(const T *)(a + k * stride));                           \
                for (i = 8; i < n - (n % 8); i += 8)                                       \
                    for (int k = 0; k < 8; k++)                                            \
                        r[k] += (A)TRF(*(const T *)(a + (i + k) * stride));                \
            }                                                                              \
            A res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));     \
            for (; i < n; i++)                                                             \
                res += (A)TRF(*(const T *)(a + i * stride));                               \
            return res;                                                                    \
        }                                                                                  \
        int64_t n2 = n / 2;                                                                \
        n2 -= n2 % 8;                                                                      \
        return NAME(a, n2, stride) + NAME(a + n2 * stride, n - n2, stride);                \
    }

/* Reduction loops: ptrs[0] = input (T), ptrs[1] = output accumulator (A). */

/* float accumulation, pairwise along reduced runs */
#define SUM_FLOAT(NAME, T, A, TRF)                                                         \
    PAIRWISE(NAME##_pw, T, A, TRF)                                                         \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        (void)aux;                                                                         \
        if (s[1] == 0) {                                                                   \
            for (int64_t i = 0; i < n; i += PW_CHUNK)                                      \
                *(A *)p[1] += NAME##_pw(p[0] + i * s[0], n - i < PW_CHUNK ? n - i : PW_CHUNK, s[0]); \
            return;                                                                        \
        }                                                                                  \
        if (s[0] == sizeof(T) && s[1] == sizeof(A)) {                                      \
            const T *x = (const T *)p[0];                                                  \
            A *o = (A *)p[1];                                                              \
            for (int64_t i = 0; i < n; i++)                                                \
                o[i] += (A)TRF(x[i]);                                                      \
            return;                                                                        \
        }                                                                                  \
        for (int64_t i = 0; i < n; i++)                                                    \
            *(A *)(p[1] + i * s[1]) += (A)TRF(*(const T *)(p[0] + i * s[0]));              \
    }

/* integer accumulation in i64, wrapping like NumPy */
#define SUM_INT(NAME, T, TRF)                                                              \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        (void)aux;                                                                         \
        if (s[1] == 0) {                                                                   \
            uint64_t r = (uint64_t) * (int64_t *)p[1];                                     \
            for (int64_t i = 0; i < n; i++)                                                \
                r += (uint64_t)(int64_t)TRF(*(const T *)(p[0] + i * s[0]));                \
            *(int64_t *)p[1] = (int64_t)r;                                                 \
            return;                                                                        \
        }                                                                                  \
        for (int64_t i = 0; i < n; i++) {                                                  \
            int64_t *o = (int64_t *)(p[1] + i * s[1]);                                     \
            *o = (int64_t)((uint64_t)*o + (uint64_t)(int64_t)TRF(*(const T *)(p[0] + i * s[0]))); \
        }                                                                                  \
    }

#define TRF_NONZERO(x) ((x) != 0)
#define TRF_NOTNAN(x) ((x) == (x))

SUM_INT(sum_b1, bool, TRF_PLAIN)
SUM_INT(sum_u8, uint8_t, TRF_PLAIN)
SUM_INT(sum_i32, int32_t, TRF_PLAIN)
SUM_INT(sum_i64, int64_t, TRF_PLAIN)
SUM_FLOAT(sum_f32, float, float, TRF_PLAIN)
SUM_FLOAT(sum_f64, double, double, TRF_PLAIN)
/* means of integers accumulate in f64, as NumPy's mean(dtype=f8) */
SUM_FLOAT(fsum_b1, bool, double, TRF_PLAIN)
SUM_FLOAT(fsum_u8, uint8_t, double, TRF_PLAIN)
SUM_FLOAT(fsum_i32, int32_t, double, TRF_PLAIN)
SUM_FLOAT(fsum_i64, int64_t, double, TRF_PLAIN)
SUM_FLOAT(nansum_f32, float, float, TRF_NAN0)
SUM_FLOAT(nansum_f64, double, double, TRF_NAN0)
SUM_INT(nonzero_b1, bool, TRF_NONZERO)
SUM_INT(nonzero_u8, uint8_t, TRF_NONZERO)
SUM_INT(nonzero_i32, int32_t, TRF_NONZERO)
SUM_INT(nonzero_i64, int64_t, TRF_NONZERO)
SUM_INT(nonzero_f32, float, TRF_NONZERO)
SUM_INT(nonzero_f64, double, TRF_NONZERO)
SUM_INT(notnan_f32, float, TRF_NOTNAN)
SUM_INT(notnan_f64, double, TRF_NOTNAN)

/*
 * Sums over the outer axis of a 2-D run (sum(axis=0) of a C-contiguous
 * matrix): four rows per pass over the output, each output element still
 * adding the rows in order, so the result is bit for bit the row-by-row
 * one and the output is loaded and stored a quarter as often.
 */
#define SUM_ROWS(NAME, T, A)                                                               \
    static void NAME(const char *in, int64_t rs, int64_t nrows, A *o, int64_t n)           \
    {                                                                                      \
        int64_t r = 0;                                                                     \
        for (; r + 4 <= nrows; r += 4) {                                                   \
            const T *x0 = (const T *)(in + r * rs), *x1 = (const T *)(in + (r + 1) * rs);  \
            const T *x2 = (const T *)(in + (r + 2) * rs), *x3 = (const T *)(in + (r + 3) * rs); \
            for (int64_t i = 0; i < n; i++)                                                \
                o[i] = (((o[i] + (A)x0[i]) + (A)x1[i]) + (A)x2[i]) + (A)x3[i];             \
        }                                                                                  \
        for (; r < nrows; r++) {                                                           \
            const T *x = (const T *)(in + r * rs);                                         \
            for (int64_t i = 0; i < n; i++)                                                \
                o[i] += (A)x[i];                                                           \
        }                                                                                  \
    }
SUM_ROWS(rows_f32, float, float)
SUM_ROWS(rows_f64, double, double)

static const TnLoopFn SUM[TN_DTYPE_COUNT] = {sum_b1, sum_u8, sum_i32, sum_i64, sum_f32, sum_f64};
static const TnLoopFn FSUM[TN_DTYPE_COUNT] = {fsum_b1, fsum_u8, fsum_i32, fsum_i64, sum_f32, sum_f64};
static const TnLoopFn NONZERO[TN_DTYPE_COUNT] = {nonzero_b1, nonzero_u8, nonzero_i32,
                                                 nonzero_i64, nonzero_f32, nonzero_f64};

/* sum of squared deviations from a mean: ptrs[2] is the mean (A), laid out
   like the output */
#define SQDEV(NAME, T, A)                                                                  \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        (void)aux;                                                                         \
        if (s[1] == 0) {                                                                   \
            /* pairwise over (x - m)^2 with m fixed along the run */                       \
            A m = *(const A *)p[2];                                                        \
            for (int64_t i = 0; i < n; i += PW_CHUNK)                                      \
                *(A *)p[1] += NAME##_pw(p[0] + i * s[0], n - i < PW_CHUNK ? n - i : PW_CHUNK, s[0], m); \
            return;                                                                        \
        }                                                                                  \
        for (int64_t i = 0; i < n; i++) {                                                  \
            A d = (A) * (const T *)(p[0] + i * s[0]) - *(const A *)(p[2] + i * s[2]);      \
            *(A *)(p[1] + i * s[1]) += d * d;                                              \
        }                                                                                  \
    }
#define SQDEV_PW(NAME, T, A)                                                               \
    static A NAME##_pw(const char *a, int64_t n, int64_t stride, A m)                      \
    {                                                                                      \
        if (n < 8) {                                                                       \
            A res = 0;                                                                     \
            for (int64_t i = 0; i < n; i++) {                                              \
                A d = (A) * (const T *)(a + i * stride) - m;                               \
                res += d * d;                                                              \
            }                                                                              \
            return res;                                                                    \
        }                                                                                  \
        if (n <= PW_BLOCKSIZE) {                                                           \
            A r[8];                                                                        \
            int64_t i;                                                                     \
            for (int k = 0; k < 8; k++) {                                                  \
                A d = (A) * (const T *)(a + k * stride) - m;                               \
                r[k] = d * d;                                                              \
            }                                                                              \
            for (i = 8; i < n - (n % 8); i += 8)                                           \
                for (int k = 0; k < 8; k++) {                                              \
                    A d = (A) * (const T *)(a + (i + k) * stride) - m;                     \
                    r[k] += d * d;                                                         \
                }                                                                          \
            A res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));     \
            for (; i < n; i++) {                                                           \
                A d = (A) * (const T *)(a + i * stride) - m;                               \
                res += d * d;                                                              \
            }                                                                              \
            return res;                                                                    \
        }                                                                                  \
        int64_t n2 = n / 2;                                                                \
        n2 -= n2 % 8;                                                                      \
        return NAME##_pw(a, n2, stride, m) + NAME##_pw(a + n2 * stride, n - n2, stride, m); \
    }
#define SQDEV_BOTH(NAME, T, A) SQDEV_PW(NAME, T, A) SQDEV(NAME, T, A)
SQDEV_BOTH(sqdev_b1, bool, double)
SQDEV_BOTH(sqdev_u8, uint8_t, double)
SQDEV_BOTH(sqdev_i32, int32_t, double)
SQDEV_BOTH(sqdev_i64, int64_t, double)
SQDEV_BOTH(sqdev_f32, float, float)
SQDEV_BOTH(sqdev_f64, double, double)
static const TnLoopFn SQDEV_LOOP[TN_DTYPE_COUNT] = {sqdev_b1, sqdev_u8, sqdev_i32,
                                                    sqdev_i64, sqdev_f32, sqdev_f64};

/* products, in order */
#define PROD_INT(NAME, T)                                                                  \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        (void)aux;                                                                         \
        for (int64_t i = 0; i < n; i++) {                                                  \
            int64_t *o = (int64_t *)(p[1] + i * s[1]);                                     \
            *o = (int64_t)((uint64_t)*o * (uint64_t)(int64_t) * (const T *)(p[0] + i * s[0])); \
        }                                                                                  \
    }
#define PROD_FLOAT(NAME, T)                                                                \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        (void)aux;                                                                         \
        if (s[1] == 0) {                                                                   \
            T r = *(T *)p[1];                                                              \
            for (int64_t i = 0; i < n; i++)                                                \
                r *= *(const T *)(p[0] + i * s[0]);                                        \
            *(T *)p[1] = r;                                                                \
            return;                                                                        \
        }                                                                                  \
        for (int64_t i = 0; i < n; i++)                                                    \
            *(T *)(p[1] + i * s[1]) *= *(const T *)(p[0] + i * s[0]);                      \
    }
PROD_INT(prod_b1, bool)
PROD_INT(prod_u8, uint8_t)
PROD_INT(prod_i32, int32_t)
PROD_INT(prod_i64, int64_t)
PROD_FLOAT(prod_f32, float)
PROD_FLOAT(prod_f64, double)
static const TnLoopFn PROD[TN_DTYPE_COUNT] = {prod_b1, prod_u8, prod_i32, prod_i64, prod_f32, prod_f64};

/* min and max in the input dtype; a NaN sticks once met */
#define MINMAX(NAME, T, BETTER)                                                            \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        (void)aux;                                                                         \
        if (s[1] == 0) {                                                                   \
            T m = *(T *)p[1];                                                              \
            if (s[0] == sizeof(T)) {                                                       \
                const T *x = (const T *)p[0];                                              \
                for (int64_t i = 0; i < n; i++)                                            \
                    m = BETTER(x[i], m) ? x[i] : m;                                        \
            } else {                                                                       \
                for (int64_t i = 0; i < n; i++) {                                          \
                    T v = *(const T *)(p[0] + i * s[0]);                                   \
                    m = BETTER(v, m) ? v : m;                                              \
                }                                                                          \
            }                                                                              \
            *(T *)p[1] = m;                                                                \
            return;                                                                        \
        }                                                                                  \
        for (int64_t i = 0; i < n; i++) {                                                  \
            T v = *(const T *)(p[0] + i * s[0]);                                           \
            T *o = (T *)(p[1] + i * s[1]);                                                 \
            *o = BETTER(v, *o) ? v : *o;                                                   \
        }                                                                                  \
    }
#define LT_INT(v, m) ((v) < (m))
#define GT_INT(v, m) ((v) > (m))
#define LT_FLT(v, m) ((v) < (m) || (v) != (v))
#define GT_FLT(v, m) ((v) > (m) || (v) != (v))
MINMAX(min_b1, bool, LT_INT)
MINMAX(min_u8, uint8_t, LT_INT)
MINMAX(min_i32, int32_t, LT_INT)
MINMAX(min_i64, int64_t, LT_INT)
MINMAX(min_f32, float, LT_FLT)
MINMAX(min_f64, double, LT_FLT)
MINMAX(max_b1, bool, GT_INT)
MINMAX(max_u8, uint8_t, GT_INT)
MINMAX(max_i32, int32_t, GT_INT)
MINMAX(max_i64, int64_t, GT_INT)
MINMAX(max_f32, float, GT_FLT)
MINMAX(max_f64, double, GT_FLT)
static const TnLoopFn MIN[TN_DTYPE_COUNT] = {min_b1, min_u8, min_i32, min_i64, min_f32, min_f64};
static const TnLoopFn MAX[TN_DTYPE_COUNT] = {max_b1, max_u8, max_i32, max_i64, max_f32, max_f64};

/* any / all into bool */
#define ANYALL(NAME, T, OP)                                                                \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        (void)aux;                                                                         \
        for (int64_t i = 0; i < n; i++) {                                                  \
            bool *o = (bool *)(p[1] + i * s[1]);                                           \
            *o = *o OP(*(const T *)(p[0] + i * s[0]) != 0);                                \
        }                                                                                  \
    }
#define ANYALL_ROW(T, SUF) ANYALL(any_##SUF, T, ||) ANYALL(all_##SUF, T, &&)
ANYALL_ROW(bool, b1)
ANYALL_ROW(uint8_t, u8)
ANYALL_ROW(int32_t, i32)
ANYALL_ROW(int64_t, i64)
ANYALL_ROW(float, f32)
ANYALL_ROW(double, f64)
static const TnLoopFn ANY[TN_DTYPE_COUNT] = {any_b1, any_u8, any_i32, any_i64, any_f32, any_f64};
static const TnLoopFn ALL[TN_DTYPE_COUNT] = {all_b1, all_u8, all_i32, all_i64, all_f32, all_f64};

/* ---- the driver */

/* Product of the reduced lengths. */
static int64_t reduced_count(const Tensor *a, const bool *mask)
{
    int64_t n = 1;
    for (int d = 0; d < a->ndim; d++)
        if (mask[d])
            n *= a->shape[d];
    return n;
}

/* Drops the reduced axes of a contiguous keepdims-shaped result in place. */
static void drop_reduced(Tensor *out, const bool *mask)
{
    int nd = 0;
    for (int d = 0; d < out->ndim; d++)
        if (!mask[d]) {
            out->shape[nd] = out->shape[d];
            out->strides[nd] = out->strides[d];
            nd++;
        }
    for (int d = nd; d < out->ndim; d++)
        out->shape[d] = out->strides[d] = 0;
    out->ndim = nd;
}

/*
 * Runs fn over a into a new keepdims-shaped tensor of dtype out_dt first
 * filled with init_bytes (NULL: zeros).  extra, when given, is a third
 * operand shaped like the output (the mean, for var).
 */
static Tensor *reduce_run(TnCtx *ctx, const Tensor *a, const bool *mask, TnDType out_dt,
                          TnLoopFn fn, const void *init_bytes, const Tensor *extra)
{
    int64_t kshape[TN_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++)
        kshape[d] = mask[d] ? 1 : a->shape[d];
    Tensor *out = tn_empty(ctx, out_dt, a->ndim, kshape);
    if (!out)
        return NULL;
    size_t es = tn_dtype_size(out_dt);
    char *o = tn_data(out);
    for (int64_t i = 0; i < out->size; i++) {
        if (init_bytes)
            memcpy(o + (size_t)i * es, init_bytes, es);
        else
            memset(o + (size_t)i * es, 0, es);
    }
    int64_t ost[TN_MAX_DIMS], est[TN_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++) {
        ost[d] = mask[d] ? 0 : out->strides[d];
        est[d] = extra ? (mask[d] ? 0 : extra->strides[d]) : 0;
    }
    char *ptrs[3] = {tn_data(a), o, extra ? tn_data(extra) : NULL};
    const int64_t *strides[3] = {a->strides, ost, est};
    TnIter it;
    tn_iter_init(&it, extra ? 3 : 2, ptrs, a->ndim, a->shape, strides, true);
    int64_t es_in = (int64_t)tn_dtype_size(a->dtype);
    if ((fn == sum_f64 || fn == sum_f32) && it.ndim == 2 && it.strides[1][0] == 0 &&
        it.strides[1][1] == (int64_t)es && it.strides[0][1] == es_in) {
        /* reduced outer axis, contiguous kept inner axis */
        if (fn == sum_f64)
            rows_f64(it.base[0], it.strides[0][0], it.shape[0], (double *)it.base[1], it.shape[1]);
        else
            rows_f32(it.base[0], it.strides[0][0], it.shape[0], (float *)it.base[1], it.shape[1]);
        return out;
    }
    tn_iter_run(&it, fn, NULL);
    return out;
}

/* out /= divisor, elementwise in out's float dtype (a division, not a
   multiplication by the reciprocal, to round as NumPy does) */
static void divide_by(Tensor *out, double divisor)
{
    if (out->dtype == TN_F32) {
        float *o = tn_data(out), dv = (float)divisor;
        for (int64_t i = 0; i < out->size; i++)
            o[i] /= dv;
    } else {
        double *o = tn_data(out);
        for (int64_t i = 0; i < out->size; i++)
            o[i] /= divisor;
    }
}

/* out[i] /= counts[i] (both contiguous, same size) */
static void divide_by_counts(Tensor *out, const Tensor *counts)
{
    const int64_t *c = tn_data(counts);
    if (out->dtype == TN_F32) {
        float *o = tn_data(out);
        for (int64_t i = 0; i < out->size; i++)
            o[i] /= (float)c[i];
    } else {
        double *o = tn_data(out);
        for (int64_t i = 0; i < out->size; i++)
            o[i] /= (double)c[i];
    }
}

static TnDType sum_dtype(TnDType dt)
{
    return tn_dtype_is_float(dt) ? dt : TN_I64;
}

static TnDType mean_dtype(TnDType dt)
{
    return tn_dtype_is_float(dt) ? dt : TN_F64;
}

static Tensor *empty_reduction_error(TnCtx *ctx, const char *name, const Tensor *a)
{
    char sh[128];
    tn_fail(ctx, TN_ERR_VALUE, "%s of an empty selection: %s has no elements along the reduced axes",
            name, tn_shape_str(sh, sizeof sh, a->dtype, a->ndim, a->shape));
    tn_detail(ctx, a, NULL, -1000);
    tn_hint(ctx, "%s has no identity value; check the tensor is not empty before reducing", name);
    return NULL;
}

/* The identity bytes min/max start from, in the input dtype. */
static void extreme_init(TnDType dt, bool for_min, unsigned char *bytes)
{
    switch (dt) {
    case TN_BOOL: bytes[0] = for_min ? 1 : 0; break;
    case TN_U8: bytes[0] = for_min ? 0xff : 0; break;
    case TN_I32: {
        int32_t v = for_min ? INT32_MAX : INT32_MIN;
        memcpy(bytes, &v, 4);
        break;
    }
    case TN_I64: {
        int64_t v = for_min ? INT64_MAX : INT64_MIN;
        memcpy(bytes, &v, 8);
        break;
    }
    case TN_F32: {
        float v = for_min ? INFINITY : -INFINITY;
        memcpy(bytes, &v, 4);
        break;
    }
    default: {
        double v = for_min ? INFINITY : -INFINITY;
        memcpy(bytes, &v, 8);
        break;
    }
    }
}

Tensor *tn_reduce(TnCtx *ctx, TnReduceOp op, const Tensor *a, const int *axes, int naxes,
                  bool keepdims)
{
    bool mask[TN_MAX_DIMS];
    if (!tn_axes_mask(ctx, a, axes, naxes, mask))
        return NULL;
    TnDType dt = a->dtype;
    Tensor *out = NULL;
    unsigned char init[8];
    switch (op) {
    case TN_RED_SUM:
        out = reduce_run(ctx, a, mask, sum_dtype(dt), SUM[dt], NULL, NULL);
        break;
    case TN_RED_NANSUM:
        out = reduce_run(ctx, a, mask, sum_dtype(dt),
                         dt == TN_F32 ? nansum_f32 : dt == TN_F64 ? nansum_f64 : SUM[dt], NULL, NULL);
        break;
    case TN_RED_PROD:
        if (tn_dtype_is_float(dt)) {
            double one = 1.0;
            float onef = 1.0f;
            memcpy(init, dt == TN_F32 ? (void *)&onef : (void *)&one, tn_dtype_size(dt));
        } else {
            int64_t one = 1;
            memcpy(init, &one, 8);
        }
        out = reduce_run(ctx, a, mask, sum_dtype(dt), PROD[dt], init, NULL);
        break;
    case TN_RED_MEAN: {
        out = reduce_run(ctx, a, mask, mean_dtype(dt), FSUM[dt], NULL, NULL);
        if (out)
            divide_by(out, (double)reduced_count(a, mask));
        break;
    }
    case TN_RED_NANMEAN: {
        if (!tn_dtype_is_float(dt))
            return tn_reduce(ctx, TN_RED_MEAN, a, axes, naxes, keepdims);
        out = reduce_run(ctx, a, mask, dt, dt == TN_F32 ? nansum_f32 : nansum_f64, NULL, NULL);
        Tensor *cnt = out ? reduce_run(ctx, a, mask, TN_I64, dt == TN_F32 ? notnan_f32 : notnan_f64,
                                       NULL, NULL)
                          : NULL;
        if (out && !cnt) {
            tn_free(ctx, out);
            return NULL;
        }
        if (out) {
            divide_by_counts(out, cnt);
            tn_free(ctx, cnt);
        }
        break;
    }
    case TN_RED_MIN:
    case TN_RED_MAX:
        if (reduced_count(a, mask) == 0) {
            int64_t out_size = 1;
            for (int d = 0; d < a->ndim; d++)
                if (!mask[d])
                    out_size *= a->shape[d];
            if (out_size > 0)
                return empty_reduction_error(ctx, op == TN_RED_MIN ? "min" : "max", a);
        }
        extreme_init(dt, op == TN_RED_MIN, init);
        out = reduce_run(ctx, a, mask, dt, op == TN_RED_MIN ? MIN[dt] : MAX[dt], init, NULL);
        break;
    case TN_RED_ANY:
        init[0] = 0;
        out = reduce_run(ctx, a, mask, TN_BOOL, ANY[dt], init, NULL);
        break;
    case TN_RED_ALL:
        init[0] = 1;
        out = reduce_run(ctx, a, mask, TN_BOOL, ALL[dt], init, NULL);
        break;
    case TN_RED_COUNT_NONZERO:
        out = reduce_run(ctx, a, mask, TN_I64, NONZERO[dt], NULL, NULL);
        break;
    default:
        return tn_fail(ctx, TN_ERR_VALUE, "unknown reduction %d", (int)op);
    }
    if (out && !keepdims)
        drop_reduced(out, mask);
    return out;
}

Tensor *tn_sum(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, bool keepdims)
{
    return tn_reduce(ctx, TN_RED_SUM, a, axes, naxes, keepdims);
}

Tensor *tn_mean(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, bool keepdims)
{
    return tn_reduce(ctx, TN_RED_MEAN, a, axes, naxes, keepdims);
}

Tensor *tn_var(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, int ddof, bool keepdims)
{
    bool mask[TN_MAX_DIMS];
    if (!tn_axes_mask(ctx, a, axes, naxes, mask))
        return NULL;
    /* two passes, as NumPy: the mean (kept dims), then the mean squared
       deviation from it */
    Tensor *m = tn_reduce(ctx, TN_RED_MEAN, a, axes, naxes, true);
    if (!m)
        return NULL;
    Tensor *out = reduce_run(ctx, a, mask, m->dtype, SQDEV_LOOP[a->dtype], NULL, m);
    tn_free(ctx, m);
    if (!out)
        return NULL;
    double dof = (double)reduced_count(a, mask) - ddof;
    divide_by(out, dof > 0 ? dof : 0);
    if (!keepdims)
        drop_reduced(out, mask);
    return out;
}

Tensor *tn_std(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, int ddof, bool keepdims)
{
    Tensor *v = tn_var(ctx, a, axes, naxes, ddof, keepdims);
    if (!v)
        return NULL;
    if (v->dtype == TN_F32) {
        float *p = tn_data(v);
        for (int64_t i = 0; i < v->size; i++)
            p[i] = sqrtf(p[i]);
    } else {
        double *p = tn_data(v);
        for (int64_t i = 0; i < v->size; i++)
            p[i] = sqrt(p[i]);
    }
    return v;
}

/* ---- along one axis: arg-reductions and running sums.  The iterator walks
   the positions with the axis taken out; the loop runs along the axis from
   each of them, the axis length and strides coming in aux. */

typedef struct AxisRun {
    int64_t len;
    int64_t in_stride, out_stride;
} AxisRun;

#define ARG_LOOP(NAME, T, BETTER)                                                          \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        const AxisRun *ax = aux;                                                           \
        for (int64_t i = 0; i < n; i++) {                                                  \
            const char *x = p[0] + i * s[0];                                               \
            T best = *(const T *)x;                                                        \
            int64_t bi = 0;                                                                \
            for (int64_t j = 1; j < ax->len && best == best; j++) {                        \
                T v = *(const T *)(x + j * ax->in_stride);                                 \
                if (BETTER(v, best)) {                                                     \
                    best = v;                                                              \
                    bi = j;                                                                \
                }                                                                          \
            }                                                                              \
            *(int64_t *)(p[1] + i * s[1]) = bi;                                            \
        }                                                                                  \
    }
ARG_LOOP(argmin_b1, bool, LT_INT)
ARG_LOOP(argmin_u8, uint8_t, LT_INT)
ARG_LOOP(argmin_i32, int32_t, LT_INT)
ARG_LOOP(argmin_i64, int64_t, LT_INT)
ARG_LOOP(argmin_f32, float, LT_FLT)
ARG_LOOP(argmin_f64, double, LT_FLT)
ARG_LOOP(argmax_b1, bool, GT_INT)
ARG_LOOP(argmax_u8, uint8_t, GT_INT)
ARG_LOOP(argmax_i32, int32_t, GT_INT)
ARG_LOOP(argmax_i64, int64_t, GT_INT)
ARG_LOOP(argmax_f32, float, GT_FLT)
ARG_LOOP(argmax_f64, double, GT_FLT)
static const TnLoopFn ARGMIN[TN_DTYPE_COUNT] = {argmin_b1, argmin_u8, argmin_i32,
                                                argmin_i64, argmin_f32, argmin_f64};
static const TnLoopFn ARGMAX[TN_DTYPE_COUNT] = {argmax_b1, argmax_u8, argmax_i32,
                                                argmax_i64, argmax_f32, argmax_f64};

/*
 * Runs fn from every position of `a` with `axis` taken out, writing to out
 * (shaped like a, or like a with axis of length 1).
 */
static void run_along_axis(const Tensor *a, Tensor *out, int axis, bool out_has_axis, TnLoopFn fn)
{
    int64_t shape[TN_MAX_DIMS], ost[TN_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++) {
        shape[d] = d == axis ? 1 : a->shape[d];
        ost[d] = out->strides[d];
    }
    AxisRun ax = {a->shape[axis], a->strides[axis], out_has_axis ? out->strides[axis] : 0};
    char *ptrs[2] = {tn_data(a), tn_data(out)};
    const int64_t *strides[2] = {a->strides, ost};
    TnIter it;
    tn_iter_init(&it, 2, ptrs, a->ndim, shape, strides, true);
    tn_iter_run(&it, fn, &ax);
}

/* A flat view of a (a copy when a is not contiguous); *owned to free. */
static Tensor *flattened(TnCtx *ctx, const Tensor *a)
{
    Tensor *c = tn_contiguous(ctx, a);
    if (!c)
        return NULL;
    c->shape[0] = a->size;
    c->strides[0] = (int64_t)tn_dtype_size(a->dtype);
    for (int d = 1; d < c->ndim; d++)
        c->shape[d] = c->strides[d] = 0;
    c->ndim = 1;
    return c;
}

static Tensor *arg_reduce(TnCtx *ctx, const Tensor *a, int axis, bool has_axis, bool keepdims,
                          bool is_min)
{
    const char *name = is_min ? "argmin" : "argmax";
    if (!has_axis) {
        if (a->size == 0)
            return empty_reduction_error(ctx, name, a);
        Tensor *flat = flattened(ctx, a);
        if (!flat)
            return NULL;
        Tensor *r = arg_reduce(ctx, flat, 0, true, false, is_min);
        tn_free(ctx, flat);
        if (r && keepdims) {
            r->ndim = a->ndim;
            for (int d = 0; d < a->ndim; d++) {
                r->shape[d] = 1;
                r->strides[d] = 8;
            }
        }
        return r;
    }
    int ax = tn_normalize_axis(ctx, axis, a->ndim, a);
    if (ax < 0)
        return NULL;
    if (a->shape[ax] == 0)
        return empty_reduction_error(ctx, name, a);
    int64_t kshape[TN_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++)
        kshape[d] = d == ax ? 1 : a->shape[d];
    Tensor *out = tn_empty(ctx, TN_I64, a->ndim, kshape);
    if (!out)
        return NULL;
    run_along_axis(a, out, ax, false, is_min ? ARGMIN[a->dtype] : ARGMAX[a->dtype]);
    if (!keepdims) {
        bool mask[TN_MAX_DIMS] = {false};
        mask[ax] = true;
        drop_reduced(out, mask);
    }
    return out;
}

Tensor *tn_argmin(TnCtx *ctx, const Tensor *a, int axis, bool has_axis, bool keepdims)
{
    return arg_reduce(ctx, a, axis, has_axis, keepdims, true);
}

Tensor *tn_argmax(TnCtx *ctx, const Tensor *a, int axis, bool has_axis, bool keepdims)
{
    return arg_reduce(ctx, a, axis, has_axis, keepdims, false);
}

#define CUM_LOOP(NAME, T, A, OP)                                                           \
    static void NAME(char **p, const int64_t *s, int64_t n, void *aux)                     \
    {                                                                                      \
        const AxisRun *ax = aux;                                                           \
        for (int64_t i = 0; i < n; i++) {                                                  \
            const char *x = p[0] + i * s[0];                                               \
            char *o = p[1] + i * s[1];                                                     \
            A acc = (A) * (const T *)x;                                                    \
            *(A *)o = acc;                                                                 \
            for (int64_t j = 1; j < ax->len; j++) {                                        \
                acc = OP(A, acc, (A) * (const T *)(x + j * ax->in_stride));                \
                *(A *)(o + j * ax->out_stride) = acc;                                      \
            }                                                                              \
        }                                                                                  \
    }
#define OP_FADD(A, x, y) ((x) + (y))
#define OP_FMUL(A, x, y) ((x) * (y))
#define OP_IADD(A, x, y) TN_WRAP_ADD(int64_t, uint64_t, x, y)
#define OP_IMUL(A, x, y) TN_WRAP_MUL(int64_t, uint64_t, x, y)
CUM_LOOP(cumsum_b1, bool, int64_t, OP_IADD)
CUM_LOOP(cumsum_u8, uint8_t, int64_t, OP_IADD)
CUM_LOOP(cumsum_i32, int32_t, int64_t, OP_IADD)
CUM_LOOP(cumsum_i64, int64_t, int64_t, OP_IADD)
CUM_LOOP(cumsum_f32, float, float, OP_FADD)
CUM_LOOP(cumsum_f64, double, double, OP_FADD)
CUM_LOOP(cumprod_b1, bool, int64_t, OP_IMUL)
CUM_LOOP(cumprod_u8, uint8_t, int64_t, OP_IMUL)
CUM_LOOP(cumprod_i32, int32_t, int64_t, OP_IMUL)
CUM_LOOP(cumprod_i64, int64_t, int64_t, OP_IMUL)
CUM_LOOP(cumprod_f32, float, float, OP_FMUL)
CUM_LOOP(cumprod_f64, double, double, OP_FMUL)
static const TnLoopFn CUMSUM[TN_DTYPE_COUNT] = {cumsum_b1, cumsum_u8, cumsum_i32,
                                                cumsum_i64, cumsum_f32, cumsum_f64};
static const TnLoopFn CUMPROD[TN_DTYPE_COUNT] = {cumprod_b1, cumprod_u8, cumprod_i32,
                                                 cumprod_i64, cumprod_f32, cumprod_f64};

static Tensor *cumulative(TnCtx *ctx, const Tensor *a, int axis, bool has_axis, bool prod)
{
    if (!has_axis) {
        Tensor *flat = flattened(ctx, a);
        if (!flat)
            return NULL;
        Tensor *r = cumulative(ctx, flat, 0, true, prod);
        tn_free(ctx, flat);
        return r;
    }
    int ax = tn_normalize_axis(ctx, axis, a->ndim, a);
    if (ax < 0)
        return NULL;
    Tensor *out = tn_empty(ctx, sum_dtype(a->dtype), a->ndim, a->shape);
    if (!out || a->size == 0)
        return out;
    run_along_axis(a, out, ax, true, prod ? CUMPROD[a->dtype] : CUMSUM[a->dtype]);
    return out;
}

Tensor *tn_cumsum(TnCtx *ctx, const Tensor *a, int axis, bool has_axis)
{
    return cumulative(ctx, a, axis, has_axis, false);
}

Tensor *tn_cumprod(TnCtx *ctx, const Tensor *a, int axis, bool has_axis)
{
    return cumulative(ctx, a, axis, has_axis, true);
}
