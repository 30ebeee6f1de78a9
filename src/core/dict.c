/*
 * dict.c - the insertion-ordered hash table behind dicts, instance fields,
 * class attributes and module globals.
 *
 * Entries are stored densely in insertion order; a separate open-addressed
 * index of int32 maps a hash to an entry, as in CPython's compact dict.
 * Deleting leaves a hole in entries (key UNDEF) that the next resize packs.
 */
#include <math.h>
#include <string.h>

#include "memory.h"
#include "object.h"
#include "vm/vm.h"

enum { SLOT_EMPTY = -1, SLOT_DELETED = -2 };

ObjDict *dict_new(VM *vm)
{
    ObjDict *d = (ObjDict *)obj_alloc(vm, sizeof(ObjDict), OBJ_DICT);
    if (!d)
        vm_raise_oom(vm);
    return d;
}

static uint32_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (uint32_t)x;
}

/* Equal numbers hash equal whatever their type: 1 == 1.0 == True. */
bool value_hash(VM *vm, Value key, uint32_t *out)
{
    if (key.type == VAL_OBJ && AS_OBJ(key)->type == OBJ_STR) {
        *out = str_hash((ObjString *)AS_OBJ(key));
        return true;
    }
    switch (key.type) {
    case VAL_NONE: *out = 0x9e3779b9u; return true;
    case VAL_BOOL: *out = mix64((uint64_t)key.as.b); return true;
    case VAL_INT: *out = mix64((uint64_t)key.as.i); return true;
    case VAL_FLOAT: {
        double f = key.as.f;
        if (f == floor(f) && f >= -9.2e18 && f <= 9.2e18) {
            *out = mix64((uint64_t)(int64_t)f);
        } else if (isnan(f)) {
            *out = 0x7ff80000u;
        } else {
            uint64_t bits;
            memcpy(&bits, &f, sizeof bits);
            *out = mix64(bits);
        }
        return true;
    }
    case VAL_OBJ: break;
    case VAL_UNDEF: *out = 0; return true;
    }
    Obj *o = AS_OBJ(key);
    switch (o->type) {
    case OBJ_STR: *out = str_hash((ObjString *)o); return true;
    case OBJ_TUPLE: {
        ObjTuple *t = (ObjTuple *)o;
        if (t->hash) {
            *out = t->hash;
            return true;
        }
        uint32_t h = 0x345678u;
        if (vm->compare_depth >= 800)
            return vm_raise(vm, vm->exc.recursion_error, "maximum recursion depth exceeded while hashing a nested tuple");
        for (int i = 0; i < t->count; i++) {
            uint32_t item;
            vm->compare_depth++;
            bool ok = value_hash(vm, t->items[i], &item);
            vm->compare_depth--;
            if (!ok)
                return false;
            h = (h ^ item) * 1000003u;
        }
        t->hash = h ? h : 1;
        *out = t->hash;
        return true;
    }
    case OBJ_INSTANCE: {
        Value method, r;
        if (class_find_method_owner(((ObjInstance *)o)->klass, vm->names.hash, &method)) {
            if (!vm_call(vm, method, 1, &key, &r))
                return false;
            if (!IS_INT(r))
                return vm_raise(vm, vm->exc.type_error, "__hash__ must return an int");
            *out = mix64((uint64_t)AS_INT(r));
            return true;
        }
        if (class_find_method_owner(((ObjInstance *)o)->klass, vm->names.eq, &method))
            return vm_raise(vm, vm->exc.type_error,
                            "unhashable type: '%s' (it defines __eq__ but not __hash__)",
                            ((ObjInstance *)o)->klass->name->chars);
        *out = mix64((uint64_t)(uintptr_t)o);
        return true;
    }
    case OBJ_LIST: case OBJ_DICT: case OBJ_TENSOR:
        return vm_raise(vm, vm->exc.type_error,
                        "unhashable type: '%s' (use a tuple, str or number as a key)",
                        obj_type_name(o->type));
    default:
        *out = mix64((uint64_t)(uintptr_t)o);
        return true;
    }
}

/* Key equality: by value for numbers, strings and tuples, by __eq__ for
   instances that define it, by identity else.  An error in __eq__ counts
   as "not equal" and stays raised for the caller to see. */
