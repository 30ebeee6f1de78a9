/*
 * dict.c - the insertion-ordered hash table behind dicts, instance fields,
 * class attributes and module globals.
 *
 * Entries are stored densely in insertion order; a separate open-addressed
 * index of int32 maps a hash to an entry, as in CPython's compact dict.
 * Deleting leaves a hole in entries (key UNDEF) that the next resize packs.
 * What makes a big dict fast is touching little memory: each index slot
 * carries some hash bits, so a collision rarely costs a look at an entry,
 * and the tables grow in one block by realloc.
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
    case VAL_BOOL: *out = mix64((uint64_t)key.as.i); return true;
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

/* value_hash with an int key, the commonest, settled inline. */
static inline bool key_hash(VM *vm, Value key, uint32_t *out)
{
    if (key.type == VAL_INT) {
        *out = mix64((uint64_t)key.as.i);
        return true;
    }
    return value_hash(vm, key, out);
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

/*
 * An index slot holds an entry number in its low bits (entry numbers stay
 * below index_cap) and, in the bits above up to the sign bit, the same bits
 * of that entry's hash.  A probe skips a slot whose tag differs without
 * reading the entry, which in a big dict is a cache miss per collision.
 * Negative slots are SLOT_EMPTY and SLOT_DELETED.
 */
static inline uint32_t tag_bits(uint32_t mask) { return ~mask & 0x7fffffffu; }

static inline int32_t slot_value(uint32_t hash, int32_t e, uint32_t mask)
{
    return (int32_t)((hash & tag_bits(mask)) | (uint32_t)e);
}

/* For a live slot: do the tag bits agree?  (Only bits under the mask, the
   entry number, may differ, and mask is 2^k - 1.) */
static inline bool tag_matches(int32_t slot, uint32_t hash, uint32_t mask)
{
    return (((uint32_t)slot ^ hash) & 0x7fffffffu) <= mask;
}

/*
 * CPython's probe order: from the home slot, jumps that bring in the hash's
 * high bits through perturb and, once it reaches 0, visit every slot
 * (i * 5 + 1 has full period mod 2^k).
 */
typedef struct Probe {
    uint32_t i, perturb;
} Probe;

static inline Probe probe_start(uint32_t hash, uint32_t mask)
{
    return (Probe){hash & mask, hash};
}

static inline void probe_next(Probe *p, uint32_t mask)
{
    p->perturb >>= 5;
    p->i = (p->i * 5 + 1 + p->perturb) & mask;
}

/*
 * Is entries[e] key?  Keys with different hashes are different (so an
 * __eq__ is never called for them), but two ints or two strs can skip that
 * look at the hashes: equal ones always hash alike, and in a big dict the
 * hash is a cache miss of its own.
 */
static inline bool same_key(VM *vm, const ObjDict *d, int32_t e, Value key, uint32_t hash)
{
    Value k = d->entries[e].key;
    if (k.type == VAL_INT && key.type == VAL_INT)
        return k.as.i == key.as.i;
    if (IS_STR(k) && IS_STR(key))
        return str_equal(AS_STR(k), AS_STR(key));
    return d->hashes[e] == hash && keys_equal(vm, k, key);
}

/* The index slot holding key (its entry in *entry), or -1 with the slot
   where it would go in *insert_at.  A key's __eq__ may change the dict
   under the probe; if it rebuilt the tables, the probe starts over (as in
   CPython) instead of reading them with a stale mask. */
static int32_t find_slot(VM *vm, ObjDict *d, Value key, uint32_t hash, int32_t *entry,
                         int32_t *insert_at)
{
start_over:;
    uint32_t mask = (uint32_t)d->index_cap - 1, generation = d->generation;
    int32_t first_deleted = -1;
    for (Probe p = probe_start(hash, mask);; probe_next(&p, mask)) {
        int32_t s = d->index[p.i];
        if (s == SLOT_EMPTY) {
            *insert_at = first_deleted >= 0 ? first_deleted : (int32_t)p.i;
            return -1;
        }
        if (s == SLOT_DELETED) {
            if (first_deleted < 0)
                first_deleted = (int32_t)p.i;
            continue;
        }
        if (!tag_matches(s, hash, mask))
            continue;
        int32_t e = (int32_t)((uint32_t)s & mask);
        bool same = same_key(vm, d, e, key, hash);
        if (d->generation != generation)
            goto start_over;
        if (same) {
            *entry = e;
            return (int32_t)p.i;
        }
    }
}

/* Entries an index of index_cap slots takes before it must grow: at most
   2/3 full keeps probe sequences short. */
static inline int32_t usable_entries(int32_t index_cap)
{
    return index_cap * 2 / 3 + 1;
}

/*
 * A dict's tables are one block: the entries, then the index, then the
 * hashes.  One block is one allocation for a small dict, and a growing one
 * is a realloc, which the allocator can often do in place.  Its size:
 */
static inline size_t tables_size(int32_t index_cap)
{
    if (index_cap == 0)
        return 0;
    size_t entries = (size_t)usable_entries(index_cap);
    return entries * sizeof(DictEntry) + (size_t)index_cap * sizeof(int32_t) +
           entries * sizeof(uint32_t);
}

/* Points d's tables into block, sized for index_cap. */
static void place_tables(ObjDict *d, void *block, int32_t index_cap)
{
    d->entries = block;
    d->index = (int32_t *)(d->entries + usable_entries(index_cap));
    d->hashes = (uint32_t *)(d->index + index_cap);
    d->index_cap = index_cap;
}

void dict_free_tables(VM *vm, ObjDict *d)
{
    mem_free(vm, d->entries, tables_size(d->index_cap));
}

/* Copies the live ones of n entries and their hashes to the front of
   entries/hashes, keeping their order; the source may be the same arrays,
   since nothing moves back.  Returns how many are live. */
static int32_t pack_entries(DictEntry *entries, uint32_t *hashes, const DictEntry *from_entries,
                            const uint32_t *from_hashes, int32_t n)
{
    int32_t live = 0;
    for (int32_t i = 0; i < n; i++) {
        if (IS_UNDEF(from_entries[i].key))
            continue;
        entries[live] = from_entries[i];
        hashes[live++] = from_hashes[i];
    }
    return live;
}

/* Fills the index from the hashes of d's first `used` entries. */
static void rebuild_index(ObjDict *d)
{
    uint32_t mask = (uint32_t)d->index_cap - 1;
    memset(d->index, 0xff, (size_t)d->index_cap * sizeof(int32_t)); /* SLOT_EMPTY */
    for (int32_t e = 0; e < d->used; e++) {
        uint32_t h = d->hashes[e];
        Probe p = probe_start(h, mask);
        while (d->index[p.i] != SLOT_EMPTY)
            probe_next(&p, mask);
        d->index[p.i] = slot_value(h, e, mask);
    }
}

/*
 * Resizes d's tables for at least min_live entries, packing out deleted
 * ones, and rebuilds the index from the hashes.  Fails (out of memory) only
 * before anything changed.
 */
static bool dict_resize(VM *vm, ObjDict *d, int32_t min_live)
{
    int32_t index_cap = 8;
    while (index_cap * 2 < (min_live + 1) * 3)
        index_cap *= 2;
    int32_t old_cap = d->index_cap;
    if (index_cap > old_cap) {
        /* Growing.  The old index and hashes move with the block and keep
           their offsets, which fall inside the new entries' room (the index
           at least doubles): past every entry still in use, and before the
           new hashes, so they are read from there while the new ones are
           written. */
        size_t hashes_offset = old_cap ? (size_t)((char *)d->hashes - (char *)d->entries) : 0;
        char *block = mem_realloc(vm, d->entries, tables_size(old_cap), tables_size(index_cap));
        if (!block)
            return false;
        const uint32_t *old_hashes = (const uint32_t *)(block + hashes_offset);
        place_tables(d, block, index_cap);
        if (d->used == d->count) {
            if (d->used)
                memcpy(d->hashes, old_hashes, (size_t)d->used * sizeof(uint32_t));
        } else {
            d->used = pack_entries(d->entries, d->hashes, d->entries, old_hashes, d->used);
        }
    } else {
        /* Not growing, so many entries were deleted.  A smaller block if
           one is due and can be had, else the same tables packed in place. */
        void *block = index_cap < old_cap ? mem_alloc(vm, tables_size(index_cap)) : NULL;
        if (block) {
            DictEntry *old_entries = d->entries;
            uint32_t *old_hashes = d->hashes;
            int32_t old_used = d->used;
            place_tables(d, block, index_cap);
            d->used = pack_entries(d->entries, d->hashes, old_entries, old_hashes, old_used);
            mem_free(vm, old_entries, tables_size(old_cap));
        } else {
            d->used = pack_entries(d->entries, d->hashes, d->entries, d->hashes, d->used);
        }
    }
    d->count = d->used;
    rebuild_index(d);
    d->generation++;
    return true;
}

static bool lookup(VM *vm, ObjDict *d, Value key, uint32_t hash, Value *out)
{
    if (d->count == 0)
        return false;
    int32_t e, ins;
    if (find_slot(vm, d, key, hash, &e, &ins) < 0)
        return false;
    *out = d->entries[e].value;
    return true;
}

bool dict_get(VM *vm, ObjDict *d, Value key, Value *out)
{
    uint32_t h;
    if (!key_hash(vm, key, &h))
        return false;
    return lookup(vm, d, key, h, out);
}

/* The entry holding string key, or -1.  Interned keys compare by pointer;
   the rest fall back to content. */
static __attribute__((noinline)) int32_t probe_str_entry(const ObjDict *d, const ObjString *key)
{
    uint32_t mask = (uint32_t)d->index_cap - 1, hash = key->hash;
    for (Probe p = probe_start(hash, mask);; probe_next(&p, mask)) {
        int32_t s = d->index[p.i];
        if (s == SLOT_EMPTY)
            return -1;
        if (s < 0 || !tag_matches(s, hash, mask))
            continue;
        int32_t e = (int32_t)((uint32_t)s & mask);
        Value k = d->entries[e].key;
        if (IS_OBJ(k) && (AS_OBJ(k) == (const Obj *)key || (IS_STR(k) && str_equal(AS_STR(k), key))))
            return e;
    }
}

/* A key not hashed yet (text built at run time, see str_hash) takes this
   detour, so that the common path makes no call. */
static __attribute__((noinline)) int32_t find_unhashed(const ObjDict *d, ObjString *key)
{
    str_hash(key);
    return probe_str_entry(d, key);
}

/* As probe_str_entry, but settles the common cases (attribute and global
   names: an interned key in its home slot, or a miss on an empty one)
   inline, before any register needs saving. */
static inline int32_t find_str_entry(const ObjDict *d, ObjString *key)
{
    if (d->count == 0)
        return -1;
    if (__builtin_expect(key->hash == 0, 0))
        return find_unhashed(d, key);
    uint32_t mask = (uint32_t)d->index_cap - 1;
    int32_t s = d->index[key->hash & mask];
    if (s == SLOT_EMPTY)
        return -1;
    if (s >= 0 && tag_matches(s, key->hash, mask)) {
        int32_t e = (int32_t)((uint32_t)s & mask);
        if (IS_OBJ(d->entries[e].key) && AS_OBJ(d->entries[e].key) == (const Obj *)key)
            return e;
    }
    return probe_str_entry(d, key);
}

int32_t dict_find_entry(ObjDict *d, ObjString *key)
{
    return find_str_entry(d, key);
}

bool dict_get_str(ObjDict *d, ObjString *key, Value *out)
{
    int32_t e = find_str_entry(d, key);
    if (e < 0)
        return false;
    *out = d->entries[e].value;
    return true;
}

static bool set_hashed(VM *vm, ObjDict *d, Value key, uint32_t hash, Value value)
{
    int32_t e, ins = 0;
    if (d->index_cap > 0 && find_slot(vm, d, key, hash, &e, &ins) >= 0) {
        d->entries[e].value = value;
        return true;
    }
    if (d->index_cap == 0 || d->used >= usable_entries(d->index_cap)) {
        gc_push_root(vm, key);
        gc_push_root(vm, value);
        bool ok = dict_resize(vm, d, d->count + 1);
        gc_pop_roots(vm, 2);
        if (!ok)
            return vm_raise(vm, vm->exc.memory_error, "out of memory growing a dict of %d items",
                            d->count);
        find_slot(vm, d, key, hash, &e, &ins);
    }
    e = d->used++;
    d->entries[e] = (DictEntry){key, value};
    d->hashes[e] = hash;
    d->index[ins] = slot_value(hash, e, (uint32_t)d->index_cap - 1);
    d->count++;
    return true;
}

bool dict_set(VM *vm, ObjDict *d, Value key, Value value)
{
    uint32_t h;
    if (!key_hash(vm, key, &h))
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
    if (d->count == 0 || !key_hash(vm, key, &h))
        return false;
    int32_t e, ins;
    int32_t slot = find_slot(vm, d, key, h, &e, &ins);
    if (slot < 0)
        return false;
    DictEntry *ent = &d->entries[e];
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
