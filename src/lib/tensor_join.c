/*
 * tensor_join.c - joining, splitting and rearranging tensors with NumPy's
 * names: concatenate, stack, vstack, hstack, column_stack, split,
 * array_split, tile, repeat, flip, fliplr, flipud, roll, pad, take,
 * take_along_axis, put_along_axis, einsum, atleast_1d, atleast_2d.
 *
 * The engine does the work (tensor/shape.h, tensor/einsum.h); here the
 * arguments are read with NumPy's names and defaults.  split and flip
 * return views, as in NumPy, so their input is never a TlArg scalar (whose
 * storage lives in the TlArg): a number is made into a tensor first.
 */
#include "lib/tensor_lib.h"

#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "tensor/einsum.h"
#include "tensor/ops.h"
#include "tensor/shape.h"
#include "tensor/view.h"

/* ---- a sequence of tensor arguments */

typedef struct TensorSeq {
    int n;
    TlArg *args;
    size_t size;        /* bytes of args */
    Tensor *rows;       /* a tensor given instead of a sequence: its rows are the items */
} TensorSeq;

static void seq_free(VM *vm, TensorSeq *s)
{
    for (int i = 0; i < s->n; i++)
        tl_arg_free(vm, &s->args[i]);
    if (s->args)
        mem_free(vm, s->args, s->size);
    s->args = NULL;
    s->n = 0;
}

/* The items of a list or tuple (or the rows of a tensor) as tensors. */
static bool seq_get(VM *vm, Value v, const char *fn, TensorSeq *s)
{
    memset(s, 0, sizeof *s);
    Value *items = NULL;
    int n = 0;
    if (IS_LIST(v)) {
        items = AS_LIST(v)->items.items;
        n = AS_LIST(v)->items.count;
    } else if (IS_TUPLE(v)) {
        items = AS_TUPLE(v)->items;
        n = AS_TUPLE(v)->count;
    } else if (IS_TENSOR(v) && AS_TENSOR(v)->ndim >= 1) {
        n = (int)AS_TENSOR(v)->shape[0];
    } else {
        return vm_raise(vm, vm->exc.type_error,
                        "%s() takes a list or tuple of tensors, not %s (wrap one in a list: "
                        "%s(list([a, b])))",
                        fn, value_type_name(vm, v), fn);
    }
    if (n == 0)
        return vm_raise(vm, vm->exc.value_error, "%s() needs at least one array", fn);
    s->size = sizeof(TlArg) * (size_t)n;
    s->args = mem_alloc(vm, s->size);
    if (!s->args)
        return vm_raise_oom(vm);
    for (int i = 0; i < n; i++) {
        TlArg *a = &s->args[i];
        if (items) {
            if (!tl_arg(vm, items[i], fn, "arrays", a)) {
                seq_free(vm, s);
                return false;
            }
        } else {
            a->t = tn_select(&vm->tn, AS_TENSOR(v), 0, i);
            a->owned = a->t != NULL;
            a->was_scalar = false;
            if (!a->t) {
                seq_free(vm, s);
                return tl_raise(vm);
            }
        }
        s->n = i + 1;
    }
    return true;
}

/* Replaces item i by a view of it with `ndim` axes (1-D (n,) as (1, n) for
   vstack, or as (n, 1) for column_stack). */
static bool seq_reshape(VM *vm, TensorSeq *s, int i, int ndim, const int64_t *shape)
{
    TlArg *a = &s->args[i];
    Tensor *src = a->t;
    Tensor *r;
    if (a->was_scalar) /* a view must not point into the TlArg: copy the number out */
        r = tn_scalar(&vm->tn, src->dtype, tn_get_f64(src, 0));
    else
        r = tn_reshape(&vm->tn, src, ndim, shape);
    if (r && a->was_scalar) {
        Tensor *v = tn_reshape(&vm->tn, r, ndim, shape);
        tn_free(&vm->tn, r);
        r = v;
    }
    if (!r)
        return tl_raise(vm);
    tl_arg_free(vm, a);
    a->t = r;
    a->owned = true;
    a->was_scalar = false;
    return true;
}

