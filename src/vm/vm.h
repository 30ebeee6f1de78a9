/*
 * vm.h - the virtual machine: its state, and the services builtins use
 * (raising errors, calling back into code, attribute lookup, iteration).
 *
 * A VM owns everything it allocates; there is no global state, so any number
 * of VMs can live in one process (one thread each).
 */
#ifndef NABLA_VM_H
#define NABLA_VM_H

#include <signal.h>
#include <stdarg.h>

#include "core/object.h"
#include "core/strbuf.h"
#include "tensor/tensor.h"

#define FRAMES_MAX 1000         /* Python's default recursion limit */
#define STACK_MAX (FRAMES_MAX * 96)
#define HANDLERS_MAX 512
#define TEMP_ROOTS_MAX 256
#define NATIVE_DEPTH_MAX 180    /* nested C -> VM -> C re-entries */

typedef struct CallFrame {
    ObjFunc *func;
    uint8_t *ip;
    Value *slots;       /* first local (the first argument) */
    Value *ret;         /* where the result goes; the stack is cut to ret + 1 */
    bool is_init;       /* __init__: return the instance, not None */
    bool boundary;      /* entered from C: returning ends that run loop */
} CallFrame;

typedef struct Handler {
    int frame_count;    /* the frame that installed it */
    uint8_t *target;
    int stack_depth;    /* sp - stack when installed */
} Handler;

/* Exception classes builtins raise; all derive from Exception. */
typedef struct ExcClasses {
    ObjClass *base_exception, *exception, *type_error, *value_error, *name_error,
        *index_error, *key_error, *attribute_error, *zero_division_error,
        *assertion_error, *runtime_error, *recursion_error, *memory_error,
        *stop_iteration, *overflow_error, *import_error, *keyboard_interrupt,
        *not_implemented_error, *shape_error, *syntax_error, *os_error,
        *limit_error, *lookup_error, *arithmetic_error, *linalg_error;
} ExcClasses;

/* Classes of the builtin types, for type(), isinstance() and methods. */
typedef struct TypeClasses {
    ObjClass *object, *none, *bool_, *int_, *float_, *str, *list, *tuple, *dict,
        *range, *slice, *function, *builtin_function, *method, *class_, *module,
        *iterator, *tensor;
} TypeClasses;

/* Interned names the VM looks up often. */
typedef struct Names {
    ObjString *init, *call, *repr, *str, *len, *getitem, *setitem, *delitem, *iter,
        *next, *contains, *eq, *ne, *lt, *le, *gt, *ge, *bool_, *hash,
        *add, *sub, *mul, *truediv, *floordiv, *mod, *pow, *matmul,
        *and_, *or_, *xor, *lshift, *rshift, *neg, *pos, *invert,
        *radd, *rsub, *rmul, *rtruediv, *rfloordiv, *rmod, *rpow, *rmatmul,
        *message, *args, *traceback, *name_, *doc, *module_, *underscore,
        *main, *self, *empty, *class_, *getattr, *setattr, *not_implemented;
} Names;

typedef void (*OutputFn)(void *ud, const char *text, size_t len);

/* Where small objects come from (see memory.c): pages of one size class
   each, carved from arenas taken from the allocator hook. */
enum { POOL_GRAIN = 8, POOL_CLASSES = 32 }; /* objects of up to 256 bytes */
typedef struct PoolPage PoolPage;
typedef struct PoolArena PoolArena;
typedef struct ObjPool {
    bool enabled;                      /* with the default allocator only */
    PoolPage *with_room[POOL_CLASSES]; /* pages of each size class with a free slot */
    PoolPage *empty;                   /* pages holding nothing, for any class */
    PoolArena *arenas;
    size_t next_arena_size;
} ObjPool;

struct VM {
    /* memory */
    void *(*alloc)(void *ud, void *ptr, size_t old_size, size_t new_size);
    void *alloc_ud;
    size_t bytes_allocated;     /* everything live through the hook, tensors included */
    size_t next_gc;
    size_t memory_limit;        /* 0: none */
    bool gc_running;
    Obj *objects;
    Obj **gray;
    int gray_count, gray_cap;
    Value temp_roots[TEMP_ROOTS_MAX];
    int temp_root_count;

