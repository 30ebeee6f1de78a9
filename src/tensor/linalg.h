/*
 * linalg.h - numpy.linalg over LAPACK: solve, inv, det, slogdet, eig, eigh,
 * svd, qr, cholesky, lstsq, pinv, norm, matrix_rank.
 *
 * Dtypes: f32 input is computed in f32 (sgesv, ssyevd, ...), everything else
 * (f64, ints, bool) in f64, and the results have that dtype, as in NumPy.
 * Functions that NumPy batches over leading dimensions batch here too: an
 * input of shape (..., M, N) is a stack of matrices and the results keep the
 * leading "..." (solve broadcasts the stacks of a and b against each other).
 *
 * Errors: a wrong shape is TN_ERR_SHAPE naming the shapes; a singular,
 * non-positive-definite or non-converging matrix is TN_ERR_LINALG naming
 * what failed ("matrix is singular: pivot 3 is 0"); NaN or infinity given to
 * an iterative method (eig, eigh, svd, lstsq, ...) is TN_ERR_LINALG too,
 * where NumPy would report "did not converge".
 *
 * Outputs through pointers belong to the caller (tn_free); on failure none
 * are set.
 */
#ifndef NABLA_LINALG_H
#define NABLA_LINALG_H

#include "tensor.h"

/* x with a @ x == b.  a is (..., M, M); b is (M,) for one right-hand side,
   or (..., M, K), as in NumPy 2 (a b of shape (..., M) with a batched a is
   read as (..., M, K), not as a stack of vectors). */
Tensor *tn_linalg_solve(TnCtx *ctx, const Tensor *a, const Tensor *b);
Tensor *tn_linalg_inv(TnCtx *ctx, const Tensor *a);
/* det of (..., M, M) has shape (...); computed as sign * exp(logabsdet), as
   NumPy does, so det([[1, 2], [3, 4]]) is -2.0000000000000004 here too.
   A singular matrix has det 0 (not an error). */
Tensor *tn_linalg_det(TnCtx *ctx, const Tensor *a);
bool tn_linalg_slogdet(TnCtx *ctx, const Tensor *a, Tensor **sign, Tensor **logabsdet);

/* Eigenvalues w (..., M) and right eigenvectors v (..., M, M), column
   v[:, i] for w[i], of a general square matrix.  There is no complex dtype:
   when an eigenvalue is complex this is an error that says so (and suggests
   eigh for symmetric matrices).  v may be NULL for eigenvalues only. */
bool tn_linalg_eig(TnCtx *ctx, const Tensor *a, Tensor **w, Tensor **v);
/* Symmetric eigen-decomposition reading only the lower (upper = false, NumPy's
   UPLO='L') or upper triangle; w ascending.  v may be NULL. */
bool tn_linalg_eigh(TnCtx *ctx, const Tensor *a, bool upper, Tensor **w, Tensor **v);

/* a = u @ diag(s) @ vh with s descending.  a (..., M, N), K = min(M, N):
   u (..., M, M) and vh (..., N, N) with full_matrices, else (..., M, K) and
   (..., K, N).  Without compute_uv only s is computed; u and vh may be NULL. */
bool tn_linalg_svd(TnCtx *ctx, const Tensor *a, bool full_matrices, bool compute_uv,
                   Tensor **u, Tensor **s, Tensor **vh);

typedef enum TnQrMode {
    TN_QR_REDUCED,      /* q (M, K), r (K, N): NumPy's default */
    TN_QR_COMPLETE,     /* q (M, M), r (M, N) */
    TN_QR_R,            /* r (K, N) only; q may be NULL */
} TnQrMode;
bool tn_linalg_qr(TnCtx *ctx, const Tensor *a, TnQrMode mode, Tensor **q, Tensor **r);

/* The lower-triangular L with a = L @ L.T (reads the lower triangle). */
Tensor *tn_linalg_cholesky(TnCtx *ctx, const Tensor *a);

/* Least squares: x minimising |b - a @ x|.  a (M, N), b (M,) or (M, K).
   rcond < 0 selects NumPy's default, eps * max(M, N).  residuals has shape
   (K,) (or (1,) for a 1-D b) holding the squared residual norms, and is
   empty (0,) when rank < N or M <= N, as in NumPy.  Any output pointer but
   x may be NULL. */
bool tn_linalg_lstsq(TnCtx *ctx, const Tensor *a, const Tensor *b, double rcond,
                     Tensor **x, Tensor **residuals, int64_t *rank, Tensor **s);

/* Pseudo-inverse through the SVD; singular values <= rcond * max(s) count as
   zero.  rcond < 0 selects NumPy's default 1e-15. */
Tensor *tn_linalg_pinv(TnCtx *ctx, const Tensor *a, double rcond);

/* i64 of shape (...): the number of singular values above tol; tol < 0
   selects NumPy's default, max(s) * max(M, N) * eps.  A 0-d or 1-D input has
   rank 1 unless it is all zeros. */
Tensor *tn_linalg_matrix_rank(TnCtx *ctx, const Tensor *a, double tol);

/* The ord argument of norm: NumPy's None, a number (inf and -inf too),
   'fro' or 'nuc'. */
typedef enum TnNormKind { TN_NORM_DEFAULT, TN_NORM_P, TN_NORM_FRO, TN_NORM_NUC } TnNormKind;
typedef struct TnNormOrd {
    TnNormKind kind;
    double p;           /* for TN_NORM_P */
} TnNormOrd;

/* numpy.linalg.norm(x, ord, axis, keepdims).  naxes 0 is axis=None: the
   2-norm of all elements for the default ord, else x must be 1-D or 2-D.
   One axis gives vector norms (p: any number, inf, -inf, 0 counts
   non-zeros); two axes give matrix norms (default/'fro', 'nuc', 1, -1, 2,
   -2, inf, -inf) over those axes, the first naming the rows. */
Tensor *tn_linalg_norm(TnCtx *ctx, const Tensor *x, TnNormOrd ord, const int *axes,
                       int naxes, bool keepdims);

#endif