/* ---- concatenate and stack */

/* The tensors of s as the engine's array (in s->args order). */
static const Tensor **seq_tensors(VM *vm, TensorSeq *s, size_t *size)
{
    *size = sizeof(Tensor *) * (size_t)s->n;
    const Tensor **ts = mem_alloc(vm, *size);
    if (!ts) {
        vm_raise_oom(vm);
        return NULL;
    }
    for (int i = 0; i < s->n; i++)
        ts[i] = s->args[i].t;
    return ts;
}

typedef enum JoinKind { JOIN_CONCAT, JOIN_STACK, JOIN_V, JOIN_H } JoinKind;

static bool join_seq(VM *vm, JoinKind kind, TensorSeq *s, int axis, bool has_dtype, TnDType dt,
                     Value *out)
{
    size_t size;
    const Tensor **ts = seq_tensors(vm, s, &size);
    if (!ts)
        return false;
    Tensor *r = kind == JOIN_CONCAT ? tn_concatenate(&vm->tn, s->n, ts, axis)
              : kind == JOIN_STACK  ? tn_stack(&vm->tn, s->n, ts, axis)
              : kind == JOIN_V      ? tn_vstack(&vm->tn, s->n, ts)
                                    : tn_hstack(&vm->tn, s->n, ts);
    mem_free(vm, ts, size);
    if (r && has_dtype && r->dtype != dt) {
        Tensor *c = tn_astype(&vm->tn, r, dt);
        tn_free(&vm->tn, r);
        r = c;
    }
    return tl_wrap(vm, r, out);
}

/* concatenate(arrays, axis=0, dtype=None); axis=None joins them flattened. */
static bool j_concatenate(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    TnDType dt;
    bool has_dt;
    if (!tl_args(vm, "concatenate", argc, argv, kwargs, "arrays axis= out= dtype=", v) ||
        !tl_dtype(vm, v[3], "concatenate", &dt, &has_dt))
        return false;
    if (tl_given(v[2]))
        return vm_raise(vm, vm->exc.type_error, "concatenate(): out= is not supported");
    TensorSeq s;
    if (!seq_get(vm, v[0], "concatenate", &s))
        return false;
    int axis = 0;
    bool ok = true;
    if (IS_NONE(v[1])) {
        for (int i = 0; ok && i < s.n; i++) {
            int64_t n = s.args[i].t->size;
            ok = seq_reshape(vm, &s, i, 1, &n);
        }
    } else if (tl_given(v[1])) {
        bool has;
        ok = tl_axis(vm, v[1], "concatenate", &axis, &has);
    }
    ok = ok && join_seq(vm, JOIN_CONCAT, &s, axis, has_dt, dt, out);
    seq_free(vm, &s);
    return ok;
}

static bool j_stack(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    TnDType dt;
    bool has_dt, has;
    int axis = 0;
    if (!tl_args(vm, "stack", argc, argv, kwargs, "arrays axis= out= dtype=", v) ||
        !tl_dtype(vm, v[3], "stack", &dt, &has_dt) || !tl_axis(vm, v[1], "stack", &axis, &has))
        return false;
    TensorSeq s;
    if (!seq_get(vm, v[0], "stack", &s))
        return false;
    bool ok = join_seq(vm, JOIN_STACK, &s, axis, has_dt, dt, out);
    seq_free(vm, &s);
    return ok;
}

/* vstack, hstack, column_stack (1-D items become columns, then axis 1). */
typedef enum StackKind { STACK_V, STACK_H, STACK_COLUMN } StackKind;

