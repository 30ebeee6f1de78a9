/*
 * sort.c - sort, argsort, unique, searchsorted.
 *
 * Each lane (the elements along the sorted axis at one index of the other
 * axes) is gathered into a buffer through the strides, so views need no
 * copy first, sorted there by a stable bottom-up merge sort (insertion sort
 * on short runs), and scattered into the C-contiguous result.  The
 * comparison is the one place NaN is handled: a NaN is "greater" than every
 * number and equal to other NaNs, which puts NaNs last as NumPy does.  The
 * type-specific code is stamped out once per storage type by SORT_FUNCS.
 */
#include "sort.h"

#include <string.h>

#define RUN 24  /* runs sorted by insertion before merging */

#define PLAIN_LESS(a, b) ((a) < (b))
#define FLOAT_LESS(a, b) ((a) < (b) || ((b) != (b) && (a) == (a)))

typedef void (*LaneFn)(const char *src, int64_t sstride, char *dst, int64_t dstride, int64_t n,
                       void *work);
typedef int64_t (*SearchFn)(const char *a, int64_t n, const char *v, bool right);
typedef bool (*SameFn)(const char *base, int64_t i, int64_t j);

#define SORT_FUNCS(NAME, T, LESS)                                                            \
    /* stable: an element moves left only past strictly greater ones */                      \
    static void NAME##_msort(T *a, T *tmp, int64_t n)                                        \
    {                                                                                        \
        for (int64_t lo = 0; lo < n; lo += RUN) {                                            \
            int64_t hi = lo + RUN < n ? lo + RUN : n;                                        \
            for (int64_t i = lo + 1; i < hi; i++) {                                          \
                T x = a[i];                                                                  \
                int64_t j = i;                                                               \
                for (; j > lo && LESS(x, a[j - 1]); j--)                                     \
                    a[j] = a[j - 1];                                                         \
                a[j] = x;                                                                    \
            }                                                                                \
        }                                                                                    \
        for (int64_t w = RUN; w < n; w *= 2)                                                 \
            for (int64_t lo = 0; lo + w < n; lo += 2 * w) {                                  \
                int64_t mid = lo + w, hi = lo + 2 * w < n ? lo + 2 * w : n;                  \
                if (!LESS(a[mid], a[mid - 1]))                                               \
                    continue; /* already in order */                                         \
                memcpy(tmp, a + lo, (size_t)(mid - lo) * sizeof(T));                         \
                int64_t i = 0, j = mid, k = lo, nl = mid - lo;                               \
                while (i < nl && j < hi)                                                     \
                    a[k++] = LESS(a[j], tmp[i]) ? a[j++] : tmp[i++];                         \
                while (i < nl)                                                               \
                    a[k++] = tmp[i++];                                                       \
            }                                                                                \
    }                                                                                        \
    static void NAME##_margsort(const T *key, int64_t *ix, int64_t *tmp, int64_t n)          \
    {                                                                                        \
        for (int64_t lo = 0; lo < n; lo += RUN) {                                            \
            int64_t hi = lo + RUN < n ? lo + RUN : n;                                        \
            for (int64_t i = lo + 1; i < hi; i++) {                                          \
                int64_t x = ix[i];                                                           \
                int64_t j = i;                                                               \
                for (; j > lo && LESS(key[x], key[ix[j - 1]]); j--)                          \
                    ix[j] = ix[j - 1];                                                       \
                ix[j] = x;                                                                   \
            }                                                                                \
        }                                                                                    \
        for (int64_t w = RUN; w < n; w *= 2)                                                 \
            for (int64_t lo = 0; lo + w < n; lo += 2 * w) {                                  \
                int64_t mid = lo + w, hi = lo + 2 * w < n ? lo + 2 * w : n;                  \
                if (!LESS(key[ix[mid]], key[ix[mid - 1]]))                                   \
                    continue;                                                                \
                memcpy(tmp, ix + lo, (size_t)(mid - lo) * sizeof(int64_t));                  \
                int64_t i = 0, j = mid, k = lo, nl = mid - lo;                               \
                while (i < nl && j < hi)                                                     \
                    ix[k++] = LESS(key[ix[j]], key[tmp[i]]) ? ix[j++] : tmp[i++];            \
                while (i < nl)                                                               \
                    ix[k++] = tmp[i++];                                                      \
            }                                                                                \
    }                                                                                        \
    /* work: 2 n elements */                                                                 \
    static void NAME##_sort_lane(const char *src, int64_t ss, char *dst, int64_t ds,         \
                                 int64_t n, void *work)                                      \
    {                                                                                        \
        T *buf = work, *tmp = buf + n;                                                       \
        for (int64_t i = 0; i < n; i++)                                                      \
            memcpy(&buf[i], src + i * ss, sizeof(T));                                        \
        NAME##_msort(buf, tmp, n);                                                           \
        for (int64_t i = 0; i < n; i++)                                                      \
            memcpy(dst + i * ds, &buf[i], sizeof(T));                                        \
    }                                                                                        \
    /* work: 2 n indices then n elements */                                                  \
    static void NAME##_argsort_lane(const char *src, int64_t ss, char *dst, int64_t ds,      \
                                    int64_t n, void *work)                                   \
    {                                                                                        \
        int64_t *ix = work, *tmp = ix + n;                                                   \
        T *key = (T *)(tmp + n);                                                             \
        for (int64_t i = 0; i < n; i++) {                                                    \
            memcpy(&key[i], src + i * ss, sizeof(T));                                        \
            ix[i] = i;                                                                       \
        }                                                                                    \
        NAME##_margsort(key, ix, tmp, n);                                                    \
        for (int64_t i = 0; i < n; i++)                                                      \
            memcpy(dst + i * ds, &ix[i], sizeof(int64_t));                                   \
    }                                                                                        \
    static int64_t NAME##_search(const char *a, int64_t n, const char *vp, bool right)       \
    {                                                                                        \
        T v;                                                                                 \
        memcpy(&v, vp, sizeof v);                                                            \
        int64_t lo = 0, hi = n;                                                              \
        while (lo < hi) {                                                                    \
            int64_t mid = lo + (hi - lo) / 2;                                                \
            T m;                                                                             \
            memcpy(&m, a + mid * (int64_t)sizeof(T), sizeof m);                              \
            if (right ? !LESS(v, m) : LESS(m, v))                                            \
                lo = mid + 1;                                                                \
            else                                                                             \
                hi = mid;                                                                    \
        }                                                                                    \
        return lo;                                                                           \
    }                                                                                        \
    static bool NAME##_same(const char *base, int64_t i, int64_t j)                          \
    {                                                                                        \
        T a, b;                                                                              \
        memcpy(&a, base + i * (int64_t)sizeof(T), sizeof a);                                 \
        memcpy(&b, base + j * (int64_t)sizeof(T), sizeof b);                                 \
        return !LESS(a, b) && !LESS(b, a);                                                   \
    }

