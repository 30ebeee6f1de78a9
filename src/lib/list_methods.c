/*
 * list_methods.c - the list and tuple classes: constructors and methods
 * (append, extend, insert, pop, remove, index, count, reverse, sort, copy,
 * clear; tuple.index, tuple.count).
 *
 * Methods that call back into Nabla code (__eq__ in remove/index/count, a
 * key function or __lt__ in sort) may see the list change under them, so
 * they re-read its items and count after every call instead of holding a
 * pointer into the storage.
 */
#include <string.h>

#include "core/memory.h"
#include "lib/args.h"
#include "lib/lib.h"

static bool self_list(VM *vm, Value *argv, const char *fn, ObjList **out)
{
    if (IS_LIST(argv[0])) {
        *out = AS_LIST(argv[0]);
        return true;
    }
    vm_raise(vm, vm->exc.type_error, "list.%s() needs a list to work on, not %s", fn,
             value_type_name(vm, argv[0]));
    return false;
}

/* ---- constructors */

static bool list_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "list"))
        return false;
    if (argc > 1)
        return vm_raise(vm, vm->exc.type_error,
                        "list() takes at most 1 argument (an iterable), but %d were given", argc);
    ObjList *l = argc == 0 ? list_new(vm, 0) : vm_to_list(vm, argv[0]);
    if (!l)
        return false;
    *out = OBJ_VAL(l);
    return true;
}

static bool tuple_from_values(VM *vm, const Value *items, int n, Value *out)
{
    ObjTuple *t = tuple_new(vm, n);
    if (!t)
        return false;
    if (n > 0)
        memcpy(t->items, items, sizeof(Value) * (size_t)n);
    *out = OBJ_VAL(t);
    return true;
}

static bool tuple_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "tuple"))
        return false;
    if (argc > 1)
        return vm_raise(vm, vm->exc.type_error,
                        "tuple() takes at most 1 argument (an iterable), but %d were given", argc);
    if (argc == 0)
        return tuple_from_values(vm, NULL, 0, out);
    if (IS_TUPLE(argv[0])) {
        *out = argv[0];
        return true;
    }
    Value *r = roots_open(vm, 1);
    ObjList *l = vm_to_list(vm, argv[0]);
    if (!l)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(l);
    return roots_close(vm, r, tuple_from_values(vm, l->items.items, l->items.count, out));
}

/* ---- adding and removing */

static bool list_append_m(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    if (!self_list(vm, argv, "append", &l) || !no_kwargs(vm, kwargs, "list.append") ||
        !list_append(vm, l, argv[1]))
        return false;
    *out = NONE_VAL;
    return true;
}

static bool list_extend(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    if (!self_list(vm, argv, "extend", &l) || !no_kwargs(vm, kwargs, "list.extend"))
        return false;
    *out = NONE_VAL;
    Value src = argv[1];
    if (IS_LIST(src) || IS_TUPLE(src)) {
        /* count first: l.extend(l) appends the items once */
        int n = IS_LIST(src) ? AS_LIST(src)->items.count : AS_TUPLE(src)->count;
        for (int i = 0; i < n; i++) {
            Value v = IS_LIST(src) ? AS_LIST(src)->items.items[i] : AS_TUPLE(src)->items[i];
            if (!list_append(vm, l, v))
                return false;
        }
        return true;
    }
    Value *r = roots_open(vm, 1);
    ObjList *items = vm_to_list(vm, src);
    if (!items)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(items);
    for (int i = 0; i < items->items.count; i++)
        if (!list_append(vm, l, items->items.items[i]))
            return roots_close(vm, r, false);
    return roots_close(vm, r, true);
}

static bool list_insert_m(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    int64_t i;
    if (!self_list(vm, argv, "insert", &l) || !no_kwargs(vm, kwargs, "list.insert") ||
        !arg_int(vm, argv, 1, "list.insert", "index", &i))
        return false;
    /* like a slice position: clamped, never an IndexError */
    int64_t n = l->items.count;
    if (i < 0)
        i = i + n < 0 ? 0 : i + n;
    if (i > n)
        i = n;
    if (!list_insert(vm, l, i, argv[2]))
        return false;
    *out = NONE_VAL;
    return true;
}