    /* interned strings: a set, weak (cleared of unmarked strings before sweep) */
    ObjString **strings;
    int strings_count, strings_cap, strings_tombstones;

    /* execution */
    Value *stack;               /* STACK_MAX values */
    Value *sp;
    CallFrame frames[FRAMES_MAX];
    int frame_count;
    Handler handlers[HANDLERS_MAX];
    int handler_count;
    ObjUpval *open_upvalues;
    int native_depth;
    int compare_depth;          /* nesting of == and < on containers */
    Value exception;            /* the exception being raised, or UNDEF */
    Value oom;                  /* a MemoryError made in advance: raising it needs no memory */
    bool making_exception;      /* inside vm_make_exception (see there) */
    /* Temporaries: in a*2.0 + b the tensor a*2.0 is held by nothing but the
       stack, so + may write into it instead of allocating, as NumPy does.
       reuse_left is set by a binary instruction that knows its left operand
       is a temporary (OPB_TEMP); fresh_result is the last result a
       tensor operator made; reuse_ok is true only while an operator method
       runs whose left operand is both. */
    Obj *reuse_left;
    Obj *fresh_result;
    bool reuse_ok;

    /* modules and names */
    ObjDict *builtins;
    ObjDict *modules;           /* name -> module */
    ObjModule *main_module;
    ObjList *search_path;       /* folders for "import name" of a name.nbl file */
    ObjList *argv;              /* sys.argv */
    ExcClasses exc;
    TypeClasses types;
    Names names;

    /* host services */
    OutputFn write_out, write_err;
    void *output_ud;
    bool allow_files, allow_env, allow_process;
    volatile sig_atomic_t interrupt;    /* 1: Ctrl-C, raised once; 2: the host's nb_interrupt,
                                           raised at every check until the eval ends */
    int64_t budget;             /* backward jumps and calls left; once spent, every
                                   check raises again, so code cannot catch its way out */
    int64_t budget_limit;       /* 0: no budget */
    bool init_failed;           /* a builtin could not be registered: vm_new fails */
    bool repl_mode;             /* expression statements echo their value */
    bool trace;                 /* print each instruction (NABLA_TRACE builds) */
    struct Compiler *compiler;  /* innermost active compiler: its protos are GC roots */

    /* the tensor engine */
    TnCtx tn;
    void *print_options;        /* lib/tensor printing options */
    void *lib_state[8];         /* per-module C state (random's default generator...) */

    ObjPool pool;               /* small objects (memory.c) */
};

/* ---- lifecycle */
typedef struct VMConfig {
    void *(*alloc)(void *ud, void *ptr, size_t old_size, size_t new_size);
    void *alloc_ud;
    OutputFn write_out, write_err;
    void *output_ud;
    size_t memory_limit;
    int64_t instruction_limit;
    bool sandbox;               /* no files, environment or processes */
} VMConfig;

VM *vm_new(const VMConfig *config);
void vm_free(VM *vm);

/* ---- running code
 * Each returns true on success; on failure vm->exception holds the error. */
bool vm_run_source(VM *vm, ObjModule *module, const char *source, size_t len,
                   const char *chunk_name, bool repl, Value *result);
bool vm_call(VM *vm, Value callee, int argc, Value *argv, Value *out);
bool vm_call_kw(VM *vm, Value callee, int argc, Value *argv, ObjDict *kwargs, Value *out);
bool vm_import(VM *vm, ObjString *name, Value *out);