SORT_FUNCS(u8, uint8_t, PLAIN_LESS)
SORT_FUNCS(i32, int32_t, PLAIN_LESS)
SORT_FUNCS(i64, int64_t, PLAIN_LESS)
SORT_FUNCS(f32, float, FLOAT_LESS)
SORT_FUNCS(f64, double, FLOAT_LESS)

typedef struct SortOps {
    LaneFn sort_lane, argsort_lane;
    SearchFn search;
    SameFn same;
} SortOps;

#define SORT_OPS(NAME) {NAME##_sort_lane, NAME##_argsort_lane, NAME##_search, NAME##_same}

/* bool is stored as one byte holding 0 or 1: it sorts as u8. */
static const SortOps sort_ops[] = {
    [TN_BOOL] = SORT_OPS(u8), [TN_U8] = SORT_OPS(u8),   [TN_I32] = SORT_OPS(i32),
    [TN_I64] = SORT_OPS(i64), [TN_F32] = SORT_OPS(f32), [TN_F64] = SORT_OPS(f64),
};
_Static_assert(sizeof sort_ops / sizeof sort_ops[0] == TN_DTYPE_COUNT,
               "one sort_ops entry per dtype");

/* ---- sort and argsort along an axis */

/* Resolves axis for x; TN_SORT_AXIS_NONE gives a flattened view of a
   contiguous copy in *flat (which the caller frees) and axis 0. */
