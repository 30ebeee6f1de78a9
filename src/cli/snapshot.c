/*
 * snapshot.c - copies of the learner's workspace, taken when a step is
 * entered, so that :back and :reset put every variable back as it was.
 *
 * The copy is deep for what a learner mutates in place (tensors, lists,
 * dicts, tuples holding them, instances of their classes) and keeps the
 * sharing between them: two names for one list stay one list, and tensors
 * that shared storage share one new storage with the same offsets and
 * strides, so after a restore a view still writes through to its base —
 * the memory-layout lesson depends on that.  Functions, classes, modules
 * and other objects are shared, as they are not changed by assignment.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/lesson.h"
#include "vm/vm_internal.h"

#define MAX_DEPTH 48    /* deeper structures are shared, not copied */

typedef struct StorageCopy {
    TnStorage *from;
    Tensor *base;       /* a u8 tensor over the new storage */
} StorageCopy;

typedef struct Copier {
    VM *vm;
    Obj **from;
    Value *to;
    int count, cap;
    StorageCopy *storages;
    int nstorages, storages_cap;
} Copier;

static bool remember(Copier *c, Obj *from, Value to)
{
    if (c->count == c->cap) {
        int cap = c->cap ? c->cap * 2 : 32;
        Obj **f = realloc(c->from, sizeof(Obj *) * (size_t)cap);
        if (!f)
            return vm_raise_oom(c->vm);
        c->from = f;
        Value *t = realloc(c->to, sizeof(Value) * (size_t)cap);
        if (!t)
            return vm_raise_oom(c->vm);
        c->to = t;
        c->cap = cap;
    }
    c->from[c->count] = from;
    c->to[c->count++] = to;
    return true;
}

static bool recall(Copier *c, Obj *from, Value *out)
{
    for (int i = 0; i < c->count; i++)
        if (c->from[i] == from) {
            *out = c->to[i];
            return true;
        }
    return false;
}

/* The copy of a storage, made once however many tensors look into it. */
static Tensor *storage_copy(Copier *c, TnStorage *s)
{
    for (int i = 0; i < c->nstorages; i++)
        if (c->storages[i].from == s)
            return c->storages[i].base;
    if (c->nstorages == c->storages_cap) {
        int cap = c->storages_cap ? c->storages_cap * 2 : 8;
        StorageCopy *sc = realloc(c->storages, sizeof(StorageCopy) * (size_t)cap);
        if (!sc)
            return NULL;
        c->storages = sc;
        c->storages_cap = cap;
    }
    int64_t n = (int64_t)s->nbytes;
    Tensor *base = tn_empty(&c->vm->tn, TN_U8, 1, &n);
    if (!base)
        return NULL;
    if (n > 0)
        memcpy(base->storage->data, s->data, (size_t)n);
    c->storages[c->nstorages++] = (StorageCopy){s, base};
    return base;
}

static bool copy_tensor(Copier *c, Value v, Value *out)
{
    VM *vm = c->vm;
    Tensor *t = AS_TENSOR(v);
    Tensor *base = storage_copy(c, t->storage);
    if (!base)
        return vm_raise_tensor_error(vm);
    Tensor *nt = tn_view_as(&vm->tn, base, t->ndim, t->shape, t->strides, t->offset);
    if (!nt)
        return vm_raise_tensor_error(vm);
    nt->dtype = t->dtype;
    nt->is_view = t->is_view;
    nt->weak = t->weak;
    nt->readonly = t->readonly;
    tn_update_size(nt);
    ObjTensor *o = tensor_obj_new(vm, nt);
    if (!o)
        return false;
    *out = OBJ_VAL(o);
    return remember(c, AS_OBJ(v), *out);
}

static bool copy_value(Copier *c, Value v, Value *out, int depth);

static bool copy_dict_into(Copier *c, ObjDict *from, ObjDict *to, int depth)
{
    Value key, value;
    for (int32_t pos = 0; dict_next(from, &pos, &key, &value);) {
        Value copy;
        if (!copy_value(c, value, &copy, depth + 1))
            return false;
        gc_push_root(c->vm, copy);
        bool ok = dict_set(c->vm, to, key, copy);
        gc_pop_roots(c->vm, 1);
        if (!ok)
            return false;
    }
    return true;
}

