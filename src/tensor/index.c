/*
 * index.c - NumPy indexing (see index.h).
 *
 * An index is turned into a plan: a view V of x in which every slice and
 * None has been applied and every advanced index (array or, alongside
 * arrays, integer) still owns one axis of V; plus the broadcast shape B of
 * the index arrays and, for each position b of B, the byte offset the
 * advanced indices add.  Reading copies, for each b, the block of V's
 * remaining axes at that offset into the result; writing copies the other
 * way.
 */
#include "index.h"

#include "iter.h"

#include <stdio.h>
#include <string.h>

TnIndex tn_idx_int(int64_t i)
{
    TnIndex x = {.kind = TN_IDX_INT, .i = i};
    return x;
}

TnIndex tn_idx_slice(TnSlice s)
{
    TnIndex x = {.kind = TN_IDX_SLICE, .slice = s};
    return x;
}

TnIndex tn_idx_all(void)
{
    TnIndex x = {.kind = TN_IDX_SLICE};
    return x;
}

TnIndex tn_idx_range(int64_t start, int64_t stop, int64_t step)
{
    TnSlice s = {start, stop, step, true, true, true};
    return tn_idx_slice(s);
}

TnIndex tn_idx_newaxis(void)
{
    TnIndex x = {.kind = TN_IDX_NEWAXIS};
    return x;
}

TnIndex tn_idx_ellipsis(void)
{
    TnIndex x = {.kind = TN_IDX_ELLIPSIS};
    return x;
}

TnIndex tn_idx_tensor(const Tensor *t)
{
    TnIndex x = {.kind = TN_IDX_TENSOR, .tensor = t};
    return x;
}

/* ---- nonzero */

bool tn_nonzero(TnCtx *ctx, const Tensor *t, Tensor **out)
{
    int nd = t->ndim > 0 ? t->ndim : 1;
    int64_t count = 0;
    for (int64_t i = 0; i < t->size; i++)
        count += tn_get_f64(t, i) != 0;
    for (int d = 0; d < nd; d++) {
        out[d] = tn_empty(ctx, TN_I64, 1, &count);
        if (!out[d]) {
            for (int k = 0; k < d; k++)
                tn_free(ctx, out[k]);
            return false;
        }
    }
    int64_t idx[TN_MAX_DIMS] = {0}, k = 0;
    for (int64_t i = 0; i < t->size; i++) {
        if (tn_get_f64(t, i) != 0) {
            for (int d = 0; d < nd; d++)
                ((int64_t *)tn_data(out[d]))[k] = t->ndim ? idx[d] : 0;
            k++;
        }
        for (int d = t->ndim - 1; d >= 0; d--) {
            if (++idx[d] < t->shape[d])
                break;
            idx[d] = 0;
        }
    }
    return true;
}

/* ---- the plan */

typedef struct Adv {
    int vaxis;                  /* the axis of V it indexes */
    bool scalar;                /* an integer alongside arrays */
    int64_t value;              /* the scalar, normalised */
    Tensor *arr;                /* i64 index values, normalised; owned */
} Adv;

typedef struct Plan {
    int vnd;
    int64_t vshape[TN_MAX_DIMS], vstrides[TN_MAX_DIMS], voff;
    int nadv;
    Adv adv[TN_MAX_DIMS];
    /* advanced part */
    int bnd;
    int64_t bshape[TN_MAX_DIMS], bsize;
    bool adjacent;
    int ond;
    int64_t oshape[TN_MAX_DIMS];
    int64_t *adv_off;           /* bsize offsets; owned */
} Plan;

static void plan_free(TnCtx *ctx, Plan *P)
{
    for (int k = 0; k < P->nadv; k++)
        tn_free(ctx, P->adv[k].arr);
    if (P->adv_off)
        tn_mem_free(ctx, P->adv_off, (size_t)(P->bsize > 0 ? P->bsize : 1) * sizeof(int64_t));
    P->nadv = 0;
    P->adv_off = NULL;
}

