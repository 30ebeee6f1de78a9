/*
 * nabla.h - embedding Nabla in a C program.  This is the whole public API.
 *
 * A short tour
 * ------------
 *     #include <nabla.h>
 *
 *     nb_vm *vm = nb_new(NULL);                       // default config
 *     if (nb_eval(vm, "x = [1.0, 2.0] * 3", "setup") != NB_OK)
 *         fprintf(stderr, "%s", nb_error(vm)->report);
 *     double total;
 *     nb_eval(vm, "total = float(x.sum())", "sum");
 *     nb_get_float(vm, "total", &total);              // 9.0
 *     nb_free(vm);
 *
 * Values cross the boundary as handles.  An nb_ref names a value the host
 * holds; the value stays alive (the collector will not free it) until
 * nb_release:
 *
 *     nb_ref f = nb_get_global(vm, "f");              // a function of the script
 *     nb_ref arg = nb_float(vm, 2.0), out;
 *     if (nb_call(vm, f, 1, &arg, &out) == NB_OK) {
 *         double y;
 *         nb_to_float(vm, out, &y);
 *         nb_release(vm, out);
 *     }
 *     nb_release(vm, arg);
 *     nb_release(vm, f);
 *
 * C functions become Nabla functions with a name, an arity, a signature and
 * a doc string (help() shows them), in an importable module:
 *
 *     static bool host_clamp(nb_vm *vm, int argc, const nb_ref *argv,
 *                            nb_ref *result, void *ud) {
 *         double x;
 *         if (nb_to_float(vm, argv[0], &x) != NB_OK)
 *             return nb_raise(vm, "TypeError", "clamp() needs a number");
 *         *result = nb_float(vm, x < 0 ? 0 : x > 1 ? 1 : x);
 *         return true;
 *     }
 *     static const nb_function game_fns[] = {
 *         {"clamp", host_clamp, 1, 1, "clamp(x)", "x limited to [0, 1]."},
 *         {NULL, NULL, 0, 0, NULL, NULL},
 *     };
 *     nb_register(vm, "game", game_fns, NULL);        // then: import game
 *
 * A host buffer becomes a tensor without a copy (nb_tensor_wrap), and the
 * host reads a tensor's memory in place (nb_tensor_data, nb_tensor_dlpack).
 *
 * Untrusted code: set nb_config.sandbox (no files, environment or
 * processes), memory_limit and instruction_limit; nb_interrupt stops a
 * running call from another thread.
 *
 * Contracts that hold everywhere
 * ------------------------------
 * - There is no global state: any number of nb_vm may live in one process,
 *   each used by one thread at a time (nb_interrupt excepted).
 * - Every allocation goes through the allocator in nb_config (a
 *   realloc-style hook: new_size 0 frees), tensor storage included; after
 *   nb_free every byte it handed out has been given back.  (OpenBLAS's own
 *   work buffers and the collector's small mark stack are the exceptions.)
 * - Functions that can fail return an nb_status (or NB_NOREF for those that
 *   return a ref); on failure nb_error() describes what went wrong until the
 *   next failing call.  A bad argument (a ref that is not live, a value of
 *   the wrong type) is NB_ERR_USAGE, never a crash.
 * - Hitting a limit (instruction budget, memory cap, an interrupt) returns
 *   NB_ERR_LIMIT or NB_ERR_MEMORY and leaves the VM usable: its globals are
 *   as the interrupted code left them, and the next call runs normally.
 * - Strings are UTF-8 and NUL-terminated in both directions (nb_string_len
 *   and nb_to_string also carry a length, for text holding NUL bytes).
 */
#ifndef NABLA_H
#define NABLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define NB_API __declspec(dllexport)
#else
#define NB_API __attribute__((visibility("default")))
#endif

typedef struct VM nb_vm;
typedef int32_t nb_ref;     /* a value the host holds: see "values through refs" */

typedef enum nb_status {
    NB_OK = 0,
    NB_ERR_SYNTAX,      /* the source did not parse or compile */
    NB_ERR_RUNTIME,     /* the code raised an error nobody caught */
    NB_ERR_MEMORY,      /* an allocation failed or the memory cap was hit */
    NB_ERR_LIMIT,       /* the instruction budget ran out, or an interrupt */
    NB_ERR_USAGE,       /* a bad argument to an API function (no such global...) */
} nb_status;

