/*
 * tensor_index.c - x[index] and x[index] = value.
 *
 * The language's index (one item, or a tuple of them: an int, a slice,
 * None, ..., or an integer or bool array, which a list becomes) is turned
 * into the engine's TnIndex items; the engine applies NumPy's rules (see
 * tensor/index.h): basic indexing gives a view, advanced indexing a copy,
 * assignment broadcasts and casts.  An index that picks one element gives
 * a plain number.
 */
#include "lib/tensor_lib.h"

#include <string.h>

#include "tensor/index.h"
#include "tensor/view.h"

#define IX_MAX (2 * TN_MAX_DIMS + 1)

/* The items of one index; arrays converted from lists are owned here. */
typedef struct Index {
    int n;
    TnIndex items[IX_MAX];
    TlArg arrays[IX_MAX];
    int narrays;
} Index;

static bool is_ellipsis(VM *vm, Value v)
{
    if (!IS_INSTANCE(v))
        return false;
    Value e;
    ObjString *name = str_from_cstr(vm, "Ellipsis");
    return name && dict_get_str(vm->builtins, name, &e) && IS_OBJ(e) && AS_OBJ(e) == AS_OBJ(v);
}

static bool slice_part(VM *vm, Value v, int64_t *out, bool *has)
{
    *has = !IS_NONE(v);
    if (!*has)
        return true;
    if (IS_INT(v) || IS_BOOL(v) || (IS_TENSOR(v) && AS_TENSOR(v)->ndim == 0)) {
        Value tmp = v;
        return arg_int(vm, &tmp, 0, "slice", "index", out);
    }
    return vm_raise(vm, vm->exc.type_error,
                    "slice indices must be ints or None, not %s", value_type_name(vm, v));
}

static void index_free(VM *vm, Index *ix)
{
    for (int k = 0; k < ix->narrays; k++)
        tl_arg_free(vm, &ix->arrays[k]);
    ix->narrays = 0;
    ix->n = 0;
}

static bool bad_index(VM *vm, Value v)
{
    if (IS_FLOAT(v))
        return vm_raise(vm, vm->exc.index_error,
                        "only integers, slices (:), ellipsis (...), None and integer or boolean "
                        "arrays are valid indices, not float %g: use int(i)",
                        AS_FLOAT(v));
    if (IS_BOOL(v))
        return vm_raise(vm, vm->exc.index_error,
                        "a single True or False cannot index a tensor: use a boolean array with "
                        "one value per element");
    return vm_raise(vm, vm->exc.index_error,
                    "only integers, slices (:), ellipsis (...), None and integer or boolean "
                    "arrays are valid indices, not %s",
                    value_type_name(vm, v));
}

static bool parse_item(VM *vm, Value v, Index *ix)
{
    if (ix->n == IX_MAX)
        return vm_raise(vm, vm->exc.index_error, "too many indices (at most %d)", IX_MAX);
    TnIndex *it = &ix->items[ix->n];
    if (IS_INT(v)) {
        *it = tn_idx_int(AS_INT(v));
    } else if (is_obj_type(v, OBJ_SLICE)) {
        ObjSlice *sl = AS_SLICE(v);
        TnSlice s;
        memset(&s, 0, sizeof s);
        if (!slice_part(vm, sl->start, &s.start, &s.has_start) ||
            !slice_part(vm, sl->stop, &s.stop, &s.has_stop) ||
            !slice_part(vm, sl->step, &s.step, &s.has_step))
            return false;
        *it = tn_idx_slice(s);
    } else if (IS_NONE(v)) {
        *it = tn_idx_newaxis();
    } else if (is_ellipsis(vm, v)) {
        *it = tn_idx_ellipsis();
    } else if (IS_TENSOR(v) && AS_TENSOR(v)->ndim == 0 && tn_dtype_is_int(AS_TENSOR(v)->dtype)) {
        *it = tn_idx_int(tn_get_i64(AS_TENSOR(v), 0));
    } else if (IS_TENSOR(v) || IS_LIST(v) || IS_TUPLE(v)) {
        TlArg *a = &ix->arrays[ix->narrays];
        if (!tl_arg(vm, v, "[]", "index", a))
            return false;
        ix->narrays++;
        /* an empty list is an empty integer index, as in NumPy */
        if (a->t->size == 0 && !IS_TENSOR(v) && tn_dtype_is_float(a->t->dtype)) {
            Tensor *c = tn_astype(&vm->tn, a->t, TN_I64);
            tl_arg_free(vm, a);
            if (!c)
                return tl_raise(vm);
            a->t = c;
            a->owned = true;
        }
        Tensor *t = a->t;
        if (tn_dtype_is_float(t->dtype)) {
            char s[96];
            tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
            return vm_raise(vm, vm->exc.index_error,
                            "arrays used as indices must be of integer or boolean type, not %s: "
                            "convert with idx.astype(int)",
                            s);
        }
        if (t->dtype == TN_BOOL && t->ndim == 0)
            return bad_index(vm, BOOL_VAL(true));
        *it = tn_idx_tensor(t);
    } else {
        return bad_index(vm, v);
    }
    ix->n++;
    return true;
}