static bool stack_kind(VM *vm, StackKind kind, const char *fn, int argc, Value *argv,
                       ObjDict *kwargs, Value *out)
{
    Value v[2];
    TnDType dt;
    bool has_dt;
    if (!tl_args(vm, fn, argc, argv, kwargs, "tup dtype=", v) ||
        !tl_dtype(vm, v[1], fn, &dt, &has_dt))
        return false;
    TensorSeq s;
    if (!seq_get(vm, v[0], fn, &s))
        return false;
    bool ok = true;
    for (int i = 0; kind == STACK_COLUMN && ok && i < s.n; i++) {
        const Tensor *t = s.args[i].t;
        if (t->ndim < 2) {
            int64_t sh[2] = {t->ndim == 0 ? 1 : t->shape[0], 1};
            ok = seq_reshape(vm, &s, i, 2, sh);
        }
    }
    JoinKind jk = kind == STACK_V ? JOIN_V : kind == STACK_H ? JOIN_H : JOIN_CONCAT;
    ok = ok && join_seq(vm, jk, &s, 1, has_dt, dt, out);
    seq_free(vm, &s);
    return ok;
}

static bool j_vstack(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return stack_kind(vm, STACK_V, "vstack", argc, argv, kwargs, out);
}

static bool j_hstack(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return stack_kind(vm, STACK_H, "hstack", argc, argv, kwargs, out);
}

static bool j_column_stack(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return stack_kind(vm, STACK_COLUMN, "column_stack", argc, argv, kwargs, out);
}

/* ---- split */

static bool split_common(VM *vm, bool equal, const char *fn, int argc, Value *argv,
                         ObjDict *kwargs, Value *out)
{
    Value v[3];
    int axis = 0;
    bool has;
    if (!tl_args(vm, fn, argc, argv, kwargs, "ary indices_or_sections axis=", v) ||
        !tl_axis(vm, v[2], fn, &axis, &has))
        return false;
    if (!IS_TENSOR(v[0]))
        return vm_raise(vm, vm->exc.type_error, "%s(): ary must be a tensor, not %s", fn,
                        value_type_name(vm, v[0]));
    Tensor *t = AS_TENSOR(v[0]);
    int n;
    int64_t *cuts = NULL;
    size_t cuts_size = 0;
    if (IS_INT(v[1])) {
        if (AS_INT(v[1]) <= 0 || AS_INT(v[1]) > 1000000)
            return vm_raise(vm, vm->exc.value_error,
                            "%s(): the number of sections must be between 1 and 1000000", fn);
        n = (int)AS_INT(v[1]);
    } else {
        TlArg ia;
        if (!tl_arg(vm, v[1], fn, "indices_or_sections", &ia))
            return false;
        if (ia.t->ndim != 1 || tn_dtype_is_float(ia.t->dtype) || ia.t->size > 1000000) {
            tl_arg_free(vm, &ia);
            return vm_raise(vm, vm->exc.type_error,
                            "%s(): indices_or_sections must be an int or a list of ints", fn);
        }
        n = (int)ia.t->size + 1;
        cuts_size = sizeof(int64_t) * (size_t)(n - 1 ? n - 1 : 1);
        cuts = mem_alloc(vm, cuts_size);
        if (cuts)
            for (int i = 0; i < n - 1; i++)
                cuts[i] = tn_get_i64(ia.t, i);
        tl_arg_free(vm, &ia);
        if (!cuts)
            return vm_raise_oom(vm);
    }
    size_t parts_size = sizeof(Tensor *) * (size_t)n;
    Tensor **parts = mem_alloc(vm, parts_size);
    bool ok = parts != NULL || vm_raise_oom(vm);
    if (ok)
        ok = (cuts ? tn_split_indices(&vm->tn, t, n - 1, cuts, axis, parts)
                   : tn_split_sections(&vm->tn, t, n, axis, !equal, parts)) ||
             tl_raise(vm);
    if (cuts)
        mem_free(vm, cuts, cuts_size);
    ObjList *l = ok ? list_new(vm, n) : NULL;
    if (ok && !l) {
        for (int i = 0; i < n; i++)
            tn_free(&vm->tn, parts[i]);
        ok = false;
    }
    if (l) {
        gc_push_root(vm, OBJ_VAL(l));
        for (int i = 0; i < n; i++) {
            Value item;
            if (ok)
                ok = tl_wrap(vm, parts[i], &item);
            else
                tn_free(&vm->tn, parts[i]);
            if (ok)
                l->items.items[l->items.count++] = item;
        }
        gc_pop_roots(vm, 1);
    }
    if (parts)
        mem_free(vm, parts, parts_size);
    if (ok)
        *out = OBJ_VAL(l);
    return ok;
}

