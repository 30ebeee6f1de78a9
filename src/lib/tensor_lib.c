/*
 * tensor_lib.c - the core of the tensor binding: the per-VM state, parsing
 * NumPy-style arguments, converting values to tensors and results back,
 * raising engine errors with their teaching display, the dtype values, the
 * tensor class's constructor, and the registration of everything.
 *
 * The other files of the binding each register one area (see tensor_lib.h).
 */
#include "lib/tensor_lib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/memory.h"

/* The dtype values are plain instances of the dtype class (so that they
   are callable: float32(x)); which one is which is their identity. */
static TnDType dtype_of_in(TlState *st, Value self)
{
    for (int dt = 0; dt < TN_DTYPE_COUNT; dt++)
        if ((Obj *)st->dtypes[dt] == AS_OBJ(self))
            return (TnDType)dt;
    return TN_F64;
}

static bool set_field(VM *vm, Value exc, const char *key, const char *text, size_t len);

/* ---- parsing arguments */

#define TL_MAX_PARAMS 16

typedef struct ParamSpec {
    const char *name;
    int len;
    bool optional, kwonly;
} ParamSpec;

static int parse_spec(const char *spec, ParamSpec *ps)
{
    int n = 0;
    bool kwonly = false;
    const char *p = spec;
    while (*p && n < TL_MAX_PARAMS) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        int len = (int)(p - start);
        if (len == 1 && *start == '*') {
            kwonly = true;
            continue;
        }
        bool opt = start[len - 1] == '=';
        ps[n++] = (ParamSpec){start, opt ? len - 1 : len, opt, kwonly};
    }
    return n;
}

int tl_edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    int d[32][32];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int m = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < m)
                m = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < m)
                m = d[i][j - 1] + 1;
            d[i][j] = m;
        }
    return d[la][lb];
}

static bool name_is(const ParamSpec *p, ObjString *s)
{
    return s->length == p->len && memcmp(s->chars, p->name, (size_t)p->len) == 0;
}

bool tl_args(VM *vm, const char *fn, int argc, Value *argv, ObjDict *kwargs, const char *spec,
             Value *vals)
{
    ParamSpec ps[TL_MAX_PARAMS];
    int n = parse_spec(spec, ps);
    int npos = 0;
    while (npos < n && !ps[npos].kwonly)
        npos++;
    for (int i = 0; i < n; i++)
        vals[i] = UNDEF_VAL;
    if (argc > npos) {
        if (npos == n)
            return vm_raise(vm, vm->exc.type_error, "%s() takes at most %d argument%s (%d given)",
                            fn, npos, npos == 1 ? "" : "s", argc);
        return vm_raise(vm, vm->exc.type_error,
                        "%s() takes at most %d positional argument%s (%d given): "
                        "pass %.*s= and the rest by keyword",
                        fn, npos, npos == 1 ? "" : "s", argc, ps[npos].len, ps[npos].name);
    }
    for (int i = 0; i < argc; i++)
        vals[i] = argv[i];
    if (kwargs) {
        Value key, value;
        for (int32_t pos = 0; dict_next(kwargs, &pos, &key, &value);) {
            int found = -1;
            for (int i = 0; i < n && found < 0; i++)
                if (IS_STR(key) && name_is(&ps[i], AS_STR(key)))
                    found = i;
            if (found < 0) {
                char list[256];
                size_t used = 0;
                list[0] = '\0';
                for (int i = 0; i < n && used + 4 < sizeof list; i++) {
                    int w = snprintf(list + used, sizeof list - used, "%s%.*s", i ? ", " : "",
                                     ps[i].len, ps[i].name);
                    if (w < 0 || (size_t)w >= sizeof list - used)
                        break;
                    used += (size_t)w;
                }
                const char *got = IS_STR(key) ? AS_CSTR(key) : "?";
                char mean[80] = "";
                int best = (strlen(got) <= 3 ? 1 : 2) + 1;
                for (int i = 0; i < n; i++) {
                    char name[40];
                    snprintf(name, sizeof name, "%.*s", ps[i].len, ps[i].name);
                    int d = tl_edit_distance(got, name);
                    if (d < best) {
                        best = d;
                        snprintf(mean, sizeof mean, " — did you mean '%s'?", name);
                    }
                }
                return vm_raise(vm, vm->exc.type_error,
                                "%s() got an unexpected keyword argument '%s'%s (it accepts: %s)",
                                fn, got, mean, list);
            }
            if (found < argc)
                return vm_raise(vm, vm->exc.type_error,
                                "%s() got multiple values for argument '%.*s': it was given both "
                                "by position and by keyword",
                                fn, ps[found].len, ps[found].name);
            vals[found] = value;
        }
    }
    for (int i = 0; i < n; i++)
        if (!ps[i].optional && IS_UNDEF(vals[i]))
            return vm_raise(vm, vm->exc.type_error, "%s() missing required argument '%.*s'", fn,
                            ps[i].len, ps[i].name);
    return true;
}

bool tl_int(VM *vm, Value v, const char *fn, const char *param, int64_t dflt, int64_t *out)
{
    if (!tl_given(v)) {
        *out = dflt;
        return true;
    }
    return arg_int(vm, &v, 0, fn, param, out);
}

bool tl_float(VM *vm, Value v, const char *fn, const char *param, double dflt, double *out)
{
    if (!tl_given(v)) {
        *out = dflt;
        return true;
    }
    return arg_float(vm, &v, 0, fn, param, out);
}

bool tl_bool(VM *vm, Value v, bool dflt, bool *out)
{
    if (!tl_given(v)) {
        *out = dflt;
        return true;
    }
    return value_truthy(vm, v, out);
}

const char *tl_str(VM *vm, Value v, const char *fn, const char *param)
{
    ObjString *s;
    return arg_str(vm, &v, 0, fn, param, &s) ? s->chars : NULL;
}

