/*
 * shape.c - joining, splitting and rearranging (see shape.h).  Most
 * operations are a new tensor filled by copying views of the inputs into
 * views of the result, so layout and dtype conversion are tn_copy_into's.
 */
#include "shape.h"

#include "create.h"
#include "index.h"
#include "view.h"

#include <stdio.h>
#include <string.h>

/* A header over t's storage with a different geometry, on the stack: for
   copies only, never freed. */
static Tensor sub_view(const Tensor *t, int ndim, const int64_t *shape, const int64_t *strides,
                       int64_t offset)
{
    Tensor v = *t;
    v.ndim = ndim;
    for (int d = 0; d < ndim; d++) {
        v.shape[d] = shape[d];
        v.strides[d] = strides[d];
    }
    v.offset = offset;
    tn_update_size(&v);
    return v;
}

/* t restricted to [start, start + len) on axis */
static Tensor axis_range(const Tensor *t, int axis, int64_t start, int64_t len)
{
    int64_t shape[TN_MAX_DIMS];
    memcpy(shape, t->shape, sizeof shape);
    shape[axis] = len;
    return sub_view(t, t->ndim, shape, t->strides, t->offset + (len > 0 ? start * t->strides[axis] : 0));
}

/* ---- joining */

Tensor *tn_concatenate(TnCtx *ctx, int n, const Tensor *const *ts, int axis)
{
    if (n <= 0)
        return tn_fail(ctx, TN_ERR_VALUE, "need at least one tensor to concatenate");
    const Tensor *a = ts[0];
    if (a->ndim == 0)
        return tn_fail(ctx, TN_ERR_SHAPE, "0-d tensors (scalars) cannot be concatenated");
    int ax = tn_normalize_axis(ctx, axis, a->ndim, a);
    if (ax < 0)
        return NULL;
    TnDType dt = a->dtype;
    int64_t shape[TN_MAX_DIMS];
    memcpy(shape, a->shape, sizeof shape);
    shape[ax] = 0;
    char s1[128], s2[128];
    for (int i = 0; i < n; i++) {
        const Tensor *t = ts[i];
        if (t->ndim != a->ndim) {
            tn_fail(ctx, TN_ERR_SHAPE, "concatenate: all inputs need the same number of dimensions, %s has %d and %s has %d",
                    tn_shape_str(s1, sizeof s1, a->dtype, a->ndim, a->shape), a->ndim,
                    tn_shape_str(s2, sizeof s2, t->dtype, t->ndim, t->shape), t->ndim);
            tn_detail(ctx, a, t, -1000);
            tn_hint(ctx, "reshape or expand_dims the inputs first, or use stack for a new axis");
            return NULL;
        }
        for (int d = 0; d < a->ndim; d++)
            if (d != ax && t->shape[d] != a->shape[d]) {
                tn_fail(ctx, TN_ERR_SHAPE, "concatenate: shapes must match except on axis %d: %s and %s differ on axis %d (%lld vs %lld)",
                        ax, tn_shape_str(s1, sizeof s1, a->dtype, a->ndim, a->shape),
                        tn_shape_str(s2, sizeof s2, t->dtype, t->ndim, t->shape), d,
                        (long long)a->shape[d], (long long)t->shape[d]);
                tn_detail(ctx, a, t, d - a->ndim);
                return NULL;
            }
        shape[ax] += t->shape[ax];
        if (i > 0)
            dt = tn_promote(dt, false, t->dtype, false);
    }
    Tensor *r = tn_empty(ctx, dt, a->ndim, shape);
    if (!r)
        return NULL;
    int64_t pos = 0;
    for (int i = 0; i < n; i++) {
        Tensor dst = axis_range(r, ax, pos, ts[i]->shape[ax]);
        if (!tn_copy_into(ctx, &dst, ts[i])) {
            tn_free(ctx, r);
            return NULL;
        }
        pos += ts[i]->shape[ax];
    }
    return r;
}

/* Runs concatenate over new headers made by `shape_fn` for each input. */
static Tensor *concat_reshaped(TnCtx *ctx, int n, const Tensor *const *ts, int axis,
                               Tensor *(*fn)(TnCtx *, const Tensor *, int), int arg)
{
    if (n <= 0)
        return tn_fail(ctx, TN_ERR_VALUE, "need at least one tensor to join");
    Tensor **views = tn_mem_alloc(ctx, sizeof(Tensor *) * (size_t)n);
    if (!views)
        return NULL;
    Tensor *r = NULL;
    int made = 0;
    for (; made < n; made++)
        if (!(views[made] = fn(ctx, ts[made], arg)))
            goto done;
    r = tn_concatenate(ctx, n, (const Tensor *const *)views, axis);
done:
    for (int i = 0; i < made; i++)
        tn_free(ctx, views[i]);
    tn_mem_free(ctx, views, sizeof(Tensor *) * (size_t)n);
    return r;
}