static bool j_split(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return split_common(vm, true, "split", argc, argv, kwargs, out);
}

static bool j_array_split(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return split_common(vm, false, "array_split", argc, argv, kwargs, out);
}

/* ---- tile, repeat, flip, roll, pad */

static bool j_tile(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int nr;
    int64_t reps[TN_MAX_DIMS];
    if (!tl_args(vm, "tile", argc, argv, kwargs, "A reps", v) ||
        !tl_shape(vm, v[1], "tile", "reps", &nr, reps))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "tile", "A", &a))
        return false;
    Tensor *r = tn_tile(&vm->tn, a.t, nr, reps);
    tl_arg_free(vm, &a);
    return tl_wrap(vm, r, out);
}

/* repeat(a, repeats, axis=None): repeats an int or one count per element. */
static bool j_repeat(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int axis = 0;
    bool has_axis;
    if (!tl_args(vm, "repeat", argc, argv, kwargs, "a repeats axis=", v) ||
        !tl_axis(vm, v[2], "repeat", &axis, &has_axis))
        return false;
    TlArg a, rp;
    if (!tl_arg(vm, v[0], "repeat", "a", &a))
        return false;
    if (!tl_arg(vm, v[1], "repeat", "repeats", &rp)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = NULL;
    int64_t n = rp.t->size;
    size_t size = sizeof(int64_t) * (size_t)(n ? n : 1);
    int64_t *counts = NULL;
    bool ok = true;
    if (tn_dtype_is_float(rp.t->dtype) || rp.t->ndim > 1 || n > INT32_MAX)
        ok = vm_raise(vm, vm->exc.type_error, "repeat(): repeats must be an int or a list of ints");
    else if (!(counts = mem_alloc(vm, size)))
        ok = vm_raise_oom(vm);
    if (ok) {
        for (int64_t i = 0; i < n; i++)
            counts[i] = tn_get_i64(rp.t, i);
        r = tn_repeat(&vm->tn, a.t, (int)n, counts, axis, has_axis);
    }
    if (counts)
        mem_free(vm, counts, size);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &rp);
    return ok && tl_wrap(vm, r, out);
}

/* The tensor a view is taken of: v itself, or v converted (owned). */
static Tensor *view_source(VM *vm, Value v, const char *fn, bool *owned)
{
    *owned = false;
    if (IS_TENSOR(v))
        return AS_TENSOR(v);
    Tensor *t = tl_from_value(vm, v, fn, false);
    *owned = t != NULL;
    return t;
}

static bool flip_common(VM *vm, Value x, const char *fn, const int *axes, int naxes, Value *out)
{
    bool owned;
    Tensor *t = view_source(vm, x, fn, &owned);
    if (!t)
        return false;
    Tensor *r = tn_flip(&vm->tn, t, axes, naxes);
    if (owned)
        tn_free(&vm->tn, t);
    return tl_wrap(vm, r, out);
}

static bool j_flip(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int axes[TN_MAX_DIMS], naxes;
    return tl_args(vm, "flip", argc, argv, kwargs, "m axis=", v) &&
           tl_axes(vm, v[1], "flip", axes, &naxes) &&
           flip_common(vm, v[0], "flip", axes, naxes, out);
}

static bool j_fliplr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    int axis = 1;
    return tl_args(vm, "fliplr", argc, argv, kwargs, "m", v) &&
           flip_common(vm, v[0], "fliplr", &axis, 1, out);
}

static bool j_flipud(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    int axis = 0;
    return tl_args(vm, "flipud", argc, argv, kwargs, "m", v) &&
           flip_common(vm, v[0], "flipud", &axis, 1, out);
}