/* What went wrong.  The strings belong to the VM and stay valid until the
   next call on it that fails (or nb_free). */
typedef struct nb_error_info {
    nb_status status;
    const char *kind;       /* "ValueError", "SyntaxError", "UsageError", ... */
    const char *message;    /* the message alone */
    const char *file;       /* chunk name where it happened, or "" */
    int line, column;       /* 1-based; 0 when unknown */
    const char *report;     /* the full report a person reads: message, carets, trace */
    const char *trace;      /* one line per call, outermost first: "file:line:col in name\n" */
} nb_error_info;

typedef void *(*nb_alloc_fn)(void *ud, void *ptr, size_t old_size, size_t new_size);
typedef void (*nb_output_fn)(void *ud, const char *text, size_t len);

/* What a sandboxed VM may still do (nb_config.allow, nb_set_access). */
enum {
    NB_ALLOW_FILES = 1 << 0,    /* import of .nbl files, load/save/read_csv..., input() */
    NB_ALLOW_ENV = 1 << 1,      /* environment variables */
    NB_ALLOW_PROCESS = 1 << 2,  /* running or signalling processes */
    NB_ALLOW_ALL = 7,
};

typedef struct nb_config {
    nb_alloc_fn alloc;          /* NULL: the C library's malloc (small objects then come
                                   from pooled blocks; a hook given here sees every object) */
    void *alloc_ud;
    nb_output_fn write_out;     /* print(); NULL: stdout */
    nb_output_fn write_err;     /* NULL: stderr */
    void *output_ud;
    size_t memory_limit;        /* bytes, tensors included; 0: none */
    int64_t instruction_limit;  /* backward jumps and calls per top-level call; 0: none */
    bool sandbox;               /* no files, environment or processes ... */
    unsigned allow;             /* ... except these NB_ALLOW_* grants */
} nb_config;

NB_API const char *nb_version(void);

/* ---- lifecycle ---------------------------------------------------------- */

/* Creates a VM; NULL when memory runs out (nothing is leaked).  config may
   be NULL; it is copied. */
NB_API nb_vm *nb_new(const nb_config *config);
/* Frees the VM and everything it allocated; refs die with it.  Release
   callbacks of wrapped tensors still alive run here.  vm may be NULL. */
NB_API void nb_free(nb_vm *vm);

/* ---- running code ------------------------------------------------------- */

/* Compiles and runs source in the VM's main module.  chunk_name (NULL:
   "<eval>") names the source in errors. */
NB_API nb_status nb_eval(nb_vm *vm, const char *source, const char *chunk_name);
/* As nb_eval; when the source ends in an expression its value is stored in
   *result as a new ref (None otherwise).  *result is NB_NOREF on failure. */
NB_API nb_status nb_eval_value(nb_vm *vm, const char *source, const char *chunk_name, nb_ref *result);
/* The last failure; never NULL.  After a success it still describes the
   last failure (status NB_OK when there was none). */
NB_API const nb_error_info *nb_error(nb_vm *vm);

/* ---- limits ------------------------------------------------------------- */

/* Asks a running call to stop with NB_ERR_LIMIT (KeyboardInterrupt) at its
   next backward jump, call or sleep.  Safe to call from another thread or a
   signal handler.  Each top-level nb_eval / nb_eval_value / nb_call clears a
   pending interrupt when it starts, so an interrupt aimed at a call that has
   already returned does not stop the next one. */
NB_API void nb_interrupt(nb_vm *vm);
/* Replaces the limits of nb_config; 0 removes one.  A memory limit below
   what is already in use makes every further allocation fail until memory
   is freed.  The instruction budget is renewed at each top-level call. */
NB_API void nb_set_limits(nb_vm *vm, size_t memory_limit, int64_t instruction_limit);
/* Grants exactly the NB_ALLOW_* bits in allow (NB_ALLOW_ALL: everything;
   0: a full sandbox). */
NB_API void nb_set_access(nb_vm *vm, unsigned allow);
/* Adds a folder where `import name` looks for name.nbl (only when files are
   allowed); a new VM has none. */
