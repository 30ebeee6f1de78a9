/*
 * object.h - heap objects: strings, lists, tuples, dicts, functions,
 * classes, instances, modules, iterators, tensors.
 *
 * Every object starts with an Obj header and is linked into the VM's list of
 * all objects, which the collector sweeps.  Objects are created only through
 * the obj_new_* functions, which may trigger a collection: a caller holding
 * an object that is not yet reachable from a root must push it on the VM
 * stack (vm_push) or the temp-root stack (gc_push_root) first.
 */
#ifndef NABLA_OBJECT_H
#define NABLA_OBJECT_H

#include "value.h"
#include "vm/chunk.h"

typedef enum ObjType {
    OBJ_STR,
    OBJ_LIST,
    OBJ_TUPLE,
    OBJ_DICT,
    OBJ_RANGE,
    OBJ_SLICE,
    OBJ_PROTO,      /* a compiled function body (no captured state) */
    OBJ_FUNC,       /* a closure: proto + captured upvalues + defaults */
    OBJ_UPVAL,
    OBJ_NATIVE,     /* a builtin written in C */
    OBJ_BOUND,      /* a method bound to its receiver */
    OBJ_CLASS,
    OBJ_INSTANCE,
    OBJ_MODULE,
    OBJ_ITER,       /* the VM's iterator over a builtin sequence */
    OBJ_TENSOR,
    OBJ_USERDATA,   /* an opaque C object owned by a builtin module (rng, regex) */
    OBJ_TYPE_COUNT
} ObjType;

struct Obj {
    ObjType type;
    bool marked;
    struct Obj *next;   /* the VM's list of all objects */
};

/*
 * Strings are immutable.  Names (identifiers, constants, strings made by
 * str_new) are interned, so comparing two of them is comparing pointers;
 * strings a program builds at run time in bulk (f-strings, concatenation,
 * join) are not, to spare the table, and compare by content.  Every lookup
 * falls back to content, so either kind works everywhere.
 *
 * The hash is computed when first needed (str_hash): most built strings are
 * printed, joined or written out, never used as a key.  0 means "not yet";
 * str_hash_bytes never returns 0.
 */
typedef struct ObjString {
    Obj obj;
    uint32_t hash;      /* 0 until str_hash computes it; always set when interned */
    int32_t length;     /* bytes */
    bool interned;      /* the one copy in vm->strings */
    char chars[];       /* NUL-terminated UTF-8 */
} ObjString;

uint32_t str_hash_bytes(const char *s, size_t len); /* never 0 */

static inline uint32_t str_hash(ObjString *s)
{
    if (__builtin_expect(s->hash == 0, 0))
        s->hash = str_hash_bytes(s->chars, (size_t)s->length);
    return s->hash;
}

/* Same text?  Pointers for two interned strings, else hash (when both are
   known), length, bytes. */
static inline bool str_equal(const ObjString *a, const ObjString *b)
{
    if (a == b)
        return true;
    if ((a->interned && b->interned) || a->length != b->length ||
        (a->hash && b->hash && a->hash != b->hash))
        return false;
    /* A loop, not memcmp: a call here would make dict_get_str, the
       attribute lookup, save registers on every call. */
    for (int32_t i = 0; i < a->length; i++)
        if (a->chars[i] != b->chars[i])
            return false;
    return true;
}

typedef struct ObjList {
    Obj obj;
    ValueArray items;
} ObjList;

typedef struct ObjTuple {
    Obj obj;
    int32_t count;
    uint32_t hash;      /* 0 until computed */
    Value items[];
} ObjTuple;

typedef struct DictEntry {
    Value key;          /* VAL_UNDEF marks a deleted entry */
    Value value;
} DictEntry;

/*
 * An insertion-ordered hash table: entries in order, index maps hash ->
 * entry.  The entries' hashes are kept apart from them, which keeps an
 * entry at 32 bytes and lets a resize rehash without reading the entries.
 * The three arrays are one block (see dict.c).
 */