static Tensor *expand_at(TnCtx *ctx, const Tensor *t, int axis)
{
    return tn_expand_dims(ctx, t, &axis, 1);
}

Tensor *tn_stack(TnCtx *ctx, int n, const Tensor *const *ts, int axis)
{
    if (n <= 0)
        return tn_fail(ctx, TN_ERR_VALUE, "need at least one tensor to stack");
    for (int i = 1; i < n; i++)
        if (!tn_same_shape(ts[0], ts[i])) {
            char s1[128], s2[128];
            tn_fail(ctx, TN_ERR_SHAPE, "stack: all inputs must have the same shape, got %s and %s",
                    tn_shape_str(s1, sizeof s1, ts[0]->dtype, ts[0]->ndim, ts[0]->shape),
                    tn_shape_str(s2, sizeof s2, ts[i]->dtype, ts[i]->ndim, ts[i]->shape));
            tn_detail(ctx, ts[0], ts[i], -1000);
            return NULL;
        }
    int ax = tn_normalize_axis(ctx, axis, ts[0]->ndim + 1, NULL);
    if (ax < 0)
        return NULL;
    return concat_reshaped(ctx, n, ts, ax, expand_at, ax);
}

/* atleast_2d for vstack: (N) -> (1, N), () -> (1, 1) */
static Tensor *as_row(TnCtx *ctx, const Tensor *t, int unused)
{
    (void)unused;
    if (t->ndim >= 2)
        return tn_view(ctx, t);
    int64_t shape[2] = {1, t->ndim == 1 ? t->shape[0] : 1};
    return tn_reshape(ctx, t, 2, shape);
}

/* atleast_1d for hstack */
static Tensor *as_1d(TnCtx *ctx, const Tensor *t, int unused)
{
    (void)unused;
    if (t->ndim >= 1)
        return tn_view(ctx, t);
    int64_t one = 1;
    return tn_reshape(ctx, t, 1, &one);
}

Tensor *tn_vstack(TnCtx *ctx, int n, const Tensor *const *ts)
{
    return concat_reshaped(ctx, n, ts, 0, as_row, 0);
}

Tensor *tn_hstack(TnCtx *ctx, int n, const Tensor *const *ts)
{
    bool all_1d = true;
    for (int i = 0; i < n; i++)
        all_1d = all_1d && ts[i]->ndim <= 1;
    return concat_reshaped(ctx, n, ts, all_1d ? 0 : 1, as_1d, 0);
}

/* ---- splitting */

static bool split_at(TnCtx *ctx, const Tensor *t, int ax, int nparts, const int64_t *starts,
                     Tensor **out)
{
    for (int i = 0; i < nparts; i++) {
        int64_t len = t->shape[ax];
        int64_t s = starts[i] < len ? starts[i] : len;
        int64_t e = i + 1 < nparts ? (starts[i + 1] < len ? starts[i + 1] : len) : len;
        if (e < s)
            e = s;
        Tensor v = axis_range(t, ax, s, e - s);
        out[i] = tn_view_as(ctx, t, v.ndim, v.shape, v.strides, v.offset);
        if (!out[i]) {
            for (int k = 0; k < i; k++)
                tn_free(ctx, out[k]);
            return false;
        }
    }
    return true;
}

bool tn_split_sections(TnCtx *ctx, const Tensor *t, int64_t sections, int axis, bool allow_unequal,
                       Tensor **out)
{
    int ax = tn_normalize_axis(ctx, axis, t->ndim, t);
    if (ax < 0)
        return false;
    if (sections <= 0 || sections > 1 << 20) {
        tn_fail(ctx, TN_ERR_VALUE, "split: the number of sections must be positive, got %lld", (long long)sections);
        return false;
    }
    int64_t len = t->shape[ax];
    if (!allow_unequal && len % sections != 0) {
        char sh[128];
        tn_fail(ctx, TN_ERR_VALUE, "split: axis %d of %s (length %lld) does not divide into %lld equal sections",
                ax, tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape), (long long)len, (long long)sections);
        tn_hint(ctx, "array_split allows sections of unequal length");
        return false;
    }
    int64_t *starts = tn_mem_alloc(ctx, (size_t)sections * sizeof(int64_t));
    if (!starts)
        return false;
    /* np.array_split: the first len % sections parts get one extra */
    int64_t each = len / sections, extra = len % sections, pos = 0;
    for (int64_t i = 0; i < sections; i++) {
        starts[i] = pos;
        pos += each + (i < extra ? 1 : 0);
    }
    bool ok = split_at(ctx, t, ax, (int)sections, starts, out);
    tn_mem_free(ctx, starts, (size_t)sections * sizeof(int64_t));
    return ok;
}

