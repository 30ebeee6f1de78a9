/*
 * einsum.h - np.einsum for explicit ("ij,jk->ik") and implicit ("ij,jk")
 * subscripts, with "..." for broadcast axes, repeated labels in one operand
 * (diagonals: "ii->i", "ii"), sums ("ij->") and any number of operands.
 * Operands are contracted left to right, each pairwise step a batched
 * matmul (so BLAS does the work); a label that no later operand and not
 * the output needs is summed out as early as possible.  The result is
 * always a new tensor (NumPy returns a view for pure transposes).
 */
#ifndef NABLA_TENSOR_EINSUM_H
#define NABLA_TENSOR_EINSUM_H

#include "tensor.h"

Tensor *tn_einsum(TnCtx *ctx, const char *subscripts, int n, const Tensor *const *ops);

#endif