typedef struct ObjDict {
    Obj obj;
    DictEntry *entries; /* room for index_cap * 2/3 + 1 (none while index_cap is 0) */
    int32_t used;       /* entries slots used, including deleted */
    int32_t count;      /* live entries */
    int32_t index_cap;  /* power of two, or 0 before the first insertion */
    int32_t *index;     /* -1 empty, -2 deleted, else entry number (and hash bits) */
    uint32_t *hashes;   /* hashes[i]: the hash of entries[i].key */
    uint32_t generation; /* changes when the tables are rebuilt or cleared: a
                            lookup whose __eq__ did that starts over */
} ObjDict;

typedef struct ObjRange {
    Obj obj;
    int64_t start, stop, step;
} ObjRange;

typedef struct ObjSlice {
    Obj obj;
    Value start, stop, step;  /* None when absent */
} ObjSlice;

typedef struct ObjModule ObjModule;

/* Where a function's source came from, for error carets. */
typedef struct ObjProto {
    Obj obj;
    Chunk chunk;
    ObjString *name;
    ObjString *qualname;    /* "Linear.__call__" */
    ObjString *doc;         /* NULL when none */
    ObjString *source_name; /* file name or "<stdin>" */
    ObjString *source;      /* the whole source text, for carets */
    ObjString **param_names;
    int nparams;            /* all named params, including the *args and **kwargs slots */
    int npositional;        /* params that can be given by position */
    int nkwonly;            /* keyword-only params after *args */
    int vararg_slot;        /* -1 when no *args */
    int kwarg_slot;         /* -1 when no **kwargs */
    int ndefaults;          /* defaults for the last positional params + kw-only */
    int nkwonly_defaults;   /* how many of them belong to keyword-only params */
    uint64_t kwonly_has_default; /* bit i: keyword-only param i has a default */
    ObjString **local_names; /* nlocals names (NULL for hidden temporaries) */
    int nlocals;            /* params + other locals */
    int nupvalues;
    int max_stack;          /* deepest the operand stack gets above locals */
    int line;
    bool is_module;         /* top-level code of a module */
    bool is_lambda;
} ObjProto;

typedef struct ObjUpval {
    Obj obj;
    Value *location;        /* points into the stack while open */
    Value closed;
    int32_t stack_index;    /* index of location in the stack while open, for sorting */
    struct ObjUpval *next_open;
} ObjUpval;

typedef struct ObjFunc {
    Obj obj;
    ObjProto *proto;
    ObjModule *module;      /* whose globals it reads */
    Value *defaults;        /* proto->ndefaults values */
    ObjUpval **upvalues;    /* proto->nupvalues */
    struct ObjClass *owner; /* class it was defined in, for super() */
} ObjFunc;

typedef struct ObjDict ObjDict;

/*
 * A builtin in C.  argv[0..argc) are the positional arguments; for a method
 * argv[0] is the receiver.  kwargs is NULL when the call had none.  On
 * success stores the result in *out and returns true; on error raises (via
 * vm_raise*) and returns false.
 */
typedef bool (*NativeFn)(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out);

typedef struct ObjNative {
    Obj obj;
    NativeFn fn;
    const char *name;
    const char *signature;  /* "sum(x, axis=None, keepdims=False)" */
    const char *doc;        /* one paragraph, then an example */
    int min_args, max_args; /* -1 max: variadic */
    bool is_method;         /* argv[0] is the receiver */
    Value data;             /* per-native payload (module userdata, a class) */
} ObjNative;

typedef struct ObjBound {
    Obj obj;
    Value receiver;
    Value method;           /* ObjFunc or ObjNative */
} ObjBound;

typedef struct ObjClass {
    Obj obj;
    ObjString *name;
    struct ObjClass *base;  /* NULL for object */
    ObjDict *methods;       /* attributes defined in the class body */
    ObjString *doc;
    /* For builtin types: constructs a value when the class is called.
       NULL for user classes (which allocate an instance and run __init__). */
    NativeFn construct;
    bool is_exception;      /* derives from BaseException */
    bool builtin;
    bool has_getattr;       /* defines __getattr__: the fallback for missing attributes */
} ObjClass;

