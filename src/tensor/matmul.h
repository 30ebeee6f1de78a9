/*
 * matmul.h - matrix products with NumPy's semantics.
 *
 * matmul (`@`): 1-D operands are promoted to a row (left) or a column
 * (right) and the added axis removed from the result; the leading (batch)
 * axes broadcast.  f32/f64 go to BLAS (gemm, gemv, dot) without copying
 * when each matrix has unit stride along one of its axes; integers and
 * bool use a tiled loop in the result dtype (integers wrap as in NumPy).
 */
#ifndef NABLA_TENSOR_MATMUL_H
#define NABLA_TENSOR_MATMUL_H

#include "tensor.h"

Tensor *tn_matmul(TnCtx *ctx, const Tensor *a, const Tensor *b);
/* np.dot: scalars multiply; 1-D . 1-D is the inner product; otherwise a
   sum over the last axis of a and the second-to-last of b. */
Tensor *tn_dot(TnCtx *ctx, const Tensor *a, const Tensor *b);
/* np.vdot: the dot product of the flattened operands (same size). */
Tensor *tn_vdot(TnCtx *ctx, const Tensor *a, const Tensor *b);
/* np.inner: a sum over the last axes of both. */
Tensor *tn_inner(TnCtx *ctx, const Tensor *a, const Tensor *b);
/* np.outer: out[i, j] = a.ravel()[i] * b.ravel()[j]. */
Tensor *tn_outer(TnCtx *ctx, const Tensor *a, const Tensor *b);
/* np.tensordot with explicit axis lists: sums over a's axes_a[i] paired
   with b's axes_b[i]; the result has a's free axes then b's. */
Tensor *tn_tensordot(TnCtx *ctx, const Tensor *a, const Tensor *b, int naxes, const int *axes_a,
                     const int *axes_b);

#endif
