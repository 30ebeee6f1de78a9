/* memory.c - the allocator wrapper and the mark-and-sweep collector. */
#include "memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/compiler.h"

enum { GC_MIN_THRESHOLD = 4 * 1024 * 1024 };

/* Whether grow more bytes fit under the cap, collecting first if they do not. */
static bool within_limit(VM *vm, size_t grow)
{
    if (vm->bytes_allocated + grow > vm->memory_limit && !vm->gc_running)
        gc_collect(vm);
    return vm->bytes_allocated + grow <= vm->memory_limit;
}

void *mem_realloc(VM *vm, void *ptr, size_t old_size, size_t new_size)
{
    if (!ptr && new_size == 0)
        return NULL; /* freeing nothing: a failed or never-made allocation */
    if (new_size > old_size && vm->memory_limit && !within_limit(vm, new_size - old_size))
        return NULL;
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

/* ---- the small-object pool
 *
 * A malloc per object costs the allocator's search and header, and freeing
 * a VM that holds a million strings made a million calls to free.  Objects
 * of up to POOL_MAX bytes come instead from pages of POOL_PAGE bytes, each
 * holding slots of one size class (a multiple of POOL_GRAIN).  Pages are
 * aligned to their size, so a slot's page is its address rounded down and
 * no object needs a header.  Pages are carved from arenas the hook gives;
 * a page whose last object dies goes on the empty list, where any class may
 * take it, and after a collection arenas with no object left go back to the
 * hook (all but one, so a loop that fills and empties an arena does not call
 * the hook each time).
 *
 * The pool serves only a VM on the default allocator: a host that brings its
 * own hook sees every object come and go, as before (and the out-of-memory
 * tests, which refuse the N-th allocation, still reach every object).
 *
 * bytes_allocated counts a page while a size class has it, so the memory
 * cap sees what the objects really take, their pages' unused slots
 * included: objects of many sizes, each kept alive alone on its page, cannot
 * hold more memory than the cap allows.  An arena's pages that hold nothing
 * are not counted; they are taken again before the hook is asked for more.
 *
 * Under AddressSanitizer each object comes from the hook by itself: a slot
 * handed out again at once would hide the use after free of a missing GC
 * root, which the stress-GC sanitizer build exists to find.
 */

enum {
    POOL_MAX = POOL_CLASSES * POOL_GRAIN,
    POOL_PAGE = 16 * 1024,
    POOL_ARENA_MIN = 256 * 1024,
    POOL_ARENA_MAX = 4 * 1024 * 1024,
};

struct PoolPage {
    PoolPage *next, *prev;  /* in its class's with_room list, or in the empty list */
    PoolArena *arena;
    char *free;             /* freed slots, each holding the address of the next */
    char *fresh;            /* slots never handed out start here */
    uint32_t live;          /* objects in the page */
    uint32_t slot_size;
};

struct PoolArena {
    PoolArena *next, *prev;
    size_t size;            /* bytes from the hook, this header included */
    char *pages;            /* the first page: the first POOL_PAGE boundary after the header */
    int npages;
    int carved;             /* pages handed out so far, from the first */
    int empty;              /* of those, how many are on the empty list */
};

static void page_push(PoolPage **head, PoolPage *pg)
{
    pg->prev = NULL;
    pg->next = *head;
    if (*head)
        (*head)->prev = pg;
    *head = pg;
}

static void page_unlink(PoolPage **head, PoolPage *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        *head = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
}

static bool page_full(const PoolPage *pg)
{
    return !pg->free && pg->fresh + pg->slot_size > (const char *)pg + POOL_PAGE;
}

static PoolArena *pool_arena_new(VM *vm)
{
    ObjPool *pool = &vm->pool;
    size_t size = pool->next_arena_size ? pool->next_arena_size : POOL_ARENA_MIN;
    PoolArena *a = vm->alloc(vm->alloc_ud, NULL, 0, size);
    if (!a)
        return NULL;
    if (size < POOL_ARENA_MAX)
        pool->next_arena_size = size * 2;
    uintptr_t first = ((uintptr_t)(a + 1) + POOL_PAGE - 1) & ~(uintptr_t)(POOL_PAGE - 1);
    a->size = size;
    a->pages = (char *)first;
    a->npages = (int)(((uintptr_t)a + size - first) / POOL_PAGE);
    a->carved = a->empty = 0;
    a->prev = NULL;
    a->next = pool->arenas;
    if (pool->arenas)
        pool->arenas->prev = a;
    pool->arenas = a;
    return a;
}

static void pool_arena_free(VM *vm, PoolArena *a)
{
    if (a->prev)
        a->prev->next = a->next;
    else
        vm->pool.arenas = a->next;
    if (a->next)
        a->next->prev = a->prev;
    vm->alloc(vm->alloc_ud, a, a->size, 0);
}

/* A page for size class c, put at the head of its with_room list. */
static PoolPage *page_new(VM *vm, unsigned c)
{
    ObjPool *pool = &vm->pool;
    PoolPage *pg = pool->empty;
    if (pg) {
        page_unlink(&pool->empty, pg);
        pg->arena->empty--;
    } else {
        /* Only the newest arena (the head) can have pages not yet carved. */
        PoolArena *a = pool->arenas;
        if (!a || a->carved == a->npages) {
            a = pool_arena_new(vm);
            if (!a)
                return NULL;
        }
        pg = (PoolPage *)(a->pages + (size_t)a->carved++ * POOL_PAGE);
        pg->arena = a;
    }
    pg->slot_size = (c + 1) * POOL_GRAIN;
    pg->free = NULL;
    pg->fresh = (char *)(pg + 1);
    pg->live = 0;
    page_push(&pool->with_room[c], pg);
    vm->bytes_allocated += POOL_PAGE;
    return pg;
}

static void *pool_alloc(VM *vm, size_t size)
{
    if (!MEM_POOL_BUILT || !vm->pool.enabled || size > POOL_MAX)
        return mem_alloc(vm, size);
    unsigned c = (unsigned)((size - 1) / POOL_GRAIN);
    size_t slot = (size_t)(c + 1) * POOL_GRAIN;
    PoolPage *pg = vm->pool.with_room[c];
    if (!pg) {
        bool fits = !vm->memory_limit || within_limit(vm, POOL_PAGE);
        pg = vm->pool.with_room[c]; /* the collection within_limit may make can free a slot */
        if (!pg && (!fits || !(pg = page_new(vm, c))))
            return NULL;
    }
    char *o = pg->free;
    if (o) {
        pg->free = *(char **)o;
    } else {
        o = pg->fresh;
        pg->fresh += slot;
    }
    pg->live++;
    if (page_full(pg))
        page_unlink(&vm->pool.with_room[c], pg);
    return o;
}

static void pool_free(VM *vm, void *o, size_t size)
{
    if (!MEM_POOL_BUILT || !vm->pool.enabled || size > POOL_MAX) {
        mem_free(vm, o, size);
        return;
    }
    PoolPage *pg = (PoolPage *)((uintptr_t)o & ~(uintptr_t)(POOL_PAGE - 1));
    unsigned c = pg->slot_size / POOL_GRAIN - 1;
    bool was_full = page_full(pg);
    *(char **)o = pg->free;
    pg->free = o;
    pg->live--;
    if (pg->live == 0) {
        if (!was_full)
            page_unlink(&vm->pool.with_room[c], pg);
        page_push(&vm->pool.empty, pg);
        pg->arena->empty++;
        vm->bytes_allocated -= POOL_PAGE;
    } else if (was_full) {
        page_push(&vm->pool.with_room[c], pg);
    }
}

/* After a sweep: arenas with no object left go back to the hook, but one. */
static void pool_trim(VM *vm)
{
    bool kept = false;
    PoolArena *next;
    for (PoolArena *a = vm->pool.arenas; a; a = next) {
        next = a->next;
        if (a->empty < a->carved)
            continue;
        if (!kept) {
            kept = true;
            continue;
        }
        for (int i = 0; i < a->carved; i++)
            page_unlink(&vm->pool.empty, (PoolPage *)(a->pages + (size_t)i * POOL_PAGE));
        pool_arena_free(vm, a);
    }
}

void obj_release(VM *vm, Obj *o, size_t size)
{
    pool_free(vm, o, size);
}

void gc_free_all(VM *vm)
{
    Obj *next;
    for (Obj *o = vm->objects; o; o = next) {
        next = o->next;
        obj_free(vm, o);
    }
    vm->objects = NULL;
    while (vm->pool.arenas)
        pool_arena_free(vm, vm->pool.arenas);
}

/* ---- objects */

Obj *obj_alloc_uninit(VM *vm, size_t size, ObjType type)
{
#ifdef NABLA_STRESS_GC
    if (!vm->gc_running)
        gc_collect(vm);
#else
    if (vm->bytes_allocated > vm->next_gc && !vm->gc_running)
        gc_collect(vm);
#endif
    Obj *o = pool_alloc(vm, size);
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
    pool_trim(vm);
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
