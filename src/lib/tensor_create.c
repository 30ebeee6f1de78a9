/*
 * tensor_create.c - making tensors (array, zeros, ones, full, empty and
 * their _like forms, arange, linspace, eye, identity) and changing their
 * shape (reshape, transpose, swapaxes, moveaxis, squeeze, expand_dims,
 * broadcast_to, ravel, flatten, diagonal), as builtins with NumPy's
 * signatures and, where NumPy has one, as methods.
 *
 * Shape functions return views that share the input's storage, so their
 * input is never a TlArg scalar (whose storage lives on the C stack): a
 * number is first made into a tensor of its own (view_source).
 */
#include "lib/tensor_lib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tensor/create.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"
#include "tensor/view.h"

/* The tensor a view is taken of: borrowed from a tensor value, else a new
   one converted from the value (numbers too). */
static Tensor *view_source(VM *vm, Value v, const char *fn, bool *owned)
{
    *owned = false;
    if (IS_TENSOR(v))
        return AS_TENSOR(v);
    Tensor *t = tl_from_value(vm, v, fn, false);
    *owned = t != NULL;
    return t;
}

static void drop_source(VM *vm, Tensor *t, bool owned)
{
    if (owned)
        tn_free(&vm->tn, t);
}

/* ---- array and friends */

static bool add_leading_axes(VM *vm, Tensor **t, int64_t ndmin)
{
    if ((*t)->ndim >= ndmin)
        return true;
    if (ndmin > TN_MAX_DIMS)
        return vm_raise(vm, vm->exc.value_error, "array(): ndmin must be at most %d", TN_MAX_DIMS);
    int64_t shape[TN_MAX_DIMS];
    int add = (int)ndmin - (*t)->ndim;
    for (int i = 0; i < add; i++)
        shape[i] = 1;
    memcpy(shape + add, (*t)->shape, sizeof(int64_t) * (size_t)(*t)->ndim);
    Tensor *r = tn_reshape(&vm->tn, *t, (int)ndmin, shape);
    tn_free(&vm->tn, *t);
    *t = r;
    return r != NULL || tl_raise(vm);
}

static bool c_array(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    TnDType dt;
    bool given, copy;
    int64_t ndmin;
    if (!tl_args(vm, "array", argc, argv, kwargs, "object dtype= copy= ndmin=", v) ||
        !tl_dtype(vm, v[1], "array", &dt, &given) || !tl_bool(vm, v[2], true, &copy) ||
        !tl_int(vm, v[3], "array", "ndmin", 0, &ndmin))
        return false;
    if (IS_TENSOR(v[0]) && !copy && (!given || dt == AS_TENSOR(v[0])->dtype) &&
        AS_TENSOR(v[0])->ndim >= ndmin) {
        *out = v[0];
        return true;
    }
    Tensor *t;
    if (IS_TENSOR(v[0]))
        t = given ? tn_astype(&vm->tn, AS_TENSOR(v[0]), dt) : tn_copy(&vm->tn, AS_TENSOR(v[0]));
    else {
        t = tl_from_value(vm, v[0], "array", false);
        if (t && given && t->dtype != dt) {
            Tensor *c = tn_astype(&vm->tn, t, dt);
            tn_free(&vm->tn, t);
            t = c;
            if (!t)
                return tl_raise(vm);
        }
        if (!t)
            return false;
    }
    if (!t)
        return tl_raise(vm);
    if (!add_leading_axes(vm, &t, ndmin))
        return false;
    return tl_wrap(vm, t, out);
}

/* asarray(a): a itself when it is already a tensor of that dtype. */
static bool c_asarray(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    TnDType dt;
    bool given;
    if (!tl_args(vm, "asarray", argc, argv, kwargs, "a dtype=", v) ||
        !tl_dtype(vm, v[1], "asarray", &dt, &given))
        return false;
    if (IS_TENSOR(v[0])) {
        if (!given || dt == AS_TENSOR(v[0])->dtype) {
            *out = v[0];
            return true;
        }
        return tl_wrap(vm, tn_astype(&vm->tn, AS_TENSOR(v[0]), dt), out);
    }
    Tensor *t = tl_from_value(vm, v[0], "asarray", false);
    if (t && given && t->dtype != dt) {
        Tensor *c = tn_astype(&vm->tn, t, dt);
        tn_free(&vm->tn, t);
        t = c;
        if (!t)
            return tl_raise(vm);
    }
    return t && tl_wrap(vm, t, out);
}

/*
 * The shape of zeros/ones/empty/full: NumPy's zeros((2, 3)) or zeros(4),
 * and the convenience zeros(2, 3), recognised by a second positional int
 * (NumPy's second parameter is the dtype, never an int).
 */
