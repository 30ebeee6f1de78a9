/* object.c - creating and freeing objects; strings, lists and tuples. */
#include "object.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "memory.h"
#include "vm/vm.h"

#define ALLOC_OBJ(vm, type, objtype) ((type *)obj_alloc((vm), sizeof(type), (objtype)))

/* ---- strings: every string is interned, so equal strings are one object */

uint32_t str_hash_bytes(const char *s, size_t len)
{
    /* Eight bytes a step, multiply-xorshift mixing: fast on long strings,
       and every byte affects the result. */
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    for (size_t k = 0; i < len; i++, k += 8)
        tail |= (uint64_t)(uint8_t)s[i] << k;
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    uint32_t hash = (uint32_t)(h ^ (h >> 32));
    return hash ? hash : 1; /* 0 marks a string whose hash is not known yet */
}

static ObjString *intern_find(VM *vm, const char *chars, size_t len, uint32_t hash)
{
    if (vm->strings_count == 0)
        return NULL;
    uint32_t mask = (uint32_t)vm->strings_cap - 1;
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        ObjString *s = vm->strings[i];
        if (!s)
            return NULL;
        if (s != STRING_TOMBSTONE && s->hash == hash && (size_t)s->length == len &&
            memcmp(s->chars, chars, len) == 0)
            return s;
    }
}

static void intern_insert(VM *vm, ObjString *str)
{
    uint32_t mask = (uint32_t)vm->strings_cap - 1;
    for (uint32_t i = str->hash & mask;; i = (i + 1) & mask) {
        if (!vm->strings[i] || vm->strings[i] == STRING_TOMBSTONE) {
            if (vm->strings[i] == STRING_TOMBSTONE)
                vm->strings_tombstones--;
            vm->strings[i] = str;
            return;
        }
    }
}

/* Keeps the table at most half full (tombstones count as full). */
static bool intern_reserve(VM *vm)
{
    if ((vm->strings_count + vm->strings_tombstones + 1) * 2 <= vm->strings_cap)
        return true;
    int newcap = vm->strings_cap ? vm->strings_cap * 2 : 1024;
    /* Only live strings are re-inserted: when tombstones fill the table,
       rehashing at the same size is enough. */
    if ((vm->strings_count + 1) * 4 <= vm->strings_cap)
        newcap = vm->strings_cap;
    ObjString **old = vm->strings;
    int oldcap = vm->strings_cap;
    ObjString **fresh = mem_alloc(vm, (size_t)newcap * sizeof *fresh);
    if (!fresh)
        return false;
    memset(fresh, 0, (size_t)newcap * sizeof *fresh);
    vm->strings = fresh;
    vm->strings_cap = newcap;
    vm->strings_tombstones = 0;
    for (int i = 0; i < oldcap; i++)
        if (old[i] && old[i] != STRING_TOMBSTONE)
            intern_insert(vm, old[i]);
    if (old)
        mem_free(vm, old, (size_t)oldcap * sizeof *old);
    return true;
}

/* Bytes of a string of len bytes: the text starts right after the fields,
   not at sizeof(ObjString), which rounds up to the struct's alignment.  For
   short strings that is the difference between two malloc size classes. */
static size_t string_size(size_t len)
{
    return offsetof(ObjString, chars) + len + 1;
}

/* A string of len bytes, chars not yet filled in (but NUL-terminated);
   hash 0 until someone needs it. */
static ObjString *alloc_string(VM *vm, size_t len)
{
    if (len > INT32_MAX - 64) {
        vm_raise(vm, vm->exc.memory_error, "string of %zu bytes is too long", len);
        return NULL;
    }
    /* Only the header is zeroed: the text is about to be written. */
    ObjString *s = (ObjString *)obj_alloc_uninit(vm, string_size(len), OBJ_STR);
    if (!s) {
        vm_raise_oom(vm);
        return NULL;
    }
    s->hash = 0;
    s->length = (int32_t)len;
    s->interned = false;
    s->chars[len] = '\0';
    return s;
}

