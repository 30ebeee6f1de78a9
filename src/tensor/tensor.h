/*
 * tensor.h - the core of the tensor engine: dtypes, the tensor header,
 * storage, the context every call takes, and errors.
 *
 * The engine is a plain C library: it knows nothing of the VM.  A tensor is a
 * small header (dtype, shape, strides, offset) over reference-counted
 * storage; views share the storage and only rewrite the header, as NumPy
 * does.  Every function that can fail takes a TnCtx, returns NULL (or false
 * or -1) on failure and leaves a message in ctx that names the problem, the
 * shapes involved and, where there is one, the fix.  Nothing aborts on bad
 * input.
 *
 * Ownership: a function returning Tensor * returns a new header the caller
 * owns and must give back with tn_free (which drops the storage reference).
 * Arguments are borrowed.
 */
#ifndef NABLA_TENSOR_H
#define NABLA_TENSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TN_MAX_DIMS 8

/* The dtypes, in NumPy's promotion order within each kind. */
typedef enum TnDType {
    TN_BOOL,
    TN_U8,
    TN_I32,
    TN_I64,
    TN_F32,
    TN_F64,
    TN_DTYPE_COUNT
} TnDType;

typedef enum TnError {
    TN_OK = 0,
    TN_ERR_SHAPE,   /* shapes do not broadcast / matmul dims / bad reshape */
    TN_ERR_DTYPE,   /* an operation not defined for a dtype, or an unsafe cast */
    TN_ERR_INDEX,   /* index out of range, bad index kind */
    TN_ERR_VALUE,   /* a bad argument value (negative size, bad axis, ...) */
    TN_ERR_MEMORY,  /* allocation refused or too large */
    TN_ERR_LINALG,  /* singular matrix, no convergence */
    TN_ERR_IO,      /* file errors, corrupt .npy/.csv */
} TnError;

/* Realloc-style allocator: new_size 0 frees; ptr NULL allocates. */
typedef void *(*TnAllocFn)(void *ud, void *ptr, size_t old_size, size_t new_size);

/*
 * Extra facts about the last error, for a front end that wants to draw them
 * (the VM prints both shapes aligned from the right with a marker under the
 * failing axis).  Fields not relevant to an error are left at -1 / 0.
 */
typedef struct TnErrorDetail {
    int nshapes;                        /* 0, 1 or 2 */
    int ndim[2];
    int64_t shape[2][TN_MAX_DIMS];
    TnDType dtype[2];
    int axis;                           /* the failing axis, counted from the
                                           right as a negative number for
                                           broadcasting; -1000 when none */
} TnErrorDetail;

typedef struct TnCtx {
    TnAllocFn alloc;
    void *alloc_ud;
    TnError err;
    char msg[512];          /* the message: "shapes f64[4,3] and f64[4] cannot be broadcast together" */
    char hint[256];         /* "" or a suggested fix */
    TnErrorDetail detail;
    int nthreads;           /* kernels may use up to this many threads; 1 = none */
} TnCtx;

/* Reference-counted storage shared by a tensor and its views. */
typedef struct TnStorage {
    int64_t refcount;
    size_t nbytes;
    void *data;
    /* Storage wrapped around a host buffer: release is called instead of
       freeing data.  NULL for storage the engine allocated. */
    void (*release)(void *release_ud, void *data);
    void *release_ud;
} TnStorage;

typedef struct Tensor {
    TnDType dtype;
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    int64_t strides[TN_MAX_DIMS];   /* in bytes, may be negative or zero */
    int64_t offset;                 /* in bytes from storage->data */
    int64_t size;                   /* product of shape */
    TnStorage *storage;
    bool is_view;                   /* shares storage with a tensor it was made from */
    bool weak;                      /* a 0-d tensor made from a language scalar:
                                       NEP 50 "weak" in promotion */
    bool readonly;                  /* broadcast_to results, like NumPy */
} Tensor;

/* ---- dtypes */
const char *tn_dtype_name(TnDType dt);          /* "f64" */
const char *tn_dtype_numpy_name(TnDType dt);    /* "float64" */
size_t tn_dtype_size(TnDType dt);
bool tn_dtype_from_name(const char *name, TnDType *out); /* "f64", "float64", "float", "int", "bool", ... */
bool tn_dtype_is_float(TnDType dt);
bool tn_dtype_is_int(TnDType dt);               /* u8, i32, i64 (not bool) */
/* NEP 50 promotion; a weak operand contributes only its kind. */
TnDType tn_promote(TnDType a, bool a_weak, TnDType b, bool b_weak);

/* ---- context */
void tn_ctx_init(TnCtx *ctx, TnAllocFn alloc, void *alloc_ud);
void tn_ctx_clear_error(TnCtx *ctx);
/* Sets ctx->err and formats ctx->msg; returns NULL so callers can
   `return tn_fail(...)`. */
void *tn_fail(TnCtx *ctx, TnError err, const char *fmt, ...);

