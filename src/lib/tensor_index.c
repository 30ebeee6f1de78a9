/*
 * tensor_index.c - x[index] and x[index] = value with NumPy's rules.
 *
 * index is one item or a tuple of items: an int, a slice, None (a new axis
 * of length 1), ... (as many full slices as needed), or an array (integer
 * or boolean: advanced indexing).  Basic indexing (no arrays) gives a view
 * sharing x's storage; an index that picks one element gives a plain
 * number.  Assignment broadcasts the value over the selection and converts
 * it to x's dtype, writing through views.
 */
#include "lib/tensor_lib.h"

#include <string.h>

#include "tensor/view.h"

typedef enum IxKind { IX_INT, IX_SLICE, IX_NEW, IX_ELLIPSIS, IX_ARRAY } IxKind;

typedef struct IxItem {
    IxKind kind;
    int64_t i;          /* IX_INT */
    TnSlice s;          /* IX_SLICE */
    TlArg arr;          /* IX_ARRAY (integer or bool) */
} IxItem;

typedef struct Index {
    int n;
    IxItem items[2 * TN_MAX_DIMS + 1];
    bool advanced;
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
    for (int k = 0; k < ix->n; k++)
        if (ix->items[k].kind == IX_ARRAY)
            tl_arg_free(vm, &ix->items[k].arr);
    ix->n = 0;
}

static bool parse_item(VM *vm, Value v, Index *ix)
{
    if (ix->n == (int)(sizeof ix->items / sizeof ix->items[0]))
        return vm_raise(vm, vm->exc.index_error, "too many indices");
    IxItem *it = &ix->items[ix->n];
    if (IS_INT(v)) {
        *it = (IxItem){.kind = IX_INT, .i = AS_INT(v)};
    } else if (is_obj_type(v, OBJ_SLICE)) {
        ObjSlice *sl = AS_SLICE(v);
        it->kind = IX_SLICE;
        memset(&it->s, 0, sizeof it->s);
        if (!slice_part(vm, sl->start, &it->s.start, &it->s.has_start) ||
            !slice_part(vm, sl->stop, &it->s.stop, &it->s.has_stop) ||
            !slice_part(vm, sl->step, &it->s.step, &it->s.has_step))
            return false;
        if (it->s.has_step && it->s.step == 0)
            return vm_raise(vm, vm->exc.value_error, "slice step cannot be zero");
    } else if (IS_NONE(v)) {
        it->kind = IX_NEW;
    } else if (is_ellipsis(vm, v)) {
        it->kind = IX_ELLIPSIS;
    } else if (IS_TENSOR(v) && AS_TENSOR(v)->ndim == 0 && tn_dtype_is_int(AS_TENSOR(v)->dtype)) {
        *it = (IxItem){.kind = IX_INT, .i = tn_get_i64(AS_TENSOR(v), 0)};
    } else if (IS_TENSOR(v) || IS_LIST(v) || IS_TUPLE(v) || IS_BOOL(v)) {
        it->kind = IX_ARRAY;
        if (!tl_arg(vm, IS_BOOL(v) ? v : v, "[]", "index", &it->arr))
            return false;
        Tensor *a = it->arr.t;
        if (tn_dtype_is_float(a->dtype)) {
            char s[96];
            tn_shape_str(s, sizeof s, a->dtype, a->ndim, a->shape);
            tl_arg_free(vm, &it->arr);
            return vm_raise(vm, vm->exc.index_error,
                            "arrays used as indices must be of integer or boolean type, not %s: "
                            "convert with idx.astype(int)",
                            s);
        }
        ix->advanced = true;
    } else if (IS_FLOAT(v)) {
        return vm_raise(vm, vm->exc.index_error,
                        "only integers, slices (:), ellipsis (...), None and integer or boolean "
                        "arrays are valid indices, not float %g: use int(i)",
                        AS_FLOAT(v));
    } else {
        return vm_raise(vm, vm->exc.index_error,
                        "only integers, slices (:), ellipsis (...), None and integer or boolean "
                        "arrays are valid indices, not %s",
                        value_type_name(vm, v));
    }
    ix->n++;
    return true;
}

static bool parse_index(VM *vm, Value index, Index *ix)
{
    ix->n = 0;
    ix->advanced = false;
    if (IS_TUPLE(index)) {
        ObjTuple *t = AS_TUPLE(index);
        for (int k = 0; k < t->count; k++)
            if (!parse_item(vm, t->items[k], ix)) {
                index_free(vm, ix);
                return false;
            }
        return true;
    }
    return parse_item(vm, index, ix);
}

/* How many axes of x the items use: ints and slices one each, a bool array
   its ndim, an int array one. */
static int consumed(const Index *ix, int *ellipses)
{
    int n = 0;
    *ellipses = 0;
    for (int k = 0; k < ix->n; k++) {
        const IxItem *it = &ix->items[k];
        if (it->kind == IX_INT || it->kind == IX_SLICE)
            n++;
        else if (it->kind == IX_ARRAY)
            n += it->arr.t->dtype == TN_BOOL ? (it->arr.t->ndim ? it->arr.t->ndim : 0) : 1;
        else if (it->kind == IX_ELLIPSIS)
            (*ellipses)++;
    }
    return n;
}