NB_API nb_status nb_add_import_path(nb_vm *vm, const char *folder);
/* Bytes the VM holds now through its allocator (tensors included); small
   objects on the default allocator count the 16 KiB pages they occupy, free
   room included, which is also what the memory limit holds to. */
NB_API size_t nb_memory_used(nb_vm *vm);

/* ---- globals of the main module, by name -------------------------------- */

NB_API nb_status nb_set_float(nb_vm *vm, const char *name, double v);
NB_API nb_status nb_set_int(nb_vm *vm, const char *name, int64_t v);
NB_API nb_status nb_set_string(nb_vm *vm, const char *name, const char *utf8);
NB_API nb_status nb_get_float(nb_vm *vm, const char *name, double *out);   /* int, bool ok */
NB_API nb_status nb_get_int(nb_vm *vm, const char *name, int64_t *out);    /* bool ok */
/* A copy of a string global, valid until the next call on vm. */
NB_API nb_status nb_get_string(nb_vm *vm, const char *name, const char **out);

/* ---- values through refs ------------------------------------------------ */

/*
 * A ref is a small positive integer naming a value the host holds.  Every
 * function returning an nb_ref returns a NEW ref the caller must give back
 * with nb_release, or NB_NOREF (0) on failure with nb_error() set.  Refs
 * are per VM; a released ref number may be handed out again.  Passing
 * NB_NOREF or a released ref to a function is NB_ERR_USAGE.
 */
#define NB_NOREF ((nb_ref)0)

typedef enum nb_type {
    NB_TYPE_INVALID = 0,    /* not a live ref */
    NB_TYPE_NONE,
    NB_TYPE_BOOL,
    NB_TYPE_INT,
    NB_TYPE_FLOAT,
    NB_TYPE_STRING,
    NB_TYPE_LIST,
    NB_TYPE_TUPLE,
    NB_TYPE_DICT,
    NB_TYPE_TENSOR,
    NB_TYPE_FUNCTION,       /* anything callable: functions, builtins, classes, methods */
    NB_TYPE_OTHER,          /* instances, modules, ranges, ... */
} nb_type;

/* Gives a ref back; NB_NOREF is ignored.  Returns NB_ERR_USAGE for a ref
   that is not live. */
NB_API nb_status nb_release(nb_vm *vm, nb_ref ref);
/* A second ref to the same value (e.g. to keep a C function's argument). */
NB_API nb_ref nb_dup(nb_vm *vm, nb_ref ref);
/* How many refs are live: a host's leak check. */
NB_API int nb_ref_count(nb_vm *vm);

/* Constructors: a new ref, or NB_NOREF when out of memory. */
NB_API nb_ref nb_none(nb_vm *vm);
NB_API nb_ref nb_bool(nb_vm *vm, bool v);
NB_API nb_ref nb_int(nb_vm *vm, int64_t v);
NB_API nb_ref nb_float(nb_vm *vm, double v);
NB_API nb_ref nb_string(nb_vm *vm, const char *utf8);
/* len bytes (may hold NUL bytes; invalid UTF-8 is NB_ERR_USAGE). */
NB_API nb_ref nb_string_len(nb_vm *vm, const char *utf8, size_t len);
NB_API nb_ref nb_list_new(nb_vm *vm);
NB_API nb_ref nb_dict_new(nb_vm *vm);

/* Readers.  The type of a live ref, NB_TYPE_INVALID otherwise. */
NB_API nb_type nb_type_of(nb_vm *vm, nb_ref ref);
/* The language's name of its type: "int", "tensor", "Linear"; "" when not live. */
NB_API const char *nb_type_name(nb_vm *vm, nb_ref ref);
/* A float, int or bool as a double. */
NB_API nb_status nb_to_float(nb_vm *vm, nb_ref ref, double *out);
/* An int or bool (a float is NB_ERR_USAGE: no silent truncation). */
NB_API nb_status nb_to_int(nb_vm *vm, nb_ref ref, int64_t *out);
/* The truth of any value, as `if` sees it (may run __bool__ or __len__). */
NB_API nb_status nb_to_bool(nb_vm *vm, nb_ref ref, bool *out);
/* The bytes of a str, valid while the ref is live; len may be NULL. */
NB_API nb_status nb_to_string(nb_vm *vm, nb_ref ref, const char **out, size_t *len);
/* str(value) as the language prints it, into a buffer valid until the next
   call on vm (may run __str__ / __repr__). */
