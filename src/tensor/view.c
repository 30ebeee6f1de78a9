/*
 * view.c - header-only operations (see view.h).
 */
#include "view.h"

#include "iter.h"
#include "reduce.h"

#include <stdio.h>
#include <string.h>

bool tn_slice_resolve(TnCtx *ctx, const TnSlice *s, int64_t len, int64_t *start, int64_t *count,
                      int64_t *step)
{
    int64_t st = s->has_step ? s->step : 1;
    if (st == 0) {
        tn_fail(ctx, TN_ERR_VALUE, "slice step cannot be zero");
        tn_hint(ctx, "use a positive step to go forwards or a negative one (::-1) to go backwards");
        return false;
    }
    int64_t lo, hi;
    /* Python's PySlice_AdjustIndices */
    if (st > 0) {
        lo = s->has_start ? s->start : 0;
        hi = s->has_stop ? s->stop : len;
        if (lo < 0)
            lo = lo < -len ? 0 : lo + len;
        if (lo > len)
            lo = len;
        if (hi < 0)
            hi = hi < -len ? 0 : hi + len;
        if (hi > len)
            hi = len;
        *count = hi > lo ? (hi - lo - 1) / st + 1 : 0;
    } else {
        lo = s->has_start ? s->start : len - 1;
        hi = s->has_stop ? s->stop : -1;
        if (s->has_start) {
            if (lo < 0)
                lo = lo < -len ? -1 : lo + len;
            if (lo >= len)
                lo = len - 1;
        }
        if (s->has_stop) {
            if (hi < 0)
                hi = hi < -len ? -1 : hi + len;
            if (hi >= len)
                hi = len - 1;
        }
        /* -st cannot overflow: st == INT64_MIN counts as a huge step */
        uint64_t ust = st == INT64_MIN ? (uint64_t)1 << 63 : (uint64_t)(-st);
        *count = lo > hi ? (int64_t)((uint64_t)(lo - hi - 1) / ust) + 1 : 0;
    }
    *start = lo;
    *step = st;
    return true;
}

static int check_axis(TnCtx *ctx, const Tensor *t, int axis)
{
    return tn_normalize_axis(ctx, axis, t->ndim, t);
}

Tensor *tn_slice(TnCtx *ctx, const Tensor *t, int axis, const TnSlice *s)
{
    int ax = check_axis(ctx, t, axis);
    if (ax < 0)
        return NULL;
    int64_t start, count, step;
    if (!tn_slice_resolve(ctx, s, t->shape[ax], &start, &count, &step))
        return NULL;
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    memcpy(shape, t->shape, sizeof shape);
    memcpy(strides, t->strides, sizeof strides);
    shape[ax] = count;
    strides[ax] = t->strides[ax] * step;
    int64_t off = t->offset + (count > 0 ? start * t->strides[ax] : 0);
    return tn_view_as(ctx, t, t->ndim, shape, strides, off);
}

Tensor *tn_select(TnCtx *ctx, const Tensor *t, int axis, int64_t i)
{
    int ax = check_axis(ctx, t, axis);
    if (ax < 0)
        return NULL;
    int64_t len = t->shape[ax];
    if (i < -len || i >= len) {
        char sh[128];
        tn_fail(ctx, TN_ERR_INDEX, "index %lld is out of range for axis %d with length %lld (tensor %s)",
                (long long)i, ax, (long long)len, tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape));
        tn_detail(ctx, t, NULL, ax);
        if (len > 0)
            tn_hint(ctx, "valid indices are 0..%lld, or -%lld..-1 counting from the end",
                    (long long)(len - 1), (long long)len);
        else
            tn_hint(ctx, "axis %d is empty: there is nothing to index", ax);
        return NULL;
    }
    if (i < 0)
        i += len;
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    int nd = 0;
    for (int d = 0; d < t->ndim; d++)
        if (d != ax) {
            shape[nd] = t->shape[d];
            strides[nd] = t->strides[d];
            nd++;
        }
    return tn_view_as(ctx, t, nd, shape, strides, t->offset + i * t->strides[ax]);
}