static bool shape_args(VM *vm, const char *fn, int *argc, Value *argv, int *ndim, int64_t *shape,
                       bool *spread)
{
    *spread = false;
    if (*argc >= 2 && (IS_INT(argv[1]) || IS_BOOL(argv[1])) && IS_INT(argv[0])) {
        int n = 0;
        while (n < *argc && IS_INT(argv[n]))
            n++;
        if (n > TN_MAX_DIMS)
            return vm_raise(vm, vm->exc.value_error, "%s(): at most %d axes", fn, TN_MAX_DIMS);
        for (int i = 0; i < n; i++) {
            shape[i] = AS_INT(argv[i]);
            if (shape[i] < 0)
                return vm_raise(vm, vm->exc.value_error,
                                "%s(): negative dimensions are not allowed", fn);
        }
        *ndim = n;
        *spread = true;
        return true;
    }
    return true;
}

static bool fill_value_dtype(VM *vm, Value fill, const char *fn, TnDType *dt)
{
    if (IS_FLOAT(fill))
        *dt = TN_F64;
    else if (IS_INT(fill))
        *dt = TN_I64;
    else if (IS_BOOL(fill))
        *dt = TN_BOOL;
    else if (IS_TENSOR(fill))
        *dt = AS_TENSOR(fill)->dtype;
    else
        return vm_raise(vm, vm->exc.type_error, "%s(): fill_value must be a number, not %s", fn,
                        value_type_name(vm, fill));
    return true;
}

/* t filled with value (a number or a tensor that broadcasts to t). */
static bool fill_with(VM *vm, Tensor *t, Value value, const char *fn)
{
    TlArg a;
    if (!tl_arg(vm, value, fn, "fill_value", &a))
        return false;
    Tensor *b = tn_broadcast_to(&vm->tn, a.t, t->ndim, t->shape);
    bool ok = b && tn_copy_into(&vm->tn, t, b);
    if (b)
        tn_free(&vm->tn, b);
    tl_arg_free(vm, &a);
    return ok || tl_raise(vm);
}

typedef enum Filler { FILL_ZEROS, FILL_ONES, FILL_EMPTY, FILL_FULL } Filler;

static bool make_filled(VM *vm, Filler kind, const char *fn, int argc, Value *argv,
                        ObjDict *kwargs, Value *out)
{
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    bool spread;
    if (!shape_args(vm, fn, &argc, argv, &ndim, shape, &spread))
        return false;
    Value v[4];
    const char *spec = kind == FILL_FULL ? "shape fill_value dtype= order=" : "shape dtype= order=";
    int nfixed = kind == FILL_FULL ? 2 : 1;
    if (spread) {
        if (kind == FILL_FULL)
            return vm_raise(vm, vm->exc.type_error,
                            "full() takes the shape as a tuple: full((2, 3), 7)");
        if (!tl_args(vm, fn, 0, argv, kwargs, "dtype= order=", v + 1))
            return false;
    } else {
        if (!tl_args(vm, fn, argc, argv, kwargs, spec, v) ||
            !tl_shape(vm, v[0], fn, "shape", &ndim, shape))
            return false;
    }
    TnDType dt = TN_F64;
    bool given;
    if (kind == FILL_FULL && !fill_value_dtype(vm, v[1], fn, &dt))
        return false;
    if (!tl_dtype(vm, v[nfixed], fn, &dt, &given))
        return false;
    Tensor *t = kind == FILL_ZEROS ? tn_zeros(&vm->tn, dt, ndim, shape)
                                   : tn_empty(&vm->tn, dt, ndim, shape);
    if (!t)
        return tl_raise(vm);
    if (kind == FILL_EMPTY) /* NumPy leaves it uninitialised; zeros are kinder */
        memset(tn_data(t), 0, (size_t)t->size * tn_dtype_size(dt));
    if (kind == FILL_ONES && !tn_fill(&vm->tn, t, 1)) {
        tn_free(&vm->tn, t);
        return tl_raise(vm);
    }
    if (kind == FILL_FULL && !fill_with(vm, t, v[1], fn)) {
        tn_free(&vm->tn, t);
        return false;
    }
    return tl_wrap(vm, t, out);
}

static bool c_zeros(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_filled(vm, FILL_ZEROS, "zeros", argc, argv, kwargs, out);
}

static bool c_ones(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_filled(vm, FILL_ONES, "ones", argc, argv, kwargs, out);
}

static bool c_empty(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_filled(vm, FILL_EMPTY, "empty", argc, argv, kwargs, out);
}

static bool c_full(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_filled(vm, FILL_FULL, "full", argc, argv, kwargs, out);
}

