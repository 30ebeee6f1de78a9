/*
 * tensor_lib.h - shared by the files that bind the tensor engine into the
 * language (tensor_*.c, linalg_module.c, random_module.c, io_module.c); not
 * used by anything else.
 *
 * The binding's rules, in one place:
 *  - A language number meeting a tensor is a NEP 50 "weak" 0-d tensor: it
 *    contributes only its kind to promotion (f32 tensor * 2.5 stays f32).
 *    A list or tuple argument is converted as array() would, strongly.
 *  - A result with no axes left (a full reduction, an element, an op on
 *    scalars) comes back as a plain int, float or bool, as NumPy's scalars
 *    behave; functions that make tensors on purpose (array, zeros, reshape,
 *    views) keep a 0-d tensor.
 *  - Every engine failure is raised through tl_raise, which adds the
 *    teaching display (shapes aligned from the right, a keepdims hint,
 *    the inner dimensions of a failed matrix product).
 *  - Parameters have NumPy's names and order; tl_args parses them.
 */
#ifndef NABLA_TENSOR_LIB_H
#define NABLA_TENSOR_LIB_H

#include "lib/args.h"
#include "lib/lib.h"
#include "tensor/print.h"
#include "tensor/tensor.h"

/* ---- per-VM state (the data of a userdata kept alive by a builtin) */

typedef struct TlState {
    TnPrintOptions print;               /* first: vm->print_options points here */
    ObjInstance *dtypes[TN_DTYPE_COUNT];/* the dtype values (builtins float64, ...) */
    ObjClass *dtype_class;
    ObjClass *flags_class;
    ObjClass *generator_class;          /* random.rng(seed) objects */
} TlState;

static inline TlState *tl_state(VM *vm)
{
    return (TlState *)vm->print_options;
}

/* ---- parsing arguments */

/*
 * Matches the call's arguments to spec, the parameter names in order
 * separated by spaces: "a axis= dtype= * keepdims=".  A name ending in '='
 * is optional, names after '*' are keyword-only.  vals[i] is the value of
 * parameter i or UNDEF_VAL when not given.  Raises for too many positional
 * arguments, unknown or repeated keywords and missing required parameters.
 * For a method, argv[0] (the receiver) fills the first parameter.
 */
bool tl_args(VM *vm, const char *fn, int argc, Value *argv, ObjDict *kwargs, const char *spec,
             Value *vals);

/* Edit distance of two short names, for "did you mean" (99 past 31 chars). */
int tl_edit_distance(const char *a, const char *b);

static inline bool tl_given(Value v)
{
    return !IS_UNDEF(v) && !IS_NONE(v);
}

bool tl_int(VM *vm, Value v, const char *fn, const char *param, int64_t dflt, int64_t *out);
bool tl_float(VM *vm, Value v, const char *fn, const char *param, double dflt, double *out);
bool tl_bool(VM *vm, Value v, bool dflt, bool *out);
/* axis=None (or absent): naxes -1 (every axis); an int; a tuple of ints. */
bool tl_axes(VM *vm, Value v, const char *fn, int *axes, int *naxes);
/* One axis or None: *has false for None/absent. */
bool tl_axis(VM *vm, Value v, const char *fn, int *axis, bool *has);
/* A shape: an int, a tuple or list of ints, or a 1-D integer tensor. */
bool tl_shape(VM *vm, Value v, const char *fn, const char *param, int *ndim, int64_t *shape);
/* The same, allowing negative lengths (reshape's -1; the engine checks). */
bool tl_shape_any(VM *vm, Value v, const char *fn, int *ndim, int64_t *shape);
/* A dtype: a dtype value, a name ("f32", "float32"), or the classes float,
   int and bool.  *given is false for None/absent (out untouched). */
bool tl_dtype(VM *vm, Value v, const char *fn, TnDType *out, bool *given);
/* The text of a str argument, or NULL (raised). */
const char *tl_str(VM *vm, Value v, const char *fn, const char *param);

/* ---- tensors from values */

/*
 * A tensor argument: borrowed from a tensor value, a weak 0-d tensor over
 * the value of a language number (no allocation: the header and storage
 * live in the TlArg itself, so a TlArg must not be copied once made), or a
 * new tensor converted from a nested list or tuple.
 */
typedef struct TlArg {
    Tensor *t;
    bool owned;
    bool was_scalar;        /* the value was a language number */
    Tensor hdr;
    TnStorage st;
    union {
        double f;
        int64_t i;
        bool b;
    } val;
} TlArg;

bool tl_arg(VM *vm, Value v, const char *fn, const char *param, TlArg *a);
void tl_arg_free(VM *vm, TlArg *a);

/* A new tensor from a number, a tensor (copied), or nested lists, tuples,
   ranges and tensors of equal shape (NULL: raised).  literal words the
   ragged error for a bracket literal. */
Tensor *tl_from_value(VM *vm, Value v, const char *fn, bool literal);

/* ---- results */

/* Wraps t as a tensor value (t NULL: raises the engine's error). */
bool tl_wrap(VM *vm, Tensor *t, Value *out);
/* As tl_wrap, but a 0-d result becomes a plain number. */
bool tl_result(VM *vm, Tensor *t, Value *out);
/* Element 0 of t as an int, float or bool. */
Value tl_scalar_value(const Tensor *t);
/* A tuple of n results (each wrapped by tl_result); frees them all on failure. */
bool tl_tuple(VM *vm, Tensor **ts, int n, Value *out);

/* The same, but every item stays a tensor (even a 0-d one). */
bool tl_tuple_keep(VM *vm, Tensor **ts, int n, Value *out);

/* Raises the engine's pending error, adding the teaching display. */
bool tl_raise(VM *vm);

/* The dtype value for dt (a builtin such as float64). */
Value tl_dtype_value(VM *vm, TnDType dt);

/* ---- per-area registration (each file's tables) */
bool tl_open_ops(VM *vm);           /* operators, elementwise functions (tensor_ops.c) */
bool tl_open_methods(VM *vm);       /* properties, reductions, shape (tensor_methods.c) */
bool tl_open_create(VM *vm);        /* array, zeros, arange, ... (tensor_create.c) */
bool tl_open_join(VM *vm);          /* concatenate, split, tile, take, einsum, ... (tensor_join.c) */
bool tl_open_index(VM *vm);         /* __getitem__, __setitem__ (tensor_index.c) */
bool tl_open_print(VM *vm);         /* __repr__, set_printoptions (tensor_print.c) */
bool tl_open_io(VM *vm);            /* save, load, read_csv, ... (io_module.c) */
bool tl_open_linalg(VM *vm, ObjModule *m);  /* linalg_module.c */
bool tl_open_random(VM *vm, ObjModule *m);  /* random_module.c */

/* Defines specs as builtin functions and, for those named in methods (a
   NULL-terminated list), as tensor methods too. */
void tl_define(VM *vm, const NativeSpec *specs, const char *const *methods);

#endif