static bool list_pop_m(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    int64_t i = -1;
    if (!self_list(vm, argv, "pop", &l) || !no_kwargs(vm, kwargs, "list.pop") ||
        (argc > 1 && !arg_int(vm, argv, 1, "list.pop", "index", &i)))
        return false;
    int64_t n = l->items.count;
    if (n == 0)
        return vm_raise(vm, vm->exc.index_error, "pop from an empty list");
    int64_t j = i < 0 ? i + n : i;
    if (j < 0 || j >= n)
        return vm_raise(vm, vm->exc.index_error,
                        "list.pop(%lld): index out of range for a list of %lld items",
                        (long long)i, (long long)n);
    *out = list_pop(l, j);
    return true;
}

/* The index of the first item equal to x in [start, stop), or -1; the list
   is re-read after each comparison since __eq__ may change it. */
static bool find_equal(VM *vm, Value seq, Value x, int64_t start, int64_t stop, int64_t *at)
{
    *at = -1;
    for (int64_t i = start;; i++) {
        int64_t n = IS_LIST(seq) ? AS_LIST(seq)->items.count : AS_TUPLE(seq)->count;
        if (i >= n || i >= stop)
            return true;
        Value item = IS_LIST(seq) ? AS_LIST(seq)->items.items[i] : AS_TUPLE(seq)->items[i];
        bool eq;
        if (value_identical(item, x))
            eq = true;
        else if (!value_equal(vm, item, x, &eq))
            return false;
        if (eq) {
            *at = i;
            return true;
        }
    }
}

static bool not_found(VM *vm, const char *fn, Value x, const char *what)
{
    ObjString *rep = value_to_repr(vm, x);
    if (!rep)
        return false;
    return vm_raise(vm, vm->exc.value_error, "%s(%s): the value is not in the %s", fn,
                    rep->chars, what);
}

static bool list_remove(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    int64_t at;
    if (!self_list(vm, argv, "remove", &l) || !no_kwargs(vm, kwargs, "list.remove") ||
        !find_equal(vm, argv[0], argv[1], 0, INT64_MAX, &at))
        return false;
    if (at < 0)
        return not_found(vm, "list.remove", argv[1], "list");
    list_pop(l, at);
    *out = NONE_VAL;
    return true;
}

static bool list_clear(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    if (!self_list(vm, argv, "clear", &l) || !no_kwargs(vm, kwargs, "list.clear"))
        return false;
    l->items.count = 0;
    *out = NONE_VAL;
    return true;
}

/* ---- searching (shared by list and tuple) */

static bool seq_index(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out,
                      const char *fn, const char *what)
{
    if (!no_kwargs(vm, kwargs, fn))
        return false;
    int64_t n = IS_LIST(argv[0]) ? AS_LIST(argv[0])->items.count : AS_TUPLE(argv[0])->count;
    int64_t start = 0, stop = n;
    if ((argc > 2 && !arg_int(vm, argv, 2, fn, "start", &start)) ||
        (argc > 3 && !arg_int(vm, argv, 3, fn, "stop", &stop)))
        return false;
    if (start < 0)
        start = start + n < 0 ? 0 : start + n;
    if (stop < 0)
        stop = stop + n < 0 ? 0 : stop + n;
    int64_t at;
    if (!find_equal(vm, argv[0], argv[1], start, stop, &at))
        return false;
    if (at < 0)
        return not_found(vm, fn, argv[1], what);
    *out = INT_VAL(at);
    return true;
}

static bool seq_count(VM *vm, Value seq, Value x, Value *out)
{
    int64_t count = 0;
    for (int64_t i = 0;; i++) {
        int64_t n = IS_LIST(seq) ? AS_LIST(seq)->items.count : AS_TUPLE(seq)->count;
        if (i >= n)
            break;
        Value item = IS_LIST(seq) ? AS_LIST(seq)->items.items[i] : AS_TUPLE(seq)->items[i];
        bool eq;
        if (value_identical(item, x))
            eq = true;
        else if (!value_equal(vm, item, x, &eq))
            return false;
        count += eq;
    }
    *out = INT_VAL(count);
    return true;
}

static bool list_index(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    return self_list(vm, argv, "index", &l) &&
           seq_index(vm, argc, argv, kwargs, out, "list.index", "list");
}