/* ---- raising errors (each returns false, so natives can `return vm_raise(...)`) */
bool vm_raise(VM *vm, ObjClass *klass, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool vm_raise_value(VM *vm, Value exc);
bool vm_raise_tensor_error(VM *vm);     /* from vm->tn's error */
bool vm_raise_oom(VM *vm);
bool vm_raise_key_error(VM *vm, Value key);
/* Sets a field of an exception instance (e.g. "hint", "detail"), keeping
   both alive while the name is allocated.  False when out of memory. */
bool vm_set_exc_field(VM *vm, Value exc, const char *name, Value value);
bool vm_set_exc_text(VM *vm, Value exc, const char *name, const char *text);   /* KeyError(key), as Python makes it */
/* An exception instance with message text (not raised). */
Value vm_make_exception(VM *vm, ObjClass *klass, ObjString *message);
void vm_clear_exception(VM *vm);

/* ---- values */
ObjClass *vm_class_of(VM *vm, Value v);
const char *value_type_name(VM *vm, Value v);   /* "int", "Linear", ... */
bool value_repr(VM *vm, Value v, StrBuf *out);  /* false: raised */
bool value_str(VM *vm, Value v, StrBuf *out);   /* str(): strings unquoted */
ObjString *value_to_repr(VM *vm, Value v);      /* NULL: raised */
ObjString *value_to_str(VM *vm, Value v);
bool value_truthy(VM *vm, Value v, bool *out);
bool value_equal(VM *vm, Value a, Value b, bool *out);
bool value_identical(Value a, Value b);
/* -1, 0, 1 in *out; raises TypeError for unordered types. */
bool value_compare(VM *vm, Value a, Value b, int *out);
bool vm_binary_op(VM *vm, OpCode op, Value a, Value b, Value *out);
bool vm_get_attr(VM *vm, Value obj, ObjString *name, Value *out);
bool vm_set_attr(VM *vm, Value obj, ObjString *name, Value value);
bool vm_get_index(VM *vm, Value obj, Value index, Value *out);
bool vm_set_index(VM *vm, Value obj, Value index, Value value);
bool vm_len(VM *vm, Value v, int64_t *out);
bool vm_contains(VM *vm, Value container, Value item, bool *out);
bool vm_is_instance(VM *vm, Value v, ObjClass *klass);
ObjClass *class_find_method_owner(ObjClass *klass, ObjString *name, Value *out);

/* Ctrl-C, the host's interrupt and the instruction budget: false (raised)
   when the running code must stop.  The loop checks at backward jumps and
   calls; long-running builtins call it as they go. */
bool vm_check_limits(VM *vm);

/* ---- iteration: vm_iter_next returns 1 with a value, 0 when done, -1 on error */
bool vm_get_iter(VM *vm, Value iterable, Value *iter);
int vm_iter_next(VM *vm, Value iter, Value *out);
/* Collects any iterable into a new list. */
ObjList *vm_to_list(VM *vm, Value iterable);

/* ---- the stack and GC roots */
static inline void vm_push(VM *vm, Value v) { *vm->sp++ = v; }
static inline Value vm_pop(VM *vm) { return *--vm->sp; }
void gc_push_root(VM *vm, Value v);
void gc_pop_roots(VM *vm, int n);

/* ---- output */
void vm_write(VM *vm, const char *text, size_t len);
void vm_write_err(VM *vm, const char *text, size_t len);

/* ---- builtins: a table of these defines a module's functions or a class's methods */
typedef struct NativeSpec {
    const char *name;
    NativeFn fn;
    int min_args, max_args;     /* positional, receiver included for methods; max -1: any */
    const char *signature;
    const char *doc;
} NativeSpec;

void vm_define_natives(VM *vm, ObjDict *target, const NativeSpec *specs);  /* ends at name NULL */
void vm_define_methods(VM *vm, ObjClass *klass, const NativeSpec *specs);
ObjModule *vm_native_module(VM *vm, const char *name, const NativeSpec *specs, const char *doc);

/* Builtin modules written in C register here (lib/modules.c). */
typedef bool (*ModuleInit)(VM *vm, ObjModule *module);
typedef struct NativeModuleDef {
    const char *name;
    ModuleInit init;
} NativeModuleDef;
extern const NativeModuleDef native_modules[];  /* ends at name NULL */

#endif
