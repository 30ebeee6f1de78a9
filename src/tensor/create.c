/*
 * create.c - ranges, constants, eye/diag, tril/triu, meshgrid and the
 * nested-data builder (see create.h).
 */
#include "create.h"

#include "ops.h"
#include "view.h"

#include <math.h>
#include <string.h>

/* ---- ranges */

Tensor *tn_arange_f64(TnCtx *ctx, double start, double stop, double step, TnDType dt)
{
    if (step == 0)
        return tn_fail(ctx, TN_ERR_VALUE, "arange: step cannot be zero");
    if (!isfinite(start) || !isfinite(stop) || !isfinite(step))
        return tn_fail(ctx, TN_ERR_VALUE, "arange: start, stop and step must be finite");
    double len = ceil((stop - start) / step);
    if (!(len > 0))
        len = 0;
    if (len > 9.0e18)
        return tn_fail(ctx, TN_ERR_MEMORY, "arange: %g elements is too many", len);
    int64_t n = (int64_t)len;
    Tensor *t = tn_empty(ctx, TN_F64, 1, &n);
    if (!t)
        return NULL;
    double *p = tn_data(t);
    /* NumPy fills from the first two values: delta = (start + step) - start */
    double delta = (start + step) - start;
    for (int64_t i = 0; i < n; i++)
        p[i] = i == 0 ? start : i == 1 ? start + step : start + (double)i * delta;
    if (dt == TN_F64)
        return t;
    Tensor *r = tn_astype(ctx, t, dt);
    tn_free(ctx, t);
    return r;
}