static bool j_roll(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int axes[TN_MAX_DIMS], naxes, nshift;
    int64_t shifts[TN_MAX_DIMS];
    if (!tl_args(vm, "roll", argc, argv, kwargs, "a shift axis=", v) ||
        !tl_axes(vm, v[2], "roll", axes, &naxes) ||
        !tl_shape_any(vm, v[1], "roll", &nshift, shifts))
        return false;
    if (naxes < 0) {
        if (nshift != 1)
            return vm_raise(vm, vm->exc.value_error,
                            "roll(): several shifts need as many axes (axis=(...))");
        naxes = 0;
    } else if (nshift == 1) {
        for (int i = 1; i < naxes; i++)
            shifts[i] = shifts[0];
    } else if (nshift != naxes) {
        return vm_raise(vm, vm->exc.value_error,
                        "roll(): %d shifts for %d axes (give one shift, or one per axis)", nshift,
                        naxes);
    }
    TlArg a;
    if (!tl_arg(vm, v[0], "roll", "a", &a))
        return false;
    Tensor *r = tn_roll(&vm->tn, a.t, naxes, shifts, axes);
    tl_arg_free(vm, &a);
    return tl_wrap(vm, r, out);
}

/* pad_width: N (every side), (before, after), or one pair per axis. */
static bool pad_widths(VM *vm, Value v, int ndim, int64_t (*w)[2])
{
    TlArg a;
    if (!tl_arg(vm, v, "pad", "pad_width", &a))
        return false;
    const Tensor *t = a.t;
    bool ok = !tn_dtype_is_float(t->dtype) && t->dtype != TN_BOOL;
    if (ok) {
        if (t->ndim == 0 || (t->ndim == 1 && t->size == 1)) {
            for (int d = 0; d < ndim; d++)
                w[d][0] = w[d][1] = tn_get_i64(t, 0);
        } else if (t->ndim == 1 && t->size == 2) {
            for (int d = 0; d < ndim; d++) {
                w[d][0] = tn_get_i64(t, 0);
                w[d][1] = tn_get_i64(t, 1);
            }
        } else if (t->ndim == 2 && t->shape[1] == 2 && (t->shape[0] == ndim || t->shape[0] == 1)) {
            for (int d = 0; d < ndim; d++) {
                int64_t row = t->shape[0] == 1 ? 0 : d;
                w[d][0] = tn_get_i64(t, row * 2);
                w[d][1] = tn_get_i64(t, row * 2 + 1);
            }
        } else {
            ok = false;
        }
    }
    tl_arg_free(vm, &a);
    if (!ok)
        return vm_raise(vm, vm->exc.value_error,
                        "pad(): pad_width must be an int, a (before, after) pair, or one pair "
                        "per axis (%d of them)",
                        ndim);
    return true;
}

static bool j_pad(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    double value;
    if (!tl_args(vm, "pad", argc, argv, kwargs, "array pad_width mode= constant_values=", v) ||
        !tl_float(vm, v[3], "pad", "constant_values", 0, &value))
        return false;
    if (tl_given(v[2])) {
        const char *mode = tl_str(vm, v[2], "pad", "mode");
        if (!mode)
            return false;
        if (strcmp(mode, "constant") != 0)
            return vm_raise(vm, vm->exc.value_error,
                            "pad(): only mode='constant' is supported, not '%s'", mode);
    }
    TlArg a;
    if (!tl_arg(vm, v[0], "pad", "array", &a))
        return false;
    int64_t w[TN_MAX_DIMS][2];
    Tensor *r = NULL;
    bool ok = pad_widths(vm, v[1], a.t->ndim, w);
    if (ok)
        r = tn_pad(&vm->tn, a.t, (const int64_t(*)[2])w, value);
    tl_arg_free(vm, &a);
    return ok && tl_wrap(vm, r, out);
}

/* ---- take, take_along_axis, put_along_axis */

static bool j_take(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int axis = 0;
    bool has_axis;
    if (!tl_args(vm, "take", argc, argv, kwargs, "a indices axis=", v) ||
        !tl_axis(vm, v[2], "take", &axis, &has_axis))
        return false;
    TlArg a, ia;
    if (!tl_arg(vm, v[0], "take", "a", &a))
        return false;
    if (!tl_arg(vm, v[1], "take", "indices", &ia)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = tn_take(&vm->tn, a.t, ia.t, axis, has_axis);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &ia);
    return tl_result(vm, r, out);
}