static bool out_of_range(TnCtx *ctx, const Tensor *x, int axis, int64_t i, bool from_array)
{
    char sh[128];
    tn_fail(ctx, TN_ERR_INDEX, "index %lld is out of range for axis %d with length %lld (tensor %s)%s",
            (long long)i, axis, (long long)x->shape[axis],
            tn_shape_str(sh, sizeof sh, x->dtype, x->ndim, x->shape), from_array ? ", in an index array" : "");
    tn_detail(ctx, x, NULL, axis);
    if (x->shape[axis] > 0)
        tn_hint(ctx, "valid indices are 0..%lld, or -%lld..-1 counting from the end",
                (long long)(x->shape[axis] - 1), (long long)x->shape[axis]);
    else
        tn_hint(ctx, "axis %d is empty: there is nothing to index", axis);
    return false;
}

static bool add_vaxis(TnCtx *ctx, Plan *P, int64_t len, int64_t stride)
{
    if (P->vnd >= TN_MAX_DIMS) {
        tn_fail(ctx, TN_ERR_INDEX, "the index makes more than %d dimensions", TN_MAX_DIMS);
        return false;
    }
    P->vshape[P->vnd] = len;
    P->vstrides[P->vnd] = stride;
    P->vnd++;
    return true;
}

/* An index array for input axis `axis` (len): i64 values in range. */
static Tensor *index_array(TnCtx *ctx, const Tensor *x, int axis, const Tensor *arr)
{
    Tensor *c = tn_astype(ctx, arr, TN_I64);
    if (!c)
        return NULL;
    int64_t len = x->shape[axis], *p = tn_data(c);
    for (int64_t i = 0; i < c->size; i++) {
        int64_t v = p[i];
        if (v < -len || v >= len) {
            out_of_range(ctx, x, axis, v, true);
            tn_free(ctx, c);
            return NULL;
        }
        p[i] = v < 0 ? v + len : v;
    }
    return c;
}

static bool add_adv(TnCtx *ctx, Plan *P, Tensor *arr, bool scalar, int64_t value)
{
    if (P->nadv >= TN_MAX_DIMS) {
        tn_free(ctx, arr);
        tn_fail(ctx, TN_ERR_INDEX, "too many index arrays");
        return false;
    }
    Adv *a = &P->adv[P->nadv++];
    a->vaxis = P->vnd - 1;
    a->scalar = scalar;
    a->value = value;
    a->arr = arr;
    return true;
}

