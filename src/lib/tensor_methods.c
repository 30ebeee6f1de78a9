/*
 * tensor_methods.c - what a tensor has besides operators: its properties
 * (x.shape, x.dtype, x.T, x.strides, ...), reductions with axis= and
 * keepdims= (also builtins: sum(x, axis=0) is x.sum(axis=0)), conversions
 * (astype, tolist, item, fill, copy) and sorting (sort, argsort, unique,
 * searchsorted, nonzero).
 *
 * sum, min, max, any, all and round already exist as builtins for lists
 * and numbers: their tensor-aware replacements keep the original native in
 * their `data` and hand it every call that is not about a tensor.
 */
#include "lib/tensor_lib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tensor/index.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"
#include "tensor/sort.h"
#include "tensor/view.h"

/* ---- properties */

static bool shape_tuple(VM *vm, int n, const int64_t *v, Value *out)
{
    ObjTuple *t = tuple_new(vm, n);
    if (!t)
        return false;
    for (int i = 0; i < n; i++)
        t->items[i] = INT_VAL(v[i]);
    *out = OBJ_VAL(t);
    return true;
}

/* x.flags: an object with c_contiguous, f_contiguous, owndata, writeable,
   also readable as x.flags["C_CONTIGUOUS"] as in NumPy. */
static const char *const FLAG_NAMES[4][2] = {
    {"c_contiguous", "C_CONTIGUOUS"},
    {"f_contiguous", "F_CONTIGUOUS"},
    {"owndata", "OWNDATA"},
    {"writeable", "WRITEABLE"},
};

static bool make_flags(VM *vm, const Tensor *t, Value *out)
{
    ObjInstance *f = instance_new(vm, tl_state(vm)->flags_class);
    if (!f)
        return false;
    gc_push_root(vm, OBJ_VAL(f));
    bool vals[4] = {tn_is_contiguous(t), tn_is_f_contiguous(t), !t->is_view, !t->readonly};
    bool ok = true;
    for (int i = 0; i < 4 && ok; i++) {
        ObjString *k = str_from_cstr(vm, FLAG_NAMES[i][0]);
        ok = k && dict_set_str(vm, f->fields, k, BOOL_VAL(vals[i]));
    }
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(f);
    return ok;
}

static bool flags_getitem(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    const char *key = IS_STR(argv[1]) ? AS_CSTR(argv[1]) : "";
    for (int i = 0; i < 4; i++) {
        if (strcmp(key, FLAG_NAMES[i][1]) != 0 && strcmp(key, FLAG_NAMES[i][0]) != 0)
            continue;
        ObjString *k = str_from_cstr(vm, FLAG_NAMES[i][0]);
        if (k && dict_get_str(AS_INSTANCE(argv[0])->fields, k, out))
            return true;
        break;
    }
    return vm_raise(vm, vm->exc.key_error,
                    "unknown flag '%s' (C_CONTIGUOUS, F_CONTIGUOUS, OWNDATA, WRITEABLE)", key);
}

static bool flags_repr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    char buf[256];
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        Value v = BOOL_VAL(false);
        ObjString *k = str_from_cstr(vm, FLAG_NAMES[i][0]);
        if (k)
            dict_get_str(AS_INSTANCE(argv[0])->fields, k, &v);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s  %s : %s", i ? "\n" : "",
                              FLAG_NAMES[i][1], IS_BOOL(v) && AS_BOOL(v) ? "True" : "False");
    }
    ObjString *s = str_new(vm, buf, n);
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

static const NativeSpec flags_methods[] = {
    {"__getitem__", flags_getitem, 2, 2, "flags[name]",
     "A flag by NumPy's upper-case name: x.flags[\"C_CONTIGUOUS\"]."},
    {"__repr__", flags_repr, 1, 1, "flags.__repr__()", "The flags, one per line, as NumPy."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char *const PROPERTIES[] = {
    "shape", "dtype", "ndim", "size", "T", "strides", "itemsize", "nbytes",
    "is_view", "base", "flags", "is_contiguous", NULL,
};

static bool no_attribute(VM *vm, const char *name)
{
    const char *best = NULL;
    int best_d = (strlen(name) <= 3 ? 1 : 2) + 1;
    for (int i = 0; PROPERTIES[i]; i++) {
        int d = tl_edit_distance(name, PROPERTIES[i]);
        if (d < best_d) {
            best_d = d;
            best = PROPERTIES[i];
        }
    }
    Value key;
    for (int32_t pos = 0; dict_next(vm->types.tensor->methods, &pos, &key, NULL);) {
        if (!IS_STR(key) || AS_CSTR(key)[0] == '_')
            continue;
        int d = tl_edit_distance(name, AS_CSTR(key));
        if (d < best_d) {
            best_d = d;
            best = AS_CSTR(key);
        }
    }
    if (best)
        return vm_raise(vm, vm->exc.attribute_error,
                        "'tensor' object has no attribute '%s' — did you mean '%s'?", name, best);
    return vm_raise(vm, vm->exc.attribute_error, "'tensor' object has no attribute '%s'", name);
}

static bool t_getattr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    const char *name = IS_STR(argv[1]) ? AS_CSTR(argv[1]) : "";
    switch (name[0]) {
    case 'T':
        if (strcmp(name, "T") == 0)
            return tl_wrap(vm, tn_transpose(&vm->tn, t), out);
        break;
    case 'b':
        if (strcmp(name, "base") == 0) {
            if (!t->is_view) {
                *out = NONE_VAL;
                return true;
            }
            /* the whole memory the view looks into, as a 1-D tensor of its dtype */
            int64_t n = (int64_t)(t->storage->nbytes / tn_dtype_size(t->dtype));
            int64_t stride = (int64_t)tn_dtype_size(t->dtype);
            return tl_wrap(vm, tn_view_as(&vm->tn, t, 1, &n, &stride, 0), out);
        }
        break;
    case 'd':
        if (strcmp(name, "dtype") == 0) {
            *out = tl_dtype_value(vm, t->dtype);
            return true;
        }
        break;
    case 'f':
        if (strcmp(name, "flags") == 0)
            return make_flags(vm, t, out);
        break;
    case 'i':
        if (strcmp(name, "itemsize") == 0) {
            *out = INT_VAL((int64_t)tn_dtype_size(t->dtype));
            return true;
        }
        if (strcmp(name, "is_view") == 0) {
            *out = BOOL_VAL(t->is_view);
            return true;
        }
        if (strcmp(name, "is_contiguous") == 0) {
            *out = BOOL_VAL(tn_is_contiguous(t));
            return true;
        }
        break;
    case 'n':
        if (strcmp(name, "ndim") == 0) {
            *out = INT_VAL(t->ndim);
            return true;
        }
        if (strcmp(name, "nbytes") == 0) {
            *out = INT_VAL(t->size * (int64_t)tn_dtype_size(t->dtype));
            return true;
        }
        break;
    case 's':
        if (strcmp(name, "shape") == 0)
            return shape_tuple(vm, t->ndim, t->shape, out);
        if (strcmp(name, "size") == 0) {
            *out = INT_VAL(t->size);
            return true;
        }
        if (strcmp(name, "strides") == 0)
            return shape_tuple(vm, t->ndim, t->strides, out);
        break;
    default:
        break;
    }
    return no_attribute(vm, name);
}

static bool t_setattr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    const char *name = IS_STR(argv[1]) ? AS_CSTR(argv[1]) : "?";
    if (strcmp(name, "shape") == 0)
        return vm_raise(vm, vm->exc.attribute_error,
                        "cannot set x.shape: use x = x.reshape(...) (a view when possible)");
    return vm_raise(vm, vm->exc.attribute_error,
                    "cannot set attribute '%s' of a tensor (tensors have no custom attributes)",
                    name);
}