static bool too_many(VM *vm, const Tensor *t, int used)
{
    char s[96];
    tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
    return vm_raise(vm, vm->exc.index_error,
                    "too many indices for tensor %s: it has %d ax%s but %d were indexed", s,
                    t->ndim, t->ndim == 1 ? "is" : "es", used);
}

/*
 * The view that basic indexing selects, computed as one header (h, sharing
 * t's storage but not yet counted as a reference).
 */
static bool basic_view(VM *vm, const Tensor *t, const Index *ix, Tensor *h)
{
    int ellipses;
    int used = consumed(ix, &ellipses);
    if (ellipses > 1)
        return vm_raise(vm, vm->exc.index_error, "an index can only have a single ellipsis ('...')");
    if (used > t->ndim)
        return too_many(vm, t, used);
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    int nd = 0, axis = 0;
    int64_t offset = t->offset;
    for (int k = 0; k < ix->n; k++) {
        const IxItem *it = &ix->items[k];
        switch (it->kind) {
        case IX_INT: {
            int64_t len = t->shape[axis], i = it->i;
            if (i < -len || i >= len) {
                char s[96];
                tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
                vm_raise(vm, vm->exc.index_error,
                         "index %lld is out of range for axis %d with length %lld (tensor %s)",
                         (long long)i, axis, (long long)len, s);
                return false;
            }
            if (i < 0)
                i += len;
            offset += i * t->strides[axis];
            axis++;
            break;
        }
        case IX_SLICE: {
            int64_t start, count, step;
            if (!tn_slice_resolve(&vm->tn, &it->s, t->shape[axis], &start, &count, &step))
                return tl_raise(vm);
            if (count > 0)
                offset += start * t->strides[axis];
            shape[nd] = count;
            strides[nd] = t->strides[axis] * step;
            nd++;
            axis++;
            break;
        }
        case IX_NEW:
            if (nd == TN_MAX_DIMS)
                return vm_raise(vm, vm->exc.index_error, "a tensor has at most %d axes",
                                TN_MAX_DIMS);
            shape[nd] = 1;
            strides[nd] = 0;
            nd++;
            break;
        case IX_ELLIPSIS:
            for (int j = 0; j < t->ndim - used; j++) {
                if (nd == TN_MAX_DIMS)
                    return vm_raise(vm, vm->exc.index_error, "a tensor has at most %d axes",
                                    TN_MAX_DIMS);
                shape[nd] = t->shape[axis];
                strides[nd] = t->strides[axis];
                nd++;
                axis++;
            }
            break;
        case IX_ARRAY:
            return false;
        }
    }
    for (; axis < t->ndim; axis++) {
        if (nd == TN_MAX_DIMS)
            return vm_raise(vm, vm->exc.index_error, "a tensor has at most %d axes", TN_MAX_DIMS);
        shape[nd] = t->shape[axis];
        strides[nd] = t->strides[axis];
        nd++;
    }
    *h = *t;
    h->ndim = nd;
    memcpy(h->shape, shape, sizeof(int64_t) * (size_t)nd);
    memcpy(h->strides, strides, sizeof(int64_t) * (size_t)nd);
    h->offset = offset;
    tn_update_size(h);
    return true;
}

static bool advanced_unsupported(VM *vm)
{
    return vm_raise(vm, vm->exc.not_implemented_error,
                    "indexing with integer or boolean arrays is not available yet");
}

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
    if (ix.advanced) {
        index_free(vm, &ix);
        return advanced_unsupported(vm);
    }
    Tensor h;
    bool ok = basic_view(vm, t, &ix, &h);
    index_free(vm, &ix);
    if (!ok)
        return false;
    if (h.ndim == 0) {
        *out = tl_scalar_value(&h);
        return true;
    }
    return tl_wrap(vm, tn_view_as(&vm->tn, t, h.ndim, h.shape, h.strides, h.offset), out);
}

/* dst[...] = value: value broadcast to dst's shape, converted to its dtype. */
static bool assign(VM *vm, Tensor *dst, Value value)
{
    TlArg a;
    if (!tl_arg(vm, value, "[]=", "value", &a))
        return false;
    Tensor *b = tn_broadcast_to(&vm->tn, a.t, dst->ndim, dst->shape);
    bool ok = b && tn_copy_into(&vm->tn, dst, b);
    if (b)
        tn_free(&vm->tn, b);
    tl_arg_free(vm, &a);
    return ok || tl_raise(vm);
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
    Value index = argv[1], value = argv[2];
    Index ix;
    if (!parse_index(vm, index, &ix))
        return false;
    if (ix.advanced) {
        index_free(vm, &ix);
        return advanced_unsupported(vm);
    }
    Tensor h;
    bool ok = basic_view(vm, t, &ix, &h);
    index_free(vm, &ix);
    return ok && assign(vm, &h, value);
}

static const NativeSpec index_methods[] = {
    {"__getitem__", t_getitem, 2, 2, "x[index]",
     "NumPy indexing: ints, slices, None (new axis), ... (the remaining axes), integer\n"
     "arrays and boolean masks. Basic indexing gives a view; one element gives a number."},
    {"__setitem__", t_setitem, 3, 3, "x[index] = value",
     "Writes value (broadcast, converted to x's dtype) into the selected elements."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_index(VM *vm)
{
    vm_define_methods(vm, vm->types.tensor, index_methods);
    return true;
}