bool tn_split_indices(TnCtx *ctx, const Tensor *t, int n, const int64_t *indices, int axis, Tensor **out)
{
    int ax = tn_normalize_axis(ctx, axis, t->ndim, t);
    if (ax < 0)
        return false;
    if (n < 0 || n > 1 << 20) {
        tn_fail(ctx, TN_ERR_VALUE, "split: bad number of split points %d", n);
        return false;
    }
    int64_t *starts = tn_mem_alloc(ctx, (size_t)(n + 1) * sizeof(int64_t));
    if (!starts)
        return false;
    int64_t len = t->shape[ax];
    starts[0] = 0;
    for (int i = 0; i < n; i++) {
        /* like a slice bound: negative counts from the end, clamped */
        int64_t v = indices[i];
        if (v < 0)
            v = v + len < 0 ? 0 : v + len;
        starts[i + 1] = v > len ? len : v;
    }
    bool ok = split_at(ctx, t, ax, n + 1, starts, out);
    tn_mem_free(ctx, starts, (size_t)(n + 1) * sizeof(int64_t));
    return ok;
}

/* ---- tile, repeat, flip, roll, pad */

Tensor *tn_tile(TnCtx *ctx, const Tensor *t, int nreps, const int64_t *reps)
{
    if (nreps < 0 || nreps > TN_MAX_DIMS)
        return tn_fail(ctx, TN_ERR_VALUE, "tile: at most %d repetition counts", TN_MAX_DIMS);
    int nd = t->ndim > nreps ? t->ndim : nreps;
    int64_t in_shape[TN_MAX_DIMS], r[TN_MAX_DIMS], shape[TN_MAX_DIMS];
    for (int d = 0; d < nd; d++) {
        int ti = d - (nd - t->ndim), ri = d - (nd - nreps);
        in_shape[d] = ti >= 0 ? t->shape[ti] : 1;
        r[d] = ri >= 0 ? reps[ri] : 1;
        if (r[d] < 0)
            return tn_fail(ctx, TN_ERR_VALUE, "tile: negative repetition count %lld", (long long)r[d]);
        if (__builtin_mul_overflow(in_shape[d], r[d], &shape[d]))
            return tn_fail(ctx, TN_ERR_MEMORY, "tile: the result is too large");
    }
    Tensor *out = tn_empty(ctx, t->dtype, nd, shape);
    if (!out || out->size == 0)
        return out;
    int64_t st[TN_MAX_DIMS] = {0};
    for (int d = 0; d < nd; d++) {
        int ti = d - (nd - t->ndim);
        st[d] = ti >= 0 ? t->strides[ti] : 0;
    }
    Tensor src = sub_view(t, nd, in_shape, st, t->offset);
    /* the input into the corner, then doubling along each axis from the
       last: each round copies what is filled so far next to itself */
    int64_t fill[TN_MAX_DIMS] = {0};
    memcpy(fill, in_shape, sizeof(int64_t) * (size_t)nd);
    Tensor corner = sub_view(out, nd, fill, out->strides, out->offset);
    if (!tn_copy_into(ctx, &corner, &src))
        goto fail;
    for (int d = nd - 1; d >= 0; d--) {
        int64_t have = in_shape[d];
        while (have < shape[d]) {
            int64_t n = have < shape[d] - have ? have : shape[d] - have;
            fill[d] = n;
            Tensor from = sub_view(out, nd, fill, out->strides, out->offset);
            Tensor to = sub_view(out, nd, fill, out->strides, out->offset + have * out->strides[d]);
            if (!tn_copy_into(ctx, &to, &from))
                goto fail;
            have += n;
        }
        fill[d] = shape[d];
    }
    return out;
fail:
    tn_free(ctx, out);
    return NULL;
}