static ObjString *copy_string(VM *vm, const char *chars, size_t len)
{
    ObjString *s = alloc_string(vm, len);
    if (s && len)
        memcpy(s->chars, chars, len);
    return s;
}

/* Puts s in the table as the interned copy of its text. */
static bool intern_add(VM *vm, ObjString *s)
{
    gc_push_root(vm, OBJ_VAL(s));
    bool ok = intern_reserve(vm);
    gc_pop_roots(vm, 1);
    if (!ok) {
        vm_raise_oom(vm);
        return false;
    }
    intern_insert(vm, s);
    vm->strings_count++;
    s->interned = true;
    return true;
}

ObjString *str_new(VM *vm, const char *chars, size_t len)
{
    uint32_t hash = str_hash_bytes(chars, len);
    ObjString *s = intern_find(vm, chars, len, hash);
    if (s)
        return s;
    s = copy_string(vm, chars, len);
    if (!s)
        return NULL;
    s->hash = hash;
    return intern_add(vm, s) ? s : NULL;
}

ObjString *str_new_fresh(VM *vm, const char *chars, size_t len)
{
    return copy_string(vm, chars, len);
}

ObjString *str_new_blank(VM *vm, size_t len)
{
    return alloc_string(vm, len);
}

ObjString *str_intern(VM *vm, ObjString *s)
{
    if (s->interned)
        return s;
    ObjString *found = intern_find(vm, s->chars, (size_t)s->length, str_hash(s));
    if (found)
        return found;
    return intern_add(vm, s) ? s : NULL;
}

ObjString *str_from_cstr(VM *vm, const char *s)
{
    return str_new(vm, s, strlen(s));
}

ObjString *str_printf(VM *vm, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof small)
        return str_new(vm, small, (size_t)n);
    char *big = mem_alloc(vm, (size_t)n + 1);
    if (!big) {
        vm_raise_oom(vm);
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ObjString *s = str_new(vm, big, (size_t)n);
    mem_free(vm, big, (size_t)n + 1);
    return s;
}

ObjString *str_concat(VM *vm, ObjString *a, ObjString *b)
{
    size_t len = (size_t)a->length + (size_t)b->length;
    char small[512];
    char *buf = len < sizeof small ? small : mem_alloc(vm, len);
    if (!buf) {
        vm_raise_oom(vm);
        return NULL;
    }
    memcpy(buf, a->chars, (size_t)a->length);
    memcpy(buf + a->length, b->chars, (size_t)b->length);
    ObjString *s = str_new_fresh(vm, buf, len);
    if (buf != small)
        mem_free(vm, buf, len);
    return s;
}

/* ---- lists and tuples */

ObjList *list_new(VM *vm, int capacity)
{
    ObjList *l = ALLOC_OBJ(vm, ObjList, OBJ_LIST);
    if (!l) {
        vm_raise_oom(vm);
        return NULL;
    }
    if (capacity > 0) {
        gc_push_root(vm, OBJ_VAL(l));
        l->items.items = mem_alloc(vm, (size_t)capacity * sizeof(Value));
        gc_pop_roots(vm, 1);
        if (!l->items.items) {
            vm_raise_oom(vm);
            return NULL;
        }
        l->items.cap = capacity;
    }
    return l;
}

static bool list_reserve(VM *vm, ObjList *l, int need)
{
    if (need <= l->items.cap)
        return true;
    Value *p = mem_grow(vm, l->items.items, &l->items.cap, need, sizeof(Value));
    if (!p) {
        vm_raise(vm, vm->exc.memory_error, "out of memory growing a list to %d items", need);
        return false;
    }
    l->items.items = p;
    return true;
}