static bool copy_value(Copier *c, Value v, Value *out, int depth)
{
    VM *vm = c->vm;
    *out = v;
    if (!IS_OBJ(v) || depth > MAX_DEPTH)
        return true;
    if (recall(c, AS_OBJ(v), out))
        return true;
    switch (OBJ_TYPE(v)) {
    case OBJ_TENSOR:
        return copy_tensor(c, v, out);
    case OBJ_LIST: {
        ObjList *from = AS_LIST(v);
        ObjList *l = list_new(vm, from->items.count);
        if (!l)
            return false;
        *out = OBJ_VAL(l);
        gc_push_root(vm, *out);
        bool ok = remember(c, AS_OBJ(v), *out);
        for (int i = 0; ok && i < from->items.count; i++) {
            Value item;
            ok = copy_value(c, from->items.items[i], &item, depth + 1) && list_append(vm, l, item);
        }
        gc_pop_roots(vm, 1);
        return ok;
    }
    case OBJ_TUPLE: {
        ObjTuple *from = AS_TUPLE(v);
        ObjTuple *t = tuple_new(vm, from->count);
        if (!t)
            return false;
        *out = OBJ_VAL(t);
        gc_push_root(vm, *out);
        bool ok = remember(c, AS_OBJ(v), *out);
        for (int i = 0; ok && i < from->count; i++)
            ok = copy_value(c, from->items[i], &t->items[i], depth + 1);
        gc_pop_roots(vm, 1);
        return ok;
    }
    case OBJ_DICT: {
        ObjDict *d = dict_new(vm);
        if (!d)
            return false;
        *out = OBJ_VAL(d);
        gc_push_root(vm, *out);
        bool ok = remember(c, AS_OBJ(v), *out) && copy_dict_into(c, AS_DICT(v), d, depth);
        gc_pop_roots(vm, 1);
        return ok;
    }
    case OBJ_INSTANCE: {
        ObjInstance *from = AS_INSTANCE(v);
        if (from->klass->is_exception)
            return true;
        ObjInstance *inst = instance_new(vm, from->klass);
        if (!inst)
            return false;
        *out = OBJ_VAL(inst);
        gc_push_root(vm, *out);
        bool ok = remember(c, AS_OBJ(v), *out) && copy_dict_into(c, from->fields, inst->fields, depth);
        gc_pop_roots(vm, 1);
        return ok;
    }
    default:
        return true;
    }
}

static void copier_free(Copier *c)
{
    for (int i = 0; i < c->nstorages; i++)
        tn_free(&c->vm->tn, c->storages[i].base);
    free(c->storages);
    free(c->from);
    free(c->to);
}

ObjDict *snapshot_take(VM *vm, ObjDict *globals)
{
    Copier c = {.vm = vm};
    ObjDict *d = dict_new(vm);
    if (!d)
        return NULL;
    gc_push_root(vm, OBJ_VAL(d));
    bool ok = remember(&c, (Obj *)globals, OBJ_VAL(d)) && copy_dict_into(&c, globals, d, 0);
    gc_pop_roots(vm, 1);
    copier_free(&c);
    return ok ? d : NULL;
}

bool snapshot_restore(VM *vm, ObjDict *globals, ObjDict *snap)
{
    ObjDict *fresh = snapshot_take(vm, snap);
    if (!fresh)
        return false;
    gc_push_root(vm, OBJ_VAL(fresh));
    ObjList *keys = list_new(vm, globals->count);
    bool ok = keys != NULL;
    if (ok) {
        gc_push_root(vm, OBJ_VAL(keys));
        Value key;
        for (int32_t pos = 0; ok && dict_next(globals, &pos, &key, NULL);)
            ok = list_append(vm, keys, key);
        for (int i = 0; ok && i < keys->items.count; i++)
            dict_delete(vm, globals, keys->items.items[i]);
        Value value;
        for (int32_t pos = 0; ok && dict_next(fresh, &pos, &key, &value);)
            ok = dict_set(vm, globals, key, value);
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    return ok;
}
