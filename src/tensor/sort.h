/*
 * sort.h - sort, argsort, unique and searchsorted, as NumPy.
 *
 * Order: ascending, NaN after every number (as NumPy puts it), -0.0 equal
 * to 0.0; bool sorts false before true.  Sorting is stable (a merge sort),
 * so argsort gives equal elements in their original order, the answer of
 * NumPy's kind='stable' (and one of the answers its default allows).
 */
#ifndef NABLA_SORT_H
#define NABLA_SORT_H

#include "tensor.h"

/* Pass as the axis for NumPy's axis=None: work on the flattened tensor. */
#define TN_SORT_AXIS_NONE INT32_MIN

/* A sorted copy of x along axis (negative counts from the end), the same
   shape and dtype, C-contiguous. */
Tensor *tn_sort(TnCtx *ctx, const Tensor *x, int axis);
/* The i64 indices that sort x along axis. */
Tensor *tn_argsort(TnCtx *ctx, const Tensor *x, int axis);

/* numpy.unique of the flattened x (NaNs count as one value, as NumPy's
   default equal_nan=True).  Outputs not asked for are left NULL. */
typedef struct TnUnique {
    Tensor *values;     /* the sorted distinct values, x's dtype */
    Tensor *index;      /* i64: where each value first occurs in x (flat) */
    Tensor *inverse;    /* i64, x's shape (NumPy 2): values[inverse] == x */
    Tensor *counts;     /* i64: how often each value occurs */
} TnUnique;
bool tn_unique(TnCtx *ctx, const Tensor *x, bool return_index, bool return_inverse,
               bool return_counts, TnUnique *out);
void tn_unique_free(TnCtx *ctx, TnUnique *u);

/* For each element of v, the index in the sorted 1-D a where it would be
   inserted to keep a sorted: before equal elements (right false, NumPy's
   side='left') or after them (side='right').  i64 of v's shape.  Compared
   in the promoted dtype of a and v. */
Tensor *tn_searchsorted(TnCtx *ctx, const Tensor *a, const Tensor *v, bool right);

#endif
