/*
 * tensor_index.c - x[index] and x[index] = value with NumPy's rules, and
 * take, take_along_axis and put_along_axis.
 *
 * index is one item or a tuple of items: an int, a slice, None (a new axis
 * of length 1), ... (as many full slices as needed), or an array (integer
 * or boolean: advanced indexing).  Basic indexing (no arrays) gives a view
 * sharing x's storage; an index that picks one element gives a plain
 * number.  Assignment broadcasts the value over the selection and converts
 * it to x's dtype, writing through views.
 *
 * Advanced indexing follows NumPy's rules exactly:
 *  - a boolean array stands for the integer arrays of its nonzero(), and
 *    must match the shape of the axes it covers;
 *  - with any array present, an int is a 0-d integer array;
 *  - the integer arrays broadcast to one shape B;
 *  - the result has B's axes where the arrays were when they are next to
 *    each other (no slice, None or ... between them), else first, followed
 *    by the axes the slices and Nones give.
 * The result is a copy; assignment writes each selected element (a repeated
 * index is written once per occurrence, the last value staying).
 */
#include "lib/tensor_lib.h"

#include <string.h>

#include "tensor/iter.h"
#include "tensor/view.h"

typedef enum IxKind { IX_INT, IX_SLICE, IX_NEW, IX_ELLIPSIS, IX_ARRAY } IxKind;

#define IX_MAX (2 * TN_MAX_DIMS + 1)

typedef struct IxItem {
    IxKind kind;
    int64_t i;          /* IX_INT */
    TnSlice s;          /* IX_SLICE */
    TlArg arr;          /* IX_ARRAY (integer or bool) */
    int64_t mask_len;   /* from a bool mask: the length its axis must have; else -1 */
    int mask_axis;      /* which axis of the mask it came from */
    int64_t mask_shape[TN_MAX_DIMS];
    int mask_ndim;
} IxItem;