static bool make_like(VM *vm, Filler kind, const char *fn, int argc, Value *argv, ObjDict *kwargs,
                      Value *out)
{
    Value v[4];
    bool full = kind == FILL_FULL;
    if (!tl_args(vm, fn, argc, argv, kwargs,
                 full ? "a fill_value dtype= shape=" : "a dtype= shape=", v))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], fn, "a", &a))
        return false;
    TnDType dt = a.t->dtype;
    if (a.was_scalar)
        dt = tn_kind_default(tn_dtype_kind(dt));
    int ndim = a.t->ndim;
    int64_t shape[TN_MAX_DIMS];
    memcpy(shape, a.t->shape, sizeof(int64_t) * (size_t)ndim);
    tl_arg_free(vm, &a);
    bool given;
    Value dv = v[full ? 2 : 1], sv = v[full ? 3 : 2];
    if (!tl_dtype(vm, dv, fn, &dt, &given) ||
        (tl_given(sv) && !tl_shape(vm, sv, fn, "shape", &ndim, shape)))
        return false;
    Tensor *t = tn_zeros(&vm->tn, dt, ndim, shape);
    if (!t)
        return tl_raise(vm);
    if (kind == FILL_ONES && !tn_fill(&vm->tn, t, 1)) {
        tn_free(&vm->tn, t);
        return tl_raise(vm);
    }
    if (full && !fill_with(vm, t, v[1], fn)) {
        tn_free(&vm->tn, t);
        return false;
    }
    return tl_wrap(vm, t, out);
}

static bool c_zeros_like(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_like(vm, FILL_ZEROS, "zeros_like", argc, argv, kwargs, out);
}

static bool c_ones_like(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_like(vm, FILL_ONES, "ones_like", argc, argv, kwargs, out);
}

static bool c_empty_like(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_like(vm, FILL_EMPTY, "empty_like", argc, argv, kwargs, out);
}

static bool c_full_like(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return make_like(vm, FILL_FULL, "full_like", argc, argv, kwargs, out);
}

/* ---- ranges and matrices */

/* arange(stop), arange(start, stop, step=1, dtype=None): i64 when every
   bound is an int, else f64. */
static bool c_arange(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    if (!tl_args(vm, "arange", argc, argv, kwargs, "start stop= step= dtype=", v))
        return false;
    Value start_v = v[0], stop_v = v[1];
    if (!tl_given(stop_v)) {
        stop_v = start_v;
        start_v = INT_VAL(0);
    }
    Value bounds[3] = {start_v, stop_v, tl_given(v[2]) ? v[2] : INT_VAL(1)};
    bool all_int = true;
    for (int i = 0; i < 3; i++) {
        Value b = bounds[i];
        bool scalar_tensor = IS_TENSOR(b) && AS_TENSOR(b)->ndim == 0;
        if (!IS_NUMBER(b) && !scalar_tensor)
            return vm_raise(vm, vm->exc.type_error, "arange() takes numbers, not %s",
                            value_type_name(vm, b));
        if (IS_FLOAT(b) || (scalar_tensor && tn_dtype_is_float(AS_TENSOR(b)->dtype)))
            all_int = false;
    }
    TnDType dt = all_int ? TN_I64 : TN_F64;
    bool given;
    if (!tl_dtype(vm, v[3], "arange", &dt, &given))
        return false;
    static const char *const names[3] = {"start", "stop", "step"};
    if (all_int) {
        int64_t b[3];
        for (int i = 0; i < 3; i++)
            if (!arg_int(vm, bounds, i, "arange", names[i], &b[i]))
                return false;
        return tl_wrap(vm, tn_arange_i64(&vm->tn, b[0], b[1], b[2], dt), out);
    }
    double b[3];
    for (int i = 0; i < 3; i++)
        if (!arg_float(vm, bounds, i, "arange", names[i], &b[i]))
            return false;
    return tl_wrap(vm, tn_arange_f64(&vm->tn, b[0], b[1], b[2], dt), out);
}

static bool c_linspace(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[7];
    double a, b;
    int64_t num;
    bool endpoint, retstep, given;
    if (!tl_args(vm, "linspace", argc, argv, kwargs,
                 "start stop num= endpoint= retstep= dtype= axis=", v) ||
        !tl_float(vm, v[0], "linspace", "start", 0, &a) ||
        !tl_float(vm, v[1], "linspace", "stop", 0, &b) ||
        !tl_int(vm, v[2], "linspace", "num", 50, &num) || !tl_bool(vm, v[3], true, &endpoint) ||
        !tl_bool(vm, v[4], false, &retstep))
        return false;
    TnDType dt = TN_F64;
    if (!tl_dtype(vm, v[5], "linspace", &dt, &given))
        return false;
    Tensor *t = tn_linspace(&vm->tn, a, b, num, endpoint, dt);
    if (!retstep)
        return tl_wrap(vm, t, out);
    if (!t)
        return tl_raise(vm);
    int64_t div = endpoint ? num - 1 : num;
    ObjTuple *tup = tuple_new(vm, 2);
    if (!tup) {
        tn_free(&vm->tn, t);
        return false;
    }
    gc_push_root(vm, OBJ_VAL(tup));
    tup->items[1] = FLOAT_VAL(div > 0 ? (b - a) / (double)div : NAN);
    bool ok = tl_wrap(vm, t, &tup->items[0]);
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(tup);
    return ok;
}

