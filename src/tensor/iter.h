/*
 * iter.h - the one broadcasting iterator behind every elementwise kernel,
 * copy and reduction.
 *
 * Operands are described over one common shape, a stride of 0 standing for a
 * broadcast axis.  The iterator drops axes of length 1, orders the axes so
 * that the first operand walks memory forwards as far as possible, and merges
 * axes that are contiguous for every operand; what is left is an outer
 * odometer and one inner run that a typed loop handles with its contiguous
 * and scalar fast paths.  An elementwise op over C-contiguous operands is a
 * single call of the loop for the whole array.
 */
#ifndef NABLA_TENSOR_ITER_H
#define NABLA_TENSOR_ITER_H

#include "tensor.h"

#define TN_ITER_MAX_OPS 5

/* The loop a kernel implements: n elements, operand k at ptrs[k] advancing
   by strides[k] bytes. */
typedef void (*TnLoopFn)(char **ptrs, const int64_t *strides, int64_t n, void *aux);

typedef struct TnIter {
    int nops;
    int ndim;                                   /* >= 1; shape[ndim-1] is the inner run */
    int64_t shape[TN_MAX_DIMS];
    int64_t strides[TN_ITER_MAX_OPS][TN_MAX_DIMS];
    char *base[TN_ITER_MAX_OPS];
    int64_t size;                               /* elements; 0 means nothing to run */
} TnIter;

/*
 * Sets up iteration over `shape`; operand k starts at ptrs[k] with
 * strides[k][0..ndim).  With reorder, axes are sorted by the strides of the
 * operands in priority order (the first operand with non-zero strides on
 * both axes decides), which is what reductions and in-place ops on
 * transposed views want; without it C order is kept.
 */
void tn_iter_init(TnIter *it, int nops, char *const *ptrs, int ndim, const int64_t *shape,
                  const int64_t *const *strides, bool reorder);
/* Calls fn once per inner run. */
void tn_iter_run(const TnIter *it, TnLoopFn fn, void *aux);
/*
 * The same split over up to nthreads threads along the outermost axis
 * (the caller's thread takes the first part), for loops that only write
 * their own output elements.  Small iterations run on one thread: starting
 * a thread costs about as much as 10^4 elements.
 */
void tn_iter_run_threads(const TnIter *it, TnLoopFn fn, void *aux, int nthreads);

/*
 * The broadcast shape of n shapes (NumPy's rule: align from the right; each
 * pair of lengths is equal or one of them is 1).  On failure sets a
 * TN_ERR_SHAPE error that names both offending shapes and the axis.
 */
bool tn_broadcast_shapes(TnCtx *ctx, int n, const Tensor *const *ts, int *ndim, int64_t *shape);
/* Strides of t seen as the broadcast shape (0 on broadcast axes). */
void tn_broadcast_strides(const Tensor *t, int ndim, const int64_t *shape, int64_t *strides);

#endif
