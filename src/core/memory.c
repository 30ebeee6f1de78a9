/* memory.c - the allocator wrapper and the mark-and-sweep collector. */
#include "memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/compiler.h"

enum { GC_MIN_THRESHOLD = 4 * 1024 * 1024 };

void *mem_realloc(VM *vm, void *ptr, size_t old_size, size_t new_size)
{
    if (!ptr && new_size == 0)
        return NULL; /* freeing nothing: a failed or never-made allocation */
    if (new_size > old_size && vm->memory_limit) {
        size_t grow = new_size - old_size;
        if (vm->bytes_allocated + grow > vm->memory_limit && !vm->gc_running) {
            gc_collect(vm);
        }
        if (vm->bytes_allocated + grow > vm->memory_limit)
            return NULL;
    }
    void *p = vm->alloc(vm->alloc_ud, ptr, old_size, new_size);
    if (new_size == 0) {
        vm->bytes_allocated -= old_size;
        return NULL;
    }
    if (!p)
        return NULL;
    vm->bytes_allocated += new_size - old_size; /* wraps correctly when shrinking */
    return p;
}

void *mem_grow(VM *vm, void *ptr, int *cap, int need, size_t elem_size)
{
    if (need <= *cap)
        return ptr;
    int newcap = *cap < 8 ? 8 : *cap;
    while (newcap < need) {
        if (newcap > INT32_MAX / 2)
            return NULL;
        newcap *= 2;
    }
    void *p = mem_realloc(vm, ptr, (size_t)*cap * elem_size, (size_t)newcap * elem_size);
    if (!p)
        return NULL;
    *cap = newcap;
    return p;
}

void *mem_tensor_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    VM *vm = ud;
    return mem_realloc(vm, ptr, old_size, new_size);
}

Obj *obj_alloc_uninit(VM *vm, size_t size, ObjType type)
{
#ifdef NABLA_STRESS_GC
    if (!vm->gc_running)
        gc_collect(vm);
#else
    if (vm->bytes_allocated > vm->next_gc && !vm->gc_running)
        gc_collect(vm);
#endif
    Obj *o = mem_alloc(vm, size);
    if (!o)
        return NULL;
    memset(o, 0, sizeof *o);
    o->type = type;
    o->next = vm->objects;
    vm->objects = o;
    return o;
}

Obj *obj_alloc(VM *vm, size_t size, ObjType type)
{
    Obj *o = obj_alloc_uninit(vm, size, type);
    if (o)
        memset((char *)o + sizeof *o, 0, size - sizeof *o);
    return o;
}

void gc_mark_obj(VM *vm, Obj *o)
{
    if (!o || o->marked)
        return;
    o->marked = true;
    if (o->type == OBJ_STR || o->type == OBJ_RANGE || o->type == OBJ_TENSOR)
        return; /* no children */
    if (vm->gray_count == vm->gray_cap) {
        int cap = vm->gray_cap ? vm->gray_cap * 2 : 256;
        /* The gray stack lives outside the hook: the collector must be able
           to run when the host's allocator has just refused memory. */
        Obj **g = realloc(vm->gray, (size_t)cap * sizeof *g);
        if (!g) {
            fprintf(stderr, "nabla: out of memory while collecting garbage\n");
            abort();
        }
        vm->gray = g;
        vm->gray_cap = cap;
    }
    vm->gray[vm->gray_count++] = o;
}

void gc_mark_value(VM *vm, Value v)
{
    if (IS_OBJ(v))
        gc_mark_obj(vm, AS_OBJ(v));
}

static void mark_array(VM *vm, Value *items, int n)
{
    for (int i = 0; i < n; i++)
        gc_mark_value(vm, items[i]);
}