static bool c_eye(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[5];
    int64_t n, m, k;
    if (!tl_args(vm, "eye", argc, argv, kwargs, "N M= k= dtype= order=", v) ||
        !tl_int(vm, v[0], "eye", "N", 0, &n) || !tl_int(vm, v[2], "eye", "k", 0, &k))
        return false;
    if (!tl_int(vm, v[1], "eye", "M", n, &m))
        return false;
    TnDType dt = TN_F64;
    bool given;
    if (!tl_dtype(vm, v[3], "eye", &dt, &given))
        return false;
    if (n < 0 || m < 0)
        return vm_raise(vm, vm->exc.value_error, "eye(): negative dimensions are not allowed");
    return tl_wrap(vm, tn_eye(&vm->tn, n, m, k, dt), out);
}

static bool c_identity(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int64_t n;
    if (!tl_args(vm, "identity", argc, argv, kwargs, "n dtype=", v) ||
        !tl_int(vm, v[0], "identity", "n", 0, &n))
        return false;
    TnDType dt = TN_F64;
    bool given;
    if (!tl_dtype(vm, v[1], "identity", &dt, &given))
        return false;
    if (n < 0)
        return vm_raise(vm, vm->exc.value_error, "identity(): negative dimensions are not allowed");
    return tl_wrap(vm, tn_eye(&vm->tn, n, n, 0, dt), out);
}

/* diag, tril, triu: one tensor and k. */
static bool with_k(VM *vm, const char *fn, const char *param,
                   Tensor *(*op)(TnCtx *, const Tensor *, int64_t), int argc, Value *argv,
                   ObjDict *kwargs, Value *out)
{
    Value v[2];
    int64_t k;
    char spec[32];
    snprintf(spec, sizeof spec, "%s k=", param);
    if (!tl_args(vm, fn, argc, argv, kwargs, spec, v) || !tl_int(vm, v[1], fn, "k", 0, &k))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], fn, param, &a))
        return false;
    Tensor *r = op(&vm->tn, a.t, k);
    tl_arg_free(vm, &a);
    return tl_wrap(vm, r, out);
}

static bool c_diag(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return with_k(vm, "diag", "v", tn_diag, argc, argv, kwargs, out);
}

static bool c_tril(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return with_k(vm, "tril", "m", tn_tril, argc, argv, kwargs, out);
}

static bool c_triu(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return with_k(vm, "triu", "m", tn_triu, argc, argv, kwargs, out);
}

/* meshgrid(*xi, indexing='xy', sparse=False): coordinate matrices. */
static bool c_meshgrid(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    bool ij = false, sparse = false;
    Value kv;
    static const char *const allowed[] = {"indexing", "sparse", "copy", NULL};
    if (!kwargs_check(vm, kwargs, "meshgrid", allowed))
        return false;
    if (kwarg_get(vm, kwargs, "indexing", &kv)) {
        const char *s = tl_str(vm, kv, "meshgrid", "indexing");
        if (!s)
            return false;
        if (strcmp(s, "ij") != 0 && strcmp(s, "xy") != 0)
            return vm_raise(vm, vm->exc.value_error,
                            "meshgrid(): indexing must be 'xy' or 'ij', not '%s'", s);
        ij = s[0] == 'i';
    }
    if (kwarg_get(vm, kwargs, "sparse", &kv) && !tl_bool(vm, kv, false, &sparse))
        return false;
    if (sparse)
        return vm_raise(vm, vm->exc.type_error,
                        "meshgrid(): sparse=True is not supported; the full grids broadcast the "
                        "same way");
    if (argc > TN_MAX_DIMS)
        return vm_raise(vm, vm->exc.value_error, "meshgrid(): at most %d inputs", TN_MAX_DIMS);
    TlArg args[TN_MAX_DIMS];
    const Tensor *xs[TN_MAX_DIMS];
    int made = 0;
    for (; made < argc; made++) {
        if (!tl_arg(vm, argv[made], "meshgrid", "xi", &args[made]))
            break;
        xs[made] = args[made].t;
    }
    Tensor *res[TN_MAX_DIMS];
    bool ok = made == argc && (tn_meshgrid(&vm->tn, argc, xs, !ij, res) || tl_raise(vm));
    for (int i = 0; i < made; i++)
        tl_arg_free(vm, &args[i]);
    return ok && tl_tuple_keep(vm, res, argc, out);
}