NB_API nb_status nb_to_display(nb_vm *vm, nb_ref ref, const char **out);

/* Lists (and, for reading, tuples). */
NB_API nb_status nb_list_append(nb_vm *vm, nb_ref list, nb_ref item);
/* The length of a list or tuple; -1 (NB_ERR_USAGE) for anything else. */
NB_API int64_t nb_list_len(nb_vm *vm, nb_ref list);
/* Item index (negative counts from the end) as a new ref. */
NB_API nb_ref nb_list_get(nb_vm *vm, nb_ref list, int64_t index);
NB_API nb_status nb_list_set(nb_vm *vm, nb_ref list, int64_t index, nb_ref item);

/* Dicts, by str key (the common case) or by any hashable key. */
NB_API nb_status nb_dict_set(nb_vm *vm, nb_ref dict, const char *key, nb_ref value);
/* A new ref to d[key]; NB_NOREF with NB_ERR_USAGE when the key is missing. */
NB_API nb_ref nb_dict_get(nb_vm *vm, nb_ref dict, const char *key);
NB_API nb_status nb_dict_set_ref(nb_vm *vm, nb_ref dict, nb_ref key, nb_ref value);
NB_API nb_ref nb_dict_get_ref(nb_vm *vm, nb_ref dict, nb_ref key);
NB_API int64_t nb_dict_len(nb_vm *vm, nb_ref dict);
/* The keys in insertion order, as a new list. */
NB_API nb_ref nb_dict_keys(nb_vm *vm, nb_ref dict);

/* Globals of the main module.  nb_get_global falls back to the builtins
   (so nb_get_global(vm, "len") works); NB_NOREF with NB_ERR_USAGE when the
   name is not defined. */
NB_API nb_ref nb_get_global(nb_vm *vm, const char *name);
NB_API nb_status nb_set_global(nb_vm *vm, const char *name, nb_ref value);
/* An attribute of any value: nb_get_attr(vm, tensor, "shape"), or of a
   module, or a method bound to its receiver (may run a property). */
NB_API nb_ref nb_get_attr(nb_vm *vm, nb_ref obj, const char *name);

/* Calls fn(args[0..argc)).  On NB_OK *result is a new ref to the return
   value; otherwise NB_NOREF, with the same statuses and error information
   as nb_eval.  result may be NULL to drop the value.  May be called from
   inside a C function (a nested call: it shares the running instruction
   budget instead of renewing it). */
NB_API nb_status nb_call(nb_vm *vm, nb_ref fn, int argc, const nb_ref *args, nb_ref *result);

/* ---- C functions -------------------------------------------------------- */

/*
 * A C function callable from Nabla.  argv[0..argc) are refs owned by the
 * VM and valid during the call only (nb_dup one to keep it).  On success
 * store a new ref in *result (the VM takes it over; leaving NB_NOREF
 * returns None) and return true.  To fail, return nb_raise(...), or return
 * false right after an nb_call / nb_eval failed to pass that error on.
 * argc is already checked against min_args / max_args.
 */
typedef bool (*nb_cfunction)(nb_vm *vm, int argc, const nb_ref *argv, nb_ref *result, void *ud);

typedef struct nb_function {
    const char *name;       /* NULL ends a table */
    nb_cfunction fn;
    int min_args, max_args; /* max_args -1: any number */
    const char *signature;  /* "clamp(x, lo=0, hi=1)"; NULL: name() */
    const char *doc;        /* a paragraph, then examples; may be NULL */
} nb_function;

/*
 * Registers the functions of a table (ending at name NULL) into module
 * `module`, which is created when it does not exist, with `import module`
 * finding it (a builtin module of that name, such as math, is extended).
 * module NULL puts them among the builtins, visible to all code without an
 * import.  The strings are copied; ud is passed to every call.
 */