/* The items of a tuple or list, for axis and shape arguments. */
static bool seq_items(Value v, Value **items, int *n)
{
    if (IS_TUPLE(v)) {
        *items = AS_TUPLE(v)->items;
        *n = AS_TUPLE(v)->count;
        return true;
    }
    if (IS_LIST(v)) {
        *items = AS_LIST(v)->items.items;
        *n = AS_LIST(v)->items.count;
        return true;
    }
    return false;
}

bool tl_axes(VM *vm, Value v, const char *fn, int *axes, int *naxes)
{
    if (!tl_given(v)) {
        *naxes = -1;
        return true;
    }
    Value *items = &v;
    int n = 1;
    Tensor *t = IS_TENSOR(v) ? AS_TENSOR(v) : NULL;
    if (t && t->ndim == 1) {
        if (t->size > TN_MAX_DIMS || tn_dtype_is_float(t->dtype) || t->dtype == TN_BOOL)
            return vm_raise(vm, vm->exc.type_error, "%s(): axis must be an int or a tuple of ints",
                            fn);
        for (int64_t i = 0; i < t->size; i++)
            axes[i] = (int)tn_get_i64(t, i);
        *naxes = (int)t->size;
        return true;
    }
    if (!seq_items(v, &items, &n))
        n = 1;
    if (n > TN_MAX_DIMS)
        return vm_raise(vm, vm->exc.value_error, "%s(): too many axes (%d)", fn, n);
    for (int i = 0; i < n; i++) {
        int64_t a;
        if (!arg_int(vm, items, i, fn, "axis", &a))
            return false;
        if (a < -1000 || a > 1000)
            return vm_raise(vm, vm->exc.index_error, "%s(): axis %lld is out of range", fn,
                            (long long)a);
        axes[i] = (int)a;
    }
    *naxes = n;
    return true;
}

bool tl_axis(VM *vm, Value v, const char *fn, int *axis, bool *has)
{
    *has = tl_given(v);
    if (!*has)
        return true;
    int64_t a;
    if (!arg_int(vm, &v, 0, fn, "axis", &a))
        return false;
    if (a < -1000 || a > 1000)
        return vm_raise(vm, vm->exc.index_error, "%s(): axis %lld is out of range", fn,
                        (long long)a);
    *axis = (int)a;
    return true;
}

static bool parse_shape(VM *vm, Value v, const char *fn, const char *param, int *ndim,
                        int64_t *shape, bool allow_negative)
{
    if (IS_TENSOR(v) && AS_TENSOR(v)->ndim <= 1) {
        Tensor *t = AS_TENSOR(v);
        if (!tn_dtype_is_int(t->dtype) && !(t->ndim == 0 && t->dtype == TN_BOOL))
            return vm_raise(vm, vm->exc.type_error,
                            "%s(): %s must hold integers, not %s", fn, param,
                            tn_dtype_name(t->dtype));
        if (t->size > TN_MAX_DIMS)
            return vm_raise(vm, vm->exc.value_error,
                            "%s(): a shape has at most %d axes, this one has %lld", fn,
                            TN_MAX_DIMS, (long long)t->size);
        *ndim = t->ndim == 0 ? 1 : (int)t->size;
        for (int i = 0; i < *ndim; i++)
            shape[i] = tn_get_i64(t, i);
    } else {
        Value *items = &v;
        int n = 1;
        if (!seq_items(v, &items, &n))
            n = 1;
        if (n > TN_MAX_DIMS)
            return vm_raise(vm, vm->exc.value_error,
                            "%s(): a shape has at most %d axes, this one has %d", fn, TN_MAX_DIMS,
                            n);
        for (int i = 0; i < n; i++)
            if (!arg_int(vm, items, i, fn, param, &shape[i]))
                return false;
        *ndim = n;
    }
    for (int i = 0; i < *ndim && !allow_negative; i++)
        if (shape[i] < 0)
            return vm_raise(vm, vm->exc.value_error,
                            "%s(): negative dimensions are not allowed (%s has %lld on axis %d)",
                            fn, param, (long long)shape[i], i);
    return true;
}

bool tl_shape(VM *vm, Value v, const char *fn, const char *param, int *ndim, int64_t *shape)
{
    return parse_shape(vm, v, fn, param, ndim, shape, false);
}

bool tl_shape_any(VM *vm, Value v, const char *fn, int *ndim, int64_t *shape)
{
    return parse_shape(vm, v, fn, "shape", ndim, shape, true);
}

bool tl_dtype(VM *vm, Value v, const char *fn, TnDType *out, bool *given)
{
    *given = tl_given(v);
    if (!*given)
        return true;
    TlState *st = tl_state(vm);
    if (IS_INSTANCE(v) && AS_INSTANCE(v)->klass == st->dtype_class) {
        *out = dtype_of_in(st, v);
        return true;
    }
    if (IS_CLASS(v)) {
        ObjClass *k = AS_CLASS(v);
        if (k == vm->types.float_)
            *out = TN_F64;
        else if (k == vm->types.int_)
            *out = TN_I64;
        else if (k == vm->types.bool_)
            *out = TN_BOOL;
        else
            return vm_raise(vm, vm->exc.type_error,
                            "%s(): dtype must be float, int, bool or a dtype such as float32, "
                            "not the class %s",
                            fn, k->name->chars);
        return true;
    }
    if (IS_STR(v)) {
        if (tn_dtype_from_name(AS_CSTR(v), out))
            return true;
        return vm_raise(vm, vm->exc.type_error,
                        "%s(): unknown dtype '%s' (the dtypes are bool, u8, i32, i64, f32, f64, "
                        "or NumPy's names such as 'float32')",
                        fn, AS_CSTR(v));
    }
    return vm_raise(vm, vm->exc.type_error,
                    "%s(): dtype must be a dtype (float32, int64, ...), a name such as 'f32', "
                    "or float, int or bool; not %s",
                    fn, value_type_name(vm, v));
}

/* ---- tensors from values */

static bool is_seq(Value v)
{
    return IS_LIST(v) || IS_TUPLE(v) || IS_RANGE(v);
}