static bool build_plan(TnCtx *ctx, const Tensor *x, int n, const TnIndex *idx, Plan *P)
{
    memset(P, 0, sizeof *P);
    int consumed = 0, nell = 0;
    bool has_adv = false;
    for (int i = 0; i < n; i++) {
        switch (idx[i].kind) {
        case TN_IDX_INT:
        case TN_IDX_SLICE:
            consumed++;
            break;
        case TN_IDX_ELLIPSIS:
            nell++;
            break;
        case TN_IDX_NEWAXIS:
            break;
        case TN_IDX_TENSOR: {
            const Tensor *t = idx[i].tensor;
            if (t->dtype == TN_BOOL) {
                consumed += t->ndim;
            } else if (tn_dtype_is_int(t->dtype)) {
                consumed++;
            } else {
                char sh[128];
                tn_fail(ctx, TN_ERR_INDEX, "index arrays must be integer or bool tensors, got %s",
                        tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape));
                tn_detail(ctx, t, NULL, -1000);
                tn_hint(ctx, "convert the index first, e.g. idx.astype(i64)");
                return false;
            }
            has_adv = true;
            break;
        }
        default:
            tn_fail(ctx, TN_ERR_INDEX, "unknown index kind %d", (int)idx[i].kind);
            return false;
        }
    }
    char sh[128];
    if (nell > 1) {
        tn_fail(ctx, TN_ERR_INDEX, "an index can only have a single ellipsis ('...')");
        return false;
    }
    if (consumed > x->ndim) {
        tn_fail(ctx, TN_ERR_INDEX, "too many indices: the tensor %s has %d dimension%s, %d were indexed",
                tn_shape_str(sh, sizeof sh, x->dtype, x->ndim, x->shape), x->ndim, x->ndim == 1 ? "" : "s",
                consumed);
        tn_detail(ctx, x, NULL, -1000);
        return false;
    }
    int ax = 0;
    P->voff = x->offset;
    for (int i = 0; i < n; i++) {
        const TnIndex *ix = &idx[i];
        switch (ix->kind) {
        case TN_IDX_ELLIPSIS:
            for (int k = 0; k < x->ndim - consumed; k++, ax++)
                if (!add_vaxis(ctx, P, x->shape[ax], x->strides[ax]))
                    return false;
            break;
        case TN_IDX_NEWAXIS:
            if (!add_vaxis(ctx, P, 1, 0))
                return false;
            break;
        case TN_IDX_SLICE: {
            int64_t start, count, step;
            if (!tn_slice_resolve(ctx, &ix->slice, x->shape[ax], &start, &count, &step))
                return false;
            if (count > 0)
                P->voff += start * x->strides[ax];
            if (!add_vaxis(ctx, P, count, x->strides[ax] * step))
                return false;
            ax++;
            break;
        }
        case TN_IDX_INT: {
            int64_t v = ix->i, len = x->shape[ax];
            if (v < -len || v >= len)
                return out_of_range(ctx, x, ax, v, false);
            if (v < 0)
                v += len;
            if (has_adv) {
                if (!add_vaxis(ctx, P, len, x->strides[ax]) || !add_adv(ctx, P, NULL, true, v))
                    return false;
            } else {
                P->voff += v * x->strides[ax];
            }
            ax++;
            break;
        }
        case TN_IDX_TENSOR: {
            const Tensor *t = ix->tensor;
            if (t->dtype != TN_BOOL) {
                Tensor *arr = index_array(ctx, x, ax, t);
                if (!arr)
                    return false;
                if (!add_vaxis(ctx, P, x->shape[ax], x->strides[ax])) {
                    tn_free(ctx, arr);
                    return false;
                }
                if (!add_adv(ctx, P, arr, false, 0))   /* frees arr on failure */
                    return false;
                ax++;
                break;
            }
            /* a mask: its shape must match the axes it covers */
            for (int k = 0; k < t->ndim; k++)
                if (t->shape[k] != x->shape[ax + k]) {
                    char ms[128];
                    tn_fail(ctx, TN_ERR_INDEX,
                            "boolean index does not match the tensor along axis %d: the tensor %s has %lld, the mask %s has %lld",
                            ax + k, tn_shape_str(sh, sizeof sh, x->dtype, x->ndim, x->shape),
                            (long long)x->shape[ax + k], tn_shape_str(ms, sizeof ms, t->dtype, t->ndim, t->shape),
                            (long long)t->shape[k]);
                    tn_detail(ctx, x, t, ax + k);
                    tn_hint(ctx, "a mask must have the shape of the axes it selects from, e.g. x[x > 0]");
                    return false;
                }
            Tensor *nz[TN_MAX_DIMS];
            if (!tn_nonzero(ctx, t, nz))
                return false;
            if (t->ndim == 0) {
                /* x[True] / x[False]: a new axis of length 1 or 0 */
                if (!add_vaxis(ctx, P, 1, 0)) {
                    tn_free(ctx, nz[0]);
                    return false;
                }
                if (!add_adv(ctx, P, nz[0], false, 0))
                    return false;
                break;
            }
            for (int k = 0; k < t->ndim; k++) {
                if (!add_vaxis(ctx, P, x->shape[ax], x->strides[ax])) {
                    for (int j = k; j < t->ndim; j++)
                        tn_free(ctx, nz[j]);
                    return false;
                }
                ax++;
                if (!add_adv(ctx, P, nz[k], false, 0)) {
                    for (int j = k + 1; j < t->ndim; j++)
                        tn_free(ctx, nz[j]);
                    return false;
                }
            }
            break;
        }
        default:
            break;
        }
    }
    for (; ax < x->ndim; ax++)
        if (!add_vaxis(ctx, P, x->shape[ax], x->strides[ax]))
            return false;
    if (!has_adv)
        return true;

    /* broadcast the index arrays */
    const Tensor *arrs[TN_MAX_DIMS];
    int na = 0;
    for (int k = 0; k < P->nadv; k++)
        if (!P->adv[k].scalar)
            arrs[na++] = P->adv[k].arr;
    if (!tn_broadcast_shapes(ctx, na, arrs, &P->bnd, P->bshape)) {
        char msg[512];
        snprintf(msg, sizeof msg, "shape mismatch: index arrays could not be broadcast together (%.400s)", ctx->msg);
        tn_fail(ctx, TN_ERR_INDEX, "%s", msg);
        return false;
    }
    P->bsize = 1;
    for (int d = 0; d < P->bnd; d++)
        P->bsize *= P->bshape[d];
    P->adjacent = true;
    for (int k = 1; k < P->nadv; k++)
        if (P->adv[k].vaxis != P->adv[k - 1].vaxis + 1)
            P->adjacent = false;
    /* result shape: B in place of the advanced axes, or in front */
    int first = P->adv[0].vaxis, last = P->adv[P->nadv - 1].vaxis;
    P->ond = 0;
    if (P->vnd - P->nadv + P->bnd > TN_MAX_DIMS) {
        tn_fail(ctx, TN_ERR_INDEX, "the index makes more than %d dimensions", TN_MAX_DIMS);
        return false;
    }
    if (P->adjacent) {
        for (int d = 0; d < first; d++)
            P->oshape[P->ond++] = P->vshape[d];
        for (int d = 0; d < P->bnd; d++)
            P->oshape[P->ond++] = P->bshape[d];
        for (int d = last + 1; d < P->vnd; d++)
            P->oshape[P->ond++] = P->vshape[d];
    } else {
        for (int d = 0; d < P->bnd; d++)
            P->oshape[P->ond++] = P->bshape[d];
        for (int d = 0, k = 0; d < P->vnd; d++) {
            if (k < P->nadv && P->adv[k].vaxis == d) {
                k++;
                continue;
            }
            P->oshape[P->ond++] = P->vshape[d];
        }
    }
    /* offsets the advanced indices add, for every position of B */
    P->adv_off = tn_mem_alloc(ctx, (size_t)(P->bsize > 0 ? P->bsize : 1) * sizeof(int64_t));
    if (!P->adv_off)
        return false;
    for (int64_t b = 0; b < P->bsize; b++)
        P->adv_off[b] = 0;
    for (int k = 0; k < P->nadv; k++) {
        const Adv *a = &P->adv[k];
        int64_t vs = P->vstrides[a->vaxis];
        if (a->scalar) {
            for (int64_t b = 0; b < P->bsize; b++)
                P->adv_off[b] += a->value * vs;
            continue;
        }
        int64_t st[TN_MAX_DIMS], bi[TN_MAX_DIMS] = {0}, off = 0;
        tn_broadcast_strides(a->arr, P->bnd, P->bshape, st);
        const char *base = tn_data(a->arr);
        for (int64_t b = 0; b < P->bsize; b++) {
            P->adv_off[b] += *(const int64_t *)(base + off) * vs;
            for (int d = P->bnd - 1; d >= 0; d--) {
                off += st[d];
                if (++bi[d] < P->bshape[d])
                    break;
                off -= st[d] * P->bshape[d];
                bi[d] = 0;
            }
        }
    }
    return true;
}