bool list_append(VM *vm, ObjList *l, Value v)
{
    if (l->items.count == l->items.cap) {
        if (l->items.count >= INT32_MAX - 1)
            return vm_raise(vm, vm->exc.memory_error, "list is too long");
        gc_push_root(vm, v);
        bool ok = list_reserve(vm, l, l->items.count + 1);
        gc_pop_roots(vm, 1);
        if (!ok)
            return false;
    }
    l->items.items[l->items.count++] = v;
    return true;
}

bool list_insert(VM *vm, ObjList *l, int64_t index, Value v)
{
    int n = l->items.count;
    if (index < 0)
        index += n;
    if (index < 0)
        index = 0;
    if (index > n)
        index = n;
    gc_push_root(vm, v);
    bool ok = list_reserve(vm, l, n + 1);
    gc_pop_roots(vm, 1);
    if (!ok)
        return false;
    values_move(&l->items.items[index + 1], &l->items.items[index], (size_t)(n - index));
    l->items.items[index] = v;
    l->items.count++;
    return true;
}

Value list_pop(ObjList *l, int64_t index)
{
    Value v = l->items.items[index];
    memmove(&l->items.items[index], &l->items.items[index + 1],
            (size_t)(l->items.count - index - 1) * sizeof(Value));
    l->items.count--;
    return v;
}

ObjTuple *tuple_new(VM *vm, int count)
{
    ObjTuple *t = (ObjTuple *)obj_alloc(vm, sizeof(ObjTuple) + (size_t)count * sizeof(Value), OBJ_TUPLE);
    if (!t) {
        vm_raise_oom(vm);
        return NULL;
    }
    t->count = count;
    for (int i = 0; i < count; i++)
        t->items[i] = NONE_VAL;
    return t;
}

/* ---- the rest */

ObjRange *range_new(VM *vm, int64_t start, int64_t stop, int64_t step)
{
    ObjRange *r = ALLOC_OBJ(vm, ObjRange, OBJ_RANGE);
    if (!r) {
        vm_raise_oom(vm);
        return NULL;
    }
    r->start = start;
    r->stop = stop;
    r->step = step;
    return r;
}

ObjSlice *slice_new(VM *vm, Value start, Value stop, Value step)
{
    ObjSlice *s = ALLOC_OBJ(vm, ObjSlice, OBJ_SLICE);
    if (!s) {
        vm_raise_oom(vm);
        return NULL;
    }
    s->start = start;
    s->stop = stop;
    s->step = step;
    return s;
}

ObjProto *proto_new(VM *vm)
{
    ObjProto *p = ALLOC_OBJ(vm, ObjProto, OBJ_PROTO);
    if (!p) {
        vm_raise_oom(vm);
        return NULL;
    }
    p->vararg_slot = -1;
    p->kwarg_slot = -1;
    return p;
}

ObjFunc *func_new(VM *vm, ObjProto *proto, ObjModule *module)
{
    ObjFunc *f = ALLOC_OBJ(vm, ObjFunc, OBJ_FUNC);
    if (!f) {
        vm_raise_oom(vm);
        return NULL;
    }
    f->proto = proto;
    f->module = module;
    gc_push_root(vm, OBJ_VAL(f));
    bool ok = true;
    if (proto->nupvalues > 0) {
        f->upvalues = mem_alloc(vm, (size_t)proto->nupvalues * sizeof(ObjUpval *));
        if (f->upvalues)
            memset(f->upvalues, 0, (size_t)proto->nupvalues * sizeof(ObjUpval *));
        ok = f->upvalues != NULL;
    }
    if (ok && proto->ndefaults > 0) {
        f->defaults = mem_alloc(vm, (size_t)proto->ndefaults * sizeof(Value));
        if (f->defaults)
            for (int i = 0; i < proto->ndefaults; i++)
                f->defaults[i] = NONE_VAL;
        ok = f->defaults != NULL;
    }
    gc_pop_roots(vm, 1);
    if (!ok) {
        vm_raise_oom(vm);
        return NULL;
    }
    return f;
}