Tensor *tn_repeat(TnCtx *ctx, const Tensor *t, int ncounts, const int64_t *counts, int axis,
                  bool has_axis)
{
    if (!has_axis) {
        Tensor *flat = tn_ravel(ctx, t);
        if (!flat)
            return NULL;
        Tensor *r = tn_repeat(ctx, flat, ncounts, counts, 0, true);
        tn_free(ctx, flat);
        return r;
    }
    int ax = tn_normalize_axis(ctx, axis, t->ndim, t);
    if (ax < 0)
        return NULL;
    int64_t len = t->shape[ax];
    if (ncounts != 1 && ncounts != len) {
        char sh[128];
        return tn_fail(ctx, TN_ERR_SHAPE, "repeat: %d counts given for axis %d of %s, which has length %lld",
                       ncounts, ax, tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape), (long long)len);
    }
    int64_t total = 0;
    for (int64_t j = 0; j < len; j++) {
        int64_t c = counts[ncounts == 1 ? 0 : j];
        if (c < 0)
            return tn_fail(ctx, TN_ERR_VALUE, "repeat: negative count %lld", (long long)c);
        if (__builtin_add_overflow(total, c, &total))
            return tn_fail(ctx, TN_ERR_MEMORY, "repeat: the result is too large");
    }
    int64_t shape[TN_MAX_DIMS];
    memcpy(shape, t->shape, sizeof shape);
    shape[ax] = total;
    Tensor *out = tn_empty(ctx, t->dtype, t->ndim, shape);
    if (!out)
        return NULL;
    int64_t pos = 0;
    for (int64_t j = 0; j < len; j++) {
        int64_t c = counts[ncounts == 1 ? 0 : j];
        if (c == 0)
            continue;
        Tensor src = axis_range(t, ax, j, 1);
        Tensor dst = axis_range(out, ax, pos, c);
        if (!tn_copy_into(ctx, &dst, &src)) {
            tn_free(ctx, out);
            return NULL;
        }
        pos += c;
    }
    return out;
}

Tensor *tn_flip(TnCtx *ctx, const Tensor *t, const int *axes, int naxes)
{
    bool mask[TN_MAX_DIMS];
    if (!axes || naxes < 0) {
        for (int d = 0; d < t->ndim; d++)
            mask[d] = true;
    } else {
        for (int d = 0; d < t->ndim; d++)
            mask[d] = false;
        for (int i = 0; i < naxes; i++) {
            int ax = tn_normalize_axis(ctx, axes[i], t->ndim, t);
            if (ax < 0)
                return NULL;
            mask[ax] = true;
        }
    }
    int64_t st[TN_MAX_DIMS], off = t->offset;
    for (int d = 0; d < t->ndim; d++) {
        st[d] = mask[d] ? -t->strides[d] : t->strides[d];
        if (mask[d] && t->shape[d] > 0)
            off += (t->shape[d] - 1) * t->strides[d];
    }
    return tn_view_as(ctx, t, t->ndim, t->shape, st, off);
}

Tensor *tn_roll(TnCtx *ctx, const Tensor *t, int naxes, const int64_t *shifts, const int *axes)
{
    if (naxes == 0) {
        Tensor *flat = tn_ravel(ctx, t);
        int zero = 0;
        Tensor *r = flat ? tn_roll(ctx, flat, 1, shifts, &zero) : NULL;
        Tensor *back = r ? tn_reshape(ctx, r, t->ndim, t->shape) : NULL;
        tn_free(ctx, flat);
        tn_free(ctx, r);
        if (back)
            back->is_view = false;
        return back;
    }
    Tensor *cur = tn_copy(ctx, t);
    for (int i = 0; cur && i < naxes; i++) {
        int ax = tn_normalize_axis(ctx, axes[i], t->ndim, t);
        if (ax < 0) {
            tn_free(ctx, cur);
            return NULL;
        }
        int64_t len = t->shape[ax];
        if (len == 0)
            continue;
        int64_t s = shifts[i] % len;
        if (s < 0)
            s += len;
        if (s == 0)
            continue;
        Tensor *next = tn_empty(ctx, t->dtype, t->ndim, t->shape);
        if (!next) {
            tn_free(ctx, cur);
            return NULL;
        }
        /* next[s:] = cur[:len-s]; next[:s] = cur[len-s:] */
        Tensor d1 = axis_range(next, ax, s, len - s), s1 = axis_range(cur, ax, 0, len - s);
        Tensor d2 = axis_range(next, ax, 0, s), s2 = axis_range(cur, ax, len - s, s);
        bool ok = tn_copy_into(ctx, &d1, &s1) && tn_copy_into(ctx, &d2, &s2);
        tn_free(ctx, cur);
        cur = next;
        if (!ok) {
            tn_free(ctx, cur);
            return NULL;
        }
    }
    return cur;
}