NB_API nb_status nb_register(nb_vm *vm, const char *module, const nb_function *fns, void *ud);
/* Sets a module's doc string (help(module) shows it); creates the module. */
NB_API nb_status nb_module_doc(nb_vm *vm, const char *module, const char *doc);
/* Sets a module attribute (a constant, a class...); creates the module. */
NB_API nb_status nb_module_set(nb_vm *vm, const char *module, const char *name, nb_ref value);

/* Raises an error of class `kind` ("ValueError", "TypeError", ...; an
   unknown name raises RuntimeError) with a printf-formatted message from a
   C function.  Returns false, for `return nb_raise(...)`. */
NB_API bool nb_raise(nb_vm *vm, const char *kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- tensors ------------------------------------------------------------ */

typedef enum nb_dtype { NB_BOOL, NB_U8, NB_I32, NB_I64, NB_F32, NB_F64 } nb_dtype;
#define NB_MAX_DIMS 8

typedef void (*nb_release_fn)(void *ud, void *data);

/*
 * A tensor over a host buffer, without a copy.  strides are in BYTES (as
 * NumPy's .strides), NULL for C order; they may be zero or negative.  The
 * host keeps data valid and does not free it until release(release_ud,
 * data) is called, which happens once when the last tensor viewing it is
 * freed (at the latest in nb_free); release may be NULL.  On failure
 * (NB_NOREF) release is not called and the buffer stays the host's.  The
 * VM cannot check that the buffer is as large as shape and strides say.
 */
NB_API nb_ref nb_tensor_wrap(nb_vm *vm, void *data, nb_dtype dtype, int ndim, const int64_t *shape,
                             const int64_t *strides, nb_release_fn release, void *release_ud);
/* A new tensor of zeros, its storage owned by the VM (and counted against
   the memory limit); fill it through nb_tensor_data. */
NB_API nb_ref nb_tensor_new(nb_vm *vm, nb_dtype dtype, int ndim, const int64_t *shape);

typedef struct nb_tensor_info {
    void *data;                     /* the first element */
    nb_dtype dtype;
    int ndim;
    int64_t shape[NB_MAX_DIMS];
    int64_t strides[NB_MAX_DIMS];   /* bytes */
    int64_t size;                   /* number of elements */
    size_t itemsize;                /* bytes per element */
    bool contiguous;                /* C order, no gaps */
    bool readonly;                  /* a broadcast view: do not write */
} nb_tensor_info;

/*
 * Where a tensor's elements are.  With contiguous true and a tensor that is
 * not C-contiguous, the ref is first re-pointed at a C-contiguous copy (the
 * script's value is untouched; writes through the copy do not reach it).
 * out->data stays valid while the ref holds the tensor.
 */
NB_API nb_status nb_tensor_data(nb_vm *vm, nb_ref tensor, bool contiguous, nb_tensor_info *out);

/* DLPack's DLTensor, field for field (kDLCPU device; strides in ELEMENTS;
   dtype codes: 0 int, 1 uint, 2 float, 6 bool).  A pointer to the first
   seven fields may be passed where a DLTensor * is expected. */
typedef struct nb_dlpack {
    void *data;
    struct {
        int32_t device_type;        /* 1: CPU */
        int32_t device_id;
    } device;
    int32_t ndim;
    struct {
        uint8_t code, bits;
        uint16_t lanes;
    } dtype;
    int64_t *shape;                 /* point at shape_buf / strides_buf below */
    int64_t *strides;
    uint64_t byte_offset;
    int64_t shape_buf[NB_MAX_DIMS];
    int64_t strides_buf[NB_MAX_DIMS];
} nb_dlpack;

/* Describes a tensor in DLPack's terms, valid while the ref holds it. */
NB_API nb_status nb_tensor_dlpack(nb_vm *vm, nb_ref tensor, nb_dlpack *out);
/* Wraps a DLPack-described CPU buffer (no copy), as nb_tensor_wrap does;
   release gets (release_ud, (char *)dl->data + dl->byte_offset).  strides
   NULL: C order. */
NB_API nb_ref nb_tensor_from_dlpack(nb_vm *vm, const nb_dlpack *dl, nb_release_fn release,
                                    void *release_ud);

#ifdef __cplusplus
}
#endif

#endif