Tensor *tn_permute(TnCtx *ctx, const Tensor *t, const int *axes, int naxes)
{
    if (naxes != t->ndim) {
        char sh[128];
        return tn_fail(ctx, TN_ERR_VALUE, "transpose: %d axes given for a tensor of dimension %d (%s)",
                       naxes, t->ndim, tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape));
    }
    bool seen[TN_MAX_DIMS] = {false};
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    for (int i = 0; i < naxes; i++) {
        int ax = check_axis(ctx, t, axes[i]);
        if (ax < 0)
            return NULL;
        if (seen[ax])
            return tn_fail(ctx, TN_ERR_VALUE, "transpose: axis %d appears twice in the permutation", axes[i]);
        seen[ax] = true;
        shape[i] = t->shape[ax];
        strides[i] = t->strides[ax];
    }
    return tn_view_as(ctx, t, t->ndim, shape, strides, t->offset);
}

Tensor *tn_transpose(TnCtx *ctx, const Tensor *t)
{
    int axes[TN_MAX_DIMS];
    for (int d = 0; d < t->ndim; d++)
        axes[d] = t->ndim - 1 - d;
    return tn_permute(ctx, t, axes, t->ndim);
}

Tensor *tn_swapaxes(TnCtx *ctx, const Tensor *t, int a1, int a2)
{
    int x = check_axis(ctx, t, a1);
    int y = x < 0 ? -1 : check_axis(ctx, t, a2);
    if (y < 0)
        return NULL;
    int axes[TN_MAX_DIMS];
    for (int d = 0; d < t->ndim; d++)
        axes[d] = d;
    axes[x] = y;
    axes[y] = x;
    return tn_permute(ctx, t, axes, t->ndim);
}

Tensor *tn_moveaxis(TnCtx *ctx, const Tensor *t, int src, int dst)
{
    int s = check_axis(ctx, t, src);
    int d = s < 0 ? -1 : check_axis(ctx, t, dst);
    if (d < 0)
        return NULL;
    int order[TN_MAX_DIMS], n = 0;
    for (int i = 0; i < t->ndim; i++)
        if (i != s)
            order[n++] = i;
    /* insert s at position d */
    for (int i = t->ndim - 1; i > d; i--)
        order[i] = order[i - 1];
    order[d] = s;
    return tn_permute(ctx, t, order, t->ndim);
}

/* ---- reshape */

static void shape_list(char *buf, size_t size, int ndim, const int64_t *shape)
{
    size_t n = 0;
    n += (size_t)snprintf(buf, size, "[");
    for (int d = 0; d < ndim && n < size; d++)
        n += (size_t)snprintf(buf + n, size - n, d ? ", %lld" : "%lld", (long long)shape[d]);
    if (n < size)
        snprintf(buf + n, size - n, "]");
}

bool tn_reshape_shape(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape, int64_t *out)
{
    char from[128], to[128];
    if (ndim < 0 || ndim > TN_MAX_DIMS) {
        tn_fail(ctx, TN_ERR_VALUE, "a tensor has at most %d dimensions, asked for %d", TN_MAX_DIMS, ndim);
        return false;
    }
    int unknown = -1;
    int64_t known = 1;
    bool overflow = false;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == -1) {
            if (unknown >= 0) {
                tn_fail(ctx, TN_ERR_VALUE, "reshape: only one dimension can be -1");
                return false;
            }
            unknown = d;
        } else if (shape[d] < 0) {
            tn_fail(ctx, TN_ERR_VALUE, "reshape: negative dimension %lld", (long long)shape[d]);
            return false;
        } else if (__builtin_mul_overflow(known, shape[d], &known)) {
            overflow = true;
        }
        out[d] = shape[d];
    }
    tn_shape_str(from, sizeof from, t->dtype, t->ndim, t->shape);
    shape_list(to, sizeof to, ndim, shape);
    if (unknown >= 0) {
        if (known == 0 || overflow || t->size % known != 0) {
            tn_fail(ctx, TN_ERR_SHAPE, "cannot reshape %s (%lld elements) into shape %s", from,
                    (long long)t->size, to);
            tn_detail(ctx, t, NULL, -1000);
            tn_hint(ctx, "with -1 the other lengths must divide %lld exactly", (long long)t->size);
            return false;
        }
        out[unknown] = t->size / known;
    } else if (overflow || known != t->size) {
        tn_fail(ctx, TN_ERR_SHAPE, "cannot reshape %s (%lld elements) into shape %s (%lld elements)",
                from, (long long)t->size, to, overflow ? -1LL : (long long)known);
        tn_detail(ctx, t, NULL, -1000);
        tn_hint(ctx, "the new shape must hold the same number of elements; put -1 in one place to have "
                     "that length computed");
        return false;
    }
    return true;
}