typedef struct ObjInstance {
    Obj obj;
    ObjClass *klass;
    ObjDict *fields;
} ObjInstance;

struct ObjModule {
    Obj obj;
    ObjString *name;
    ObjString *path;        /* file it was loaded from, or NULL */
    ObjDict *globals;
    bool loading;           /* true while its top-level code runs (import cycles) */
};

typedef enum IterKind {
    ITER_RANGE, ITER_LIST, ITER_TUPLE, ITER_STR, ITER_DICT_KEYS, ITER_DICT_VALUES,
    ITER_DICT_ITEMS, ITER_TENSOR, ITER_ENUMERATE, ITER_ZIP, ITER_MAP, ITER_FILTER,
    ITER_REVERSED, ITER_CUSTOM
} IterKind;

typedef struct ObjIter {
    Obj obj;
    IterKind kind;
    Value source;           /* the sequence, or the inner iterator */
    Value extra;            /* map/filter: the function; zip: tuple of iterators */
    int64_t pos, stop, step;
} ObjIter;

struct Tensor;
typedef struct ObjTensor {
    Obj obj;
    struct Tensor *t;
} ObjTensor;

typedef struct ObjUserdata {
    Obj obj;
    const char *type_name;  /* shown by type() and repr */
    void *data;
    size_t size;
    void (*finalize)(VM *vm, void *data);
    struct ObjClass *klass; /* methods, or NULL */
} ObjUserdata;

#define OBJ_TYPE(v)     (AS_OBJ(v)->type)
static inline bool is_obj_type(Value v, ObjType t) { return IS_OBJ(v) && AS_OBJ(v)->type == t; }

#define IS_STR(v)       is_obj_type(v, OBJ_STR)
#define IS_LIST(v)      is_obj_type(v, OBJ_LIST)
#define IS_TUPLE(v)     is_obj_type(v, OBJ_TUPLE)
#define IS_DICT(v)      is_obj_type(v, OBJ_DICT)
#define IS_RANGE(v)     is_obj_type(v, OBJ_RANGE)
#define IS_FUNC(v)      is_obj_type(v, OBJ_FUNC)
#define IS_NATIVE(v)    is_obj_type(v, OBJ_NATIVE)
#define IS_CLASS(v)     is_obj_type(v, OBJ_CLASS)
#define IS_BOUND(v)     is_obj_type(v, OBJ_BOUND)
#define IS_INSTANCE(v)  is_obj_type(v, OBJ_INSTANCE)
#define IS_MODULE(v)    is_obj_type(v, OBJ_MODULE)
#define IS_TENSOR(v)    is_obj_type(v, OBJ_TENSOR)

#define AS_STR(v)       ((ObjString *)AS_OBJ(v))
#define AS_CSTR(v)      (((ObjString *)AS_OBJ(v))->chars)
#define AS_LIST(v)      ((ObjList *)AS_OBJ(v))
#define AS_TUPLE(v)     ((ObjTuple *)AS_OBJ(v))
#define AS_DICT(v)      ((ObjDict *)AS_OBJ(v))
#define AS_RANGE(v)     ((ObjRange *)AS_OBJ(v))
#define AS_SLICE(v)     ((ObjSlice *)AS_OBJ(v))
#define AS_PROTO(v)     ((ObjProto *)AS_OBJ(v))
#define AS_FUNC(v)      ((ObjFunc *)AS_OBJ(v))
#define AS_NATIVE(v)    ((ObjNative *)AS_OBJ(v))
#define AS_BOUND(v)     ((ObjBound *)AS_OBJ(v))
#define AS_CLASS(v)     ((ObjClass *)AS_OBJ(v))
#define AS_INSTANCE(v)  ((ObjInstance *)AS_OBJ(v))
#define AS_MODULE(v)    ((ObjModule *)AS_OBJ(v))
#define AS_ITER(v)      ((ObjIter *)AS_OBJ(v))
#define AS_TENSOR(v)    (((ObjTensor *)AS_OBJ(v))->t)
#define AS_USERDATA(v)  ((ObjUserdata *)AS_OBJ(v))