ObjUpval *upval_new(VM *vm, Value *slot, int32_t stack_index)
{
    ObjUpval *u = ALLOC_OBJ(vm, ObjUpval, OBJ_UPVAL);
    if (!u) {
        vm_raise_oom(vm);
        return NULL;
    }
    u->location = slot;
    u->closed = NONE_VAL;
    u->stack_index = stack_index;
    return u;
}

ObjNative *native_new(VM *vm, const char *name, NativeFn fn, int min_args, int max_args,
                      const char *signature, const char *doc)
{
    ObjNative *n = ALLOC_OBJ(vm, ObjNative, OBJ_NATIVE);
    if (!n) {
        vm_raise_oom(vm);
        return NULL;
    }
    n->fn = fn;
    n->name = name;
    n->min_args = min_args;
    n->max_args = max_args;
    n->signature = signature;
    n->doc = doc;
    n->data = NONE_VAL;
    return n;
}

ObjBound *bound_new(VM *vm, Value receiver, Value method)
{
    ObjBound *b = ALLOC_OBJ(vm, ObjBound, OBJ_BOUND);
    if (!b) {
        vm_raise_oom(vm);
        return NULL;
    }
    b->receiver = receiver;
    b->method = method;
    return b;
}

ObjClass *class_new(VM *vm, ObjString *name, ObjClass *base)
{
    ObjClass *c = ALLOC_OBJ(vm, ObjClass, OBJ_CLASS);
    if (!c) {
        vm_raise_oom(vm);
        return NULL;
    }
    c->name = name;
    c->base = base;
    c->is_exception = base && base->is_exception;
    gc_push_root(vm, OBJ_VAL(c));
    c->methods = dict_new(vm);
    gc_pop_roots(vm, 1);
    return c->methods ? c : NULL;
}

ObjInstance *instance_new(VM *vm, ObjClass *klass)
{
    ObjInstance *inst = ALLOC_OBJ(vm, ObjInstance, OBJ_INSTANCE);
    if (!inst) {
        vm_raise_oom(vm);
        return NULL;
    }
    inst->klass = klass;
    gc_push_root(vm, OBJ_VAL(inst));
    inst->fields = dict_new(vm);
    gc_pop_roots(vm, 1);
    return inst->fields ? inst : NULL;
}

ObjModule *module_new(VM *vm, ObjString *name)
{
    ObjModule *m = ALLOC_OBJ(vm, ObjModule, OBJ_MODULE);
    if (!m) {
        vm_raise_oom(vm);
        return NULL;
    }
    m->name = name;
    gc_push_root(vm, OBJ_VAL(m));
    m->globals = dict_new(vm);
    bool ok = m->globals && dict_set_str(vm, m->globals, vm->names.name_, OBJ_VAL(name));
    gc_pop_roots(vm, 1);
    return ok ? m : NULL;
}

ObjIter *iter_new(VM *vm, IterKind kind, Value source)
{
    gc_push_root(vm, source);
    ObjIter *it = ALLOC_OBJ(vm, ObjIter, OBJ_ITER);
    gc_pop_roots(vm, 1);
    if (!it) {
        vm_raise_oom(vm);
        return NULL;
    }
    it->kind = kind;
    it->source = source;
    it->extra = NONE_VAL;
    return it;
}

ObjTensor *tensor_obj_new(VM *vm, struct Tensor *t)
{
    ObjTensor *o = ALLOC_OBJ(vm, ObjTensor, OBJ_TENSOR);
    if (!o) {
        tn_free(&vm->tn, t);
        vm_raise_oom(vm);
        return NULL;
    }
    o->t = t;
    return o;
}

ObjUserdata *userdata_new(VM *vm, const char *type_name, size_t size,
                          void (*finalize)(VM *, void *))
{
    ObjUserdata *u = ALLOC_OBJ(vm, ObjUserdata, OBJ_USERDATA);
    if (!u) {
        vm_raise_oom(vm);
        return NULL;
    }
    u->type_name = type_name;
    if (size) {
        gc_push_root(vm, OBJ_VAL(u));
        u->data = mem_alloc(vm, size);
        gc_pop_roots(vm, 1);
        if (!u->data) {
            vm_raise_oom(vm);
            return NULL;
        }
        memset(u->data, 0, size);
        u->size = size;
    }
    u->finalize = finalize;
    return u;
}