/* ---- reductions */

/* out= is accepted only as None: results are always new tensors. */
static bool no_out(VM *vm, Value v, const char *fn)
{
    if (tl_given(v))
        return vm_raise(vm, vm->exc.type_error,
                        "%s(): out= is not supported; assign the result instead (y[...] = %s(x))",
                        fn, fn);
    return true;
}

/* x converted to dtype= first, as NumPy accumulates in the given dtype. */
static bool with_dtype(VM *vm, Value dv, const char *fn, TlArg *a)
{
    TnDType dt;
    bool given;
    if (!tl_dtype(vm, dv, fn, &dt, &given))
        return false;
    if (!given || dt == a->t->dtype)
        return true;
    Tensor *c = tn_astype(&vm->tn, a->t, dt);
    if (!c)
        return tl_raise(vm);
    tl_arg_free(vm, a);
    a->t = c;
    a->owned = true;
    return true;
}

/* The result in the dtype= asked for (NumPy's sum(x, dtype=i32) is i32
   even where it would otherwise widen to i64). */
static Tensor *in_dtype(VM *vm, Tensor *r, Value dv)
{
    TnDType dt;
    bool given;
    if (!r || !tl_dtype(vm, dv, "", &dt, &given) || !given || r->dtype == dt)
        return r;
    Tensor *c = tn_astype(&vm->tn, r, dt);
    tn_free(&vm->tn, r);
    return c;
}

/* sum, prod, mean, min, max, any, all, nansum, nanmean, count_nonzero:
   spec names a, axis, and any of dtype, out, keepdims. */