/* ---- construction (each may collect garbage; see the note at the top) */
ObjString *str_new(VM *vm, const char *chars, size_t len);    /* copies; interned */
ObjString *str_new_fresh(VM *vm, const char *chars, size_t len); /* copies; not interned */
/* Not interned, chars uninitialised: the caller fills all len bytes before
   anything else can see the string (or hash it). */
ObjString *str_new_blank(VM *vm, size_t len);
ObjString *str_intern(VM *vm, ObjString *s);  /* the interned copy of s (s itself if it can) */
ObjString *str_from_cstr(VM *vm, const char *s);
ObjString *str_printf(VM *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
ObjList *list_new(VM *vm, int capacity);
ObjTuple *tuple_new(VM *vm, int count);                       /* items set to None */
ObjDict *dict_new(VM *vm);
ObjRange *range_new(VM *vm, int64_t start, int64_t stop, int64_t step);
ObjSlice *slice_new(VM *vm, Value start, Value stop, Value step);
ObjProto *proto_new(VM *vm);
ObjFunc *func_new(VM *vm, ObjProto *proto, ObjModule *module);
ObjUpval *upval_new(VM *vm, Value *slot, int32_t stack_index);
ObjNative *native_new(VM *vm, const char *name, NativeFn fn, int min_args, int max_args,
                      const char *signature, const char *doc);
ObjBound *bound_new(VM *vm, Value receiver, Value method);
ObjClass *class_new(VM *vm, ObjString *name, ObjClass *base);
ObjInstance *instance_new(VM *vm, ObjClass *klass);
ObjModule *module_new(VM *vm, ObjString *name);
ObjIter *iter_new(VM *vm, IterKind kind, Value source);
ObjTensor *tensor_obj_new(VM *vm, struct Tensor *t);          /* takes ownership */
ObjUserdata *userdata_new(VM *vm, const char *type_name, size_t size,
                          void (*finalize)(VM *, void *));

/* ---- lists */
bool list_append(VM *vm, ObjList *l, Value v);                /* false: out of memory (raised) */
bool list_insert(VM *vm, ObjList *l, int64_t index, Value v);
Value list_pop(ObjList *l, int64_t index);                    /* index must be valid */

/* ---- dicts: keys are any hashable value */
bool value_hash(VM *vm, Value key, uint32_t *out);            /* false: unhashable (raised) */
bool dict_get(VM *vm, ObjDict *d, Value key, Value *out);     /* false: missing or error */
bool dict_set(VM *vm, ObjDict *d, Value key, Value value);    /* false: error (raised) */
bool dict_delete(VM *vm, ObjDict *d, Value key);              /* false: missing */
/* Fast paths for interned-string keys (attribute names, globals). */
bool dict_get_str(ObjDict *d, ObjString *key, Value *out);
bool dict_set_str(VM *vm, ObjDict *d, ObjString *key, Value value);
/* The entries index holding key, or -1 (for caches: valid until the dict changes shape). */
int32_t dict_find_entry(ObjDict *d, ObjString *key);
/* Frees a dict's tables (not the object). */
void dict_free_tables(VM *vm, ObjDict *d);
/* Iterate: for (int32_t i = 0; dict_next(d, &i, &k, &v);) */
bool dict_next(ObjDict *d, int32_t *pos, Value *key, Value *value);

/* ---- strings */
#define STRING_TOMBSTONE ((ObjString *)(uintptr_t)1)  /* a deleted slot of vm->strings */
ObjString *str_concat(VM *vm, ObjString *a, ObjString *b);

void obj_free(VM *vm, Obj *o);
const char *obj_type_name(ObjType t);

#endif