static void blacken(VM *vm, Obj *o)
{
    switch (o->type) {
    case OBJ_LIST: {
        ObjList *l = (ObjList *)o;
        mark_array(vm, l->items.items, l->items.count);
        break;
    }
    case OBJ_TUPLE: {
        ObjTuple *t = (ObjTuple *)o;
        mark_array(vm, t->items, t->count);
        break;
    }
    case OBJ_DICT: {
        ObjDict *d = (ObjDict *)o;
        for (int32_t i = 0; i < d->used; i++) {
            gc_mark_value(vm, d->entries[i].key);
            gc_mark_value(vm, d->entries[i].value);
        }
        break;
    }
    case OBJ_SLICE: {
        ObjSlice *s = (ObjSlice *)o;
        gc_mark_value(vm, s->start);
        gc_mark_value(vm, s->stop);
        gc_mark_value(vm, s->step);
        break;
    }
    case OBJ_PROTO: {
        ObjProto *p = (ObjProto *)o;
        mark_array(vm, p->chunk.constants.items, p->chunk.constants.count);
        gc_mark_obj(vm, (Obj *)p->name);
        gc_mark_obj(vm, (Obj *)p->qualname);
        gc_mark_obj(vm, (Obj *)p->doc);
        gc_mark_obj(vm, (Obj *)p->source_name);
        gc_mark_obj(vm, (Obj *)p->source);
        for (int i = 0; i < p->nparams && p->param_names; i++)
            gc_mark_obj(vm, (Obj *)p->param_names[i]);
        for (int i = 0; i < p->nlocals && p->local_names; i++)
            gc_mark_obj(vm, (Obj *)p->local_names[i]);
        break;
    }
    case OBJ_FUNC: {
        ObjFunc *f = (ObjFunc *)o;
        gc_mark_obj(vm, (Obj *)f->proto);
        gc_mark_obj(vm, (Obj *)f->module);
        gc_mark_obj(vm, (Obj *)f->owner);
        if (f->defaults)
            mark_array(vm, f->defaults, f->proto->ndefaults);
        for (int i = 0; f->upvalues && i < f->proto->nupvalues; i++)
            gc_mark_obj(vm, (Obj *)f->upvalues[i]);
        break;
    }
    case OBJ_UPVAL:
        gc_mark_value(vm, ((ObjUpval *)o)->closed);
        break;
    case OBJ_NATIVE:
        gc_mark_value(vm, ((ObjNative *)o)->data);
        break;
    case OBJ_BOUND:
        gc_mark_value(vm, ((ObjBound *)o)->receiver);
        gc_mark_value(vm, ((ObjBound *)o)->method);
        break;
    case OBJ_CLASS: {
        ObjClass *c = (ObjClass *)o;
        gc_mark_obj(vm, (Obj *)c->name);
        gc_mark_obj(vm, (Obj *)c->base);
        gc_mark_obj(vm, (Obj *)c->methods);
        gc_mark_obj(vm, (Obj *)c->doc);
        break;
    }
    case OBJ_INSTANCE:
        gc_mark_obj(vm, (Obj *)((ObjInstance *)o)->klass);
        gc_mark_obj(vm, (Obj *)((ObjInstance *)o)->fields);
        break;
    case OBJ_MODULE: {
        ObjModule *m = (ObjModule *)o;
        gc_mark_obj(vm, (Obj *)m->name);
        gc_mark_obj(vm, (Obj *)m->path);
        gc_mark_obj(vm, (Obj *)m->globals);
        break;
    }
    case OBJ_ITER:
        gc_mark_value(vm, ((ObjIter *)o)->source);
        gc_mark_value(vm, ((ObjIter *)o)->extra);
        break;
    case OBJ_USERDATA:
        gc_mark_obj(vm, (Obj *)((ObjUserdata *)o)->klass);
        break;
    case OBJ_STR:
    case OBJ_RANGE:
    case OBJ_TENSOR:
    case OBJ_TYPE_COUNT:
        break;
    }
}

static void mark_roots(VM *vm)
{
    for (Value *v = vm->stack; v < vm->sp; v++)
        gc_mark_value(vm, *v);
    for (int i = 0; i < vm->frame_count; i++)
        gc_mark_obj(vm, (Obj *)vm->frames[i].func);
    for (ObjUpval *u = vm->open_upvalues; u; u = u->next_open)
        gc_mark_obj(vm, (Obj *)u);
    mark_array(vm, vm->temp_roots, vm->temp_root_count);
    gc_mark_value(vm, vm->exception);
    gc_mark_value(vm, vm->oom);
    gc_mark_obj(vm, (Obj *)vm->builtins);
    gc_mark_obj(vm, (Obj *)vm->modules);
    gc_mark_obj(vm, (Obj *)vm->main_module);
    gc_mark_obj(vm, (Obj *)vm->search_path);
    gc_mark_obj(vm, (Obj *)vm->argv);
    /* The class and name tables are structs of object pointers. */
    Obj **p = (Obj **)&vm->exc;
    for (size_t i = 0; i < sizeof vm->exc / sizeof(Obj *); i++)
        gc_mark_obj(vm, p[i]);
    p = (Obj **)&vm->types;
    for (size_t i = 0; i < sizeof vm->types / sizeof(Obj *); i++)
        gc_mark_obj(vm, p[i]);
    p = (Obj **)&vm->names;
    for (size_t i = 0; i < sizeof vm->names / sizeof(Obj *); i++)
        gc_mark_obj(vm, p[i]);
    comp_mark_roots(vm);
}

/* Interned strings are weak: drop the ones nothing else reaches. */
static void sweep_strings(VM *vm)
{
    for (int i = 0; i < vm->strings_cap; i++) {
        ObjString *s = vm->strings[i];
        if (s && s != STRING_TOMBSTONE && !s->obj.marked) {
            vm->strings[i] = STRING_TOMBSTONE;
            vm->strings_count--;
            vm->strings_tombstones++;
        }
    }
}

static void sweep(VM *vm)
{
    Obj **link = &vm->objects;
    while (*link) {
        Obj *o = *link;
        if (o->marked) {
            o->marked = false;
            link = &o->next;
        } else {
            *link = o->next;
            obj_free(vm, o);
        }
    }
}

void gc_collect(VM *vm)
{
    if (vm->gc_running)
        return;
    vm->gc_running = true;
    mark_roots(vm);
    while (vm->gray_count > 0)
        blacken(vm, vm->gray[--vm->gray_count]);
    sweep_strings(vm);
    sweep(vm);
    size_t live = vm->bytes_allocated;
    vm->next_gc = live * 2 > GC_MIN_THRESHOLD ? live * 2 : GC_MIN_THRESHOLD;
    vm->gc_running = false;
}

void gc_push_root(VM *vm, Value v)
{
    /* Overflow is a bug in a builtin, not a user error. */
    if (vm->temp_root_count >= TEMP_ROOTS_MAX) {
        fprintf(stderr, "nabla: internal error: too many temporary GC roots\n");
        abort();
    }
    vm->temp_roots[vm->temp_root_count++] = v;
}

void gc_pop_roots(VM *vm, int n)
{
    vm->temp_root_count -= n;
}