static bool resolve_axis(TnCtx *ctx, const char *fn, const Tensor *x, int *axis, Tensor **flat)
{
    *flat = NULL;
    if (*axis == TN_SORT_AXIS_NONE) {
        Tensor *c = tn_contiguous(ctx, x);
        if (!c)
            return false;
        int64_t n = x->size, stride = (int64_t)tn_dtype_size(x->dtype);
        *flat = tn_view_as(ctx, c, 1, &n, &stride, c->offset);
        tn_free(ctx, c);
        *axis = 0;
        return *flat != NULL;
    }
    if (*axis < -x->ndim || *axis >= x->ndim) {
        char s[128];
        tn_shape_str(s, sizeof s, x->dtype, x->ndim, x->shape);
        tn_fail(ctx, TN_ERR_INDEX, "%s: axis %d is out of range for %s", fn, *axis, s);
        tn_detail(ctx, x, NULL, -1000);
        if (x->ndim == 0)
            tn_hint(ctx, "a 0-d tensor has no axis to sort along; axis=None flattens it");
        return false;
    }
    if (*axis < 0)
        *axis += x->ndim;
    return true;
}

static Tensor *sort_along(TnCtx *ctx, const char *fn, const Tensor *x, int axis, bool arg)
{
    Tensor *flat;
    if (!resolve_axis(ctx, fn, x, &axis, &flat))
        return NULL;
    const Tensor *in = flat ? flat : x;
    Tensor *out = tn_empty(ctx, arg ? TN_I64 : in->dtype, in->ndim, in->shape);
    if (!out) {
        tn_free(ctx, flat);
        return NULL;
    }
    int64_t n = in->shape[axis];
    if (in->size == 0 || n == 0) {
        tn_free(ctx, flat);
        return out;
    }
    size_t es = tn_dtype_size(in->dtype);
    size_t work_bytes = arg ? (size_t)n * (2 * sizeof(int64_t) + es) : (size_t)n * 2 * es;
    void *work = tn_mem_alloc(ctx, work_bytes);
    if (!work) {
        tn_free(ctx, flat);
        tn_free(ctx, out);
        return NULL;
    }
    const SortOps *ops = &sort_ops[in->dtype];
    LaneFn lane = arg ? ops->argsort_lane : ops->sort_lane;
    /* odometer over every axis but `axis` */
    int64_t idx[TN_MAX_DIMS] = {0}, soff = 0, doff = 0, nlanes = in->size / n;
    const char *src = tn_data(in);
    char *dst = tn_data(out);
    for (int64_t l = 0; l < nlanes; l++) {
        lane(src + soff, in->strides[axis], dst + doff, out->strides[axis], n, work);
        for (int d = in->ndim - 1; d >= 0; d--) {
            if (d == axis)
                continue;
            soff += in->strides[d];
            doff += out->strides[d];
            if (++idx[d] < in->shape[d])
                break;
            soff -= in->strides[d] * in->shape[d];
            doff -= out->strides[d] * in->shape[d];
            idx[d] = 0;
        }
    }
    tn_mem_free(ctx, work, work_bytes);
    tn_free(ctx, flat);
    return out;
}

Tensor *tn_sort(TnCtx *ctx, const Tensor *x, int axis)
{
    return sort_along(ctx, "sort", x, axis, false);
}

Tensor *tn_argsort(TnCtx *ctx, const Tensor *x, int axis)
{
    return sort_along(ctx, "argsort", x, axis, true);
}