/* ---- moving blocks */

#define COPY_LOOP(T)                                                                       \
    static void copy_##T(char **p, const int64_t *s, int64_t n, void *aux)                 \
    {                                                                                      \
        (void)aux;                                                                         \
        char *d = p[0];                                                                    \
        const char *x = p[1];                                                              \
        for (int64_t i = 0; i < n; i++, d += s[0], x += s[1])                              \
            *(T *)d = *(const T *)x;                                                       \
    }
COPY_LOOP(uint8_t)
COPY_LOOP(uint32_t)
COPY_LOOP(uint64_t)

static TnLoopFn copy_loop(size_t es)
{
    return es == 1 ? copy_uint8_t : es == 4 ? copy_uint32_t : copy_uint64_t;
}

/*
 * For every b: the block of V's non-advanced axes at V offset adv_off[b]
 * and the matching block of the result-shaped tensor r.  to_r: read into r
 * (get), else write r into V (set).  Both have x's dtype.
 */
static void move_blocks(const Plan *P, char *vbase, Tensor *r, bool to_r)
{
    size_t es = tn_dtype_size(r->dtype);
    /* the rest axes of V, and where they sit in r */
    int64_t rshape[TN_MAX_DIMS], vst[TN_MAX_DIMS], rst[TN_MAX_DIMS];
    int nrest = 0;
    int rpos = P->adjacent ? 0 : P->bnd;
    for (int d = 0, k = 0; d < P->vnd; d++) {
        if (k < P->nadv && P->adv[k].vaxis == d) {
            k++;
            if (P->adjacent && k == P->nadv)
                rpos += P->bnd;     /* skip B in r */
            continue;
        }
        rshape[nrest] = P->vshape[d];
        vst[nrest] = P->vstrides[d];
        rst[nrest] = r->strides[rpos++];
        nrest++;
    }
    /* stride of one step of flat b in r: B's axes are C-contiguous there */
    int bfirst = P->adjacent ? P->adv[0].vaxis : 0;
    int64_t bstride = P->bnd > 0 ? r->strides[bfirst + P->bnd - 1] : 0;
    int64_t rest_size = 1;
    for (int d = 0; d < nrest; d++)
        rest_size *= rshape[d];
    char *rbase = tn_data(r);
    if (rest_size == 0)
        return;
    if (rest_size == 1) {
        for (int64_t b = 0; b < P->bsize; b++) {
            char *v = vbase + P->voff + P->adv_off[b];
            char *e = rbase + b * bstride;
            if (to_r)
                memcpy(e, v, es);
            else
                memcpy(v, e, es);
        }
        return;
    }
    TnLoopFn fn = copy_loop(es);
    for (int64_t b = 0; b < P->bsize; b++) {
        char *v = vbase + P->voff + P->adv_off[b];
        char *e = rbase + b * bstride;
        char *ptrs[2] = {to_r ? e : v, to_r ? v : e};
        const int64_t *strides[2] = {to_r ? rst : vst, to_r ? vst : rst};
        TnIter it;
        tn_iter_init(&it, 2, ptrs, nrest, rshape, strides, true);
        tn_iter_run(&it, fn, NULL);
    }
}