/* ---- shape */

/* The shape of x.reshape(2, -1) or x.reshape((2, -1)) or reshape(x, (2, -1)). */
static bool reshape_shape(VM *vm, int nargs, Value *args, int *ndim, int64_t *shape)
{
    if (nargs == 1)
        return tl_shape_any(vm, args[0], "reshape", ndim, shape);
    if (nargs > TN_MAX_DIMS)
        return vm_raise(vm, vm->exc.value_error, "reshape(): at most %d axes", TN_MAX_DIMS);
    for (int i = 0; i < nargs; i++)
        if (!arg_int(vm, args, i, "reshape", "shape", &shape[i]))
            return false;
    *ndim = nargs;
    return true;
}

static bool reshape_common(VM *vm, Value x, int nargs, Value *args, Value *out)
{
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    if (!reshape_shape(vm, nargs, args, &ndim, shape))
        return false;
    bool owned;
    Tensor *t = view_source(vm, x, "reshape", &owned);
    if (!t)
        return false;
    Tensor *r = tn_reshape(&vm->tn, t, ndim, shape);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

/* reshape(a, shape) or reshape(a, newshape=...) */
static bool s_reshape(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    if (!tl_args(vm, "reshape", argc, argv, kwargs, "a shape= order= newshape=", v))
        return false;
    Value shape = tl_given(v[1]) ? v[1] : v[3];
    if (!tl_given(shape))
        return vm_raise(vm, vm->exc.type_error, "reshape() missing required argument 'shape'");
    return reshape_common(vm, v[0], 1, &shape, out);
}

/* x.reshape(2, -1) or x.reshape((2, -1)) */
static bool m_reshape(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value order;
    if (kwargs && kwargs->count) {
        static const char *const allowed[] = {"order", "shape", NULL};
        if (!kwargs_check(vm, kwargs, "reshape", allowed))
            return false;
        Value sh;
        if (kwarg_get(vm, kwargs, "shape", &sh)) {
            if (argc > 1)
                return vm_raise(vm, vm->exc.type_error,
                                "reshape() got the shape both by position and by keyword");
            return reshape_common(vm, argv[0], 1, &sh, out);
        }
        (void)kwarg_get(vm, kwargs, "order", &order);
    }
    if (argc < 2)
        return vm_raise(vm, vm->exc.type_error, "reshape() needs the new shape: x.reshape(2, -1)");
    return reshape_common(vm, argv[0], argc - 1, argv + 1, out);
}

static bool transpose_common(VM *vm, Value x, int naxes_given, Value *axes_v, Value *out)
{
    bool owned;
    Tensor *t = view_source(vm, x, "transpose", &owned);
    if (!t)
        return false;
    Tensor *r;
    if (naxes_given == 0) {
        r = tn_transpose(&vm->tn, t);
    } else {
        int axes[TN_MAX_DIMS], naxes;
        bool ok;
        if (naxes_given == 1)
            ok = tl_axes(vm, axes_v[0], "transpose", axes, &naxes);
        else {
            ok = naxes_given <= TN_MAX_DIMS;
            naxes = naxes_given;
            for (int i = 0; ok && i < naxes_given; i++) {
                int64_t a;
                ok = arg_int(vm, axes_v, i, "transpose", "axes", &a);
                axes[i] = (int)a;
            }
            if (!ok && IS_UNDEF(vm->exception))
                ok = vm_raise(vm, vm->exc.value_error, "transpose(): too many axes");
        }
        if (!ok) {
            drop_source(vm, t, owned);
            return false;
        }
        r = naxes < 0 ? tn_transpose(&vm->tn, t) : tn_permute(&vm->tn, t, axes, naxes);
    }
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

static bool s_transpose(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "transpose", argc, argv, kwargs, "a axes=", v))
        return false;
    return transpose_common(vm, v[0], tl_given(v[1]) ? 1 : 0, v + 1, out);
}

/* x.transpose(), x.transpose(1, 0) or x.transpose((1, 0)) */
static bool m_transpose(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (kwargs && kwargs->count)
        return vm_raise(vm, vm->exc.type_error, "transpose() takes the axes by position");
    return transpose_common(vm, argv[0], argc - 1, argv + 1, out);
}

static bool s_swapaxes(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int64_t a1, a2;
    if (!tl_args(vm, "swapaxes", argc, argv, kwargs, "a axis1 axis2", v) ||
        !tl_int(vm, v[1], "swapaxes", "axis1", 0, &a1) ||
        !tl_int(vm, v[2], "swapaxes", "axis2", 0, &a2))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "swapaxes", &owned);
    if (!t)
        return false;
    Tensor *r = tn_swapaxes(&vm->tn, t, (int)a1, (int)a2);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