static bool reduce_call(VM *vm, TnReduceOp op, const char *fn, const char *spec, int argc,
                        Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[6];
    if (!tl_args(vm, fn, argc, argv, kwargs, spec, v))
        return false;
    /* the positions of the optional parameters in spec */
    Value axis_v = v[1], dtype_v = UNDEF_VAL, out_v = UNDEF_VAL, keep_v = UNDEF_VAL;
    int i = 2;
    if (strstr(spec, "dtype="))
        dtype_v = v[i++];
    if (strstr(spec, "out="))
        out_v = v[i++];
    if (strstr(spec, "keepdims="))
        keep_v = v[i++];
    int axes[TN_MAX_DIMS], naxes;
    bool keep;
    if (!no_out(vm, out_v, fn) || !tl_axes(vm, axis_v, fn, axes, &naxes) ||
        !tl_bool(vm, keep_v, false, &keep))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], fn, "a", &a))
        return false;
    if (!with_dtype(vm, dtype_v, fn, &a)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = in_dtype(vm, tn_reduce(&vm->tn, op, a.t, axes, naxes, keep), dtype_v);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

#define DEF_REDUCE(cname, op, name, spec)                                               \
    static bool cname(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)       \
    {                                                                                   \
        return reduce_call(vm, op, name, spec, argc, argv, kwargs, out);                \
    }
DEF_REDUCE(r_sum, TN_RED_SUM, "sum", "a axis= dtype= out= keepdims=")
DEF_REDUCE(r_prod, TN_RED_PROD, "prod", "a axis= dtype= out= keepdims=")
DEF_REDUCE(r_mean, TN_RED_MEAN, "mean", "a axis= dtype= out= keepdims=")
DEF_REDUCE(r_min, TN_RED_MIN, "min", "a axis= out= keepdims=")
DEF_REDUCE(r_max, TN_RED_MAX, "max", "a axis= out= keepdims=")
DEF_REDUCE(r_any, TN_RED_ANY, "any", "a axis= out= keepdims=")
DEF_REDUCE(r_all, TN_RED_ALL, "all", "a axis= out= keepdims=")
DEF_REDUCE(r_nansum, TN_RED_NANSUM, "nansum", "a axis= dtype= out= keepdims=")
DEF_REDUCE(r_nanmean, TN_RED_NANMEAN, "nanmean", "a axis= dtype= out= keepdims=")
DEF_REDUCE(r_count_nonzero, TN_RED_COUNT_NONZERO, "count_nonzero", "a axis= * keepdims=")
#undef DEF_REDUCE

static bool var_std(VM *vm, bool is_std, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    const char *fn = is_std ? "std" : "var";
    Value v[6];
    if (!tl_args(vm, fn, argc, argv, kwargs, "a axis= dtype= out= ddof= keepdims=", v))
        return false;
    int axes[TN_MAX_DIMS], naxes;
    int64_t ddof;
    bool keep;
    if (!no_out(vm, v[3], fn) || !tl_axes(vm, v[1], fn, axes, &naxes) ||
        !tl_int(vm, v[4], fn, "ddof", 0, &ddof) || !tl_bool(vm, v[5], false, &keep))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], fn, "a", &a))
        return false;
    if (!with_dtype(vm, v[2], fn, &a)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = in_dtype(vm,
                         is_std ? tn_std(&vm->tn, a.t, axes, naxes, (int)ddof, keep)
                                : tn_var(&vm->tn, a.t, axes, naxes, (int)ddof, keep),
                         v[2]);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static bool r_var(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return var_std(vm, false, argc, argv, kwargs, out);
}

static bool r_std(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return var_std(vm, true, argc, argv, kwargs, out);
}

static bool arg_reduce(VM *vm, bool is_max, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    const char *fn = is_max ? "argmax" : "argmin";
    Value v[4];
    if (!tl_args(vm, fn, argc, argv, kwargs, "a axis= out= * keepdims=", v))
        return false;
    int axis = 0;
    bool has_axis, keep;
    if (!no_out(vm, v[2], fn) || !tl_axis(vm, v[1], fn, &axis, &has_axis) ||
        !tl_bool(vm, v[3], false, &keep))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], fn, "a", &a))
        return false;
    Tensor *r = is_max ? tn_argmax(&vm->tn, a.t, axis, has_axis, keep)
                       : tn_argmin(&vm->tn, a.t, axis, has_axis, keep);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static bool r_argmin(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return arg_reduce(vm, false, argc, argv, kwargs, out);
}

static bool r_argmax(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return arg_reduce(vm, true, argc, argv, kwargs, out);
}

static bool cumulative(VM *vm, bool is_prod, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    const char *fn = is_prod ? "cumprod" : "cumsum";
    Value v[4];
    if (!tl_args(vm, fn, argc, argv, kwargs, "a axis= dtype= out=", v))
        return false;
    int axis = 0;
    bool has_axis;
    if (!no_out(vm, v[3], fn) || !tl_axis(vm, v[1], fn, &axis, &has_axis))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], fn, "a", &a))
        return false;
    if (!with_dtype(vm, v[2], fn, &a)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = in_dtype(vm,
                         is_prod ? tn_cumprod(&vm->tn, a.t, axis, has_axis)
                                 : tn_cumsum(&vm->tn, a.t, axis, has_axis),
                         v[2]);
    tl_arg_free(vm, &a);
    /* a cumulative result always has an axis: keep it a tensor */
    return tl_wrap(vm, r, out);
}

static bool r_cumsum(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return cumulative(vm, false, argc, argv, kwargs, out);
}

static bool r_cumprod(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return cumulative(vm, true, argc, argv, kwargs, out);
}

/* ---- the builtins sum, min, max, any, all and round, for tensors too */

/* The original builtin this wrapper replaced (kept in the native's data). */
static Value original_of(Value *argv)
{
    Value self = argv[-1];
    return IS_NATIVE(self) ? AS_NATIVE(self)->data : NONE_VAL;
}

/* A call is about a tensor when its first argument is one, or when it uses
   a NumPy keyword. */
static bool tensor_call(int argc, Value *argv, ObjDict *kwargs)
{
    if (argc > 0 && IS_TENSOR(argv[0]))
        return true;
    Value key;
    for (int32_t pos = 0; kwargs && dict_next(kwargs, &pos, &key, NULL);)
        if (IS_STR(key) && (strcmp(AS_CSTR(key), "axis") == 0 ||
                            strcmp(AS_CSTR(key), "keepdims") == 0 ||
                            strcmp(AS_CSTR(key), "decimals") == 0))
            return true;
    return false;
}

static bool call_original(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value orig = original_of(argv);
    if (!IS_NATIVE(orig))
        return vm_raise(vm, vm->exc.runtime_error, "builtin unavailable");
    return vm_call_kw(vm, orig, argc, argv, kwargs, out);
}

#define DEF_WRAPPER(cname, tensor_fn)                                                   \
    static bool cname(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)       \
    {                                                                                   \
        if (tensor_call(argc, argv, kwargs))                                            \
            return tensor_fn(vm, argc, argv, kwargs, out);                              \
        return call_original(vm, argc, argv, kwargs, out);                              \
    }
DEF_WRAPPER(w_sum, r_sum)
DEF_WRAPPER(w_any, r_any)
DEF_WRAPPER(w_all, r_all)
#undef DEF_WRAPPER

/* min(a, axis) and max(a, axis) as NumPy; min(a, b) of two tensors is a
   common slip for the elementwise minimum(a, b). */