void obj_free(VM *vm, Obj *o)
{
    switch (o->type) {
    case OBJ_STR:
        obj_release(vm, o, string_size((size_t)((ObjString *)o)->length));
        return;
    case OBJ_LIST: {
        ObjList *l = (ObjList *)o;
        mem_free(vm, l->items.items, (size_t)l->items.cap * sizeof(Value));
        obj_release(vm, o, sizeof(ObjList));
        return;
    }
    case OBJ_TUPLE:
        obj_release(vm, o, sizeof(ObjTuple) + (size_t)((ObjTuple *)o)->count * sizeof(Value));
        return;
    case OBJ_DICT: {
        ObjDict *d = (ObjDict *)o;
        dict_free_tables(vm, d);
        obj_release(vm, o, sizeof(ObjDict));
        return;
    }
    case OBJ_RANGE: obj_release(vm, o, sizeof(ObjRange)); return;
    case OBJ_SLICE: obj_release(vm, o, sizeof(ObjSlice)); return;
    case OBJ_PROTO: {
        ObjProto *p = (ObjProto *)o;
        mem_free(vm, p->chunk.code, (size_t)p->chunk.cap);
        mem_free(vm, p->chunk.pos, (size_t)p->chunk.cap * sizeof(SrcPos));
        mem_free(vm, p->chunk.constants.items, (size_t)p->chunk.constants.cap * sizeof(Value));
        mem_free(vm, p->param_names, (size_t)p->nparams * sizeof(ObjString *));
        mem_free(vm, p->local_names, (size_t)p->nlocals * sizeof(ObjString *));
        obj_release(vm, o, sizeof(ObjProto));
        return;
    }
    case OBJ_FUNC: {
        ObjFunc *f = (ObjFunc *)o;
        mem_free(vm, f->upvalues, (size_t)f->proto->nupvalues * sizeof(ObjUpval *));
        mem_free(vm, f->defaults, (size_t)f->proto->ndefaults * sizeof(Value));
        obj_release(vm, o, sizeof(ObjFunc));
        return;
    }
    case OBJ_UPVAL: obj_release(vm, o, sizeof(ObjUpval)); return;
    case OBJ_NATIVE: obj_release(vm, o, sizeof(ObjNative)); return;
    case OBJ_BOUND: obj_release(vm, o, sizeof(ObjBound)); return;
    case OBJ_CLASS: obj_release(vm, o, sizeof(ObjClass)); return;
    case OBJ_INSTANCE: obj_release(vm, o, sizeof(ObjInstance)); return;
    case OBJ_MODULE: obj_release(vm, o, sizeof(ObjModule)); return;
    case OBJ_ITER: obj_release(vm, o, sizeof(ObjIter)); return;
    case OBJ_TENSOR:
        tn_free(&vm->tn, ((ObjTensor *)o)->t);
        obj_release(vm, o, sizeof(ObjTensor));
        return;
    case OBJ_USERDATA: {
        ObjUserdata *u = (ObjUserdata *)o;
        if (u->finalize)
            u->finalize(vm, u->data);
        mem_free(vm, u->data, u->size);
        obj_release(vm, o, sizeof(ObjUserdata));
        return;
    }
    case OBJ_TYPE_COUNT:
        return;
    }
}

const char *obj_type_name(ObjType t)
{
    static const char *const names[OBJ_TYPE_COUNT] = {
        "str", "list", "tuple", "dict", "range", "slice", "code", "function", "cell",
        "builtin_function", "method", "class", "instance", "module", "iterator", "tensor",
        "userdata",
    };
    return t < OBJ_TYPE_COUNT ? names[t] : "?";
}