static bool parse_index(VM *vm, Value index, Index *ix)
{
    ix->n = 0;
    ix->narrays = 0;
    if (IS_TUPLE(index)) {
        ObjTuple *t = AS_TUPLE(index);
        for (int k = 0; k < t->count; k++)
            if (!parse_item(vm, t->items[k], ix)) {
                index_free(vm, ix);
                return false;
            }
        return true;
    }
    if (!parse_item(vm, index, ix)) {
        index_free(vm, ix);
        return false;
    }
    return true;
}

/* ---- x[index], x[index] = value */

static bool t_getitem(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    Value index = argv[1];
    /* the common case, x[i] on a 1-D tensor, without building anything */
    if (IS_INT(index) && t->ndim == 1) {
        int64_t i = AS_INT(index), len = t->shape[0];
        if (i >= -len && i < len) {
            Tensor h = *t;
            h.ndim = 0;
            h.offset = t->offset + (i < 0 ? i + len : i) * t->strides[0];
            *out = tl_scalar_value(&h);
            return true;
        }
    }
    Index ix;
    if (!parse_index(vm, index, &ix))
        return false;
    Tensor *r = tn_index_get(&vm->tn, t, ix.n, ix.items);
    index_free(vm, &ix);
    return tl_result(vm, r, out);
}

static bool readonly_error(VM *vm, const Tensor *t)
{
    char s[96];
    tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
    return vm_raise(vm, vm->exc.value_error,
                    "assignment destination is read-only: %s is a broadcast_to or diagonal view "
                    "(copy() it to get a writable tensor)",
                    s);
}

static bool t_setitem(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    *out = NONE_VAL;
    if (t->readonly)
        return readonly_error(vm, t);
    Index ix;
    if (!parse_index(vm, argv[1], &ix))
        return false;
    TlArg a;
    bool ok = tl_arg(vm, argv[2], "[]=", "value", &a);
    if (ok) {
        ok = tn_index_set(&vm->tn, t, ix.n, ix.items, a.t) || tl_raise(vm);
        tl_arg_free(vm, &a);
    }
    index_free(vm, &ix);
    return ok;
}

static const NativeSpec index_methods[] = {
    {"__getitem__", t_getitem, 2, 2, "x[index]",
     "NumPy indexing: ints, slices, None (new axis), ... (the remaining axes), integer\n"
     "arrays and boolean masks. Basic indexing gives a view; one element gives a number;\n"
     "arrays give a copy."},
    {"__setitem__", t_setitem, 3, 3, "x[index] = value",
     "Writes value (broadcast, converted to x's dtype) into the selected elements."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_index(VM *vm)
{
    vm_define_methods(vm, vm->types.tensor, index_methods);
    return true;
}