static bool s_moveaxis(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int64_t src, dst;
    if (!tl_args(vm, "moveaxis", argc, argv, kwargs, "a source destination", v) ||
        !tl_int(vm, v[1], "moveaxis", "source", 0, &src) ||
        !tl_int(vm, v[2], "moveaxis", "destination", 0, &dst))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "moveaxis", &owned);
    if (!t)
        return false;
    Tensor *r = tn_moveaxis(&vm->tn, t, (int)src, (int)dst);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

static bool s_squeeze(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int axes[TN_MAX_DIMS], naxes;
    if (!tl_args(vm, "squeeze", argc, argv, kwargs, "a axis=", v) ||
        !tl_axes(vm, v[1], "squeeze", axes, &naxes))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "squeeze", &owned);
    if (!t)
        return false;
    Tensor *r = tn_squeeze(&vm->tn, t, axes, naxes);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

static bool s_expand_dims(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int axes[TN_MAX_DIMS], naxes;
    if (!tl_args(vm, "expand_dims", argc, argv, kwargs, "a axis", v) ||
        !tl_axes(vm, v[1], "expand_dims", axes, &naxes))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "expand_dims", &owned);
    if (!t)
        return false;
    Tensor *r = tn_expand_dims(&vm->tn, t, axes, naxes);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

static bool s_broadcast_to(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    if (!tl_args(vm, "broadcast_to", argc, argv, kwargs, "array shape", v) ||
        !tl_shape(vm, v[1], "broadcast_to", "shape", &ndim, shape))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "broadcast_to", &owned);
    if (!t)
        return false;
    Tensor *r = tn_broadcast_to(&vm->tn, t, ndim, shape);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

static bool s_ravel(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "ravel", argc, argv, kwargs, "a order=", v))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "ravel", &owned);
    if (!t)
        return false;
    Tensor *r = tn_ravel(&vm->tn, t);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

static bool m_flatten(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "flatten", argc, argv, kwargs, "self order=", v))
        return false;
    return tl_wrap(vm, tn_flatten(&vm->tn, AS_TENSOR(argv[0])), out);
}

static bool s_diagonal(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    int64_t off, a1, a2;
    if (!tl_args(vm, "diagonal", argc, argv, kwargs, "a offset= axis1= axis2=", v) ||
        !tl_int(vm, v[1], "diagonal", "offset", 0, &off) ||
        !tl_int(vm, v[2], "diagonal", "axis1", 0, &a1) ||
        !tl_int(vm, v[3], "diagonal", "axis2", 1, &a2))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "diagonal", &owned);
    if (!t)
        return false;
    Tensor *r = tn_diagonal(&vm->tn, t, off, (int)a1, (int)a2);
    drop_source(vm, t, owned);
    return tl_wrap(vm, r, out);
}

/* trace(a): the sum of the diagonal. */
static bool s_trace(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    int64_t off, a1, a2;
    if (!tl_args(vm, "trace", argc, argv, kwargs, "a offset= axis1= axis2=", v) ||
        !tl_int(vm, v[1], "trace", "offset", 0, &off) ||
        !tl_int(vm, v[2], "trace", "axis1", 0, &a1) || !tl_int(vm, v[3], "trace", "axis2", 1, &a2))
        return false;
    bool owned;
    Tensor *t = view_source(vm, v[0], "trace", &owned);
    if (!t)
        return false;
    Tensor *d = tn_diagonal(&vm->tn, t, off, (int)a1, (int)a2);
    drop_source(vm, t, owned);
    if (!d)
        return tl_raise(vm);
    int last = -1;
    Tensor *r = tn_sum(&vm->tn, d, &last, 1, false);
    tn_free(&vm->tn, d);
    return tl_result(vm, r, out);
}

/* ---- tables */

