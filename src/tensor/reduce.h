/*
 * reduce.h - reductions over a set of axes, arg-reductions and cumulative
 * sums, with NumPy's dtypes and rules.
 *
 * Axes: `axes` holds naxes axis numbers (negative counts from the end);
 * naxes < 0 (or axes NULL) means every axis, NumPy's axis=None.  An empty
 * set (naxes 0) reduces nothing, as NumPy's axis=().  keepdims keeps each
 * reduced axis with length 1 so the result broadcasts against the input.
 *
 * Result dtypes: sum, prod, nansum, cumsum, cumprod of bool and integers
 * give i64 (NumPy gives uint64 for u8, which Nabla lacks); mean, var, std,
 * nanmean of bool and integers give f64; floats keep their dtype, f32
 * accumulating in f32 as NumPy does.  Float sums use NumPy's pairwise
 * summation, so they agree with NumPy to the last bit on contiguous data.
 */
#ifndef NABLA_TENSOR_REDUCE_H
#define NABLA_TENSOR_REDUCE_H

#include "tensor.h"

/* X(ENUM, name) */
#define TN_REDUCE_OPS(X)                  \
    X(TN_RED_SUM, "sum")                  \
    X(TN_RED_PROD, "prod")                \
    X(TN_RED_MEAN, "mean")                \
    X(TN_RED_MIN, "min")                  \
    X(TN_RED_MAX, "max")                  \
    X(TN_RED_ANY, "any")                  \
    X(TN_RED_ALL, "all")                  \
    X(TN_RED_NANSUM, "nansum")            \
    X(TN_RED_NANMEAN, "nanmean")          \
    X(TN_RED_COUNT_NONZERO, "count_nonzero")

typedef enum TnReduceOp {
#define TN_ENUM_(e, name) e,
    TN_REDUCE_OPS(TN_ENUM_)
#undef TN_ENUM_
    TN_REDUCE_COUNT
} TnReduceOp;

const char *tn_reduce_name(TnReduceOp op);

/*
 * Checks and normalises axes into a mask (mask[d] true for reduced axis d).
 * Errors: an axis out of range names the axis, the ndim and the shape; a
 * repeated axis is an error as in NumPy.
 */
bool tn_axes_mask(TnCtx *ctx, const Tensor *t, const int *axes, int naxes, bool *mask);

Tensor *tn_reduce(TnCtx *ctx, TnReduceOp op, const Tensor *a, const int *axes, int naxes,
                  bool keepdims);
Tensor *tn_sum(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, bool keepdims);
Tensor *tn_mean(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, bool keepdims);
/* var and std with NumPy's ddof (delta degrees of freedom): the divisor is
   N - ddof; N - ddof <= 0 gives inf or nan, as NumPy (which also warns). */
Tensor *tn_var(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, int ddof, bool keepdims);
Tensor *tn_std(TnCtx *ctx, const Tensor *a, const int *axes, int naxes, int ddof, bool keepdims);

/* argmin/argmax along one axis, or over the flattened tensor when
   has_axis is false.  NaN counts as the extreme (its first index wins). */
Tensor *tn_argmin(TnCtx *ctx, const Tensor *a, int axis, bool has_axis, bool keepdims);
Tensor *tn_argmax(TnCtx *ctx, const Tensor *a, int axis, bool has_axis, bool keepdims);

/* Running sum / product along an axis (flattened when has_axis is false). */
Tensor *tn_cumsum(TnCtx *ctx, const Tensor *a, int axis, bool has_axis);
Tensor *tn_cumprod(TnCtx *ctx, const Tensor *a, int axis, bool has_axis);

#endif