static int64_t seq_len(VM *vm, Value v)
{
    if (IS_LIST(v))
        return AS_LIST(v)->items.count;
    if (IS_TUPLE(v))
        return AS_TUPLE(v)->count;
    int64_t n = 0;
    vm_len(vm, v, &n);
    return n;
}

static Value seq_item(Value v, int64_t i)
{
    if (IS_LIST(v))
        return AS_LIST(v)->items.items[i];
    if (IS_TUPLE(v))
        return AS_TUPLE(v)->items[i];
    ObjRange *r = AS_RANGE(v);
    return INT_VAL(r->start + i * r->step);
}

/* What pass one learns about a nested value: its shape (from the first
   element of each level) and the dtype its elements promote to. */
typedef struct Nest {
    VM *vm;
    const char *fn;
    bool literal;
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    bool any;               /* any element seen (else the dtype is the default) */
    bool numbers;           /* a language number seen */
    TnKind kind;            /* the highest kind of those numbers */
    bool has_tensor;
    TnDType tdt;            /* promoted dtype of tensor elements */
    int path[TN_MAX_DIMS];  /* where pass one is, for messages */
} Nest;

static void path_text(char *buf, size_t size, const int *path, int depth, bool zeros)
{
    if (depth == 1) {
        snprintf(buf, size, "%d", zeros ? 0 : path[0]);
        return;
    }
    size_t n = (size_t)snprintf(buf, size, "[");
    for (int i = 0; i < depth && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%d", i ? ", " : "", zeros ? 0 : path[i]);
    if (n < size)
        snprintf(buf + n, size - n, "]");
}

static void shape_text(char *buf, size_t size, int ndim, const int64_t *shape)
{
    size_t n = (size_t)snprintf(buf, size, "[");
    for (int i = 0; i < ndim && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%lld", i ? ", " : "", (long long)shape[i]);
    if (n < size)
        snprintf(buf + n, size - n, "]");
}

/* "has 3 items", "has shape [2, 3]", "is a number" for the ragged message. */
static void describe_row(char *buf, size_t size, int ndim, const int64_t *shape)
{
    if (ndim == 0)
        snprintf(buf, size, "is a number");
    else if (ndim == 1)
        snprintf(buf, size, "has %lld item%s", (long long)shape[0], shape[0] == 1 ? "" : "s");
    else {
        char s[128];
        shape_text(s, sizeof s, ndim, shape);
        snprintf(buf, size, "has shape %s", s);
    }
}

static bool ragged(Nest *n, int depth, int got_ndim, const int64_t *got_shape)
{
    char here[96], first[96], got[160], want[160];
    path_text(here, sizeof here, n->path, depth, false);
    path_text(first, sizeof first, n->path, depth, true);
    int want_ndim = n->ndim - depth;
    describe_row(got, sizeof got, got_ndim, got_shape);
    if (got_ndim == 1 && want_ndim == 1) /* "row 1 has 3 items, row 0 has 2" */
        snprintf(want, sizeof want, "has %lld", (long long)n->shape[depth]);
    else
        describe_row(want, sizeof want, want_ndim, n->shape + depth);
    if (n->literal) {
        vm_raise(n->vm, n->vm->exc.value_error, "ragged nested literal: row %s %s, row %s %s",
                 here, got, first, want);
        static const char hint[] =
            "the rows of a tensor need equal shapes; to keep differently shaped tensors "
            "together, name them first (a = [1, 2]) and write a list of names: [a, b]";
        Value exc = n->vm->exception;
        set_field(n->vm, exc, "hint", hint, sizeof hint - 1);
        n->vm->exception = exc;
        return false;
    }
    return vm_raise(n->vm, n->vm->exc.value_error,
                    "%s(): ragged nested sequence: row %s %s, row %s %s (every row of a tensor "
                    "needs the same length)",
                    n->fn, here, got, first, want);
}

/* The shape, read along the first element of each level. */
static bool nest_shape(Nest *n, Value v)
{
    n->ndim = 0;
    for (;;) {
        if (IS_TENSOR(v)) {
            Tensor *t = AS_TENSOR(v);
            if (n->ndim + t->ndim > TN_MAX_DIMS)
                break;
            memcpy(n->shape + n->ndim, t->shape, sizeof(int64_t) * (size_t)t->ndim);
            n->ndim += t->ndim;
            return true;
        }
        if (!is_seq(v))
            return true;
        if (n->ndim == TN_MAX_DIMS)
            break;
        int64_t len = seq_len(n->vm, v);
        n->shape[n->ndim++] = len;
        if (len == 0)
            return true;
        v = seq_item(v, 0);
    }
    return vm_raise(n->vm, n->vm->exc.value_error, "%s(): too many nested levels (at most %d axes)",
                    n->fn, TN_MAX_DIMS);
}

/* Pass one: every row has the shape nest_shape found; collects the dtype. */
static bool nest_check(Nest *n, Value v, int depth)
{
    if (IS_TENSOR(v)) {
        Tensor *t = AS_TENSOR(v);
        if (depth + t->ndim != n->ndim ||
            memcmp(t->shape, n->shape + depth, sizeof(int64_t) * (size_t)t->ndim) != 0)
            return ragged(n, depth, t->ndim, t->shape);
        n->tdt = n->has_tensor ? tn_promote(n->tdt, false, t->dtype, false) : t->dtype;
        n->has_tensor = true;
        n->any = true;
        return true;
    }
    if (IS_NUMBER(v)) {
        if (depth != n->ndim)
            return ragged(n, depth, 0, NULL);
        TnKind k = IS_FLOAT(v) ? TN_KIND_FLOAT : IS_INT(v) ? TN_KIND_INT : TN_KIND_BOOL;
        if (!n->numbers || k > n->kind)
            n->kind = k;
        n->numbers = true;
        n->any = true;
        return true;
    }
    if (is_seq(v)) {
        int64_t len = seq_len(n->vm, v);
        if (depth >= n->ndim || len != n->shape[depth])
            return ragged(n, depth, 1, &len);
        for (int64_t i = 0; i < len; i++) {
            n->path[depth] = (int)i;
            if (!nest_check(n, seq_item(v, i), depth + 1))
                return false;
        }
        return true;
    }
    char here[96] = "";
    if (depth > 0)
        path_text(here, sizeof here, n->path, depth, false);
    return vm_raise(n->vm, n->vm->exc.type_error,
                    "%s(): a tensor holds numbers, but element %s is a %s%s", n->fn,
                    depth ? here : "", value_type_name(n->vm, v),
                    n->literal ? " (a bracket literal mixing rows and other values cannot be a "
                                 "tensor; use list(...) for a list)"
                               : "");
}

/* Pass two: stores the elements in C order from flat index *pos. */
static bool nest_fill(VM *vm, Tensor *dst, Value v, int64_t *pos)
{
    size_t isz = tn_dtype_size(dst->dtype);
    if (IS_TENSOR(v)) {
        Tensor *t = AS_TENSOR(v);
        Tensor h = *dst;
        h.ndim = t->ndim;
        memcpy(h.shape, t->shape, sizeof(int64_t) * (size_t)t->ndim);
        int64_t stride = (int64_t)isz;
        for (int d = t->ndim - 1; d >= 0; d--) {
            h.strides[d] = stride;
            stride *= t->shape[d];
        }
        h.offset = dst->offset + *pos * (int64_t)isz;
        tn_update_size(&h);
        if (!tn_copy_into(&vm->tn, &h, t))
            return false;
        *pos += t->size;
        return true;
    }
    if (IS_NUMBER(v)) {
        char *p = (char *)tn_data(dst) + *pos * (int64_t)isz;
        if (IS_FLOAT(v))
            tn_store_f64(p, dst->dtype, AS_FLOAT(v));
        else
            tn_store_i64(p, dst->dtype, IS_INT(v) ? AS_INT(v) : AS_BOOL(v));
        (*pos)++;
        return true;
    }
    int64_t len = seq_len(vm, v);
    for (int64_t i = 0; i < len; i++)
        if (!nest_fill(vm, dst, seq_item(v, i), pos))
            return false;
    return true;
}

static Tensor *from_nested(VM *vm, Value v, const char *fn, bool literal, const TnDType *force)
{
    Nest n;
    memset(&n, 0, sizeof n);
    n.vm = vm;
    n.fn = fn;
    n.literal = literal;
    if (!nest_shape(&n, v) || !nest_check(&n, v, 0))
        return NULL;
    TnDType dt;
    if (force)
        dt = *force;
    else if (!n.any)
        dt = TN_F64; /* NumPy: array([]) is float64 */
    else if (n.has_tensor && n.numbers) /* numbers count as bool, i64, f64 here, as in NumPy */
        dt = tn_promote(n.tdt, false, tn_kind_default(n.kind), false);
    else if (n.has_tensor)
        dt = n.tdt;
    else
        dt = tn_kind_default(n.kind);
    Tensor *t = tn_empty(&vm->tn, dt, n.ndim, n.shape);
    if (!t) {
        tl_raise(vm);
        return NULL;
    }
    int64_t pos = 0;
    if (!nest_fill(vm, t, v, &pos)) {
        tn_free(&vm->tn, t);
        tl_raise(vm);
        return NULL;
    }
    return t;
}

/* array(object, dtype=None): nested sequences, a tensor (copied), a number,
   or any other iterable (collected into a list first). */
static Tensor *to_tensor(VM *vm, Value v, const char *fn, bool literal, const TnDType *force)
{
    if (IS_TENSOR(v)) {
        Tensor *src = AS_TENSOR(v);
        Tensor *t = force ? tn_astype(&vm->tn, src, *force) : tn_copy(&vm->tn, src);
        if (!t)
            tl_raise(vm);
        return t;
    }
    if (IS_NUMBER(v) || is_seq(v))
        return from_nested(vm, v, fn, literal, force);
    if (IS_OBJ(v) && (OBJ_TYPE(v) == OBJ_ITER || IS_INSTANCE(v))) {
        ObjList *l = vm_to_list(vm, v);
        if (!l)
            return NULL;
        gc_push_root(vm, OBJ_VAL(l));
        Tensor *t = from_nested(vm, OBJ_VAL(l), fn, literal, force);
        gc_pop_roots(vm, 1);
        return t;
    }
    vm_raise(vm, vm->exc.type_error,
             "%s(): cannot make a tensor from a %s (give a number, a list or a tensor)", fn,
             value_type_name(vm, v));
    return NULL;
}

Tensor *tl_from_value(VM *vm, Value v, const char *fn, bool literal)
{
    return to_tensor(vm, v, fn, literal, NULL);
}

bool tl_arg(VM *vm, Value v, const char *fn, const char *param, TlArg *a)
{
    a->owned = false;
    a->was_scalar = false;
    if (IS_TENSOR(v)) {
        a->t = AS_TENSOR(v);
        return true;
    }
    if (IS_NUMBER(v)) {
        /* a weak 0-d tensor over a->val: no allocation */
        Tensor *h = &a->hdr;
        memset(h, 0, sizeof *h);
        a->st = (TnStorage){.refcount = 1, .nbytes = sizeof a->val, .data = &a->val};
        if (IS_FLOAT(v)) {
            h->dtype = TN_F64;
            a->val.f = AS_FLOAT(v);
        } else if (IS_INT(v)) {
            h->dtype = TN_I64;
            a->val.i = AS_INT(v);
        } else {
            h->dtype = TN_BOOL;
            a->val.b = AS_BOOL(v);
        }
        h->size = 1;
        h->storage = &a->st;
        h->weak = true;
        a->t = h;
        a->was_scalar = true;
        return true;
    }
    if (is_seq(v) || (IS_OBJ(v) && OBJ_TYPE(v) == OBJ_ITER)) {
        a->t = to_tensor(vm, v, fn, false, NULL);
        a->owned = a->t != NULL;
        return a->t != NULL;
    }
    return vm_raise(vm, vm->exc.type_error,
                    "%s() argument '%s' must be a tensor, a number or a list of numbers, not %s",
                    fn, param, value_type_name(vm, v));
}

void tl_arg_free(VM *vm, TlArg *a)
{
    if (a->owned && a->t)
        tn_free(&vm->tn, a->t);
    a->t = NULL;
    a->owned = false;
}

/* ---- results */

Value tl_scalar_value(const Tensor *t)
{
    const void *p = tn_data(t);
    switch (t->dtype) {
    case TN_BOOL: return BOOL_VAL(*(const bool *)p);
    case TN_F32:
    case TN_F64: return FLOAT_VAL(tn_load_f64(p, t->dtype));
    default: return INT_VAL(tn_load_i64(p, t->dtype));
    }
}

bool tl_wrap(VM *vm, Tensor *t, Value *out)
{
    if (!t)
        return tl_raise(vm);
    t->weak = false;
    ObjTensor *o = tensor_obj_new(vm, t);
    if (!o)
        return false;
    *out = OBJ_VAL(o);
    return true;
}

bool tl_result(VM *vm, Tensor *t, Value *out)
{
    if (!t)
        return tl_raise(vm);
    if (t->ndim == 0) {
        *out = tl_scalar_value(t);
        tn_free(&vm->tn, t);
        return true;
    }
    return tl_wrap(vm, t, out);
}

bool tl_tuple(VM *vm, Tensor **ts, int n, Value *out)
{
    ObjTuple *tup = tuple_new(vm, n);
    if (!tup) {
        for (int i = 0; i < n; i++)
            tn_free(&vm->tn, ts[i]);
        return false;
    }
    gc_push_root(vm, OBJ_VAL(tup));
    for (int i = 0; i < n; i++) {
        if (!tl_result(vm, ts[i], &tup->items[i])) {
            for (int j = i + 1; j < n; j++)
                tn_free(&vm->tn, ts[j]);
            gc_pop_roots(vm, 1);
            return false;
        }
    }
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(tup);
    return true;
}

bool tl_tuple_keep(VM *vm, Tensor **ts, int n, Value *out)
{
    ObjTuple *tup = tuple_new(vm, n);
    if (!tup) {
        for (int i = 0; i < n; i++)
            tn_free(&vm->tn, ts[i]);
        return false;
    }
    gc_push_root(vm, OBJ_VAL(tup));
    for (int i = 0; i < n; i++) {
        if (!tl_wrap(vm, ts[i], &tup->items[i])) {
            for (int j = i + 1; j < n; j++)
                tn_free(&vm->tn, ts[j]);
            gc_pop_roots(vm, 1);
            return false;
        }
    }
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(tup);
    return true;
}

/* ---- errors that teach */

/*
 * Both shapes of a failed broadcast, aligned from the right, one column
 * per axis, with a caret under the failing axis:
 *
 *   = shapes, aligned from the right:   [4, 3]
 *                                          [4]
 *                                           ^ axis -1: 3 vs 4
 */
static void draw_broadcast(StrBuf *b, const TnErrorDetail *d)
{
    static const char lead[] = "  = shapes, aligned from the right:   ";
    int lead_len = (int)sizeof lead - 1;
    int nd = d->ndim[0] > d->ndim[1] ? d->ndim[0] : d->ndim[1];
    int width[TN_MAX_DIMS];
    for (int p = 0; p < nd; p++) {
        width[p] = 1;
        for (int k = 0; k < 2; k++) {
            int j = p - (nd - d->ndim[k]);
            if (j < 0)
                continue;
            char num[24];
            int w = snprintf(num, sizeof num, "%lld", (long long)d->shape[k][j]);
            if (w > width[p])
                width[p] = w;
        }
    }
    for (int k = 0; k < 2; k++) {
        if (k == 0)
            sb_puts(b, lead);
        else
            sb_repeat(b, ' ', (size_t)lead_len);
        int missing = nd - d->ndim[k];
        for (int p = 0; p < missing; p++)
            sb_repeat(b, ' ', (size_t)width[p] + 2);
        if (d->ndim[k] == 0 && missing > 0)
            b->len -= 1, sb_puts(b, "[]");
        else
            sb_putc(b, '[');
        for (int p = missing; p < nd; p++) {
            sb_printf(b, "%*lld", width[p], (long long)d->shape[k][p - missing]);
            if (p + 1 < nd)
                sb_puts(b, ", ");
        }
        sb_puts(b, "]\n");
    }
    int p = nd + d->axis;
    if (p < 0 || p >= nd)
        return;
    int col = lead_len + 1;
    for (int q = 0; q < p; q++)
        col += width[q] + 2;
    col += width[p] - 1;
    int64_t a0 = d->shape[0][p - (nd - d->ndim[0])];
    int64_t a1 = d->shape[1][p - (nd - d->ndim[1])];
    sb_repeat(b, ' ', (size_t)col);
    sb_printf(b, "^ axis %d: %lld vs %lld\n", d->axis, (long long)a0, (long long)a1);
}

/* The axis k such that `small` is `big` with axis k removed, or -1. */
static int dropped_axis(int nbig, const int64_t *big, int nsmall, const int64_t *small)
{
    if (nsmall + 1 != nbig)
        return -1;
    for (int k = 0; k < nbig; k++) {
        bool same = true;
        for (int j = 0, i = 0; i < nbig && same; i++) {
            if (i == k)
                continue;
            same = big[i] == small[j++];
        }
        if (same)
            return k;
    }
    return -1;
}

/* The source text of the expression the current frame is running, if any. */
static bool current_span(VM *vm, const char **text, int *len)
{
    if (vm->frame_count == 0)
        return false;
    CallFrame *f = &vm->frames[vm->frame_count - 1];
    if (!f->func || !f->func->proto->source)
        return false;
    Chunk *ch = &f->func->proto->chunk;
    int off = (int)(f->ip - ch->code) - 1;
    if (off < 0 || off >= ch->count)
        return false;
    SrcPos pos = ch->pos[off];
    const char *p = f->func->proto->source->chars;
    for (int l = 1; l < pos.line && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p)
        return false;
    const char *end = strchr(p, '\n');
    int line_len = end ? (int)(end - p) : (int)strlen(p);
    if (pos.col < 1 || pos.col - 1 >= line_len)
        return false;
    *text = p + pos.col - 1;
    *len = pos.len > 0 && pos.col - 1 + pos.len <= line_len ? pos.len : line_len - (pos.col - 1);
    return true;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

/*
 * Finds in the failing expression a call such as X.mean(axis=1) whose axis is
 * the one the smaller operand lacks, and suggests the same call with
 * keepdims=True: the fix a learner needs, written in their own words.
 */
static bool keepdims_hint(VM *vm, int axis, int ndim, char *hint, size_t size)
{
    const char *s;
    int n;
    if (!current_span(vm, &s, &n))
        return false;
    for (int i = 0; i + 5 <= n; i++) {
        if (memcmp(s + i, "axis=", 5) != 0 || (i > 0 && ident_char(s[i - 1])))
            continue;
        int j = i + 5;
        bool neg = j < n && s[j] == '-';
        if (neg)
            j++;
        if (j >= n || s[j] < '0' || s[j] > '9')
            continue;
        int k = 0;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            k = k * 10 + (s[j++] - '0');
        if (neg)
            k = -k;
        if (k != axis && k != axis - ndim)
            continue;
        /* the call's open and close parentheses around "axis=" */
        int open = i - 1, depth = 0;
        for (; open >= 0; open--) {
            if (s[open] == ')')
                depth++;
            else if (s[open] == '(' && depth-- == 0)
                break;
        }
        int close = j;
        depth = 0;
        for (; close < n; close++) {
            if (s[close] == '(')
                depth++;
            else if (s[close] == ')' && depth-- == 0)
                break;
        }
        if (open <= 0 || close >= n)
            continue;
        int start = open;
        while (start > 0 && ident_char(s[start - 1]))
            start--;
        if (start == open)
            continue;
        snprintf(hint, size, "%.*s, keepdims=True) keeps the reduced axis so it broadcasts",
                 close - start, s + start);
        return true;
    }
    return false;
}

static void shape_list(StrBuf *b, int ndim, const int64_t *shape, int *cols)
{
    sb_putc(b, '[');
    for (int i = 0; i < ndim; i++) {
        if (i)
            sb_puts(b, ", ");
        if (cols)
            cols[i] = (int)b->len;
        sb_printf(b, "%lld", (long long)shape[i]);
    }
    sb_putc(b, ']');
}

/*
 * The two shapes of a failed matrix product with a caret under each of the
 * inner dimensions (the last axis of the left, the second-to-last of the
 * right, or a vector's only axis):
 *
 *   = inner dimensions:   [4, 3] @ [4, 2]
 *                             ^     ^ 3 vs 4
 */
static void draw_matmul(StrBuf *b, const TnErrorDetail *d)
{
    static const char lead[] = "  = inner dimensions:   ";
    size_t start = b->len;
    int cols0[TN_MAX_DIMS], cols1[TN_MAX_DIMS];
    sb_puts(b, lead);
    shape_list(b, d->ndim[0], d->shape[0], cols0);
    sb_puts(b, " @ ");
    shape_list(b, d->ndim[1], d->shape[1], cols1);
    sb_putc(b, '\n');
    if (d->ndim[0] < 1 || d->ndim[1] < 1)
        return;
    int ka = d->ndim[0] - 1, kb = d->ndim[1] >= 2 ? d->ndim[1] - 2 : 0;
    int ca = cols0[ka] - (int)start, cb = cols1[kb] - (int)start;
    char na[24], nb[24];
    int wa = snprintf(na, sizeof na, "%lld", (long long)d->shape[0][ka]);
    int wb = snprintf(nb, sizeof nb, "%lld", (long long)d->shape[1][kb]);
    sb_repeat(b, ' ', (size_t)ca);
    sb_repeat(b, '^', (size_t)wa);
    sb_repeat(b, ' ', (size_t)(cb - ca - wa));
    sb_repeat(b, '^', (size_t)wb);
    sb_printf(b, " %s vs %s\n", na, nb);
}

static bool set_field(VM *vm, Value exc, const char *key, const char *text, size_t len)
{
    if (!IS_INSTANCE(exc) || AS_OBJ(exc) == AS_OBJ(vm->oom))
        return false;
    gc_push_root(vm, exc);
    ObjString *k = str_from_cstr(vm, key);
    bool ok = false;
    if (k) {
        gc_push_root(vm, OBJ_VAL(k));
        ObjString *v = str_new(vm, text, len);
        ok = v && dict_set_str(vm, AS_INSTANCE(exc)->fields, k, OBJ_VAL(v));
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    return ok;
}

bool tl_raise(VM *vm)
{
    if (vm->tn.err == TN_OK) /* raised by the binding itself, or already */
        return false;
    TnError err = vm->tn.err;
    TnErrorDetail d = vm->tn.detail;
    bool broadcast = err == TN_ERR_SHAPE && d.nshapes == 2 && d.axis != -1000 &&
                     strstr(vm->tn.msg, "broadcast") != NULL;
    bool inner = err == TN_ERR_SHAPE && d.nshapes == 2 && d.axis == -1 &&
                 (strstr(vm->tn.msg, "inner dimensions") || strstr(vm->tn.msg, "not aligned"));
    char hint[256] = "";
    if (broadcast) {
        int k = dropped_axis(d.ndim[0], d.shape[0], d.ndim[1], d.shape[1]);
        int nbig = d.ndim[0];
        if (k < 0) {
            k = dropped_axis(d.ndim[1], d.shape[1], d.ndim[0], d.shape[0]);
            nbig = d.ndim[1];
        }
        if (k >= 0)
            keepdims_hint(vm, k, nbig, hint, sizeof hint);
    }
    /* a weak int too large for the other operand's dtype is NumPy 2's
       OverflowError, not a dtype (TypeError) problem */
    if (err == TN_ERR_DTYPE && strstr(vm->tn.msg, "does not fit")) {
        if (!hint[0])
            snprintf(hint, sizeof hint, "%s", vm->tn.hint);
        vm_raise(vm, vm->exc.overflow_error, "%s", vm->tn.msg);
        tn_ctx_clear_error(&vm->tn);
    } else {
        vm_raise_tensor_error(vm);
    }
    Value exc = vm->exception;
    if (broadcast || inner) {
        StrBuf b;
        sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
        if (broadcast)
            draw_broadcast(&b, &d);
        else
            draw_matmul(&b, &d);
        if (!b.failed && b.len)
            set_field(vm, exc, "detail", b.data, b.len);
        sb_free(&b);
    }
    if (hint[0])
        set_field(vm, exc, "hint", hint, strlen(hint));
    vm->exception = exc;
    return false;
}

/* ---- dtype values */

#define dtype_of(self) dtype_of_in(tl_state(vm), (self))

Value tl_dtype_value(VM *vm, TnDType dt)
{
    return OBJ_VAL(tl_state(vm)->dtypes[dt]);
}

static bool is_dtype(VM *vm, Value v)
{
    return IS_INSTANCE(v) && AS_INSTANCE(v)->klass == tl_state(vm)->dtype_class;
}

static bool dtype_repr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s = str_from_cstr(vm, tn_dtype_name(dtype_of(argv[0])));
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

/* dtype == dtype, == "float32" or "f32", == float / int / bool */
static bool dtype_eq(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    TnDType other;
    bool given;
    Value v = argv[1];
    if (!(is_dtype(vm, v) || IS_STR(v) || IS_CLASS(v))) {
        *out = BOOL_VAL(false);
        return true;
    }
    if (IS_STR(v) && !tn_dtype_from_name(AS_CSTR(v), &other)) {
        *out = BOOL_VAL(false);
        return true;
    }
    if (IS_CLASS(v) && AS_CLASS(v) != vm->types.float_ && AS_CLASS(v) != vm->types.int_ &&
        AS_CLASS(v) != vm->types.bool_) {
        *out = BOOL_VAL(false); /* only float, int and bool name dtypes */
        return true;
    }
    if (!IS_STR(v) && !tl_dtype(vm, v, "==", &other, &given))
        return false;
    *out = BOOL_VAL(other == dtype_of(argv[0]));
    return true;
}

static bool dtype_ne(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!dtype_eq(vm, argc, argv, kwargs, out))
        return false;
    *out = BOOL_VAL(!AS_BOOL(*out));
    return true;
}

static bool dtype_getattr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    TnDType dt = dtype_of(argv[0]);
    const char *name = IS_STR(argv[1]) ? AS_CSTR(argv[1]) : "";
    if (strcmp(name, "name") == 0) {
        ObjString *s = str_from_cstr(vm, tn_dtype_numpy_name(dt));
        if (!s)
            return false;
        *out = OBJ_VAL(s);
        return true;
    }
    if (strcmp(name, "itemsize") == 0) {
        *out = INT_VAL((int64_t)tn_dtype_size(dt));
        return true;
    }
    if (strcmp(name, "kind") == 0) {
        const char *k = dt == TN_BOOL ? "b" : dt == TN_U8 ? "u" : tn_dtype_is_int(dt) ? "i" : "f";
        ObjString *s = str_from_cstr(vm, k);
        if (!s)
            return false;
        *out = OBJ_VAL(s);
        return true;
    }
    return vm_raise(vm, vm->exc.attribute_error,
                    "'dtype' object has no attribute '%s' (it has name, itemsize and kind)", name);
}

/* float32(x): x converted to the dtype; a number stays a number. */
static bool dtype_call(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    TnDType dt = dtype_of(argv[0]);
    if (argc != 2 || (kwargs && kwargs->count))
        return vm_raise(vm, vm->exc.type_error, "%s() takes one argument (the value to convert)",
                        tn_dtype_numpy_name(dt));
    Value v = argv[1];
    Tensor *t = to_tensor(vm, v, tn_dtype_numpy_name(dt), false, &dt);
    if (!t)
        return false;
    return IS_TENSOR(v) || is_seq(v) ? tl_wrap(vm, t, out) : tl_result(vm, t, out);
}

/* dtype("f32") is float32 */
static bool dtype_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (argc != 1 || (kwargs && kwargs->count))
        return vm_raise(vm, vm->exc.type_error,
                        "dtype() takes one argument: a name such as 'f32' or a class such "
                        "as float");
    TnDType dt;
    bool given;
    if (IS_TENSOR(argv[0])) {
        dt = AS_TENSOR(argv[0])->dtype;
    } else {
        if (!tl_dtype(vm, argv[0], "dtype", &dt, &given))
            return false;
        if (!given)
            dt = TN_F64;
    }
    *out = tl_dtype_value(vm, dt);
    return true;
}

static const NativeSpec dtype_methods[] = {
    {"__repr__", dtype_repr, 1, 1, "dtype.__repr__()", "The short name, as in f64[2,3]."},
    {"__eq__", dtype_eq, 2, 2, "dtype.__eq__(other)",
     "Equal to the same dtype, to any of its names ('f32', 'float32') and, for f64, i64 and\n"
     "bool, to the classes float, int and bool."},
    {"__ne__", dtype_ne, 2, 2, "dtype.__ne__(other)", "The opposite of ==."},
    {"__getattr__", dtype_getattr, 2, 2, "dtype.__getattr__(name)",
     "name (NumPy's name, 'float64'), itemsize (bytes per element) and kind ('b', 'u', 'i', 'f')."},
    {"__call__", dtype_call, 2, 2, "dtype(x)",
     "Convert x to this dtype: a tensor or list gives a tensor, a number a number.\n\n"
     "Example:\n"
     "    >>> int32(3.7)\n"
     "    3"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

/* The builtin names of the dtypes, NumPy's spelling. */
static const char *const DTYPE_BUILTINS[TN_DTYPE_COUNT] = {
    [TN_BOOL] = "bool_", [TN_U8] = "uint8", [TN_I32] = "int32",
    [TN_I64] = "int64", [TN_F32] = "float32", [TN_F64] = "float64",
};

static bool set_builtin(VM *vm, const char *name, Value v)
{
    gc_push_root(vm, v);
    ObjString *s = str_from_cstr(vm, name);
    bool ok = s && dict_set_str(vm, vm->builtins, s, v);
    gc_pop_roots(vm, 1);
    return ok;
}

static ObjClass *new_class(VM *vm, const char *name, const char *doc)
{
    ObjString *s = str_from_cstr(vm, name);
    if (!s)
        return NULL;
    gc_push_root(vm, OBJ_VAL(s));
    ObjClass *k = class_new(vm, s, vm->types.object);
    gc_pop_roots(vm, 1);
    if (!k)
        return NULL;
    k->builtin = true;
    gc_push_root(vm, OBJ_VAL(k));
    ObjString *d = doc ? str_from_cstr(vm, doc) : NULL;
    if (d)
        k->doc = d;
    gc_pop_roots(vm, 1);
    return k;
}

static bool open_dtypes(VM *vm)
{
    TlState *st = tl_state(vm);
    st->dtype_class = new_class(vm, "dtype",
                                "The element type of a tensor: bool_, uint8, int32, int64, float32,\n"
                                "float64 (short names bool, u8, i32, i64, f32, f64).");
    if (!st->dtype_class || !set_builtin(vm, "dtype", OBJ_VAL(st->dtype_class)))
        return false;
    st->dtype_class->construct = dtype_construct;
    st->dtype_class->has_getattr = true;
    vm_define_methods(vm, st->dtype_class, dtype_methods);
    for (int dt = 0; dt < TN_DTYPE_COUNT; dt++) {
        ObjInstance *d = instance_new(vm, st->dtype_class);
        if (!d || !set_builtin(vm, DTYPE_BUILTINS[dt], OBJ_VAL(d)))
            return false;
        st->dtypes[dt] = d;
    }
    return true;
}

/* NumPy's constants nan, inf, pi and newaxis (None); no e, a name programs use. */
static bool open_constants(VM *vm)
{
    return set_builtin(vm, "nan", FLOAT_VAL(NAN)) && set_builtin(vm, "inf", FLOAT_VAL(INFINITY)) &&
           set_builtin(vm, "pi", FLOAT_VAL(3.141592653589793)) &&
           set_builtin(vm, "newaxis", NONE_VAL);
}

/* ---- the tensor class's constructor: tensor(x), and bracket literals */

static bool tensor_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "tensor", argc, argv, kwargs, "object dtype=", v))
        return false;
    TnDType dt;
    bool given;
    if (!tl_dtype(vm, v[1], "tensor", &dt, &given))
        return false;
    Tensor *t = to_tensor(vm, v[0], "tensor", true, given ? &dt : NULL);
    if (!t)
        return false;
    return tl_wrap(vm, t, out);
}