static bool keys_equal(VM *vm, Value a, Value b)
{
    if (a.type == VAL_INT && b.type == VAL_INT)
        return a.as.i == b.as.i;
    if (a.type == VAL_OBJ && b.type == VAL_OBJ) {
        if (AS_OBJ(a) == AS_OBJ(b))
            return true;
        if (IS_STR(a) && IS_STR(b))
            return str_equal(AS_STR(a), AS_STR(b));
        if (IS_INSTANCE(a) && IS_INSTANCE(b) && vm) {
            bool eq;
            return value_equal(vm, a, b, &eq) && eq;
        }
        if (IS_TUPLE(a) && IS_TUPLE(b)) {
            ObjTuple *x = AS_TUPLE(a), *y = AS_TUPLE(b);
            if (x->count != y->count)
                return false;
            for (int i = 0; i < x->count; i++)
                if (!keys_equal(vm, x->items[i], y->items[i]))
                    return false;
            return true;
        }
        return false;
    }
    if (IS_NUMBER(a) && IS_NUMBER(b)) {
        bool eq;
        value_equal(vm, a, b, &eq); /* numbers never raise */
        return eq;
    }
    return a.type == b.type && a.type == VAL_NONE;
}

/* The index slot holding key, or the slot where it would go (negative - 1). */
static int32_t find_slot(VM *vm, ObjDict *d, Value key, uint32_t hash, int32_t *insert_at)
{
    uint32_t mask = (uint32_t)d->index_cap - 1;
    int32_t first_deleted = -1;
    for (uint32_t i = hash & mask, perturb = hash;; perturb >>= 5, i = (i * 5 + 1 + perturb) & mask) {
        int32_t e = d->index[i];
        if (e == SLOT_EMPTY) {
            *insert_at = first_deleted >= 0 ? first_deleted : (int32_t)i;
            return -1;
        }
        if (e == SLOT_DELETED) {
            if (first_deleted < 0)
                first_deleted = (int32_t)i;
            continue;
        }
        DictEntry *ent = &d->entries[e];
        if (ent->hash == hash && keys_equal(vm, ent->key, key))
            return (int32_t)i;
    }
}

static bool dict_resize(VM *vm, ObjDict *d, int32_t min_live)
{
    int32_t index_cap = 8;
    while (index_cap * 2 < (min_live + 1) * 3)
        index_cap *= 2;
    int32_t entries_cap = index_cap * 2 / 3 + 1;
    int32_t *index = mem_alloc(vm, (size_t)index_cap * sizeof *index);
    if (!index)
        return false;
    DictEntry *entries = mem_alloc(vm, (size_t)entries_cap * sizeof *entries);
    if (!entries) {
        mem_free(vm, index, (size_t)index_cap * sizeof *index);
        return false;
    }
    memset(index, 0xff, (size_t)index_cap * sizeof *index); /* SLOT_EMPTY */
    int32_t n = 0;
    uint32_t mask = (uint32_t)index_cap - 1;
    for (int32_t i = 0; i < d->used; i++) {
        DictEntry *old = &d->entries[i];
        if (IS_UNDEF(old->key))
            continue;
        entries[n] = *old;
        uint32_t j = old->hash & mask;
        for (uint32_t perturb = old->hash; index[j] != SLOT_EMPTY;
             perturb >>= 5, j = (j * 5 + 1 + perturb) & mask)
            ;
        index[j] = n++;
    }
    mem_free(vm, d->entries, (size_t)d->entries_cap * sizeof(DictEntry));
    mem_free(vm, d->index, (size_t)d->index_cap * sizeof(int32_t));
    d->entries = entries;
    d->index = index;
    d->entries_cap = entries_cap;
    d->index_cap = index_cap;
    d->used = n;
    d->count = n;
    return true;
}

static bool lookup(VM *vm, ObjDict *d, Value key, uint32_t hash, Value *out)
{
    if (d->count == 0)
        return false;
    int32_t ins;
    int32_t slot = find_slot(vm, d, key, hash, &ins);
    if (slot < 0)
        return false;
    *out = d->entries[d->index[slot]].value;
    return true;
}

bool dict_get(VM *vm, ObjDict *d, Value key, Value *out)
{
    uint32_t h;
    if (!value_hash(vm, key, &h))
        return false;
    return lookup(vm, d, key, h, out);
}

/* dict_get_str and dict_find_entry are the attribute and global lookups:
   a key not hashed yet (a string built at run time) takes this detour, so
   that the common path makes no call and needs no stack frame. */
static __attribute__((noinline)) bool get_str_unhashed(ObjDict *d, ObjString *key, Value *out)
{
    str_hash(key);
    return dict_get_str(d, key, out);
}