static bool extreme_wrapper(VM *vm, bool is_max, int argc, Value *argv, ObjDict *kwargs,
                            Value *out)
{
    if (!tensor_call(argc, argv, kwargs))
        return call_original(vm, argc, argv, kwargs, out);
    const char *fn = is_max ? "max" : "min";
    if (argc >= 2 && (IS_TENSOR(argv[1]) || IS_LIST(argv[1])))
        return vm_raise(vm, vm->exc.type_error,
                        "%s(a, b) with a tensor a reads b as the axis: for the elementwise %s of "
                        "two tensors use %s(a, b)",
                        fn, is_max ? "maximum" : "minimum", is_max ? "maximum" : "minimum");
    return is_max ? r_max(vm, argc, argv, kwargs, out) : r_min(vm, argc, argv, kwargs, out);
}

static bool w_min(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return extreme_wrapper(vm, false, argc, argv, kwargs, out);
}

static bool w_max(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return extreme_wrapper(vm, true, argc, argv, kwargs, out);
}

/* round(x, ndigits) or NumPy's round(a, decimals=0) */
static bool w_round(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!tensor_call(argc, argv, kwargs))
        return call_original(vm, argc, argv, kwargs, out);
    Value v[3];
    if (!tl_args(vm, "round", argc, argv, kwargs, "a decimals= ndigits=", v))
        return false;
    int64_t nd;
    if (!tl_int(vm, tl_given(v[1]) ? v[1] : v[2], "round", "decimals", 0, &nd))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "round", "a", &a))
        return false;
    Tensor *r = tn_round(&vm->tn, a.t, (int)nd);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static bool m_round(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int64_t nd;
    if (!tl_args(vm, "round", argc, argv, kwargs, "a decimals=", v) ||
        !tl_int(vm, v[1], "round", "decimals", 0, &nd))
        return false;
    return tl_result(vm, tn_round(&vm->tn, AS_TENSOR(argv[0]), (int)nd), out);
}

/* ---- conversions */

static bool m_astype(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    if (!tl_args(vm, "astype", argc, argv, kwargs, "self dtype copy=", v))
        return false;
    TnDType dt;
    bool given, copy;
    if (!tl_dtype(vm, v[1], "astype", &dt, &given) || !tl_bool(vm, v[2], true, &copy))
        return false;
    if (!given)
        return vm_raise(vm, vm->exc.type_error, "astype() needs a dtype, such as float32 or 'i64'");
    Tensor *t = AS_TENSOR(argv[0]);
    if (!copy && dt == t->dtype) {
        *out = argv[0];
        return true;
    }
    return tl_wrap(vm, tn_astype(&vm->tn, t, dt), out);
}

static bool m_copy(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    if (!tl_args(vm, "copy", argc, argv, kwargs, "a", v))
        return false;
    if (!IS_TENSOR(v[0])) {
        Tensor *t = tl_from_value(vm, v[0], "copy", false);
        return t && tl_wrap(vm, t, out);
    }
    return tl_wrap(vm, tn_copy(&vm->tn, AS_TENSOR(v[0])), out);
}

/* ascontiguousarray(a): a itself when already C-contiguous, else a copy. */
static bool m_contiguous(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "ascontiguousarray", argc, argv, kwargs, "a dtype=", v))
        return false;
    TnDType dt;
    bool given;
    if (!tl_dtype(vm, v[1], "ascontiguousarray", &dt, &given))
        return false;
    if (!IS_TENSOR(v[0])) {
        Tensor *t = tl_from_value(vm, v[0], "ascontiguousarray", false);
        if (t && given && t->dtype != dt) {
            Tensor *c = tn_astype(&vm->tn, t, dt);
            tn_free(&vm->tn, t);
            t = c;
            if (!t)
                return tl_raise(vm);
        }
        return t && tl_wrap(vm, t, out);
    }
    Tensor *t = AS_TENSOR(v[0]);
    if (given && dt != t->dtype)
        return tl_wrap(vm, tn_astype(&vm->tn, t, dt), out);
    if (tn_is_contiguous(t)) {
        *out = v[0];
        return true;
    }
    return tl_wrap(vm, tn_copy(&vm->tn, t), out);
}

/* Nested lists of numbers, level by level. */
static bool tolist_rec(VM *vm, const Tensor *t, int axis, int64_t offset, Value *out)
{
    if (axis == t->ndim) {
        Tensor h = *t;
        h.ndim = 0;
        h.offset = offset;
        *out = tl_scalar_value(&h);
        return true;
    }
    int64_t n = t->shape[axis];
    if (n > INT32_MAX / 2)
        return vm_raise(vm, vm->exc.memory_error, "tolist(): axis %d is too long for a list", axis);
    ObjList *l = list_new(vm, (int)n);
    if (!l)
        return false;
    gc_push_root(vm, OBJ_VAL(l));
    for (int64_t i = 0; i < n; i++) {
        Value item;
        if (!tolist_rec(vm, t, axis + 1, offset + i * t->strides[axis], &item)) {
            gc_pop_roots(vm, 1);
            return false;
        }
        l->items.items[l->items.count++] = item;
    }
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(l);
    return true;
}

static bool m_tolist(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    return tolist_rec(vm, t, 0, t->offset, out);
}