/*
 * NumPy's _attempt_nocopy_reshape: walks the old axes (length-1 ones
 * dropped) and the new ones in step, matching groups with equal products;
 * a group of old axes can be regrouped only if it is contiguous within
 * itself.  Fills newstrides and returns true when a view works.
 */
static bool nocopy_strides(const Tensor *t, int newnd, const int64_t *newdims, int64_t *newstrides)
{
    int64_t olddims[TN_MAX_DIMS], oldstrides[TN_MAX_DIMS];
    int oldnd = 0;
    for (int d = 0; d < t->ndim; d++)
        if (t->shape[d] != 1) {
            olddims[oldnd] = t->shape[d];
            oldstrides[oldnd] = t->strides[d];
            oldnd++;
        }
    int oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < newnd && oi < oldnd) {
        int64_t np = newdims[ni], op = olddims[oi];
        while (np != op) {
            if (np < op)
                np *= newdims[nj++];
            else
                op *= olddims[oj++];
        }
        for (int ok = oi; ok < oj - 1; ok++)
            if (oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1])
                return false;
        newstrides[nj - 1] = oldstrides[oj - 1];
        for (int nk = nj - 1; nk > ni; nk--)
            newstrides[nk - 1] = newstrides[nk] * newdims[nk];
        ni = nj++;
        oi = oj++;
    }
    int64_t last = ni >= 1 ? newstrides[ni - 1] : (int64_t)tn_dtype_size(t->dtype);
    for (int nk = ni; nk < newnd; nk++)
        newstrides[nk] = last;
    return true;
}

Tensor *tn_reshape(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape)
{
    int64_t dims[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    if (!tn_reshape_shape(ctx, t, ndim, shape, dims))
        return NULL;
    if (t->size == 0) {
        int64_t s = (int64_t)tn_dtype_size(t->dtype);
        for (int d = ndim - 1; d >= 0; d--) {
            strides[d] = s;
            s *= dims[d] > 0 ? dims[d] : 1;
        }
        return tn_view_as(ctx, t, ndim, dims, strides, t->offset);
    }
    if (nocopy_strides(t, ndim, dims, strides))
        return tn_view_as(ctx, t, ndim, dims, strides, t->offset);
    Tensor *c = tn_copy(ctx, t);
    if (!c)
        return NULL;
    /* a fresh contiguous copy reshapes as a view of itself */
    Tensor *r = tn_reshape(ctx, c, ndim, dims);
    tn_free(ctx, c);
    if (r)
        r->is_view = false;
    return r;
}

Tensor *tn_ravel(TnCtx *ctx, const Tensor *t)
{
    int64_t n = t->size;
    return tn_reshape(ctx, t, 1, &n);
}

Tensor *tn_flatten(TnCtx *ctx, const Tensor *t)
{
    Tensor *c = tn_copy(ctx, t);
    if (!c)
        return NULL;
    c->ndim = 1;
    c->shape[0] = t->size;
    c->strides[0] = (int64_t)tn_dtype_size(t->dtype);
    for (int d = 1; d < TN_MAX_DIMS; d++)
        c->shape[d] = c->strides[d] = 0;
    return c;
}

/* ---- adding and removing axes */

Tensor *tn_squeeze(TnCtx *ctx, const Tensor *t, const int *axes, int naxes)
{
    bool drop[TN_MAX_DIMS] = {false};
    if (!axes || naxes < 0) {
        for (int d = 0; d < t->ndim; d++)
            drop[d] = t->shape[d] == 1;
    } else {
        if (!tn_axes_mask(ctx, t, axes, naxes, drop))
            return NULL;
        for (int d = 0; d < t->ndim; d++)
            if (drop[d] && t->shape[d] != 1) {
                char sh[128];
                tn_fail(ctx, TN_ERR_VALUE, "squeeze: axis %d has length %lld, not 1 (tensor %s)", d,
                        (long long)t->shape[d], tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape));
                tn_detail(ctx, t, NULL, d);
                tn_hint(ctx, "only axes of length 1 can be squeezed out; index or reduce the others");
                return NULL;
            }
    }
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    int nd = 0;
    for (int d = 0; d < t->ndim; d++)
        if (!drop[d]) {
            shape[nd] = t->shape[d];
            strides[nd] = t->strides[d];
            nd++;
        }
    return tn_view_as(ctx, t, nd, shape, strides, t->offset);
}

