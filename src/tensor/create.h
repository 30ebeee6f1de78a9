/*
 * create.h - making tensors: ranges, constants, identity and diagonals,
 * triangles, grids, and the builder that turns nested data (a bracket
 * literal, a list of lists or tensors) into one tensor.
 */
#ifndef NABLA_TENSOR_CREATE_H
#define NABLA_TENSOR_CREATE_H

#include "tensor.h"

/* np.arange: ceil((stop - start) / step) values start, start + step, ...
   (filled as NumPy does: start + i * ((start + step) - start)).  The i64
   form is for integer arguments; a zero step is an error. */
Tensor *tn_arange_f64(TnCtx *ctx, double start, double stop, double step, TnDType dt);
Tensor *tn_arange_i64(TnCtx *ctx, int64_t start, int64_t stop, int64_t step, TnDType dt);
/* np.linspace(start, stop, num, endpoint) in dt (f64 usually). */
Tensor *tn_linspace(TnCtx *ctx, double start, double stop, int64_t num, bool endpoint, TnDType dt);

Tensor *tn_full(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape, double value);
Tensor *tn_ones(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape);
/* zeros_like & co: t's shape, dtype dt. */
Tensor *tn_empty_like(TnCtx *ctx, const Tensor *t, TnDType dt);
Tensor *tn_zeros_like(TnCtx *ctx, const Tensor *t, TnDType dt);
Tensor *tn_ones_like(TnCtx *ctx, const Tensor *t, TnDType dt);
Tensor *tn_full_like(TnCtx *ctx, const Tensor *t, TnDType dt, double value);

/* np.eye(n, m, k): ones on the k-th diagonal of an n x m matrix. */
Tensor *tn_eye(TnCtx *ctx, int64_t n, int64_t m, int64_t k, TnDType dt);
/* np.diag: a 1-D v gives a square matrix with v on diagonal k; a 2-D v
   gives a copy of its diagonal k. */
Tensor *tn_diag(TnCtx *ctx, const Tensor *v, int64_t k);
/* np.tril / np.triu over the last two axes: zeros above / below diagonal k. */
Tensor *tn_tril(TnCtx *ctx, const Tensor *m, int64_t k);
Tensor *tn_triu(TnCtx *ctx, const Tensor *m, int64_t k);
/*
 * np.meshgrid(*xs, indexing): n coordinate tensors, each of shape
 * (len(x0), len(x1), ...) for indexing "ij", with the first two swapped
 * for "xy" (the default in NumPy).  Inputs are flattened.  Fills out[0..n)
 * (new tensors) and returns false with nothing to free on failure.
 */
bool tn_meshgrid(TnCtx *ctx, int n, const Tensor *const *xs, bool xy, Tensor **out);

/*
 * The builder for nested data.  Calls mirror the nesting: open for '[',
 * close for ']', push for each number or tensor inside.  The shape is found
 * from the nesting, ragged data is an error naming the depth and both
 * lengths, and the dtype is NumPy's for the values seen (bool < i64 < f64,
 * tensors contributing their dtypes), unless the caller forces one.
 * A push with no open list makes a 0-d tensor.
 */
typedef struct TnBuilder {
    TnCtx *ctx;
    int depth;                      /* lists open now */
    int max_depth;                  /* deepest list opened */
    int leaf_depth;                 /* depth of the numbers: -1 until the first */
    int64_t shape[TN_MAX_DIMS];     /* -1: length not known yet */
    int64_t count[TN_MAX_DIMS + 1]; /* items so far in the open list at each depth */
    TnDType dtype;                  /* of the values so far */
    bool any;                       /* a value was pushed */
    bool failed;
    void *buf;                      /* 8-byte slots: int64 until a float comes, then double */
    int64_t n, cap;
} TnBuilder;

void tn_builder_init(TnBuilder *b, TnCtx *ctx);
bool tn_builder_open(TnBuilder *b);
bool tn_builder_close(TnBuilder *b);
bool tn_builder_push_f64(TnBuilder *b, double v);
bool tn_builder_push_i64(TnBuilder *b, int64_t v);
bool tn_builder_push_bool(TnBuilder *b, bool v);
bool tn_builder_push_tensor(TnBuilder *b, const Tensor *t);
/* The tensor (in `force` when force >= 0, else the inferred dtype); the
   builder is released either way. */
Tensor *tn_builder_finish(TnBuilder *b, int force);
/* Releases a builder without finishing (after an error). */
void tn_builder_free(TnBuilder *b);

#endif
