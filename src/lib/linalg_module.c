/*
 * linalg_module.c - `import linalg`: numpy.linalg's functions over the
 * engine's LAPACK binding.  Functions that NumPy gives several results
 * return a tuple (w, v = linalg.eigh(a)); a singular or non-converging
 * matrix raises LinAlgError naming the problem.
 */
#include "lib/tensor_lib.h"

#include <math.h>
#include <string.h>

#include "tensor/linalg.h"

/* One tensor argument, named param. */
static bool matrix_arg(VM *vm, Value v, const char *fn, const char *param, TlArg *a)
{
    return tl_arg(vm, v, fn, param, a);
}

static bool one_matrix(VM *vm, const char *fn, Tensor *(*op)(TnCtx *, const Tensor *), int argc,
                       Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    TlArg a;
    if (!tl_args(vm, fn, argc, argv, kwargs, "a", v) || !matrix_arg(vm, v[0], fn, "a", &a))
        return false;
    Tensor *r = op(&vm->tn, a.t);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static bool la_inv(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return one_matrix(vm, "linalg.inv", tn_linalg_inv, argc, argv, kwargs, out);
}

static bool la_det(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return one_matrix(vm, "linalg.det", tn_linalg_det, argc, argv, kwargs, out);
}

static bool la_cholesky(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return one_matrix(vm, "linalg.cholesky", tn_linalg_cholesky, argc, argv, kwargs, out);
}

static bool la_solve(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    TlArg a, b;
    if (!tl_args(vm, "linalg.solve", argc, argv, kwargs, "a b", v) ||
        !matrix_arg(vm, v[0], "linalg.solve", "a", &a))
        return false;
    if (!matrix_arg(vm, v[1], "linalg.solve", "b", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = tn_linalg_solve(&vm->tn, a.t, b.t);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    return tl_result(vm, r, out);
}

static bool la_slogdet(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    TlArg a;
    if (!tl_args(vm, "linalg.slogdet", argc, argv, kwargs, "a", v) ||
        !matrix_arg(vm, v[0], "linalg.slogdet", "a", &a))
        return false;
    Tensor *r[2];
    bool ok = tn_linalg_slogdet(&vm->tn, a.t, &r[0], &r[1]);
    tl_arg_free(vm, &a);
    return ok ? tl_tuple(vm, r, 2, out) : tl_raise(vm);
}

static bool la_eig(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    TlArg a;
    if (!tl_args(vm, "linalg.eig", argc, argv, kwargs, "a", v) ||
        !matrix_arg(vm, v[0], "linalg.eig", "a", &a))
        return false;
    Tensor *r[2];
    bool ok = tn_linalg_eig(&vm->tn, a.t, &r[0], &r[1]);
    tl_arg_free(vm, &a);
    return ok ? tl_tuple(vm, r, 2, out) : tl_raise(vm);
}

static bool la_eigvals(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    TlArg a;
    if (!tl_args(vm, "linalg.eigvals", argc, argv, kwargs, "a", v) ||
        !matrix_arg(vm, v[0], "linalg.eigvals", "a", &a))
        return false;
    Tensor *w;
    bool ok = tn_linalg_eig(&vm->tn, a.t, &w, NULL);
    tl_arg_free(vm, &a);
    return ok ? tl_result(vm, w, out) : tl_raise(vm);
}

static bool uplo_arg(VM *vm, Value v, const char *fn, bool *upper)
{
    *upper = false;
    if (!tl_given(v))
        return true;
    const char *s = tl_str(vm, v, fn, "UPLO");
    if (!s)
        return false;
    if (strcmp(s, "L") != 0 && strcmp(s, "U") != 0)
        return vm_raise(vm, vm->exc.value_error, "%s(): UPLO must be 'L' or 'U', not '%s'", fn, s);
    *upper = s[0] == 'U';
    return true;
}

static bool la_eigh(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    bool upper;
    TlArg a;
    if (!tl_args(vm, "linalg.eigh", argc, argv, kwargs, "a UPLO=", v) ||
        !uplo_arg(vm, v[1], "linalg.eigh", &upper) ||
        !matrix_arg(vm, v[0], "linalg.eigh", "a", &a))
        return false;
    Tensor *r[2];
    bool ok = tn_linalg_eigh(&vm->tn, a.t, upper, &r[0], &r[1]);
    tl_arg_free(vm, &a);
    return ok ? tl_tuple(vm, r, 2, out) : tl_raise(vm);
}

static bool la_eigvalsh(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    bool upper;
    TlArg a;
    if (!tl_args(vm, "linalg.eigvalsh", argc, argv, kwargs, "a UPLO=", v) ||
        !uplo_arg(vm, v[1], "linalg.eigvalsh", &upper) ||
        !matrix_arg(vm, v[0], "linalg.eigvalsh", "a", &a))
        return false;
    Tensor *w;
    bool ok = tn_linalg_eigh(&vm->tn, a.t, upper, &w, NULL);
    tl_arg_free(vm, &a);
    return ok ? tl_result(vm, w, out) : tl_raise(vm);
}

static bool la_svd(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    bool full, uv;
    TlArg a;
    if (!tl_args(vm, "linalg.svd", argc, argv, kwargs, "a full_matrices= compute_uv= hermitian=",
                 v) ||
        !tl_bool(vm, v[1], true, &full) || !tl_bool(vm, v[2], true, &uv) ||
        !matrix_arg(vm, v[0], "linalg.svd", "a", &a))
        return false;
    Tensor *u = NULL, *s = NULL, *vh = NULL;
    bool ok = tn_linalg_svd(&vm->tn, a.t, full, uv, uv ? &u : NULL, &s, uv ? &vh : NULL);
    tl_arg_free(vm, &a);
    if (!ok)
        return tl_raise(vm);
    if (!uv)
        return tl_result(vm, s, out);
    Tensor *r[3] = {u, s, vh};
    return tl_tuple(vm, r, 3, out);
}

static bool la_qr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    TlArg a;
    if (!tl_args(vm, "linalg.qr", argc, argv, kwargs, "a mode=", v))
        return false;
    TnQrMode mode = TN_QR_REDUCED;
    if (tl_given(v[1])) {
        const char *m = tl_str(vm, v[1], "linalg.qr", "mode");
        if (!m)
            return false;
        if (strcmp(m, "reduced") == 0)
            mode = TN_QR_REDUCED;
        else if (strcmp(m, "complete") == 0)
            mode = TN_QR_COMPLETE;
        else if (strcmp(m, "r") == 0)
            mode = TN_QR_R;
        else
            return vm_raise(vm, vm->exc.value_error,
                            "linalg.qr(): mode must be 'reduced', 'complete' or 'r', not '%s'", m);
    }
    if (!matrix_arg(vm, v[0], "linalg.qr", "a", &a))
        return false;
    Tensor *q = NULL, *r = NULL;
    bool ok = tn_linalg_qr(&vm->tn, a.t, mode, mode == TN_QR_R ? NULL : &q, &r);
    tl_arg_free(vm, &a);
    if (!ok)
        return tl_raise(vm);
    if (mode == TN_QR_R)
        return tl_result(vm, r, out);
    Tensor *qr[2] = {q, r};
    return tl_tuple(vm, qr, 2, out);
}

static bool la_lstsq(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    double rcond;
    TlArg a, b;
    if (!tl_args(vm, "linalg.lstsq", argc, argv, kwargs, "a b rcond=", v) ||
        !tl_float(vm, v[2], "linalg.lstsq", "rcond", -1.0, &rcond) ||
        !matrix_arg(vm, v[0], "linalg.lstsq", "a", &a))
        return false;
    if (!matrix_arg(vm, v[1], "linalg.lstsq", "b", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *x = NULL, *res = NULL, *s = NULL;
    int64_t rank = 0;
    bool ok = tn_linalg_lstsq(&vm->tn, a.t, b.t, rcond, &x, &res, &rank, &s);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    if (!ok)
        return tl_raise(vm);
    /* (x, residuals, rank, s) as NumPy; residuals and s stay tensors */
    ObjTuple *tup = tuple_new(vm, 4);
    if (!tup) {
        tn_free(&vm->tn, x);
        tn_free(&vm->tn, res);
        tn_free(&vm->tn, s);
        return false;
    }
    gc_push_root(vm, OBJ_VAL(tup));
    tup->items[2] = INT_VAL(rank);
    bool ok2 = tl_result(vm, x, &tup->items[0]);
    if (ok2)
        ok2 = tl_wrap(vm, res, &tup->items[1]);
    else
        tn_free(&vm->tn, res);
    if (ok2)
        ok2 = tl_wrap(vm, s, &tup->items[3]);
    else
        tn_free(&vm->tn, s);
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(tup);
    return ok2;
}

static bool la_pinv(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    double rcond;
    TlArg a;
    if (!tl_args(vm, "linalg.pinv", argc, argv, kwargs, "a rcond= hermitian=", v) ||
        !tl_float(vm, v[1], "linalg.pinv", "rcond", -1.0, &rcond) ||
        !matrix_arg(vm, v[0], "linalg.pinv", "a", &a))
        return false;
    Tensor *r = tn_linalg_pinv(&vm->tn, a.t, rcond);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static bool la_matrix_rank(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    double tol;
    TlArg a;
    if (!tl_args(vm, "linalg.matrix_rank", argc, argv, kwargs, "A tol= hermitian=", v) ||
        !tl_float(vm, v[1], "linalg.matrix_rank", "tol", -1.0, &tol) ||
        !matrix_arg(vm, v[0], "linalg.matrix_rank", "A", &a))
        return false;
    Tensor *r = tn_linalg_matrix_rank(&vm->tn, a.t, tol);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

/* ord: None, a number (inf and -inf too), 'fro' or 'nuc'. */
static bool norm_ord(VM *vm, Value v, TnNormOrd *ord)
{
    ord->kind = TN_NORM_DEFAULT;
    ord->p = 2;
    if (!tl_given(v))
        return true;
    if (IS_STR(v)) {
        if (strcmp(AS_CSTR(v), "fro") == 0)
            ord->kind = TN_NORM_FRO;
        else if (strcmp(AS_CSTR(v), "nuc") == 0)
            ord->kind = TN_NORM_NUC;
        else
            return vm_raise(vm, vm->exc.value_error,
                            "linalg.norm(): ord must be a number, inf, 'fro' or 'nuc', not '%s'",
                            AS_CSTR(v));
        return true;
    }
    ord->kind = TN_NORM_P;
    return arg_float(vm, &v, 0, "linalg.norm", "ord", &ord->p);
}

static bool la_norm(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    TnNormOrd ord;
    int axes[TN_MAX_DIMS], naxes;
    bool keep;
    TlArg a;
    if (!tl_args(vm, "linalg.norm", argc, argv, kwargs, "x ord= axis= keepdims=", v) ||
        !norm_ord(vm, v[1], &ord) || !tl_axes(vm, v[2], "linalg.norm", axes, &naxes) ||
        !tl_bool(vm, v[3], false, &keep) || !matrix_arg(vm, v[0], "linalg.norm", "x", &a))
        return false;
    if (naxes < 0)
        naxes = 0;
    Tensor *r = tn_linalg_norm(&vm->tn, a.t, ord, axes, naxes, keep);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static const NativeSpec linalg_functions[] = {
    {"solve", la_solve, 2, 2, "linalg.solve(a, b)",
     "The x with a @ x == b, for a square, non-singular a (b a vector or a matrix of\n"
     "right-hand sides). Faster and more accurate than inv(a) @ b.\n\n"
     "Example:\n    >>> linalg.solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 8.0]).tolist()\n"
     "    [1.0, 2.0]"},
    {"inv", la_inv, 1, 1, "linalg.inv(a)",
     "The inverse of a square matrix (a stack of them for more axes); a singular matrix\n"
     "is a LinAlgError.\n\n"
     "Example:\n    >>> linalg.inv([[2.0, 0.0], [0.0, 4.0]]).tolist()\n"
     "    [[0.5, 0.0], [0.0, 0.25]]"},
    {"det", la_det, 1, 1, "linalg.det(a)",
     "The determinant of a square matrix, computed through LU as NumPy does.\n\n"
     "Example:\n    >>> linalg.det([[1.0, 2.0], [3.0, 4.0]])\n    -2.0000000000000004"},
    {"slogdet", la_slogdet, 1, 1, "linalg.slogdet(a)",
     "(sign, logabsdet) with det(a) == sign * exp(logabsdet), without overflow for large\n"
     "matrices.\n\n"
     "Example:\n    >>> linalg.slogdet([[2.0, 0.0], [0.0, 3.0]])\n"
     "    (1.0, 1.791759469228055)"},
    {"eig", la_eig, 1, 1, "linalg.eig(a)",
     "(w, v): the eigenvalues w and eigenvectors v (column v[:, i] for w[i]) of a square\n"
     "matrix. Nabla has no complex dtype: complex eigenvalues are an error (eigh handles\n"
     "symmetric matrices, whose eigenvalues are real).\n\n"
     "Example:\n    >>> w, v = linalg.eig([[2.0, 0.0], [0.0, 3.0]])\n    >>> w.tolist()\n"
     "    [2.0, 3.0]"},
    {"eigvals", la_eigvals, 1, 1, "linalg.eigvals(a)",
     "The eigenvalues of a square matrix (see eig).\n\n"
     "Example:\n    >>> linalg.eigvals([[2.0, 0.0], [0.0, 3.0]]).tolist()\n    [2.0, 3.0]"},
    {"eigh", la_eigh, 1, 2, "linalg.eigh(a, UPLO='L')",
     "(w, v) for a symmetric matrix: eigenvalues in ascending order and orthonormal\n"
     "eigenvectors as columns. Only the lower (UPLO='L') or upper triangle is read.\n\n"
     "Example:\n    >>> w, v = linalg.eigh([[2.0, 1.0], [1.0, 2.0]])\n    >>> w.tolist()\n"
     "    [1.0, 3.0]"},
    {"eigvalsh", la_eigvalsh, 1, 2, "linalg.eigvalsh(a, UPLO='L')",
     "The eigenvalues of a symmetric matrix, ascending.\n\n"
     "Example:\n    >>> linalg.eigvalsh([[2.0, 1.0], [1.0, 2.0]]).tolist()\n    [1.0, 3.0]"},
    {"svd", la_svd, 1, 4, "linalg.svd(a, full_matrices=True, compute_uv=True, hermitian=False)",
     "(u, s, vh) with a == u @ diag(s) @ vh and s descending; full_matrices=False gives the\n"
     "thin factors; compute_uv=False gives s alone.\n\n"
     "Example:\n    >>> linalg.svd([[3.0, 0.0], [0.0, 4.0]], compute_uv=False).tolist()\n"
     "    [4.0, 3.0]"},
    {"qr", la_qr, 1, 2, "linalg.qr(a, mode='reduced')",
     "(q, r) with a == q @ r, q orthonormal and r upper triangular; mode='complete' gives a\n"
     "square q, mode='r' gives r alone.\n\n"
     "Example:\n    >>> q, r = linalg.qr([[1.0, 0.0], [0.0, 2.0]])\n    >>> abs(r).tolist()\n"
     "    [[1.0, 0.0], [0.0, 2.0]]"},
    {"cholesky", la_cholesky, 1, 1, "linalg.cholesky(a)",
     "The lower-triangular L with a == L @ L.T, for a symmetric positive-definite a (else a\n"
     "LinAlgError).\n\n"
     "Example:\n    >>> linalg.cholesky([[4.0, 2.0], [2.0, 2.0]]).tolist()\n"
     "    [[2.0, 0.0], [1.0, 1.0]]"},
    {"lstsq", la_lstsq, 2, 3, "linalg.lstsq(a, b, rcond=None)",
     "(x, residuals, rank, s): the least-squares solution x minimising |b - a @ x|, the\n"
     "squared residual norms (empty when a is rank-deficient or not tall), the rank of\n"
     "a and its singular values. The workhorse of linear regression.\n\n"
     "Example:\n    >>> x, res, rank, s = linalg.lstsq([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 2.0, 3.0])\n"
     "    >>> x.round(6).tolist(), rank\n    ([1.0, 1.0], 2)"},
    {"pinv", la_pinv, 1, 3, "linalg.pinv(a, rcond=1e-15, hermitian=False)",
     "The Moore-Penrose pseudo-inverse, through the SVD (singular values below\n"
     "rcond * max(s) count as zero).\n\n"
     "Example:\n    >>> linalg.pinv([[2.0, 0.0], [0.0, 0.0]]).tolist()\n"
     "    [[0.5, 0.0], [0.0, 0.0]]"},
    {"matrix_rank", la_matrix_rank, 1, 3, "linalg.matrix_rank(A, tol=None, hermitian=False)",
     "The number of singular values above tol (default: max(s) * max(M, N) * eps).\n\n"
     "Example:\n    >>> linalg.matrix_rank([[1.0, 2.0], [2.0, 4.0]])\n    1"},
    {"norm", la_norm, 1, 4, "linalg.norm(x, ord=None, axis=None, keepdims=False)",
     "A vector or matrix norm: by default the 2-norm of all elements (Frobenius for a\n"
     "matrix). ord is a number (inf, -inf and 0 too), 'fro' or 'nuc'; axis picks one axis\n"
     "(vector norms) or two (matrix norms).\n\n"
     "Example:\n    >>> linalg.norm([3.0, 4.0])\n    5.0"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_linalg(VM *vm, ObjModule *m)
{
    vm_define_natives(vm, m->globals, linalg_functions);
    ObjString *doc = str_from_cstr(vm,
        "Linear algebra as numpy.linalg: solve, inv, det, slogdet, eig, eigvals, eigh,\n"
        "eigvalsh, svd, qr, cholesky, lstsq, pinv, matrix_rank, norm. Matrices are 2-D\n"
        "tensors (or stacks of them); results are f64, or f32 for f32 input.");
    return doc && dict_set_str(vm, m->globals, vm->names.doc, OBJ_VAL(doc));
}
