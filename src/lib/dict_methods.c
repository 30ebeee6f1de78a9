/*
 * dict_methods.c - the dict class: its constructor and methods (keys,
 * values, items, get, pop, setdefault, update, copy, clear, popitem).
 *
 * keys(), values() and items() return new lists, not live views: they
 * print, index and compare like the lists a learner expects, and a loop
 * over them is unaffected by changes to the dict.
 */
#include <string.h>

#include "lib/args.h"
#include "lib/lib.h"

static bool self_dict(VM *vm, Value *argv, const char *fn, ObjDict **out)
{
    if (IS_DICT(argv[0])) {
        *out = AS_DICT(argv[0]);
        return true;
    }
    vm_raise(vm, vm->exc.type_error, "dict.%s() needs a dict to work on, not %s", fn,
             value_type_name(vm, argv[0]));
    return false;
}

/* dict_get cannot tell a missing key from an unhashable one, so hash first:
   *found is false only for a hashable key that is absent. */
static bool lookup(VM *vm, ObjDict *d, Value key, Value *out, bool *found)
{
    uint32_t h;
    if (!value_hash(vm, key, &h))
        return false;
    *found = dict_get(vm, d, key, out);
    return true;
}

/* ---- views as lists */

typedef enum ViewKind { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS } ViewKind;

static bool dict_view(VM *vm, Value *argv, ObjDict *kwargs, Value *out, ViewKind kind,
                      const char *name)
{
    ObjDict *d;
    if (!self_dict(vm, argv, name, &d) || !no_kwargs(vm, kwargs, name))
        return false;
    Value *r = roots_open(vm, 1);
    ObjList *l = list_new(vm, d->count);
    if (!l)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(l);
    Value key, value;
    for (int32_t pos = 0; dict_next(d, &pos, &key, &value);) {
        Value item = kind == VIEW_KEYS ? key : value;
        if (kind == VIEW_ITEMS) {
            ObjTuple *t = tuple_new(vm, 2);
            if (!t)
                return roots_close(vm, r, false);
            t->items[0] = key;
            t->items[1] = value;
            item = OBJ_VAL(t);
        }
        if (!list_append(vm, l, item))
            return roots_close(vm, r, false);
    }
    *out = r[0];
    return roots_close(vm, r, true);
}

static bool dict_keys(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return dict_view(vm, argv, kwargs, out, VIEW_KEYS, "keys");
}

static bool dict_values(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return dict_view(vm, argv, kwargs, out, VIEW_VALUES, "values");
}

static bool dict_items(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return dict_view(vm, argv, kwargs, out, VIEW_ITEMS, "items");
}

/* ---- lookups */

static bool dict_get_m(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjDict *d;
    bool found;
    if (!self_dict(vm, argv, "get", &d) || !no_kwargs(vm, kwargs, "dict.get") ||
        !lookup(vm, d, argv[1], out, &found))
        return false;
    if (!found)
        *out = argc > 2 ? argv[2] : NONE_VAL;
    return true;
}

static bool dict_pop(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjDict *d;
    bool found;
    if (!self_dict(vm, argv, "pop", &d) || !no_kwargs(vm, kwargs, "dict.pop") ||
        !lookup(vm, d, argv[1], out, &found))
        return false;
    if (found) {
        dict_delete(vm, d, argv[1]);
        return true;
    }
    if (argc > 2) {
        *out = argv[2];
        return true;
    }
    return vm_raise_key_error(vm, argv[1]);
}

static bool dict_setdefault(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjDict *d;
    bool found;
    if (!self_dict(vm, argv, "setdefault", &d) || !no_kwargs(vm, kwargs, "dict.setdefault") ||
        !lookup(vm, d, argv[1], out, &found))
        return false;
    if (found)
        return true;
    *out = argc > 2 ? argv[2] : NONE_VAL;
    return dict_set(vm, d, argv[1], *out);
}

static bool dict_popitem(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjDict *d;
    if (!self_dict(vm, argv, "popitem", &d) || !no_kwargs(vm, kwargs, "dict.popitem"))
        return false;
    if (d->count == 0)
        return vm_raise(vm, vm->exc.key_error, "popitem(): the dictionary is empty");
    int32_t last = d->used - 1;
    while (last >= 0 && IS_UNDEF(d->entries[last].key))
        last--;
    ObjTuple *t = tuple_new(vm, 2);
    if (!t)
        return false;
    t->items[0] = d->entries[last].key;
    t->items[1] = d->entries[last].value;
    *out = OBJ_VAL(t);
    dict_delete(vm, d, t->items[0]);
    /* drop the trailing holes so that emptying a dict with popitem stays
       linear: entries past `used` are free for the next insertion */
    while (d->used > 0 && IS_UNDEF(d->entries[d->used - 1].key))
        d->used--;
    return true;
}

/* ---- update, copy, clear */