static bool has_tensor_index(int n, const TnIndex *idx)
{
    for (int i = 0; i < n; i++)
        if (idx[i].kind == TN_IDX_TENSOR)
            return true;
    return false;
}

Tensor *tn_index_get(TnCtx *ctx, const Tensor *x, int n, const TnIndex *idx)
{
    Plan P;
    if (!build_plan(ctx, x, n, idx, &P)) {
        plan_free(ctx, &P);
        return NULL;
    }
    if (P.nadv == 0)
        return tn_view_as(ctx, x, P.vnd, P.vshape, P.vstrides, P.voff);
    Tensor *r = tn_empty(ctx, x->dtype, P.ond, P.oshape);
    if (r)
        move_blocks(&P, (char *)x->storage->data, r, true);
    plan_free(ctx, &P);
    return r;
}

bool tn_index_set(TnCtx *ctx, Tensor *x, int n, const TnIndex *idx, const Tensor *value)
{
    if (x->readonly) {
        tn_fail(ctx, TN_ERR_VALUE, "cannot assign into a read-only tensor (a broadcast_to view)");
        tn_hint(ctx, "make a copy first: y = x.copy()");
        return false;
    }
    Plan P;
    if (!build_plan(ctx, x, n, idx, &P)) {
        plan_free(ctx, &P);
        return false;
    }
    if (P.nadv == 0) {
        Tensor v = *x;
        v.ndim = P.vnd;
        memcpy(v.shape, P.vshape, sizeof v.shape);
        memcpy(v.strides, P.vstrides, sizeof v.strides);
        v.offset = P.voff;
        tn_update_size(&v);
        return tn_copy_into(ctx, &v, value);
    }
    /* the value, broadcast and cast to the shape read by the index (a copy,
       so it may overlap x) */
    Tensor *tmp = tn_empty(ctx, x->dtype, P.ond, P.oshape);
    bool ok = tmp && tn_copy_into(ctx, tmp, value);
    if (ok)
        move_blocks(&P, (char *)x->storage->data, tmp, false);
    tn_free(ctx, tmp);
    plan_free(ctx, &P);
    return ok;
}

bool tn_index_inplace(TnCtx *ctx, TnBinOp op, Tensor *x, int n, const TnIndex *idx,
                      const Tensor *value)
{
    Tensor *g = tn_index_get(ctx, x, n, idx);
    if (!g)
        return false;
    bool ok;
    if (!has_tensor_index(n, idx)) {
        g->readonly = x->readonly;
        ok = tn_binary_inplace(ctx, op, g, value);      /* writes through the view */
    } else {
        ok = tn_binary_inplace(ctx, op, g, value) && tn_index_set(ctx, x, n, idx, g);
    }
    tn_free(ctx, g);
    return ok;
}