static bool list_count(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    return self_list(vm, argv, "count", &l) && no_kwargs(vm, kwargs, "list.count") &&
           seq_count(vm, argv[0], argv[1], out);
}

static bool self_tuple(VM *vm, Value *argv, const char *fn)
{
    if (IS_TUPLE(argv[0]))
        return true;
    return vm_raise(vm, vm->exc.type_error, "tuple.%s() needs a tuple to work on, not %s", fn,
                    value_type_name(vm, argv[0]));
}

static bool tuple_index(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return self_tuple(vm, argv, "index") &&
           seq_index(vm, argc, argv, kwargs, out, "tuple.index", "tuple");
}

static bool tuple_count(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return self_tuple(vm, argv, "count") && no_kwargs(vm, kwargs, "tuple.count") &&
           seq_count(vm, argv[0], argv[1], out);
}

/* ---- reordering and copying */

static void reverse_values(Value *items, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        Value t = items[i];
        items[i] = items[j];
        items[j] = t;
    }
}

static bool list_reverse(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    if (!self_list(vm, argv, "reverse", &l) || !no_kwargs(vm, kwargs, "list.reverse"))
        return false;
    reverse_values(l->items.items, l->items.count);
    *out = NONE_VAL;
    return true;
}

static bool list_copy(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjList *l;
    if (!self_list(vm, argv, "copy", &l) || !no_kwargs(vm, kwargs, "list.copy"))
        return false;
    Value *r = roots_open(vm, 1);
    ObjList *c = list_new(vm, l->items.count);
    if (!c)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(c);
    for (int i = 0; i < l->items.count; i++)
        if (!list_append(vm, c, l->items.items[i]))
            return roots_close(vm, r, false);
    *out = r[0];
    return roots_close(vm, r, true);
}

/*
 * sort: a stable merge sort over precomputed keys.
 *
 * When every key is an int, every key a float (no NaN) or every key a str,
 * (key, position) pairs are sorted with the comparison inlined; any other
 * mix sorts a permutation through the "<" operator, whose errors (a str
 * compared with an int) stop the sort and propagate.  With reverse the
 * comparison is flipped, which keeps equal items in their original order,
 * as Python does.  Merging takes from the right run only when its head is
 * strictly smaller: that is what makes the sort stable.
 */
typedef struct IntKey { int64_t k; int32_t i; } IntKey;
typedef struct FloatKey { double k; int32_t i; } FloatKey;
typedef struct StrKey { ObjString *k; int32_t i; } StrKey;

static bool str_less(const ObjString *x, const ObjString *y)
{
    int32_t n = x->length < y->length ? x->length : y->length;
    int c = memcmp(x->chars, y->chars, (size_t)n);   /* UTF-8 byte order = code point order */
    return c < 0 || (c == 0 && x->length < y->length);
}

#define KEY_LESS(ctx, a, b) ((a).k < (b).k)
#define STR_LESS(ctx, a, b) str_less((a).k, (b).k)

/* merge_sort_NAME(items, tmp, n, reverse, ctx): tmp holds at least n / 2 + 1;
   ctx is passed to LESS. */
#define DEFINE_MERGE_SORT(NAME, T, LESS)                                                 \
    static void merge_sort_##NAME(T *v, T *tmp, int32_t n, bool rev, void *ctx)          \
    {                                                                                    \
        if (n <= 16) {                                                                   \
            for (int32_t i = 1; i < n; i++) {                                            \
                T x = v[i];                                                              \
                int32_t j = i;                                                           \
                while (j > 0 && (rev ? LESS(ctx, v[j - 1], x) : LESS(ctx, x, v[j - 1]))) { \
                    v[j] = v[j - 1];                                                     \
                    j--;                                                                 \
                }                                                                        \
                v[j] = x;                                                                \
            }                                                                            \
            return;                                                                      \
        }                                                                                \
        int32_t half = n / 2;                                                            \
        merge_sort_##NAME(v, tmp, half, rev, ctx);                                       \
        merge_sort_##NAME(v + half, tmp, n - half, rev, ctx);                            \
        if (!(rev ? LESS(ctx, v[half - 1], v[half]) : LESS(ctx, v[half], v[half - 1])))  \
            return; /* the runs are already in order */                                  \
        memcpy(tmp, v, sizeof(T) * (size_t)half);                                        \
        int32_t i = 0, j = half, k = 0;                                                  \
        while (i < half && j < n) {                                                      \
            if (rev ? LESS(ctx, tmp[i], v[j]) : LESS(ctx, v[j], tmp[i]))                 \
                v[k++] = v[j++];                                                         \
            else                                                                         \
                v[k++] = tmp[i++];                                                       \
        }                                                                                \
        while (i < half)                                                                 \
            v[k++] = tmp[i++];                                                           \
    }