/* item(): the one element; item(i): flat index i; item(i, j, ...): one per axis. */
static bool m_item(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    if (kwargs && kwargs->count)
        return vm_raise(vm, vm->exc.type_error, "item() takes no keyword arguments");
    int64_t flat = 0;
    char s[96];
    tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
    if (argc == 1) {
        if (t->size != 1)
            return vm_raise(vm, vm->exc.value_error,
                            "item() needs a tensor with exactly one element, but this one is %s "
                            "(%lld elements): give an index, x.item(i)",
                            s, (long long)t->size);
    } else if (argc == 2) {
        if (!arg_int(vm, argv, 1, "item", "index", &flat))
            return false;
        int64_t i = flat < 0 ? flat + t->size : flat;
        if (i < 0 || i >= t->size)
            return vm_raise(vm, vm->exc.index_error,
                            "item(): index %lld is out of range for %s (%lld elements)",
                            (long long)flat, s, (long long)t->size);
        flat = i;
    } else {
        if (argc - 1 != t->ndim)
            return vm_raise(vm, vm->exc.index_error,
                            "item() got %d indices for %s, which has %d axes", argc - 1, s,
                            t->ndim);
        for (int d = 0; d < t->ndim; d++) {
            int64_t i;
            if (!arg_int(vm, argv, d + 1, "item", "index", &i))
                return false;
            int64_t j = i < 0 ? i + t->shape[d] : i;
            if (j < 0 || j >= t->shape[d])
                return vm_raise(vm, vm->exc.index_error,
                                "item(): index %lld is out of range for axis %d of %s (length %lld)",
                                (long long)i, d, s, (long long)t->shape[d]);
            flat = flat * t->shape[d] + j;
        }
    }
    Tensor h = *t;
    h.ndim = 0;
    h.offset = t->offset + tn_flat_offset(t, flat);
    *out = tl_scalar_value(&h);
    return true;
}

static bool m_fill(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "fill", argc, argv, kwargs, "self value", v))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[1], "fill", "value", &a))
        return false;
    if (a.t->ndim != 0) {
        tl_arg_free(vm, &a);
        return vm_raise(vm, vm->exc.type_error, "fill() takes one number; to copy a tensor in, "
                                                "use x[...] = values");
    }
    /* the value seen with x's shape (stride 0 on every axis) */
    Tensor *t = AS_TENSOR(argv[0]);
    Tensor h = *a.t;
    h.ndim = t->ndim;
    memcpy(h.shape, t->shape, sizeof(int64_t) * (size_t)t->ndim);
    memset(h.strides, 0, sizeof h.strides);
    h.size = t->size;
    bool ok = tn_copy_into(&vm->tn, t, &h);
    tl_arg_free(vm, &a);
    if (!ok)
        return tl_raise(vm);
    *out = NONE_VAL;
    return true;
}

/* ---- sorting and searching */

static bool sort_axis(VM *vm, Value v, const char *fn, int dflt, int *axis)
{
    if (IS_UNDEF(v)) {
        *axis = dflt;
        return true;
    }
    if (IS_NONE(v)) {
        *axis = TN_SORT_AXIS_NONE;
        return true;
    }
    bool has;
    return tl_axis(vm, v, fn, axis, &has);
}

static bool fn_sort(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    int axis;
    if (!tl_args(vm, "sort", argc, argv, kwargs, "a axis= kind= order=", v) ||
        !sort_axis(vm, v[1], "sort", -1, &axis))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "sort", "a", &a))
        return false;
    Tensor *r = tn_sort(&vm->tn, a.t, axis);
    tl_arg_free(vm, &a);
    return tl_wrap(vm, r, out);
}

/* x.sort(axis=-1) sorts in place, as NumPy's method does. */
static bool m_sort(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    int axis;
    if (!tl_args(vm, "sort", argc, argv, kwargs, "self axis= kind= order=", v) ||
        !sort_axis(vm, v[1], "sort", -1, &axis))
        return false;
    Tensor *t = AS_TENSOR(argv[0]);
    if (axis == TN_SORT_AXIS_NONE)
        return vm_raise(vm, vm->exc.value_error,
                        "x.sort(axis=None) cannot sort in place: use sort(x, axis=None), which "
                        "returns a sorted flat copy");
    Tensor *r = tn_sort(&vm->tn, t, axis);
    if (!r)
        return tl_raise(vm);
    bool ok = tn_copy_into(&vm->tn, t, r);
    tn_free(&vm->tn, r);
    if (!ok)
        return tl_raise(vm);
    *out = NONE_VAL;
    return true;
}

static bool fn_argsort(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    int axis;
    if (!tl_args(vm, "argsort", argc, argv, kwargs, "a axis= kind= order=", v) ||
        !sort_axis(vm, v[1], "argsort", -1, &axis))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "argsort", "a", &a))
        return false;
    Tensor *r = tn_argsort(&vm->tn, a.t, axis);
    tl_arg_free(vm, &a);
    return tl_wrap(vm, r, out);
}

static bool fn_unique(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[5];
    if (!tl_args(vm, "unique", argc, argv, kwargs,
                 "ar return_index= return_inverse= return_counts= axis=", v))
        return false;
    bool ri, rv, rc;
    if (!tl_bool(vm, v[1], false, &ri) || !tl_bool(vm, v[2], false, &rv) ||
        !tl_bool(vm, v[3], false, &rc))
        return false;
    if (tl_given(v[4]))
        return vm_raise(vm, vm->exc.type_error,
                        "unique(): axis= is not supported; unique works on the flattened tensor");
    TlArg a;
    if (!tl_arg(vm, v[0], "unique", "ar", &a))
        return false;
    TnUnique u;
    memset(&u, 0, sizeof u);
    bool ok = tn_unique(&vm->tn, a.t, ri, rv, rc, &u);
    tl_arg_free(vm, &a);
    if (!ok)
        return tl_raise(vm);
    Tensor *parts[4];
    int n = 0;
    parts[n++] = u.values;
    if (ri)
        parts[n++] = u.index;
    if (rv)
        parts[n++] = u.inverse;
    if (rc)
        parts[n++] = u.counts;
    if (n == 1)
        return tl_wrap(vm, u.values, out);
    /* each part keeps its axis, even a single value */
    ObjTuple *tup = tuple_new(vm, n);
    if (!tup) {
        for (int i = 0; i < n; i++)
            tn_free(&vm->tn, parts[i]);
        return false;
    }
    gc_push_root(vm, OBJ_VAL(tup));
    for (int i = 0; i < n; i++)
        if (!tl_wrap(vm, parts[i], &tup->items[i])) {
            for (int j = i + 1; j < n; j++)
                tn_free(&vm->tn, parts[j]);
            gc_pop_roots(vm, 1);
            return false;
        }
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(tup);
    return true;
}

