/*
 * shape.h - joining, splitting and rearranging tensors: concatenate,
 * stack, vstack, hstack, split, tile, repeat, flip, roll, pad, take,
 * take_along_axis, put_along_axis.  NumPy's semantics and result dtypes
 * (inputs to a join promote together).  split and flip give views; the
 * rest give new tensors.
 */
#ifndef NABLA_TENSOR_SHAPE_H
#define NABLA_TENSOR_SHAPE_H

#include "tensor.h"

Tensor *tn_concatenate(TnCtx *ctx, int n, const Tensor *const *ts, int axis);
/* Joins along a new axis (all inputs of one shape). */
Tensor *tn_stack(TnCtx *ctx, int n, const Tensor *const *ts, int axis);
/* Rows: 1-D inputs become rows (1, N), then concatenate on axis 0. */
Tensor *tn_vstack(TnCtx *ctx, int n, const Tensor *const *ts);
/* Columns: 1-D inputs are joined end to end, others on axis 1. */
Tensor *tn_hstack(TnCtx *ctx, int n, const Tensor *const *ts);

/* np.split into `sections` equal views (an error when the axis does not
   divide; with allow_unequal, np.array_split's near-equal parts). */
bool tn_split_sections(TnCtx *ctx, const Tensor *t, int64_t sections, int axis, bool allow_unequal,
                       Tensor **out);
/* np.split at the given indices: n + 1 views into out. */
bool tn_split_indices(TnCtx *ctx, const Tensor *t, int n, const int64_t *indices, int axis, Tensor **out);

/* np.tile(t, reps) */
Tensor *tn_tile(TnCtx *ctx, const Tensor *t, int nreps, const int64_t *reps);
/* np.repeat: each element `counts[i]` times along axis (ncounts 1: the
   same count for all); without axis, over the flattened tensor. */
Tensor *tn_repeat(TnCtx *ctx, const Tensor *t, int ncounts, const int64_t *counts, int axis,
                  bool has_axis);
/* np.flip over the given axes (naxes < 0: all); a view. */
Tensor *tn_flip(TnCtx *ctx, const Tensor *t, const int *axes, int naxes);
/* np.roll by shifts[i] along axes[i]; naxes 0 rolls the flattened tensor
   by shifts[0]. */
Tensor *tn_roll(TnCtx *ctx, const Tensor *t, int naxes, const int64_t *shifts, const int *axes);
/* np.pad(t, pad, mode='constant', constant_values=value): pad[d][0]
   before and pad[d][1] after axis d. */
Tensor *tn_pad(TnCtx *ctx, const Tensor *t, const int64_t (*pad)[2], double value);

/* np.take(t, indices, axis): along axis, or the flattened t. */
Tensor *tn_take(TnCtx *ctx, const Tensor *t, const Tensor *indices, int axis, bool has_axis);
/* np.take_along_axis / np.put_along_axis: indices has t's ndim and
   broadcasts against it on the other axes. */
Tensor *tn_take_along_axis(TnCtx *ctx, const Tensor *t, const Tensor *indices, int axis);
bool tn_put_along_axis(TnCtx *ctx, Tensor *t, const Tensor *indices, const Tensor *values, int axis);

#endif