typedef struct Index {
    int n;
    IxItem items[IX_MAX];
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

static bool too_many_items(VM *vm)
{
    return vm_raise(vm, vm->exc.index_error, "too many indices (at most %d)", IX_MAX);
}

static bool parse_item(VM *vm, Value v, Index *ix)
{
    if (ix->n == IX_MAX)
        return too_many_items(vm);
    IxItem *it = &ix->items[ix->n];
    memset(it, 0, sizeof *it);
    it->mask_len = -1;
    if (IS_INT(v)) {
        it->kind = IX_INT;
        it->i = AS_INT(v);
    } else if (is_obj_type(v, OBJ_SLICE)) {
        ObjSlice *sl = AS_SLICE(v);
        it->kind = IX_SLICE;
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
        it->kind = IX_INT;
        it->i = tn_get_i64(AS_TENSOR(v), 0);
    } else if (IS_TENSOR(v) || IS_LIST(v) || IS_TUPLE(v)) {
        it->kind = IX_ARRAY;
        if (!tl_arg(vm, v, "[]", "index", &it->arr))
            return false;
        Tensor *a = it->arr.t;
        /* an empty list is an empty integer index, as in NumPy */
        if (a->size == 0 && !IS_TENSOR(v) && a->dtype == TN_F64) {
            Tensor *c = tn_astype(&vm->tn, a, TN_I64);
            tl_arg_free(vm, &it->arr);
            if (!c)
                return tl_raise(vm);
            it->arr.t = c;
            it->arr.owned = true;
            a = c;
        }
        if (tn_dtype_is_float(a->dtype)) {
            char s[96];
            tn_shape_str(s, sizeof s, a->dtype, a->ndim, a->shape);
            tl_arg_free(vm, &it->arr);
            return vm_raise(vm, vm->exc.index_error,
                            "arrays used as indices must be of integer or boolean type, not %s: "
                            "convert with idx.astype(int)",
                            s);
        }
        if (a->dtype == TN_BOOL && a->ndim == 0) {
            tl_arg_free(vm, &it->arr);
            return vm_raise(vm, vm->exc.index_error,
                            "a single True or False cannot index a tensor: use a boolean array "
                            "with one value per element");
        }
        ix->advanced = true;
    } else if (IS_BOOL(v)) {
        return vm_raise(vm, vm->exc.index_error,
                        "a single True or False cannot index a tensor: use a boolean array with "
                        "one value per element");
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

/* How many axes of x the items use: ints, slices and integer arrays one
   each, a bool array its ndim. */
static int consumed(const Index *ix, int *ellipses)
{
    int n = 0;
    *ellipses = 0;
    for (int k = 0; k < ix->n; k++) {
        const IxItem *it = &ix->items[k];
        if (it->kind == IX_INT || it->kind == IX_SLICE)
            n++;
        else if (it->kind == IX_ARRAY)
            n += it->arr.t->dtype == TN_BOOL ? it->arr.t->ndim : 1;
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

static bool index_out_of_range(VM *vm, const Tensor *t, int axis, int64_t i)
{
    char s[96];
    tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
    return vm_raise(vm, vm->exc.index_error,
                    "index %lld is out of range for axis %d with length %lld (tensor %s)",
                    (long long)i, axis, (long long)t->shape[axis], s);
}

/*
 * The view that the basic items select, as one header h over t's storage
 * (not yet counted as a reference).  An array item is taken as a full
 * slice here; item_dim[k] receives the axis of h that item k became (-1
 * for items that leave no axis) and src_axis[k] the axis of t it indexes.
 */
static bool basic_view(VM *vm, const Tensor *t, const Index *ix, Tensor *h, int *item_dim,
                       int *src_axis)
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
        if (item_dim) {
            item_dim[k] = -1;
            src_axis[k] = axis;
        }
        if (nd == TN_MAX_DIMS && it->kind != IX_INT)
            return vm_raise(vm, vm->exc.index_error, "a tensor has at most %d axes", TN_MAX_DIMS);
        switch (it->kind) {
        case IX_INT: {
            int64_t len = t->shape[axis], i = it->i;
            if (i < -len || i >= len)
                return index_out_of_range(vm, t, axis, i);
            offset += (i < 0 ? i + len : i) * t->strides[axis];
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
        case IX_ARRAY:
            if (item_dim)
                item_dim[k] = nd;
            shape[nd] = t->shape[axis];
            strides[nd] = t->strides[axis];
            nd++;
            axis++;
            break;
        case IX_NEW:
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

/* ---- advanced indexing */

/* How the selected elements of an advanced index lie in memory. */
typedef struct Plan {
    Tensor view;                    /* t with the basic items applied */
    int nadv;
    int adv_dim[IX_MAX];            /* the view axis each index array walks */
    int64_t *idx[IX_MAX];           /* its indices, broadcast to bshape, normalised */
    Tensor *idx_t[IX_MAX];          /* the tensors holding them */
    int bnd;
    int64_t bshape[TN_MAX_DIMS];
    int64_t bsize;
    int rnd;                        /* the result: basic axes with B at b_at */
    int64_t rshape[TN_MAX_DIMS];
    int64_t rstride[TN_MAX_DIMS];   /* view strides of result axes (0 for B axes) */
    int64_t bmul[TN_MAX_DIMS];      /* for B axes: their weight in B's flat index */
    int64_t rsize;
} Plan;

static void plan_free(VM *vm, Plan *p)
{
    for (int k = 0; k < p->nadv; k++)
        if (p->idx_t[k])
            tn_free(&vm->tn, p->idx_t[k]);
    p->nadv = 0;
}

/* Replaces bool masks by their nonzero() arrays and, since arrays are
   present, ints by 0-d arrays. */
static bool expand_items(VM *vm, Index *ix)
{
    Index out;
    out.n = 0;
    out.advanced = true;
    bool ok = true;
    for (int k = 0; k < ix->n && ok; k++) {
        IxItem *it = &ix->items[k];
        if (it->kind == IX_INT) {
            if (out.n == IX_MAX) {
                ok = too_many_items(vm);
                break;
            }
            IxItem *o = &out.items[out.n++];
            memset(o, 0, sizeof *o);
            o->kind = IX_ARRAY;
            o->mask_len = -1;
            o->arr.t = tn_scalar_i64(&vm->tn, it->i, false);
            o->arr.owned = o->arr.t != NULL;
            ok = o->arr.t != NULL || tl_raise(vm);
            continue;
        }
        if (it->kind != IX_ARRAY || it->arr.t->dtype != TN_BOOL) {
            if (out.n == IX_MAX) {
                ok = too_many_items(vm);
                break;
            }
            out.items[out.n++] = *it;
            /* an array moves to out (arrays are never TlArg scalars, whose
               header points into the TlArg itself) */
            if (it->kind == IX_ARRAY)
                it->arr.owned = false;
            continue;
        }
        /* a mask: one integer array per axis it covers */
        Tensor *m = it->arr.t;
        int64_t count = 0;
        for (int64_t i = 0; i < m->size; i++)
            count += tn_get_i64(m, i) != 0;
        int first = out.n;
        for (int d = 0; d < m->ndim && ok; d++) {
            if (out.n == IX_MAX) {
                ok = too_many_items(vm);
                break;
            }
            IxItem *o = &out.items[out.n++];
            memset(o, 0, sizeof *o);
            o->kind = IX_ARRAY;
            o->mask_len = m->shape[d];
            o->mask_axis = d;
            o->mask_ndim = m->ndim;
            memcpy(o->mask_shape, m->shape, sizeof(int64_t) * (size_t)m->ndim);
            o->arr.t = tn_empty(&vm->tn, TN_I64, 1, &count);
            o->arr.owned = o->arr.t != NULL;
            ok = o->arr.t != NULL || tl_raise(vm);
        }
        if (!ok)
            break;
        int64_t j = 0;
        for (int64_t i = 0; i < m->size; i++) {
            if (tn_get_i64(m, i) == 0)
                continue;
            int64_t rest = i;
            for (int d = m->ndim - 1; d >= 0; d--) {
                ((int64_t *)tn_data(out.items[first + d].arr.t))[j] = rest % m->shape[d];
                rest /= m->shape[d];
            }
            j++;
        }
    }
    index_free(vm, ix);
    if (!ok) {
        index_free(vm, &out);
        return false;
    }
    *ix = out;
    return true;
}

static bool mask_mismatch(VM *vm, const Tensor *t, const IxItem *it, int axis)
{
    char s[96], m[96];
    tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
    tn_shape_str(m, sizeof m, TN_BOOL, it->mask_ndim, it->mask_shape);
    return vm_raise(vm, vm->exc.index_error,
                    "boolean index did not match the indexed tensor along axis %d: the axis has "
                    "length %lld but the mask %s has %lld there (tensor %s)",
                    axis, (long long)t->shape[axis], m, (long long)it->mask_len, s);
}

static bool make_plan(VM *vm, const Tensor *t, Index *ix, Plan *p)
{
    memset(p, 0, sizeof *p);
    if (!expand_items(vm, ix))
        return false;
    int item_dim[IX_MAX], src_axis[IX_MAX];
    if (!basic_view(vm, t, ix, &p->view, item_dim, src_axis))
        return false;
    const Tensor *arrs[IX_MAX];
    int adv_src[IX_MAX];
    int first = -1, last = -1;
    for (int k = 0; k < ix->n; k++) {
        IxItem *it = &ix->items[k];
        if (it->kind != IX_ARRAY)
            continue;
        if (it->mask_len >= 0 && t->shape[src_axis[k]] != it->mask_len)
            return mask_mismatch(vm, t, it, src_axis[k]);
        if (first < 0)
            first = k;
        last = k;
        p->adv_dim[p->nadv] = item_dim[k];
        adv_src[p->nadv] = src_axis[k];
        arrs[p->nadv++] = it->arr.t;
    }
    bool adjacent = true;
    for (int k = first; k <= last; k++)
        if (ix->items[k].kind != IX_ARRAY)
            adjacent = false;
    int nadv = p->nadv;
    p->nadv = 0;
    if (!tn_broadcast_shapes(&vm->tn, nadv, arrs, &p->bnd, p->bshape)) {
        /* NumPy's IndexError: the index arrays, not the data, disagree */
        vm_raise(vm, vm->exc.index_error, "shape mismatch: the index arrays do not broadcast (%s)",
                 vm->tn.msg);
        tn_ctx_clear_error(&vm->tn);
        return false;
    }
    p->bsize = 1;
    for (int d = 0; d < p->bnd; d++)
        p->bsize *= p->bshape[d];
    /* each array broadcast to B, as contiguous normalised i64 */
    for (int k = 0; k < nadv; k++) {
        Tensor *b = tn_broadcast_to(&vm->tn, arrs[k], p->bnd, p->bshape);
        Tensor *c = b ? tn_astype(&vm->tn, b, TN_I64) : NULL;
        if (b)
            tn_free(&vm->tn, b);
        if (!c)
            return tl_raise(vm);
        p->idx_t[p->nadv] = c;
        p->idx[p->nadv] = tn_data(c);
        p->nadv++;
        int dim = p->adv_dim[k];
        int64_t len = p->view.shape[dim];
        for (int64_t i = 0; i < p->bsize; i++) {
            int64_t v = p->idx[k][i];
            if (v < -len || v >= len)
                return index_out_of_range(vm, t, adv_src[k], v);
            if (v < 0)
                p->idx[k][i] = v + len;
        }
    }
    /* the result's axes: the view's other axes, with B's inserted */
    bool is_adv[TN_MAX_DIMS] = {false};
    for (int k = 0; k < nadv; k++)
        is_adv[p->adv_dim[k]] = true;
    int basic[TN_MAX_DIMS], nbasic = 0, b_at = 0;
    for (int d = 0; d < p->view.ndim; d++) {
        if (is_adv[d])
            continue;
        if (adjacent && d < p->adv_dim[0])
            b_at++;
        basic[nbasic++] = d;
    }
    if (nbasic + p->bnd > TN_MAX_DIMS)
        return vm_raise(vm, vm->exc.index_error, "the result would have more than %d axes",
                        TN_MAX_DIMS);
    int r = 0;
    int64_t mul = 1;
    for (int d = p->bnd - 1; d >= 0; d--) {
        p->bmul[b_at + d] = mul;
        mul *= p->bshape[d];
    }
    for (int j = 0; j <= nbasic; j++) {
        if (j == b_at)
            for (int d = 0; d < p->bnd; d++) {
                p->rshape[r] = p->bshape[d];
                p->rstride[r] = 0;
                r++;
            }
        if (j < nbasic) {
            p->rshape[r] = p->view.shape[basic[j]];
            p->rstride[r] = p->view.strides[basic[j]];
            p->bmul[r] = 0;
            r++;
        }
    }
    p->rnd = r;
    p->rsize = 1;
    for (int d = 0; d < r; d++)
        p->rsize *= p->rshape[d];
    return true;
}

/* Calls visit(dst or src byte offset, result flat index) for every selected
   element, in the result's C order. */
static void plan_walk(const Plan *p, void (*visit)(int64_t off, int64_t r, void *ud), void *ud)
{
    int64_t ctr[TN_MAX_DIMS] = {0};
    for (int64_t r = 0; r < p->rsize; r++) {
        int64_t off = p->view.offset, b = 0;
        for (int d = 0; d < p->rnd; d++) {
            off += ctr[d] * p->rstride[d];
            b += ctr[d] * p->bmul[d];
        }
        for (int k = 0; k < p->nadv; k++)
            off += p->idx[k][b] * p->view.strides[p->adv_dim[k]];
        visit(off, r, ud);
        for (int d = p->rnd - 1; d >= 0; d--) {
            if (++ctr[d] < p->rshape[d])
                break;
            ctr[d] = 0;
        }
    }
}

typedef struct Copy {
    char *base;         /* storage data of the indexed tensor */
    char *other;        /* the result (gather) or the values (scatter), contiguous */
    size_t isz;
    bool gather;
} Copy;

static void copy_one(int64_t off, int64_t r, void *ud)
{
    Copy *c = ud;
    char *elem = c->base + off, *o = c->other + r * (int64_t)c->isz;
    if (c->gather)
        memcpy(o, elem, c->isz);
    else
        memcpy(elem, o, c->isz);
}

static bool advanced_get(VM *vm, const Tensor *t, Index *ix, Value *out)
{
    Plan p;
    bool ok = make_plan(vm, t, ix, &p);
    Tensor *r = ok ? tn_empty(&vm->tn, t->dtype, p.rnd, p.rshape) : NULL;
    if (ok && !r)
        ok = tl_raise(vm);
    if (ok) {
        Copy c = {t->storage->data, tn_data(r), tn_dtype_size(t->dtype), true};
        plan_walk(&p, copy_one, &c);
    }
    plan_free(vm, &p);
    if (!ok)
        return false;
    return tl_result(vm, r, out);
}

static bool advanced_set(VM *vm, Tensor *t, Index *ix, Value value)
{
    Plan p;
    if (!make_plan(vm, t, ix, &p)) {
        plan_free(vm, &p);
        return false;
    }
    TlArg a;
    bool ok = tl_arg(vm, value, "[]=", "value", &a);
    Tensor *b = ok ? tn_broadcast_to(&vm->tn, a.t, p.rnd, p.rshape) : NULL;
    if (ok && !b) {
        char sv[96], ss[96];
        tn_shape_str(sv, sizeof sv, a.t->dtype, a.t->ndim, a.t->shape);
        tn_shape_str(ss, sizeof ss, t->dtype, p.rnd, p.rshape);
        tn_ctx_clear_error(&vm->tn);
        ok = vm_raise(vm, vm->exc.shape_error,
                      "cannot assign %s to the %lld elements the index selects (%s): the value "
                      "must broadcast to that shape",
                      sv, (long long)p.rsize, ss);
    }
    /* converted to t's dtype, contiguous, and apart from t's memory */
    Tensor *c = b ? tn_astype(&vm->tn, b, t->dtype) : NULL;
    if (ok && !c)
        ok = tl_raise(vm);
    if (ok) {
        Copy cp = {t->storage->data, tn_data(c), tn_dtype_size(t->dtype), false};
        plan_walk(&p, copy_one, &cp);
    }
    if (b)
        tn_free(&vm->tn, b);
    if (c)
        tn_free(&vm->tn, c);
    if (a.t)
        tl_arg_free(vm, &a);
    plan_free(vm, &p);
    return ok;
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
    bool ok;
    if (ix.advanced) {
        ok = advanced_get(vm, t, &ix, out);
    } else {
        Tensor h;
        ok = basic_view(vm, t, &ix, &h, NULL, NULL);
        if (ok && h.ndim == 0)
            *out = tl_scalar_value(&h);
        else if (ok)
            ok = tl_wrap(vm, tn_view_as(&vm->tn, t, h.ndim, h.shape, h.strides, h.offset), out);
    }
    index_free(vm, &ix);
    return ok;
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
    Index ix;
    if (!parse_index(vm, argv[1], &ix))
        return false;
    bool ok;
    if (ix.advanced) {
        ok = advanced_set(vm, t, &ix, argv[2]);
    } else {
        Tensor h;
        ok = basic_view(vm, t, &ix, &h, NULL, NULL) && assign(vm, &h, argv[2]);
    }
    index_free(vm, &ix);
    return ok;
}

/* ---- take, take_along_axis, put_along_axis */

/* take(a, indices, axis=None): a.ravel()[indices], or a[:, ..., indices]. */
static bool fn_take(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int axis = 0;
    bool has_axis;
    if (!tl_args(vm, "take", argc, argv, kwargs, "a indices axis=", v) ||
        !tl_axis(vm, v[2], "take", &axis, &has_axis))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "take", "a", &a))
        return false;
    Tensor *src = a.t, *flat = NULL;
    if (!has_axis) {
        flat = tn_ravel(&vm->tn, a.t);
        if (!flat) {
            tl_arg_free(vm, &a);
            return tl_raise(vm);
        }
        src = flat;
        axis = 0;
    }
    int ax = tn_normalize_axis(&vm->tn, axis, src->ndim, src);
    Index ix;
    ix.n = 0;
    ix.advanced = true;
    bool ok = ax >= 0 || tl_raise(vm);
    for (int d = 0; ok && d < ax; d++) {
        IxItem *it = &ix.items[ix.n++];
        memset(it, 0, sizeof *it);
        it->kind = IX_SLICE;
        it->mask_len = -1;
    }
    if (ok) {
        IxItem *it = &ix.items[ix.n];
        memset(it, 0, sizeof *it);
        it->kind = IX_ARRAY;
        it->mask_len = -1;
        ok = tl_arg(vm, v[1], "take", "indices", &it->arr);
        if (ok) {
            ix.n++;
            if (tn_dtype_is_float(it->arr.t->dtype) || it->arr.t->dtype == TN_BOOL)
                ok = vm_raise(vm, vm->exc.type_error, "take(): indices must be integers");
        }
    }
    if (ok)
        ok = advanced_get(vm, src, &ix, out);
    index_free(vm, &ix);
    if (flat)
        tn_free(&vm->tn, flat);
    tl_arg_free(vm, &a);
    return ok;
}

/*
 * The shared walk of take_along_axis and put_along_axis: arr and idx have
 * the same ndim; the result (or target) shape is their broadcast with the
 * axis taken from idx.
 */
typedef struct Along {
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    int64_t size;
    int axis;
} Along;

static bool along_setup(VM *vm, const char *fn, const Tensor *arr, const Tensor *idx, int axis_in,
                        Along *al)
{
    if (tn_dtype_is_float(idx->dtype) || idx->dtype == TN_BOOL)
        return vm_raise(vm, vm->exc.type_error, "%s(): indices must be integers", fn);
    if (idx->ndim != arr->ndim) {
        char s1[96], s2[96];
        tn_shape_str(s1, sizeof s1, arr->dtype, arr->ndim, arr->shape);
        tn_shape_str(s2, sizeof s2, idx->dtype, idx->ndim, idx->shape);
        return vm_raise(vm, vm->exc.shape_error,
                        "%s(): indices %s must have as many axes as arr %s (use expand_dims or "
                        "[..., None])",
                        fn, s2, s1);
    }
    int ax = tn_normalize_axis(&vm->tn, axis_in, arr->ndim, arr);
    if (ax < 0)
        return tl_raise(vm);
    al->ndim = arr->ndim;
    al->axis = ax;
    al->size = 1;
    for (int d = 0; d < arr->ndim; d++) {
        int64_t x = arr->shape[d], y = idx->shape[d];
        if (d == ax)
            al->shape[d] = y;
        else if (x == y || y == 1)
            al->shape[d] = x;
        else if (x == 1)
            al->shape[d] = y;
        else {
            char s1[96], s2[96];
            tn_shape_str(s1, sizeof s1, arr->dtype, arr->ndim, arr->shape);
            tn_shape_str(s2, sizeof s2, idx->dtype, idx->ndim, idx->shape);
            return vm_raise(vm, vm->exc.shape_error,
                            "%s(): arr %s and indices %s do not broadcast on axis %d (%lld vs %lld)",
                            fn, s1, s2, d, (long long)x, (long long)y);
        }
        al->size *= al->shape[d];
    }
    return true;
}

/* The byte offset in arr of result element r, or -1 with an error. */
static int64_t along_offset(VM *vm, const Along *al, const Tensor *arr, const Tensor *idx,
                            int64_t r)
{
    int64_t m[TN_MAX_DIMS], rest = r;
    for (int d = al->ndim - 1; d >= 0; d--) {
        m[d] = rest % al->shape[d];
        rest /= al->shape[d];
    }
    int64_t ioff = idx->offset;
    for (int d = 0; d < al->ndim; d++)
        ioff += (idx->shape[d] == 1 ? 0 : m[d]) * idx->strides[d];
    int64_t i = tn_load_i64((char *)idx->storage->data + ioff, idx->dtype);
    int64_t len = arr->shape[al->axis];
    if (i < -len || i >= len) {
        index_out_of_range(vm, arr, al->axis, i);
        return -1;
    }
    if (i < 0)
        i += len;
    int64_t off = arr->offset;
    for (int d = 0; d < al->ndim; d++) {
        int64_t c = d == al->axis ? i : (arr->shape[d] == 1 ? 0 : m[d]);
        off += c * arr->strides[d];
    }
    return off;
}

static bool fn_take_along_axis(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int axis = 0;
    bool has_axis;
    if (!tl_args(vm, "take_along_axis", argc, argv, kwargs, "arr indices axis", v) ||
        !tl_axis(vm, v[2], "take_along_axis", &axis, &has_axis))
        return false;
    TlArg a, ia;
    if (!tl_arg(vm, v[0], "take_along_axis", "arr", &a))
        return false;
    if (!tl_arg(vm, v[1], "take_along_axis", "indices", &ia)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *arr = a.t, *idx = ia.t, *flat_a = NULL, *flat_i = NULL;
    if (!has_axis) { /* NumPy: axis=None works on the flattened arr */
        flat_a = tn_ravel(&vm->tn, arr);
        flat_i = tn_ravel(&vm->tn, idx);
        arr = flat_a;
        idx = flat_i;
        axis = 0;
    }
    Along al;
    Tensor *r = NULL;
    bool ok = arr && idx ? along_setup(vm, "take_along_axis", arr, idx, axis, &al) : tl_raise(vm);
    if (ok && !(r = tn_empty(&vm->tn, arr->dtype, al.ndim, al.shape)))
        ok = tl_raise(vm);
    size_t isz = tn_dtype_size(arr->dtype);
    for (int64_t k = 0; ok && k < al.size; k++) {
        int64_t off = along_offset(vm, &al, arr, idx, k);
        if (off < 0)
            ok = false;
        else
            memcpy((char *)tn_data(r) + k * (int64_t)isz, (char *)arr->storage->data + off, isz);
    }
    if (flat_a)
        tn_free(&vm->tn, flat_a);
    if (flat_i)
        tn_free(&vm->tn, flat_i);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &ia);
    if (!ok) {
        if (r)
            tn_free(&vm->tn, r);
        return false;
    }
    return tl_wrap(vm, r, out);
}

static bool fn_put_along_axis(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    int64_t axis;
    if (!tl_args(vm, "put_along_axis", argc, argv, kwargs, "arr indices values axis", v) ||
        !tl_int(vm, v[3], "put_along_axis", "axis", 0, &axis))
        return false;
    *out = NONE_VAL;
    if (!IS_TENSOR(v[0]))
        return vm_raise(vm, vm->exc.type_error, "put_along_axis(): arr must be a tensor (it is "
                                                "changed in place)");
    Tensor *arr = AS_TENSOR(v[0]);
    if (arr->readonly)
        return readonly_error(vm, arr);
    TlArg ia, va;
    if (!tl_arg(vm, v[1], "put_along_axis", "indices", &ia))
        return false;
    if (!tl_arg(vm, v[2], "put_along_axis", "values", &va)) {
        tl_arg_free(vm, &ia);
        return false;
    }
    Along al;
    Tensor *b = NULL, *c = NULL;
    bool ok = along_setup(vm, "put_along_axis", arr, ia.t, (int)axis, &al);
    if (ok) {
        b = tn_broadcast_to(&vm->tn, va.t, al.ndim, al.shape);
        c = b ? tn_astype(&vm->tn, b, arr->dtype) : NULL;
        ok = c != NULL || tl_raise(vm);
    }
    size_t isz = tn_dtype_size(arr->dtype);
    for (int64_t k = 0; ok && k < al.size; k++) {
        int64_t off = along_offset(vm, &al, arr, ia.t, k);
        if (off < 0)
            ok = false;
        else
            memcpy((char *)arr->storage->data + off, (char *)tn_data(c) + k * (int64_t)isz, isz);
    }
    if (b)
        tn_free(&vm->tn, b);
    if (c)
        tn_free(&vm->tn, c);
    tl_arg_free(vm, &ia);
    tl_arg_free(vm, &va);
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

static const NativeSpec index_functions[] = {
    {"take", fn_take, 2, 3, "take(a, indices, axis=None)",
     "The elements of a at indices: of the flattened a without axis=, else along that\n"
     "axis (a[:, indices] for axis=1). A copy.\n\n"
     "Example:\n    >>> take([[1, 2], [3, 4]], [0, 3]).tolist()\n    [1, 4]"},
    {"take_along_axis", fn_take_along_axis, 3, 3, "take_along_axis(arr, indices, axis)",
     "Picks along axis, position by position: out[i, j] = arr[i, indices[i, j]] for axis=1.\n"
     "indices has arr's number of axes; argsort and argmax(keepdims=True) make them.\n\n"
     "Example:\n    >>> x = [[30, 10, 20], [6, 4, 5]]\n"
     "    >>> take_along_axis(x, argsort(x, axis=1), axis=1).tolist()\n"
     "    [[10, 20, 30], [4, 5, 6]]"},
    {"put_along_axis", fn_put_along_axis, 4, 4, "put_along_axis(arr, indices, values, axis)",
     "Writes values into arr (in place) at the positions take_along_axis would read.\n\n"
     "Example:\n    >>> x = zeros((2, 3))\n    >>> put_along_axis(x, [[2], [0]], 1.0, axis=1)\n"
     "    >>> x.tolist()\n    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char *const index_function_methods[] = {"take", NULL};

bool tl_open_index(VM *vm)
{
    vm_define_methods(vm, vm->types.tensor, index_methods);
    tl_define(vm, index_functions, index_function_methods);
    return true;
}