static bool fn_searchsorted(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    if (!tl_args(vm, "searchsorted", argc, argv, kwargs, "a v side= sorter=", v))
        return false;
    bool right = false;
    if (tl_given(v[2])) {
        const char *side = tl_str(vm, v[2], "searchsorted", "side");
        if (!side)
            return false;
        if (strcmp(side, "right") == 0)
            right = true;
        else if (strcmp(side, "left") != 0)
            return vm_raise(vm, vm->exc.value_error,
                            "searchsorted(): side must be 'left' or 'right', not '%s'", side);
    }
    if (tl_given(v[3]))
        return vm_raise(vm, vm->exc.type_error,
                        "searchsorted(): sorter= is not supported; pass a[sorter] instead");
    TlArg a, x;
    if (!tl_arg(vm, v[0], "searchsorted", "a", &a))
        return false;
    if (!tl_arg(vm, v[1], "searchsorted", "v", &x)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = tn_searchsorted(&vm->tn, a.t, x.t, right);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &x);
    return tl_result(vm, r, out);
}

/* nonzero(a): a tuple with, for each axis, the i64 indices of the non-zero
   elements in C order. */
static bool fn_nonzero(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    if (!tl_args(vm, "nonzero", argc, argv, kwargs, "a", v))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "nonzero", "a", &a))
        return false;
    int n = a.t->ndim ? a.t->ndim : 1;
    Tensor *parts[TN_MAX_DIMS];
    bool ok = tn_nonzero(&vm->tn, a.t, parts);
    tl_arg_free(vm, &a);
    if (!ok)
        return tl_raise(vm);
    return tl_tuple_keep(vm, parts, n, out);
}

/* ---- tables */

#define AXIS_DOC "\naxis= is an int, a tuple of ints or None (every axis); keepdims=True keeps\n" \
                 "each reduced axis with length 1 so the result broadcasts against a."