Tensor *tn_arange_i64(TnCtx *ctx, int64_t start, int64_t stop, int64_t step, TnDType dt)
{
    if (step == 0)
        return tn_fail(ctx, TN_ERR_VALUE, "arange: step cannot be zero");
    /* the count in unsigned arithmetic: the span may not fit in int64 */
    uint64_t n = 0;
    if (step > 0 && stop > start)
        n = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
    else if (step < 0 && stop < start)
        n = ((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1;
    if (n > (uint64_t)INT64_MAX)
        return tn_fail(ctx, TN_ERR_MEMORY, "arange: too many elements");
    int64_t len = (int64_t)n;
    Tensor *t = tn_empty(ctx, dt, 1, &len);
    if (!t)
        return NULL;
    for (int64_t i = 0; i < len; i++)
        tn_store_i64((char *)tn_data(t) + i * t->strides[0], dt,
                     (int64_t)((uint64_t)start + (uint64_t)i * (uint64_t)step));
    return t;
}

Tensor *tn_linspace(TnCtx *ctx, double start, double stop, int64_t num, bool endpoint, TnDType dt)
{
    if (num < 0)
        return tn_fail(ctx, TN_ERR_VALUE, "linspace: number of samples, %lld, must be non-negative",
                       (long long)num);
    Tensor *t = tn_empty(ctx, TN_F64, 1, &num);
    if (!t)
        return NULL;
    double *p = tn_data(t);
    int64_t div = endpoint ? num - 1 : num;
    double delta = stop - start;
    /* as NumPy: i * step + start, or (i / div) * delta when the step
       underflows to 0; the endpoint is set exactly */
    if (div > 0) {
        double step = delta / (double)div;
        for (int64_t i = 0; i < num; i++)
            p[i] = (step == 0 ? ((double)i / (double)div) * delta : (double)i * step) + start;
    } else {
        for (int64_t i = 0; i < num; i++)
            p[i] = (double)i * delta + start;
    }
    if (endpoint && num > 1)
        p[num - 1] = stop;
    if (dt == TN_F64)
        return t;
    Tensor *r = tn_astype(ctx, t, dt);
    tn_free(ctx, t);
    return r;
}

/* ---- constants */

Tensor *tn_full(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape, double value)
{
    Tensor *t = tn_empty(ctx, dt, ndim, shape);
    if (t && !tn_fill(ctx, t, value)) {
        tn_free(ctx, t);
        return NULL;
    }
    return t;
}

Tensor *tn_ones(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape)
{
    return tn_full(ctx, dt, ndim, shape, 1.0);
}

Tensor *tn_empty_like(TnCtx *ctx, const Tensor *t, TnDType dt)
{
    return tn_empty(ctx, dt, t->ndim, t->shape);
}

Tensor *tn_zeros_like(TnCtx *ctx, const Tensor *t, TnDType dt)
{
    return tn_zeros(ctx, dt, t->ndim, t->shape);
}

Tensor *tn_ones_like(TnCtx *ctx, const Tensor *t, TnDType dt)
{
    return tn_full(ctx, dt, t->ndim, t->shape, 1.0);
}

Tensor *tn_full_like(TnCtx *ctx, const Tensor *t, TnDType dt, double value)
{
    return tn_full(ctx, dt, t->ndim, t->shape, value);
}

/* ---- diagonals and triangles */

Tensor *tn_eye(TnCtx *ctx, int64_t n, int64_t m, int64_t k, TnDType dt)
{
    int64_t shape[2] = {n, m};
    Tensor *t = tn_zeros(ctx, dt, 2, shape);
    if (!t)
        return NULL;
    for (int64_t i = 0; i < n; i++) {
        int64_t j = i + k;
        if (j >= 0 && j < m)
            tn_store_i64((char *)tn_data(t) + i * t->strides[0] + j * t->strides[1], dt, 1);
    }
    return t;
}

Tensor *tn_diag(TnCtx *ctx, const Tensor *v, int64_t k)
{
    if (v->ndim == 1) {
        int64_t len = v->shape[0], ak = k < 0 ? -k : k;
        int64_t n = len + ak;
        int64_t shape[2] = {n, n};
        Tensor *t = tn_zeros(ctx, v->dtype, 2, shape);
        if (!t)
            return NULL;
        Tensor *d = tn_diagonal(ctx, t, k, 0, 1);
        bool ok = d && tn_copy_into(ctx, d, v);
        tn_free(ctx, d);
        if (!ok) {
            tn_free(ctx, t);
            return NULL;
        }
        return t;
    }
    if (v->ndim == 2) {
        Tensor *d = tn_diagonal(ctx, v, k, 0, 1);
        Tensor *c = d ? tn_copy(ctx, d) : NULL;
        tn_free(ctx, d);
        return c;
    }
    char sh[128];
    return tn_fail(ctx, TN_ERR_VALUE, "diag needs a 1-D or 2-D input, got %s",
                   tn_shape_str(sh, sizeof sh, v->dtype, v->ndim, v->shape));
}

static Tensor *triangle(TnCtx *ctx, const Tensor *m, int64_t k, bool lower)
{
    if (m->ndim < 2) {
        char sh[128];
        return tn_fail(ctx, TN_ERR_VALUE, "%s needs at least 2 dimensions, got %s", lower ? "tril" : "triu",
                       tn_shape_str(sh, sizeof sh, m->dtype, m->ndim, m->shape));
    }
    Tensor *t = tn_copy(ctx, m);
    if (!t)
        return NULL;
    int64_t rows = m->shape[m->ndim - 2], cols = m->shape[m->ndim - 1];
    size_t es = tn_dtype_size(m->dtype);
    char *p = tn_data(t);
    for (int64_t f = 0; f < t->size; f++) {
        int64_t j = f % cols, i = (f / cols) % rows;
        bool zero = lower ? j - i > k : j - i < k;
        if (zero)
            memset(p + (size_t)f * es, 0, es);
    }
    return t;
}

Tensor *tn_tril(TnCtx *ctx, const Tensor *m, int64_t k)
{
    return triangle(ctx, m, k, true);
}

Tensor *tn_triu(TnCtx *ctx, const Tensor *m, int64_t k)
{
    return triangle(ctx, m, k, false);
}

bool tn_meshgrid(TnCtx *ctx, int n, const Tensor *const *xs, bool xy, Tensor **out)
{
    if (n < 0 || n > TN_MAX_DIMS) {
        tn_fail(ctx, TN_ERR_VALUE, "meshgrid takes at most %d inputs, got %d", TN_MAX_DIMS, n);
        return false;
    }
    int64_t shape[TN_MAX_DIMS];
    for (int i = 0; i < n; i++)
        shape[i] = xs[i]->size;
    if (xy && n >= 2) {
        shape[0] = xs[1]->size;
        shape[1] = xs[0]->size;
    }
    for (int i = 0; i < n; i++) {
        /* x_i laid along its output axis, broadcast, copied */
        int axis = (xy && n >= 2 && i < 2) ? 1 - i : i;
        int64_t vshape[TN_MAX_DIMS];
        for (int d = 0; d < n; d++)
            vshape[d] = d == axis ? xs[i]->size : 1;
        Tensor *flat = tn_ravel(ctx, xs[i]);
        Tensor *v = flat ? tn_reshape(ctx, flat, n, vshape) : NULL;
        Tensor *r = v ? tn_empty(ctx, xs[i]->dtype, n, shape) : NULL;
        bool ok = r && tn_copy_into(ctx, r, v);
        tn_free(ctx, flat);
        tn_free(ctx, v);
        if (!ok) {
            tn_free(ctx, r);
            for (int j = 0; j < i; j++)
                tn_free(ctx, out[j]);
            return false;
        }
        out[i] = r;
    }
    return true;
}

/* ---- the builder */

void tn_builder_init(TnBuilder *b, TnCtx *ctx)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
    b->leaf_depth = -1;
    for (int d = 0; d < TN_MAX_DIMS; d++)
        b->shape[d] = -1;
    b->dtype = TN_BOOL;
}

void tn_builder_free(TnBuilder *b)
{
    if (b->buf)
        tn_mem_free(b->ctx, b->buf, (size_t)b->cap * 8);
    b->buf = NULL;
    b->n = b->cap = 0;
}

static bool builder_fail(TnBuilder *b)
{
    b->failed = true;
    return false;
}

bool tn_builder_open(TnBuilder *b)
{
    if (b->failed)
        return false;
    if (b->leaf_depth >= 0 && b->depth >= b->leaf_depth) {
        tn_fail(b->ctx, TN_ERR_SHAPE, "ragged nested data: a list at depth %d where other items there are numbers",
                b->depth + 1);
        tn_hint(b->ctx, "every row must have the same nesting; a tensor needs a rectangular shape");
        return builder_fail(b);
    }
    if (b->depth >= TN_MAX_DIMS) {
        tn_fail(b->ctx, TN_ERR_VALUE, "nested data deeper than %d levels", TN_MAX_DIMS);
        return builder_fail(b);
    }
    b->depth++;
    if (b->depth > b->max_depth)
        b->max_depth = b->depth;
    b->count[b->depth] = 0;
    return true;
}

/* The list at depth d (1-based) was found to hold len items. */
static bool builder_length(TnBuilder *b, int d, int64_t len)
{
    if (b->shape[d - 1] < 0) {
        b->shape[d - 1] = len;
        return true;
    }
    if (b->shape[d - 1] != len) {
        tn_fail(b->ctx, TN_ERR_SHAPE, "ragged nested data: a list at depth %d has %lld items, an earlier one has %lld",
                d, (long long)len, (long long)b->shape[d - 1]);
        tn_hint(b->ctx, "every row must have the same length; a tensor needs a rectangular shape");
        return builder_fail(b);
    }
    return true;
}

bool tn_builder_close(TnBuilder *b)
{
    if (b->failed)
        return false;
    if (b->depth == 0) {
        tn_fail(b->ctx, TN_ERR_VALUE, "builder: close without a matching open");
        return builder_fail(b);
    }
    if (!builder_length(b, b->depth, b->count[b->depth]))
        return false;
    b->depth--;
    b->count[b->depth]++;
    return true;
}

/* A value at the current depth: checks the nesting and makes room. */
static bool builder_slot(TnBuilder *b, int leaf_depth)
{
    if (b->failed)
        return false;
    if (b->leaf_depth < 0) {
        if (leaf_depth < b->max_depth) {
            tn_fail(b->ctx, TN_ERR_SHAPE, "ragged nested data: a number at depth %d where other items there are lists",
                    b->depth);
            tn_hint(b->ctx, "every row must have the same nesting; a tensor needs a rectangular shape");
            return builder_fail(b);
        }
        if (leaf_depth > TN_MAX_DIMS) {
            tn_fail(b->ctx, TN_ERR_VALUE, "nested data deeper than %d levels", TN_MAX_DIMS);
            return builder_fail(b);
        }
        b->leaf_depth = leaf_depth;
    } else if (leaf_depth != b->leaf_depth) {
        tn_fail(b->ctx, TN_ERR_SHAPE, "ragged nested data: items of depth %d and %d mixed", leaf_depth,
                b->leaf_depth);
        tn_hint(b->ctx, "every row must have the same nesting; a tensor needs a rectangular shape");
        return builder_fail(b);
    }
    return true;
}

static bool builder_reserve(TnBuilder *b, int64_t more)
{
    if (b->n + more <= b->cap)
        return true;
    int64_t cap = b->cap ? b->cap : 16;
    while (cap < b->n + more)
        cap *= 2;
    void *p = tn_mem_alloc(b->ctx, (size_t)cap * 8);
    if (!p)
        return builder_fail(b);
    if (b->buf) {
        memcpy(p, b->buf, (size_t)b->n * 8);
        tn_mem_free(b->ctx, b->buf, (size_t)b->cap * 8);
    }
    b->buf = p;
    b->cap = cap;
    return true;
}

/* Moves the buffer to doubles when a float arrives after integers. */
static void builder_to_float(TnBuilder *b, TnDType dt)
{
    if (tn_dtype_is_float(dt) && !tn_dtype_is_float(b->dtype)) {
        int64_t *ip = b->buf;
        double *fp = b->buf;
        for (int64_t i = 0; i < b->n; i++) {
            double v = (double)ip[i];
            fp[i] = v;
        }
    }
    b->dtype = b->any ? tn_promote(b->dtype, false, dt, false) : dt;
    b->any = true;
}

static bool builder_push_value(TnBuilder *b, TnDType dt, double fv, int64_t iv)
{
    if (!builder_slot(b, b->depth) || !builder_reserve(b, 1))
        return false;
    builder_to_float(b, dt);
    if (tn_dtype_is_float(b->dtype))
        ((double *)b->buf)[b->n++] = tn_dtype_is_float(dt) ? fv : (double)iv;
    else
        ((int64_t *)b->buf)[b->n++] = iv;
    b->count[b->depth]++;
    return true;
}

bool tn_builder_push_f64(TnBuilder *b, double v)
{
    return builder_push_value(b, TN_F64, v, 0);
}

bool tn_builder_push_i64(TnBuilder *b, int64_t v)
{
    return builder_push_value(b, TN_I64, 0, v);
}

bool tn_builder_push_bool(TnBuilder *b, bool v)
{
    return builder_push_value(b, TN_BOOL, 0, v);
}

bool tn_builder_push_tensor(TnBuilder *b, const Tensor *t)
{
    if (b->failed)
        return false;
    if (b->max_depth < b->depth + t->ndim)
        b->max_depth = b->depth + t->ndim;
    if (!builder_slot(b, b->depth + t->ndim))
        return false;
    for (int k = 0; k < t->ndim; k++)
        if (!builder_length(b, b->depth + 1 + k, t->shape[k]))
            return false;
    if (!builder_reserve(b, t->size))
        return false;
    builder_to_float(b, t->dtype);
    bool fl = tn_dtype_is_float(b->dtype);
    for (int64_t i = 0; i < t->size; i++) {
        if (fl)
            ((double *)b->buf)[b->n + i] = tn_get_f64(t, i);
        else
            ((int64_t *)b->buf)[b->n + i] = tn_get_i64(t, i);
    }
    b->n += t->size;
    b->count[b->depth]++;
    return true;
}

Tensor *tn_builder_finish(TnBuilder *b, int force)
{
    Tensor *t = NULL;
    if (b->failed)
        goto done;
    if (b->depth != 0) {
        tn_fail(b->ctx, TN_ERR_VALUE, "builder: %d lists left open", b->depth);
        goto done;
    }
    /* no numbers at all ([] or [[], []]): the shape is what the lists
       had, the dtype NumPy's float64 */
    int ndim = b->leaf_depth >= 0 ? b->leaf_depth : b->max_depth;
    int64_t shape[TN_MAX_DIMS];
    for (int d = 0; d < ndim; d++)
        shape[d] = b->shape[d] < 0 ? 0 : b->shape[d];
    TnDType dt = b->any ? b->dtype : TN_F64;
    if (force >= 0 && force < TN_DTYPE_COUNT)
        dt = (TnDType)force;
    t = tn_empty(b->ctx, dt, ndim, shape);
    if (!t)
        goto done;
    bool fl = tn_dtype_is_float(b->dtype) && b->any;
    for (int64_t i = 0; i < t->size && i < b->n; i++) {
        char *p = (char *)tn_data(t) + (size_t)i * tn_dtype_size(dt);
        if (fl)
            tn_store_f64(p, dt, ((double *)b->buf)[i]);
        else
            tn_store_i64(p, dt, ((int64_t *)b->buf)[i]);
    }
done:
    tn_builder_free(b);
    return t;
}