Tensor *tn_pad(TnCtx *ctx, const Tensor *t, const int64_t (*pad)[2], double value)
{
    int64_t shape[TN_MAX_DIMS];
    int64_t off = 0;
    for (int d = 0; d < t->ndim; d++) {
        if (pad[d][0] < 0 || pad[d][1] < 0)
            return tn_fail(ctx, TN_ERR_VALUE, "pad: negative padding on axis %d", d);
        shape[d] = t->shape[d] + pad[d][0] + pad[d][1];
    }
    Tensor *out = tn_full(ctx, t->dtype, t->ndim, shape, value);
    if (!out)
        return NULL;
    for (int d = 0; d < t->ndim; d++)
        off += pad[d][0] * out->strides[d];
    Tensor inner = sub_view(out, t->ndim, t->shape, out->strides, out->offset + (t->size ? off : 0));
    if (!tn_copy_into(ctx, &inner, t)) {
        tn_free(ctx, out);
        return NULL;
    }
    return out;
}

/* ---- take */

Tensor *tn_take(TnCtx *ctx, const Tensor *t, const Tensor *indices, int axis, bool has_axis)
{
    if (!has_axis) {
        Tensor *flat = tn_ravel(ctx, t);
        Tensor *r = flat ? tn_take(ctx, flat, indices, 0, true) : NULL;
        tn_free(ctx, flat);
        return r;
    }
    int ax = tn_normalize_axis(ctx, axis, t->ndim, t);
    if (ax < 0)
        return NULL;
    TnIndex idx[TN_MAX_DIMS];
    for (int d = 0; d < ax; d++)
        idx[d] = tn_idx_all();
    idx[ax] = tn_idx_tensor(indices);
    return tn_index_get(ctx, t, ax + 1, idx);
}

/* NumPy's _make_along_axis_idx: an aranged index for every other axis,
   shaped to broadcast, and `indices` on axis. */
static bool along_axis_index(TnCtx *ctx, const Tensor *t, const Tensor *indices, int axis,
                             TnIndex *idx, Tensor **owned, int *ax_out)
{
    if (indices->ndim != t->ndim) {
        char s1[128], s2[128];
        tn_fail(ctx, TN_ERR_SHAPE, "indices %s must have as many dimensions as the tensor %s",
                tn_shape_str(s2, sizeof s2, indices->dtype, indices->ndim, indices->shape),
                tn_shape_str(s1, sizeof s1, t->dtype, t->ndim, t->shape));
        tn_detail(ctx, t, indices, -1000);
        tn_hint(ctx, "argsort/argmax with keepdims=True give indices of the right shape");
        return false;
    }
    if (!tn_dtype_is_int(indices->dtype)) {
        tn_fail(ctx, TN_ERR_INDEX, "indices must be integers, got %s", tn_dtype_name(indices->dtype));
        return false;
    }
    int ax = tn_normalize_axis(ctx, axis, t->ndim, t);
    if (ax < 0)
        return false;
    for (int d = 0; d < t->ndim; d++) {
        owned[d] = NULL;
        if (d == ax) {
            idx[d] = tn_idx_tensor(indices);
            continue;
        }
        int64_t shape[TN_MAX_DIMS];
        for (int k = 0; k < t->ndim; k++)
            shape[k] = k == d ? t->shape[d] : 1;
        Tensor *r = tn_arange_i64(ctx, 0, t->shape[d], 1, TN_I64);
        Tensor *v = r ? tn_reshape(ctx, r, t->ndim, shape) : NULL;
        tn_free(ctx, r);
        if (!v) {
            for (int k = 0; k < d; k++)
                tn_free(ctx, owned[k]);
            return false;
        }
        owned[d] = v;
        idx[d] = tn_idx_tensor(v);
    }
    *ax_out = ax;
    return true;
}

Tensor *tn_take_along_axis(TnCtx *ctx, const Tensor *t, const Tensor *indices, int axis)
{
    TnIndex idx[TN_MAX_DIMS];
    Tensor *owned[TN_MAX_DIMS];
    int ax;
    if (!along_axis_index(ctx, t, indices, axis, idx, owned, &ax))
        return NULL;
    Tensor *r = tn_index_get(ctx, t, t->ndim, idx);
    for (int d = 0; d < t->ndim; d++)
        tn_free(ctx, owned[d]);
    return r;
}

bool tn_put_along_axis(TnCtx *ctx, Tensor *t, const Tensor *indices, const Tensor *values, int axis)
{
    TnIndex idx[TN_MAX_DIMS];
    Tensor *owned[TN_MAX_DIMS];
    int ax;
    if (!along_axis_index(ctx, t, indices, axis, idx, owned, &ax))
        return false;
    bool ok = tn_index_set(ctx, t, t->ndim, idx, values);
    for (int d = 0; d < t->ndim; d++)
        tn_free(ctx, owned[d]);
    return ok;
}