DEFINE_MERGE_SORT(int, IntKey, KEY_LESS)
DEFINE_MERGE_SORT(float, FloatKey, KEY_LESS)
DEFINE_MERGE_SORT(str, StrKey, STR_LESS)

/* The general case: a permutation of key positions, compared with "<". */
typedef struct Sorter {
    VM *vm;
    ObjList *keys;      /* rooted; nothing else can reach or change it */
    bool failed;
} Sorter;

static bool any_less(void *ctx, int32_t ia, int32_t ib)
{
    Sorter *s = ctx;
    if (s->failed)
        return false;
    Value r;
    bool lt;
    /* only "<", as Python's sort: a class needs nothing but __lt__ */
    if (!vm_binary_op(s->vm, OP_LT, s->keys->items.items[ia], s->keys->items.items[ib], &r) ||
        !value_truthy(s->vm, r, &lt)) {
        s->failed = true;
        return false;
    }
    return lt;
}

DEFINE_MERGE_SORT(any, int32_t, any_less)
#undef KEY_LESS
#undef STR_LESS

typedef enum KeyKind { KEYS_INT, KEYS_FLOAT, KEYS_STR, KEYS_ANY } KeyKind;

static KeyKind key_kind(ObjList *keys)
{
    int n = keys->items.count;
    KeyKind kind = IS_INT(keys->items.items[0]) ? KEYS_INT
                   : IS_FLOAT(keys->items.items[0]) ? KEYS_FLOAT
                   : IS_STR(keys->items.items[0]) ? KEYS_STR
                                                   : KEYS_ANY;
    for (int i = 0; i < n && kind != KEYS_ANY; i++) {
        Value v = keys->items.items[i];
        bool same = kind == KEYS_INT ? IS_INT(v)
                    : kind == KEYS_FLOAT ? IS_FLOAT(v) && AS_FLOAT(v) == AS_FLOAT(v) /* not NaN */
                                         : IS_STR(v);
        if (!same)
            kind = KEYS_ANY;
    }
    return kind;
}

/* Sorts positions 0..n-1 of keys into perm (n >= 2); false when a
   comparison raised or memory ran out. */
static bool sort_positions(VM *vm, ObjList *keys, bool reverse, int32_t *perm)
{
    int32_t n = keys->items.count;
    Value *kv = keys->items.items;
    KeyKind kind = key_kind(keys);
    size_t elem = kind == KEYS_INT ? sizeof(IntKey) : kind == KEYS_FLOAT ? sizeof(FloatKey)
                  : kind == KEYS_STR ? sizeof(StrKey) : sizeof(int32_t);
    size_t bytes = elem * (size_t)n, tmp_bytes = elem * (size_t)(n / 2 + 1);
    void *v = kind == KEYS_ANY ? (void *)perm : mem_alloc(vm, bytes);
    void *tmp = mem_alloc(vm, tmp_bytes);
    if (!v || !tmp) {
        if (kind != KEYS_ANY)
            mem_free(vm, v, bytes);
        mem_free(vm, tmp, tmp_bytes);
        return vm_raise_oom(vm);
    }
    bool ok = true;
    switch (kind) {
    case KEYS_INT: {
        IntKey *a = v;
        for (int32_t i = 0; i < n; i++)
            a[i] = (IntKey){AS_INT(kv[i]), i};
        merge_sort_int(a, tmp, n, reverse, NULL);
        for (int32_t i = 0; i < n; i++)
            perm[i] = a[i].i;
        break;
    }
    case KEYS_FLOAT: {
        FloatKey *a = v;
        for (int32_t i = 0; i < n; i++)
            a[i] = (FloatKey){AS_FLOAT(kv[i]), i};
        merge_sort_float(a, tmp, n, reverse, NULL);
        for (int32_t i = 0; i < n; i++)
            perm[i] = a[i].i;
        break;
    }
    case KEYS_STR: {
        StrKey *a = v;
        for (int32_t i = 0; i < n; i++)
            a[i] = (StrKey){AS_STR(kv[i]), i};
        merge_sort_str(a, tmp, n, reverse, NULL);
        for (int32_t i = 0; i < n; i++)
            perm[i] = a[i].i;
        break;
    }
    case KEYS_ANY: {
        for (int32_t i = 0; i < n; i++)
            perm[i] = i;
        Sorter s = {vm, keys, false};
        merge_sort_any(perm, tmp, n, reverse, &s);
        ok = !s.failed;
        break;
    }
    }
    if (kind != KEYS_ANY)
        mem_free(vm, v, bytes);
    mem_free(vm, tmp, tmp_bytes);
    return ok;
}