static const NativeSpec create_functions[] = {
    {"array", c_array, 1, 4, "array(object, dtype=None, copy=True, ndmin=0)",
     "A new tensor from a number, nested lists or tuples of numbers, or a tensor (copied).\n"
     "The dtype is bool, i64 or f64 by what the numbers are, unless dtype= says otherwise.\n"
     "tensor(x) is the same.\n\n"
     "Example:\n    >>> array([[1, 2], [3, 4]], dtype=float32).dtype\n    f32"},
    {"asarray", c_asarray, 1, 2, "asarray(a, dtype=None)",
     "a itself when it is already a tensor (of that dtype), else a new tensor as array(a).\n\n"
     "Example:\n    >>> x = [1, 2]\n    >>> asarray(x) is x\n    True"},
    {"zeros", c_zeros, 1, -1, "zeros(shape, dtype=float)",
     "A tensor of the given shape (an int or a tuple; zeros(2, 3) works too) filled with\n"
     "0.\n\n"
     "Example:\n    >>> zeros((2, 3)).shape\n    (2, 3)"},
    {"ones", c_ones, 1, -1, "ones(shape, dtype=float)",
     "A tensor of the given shape filled with 1.\n\n"
     "Example:\n    >>> ones(3, dtype=int).tolist()\n    [1, 1, 1]"},
    {"empty", c_empty, 1, -1, "empty(shape, dtype=float)",
     "A new tensor of the given shape. NumPy leaves its values arbitrary; here they are 0,\n"
     "but write every element before reading it, as NumPy code must.\n\n"
     "Example:\n    >>> empty((2, 2)).shape\n    (2, 2)"},
    {"full", c_full, 2, 4, "full(shape, fill_value, dtype=None)",
     "A tensor of the given shape filled with fill_value (whose type gives the dtype:\n"
     "full(3, 7) is i64).\n\n"
     "Example:\n    >>> full((2,), 7).tolist()\n    [7, 7]"},
    {"zeros_like", c_zeros_like, 1, 3, "zeros_like(a, dtype=None, shape=None)",
     "Zeros with a's shape and dtype.\n\n"
     "Example:\n    >>> zeros_like([[1, 2]]).tolist()\n    [[0, 0]]"},
    {"ones_like", c_ones_like, 1, 3, "ones_like(a, dtype=None, shape=None)",
     "Ones with a's shape and dtype.\n\n"
     "Example:\n    >>> ones_like([1.5, 2.5]).tolist()\n    [1.0, 1.0]"},
    {"empty_like", c_empty_like, 1, 3, "empty_like(a, dtype=None, shape=None)",
     "A new tensor with a's shape and dtype (see empty).\n\n"
     "Example:\n    >>> empty_like([1, 2, 3]).shape\n    (3,)"},
    {"full_like", c_full_like, 2, 4, "full_like(a, fill_value, dtype=None, shape=None)",
     "fill_value with a's shape and dtype.\n\n"
     "Example:\n    >>> full_like([1, 2], 9).tolist()\n    [9, 9]"},
    {"arange", c_arange, 1, 4, "arange(start, stop=None, step=1, dtype=None)",
     "Evenly spaced values in [start, stop): arange(n) is 0, 1, ..., n - 1. All-int bounds\n"
     "give i64, else f64. For n points between two floats, linspace is safer.\n\n"
     "Example:\n    >>> arange(1, 10, 3).tolist()\n    [1, 4, 7]"},
    {"linspace", c_linspace, 2, 7,
     "linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None)",
     "num evenly spaced floats from start to stop (stop included unless endpoint=False);\n"
     "with retstep=True, (values, step).\n\n"
     "Example:\n    >>> linspace(0, 1, num=5).tolist()\n    [0.0, 0.25, 0.5, 0.75, 1.0]"},
    {"eye", c_eye, 1, 5, "eye(N, M=None, k=0, dtype=float)",
     "An N x M matrix (M defaults to N) with ones on diagonal k and zeros elsewhere.\n\n"
     "Example:\n    >>> eye(2).tolist()\n    [[1.0, 0.0], [0.0, 1.0]]"},
    {"identity", c_identity, 1, 2, "identity(n, dtype=float)",
     "The n x n identity matrix.\n\n"
     "Example:\n    >>> identity(2, dtype=int).tolist()\n    [[1, 0], [0, 1]]"},
    {"diag", c_diag, 1, 2, "diag(v, k=0)",
     "For a 1-D v, the square matrix with v on diagonal k; for a 2-D v, a copy of its\n"
     "diagonal k.\n\n"
     "Example:\n    >>> diag([1, 2]).tolist()\n    [[1, 0], [0, 2]]"},
    {"tril", c_tril, 1, 2, "tril(m, k=0)",
     "A copy of m with the elements above diagonal k set to zero (the lower triangle).\n\n"
     "Example:\n    >>> tril(ones((2, 2))).tolist()\n    [[1.0, 0.0], [1.0, 1.0]]"},
    {"triu", c_triu, 1, 2, "triu(m, k=0)",
     "A copy of m with the elements below diagonal k set to zero (the upper triangle).\n\n"
     "Example:\n    >>> triu(ones((2, 2)), k=1).tolist()\n    [[0.0, 1.0], [0.0, 0.0]]"},
    {"meshgrid", c_meshgrid, 0, TN_MAX_DIMS, "meshgrid(*xi, indexing='xy', sparse=False)",
     "Coordinate matrices from coordinate vectors: with indexing='xy' (the default) the\n"
     "first output varies along columns, as for plotting z = f(x, y); 'ij' keeps the\n"
     "inputs' order as axes.\n\n"
     "Example:\n    >>> X, Y = meshgrid([1, 2, 3], [10, 20])\n    >>> X.tolist(), Y.tolist()\n"
     "    ([[1, 2, 3], [1, 2, 3]], [[10, 10, 10], [20, 20, 20]])"},
    {"reshape", s_reshape, 1, 4, "reshape(a, shape)",
     "a with a new shape of the same size (one length may be -1, computed): a view when\n"
     "the memory layout allows, else a copy, exactly when NumPy copies.\n\n"
     "Example:\n    >>> reshape(arange(6), (2, -1)).shape\n    (2, 3)"},
    {"transpose", s_transpose, 1, 2, "transpose(a, axes=None)",
     "a with its axes reversed (or permuted as axes says): a view.\n\n"
     "Example:\n    >>> transpose(zeros((2, 3, 4)), (1, 0, 2)).shape\n    (3, 2, 4)"},
    {"swapaxes", s_swapaxes, 1, 3, "swapaxes(a, axis1, axis2)",
     "a with two axes exchanged: a view.\n\n"
     "Example:\n    >>> swapaxes(zeros((2, 3, 4)), 0, 2).shape\n    (4, 3, 2)"},
    {"moveaxis", s_moveaxis, 1, 3, "moveaxis(a, source, destination)",
     "a with one axis moved to a new position, the others keeping their order: a view.\n\n"
     "Example:\n    >>> moveaxis(zeros((2, 3, 4)), 0, -1).shape\n    (3, 4, 2)"},
    {"squeeze", s_squeeze, 1, 2, "squeeze(a, axis=None)",
     "a without its length-1 axes (or only those named by axis): a view.\n\n"
     "Example:\n    >>> squeeze(zeros((1, 3, 1))).shape\n    (3,)"},
    {"expand_dims", s_expand_dims, 1, 2, "expand_dims(a, axis)",
     "a with a length-1 axis inserted at position axis (an int or a tuple): a view.\n"
     "x[None, :] does the same for axis 0.\n\n"
     "Example:\n    >>> expand_dims([1, 2, 3], 1).shape\n    (3, 1)"},
    {"broadcast_to", s_broadcast_to, 1, 2, "broadcast_to(array, shape)",
     "A read-only view of array with the given shape, repeating it along the axes where\n"
     "it has length 1 (or lacks them) without copying: the stride there is 0.\n\n"
     "Example:\n    >>> broadcast_to([1, 2, 3], (2, 3)).strides\n    (0, 8)"},
    {"ravel", s_ravel, 1, 2, "ravel(a)",
     "a as one axis in C order: a view when a is contiguous, else a copy.\n\n"
     "Example:\n    >>> ravel([[1, 2], [3, 4]]).tolist()\n    [1, 2, 3, 4]"},
    {"diagonal", s_diagonal, 1, 4, "diagonal(a, offset=0, axis1=0, axis2=1)",
     "The diagonal of a matrix (offset > 0 above it, < 0 below): a read-only view.\n\n"
     "Example:\n    >>> diagonal([[1, 2], [3, 4]]).tolist()\n    [1, 4]"},
    {"trace", s_trace, 1, 4, "trace(a, offset=0, axis1=0, axis2=1)",
     "The sum of the diagonal.\n\nExample:\n    >>> trace([[1, 2], [3, 4]])\n    5"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char *const create_methods[] = {
    "swapaxes", "squeeze", "ravel", "diagonal", "trace", NULL,
};

static const NativeSpec shape_methods[] = {
    {"reshape", m_reshape, 1, 1 + TN_MAX_DIMS, "x.reshape(*shape)",
     "x with a new shape of the same size, given as ints or a tuple (one may be -1): a\n"
     "view when the memory layout allows, else a copy.\n\n"
     "Example:\n    >>> arange(6).reshape(2, -1).shape\n    (2, 3)"},
    {"transpose", m_transpose, 1, 1 + TN_MAX_DIMS, "x.transpose(*axes)",
     "x with its axes reversed, or permuted as given (ints or a tuple): a view.\n\n"
     "Example:\n    >>> zeros((2, 3)).transpose().shape\n    (3, 2)"},
    {"flatten", m_flatten, 1, 2, "x.flatten()",
     "A copy of x as one axis in C order (ravel gives a view when it can).\n\n"
     "Example:\n    >>> [[1, 2], [3, 4]].flatten().tolist()\n    [1, 2, 3, 4]"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_create(VM *vm)
{
    tl_define(vm, create_functions, create_methods);
    vm_define_methods(vm, vm->types.tensor, shape_methods);
    return true;
}