/* One (key, value) pair of dict(pairs) / d.update(pairs). */
static bool add_pair(VM *vm, ObjDict *d, Value pair, int64_t index)
{
    Value *items = NULL;
    int64_t n = -1;
    if (IS_TUPLE(pair)) {
        items = AS_TUPLE(pair)->items;
        n = AS_TUPLE(pair)->count;
    } else if (IS_LIST(pair)) {
        items = AS_LIST(pair)->items.items;
        n = AS_LIST(pair)->items.count;
    }
    if (items && n == 2)
        return dict_set(vm, d, items[0], items[1]);
    if (items)
        return vm_raise(vm, vm->exc.value_error,
                        "dict update sequence element #%lld has length %lld; "
                        "each element must be a (key, value) pair",
                        (long long)index, (long long)n);
    /* any other iterable of length 2 */
    Value *r = roots_open(vm, 1);
    ObjList *l = vm_to_list(vm, pair);
    if (!l) {
        vm_clear_exception(vm);
        return roots_close(vm, r, vm_raise(vm, vm->exc.type_error,
                                           "dict update sequence element #%lld is %s, "
                                           "not a (key, value) pair",
                                           (long long)index, value_type_name(vm, pair)));
    }
    r[0] = OBJ_VAL(l);
    if (l->items.count != 2)
        return roots_close(vm, r, vm_raise(vm, vm->exc.value_error,
                                           "dict update sequence element #%lld has length %d; "
                                           "each element must be a (key, value) pair",
                                           (long long)index, l->items.count));
    return roots_close(vm, r, dict_set(vm, d, l->items.items[0], l->items.items[1]));
}

static bool update_from(VM *vm, ObjDict *d, Value src)
{
    if (IS_DICT(src)) {
        ObjDict *s = AS_DICT(src);
        Value key, value;
        for (int32_t pos = 0; dict_next(s, &pos, &key, &value);)
            if (!dict_set(vm, d, key, value))
                return false;
        return true;
    }
    /* a mapping object: anything with keys() and [] */
    ObjString *keys_name = str_from_cstr(vm, "keys");
    if (!keys_name)
        return false;
    Value *r = roots_open(vm, 4);   /* keys method then iterator, keys, key, value */
    if (IS_INSTANCE(src) && class_find_method_owner(AS_INSTANCE(src)->klass, keys_name, &r[0])) {
        Value self = src;
        if (!vm_call(vm, r[0], 1, &self, &r[1]) || !vm_get_iter(vm, r[1], &r[0]))
            return roots_close(vm, r, false);
        for (;;) {
            int st = vm_iter_next(vm, r[0], &r[2]);
            if (st < 0)
                return roots_close(vm, r, false);
            if (st == 0)
                break;
            if (!vm_get_index(vm, src, r[2], &r[3]) || !dict_set(vm, d, r[2], r[3]))
                return roots_close(vm, r, false);
        }
        return roots_close(vm, r, true);
    }
    if (!vm_get_iter(vm, src, &r[1])) {
        vm_clear_exception(vm);
        return roots_close(vm, r, vm_raise(vm, vm->exc.type_error,
                                           "expected a dict or an iterable of (key, value) "
                                           "pairs, not %s",
                                           value_type_name(vm, src)));
    }
    for (int64_t index = 0;; index++) {
        int st = vm_iter_next(vm, r[1], &r[2]);
        if (st < 0)
            return roots_close(vm, r, false);
        if (st == 0)
            break;
        if (!add_pair(vm, d, r[2], index))
            return roots_close(vm, r, false);
    }
    return roots_close(vm, r, true);
}

static bool update_common(VM *vm, ObjDict *d, int argc, Value *argv, ObjDict *kwargs)
{
    if (argc > 1 && !update_from(vm, d, argv[1]))
        return false;
    Value key, value;
    for (int32_t pos = 0; kwargs && dict_next(kwargs, &pos, &key, &value);)
        if (!dict_set(vm, d, key, value))
            return false;
    return true;
}

static bool dict_update(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjDict *d;
    if (!self_dict(vm, argv, "update", &d) || !update_common(vm, d, argc, argv, kwargs))
        return false;
    *out = NONE_VAL;
    return true;
}

static bool dict_copy(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjDict *d;
    if (!self_dict(vm, argv, "copy", &d) || !no_kwargs(vm, kwargs, "dict.copy"))
        return false;
    Value *r = roots_open(vm, 1);
    ObjDict *c = dict_new(vm);
    if (!c)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(c);
    if (!update_from(vm, c, argv[0]))
        return roots_close(vm, r, false);
    *out = r[0];
    return roots_close(vm, r, true);
}