/* ---- lifecycle */
Tensor *tn_empty(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape);
Tensor *tn_zeros(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape);
Tensor *tn_scalar_f64(TnCtx *ctx, double v, bool weak);   /* 0-d f64 */
Tensor *tn_scalar_i64(TnCtx *ctx, int64_t v, bool weak);  /* 0-d i64 */
Tensor *tn_scalar_bool(TnCtx *ctx, bool v);
/* A tensor over a host buffer, no copy; release(ud, data) when the last
   view is gone.  Strides in bytes. */
Tensor *tn_wrap(TnCtx *ctx, void *data, TnDType dt, int ndim, const int64_t *shape,
                const int64_t *strides, void (*release)(void *, void *), void *release_ud);
/* A new header over the same storage (refcount + 1), marked as a view. */
Tensor *tn_view(TnCtx *ctx, const Tensor *t);
void tn_free(TnCtx *ctx, Tensor *t);

/* ---- queries */
bool tn_is_contiguous(const Tensor *t);         /* C order */
bool tn_is_f_contiguous(const Tensor *t);
static inline void *tn_data(const Tensor *t)
{
    return (char *)t->storage->data + t->offset;
}
/* "f64[2,3]" into buf; returns buf. */
char *tn_shape_str(char *buf, size_t size, TnDType dt, int ndim, const int64_t *shape);

/* A C-contiguous copy (or a new view of t when already contiguous). */
Tensor *tn_contiguous(TnCtx *ctx, const Tensor *t);
Tensor *tn_copy(TnCtx *ctx, const Tensor *t);   /* always a new contiguous tensor */
Tensor *tn_astype(TnCtx *ctx, const Tensor *t, TnDType dt);

/* Element access for scalars and tests: value at a flat C-order index of
   a (possibly strided) tensor, converted. */
double tn_get_f64(const Tensor *t, int64_t flat_index);
int64_t tn_get_i64(const Tensor *t, int64_t flat_index);

/* ---- additions: errors, memory, element access */

/* Dtype kinds in promotion order: a weak scalar only contributes its kind. */
typedef enum TnKind { TN_KIND_BOOL, TN_KIND_INT, TN_KIND_FLOAT } TnKind;
TnKind tn_dtype_kind(TnDType dt);
/* The dtype of a language scalar of a kind: bool, i64 or f64. */
TnDType tn_kind_default(TnKind k);
/* True when every value of `from` is exactly representable in `to`. */
bool tn_can_cast_safely(TnDType from, TnDType to);

/* A suggested fix for the error just set with tn_fail. */
void tn_hint(TnCtx *ctx, const char *fmt, ...);
/* Records the shapes of the error just set (b may be NULL) and the failing
   axis (-1000 for none). */
void tn_detail(TnCtx *ctx, const Tensor *a, const Tensor *b, int axis);
void tn_detail_shapes(TnCtx *ctx, TnDType da, int na, const int64_t *sa,
                      TnDType db, int nb, const int64_t *sb, int axis);

/* Allocation through the context's hook; failure sets TN_ERR_MEMORY.
   tn_mem_free takes the size given to tn_mem_alloc. */
void *tn_mem_alloc(TnCtx *ctx, size_t size);
void tn_mem_free(TnCtx *ctx, void *p, size_t size);

/* Product of a shape with every entry checked (>= 0, no int64 overflow);
   false with an error naming the shape otherwise. */
bool tn_shape_size(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape, int64_t *size);
bool tn_same_shape(const Tensor *a, const Tensor *b);

/* A 0-d tensor of any dtype holding v converted (NaN to int is INT_MIN, as
   NumPy on x86). */
Tensor *tn_scalar(TnCtx *ctx, TnDType dt, double v);
/* A new header over t's storage with the given geometry (bytes); the
   caller has checked that it stays inside the storage. */
Tensor *tn_view_as(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape,
                   const int64_t *strides, int64_t offset);
/* Recomputes t->size from t->shape (after editing a header in place). */
void tn_update_size(Tensor *t);

/* Writes every element of src into dst (same shape), converting dtypes.
   Used by copy, astype and indexed assignment. dst must not partially
   overlap src (exact aliasing is fine). */
bool tn_copy_into(TnCtx *ctx, Tensor *dst, const Tensor *src);
/* True when a and b may share memory (same storage, overlapping bytes). */
bool tn_may_share_memory(const Tensor *a, const Tensor *b);

void tn_set_f64(Tensor *t, int64_t flat_index, double v);
void tn_set_i64(Tensor *t, int64_t flat_index, int64_t v);
/* Converted loads and stores of one element at p. */
double tn_load_f64(const void *p, TnDType dt);
int64_t tn_load_i64(const void *p, TnDType dt);
void tn_store_f64(void *p, TnDType dt, double v);
void tn_store_i64(void *p, TnDType dt, int64_t v);
/* An axis in [-ndim, ndim) normalised to [0, ndim), or -1 with an error
   naming the axis, ndim and (when t is given) the shape. */
int tn_normalize_axis(TnCtx *ctx, int axis, int ndim, const Tensor *t);
/* Byte offset of a flat C-order index within a strided tensor. */
int64_t tn_flat_offset(const Tensor *t, int64_t flat_index);

#endif