static bool list_sort(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"key", "reverse", NULL};
    ObjList *l;
    if (!self_list(vm, argv, "sort", &l) || !kwargs_check(vm, kwargs, "list.sort", allowed))
        return false;
    Value key = NONE_VAL, rev_v = BOOL_VAL(false);
    kwarg_get(vm, kwargs, "key", &key);
    kwarg_get(vm, kwargs, "reverse", &rev_v);
    bool reverse;
    if (!value_truthy(vm, rev_v, &reverse))
        return false;
    if (!IS_NONE(key) && !value_is_callable(key))
        return vm_raise(vm, vm->exc.type_error,
                        "list.sort() key must be a function (like len or lambda x: x[1]), not %s",
                        value_type_name(vm, key));
    *out = NONE_VAL;
    int32_t n = l->items.count;
    if (n < 2)
        return true;

    /* r: a snapshot of the items (user code may change the list meanwhile),
       their keys, the key just computed */
    Value *r = roots_open(vm, 3);
    ObjList *items = list_new(vm, n);
    if (!items)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(items);
    for (int32_t i = 0; i < n; i++)
        if (!list_append(vm, items, l->items.items[i]))
            return roots_close(vm, r, false);
    ObjList *keys = items;
    if (!IS_NONE(key)) {
        keys = list_new(vm, n);
        if (!keys)
            return roots_close(vm, r, false);
        r[1] = OBJ_VAL(keys);
        for (int32_t i = 0; i < n; i++) {
            Value item = items->items.items[i];
            if (!vm_call(vm, key, 1, &item, &r[2]) || !list_append(vm, keys, r[2]))
                return roots_close(vm, r, false);
        }
    }
    size_t bytes = sizeof(int32_t) * (size_t)n;
    int32_t *perm = mem_alloc(vm, bytes);
    if (!perm)
        return roots_close(vm, r, vm_raise_oom(vm));
    bool ok = sort_positions(vm, keys, reverse, perm);
    if (ok && l->items.count != n)
        ok = vm_raise(vm, vm->exc.value_error,
                      "list.sort(): the list was changed while it was being sorted");
    if (ok)
        for (int32_t i = 0; i < n; i++)
            l->items.items[i] = items->items.items[perm[i]];
    mem_free(vm, perm, bytes);
    return roots_close(vm, r, ok);
}

/* ---- the tables */