static bool dict_clear(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjDict *d;
    if (!self_dict(vm, argv, "clear", &d) || !no_kwargs(vm, kwargs, "dict.clear"))
        return false;
    /* keep the storage; every index slot empty (-1), every entry free */
    for (int32_t i = 0; i < d->used; i++)
        d->entries[i] = (DictEntry){UNDEF_VAL, NONE_VAL};
    if (d->index)
        memset(d->index, 0xff, sizeof(int32_t) * (size_t)d->index_cap);
    d->used = 0;
    d->count = 0;
    d->generation++;
    *out = NONE_VAL;
    return true;
}

/* ---- the constructor */

static bool dict_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (argc > 1)
        return vm_raise(vm, vm->exc.type_error,
                        "dict() takes at most 1 positional argument (a dict or (key, value) "
                        "pairs), but %d were given",
                        argc);
    Value *r = roots_open(vm, 2);
    ObjDict *d = dict_new(vm);
    if (!d)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(d);
    if (argc == 1)
        r[1] = argv[0];
    /* r[0..argc] reads as the argv of d.update(...) */
    if (!update_common(vm, d, argc + 1, r, kwargs))
        return roots_close(vm, r, false);
    *out = r[0];
    return roots_close(vm, r, true);
}

/* ---- the table */

static const NativeSpec dict_methods[] = {
    {"keys", dict_keys, 1, 1, "dict.keys()",
     "Return a list of the keys, in insertion order.\n\n"
     "Example:\n"
     "    >>> {\"a\": 1, \"b\": 2}.keys()\n"
     "    ['a', 'b']"},
    {"values", dict_values, 1, 1, "dict.values()",
     "Return a list of the values, in insertion order.\n\n"
     "Example:\n"
     "    >>> {\"a\": 1, \"b\": 2}.values()\n"
     "    [1, 2]"},
    {"items", dict_items, 1, 1, "dict.items()",
     "Return a list of (key, value) pairs, in insertion order.\n\n"
     "Example:\n"
     "    >>> for k, v in {\"lr\": 0.1}.items(): print(k, v)\n"
     "    lr 0.1"},
    {"get", dict_get_m, 2, 3, "dict.get(key, default=None)",
     "Return the value for key, or default when the key is absent.\n\n"
     "Example:\n"
     "    >>> {\"a\": 1}.get(\"b\", 0)\n"
     "    0"},
    {"pop", dict_pop, 2, 3, "dict.pop(key, default)",
     "Remove key and return its value; if absent, return default when given, else raise\n"
     "KeyError.\n\n"
     "Example:\n"
     "    >>> d = {\"a\": 1}; d.pop(\"a\"), d\n"
     "    (1, {})"},
    {"setdefault", dict_setdefault, 2, 3, "dict.setdefault(key, default=None)",
     "Return the value for key; if absent, first insert it with value default.\n\n"
     "Example:\n"
     "    >>> d = {}; d.setdefault(\"xs\", []).append(\"a\"); d\n"
     "    {'xs': ['a']}"},
    {"update", dict_update, 1, 2, "dict.update(other=(), **kwargs)",
     "Set every key of another dict (or every (key, value) pair of an iterable), then\n"
     "every keyword argument.\n\n"
     "Example:\n"
     "    >>> d = {\"a\": 1}; d.update({\"b\": 2}, c=3); d\n"
     "    {'a': 1, 'b': 2, 'c': 3}"},
    {"copy", dict_copy, 1, 1, "dict.copy()",
     "Return a shallow copy (the values themselves are shared).\n\n"
     "Example:\n"
     "    >>> d = {\"a\": 1}; e = d.copy(); e[\"b\"] = 2; d\n"
     "    {'a': 1}"},
    {"clear", dict_clear, 1, 1, "dict.clear()",
     "Remove every key.\n\n"
     "Example:\n"
     "    >>> d = {\"a\": 1}; d.clear(); d\n"
     "    {}"},
    {"popitem", dict_popitem, 1, 1, "dict.popitem()",
     "Remove and return the last inserted (key, value) pair; KeyError when empty.\n\n"
     "Example:\n"
     "    >>> d = {\"a\": 1, \"b\": 2}; d.popitem()\n"
     "    ('b', 2)"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char dict_doc[] =
    "dict(mapping_or_pairs=(), **kwargs)\n\n"
    "An insertion-ordered mapping from hashable keys (numbers, str, tuples) to values.\n\n"
    "Example:\n"
    "    >>> dict([(\"a\", 1)], b=2)\n"
    "    {'a': 1, 'b': 2}";

bool lib_open_dict(VM *vm)
{
    ObjClass *k = vm->types.dict;
    vm_define_methods(vm, k, dict_methods);
    k->construct = dict_construct;
    ObjString *doc = str_from_cstr(vm, dict_doc);
    if (!doc)
        return false;
    k->doc = doc;
    ObjString *name = str_from_cstr(vm, "dict");
    return name && dict_set_str(vm, vm->builtins, name, OBJ_VAL(k));
}