/* ---- registration */

void tl_define(VM *vm, const NativeSpec *specs, const char *const *methods)
{
    vm_define_natives(vm, vm->builtins, specs);
    if (!methods)
        return;
    for (const NativeSpec *s = specs; s->name; s++) {
        for (int i = 0; methods[i]; i++) {
            if (strcmp(methods[i], s->name) != 0)
                continue;
            NativeSpec one[2] = {*s, {NULL, NULL, 0, 0, NULL, NULL}};
            vm_define_methods(vm, vm->types.tensor, one);
        }
    }
}

static bool open_linalg_module(VM *vm, ObjModule *m)
{
    return tl_open_linalg(vm, m);
}

static bool open_random_module(VM *vm, ObjModule *m)
{
    return tl_open_random(vm, m);
}

const NativeModuleDef tensor_modules[] = {
    {"linalg", open_linalg_module},
    {"random", open_random_module},
    {NULL, NULL},
};

static void state_finalize(VM *vm, void *data)
{
    (void)data;
    vm->print_options = NULL;
}

bool lib_open_tensor(VM *vm)
{
    /* the state lives in a userdata that a builtin keeps alive for the VM's
       whole life (builtins are never removed) */
    ObjUserdata *u = userdata_new(vm, "tensor state", sizeof(TlState), state_finalize);
    if (!u)
        return false;
    gc_push_root(vm, OBJ_VAL(u));
    TlState *st = u->data;
    vm->print_options = st;
    ObjClass *tensor = vm->types.tensor;
    tensor->construct = tensor_construct;
    tensor->has_getattr = true;
    ObjString *doc = str_from_cstr(vm,
        "An n-dimensional array of numbers with NumPy's semantics: bracket literals of numbers\n"
        "make one ([1, 2, 3] is i64[3]); tensor(x) or array(x) converts; operators work\n"
        "elementwise with broadcasting; x.shape, x.dtype, x.T and the NumPy methods are here.");
    if (doc)
        tensor->doc = doc;
    bool ok = open_constants(vm) && open_dtypes(vm) && tl_open_print(vm) && tl_open_ops(vm) &&
              tl_open_methods(vm) && tl_open_create(vm) && tl_open_join(vm) &&
              tl_open_index(vm) && tl_open_io(vm);
    /* set_printoptions (from tl_open_print) anchors the state */
    Value sp;
    ObjString *name = ok ? str_from_cstr(vm, "set_printoptions") : NULL;
    if (name && dict_get_str(vm->builtins, name, &sp) && IS_NATIVE(sp))
        AS_NATIVE(sp)->data = OBJ_VAL(u);
    else
        ok = false;
    gc_pop_roots(vm, 1);
    return ok;
}