static bool j_take_along_axis(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    int64_t axis;
    if (!tl_args(vm, "take_along_axis", argc, argv, kwargs, "arr indices axis", v) ||
        !tl_int(vm, v[2], "take_along_axis", "axis", 0, &axis))
        return false;
    TlArg a, ia;
    if (!tl_arg(vm, v[0], "take_along_axis", "arr", &a))
        return false;
    if (!tl_arg(vm, v[1], "take_along_axis", "indices", &ia)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = tn_take_along_axis(&vm->tn, a.t, ia.t, (int)axis);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &ia);
    return tl_wrap(vm, r, out);
}

static bool j_put_along_axis(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    int64_t axis;
    if (!tl_args(vm, "put_along_axis", argc, argv, kwargs, "arr indices values axis", v) ||
        !tl_int(vm, v[3], "put_along_axis", "axis", 0, &axis))
        return false;
    *out = NONE_VAL;
    if (!IS_TENSOR(v[0]))
        return vm_raise(vm, vm->exc.type_error,
                        "put_along_axis(): arr must be a tensor (it is changed in place)");
    TlArg ia, va;
    if (!tl_arg(vm, v[1], "put_along_axis", "indices", &ia))
        return false;
    if (!tl_arg(vm, v[2], "put_along_axis", "values", &va)) {
        tl_arg_free(vm, &ia);
        return false;
    }
    bool ok = tn_put_along_axis(&vm->tn, AS_TENSOR(v[0]), ia.t, va.t, (int)axis) || tl_raise(vm);
    tl_arg_free(vm, &ia);
    tl_arg_free(vm, &va);
    return ok;
}

/* ---- einsum */

static bool j_einsum(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (kwargs && kwargs->count) {
        static const char *const allowed[] = {"optimize", NULL};
        if (!kwargs_check(vm, kwargs, "einsum", allowed))
            return false;
    }
    if (argc < 2)
        return vm_raise(vm, vm->exc.type_error,
                        "einsum() needs the subscripts and at least one operand: "
                        "einsum(\"ij,jk->ik\", a, b)");
    const char *spec = tl_str(vm, argv[0], "einsum", "subscripts");
    if (!spec)
        return false;
    int n = argc - 1;
    if (n > 32)
        return vm_raise(vm, vm->exc.value_error, "einsum(): at most 32 operands");
    TlArg args[32];
    const Tensor *ts[32];
    int made = 0;
    bool ok = true;
    for (; ok && made < n; made++) {
        ok = tl_arg(vm, argv[made + 1], "einsum", "operands", &args[made]);
        if (!ok)
            break;
        ts[made] = args[made].t;
    }
    Tensor *r = ok ? tn_einsum(&vm->tn, spec, n, ts) : NULL;
    for (int i = 0; i < made; i++)
        tl_arg_free(vm, &args[i]);
    return ok && tl_result(vm, r, out);
}

/* ---- atleast_1d, atleast_2d */

static bool atleast(VM *vm, int nd, const char *fn, int argc, Value *argv, ObjDict *kwargs,
                    Value *out)
{
    if (kwargs && kwargs->count)
        return vm_raise(vm, vm->exc.type_error, "%s() takes no keyword arguments", fn);
    if (argc != 1)
        return vm_raise(vm, vm->exc.type_error, "%s() takes one tensor here", fn);
    bool owned = false;
    Tensor *t;
    if (IS_TENSOR(argv[0]))
        t = AS_TENSOR(argv[0]);
    else {
        t = tl_from_value(vm, argv[0], fn, false);
        if (!t)
            return false;
        owned = true;
    }
    if (t->ndim >= nd) {
        if (!owned) {
            *out = argv[0];
            return true;
        }
        return tl_wrap(vm, t, out);
    }
    int64_t shape[TN_MAX_DIMS];
    int add = nd - t->ndim;
    for (int i = 0; i < add; i++)
        shape[i] = 1;
    memcpy(shape + add, t->shape, sizeof(int64_t) * (size_t)t->ndim);
    Tensor *r = tn_reshape(&vm->tn, t, nd, shape);
    if (owned)
        tn_free(&vm->tn, t);
    return tl_wrap(vm, r, out);
}

