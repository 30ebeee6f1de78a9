/*
 * index.h - NumPy indexing, read and write.
 *
 * The front end describes `x[a, b, ...]` as an array of TnIndex, one per
 * item between the brackets.  Ints, slices, None (newaxis) and one
 * Ellipsis give a view; an integer or bool tensor anywhere makes it
 * advanced indexing, which copies.  NumPy's rules hold throughout: a bool
 * mask stands for its nonzero() index arrays; with any index array present,
 * integer scalars are index arrays too; the index arrays broadcast
 * together, and their broadcast axes replace the indexed axes in place when
 * the advanced indices sit next to each other, else they come first
 * (x[:, [0, 1], [0, 1]] keeps the first axis in front; x[[0, 1], :, [0, 1]]
 * puts the index axis first).
 *
 * Assignment broadcasts the value to the shape the same index would read,
 * casting it to x's dtype (NumPy's unsafe setitem casting).
 */
#ifndef NABLA_TENSOR_INDEX_H
#define NABLA_TENSOR_INDEX_H

#include "ops.h"
#include "tensor.h"
#include "view.h"

typedef enum TnIndexKind {
    TN_IDX_INT,         /* i: removes the axis */
    TN_IDX_SLICE,       /* start:stop:step */
    TN_IDX_NEWAXIS,     /* None: inserts an axis of length 1 */
    TN_IDX_ELLIPSIS,    /* ...: as many full slices as needed */
    TN_IDX_TENSOR,      /* an integer or bool tensor */
} TnIndexKind;

typedef struct TnIndex {
    TnIndexKind kind;
    int64_t i;              /* TN_IDX_INT */
    TnSlice slice;          /* TN_IDX_SLICE */
    const Tensor *tensor;   /* TN_IDX_TENSOR, borrowed */
} TnIndex;

/* Convenience constructors for C callers and tests. */
TnIndex tn_idx_int(int64_t i);
TnIndex tn_idx_slice(TnSlice s);
TnIndex tn_idx_all(void);                                  /* : */
TnIndex tn_idx_range(int64_t start, int64_t stop, int64_t step);
TnIndex tn_idx_newaxis(void);
TnIndex tn_idx_ellipsis(void);
TnIndex tn_idx_tensor(const Tensor *t);

/* x[idx...]: a view for basic indices, a new tensor for advanced ones. */
Tensor *tn_index_get(TnCtx *ctx, const Tensor *x, int n, const TnIndex *idx);
/* x[idx...] = value, writing through x. */
bool tn_index_set(TnCtx *ctx, Tensor *x, int n, const TnIndex *idx, const Tensor *value);
/* x[idx...] op= value: NumPy's x[idx] = x[idx] op value (an index repeated
   in an index array is applied once), with the in-place casting rule. */
bool tn_index_inplace(TnCtx *ctx, TnBinOp op, Tensor *x, int n, const TnIndex *idx,
                      const Tensor *value);
/* np.nonzero: the indices of the non-zero elements, one i64 tensor per axis
   (a 0-d input counts as 1-d).  Fills out[0..ndim) with new tensors. */
bool tn_nonzero(TnCtx *ctx, const Tensor *t, Tensor **out);

#endif