static const NativeSpec list_methods[] = {
    {"append", list_append_m, 2, 2, "list.append(x)",
     "Add x at the end of the list.\n\n"
     "Example:\n"
     "    >>> xs = [\"a\"]; xs.append(\"b\"); xs\n"
     "    ['a', 'b']"},
    {"extend", list_extend, 2, 2, "list.extend(iterable)",
     "Add every item of an iterable at the end of the list.\n\n"
     "Example:\n"
     "    >>> xs = [\"a\"]; xs.extend(\"bc\"); xs\n"
     "    ['a', 'b', 'c']"},
    {"insert", list_insert_m, 3, 3, "list.insert(index, x)",
     "Insert x before position index (negative counts from the end; past the end\n"
     "appends).\n\n"
     "Example:\n"
     "    >>> xs = [\"a\", \"c\"]; xs.insert(1, \"b\"); xs\n"
     "    ['a', 'b', 'c']"},
    {"pop", list_pop_m, 1, 2, "list.pop(index=-1)",
     "Remove and return the item at index (the last one by default).\n\n"
     "Example:\n"
     "    >>> xs = [\"a\", \"b\", \"c\"]; xs.pop(0), xs\n"
     "    ('a', ['b', 'c'])"},
    {"remove", list_remove, 2, 2, "list.remove(x)",
     "Remove the first item equal to x; ValueError if there is none.\n\n"
     "Example:\n"
     "    >>> xs = [\"a\", \"b\", \"a\"]; xs.remove(\"a\"); xs\n"
     "    ['b', 'a']"},
    {"index", list_index, 2, 4, "list.index(x, start=0, stop=len)",
     "Return the position of the first item equal to x in list[start:stop]; ValueError\n"
     "if there is none.\n\n"
     "Example:\n"
     "    >>> [\"a\", \"b\", \"a\"].index(\"a\", 1)\n"
     "    2"},
    {"count", list_count, 2, 2, "list.count(x)",
     "Return how many items are equal to x.\n\n"
     "Example:\n"
     "    >>> [\"a\", \"b\", \"a\"].count(\"a\")\n"
     "    2"},
    {"reverse", list_reverse, 1, 1, "list.reverse()",
     "Reverse the list in place.\n\n"
     "Example:\n"
     "    >>> xs = [\"a\", \"b\"]; xs.reverse(); xs\n"
     "    ['b', 'a']"},
    {"sort", list_sort, 1, 1, "list.sort(*, key=None, reverse=False)",
     "Sort the list in place, ascending. The sort is stable: items that compare equal\n"
     "keep their order. key= computes what to compare by; reverse=True sorts descending.\n\n"
     "Example:\n"
     "    >>> xs = [\"bb\", \"a\", \"ccc\"]; xs.sort(key=len); xs\n"
     "    ['a', 'bb', 'ccc']"},
    {"copy", list_copy, 1, 1, "list.copy()",
     "Return a shallow copy of the list (the items themselves are shared).\n\n"
     "Example:\n"
     "    >>> xs = [\"a\"]; ys = xs.copy(); ys.append(\"b\"); xs\n"
     "    ['a']"},
    {"clear", list_clear, 1, 1, "list.clear()",
     "Remove every item.\n\n"
     "Example:\n"
     "    >>> xs = [\"a\", \"b\"]; xs.clear(); xs\n"
     "    []"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const NativeSpec tuple_methods[] = {
    {"index", tuple_index, 2, 4, "tuple.index(x, start=0, stop=len)",
     "Return the position of the first item equal to x; ValueError if there is none.\n\n"
     "Example:\n"
     "    >>> (\"a\", \"b\").index(\"b\")\n"
     "    1"},
    {"count", tuple_count, 2, 2, "tuple.count(x)",
     "Return how many items are equal to x.\n\n"
     "Example:\n"
     "    >>> (1, 2, 1).count(1)\n"
     "    2"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char list_doc[] =
    "list(iterable=())\n\n"
    "A mutable sequence. list(x) collects the items of any iterable. (A bracket\n"
    "literal of numbers makes a tensor; list(...) always makes a list.)\n\n"
    "Example:\n"
    "    >>> list(range(3))\n"
    "    [0, 1, 2]";

static const char tuple_doc[] =
    "tuple(iterable=())\n\n"
    "An immutable sequence; a tuple of hashable items can be a dict key.\n\n"
    "Example:\n"
    "    >>> tuple(\"ab\")\n"
    "    ('a', 'b')";

static bool open_class(VM *vm, ObjClass *k, const char *name, NativeFn construct,
                       const char *doc, const NativeSpec *methods)
{
    vm_define_methods(vm, k, methods);
    k->construct = construct;
    ObjString *d = str_from_cstr(vm, doc);
    if (!d)
        return false;
    k->doc = d;
    ObjString *n = str_from_cstr(vm, name);
    return n && dict_set_str(vm, vm->builtins, n, OBJ_VAL(k));
}

bool lib_open_list(VM *vm)
{
    return open_class(vm, vm->types.list, "list", list_construct, list_doc, list_methods) &&
           open_class(vm, vm->types.tuple, "tuple", tuple_construct, tuple_doc, tuple_methods);
}