static bool j_atleast_1d(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return atleast(vm, 1, "atleast_1d", argc, argv, kwargs, out);
}

static bool j_atleast_2d(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return atleast(vm, 2, "atleast_2d", argc, argv, kwargs, out);
}

static const NativeSpec join_functions[] = {
    {"concatenate", j_concatenate, 1, 4, "concatenate(arrays, axis=0, dtype=None)",
     "Joins a list of tensors along an existing axis (their other lengths must agree);\n"
     "axis=None joins them flattened. The result has their promoted dtype.\n\n"
     "Example:\n    >>> a = [[1, 2]]\n    >>> b = [[3, 4]]\n    >>> concatenate([a, b]).tolist()\n"
     "    [[1, 2], [3, 4]]"},
    {"stack", j_stack, 1, 4, "stack(arrays, axis=0, dtype=None)",
     "Joins tensors of one shape along a new axis.\n\n"
     "Example:\n    >>> a = [1, 2]\n    >>> b = [3, 4]\n    >>> stack([a, b], axis=1).tolist()\n"
     "    [[1, 3], [2, 4]]"},
    {"vstack", j_vstack, 1, 2, "vstack(tup, dtype=None)",
     "Stacks rows: 1-D tensors become rows, then everything joins along axis 0.\n\n"
     "Example:\n    >>> a = [1, 2]\n    >>> b = [3, 4]\n    >>> vstack([a, b]).shape\n    (2, 2)"},
    {"hstack", j_hstack, 1, 2, "hstack(tup, dtype=None)",
     "Joins horizontally: 1-D tensors end to end, others along axis 1.\n\n"
     "Example:\n    >>> a = [1, 2]\n    >>> b = [3]\n    >>> hstack([a, b]).tolist()\n"
     "    [1, 2, 3]"},
    {"column_stack", j_column_stack, 1, 2, "column_stack(tup, dtype=None)",
     "Joins 1-D tensors as columns (and 2-D ones as they are) into a matrix: the usual way\n"
     "to add a column of ones for a bias.\n\n"
     "Example:\n    >>> x = [2.0, 3.0]\n    >>> column_stack([ones(2), x]).tolist()\n"
     "    [[1.0, 2.0], [1.0, 3.0]]"},
    {"split", j_split, 2, 3, "split(ary, indices_or_sections, axis=0)",
     "A list of views cutting ary into N equal parts (an int), or at the given indices.\n\n"
     "Example:\n    >>> [p.tolist() for p in split(arange(6), 3)]\n    [[0, 1], [2, 3], [4, 5]]"},
    {"array_split", j_array_split, 2, 3, "array_split(ary, indices_or_sections, axis=0)",
     "As split, but N parts need not be equal: the first ones get one more element.\n\n"
     "Example:\n    >>> [len(p) for p in array_split(arange(7), 3)]\n    [3, 2, 2]"},
    {"tile", j_tile, 2, 2, "tile(A, reps)",
     "A repeated reps times along each axis (reps an int or a tuple).\n\n"
     "Example:\n    >>> tile([1, 2], 3).tolist()\n    [1, 2, 1, 2, 1, 2]"},
    {"repeat", j_repeat, 2, 3, "repeat(a, repeats, axis=None)",
     "Each element repeated (of the flattened a without axis=, else each slice along\n"
     "axis); repeats is an int or one count per element.\n\n"
     "Example:\n    >>> repeat([1, 2], 2).tolist(), repeat([[1, 2]], [1, 2], axis=1).tolist()\n"
     "    ([1, 1, 2, 2], [[1, 2, 2]])"},
    {"flip", j_flip, 1, 2, "flip(m, axis=None)",
     "m reversed along axis (every axis by default): a view.\n\n"
     "Example:\n    >>> flip([[1, 2], [3, 4]], axis=1).tolist()\n    [[2, 1], [4, 3]]"},
    {"fliplr", j_fliplr, 1, 1, "fliplr(m)",
     "m reversed left to right (axis 1): a view.\n\n"
     "Example:\n    >>> fliplr([[1, 2], [3, 4]]).tolist()\n    [[2, 1], [4, 3]]"},
    {"flipud", j_flipud, 1, 1, "flipud(m)",
     "m reversed upside down (axis 0): a view.\n\n"
     "Example:\n    >>> flipud([[1, 2], [3, 4]]).tolist()\n    [[3, 4], [1, 2]]"},
    {"roll", j_roll, 2, 3, "roll(a, shift, axis=None)",
     "Elements shifted by shift positions along axis, those pushed off the end coming back\n"
     "at the start (of the flattened a without axis=).\n\n"
     "Example:\n    >>> roll([1, 2, 3, 4], 1).tolist()\n    [4, 1, 2, 3]"},
    {"pad", j_pad, 2, 4, "pad(array, pad_width, mode='constant', constant_values=0)",
     "array surrounded by constant_values: pad_width is N for every side, (before, after),\n"
     "or one (before, after) pair per axis.\n\n"
     "Example:\n    >>> pad([1, 2], (1, 2), constant_values=9).tolist()\n    [9, 1, 2, 9, 9]"},
    {"take", j_take, 2, 3, "take(a, indices, axis=None)",
     "The elements of a at indices: of the flattened a without axis=, else along that\n"
     "axis (a[:, indices] for axis=1). A copy.\n\n"
     "Example:\n    >>> take([[1, 2], [3, 4]], [0, 3]).tolist()\n    [1, 4]"},
    {"take_along_axis", j_take_along_axis, 2, 3, "take_along_axis(arr, indices, axis)",
     "Picks along axis, position by position: out[i, j] = arr[i, indices[i, j]] for axis=1.\n"
     "indices has arr's number of axes; argsort and argmax(keepdims=True) make them.\n\n"
     "Example:\n    >>> x = [[30, 10, 20], [6, 4, 5]]\n"
     "    >>> take_along_axis(x, argsort(x, axis=1), axis=1).tolist()\n"
     "    [[10, 20, 30], [4, 5, 6]]"},
    {"put_along_axis", j_put_along_axis, 3, 4, "put_along_axis(arr, indices, values, axis)",
     "Writes values into arr (in place) at the positions take_along_axis would read.\n\n"
     "Example:\n    >>> x = zeros((2, 3))\n    >>> put_along_axis(x, [[2], [0]], 1.0, axis=1)\n"
     "    >>> x.tolist()\n    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]"},
    {"einsum", j_einsum, 2, -1, "einsum(subscripts, *operands)",
     "Einstein summation: each operand's axes are named by letters; letters shared by\n"
     "operands multiply, letters missing from the output (after '->') are summed. Without\n"
     "'->' the output is every letter used once, in alphabetical order; '...' stands for\n"
     "axes that broadcast.\n"
     "  \"ij,jk->ik\" matrix product     \"ii->\" trace      \"ij->ji\" transpose\n"
     "  \"i,i->\" dot product           \"i,j->ij\" outer   \"bij,bjk->bik\" batched product\n\n"
     "Example:\n    >>> einsum(\"ij,jk->ik\", [[1, 2], [3, 4]], [[1, 0], [0, 1]]).tolist()\n"
     "    [[1, 2], [3, 4]]"},
    {"atleast_1d", j_atleast_1d, 1, 1, "atleast_1d(a)",
     "a with at least one axis (a number becomes a 1-element tensor).\n\n"
     "Example:\n    >>> atleast_1d(5).shape\n    (1,)"},
    {"atleast_2d", j_atleast_2d, 1, 1, "atleast_2d(a)",
     "a with at least two axes (1-D (n,) becomes (1, n)).\n\n"
     "Example:\n    >>> atleast_2d([1, 2]).shape\n    (1, 2)"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char *const join_methods[] = {"repeat", "take", NULL};

bool tl_open_join(VM *vm)
{
    tl_define(vm, join_functions, join_methods);
    return true;
}