static const NativeSpec reduce_functions[] = {
    {"mean", r_mean, 1, 5, "mean(a, axis=None, dtype=None, out=None, keepdims=False)",
     "The arithmetic mean of the elements (integers give f64)." AXIS_DOC "\n\n"
     "Example:\n    >>> mean([[1, 2], [3, 4]], axis=0).tolist()\n    [2.0, 3.0]"},
    {"var", r_var, 1, 6, "var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False)",
     "The variance, mean((a - a.mean())**2); the divisor is N - ddof (ddof=1 for the\n"
     "sample variance)." AXIS_DOC "\n\n"
     "Example:\n    >>> var([1.0, 2.0, 3.0, 4.0])\n    1.25"},
    {"std", r_std, 1, 6, "std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False)",
     "The standard deviation, sqrt(var(a, ddof=ddof))." AXIS_DOC "\n\n"
     "Example:\n    >>> std([1.0, 2.0, 3.0, 4.0], ddof=1)\n    1.2909944487358056"},
    {"prod", r_prod, 1, 5, "prod(a, axis=None, dtype=None, out=None, keepdims=False)",
     "The product of the elements (integers and bool give i64)." AXIS_DOC "\n\n"
     "Example:\n    >>> prod([1, 2, 3, 4])\n    24"},
    {"argmin", r_argmin, 1, 3, "argmin(a, axis=None, out=None, *, keepdims=False)",
     "The index of the smallest element: in the flattened tensor without axis=, else along\n"
     "that axis. The first of equal elements wins; nan counts as smallest.\n\n"
     "Example:\n    >>> argmin([3, 1, 2])\n    1"},
    {"argmax", r_argmax, 1, 3, "argmax(a, axis=None, out=None, *, keepdims=False)",
     "The index of the largest element: in the flattened tensor without axis=, else along\n"
     "that axis. The first of equal elements wins; nan counts as largest.\n\n"
     "Example:\n    >>> argmax([[1, 5], [7, 2]], axis=1).tolist()\n    [1, 0]"},
    {"cumsum", r_cumsum, 1, 4, "cumsum(a, axis=None, dtype=None, out=None)",
     "Running sums along axis (of the flattened tensor when axis is None).\n\n"
     "Example:\n    >>> cumsum([1, 2, 3]).tolist()\n    [1, 3, 6]"},
    {"cumprod", r_cumprod, 1, 4, "cumprod(a, axis=None, dtype=None, out=None)",
     "Running products along axis (of the flattened tensor when axis is None).\n\n"
     "Example:\n    >>> cumprod([1, 2, 3, 4]).tolist()\n    [1, 2, 6, 24]"},
    {"nansum", r_nansum, 1, 5, "nansum(a, axis=None, dtype=None, out=None, keepdims=False)",
     "The sum, counting nan as zero." AXIS_DOC "\n\n"
     "Example:\n    >>> nansum([1.0, nan, 2.0])\n    3.0"},
    {"nanmean", r_nanmean, 1, 5, "nanmean(a, axis=None, dtype=None, out=None, keepdims=False)",
     "The mean of the elements that are not nan." AXIS_DOC "\n\n"
     "Example:\n    >>> nanmean([1.0, nan, 3.0])\n    2.0"},
    {"count_nonzero", r_count_nonzero, 1, 2, "count_nonzero(a, axis=None, *, keepdims=False)",
     "How many elements are non-zero (True for bools)." AXIS_DOC "\n\n"
     "Example:\n    >>> count_nonzero([0, 3, 0, 5])\n    2"},
    {"sort", fn_sort, 1, 4, "sort(a, axis=-1, kind=None, order=None)",
     "A sorted copy of a along axis (the last by default; None sorts the flattened\n"
     "tensor). Ascending, nan last, stable. x.sort() sorts x in place instead.\n\n"
     "Example:\n    >>> sort([3, 1, 2]).tolist()\n    [1, 2, 3]"},
    {"argsort", fn_argsort, 1, 4, "argsort(a, axis=-1, kind=None, order=None)",
     "The indices that sort a along axis (stable: equal elements keep their order).\n\n"
     "Example:\n    >>> argsort([30, 10, 20]).tolist()\n    [1, 2, 0]"},
    {"unique", fn_unique, 1, 5,
     "unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None)",
     "The sorted distinct values of the flattened ar. With return_index, return_inverse\n"
     "or return_counts, a tuple that adds the first index of each value, the indices\n"
     "that rebuild ar from the values, and how often each value occurs.\n\n"
     "Example:\n    >>> values, counts = unique([3, 1, 3, 3], return_counts=True)\n"
     "    >>> values.tolist(), counts.tolist()\n    ([1, 3], [1, 3])"},
    {"searchsorted", fn_searchsorted, 2, 4, "searchsorted(a, v, side='left', sorter=None)",
     "Where each v would be inserted into the sorted 1-D a to keep it sorted: before\n"
     "equal elements (side='left') or after them (side='right').\n\n"
     "Example:\n    >>> searchsorted([1, 3, 5], [3, 4]).tolist()\n    [1, 2]"},
    {"nonzero", fn_nonzero, 1, 1, "nonzero(a)",
     "A tuple of index tensors, one per axis, locating the non-zero elements in C order;\n"
     "x[nonzero(x)] picks them.\n\n"
     "Example:\n    >>> nonzero([0, 7, 0, 9])[0].tolist()\n    [1, 3]"},
    {"copy", m_copy, 1, 1, "copy(a)",
     "A new tensor with a's values in its own memory (never a view).\n\n"
     "Example:\n    >>> x = [1, 2]\n    >>> y = copy(x)\n    >>> y.is_view\n    False"},
    {"ascontiguousarray", m_contiguous, 1, 2, "ascontiguousarray(a, dtype=None)",
     "a itself when its elements are already in C order, else a C-ordered copy.\n\n"
     "Example:\n    >>> x = [[1, 2], [3, 4]]\n    >>> ascontiguousarray(x.T).flags.c_contiguous\n"
     "    True"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char *const reduce_methods[] = {
    "mean", "var", "std", "prod", "argmin", "argmax", "cumsum", "cumprod", "argsort", "nonzero",
    "copy", "searchsorted", NULL,
};

static const NativeSpec tensor_only_methods[] = {
    {"__getattr__", t_getattr, 2, 2, "tensor.__getattr__(name)",
     "The properties: shape (a tuple), dtype, ndim, size, T (the transpose, a view), strides\n"
     "(bytes to step along each axis), itemsize, nbytes, is_view, base, flags,\n"
     "is_contiguous."},
    {"__setattr__", t_setattr, 3, 3, "tensor.__setattr__(name, value)",
     "Tensors have no settable attributes."},
    {"sum", r_sum, 1, 5, "x.sum(axis=None, dtype=None, out=None, keepdims=False)",
     "The sum of the elements (bool and integers give i64)." AXIS_DOC "\n\n"
     "Example:\n    >>> [[1, 2], [3, 4]].sum(axis=1).tolist()\n    [3, 7]"},
    {"min", r_min, 1, 4, "x.min(axis=None, out=None, keepdims=False)",
     "The smallest element (nan if any is nan)." AXIS_DOC "\n\n"
     "Example:\n    >>> [[1, 5], [7, 2]].min(axis=0).tolist()\n    [1, 2]"},
    {"max", r_max, 1, 4, "x.max(axis=None, out=None, keepdims=False)",
     "The largest element (nan if any is nan)." AXIS_DOC "\n\n"
     "Example:\n    >>> [[1, 5], [7, 2]].max()\n    7"},
    {"any", r_any, 1, 4, "x.any(axis=None, out=None, keepdims=False)",
     "Whether any element is non-zero." AXIS_DOC "\n\n"
     "Example:\n    >>> ([1, 2, 3] > 2).any()\n    True"},
    {"all", r_all, 1, 4, "x.all(axis=None, out=None, keepdims=False)",
     "Whether every element is non-zero." AXIS_DOC "\n\n"
     "Example:\n    >>> ([1, 2, 3] > 2).all()\n    False"},
    {"round", m_round, 1, 2, "x.round(decimals=0)",
     "Each element rounded to decimals places, ties to even.\n\n"
     "Example:\n    >>> [1.25, 2.5].round(1).tolist()\n    [1.2, 2.5]"},
    {"astype", m_astype, 2, 3, "x.astype(dtype, copy=True)",
     "A copy of x converted to dtype (a dtype, a name such as 'f32', or float/int/bool).\n"
     "Floats to integers truncate towards zero.\n\n"
     "Example:\n    >>> [1.7, -1.7].astype(int).tolist()\n    [1, -1]"},
    {"tolist", m_tolist, 1, 1, "x.tolist()",
     "The elements as nested lists of int, float or bool (a 0-d tensor gives a number).\n\n"
     "Example:\n    >>> [[1, 2], [3, 4]].tolist()\n    [[1, 2], [3, 4]]"},
    {"item", m_item, 1, 1 + TN_MAX_DIMS, "x.item(*index)",
     "One element as a number: the only one (x.item()), by flat index (x.item(5)) or by\n"
     "one index per axis (x.item(1, 2)).\n\n"
     "Example:\n    >>> [[1, 2], [3, 4]].item(1, 0)\n    3"},
    {"fill", m_fill, 2, 2, "x.fill(value)",
     "Sets every element of x (through a view too) to value; returns None.\n\n"
     "Example:\n    >>> x = zeros(3)\n    >>> x.fill(7)\n    >>> x.tolist()\n    [7.0, 7.0, 7.0]"},
    {"sort", m_sort, 1, 4, "x.sort(axis=-1, kind=None, order=None)",
     "Sorts x in place along axis (through a view too); sort(x) returns a sorted copy.\n\n"
     "Example:\n    >>> x = [3, 1, 2]\n    >>> x.sort()\n    >>> x.tolist()\n    [1, 2, 3]"},
    {"contiguous", m_contiguous, 1, 1, "x.contiguous()",
     "x itself when its elements are in C order, else a C-ordered copy\n"
     "(ascontiguousarray(x)).\n\n"
     "Example:\n    >>> [[1, 2], [3, 4]].T.contiguous().is_contiguous\n    True"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

/* Replaces a builtin with a tensor-aware wrapper that keeps the original. */
static bool wrap_builtin(VM *vm, const NativeSpec *spec)
{
    ObjString *name = str_from_cstr(vm, spec->name);
    if (!name)
        return false;
    Value orig = NONE_VAL;
    dict_get_str(vm->builtins, name, &orig);
    gc_push_root(vm, orig);
    ObjNative *n = native_new(vm, spec->name, spec->fn, spec->min_args, spec->max_args,
                              spec->signature, spec->doc);
    bool ok = n != NULL;
    if (ok) {
        n->data = orig;
        gc_push_root(vm, OBJ_VAL(n));
        ok = dict_set_str(vm, vm->builtins, name, OBJ_VAL(n));
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    return ok;
}

static const NativeSpec wrapped_builtins[] = {
    {"sum", w_sum, 1, 5, "sum(iterable, start=0) or sum(a, axis=None, dtype=None, keepdims=False)",
     "Add up the items of an iterable, starting from start; for a tensor, the NumPy sum of\n"
     "its elements." AXIS_DOC "\n\n"
     "Example:\n    >>> sum([[1, 2], [3, 4]], axis=0).tolist()\n    [4, 6]"},
    {"min", w_min, 1, -1,
     "min(iterable, *, key=None, default=None), min(a, b, *more) or min(a, axis=None, keepdims=False)",
     "The smallest item of an iterable or of several arguments; for a tensor, its smallest\n"
     "element (nan if any is nan). For elementwise minima of two tensors use minimum."
     AXIS_DOC "\n\n"
     "Example:\n    >>> min([[4, 2], [3, 8]], axis=1).tolist()\n    [2, 3]"},
    {"max", w_max, 1, -1,
     "max(iterable, *, key=None, default=None), max(a, b, *more) or max(a, axis=None, keepdims=False)",
     "The largest item of an iterable or of several arguments; for a tensor, its largest\n"
     "element (nan if any is nan). For elementwise maxima of two tensors use maximum."
     AXIS_DOC "\n\n"
     "Example:\n    >>> max([[4, 2], [3, 8]])\n    8"},
    {"any", w_any, 1, 4, "any(iterable) or any(a, axis=None, keepdims=False)",
     "True if any item is true; for a tensor, whether any element is non-zero.\n\n"
     "Example:\n    >>> any([0, 0, 3])\n    True"},
    {"all", w_all, 1, 4, "all(iterable) or all(a, axis=None, keepdims=False)",
     "True if every item is true; for a tensor, whether every element is non-zero.\n\n"
     "Example:\n    >>> all([1, 2, 0])\n    False"},
    {"round", w_round, 1, 2, "round(x, ndigits=None) or round(a, decimals=0)",
     "Round a number to ndigits decimal places (to an int when omitted); a tensor is\n"
     "rounded elementwise to decimals places, ties to even, keeping its dtype.\n\n"
     "Example:\n    >>> round([0.5, 1.5, 2.5]).tolist()\n    [0.0, 2.0, 2.0]"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_methods(VM *vm)
{
    TlState *st = tl_state(vm);
    ObjString *fname = str_from_cstr(vm, "flags");
    if (!fname)
        return false;
    gc_push_root(vm, OBJ_VAL(fname));
    st->flags_class = class_new(vm, fname, vm->types.object);
    gc_pop_roots(vm, 1);
    if (!st->flags_class)
        return false;
    gc_push_root(vm, OBJ_VAL(st->flags_class));
    vm_define_methods(vm, st->flags_class, flags_methods);
    vm_define_methods(vm, vm->types.tensor, tensor_only_methods);
    /* the flags class lives as long as the VM: __getattr__, which makes its
       instances, keeps it */
    Value getattr;
    bool kept = dict_get_str(vm->types.tensor->methods, vm->names.getattr, &getattr) &&
                IS_NATIVE(getattr);
    if (kept)
        AS_NATIVE(getattr)->data = OBJ_VAL(st->flags_class);
    gc_pop_roots(vm, 1);
    if (!kept)
        return false;
    tl_define(vm, reduce_functions, reduce_methods);
    for (const NativeSpec *s = wrapped_builtins; s->name; s++)
        if (!wrap_builtin(vm, s))
            return false;
    return true;
}