/* ---- unique */
void tn_unique_free(TnCtx *ctx, TnUnique *u)
{
    tn_free(ctx, u->values);
    tn_free(ctx, u->index);
    tn_free(ctx, u->inverse);
    tn_free(ctx, u->counts);
    memset(u, 0, sizeof *u);
}

bool tn_unique(TnCtx *ctx, const Tensor *x, bool return_index, bool return_inverse,
               bool return_counts, TnUnique *out)
{
    memset(out, 0, sizeof *out);
    /* A stable argsort of the flattened x: equal values become runs, each
       run in original order, so its first element is the first occurrence. */
    Tensor *c = tn_contiguous(ctx, x);
    Tensor *perm = c ? tn_argsort(ctx, c, TN_SORT_AXIS_NONE) : NULL;
    if (!perm) {
        tn_free(ctx, c);
        return false;
    }
    const SortOps *ops = &sort_ops[x->dtype];
    const char *v = tn_data(c);
    const int64_t *p = tn_data(perm);
    int64_t n = x->size, k = 0;
    for (int64_t i = 0; i < n; i++)
        k += i == 0 || !ops->same(v, p[i - 1], p[i]);
    size_t es = tn_dtype_size(x->dtype);
    bool ok = (out->values = tn_empty(ctx, x->dtype, 1, &k)) != NULL;
    if (ok && return_index)
        ok = (out->index = tn_empty(ctx, TN_I64, 1, &k)) != NULL;
    if (ok && return_counts)
        ok = (out->counts = tn_empty(ctx, TN_I64, 1, &k)) != NULL;
    if (ok && return_inverse)
        ok = (out->inverse = tn_empty(ctx, TN_I64, x->ndim, x->shape)) != NULL;
    if (!ok) {
        tn_unique_free(ctx, out);
        tn_free(ctx, perm);
        tn_free(ctx, c);
        return false;
    }
    int64_t g = -1;
    for (int64_t i = 0; i < n; i++) {
        if (i == 0 || !ops->same(v, p[i - 1], p[i])) {
            g++;
            memcpy((char *)tn_data(out->values) + g * (int64_t)es, v + p[i] * (int64_t)es, es);
            if (out->index)
                ((int64_t *)tn_data(out->index))[g] = p[i];
            if (out->counts)
                ((int64_t *)tn_data(out->counts))[g] = 0;
        }
        if (out->counts)
            ((int64_t *)tn_data(out->counts))[g]++;
        if (out->inverse)
            ((int64_t *)tn_data(out->inverse))[p[i]] = g;
    }
    tn_free(ctx, perm);
    tn_free(ctx, c);
    return true;
}

/* ---- searchsorted */
Tensor *tn_searchsorted(TnCtx *ctx, const Tensor *a, const Tensor *v, bool right)
{
    if (a->ndim != 1) {
        char s[128];
        tn_shape_str(s, sizeof s, a->dtype, a->ndim, a->shape);
        tn_fail(ctx, TN_ERR_SHAPE, "searchsorted: a must be 1-D (sorted), got %s", s);
        tn_detail(ctx, a, NULL, -1000);
        return NULL;
    }
    TnDType dt = tn_promote(a->dtype, a->weak, v->dtype, v->weak);
    Tensor *ac = a->dtype == dt ? tn_contiguous(ctx, a) : tn_astype(ctx, a, dt);
    Tensor *vc = ac ? (v->dtype == dt ? tn_contiguous(ctx, v) : tn_astype(ctx, v, dt)) : NULL;
    Tensor *out = vc ? tn_empty(ctx, TN_I64, v->ndim, v->shape) : NULL;
    if (out) {
        SearchFn search = sort_ops[dt].search;
        size_t es = tn_dtype_size(dt);
        const char *ad = tn_data(ac), *vd = tn_data(vc);
        int64_t *o = tn_data(out);
        for (int64_t i = 0; i < vc->size; i++)
            o[i] = search(ad, a->shape[0], vd + i * (int64_t)es, right);
    }
    tn_free(ctx, ac);
    tn_free(ctx, vc);
    return out;
}
