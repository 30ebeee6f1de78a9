/*
 * nabla.h - embedding Nabla in a C program.  This is the whole public API.
 *
 * A short tour:
 *
 *     #include <nabla.h>
 *
 *     nb_vm *vm = nb_new(NULL);                       // default config
 *     if (nb_eval(vm, "x = [1.0, 2.0] * 3", "setup") != NB_OK)
 *         fprintf(stderr, "%s\n", nb_error(vm)->message);
 *     double total;
 *     nb_eval(vm, "total = float(x.sum())", "sum");
 *     nb_get_float(vm, "total", &total);              // 9.0
 *     nb_free(vm);
 *
 * Contracts that hold everywhere:
 * - There is no global state: any number of nb_vm may live in one process,
 *   each used by one thread at a time.
 * - Every allocation goes through the allocator in nb_config (a
 *   realloc-style hook: new_size 0 frees), tensor storage included.
 * - Functions that can fail return an nb_status; on failure nb_error()
 *   describes what went wrong until the next call that runs code.
 * - Hitting a limit (instruction budget, memory cap) returns NB_ERR_LIMIT or
 *   NB_ERR_MEMORY and leaves the VM usable.
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

typedef enum nb_status {
    NB_OK = 0,
    NB_ERR_SYNTAX,      /* the source did not parse or compile */
    NB_ERR_RUNTIME,     /* the code raised an error nobody caught */
    NB_ERR_MEMORY,      /* an allocation failed or the memory cap was hit */
    NB_ERR_LIMIT,       /* the instruction budget ran out, or an interrupt */
    NB_ERR_USAGE,       /* a bad argument to an API function (no such global...) */
} nb_status;

/* What went wrong, valid until the next call that runs code. */
typedef struct nb_error_info {
    nb_status status;
    const char *kind;       /* "ValueError", "SyntaxError", ... */
    const char *message;    /* the message alone */
    const char *file;       /* chunk name where it happened, or "" */
    int line, column;       /* 1-based; 0 when unknown */
    const char *report;     /* the full report a person reads: message, carets, trace */
} nb_error_info;

typedef void *(*nb_alloc_fn)(void *ud, void *ptr, size_t old_size, size_t new_size);
typedef void (*nb_output_fn)(void *ud, const char *text, size_t len);

typedef struct nb_config {
    nb_alloc_fn alloc;          /* NULL: the C library's malloc */
    void *alloc_ud;
    nb_output_fn write_out;     /* print(); NULL: stdout */
    nb_output_fn write_err;     /* NULL: stderr */
    void *output_ud;
    size_t memory_limit;        /* bytes, tensors included; 0: none */
    int64_t instruction_limit;  /* backward jumps and calls per nb_eval; 0: none */
    bool sandbox;               /* no files, environment or processes */
} nb_config;

/* A C function callable from Nabla: argv[0..argc) in, *result out.
   Return false after nb_raise() to signal an error. */
typedef struct nb_value nb_value;
typedef bool (*nb_cfunction)(nb_vm *vm, int argc, const nb_value *argv, nb_value *result, void *ud);

NB_API const char *nb_version(void);

/* Creates a VM; NULL when memory runs out.  config may be NULL. */
NB_API nb_vm *nb_new(const nb_config *config);
/* Frees the VM and everything it allocated. */
NB_API void nb_free(nb_vm *vm);

/* Compiles and runs source in the VM's main module. */
NB_API nb_status nb_eval(nb_vm *vm, const char *source, const char *chunk_name);
NB_API const nb_error_info *nb_error(nb_vm *vm);

/* Asks a running nb_eval to stop with NB_ERR_LIMIT at its next backward
   jump or call.  Safe to call from another thread or a signal handler. */
NB_API void nb_interrupt(nb_vm *vm);

/* Globals of the main module. */
NB_API nb_status nb_set_float(nb_vm *vm, const char *name, double v);
NB_API nb_status nb_set_int(nb_vm *vm, const char *name, int64_t v);
NB_API nb_status nb_set_string(nb_vm *vm, const char *name, const char *utf8);
NB_API nb_status nb_get_float(nb_vm *vm, const char *name, double *out);   /* int ok */
NB_API nb_status nb_get_int(nb_vm *vm, const char *name, int64_t *out);
/* A copy of a string global, valid until the next call on vm. */
NB_API nb_status nb_get_string(nb_vm *vm, const char *name, const char **out);

#ifdef __cplusplus
}
#endif

#endif