Tensor *tn_expand_dims(TnCtx *ctx, const Tensor *t, const int *axes, int naxes)
{
    int nd = t->ndim + naxes;
    if (nd > TN_MAX_DIMS)
        return tn_fail(ctx, TN_ERR_VALUE, "expand_dims: the result would have %d dimensions, the most is %d",
                       nd, TN_MAX_DIMS);
    bool isnew[TN_MAX_DIMS] = {false};
    for (int i = 0; i < naxes; i++) {
        int ax = tn_normalize_axis(ctx, axes[i], nd, NULL);
        if (ax < 0)
            return NULL;
        if (isnew[ax])
            return tn_fail(ctx, TN_ERR_VALUE, "expand_dims: axis %d appears twice", axes[i]);
        isnew[ax] = true;
    }
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    for (int d = 0, j = 0; d < nd; d++) {
        if (isnew[d]) {
            shape[d] = 1;
            /* any stride works for length 1; this one keeps contiguity */
            strides[d] = j < t->ndim ? t->strides[j] * t->shape[j] : (int64_t)tn_dtype_size(t->dtype);
        } else {
            shape[d] = t->shape[j];
            strides[d] = t->strides[j];
            j++;
        }
    }
    return tn_view_as(ctx, t, nd, shape, strides, t->offset);
}

Tensor *tn_broadcast_to(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape)
{
    int64_t size;
    if (!tn_shape_size(ctx, t->dtype, ndim, shape, &size))
        return NULL;
    bool ok = ndim >= t->ndim;
    for (int j = 0; ok && j < t->ndim; j++) {
        int64_t want = shape[ndim - t->ndim + j];
        ok = t->shape[j] == want || t->shape[j] == 1;
    }
    if (!ok) {
        char a[128], b[128];
        tn_fail(ctx, TN_ERR_SHAPE, "cannot broadcast a tensor %s to shape %s",
                tn_shape_str(a, sizeof a, t->dtype, t->ndim, t->shape),
                tn_shape_str(b, sizeof b, t->dtype, ndim, shape));
        tn_detail_shapes(ctx, t->dtype, t->ndim, t->shape, t->dtype, ndim, shape, -1000);
        tn_hint(ctx, "each length must equal the target's or be 1, aligned from the right");
        return NULL;
    }
    int64_t strides[TN_MAX_DIMS];
    tn_broadcast_strides(t, ndim, shape, strides);
    Tensor *v = tn_view_as(ctx, t, ndim, shape, strides, t->offset);
    if (v)
        v->readonly = true;
    return v;
}

Tensor *tn_diagonal(TnCtx *ctx, const Tensor *t, int64_t offset, int axis1, int axis2)
{
    if (t->ndim < 2) {
        char sh[128];
        return tn_fail(ctx, TN_ERR_VALUE, "diagonal needs at least 2 dimensions, got %s",
                       tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape));
    }
    int a1 = check_axis(ctx, t, axis1);
    int a2 = a1 < 0 ? -1 : check_axis(ctx, t, axis2);
    if (a2 < 0)
        return NULL;
    if (a1 == a2)
        return tn_fail(ctx, TN_ERR_VALUE, "diagonal: axis1 and axis2 cannot be the same axis (%d)", a1);
    int64_t n1 = t->shape[a1], n2 = t->shape[a2];
    int64_t off = t->offset, len;
    if (offset >= 0) {
        len = n2 - offset < n1 ? n2 - offset : n1;
        if (len > 0)
            off += offset * t->strides[a2];
    } else {
        len = n1 + offset < n2 ? n1 + offset : n2;
        if (len > 0)
            off -= offset * t->strides[a1];
    }
    if (len < 0)
        len = 0;
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    int nd = 0;
    for (int d = 0; d < t->ndim; d++)
        if (d != a1 && d != a2) {
            shape[nd] = t->shape[d];
            strides[nd] = t->strides[d];
            nd++;
        }
    shape[nd] = len;
    strides[nd] = t->strides[a1] + t->strides[a2];
    nd++;
    return tn_view_as(ctx, t, nd, shape, strides, off);
}