static __attribute__((noinline)) int32_t find_entry_unhashed(ObjDict *d, ObjString *key)
{
    str_hash(key);
    return dict_find_entry(d, key);
}

bool dict_get_str(ObjDict *d, ObjString *key, Value *out)
{
    if (d->count == 0)
        return false;
    if (__builtin_expect(key->hash == 0, 0))
        return get_str_unhashed(d, key, out);
    /* Interned keys compare by pointer; the rest fall back to content. */
    uint32_t mask = (uint32_t)d->index_cap - 1, hash = key->hash;
    for (uint32_t i = hash & mask, perturb = hash;; perturb >>= 5, i = (i * 5 + 1 + perturb) & mask) {
        int32_t e = d->index[i];
        if (e == SLOT_EMPTY)
            return false;
        if (e == SLOT_DELETED)
            continue;
        DictEntry *ent = &d->entries[e];
        if (IS_OBJ(ent->key) && (AS_OBJ(ent->key) == (Obj *)key ||
                                 (IS_STR(ent->key) && str_equal(AS_STR(ent->key), key)))) {
            *out = ent->value;
            return true;
        }
    }
}

int32_t dict_find_entry(ObjDict *d, ObjString *key)
{
    if (d->count == 0)
        return -1;
    if (__builtin_expect(key->hash == 0, 0))
        return find_entry_unhashed(d, key);
    uint32_t mask = (uint32_t)d->index_cap - 1, hash = key->hash;
    for (uint32_t i = hash & mask, perturb = hash;; perturb >>= 5, i = (i * 5 + 1 + perturb) & mask) {
        int32_t e = d->index[i];
        if (e == SLOT_EMPTY)
            return -1;
        if (e >= 0 && IS_OBJ(d->entries[e].key) &&
            (AS_OBJ(d->entries[e].key) == (Obj *)key ||
             (IS_STR(d->entries[e].key) && str_equal(AS_STR(d->entries[e].key), key))))
            return e;
    }
}

static bool set_hashed(VM *vm, ObjDict *d, Value key, uint32_t hash, Value value)
{
    int32_t ins = 0;
    if (d->index_cap > 0) {
        int32_t slot = find_slot(vm, d, key, hash, &ins);
        if (slot >= 0) {
            d->entries[d->index[slot]].value = value;
            return true;
        }
    }
    if (d->index_cap == 0 || d->used >= d->entries_cap) {
        gc_push_root(vm, key);
        gc_push_root(vm, value);
        bool ok = dict_resize(vm, d, d->count + 1);
        gc_pop_roots(vm, 2);
        if (!ok)
            return vm_raise(vm, vm->exc.memory_error, "out of memory growing a dict of %d items",
                            d->count);
        find_slot(vm, d, key, hash, &ins);
    }
    int32_t e = d->used++;
    d->entries[e] = (DictEntry){key, value, hash};
    d->index[ins] = e;
    d->count++;
    return true;
}

bool dict_set(VM *vm, ObjDict *d, Value key, Value value)
{
    uint32_t h;
    if (!value_hash(vm, key, &h))
        return false;
    return set_hashed(vm, d, key, h, value);
}

bool dict_set_str(VM *vm, ObjDict *d, ObjString *key, Value value)
{
    /* Updating an attribute or global: interned keys compare by pointer. */
    int32_t e = dict_find_entry(d, key);
    if (e >= 0) {
        d->entries[e].value = value;
        return true;
    }
    return set_hashed(vm, d, OBJ_VAL(key), str_hash(key), value);
}

bool dict_delete(VM *vm, ObjDict *d, Value key)
{
    uint32_t h;
    if (d->count == 0 || !value_hash(vm, key, &h))
        return false;
    int32_t ins;
    int32_t slot = find_slot(vm, d, key, h, &ins);
    if (slot < 0)
        return false;
    DictEntry *ent = &d->entries[d->index[slot]];
    ent->key = UNDEF_VAL;
    ent->value = NONE_VAL;
    d->index[slot] = SLOT_DELETED;
    d->count--;
    return true;
}

bool dict_next(ObjDict *d, int32_t *pos, Value *key, Value *value)
{
    while (*pos < d->used) {
        DictEntry *e = &d->entries[(*pos)++];
        if (!IS_UNDEF(e->key)) {
            if (key)
                *key = e->key;
            if (value)
                *value = e->value;
            return true;
        }
    }
    return false;
}
