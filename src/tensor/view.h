/*
 * view.h - operations that only rewrite the header: slicing, transposes,
 * reshape (when the memory layout allows), squeeze, expand_dims,
 * broadcast_to, diagonal.  The result shares storage with its input
 * (is_view set); writing through it writes the input, as in NumPy.
 * reshape and ravel fall back to a copy when no view can express the
 * result, exactly when NumPy copies.
 */
#ifndef NABLA_TENSOR_VIEW_H
#define NABLA_TENSOR_VIEW_H

#include "tensor.h"

/* A Python slice start:stop:step; absent parts take Python's defaults. */
typedef struct TnSlice {
    int64_t start, stop, step;
    bool has_start, has_stop, has_step;
} TnSlice;

/* Python's slice.indices for a length: first index, element count and
   step.  A zero step is an error. */
bool tn_slice_resolve(TnCtx *ctx, const TnSlice *s, int64_t len, int64_t *start, int64_t *count,
                      int64_t *step);

Tensor *tn_slice(TnCtx *ctx, const Tensor *t, int axis, const TnSlice *s);
/* t[..., i, ...] along axis: a view with that axis removed; i may be
   negative; out of range is an error naming axis, index and length. */
Tensor *tn_select(TnCtx *ctx, const Tensor *t, int axis, int64_t i);

Tensor *tn_transpose(TnCtx *ctx, const Tensor *t);                       /* t.T */
/* NumPy's transpose(t, axes): axes is a permutation of 0..ndim-1 */
Tensor *tn_permute(TnCtx *ctx, const Tensor *t, const int *axes, int naxes);
Tensor *tn_swapaxes(TnCtx *ctx, const Tensor *t, int a1, int a2);
Tensor *tn_moveaxis(TnCtx *ctx, const Tensor *t, int src, int dst);

/* shape may hold one -1, computed from the size.  A view when the strides
   allow it, else a contiguous copy (NumPy's rule). */
Tensor *tn_reshape(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape);
/* Resolves a -1 in shape against size into out; errors name both shapes. */
bool tn_reshape_shape(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape, int64_t *out);
Tensor *tn_ravel(TnCtx *ctx, const Tensor *t);     /* view when contiguous, else copy */
Tensor *tn_flatten(TnCtx *ctx, const Tensor *t);   /* always a copy */

/* Removes the given length-1 axes (naxes < 0: every length-1 axis). */
Tensor *tn_squeeze(TnCtx *ctx, const Tensor *t, const int *axes, int naxes);
/* Inserts length-1 axes at the given positions of the result. */
Tensor *tn_expand_dims(TnCtx *ctx, const Tensor *t, const int *axes, int naxes);
/* A read-only view of t with the broadcast shape (stride 0 on new axes). */
Tensor *tn_broadcast_to(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape);
/* The diagonal of the 2-D planes spanned by axis1 and axis2 (moved to
   the end), offset above (> 0) or below (< 0) the main diagonal. */
Tensor *tn_diagonal(TnCtx *ctx, const Tensor *t, int64_t offset, int axis1, int axis2);

#endif
