/*
 * tensor.c - dtypes and promotion, the context and its errors, tensor
 * lifecycle (storage, headers, views), contiguity, copies and casts.
 */
#define TN_KERNEL_FILE
#include "kernel.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* ---- dtypes */

typedef struct DTypeInfo {
    const char *name, *numpy_name;
    size_t size;
    TnKind kind;
} DTypeInfo;

static const DTypeInfo DTYPES[] = {
    [TN_BOOL] = {"bool", "bool", 1, TN_KIND_BOOL},
    [TN_U8] = {"u8", "uint8", 1, TN_KIND_INT},
    [TN_I32] = {"i32", "int32", 4, TN_KIND_INT},
    [TN_I64] = {"i64", "int64", 8, TN_KIND_INT},
    [TN_F32] = {"f32", "float32", 4, TN_KIND_FLOAT},
    [TN_F64] = {"f64", "float64", 8, TN_KIND_FLOAT},
};
_Static_assert(sizeof DTYPES / sizeof DTYPES[0] == TN_DTYPE_COUNT, "one entry per dtype");

static bool dtype_ok(TnDType dt)
{
    return (unsigned)dt < TN_DTYPE_COUNT;
}

const char *tn_dtype_name(TnDType dt)
{
    return dtype_ok(dt) ? DTYPES[dt].name : "?";
}

const char *tn_dtype_numpy_name(TnDType dt)
{
    return dtype_ok(dt) ? DTYPES[dt].numpy_name : "?";
}

size_t tn_dtype_size(TnDType dt)
{
    return dtype_ok(dt) ? DTYPES[dt].size : 0;
}

TnKind tn_dtype_kind(TnDType dt)
{
    return DTYPES[dt].kind;
}

TnDType tn_kind_default(TnKind k)
{
    return k == TN_KIND_BOOL ? TN_BOOL : k == TN_KIND_INT ? TN_I64 : TN_F64;
}

bool tn_dtype_is_float(TnDType dt)
{
    return dt == TN_F32 || dt == TN_F64;
}

bool tn_dtype_is_int(TnDType dt)
{
    return dt == TN_U8 || dt == TN_I32 || dt == TN_I64;
}

bool tn_dtype_from_name(const char *name, TnDType *out)
{
    static const struct { const char *name; TnDType dt; } names[] = {
        {"bool", TN_BOOL}, {"bool_", TN_BOOL}, {"b1", TN_BOOL},
        {"u8", TN_U8}, {"uint8", TN_U8}, {"ubyte", TN_U8},
        {"i32", TN_I32}, {"int32", TN_I32}, {"intc", TN_I32},
        {"i64", TN_I64}, {"int64", TN_I64}, {"int", TN_I64}, {"int_", TN_I64},
        {"f32", TN_F32}, {"float32", TN_F32}, {"single", TN_F32},
        {"f64", TN_F64}, {"float64", TN_F64}, {"float", TN_F64}, {"double", TN_F64},
        {"float_", TN_F64},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].dt;
            return true;
        }
    return false;
}

/*
 * NumPy's promotion table restricted to our dtypes.  Note i32 with f32 is
 * f64: f32 cannot hold every i32 exactly.
 */
#define B TN_BOOL
#define U TN_U8
#define I TN_I32
#define L TN_I64
#define F TN_F32
#define D TN_F64
static const unsigned char PROMOTE[TN_DTYPE_COUNT][TN_DTYPE_COUNT] = {
    /*        bool u8 i32 i64 f32 f64 */
    /*bool*/ {B, U, I, L, F, D},
    /*u8  */ {U, U, I, L, F, D},
    /*i32 */ {I, I, I, L, D, D},
    /*i64 */ {L, L, L, L, D, D},
    /*f32 */ {F, F, D, D, F, D},
    /*f64 */ {D, D, D, D, D, D},
};
#undef B
#undef U
#undef I
#undef L
#undef F
#undef D

TnDType tn_promote(TnDType a, bool a_weak, TnDType b, bool b_weak)
{
    /* NEP 50: a weak (language) scalar only contributes its kind; it
       adopts the other operand's dtype when that is of the same kind or
       higher, else the default dtype of its own kind. */
    if (a_weak && !b_weak)
        return DTYPES[a].kind <= DTYPES[b].kind ? b : tn_kind_default(DTYPES[a].kind);
    if (b_weak && !a_weak)
        return DTYPES[b].kind <= DTYPES[a].kind ? a : tn_kind_default(DTYPES[b].kind);
    return (TnDType)PROMOTE[a][b];
}

bool tn_can_cast_safely(TnDType from, TnDType to)
{
    return PROMOTE[from][to] == to;
}

/* ---- context and errors */

static void *default_alloc(void *ud, void *ptr, size_t old_size, size_t new_size);

void tn_ctx_init(TnCtx *ctx, TnAllocFn alloc, void *alloc_ud)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc = alloc;
    ctx->alloc_ud = alloc_ud;
    ctx->nthreads = 1;
    tn_ctx_clear_error(ctx);
}

void tn_ctx_clear_error(TnCtx *ctx)
{
    ctx->err = TN_OK;
    ctx->msg[0] = '\0';
    ctx->hint[0] = '\0';
    memset(&ctx->detail, 0, sizeof ctx->detail);
    ctx->detail.axis = -1000;
}

void *tn_fail(TnCtx *ctx, TnError err, const char *fmt, ...)
{
    tn_ctx_clear_error(ctx);
    ctx->err = err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
    va_end(ap);
    return NULL;
}

void tn_hint(TnCtx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->hint, sizeof ctx->hint, fmt, ap);
    va_end(ap);
}

void tn_detail_shapes(TnCtx *ctx, TnDType da, int na, const int64_t *sa,
                      TnDType db, int nb, const int64_t *sb, int axis)
{
    TnErrorDetail *d = &ctx->detail;
    d->nshapes = sb ? 2 : 1;
    d->ndim[0] = na;
    d->dtype[0] = da;
    if (na > 0) /* a 0-d shape may come as NULL */
        memcpy(d->shape[0], sa, sizeof(int64_t) * (size_t)na);
    if (sb) {
        d->ndim[1] = nb;
        d->dtype[1] = db;
        if (nb > 0)
            memcpy(d->shape[1], sb, sizeof(int64_t) * (size_t)nb);
    }
    d->axis = axis;
}

void tn_detail(TnCtx *ctx, const Tensor *a, const Tensor *b, int axis)
{
    tn_detail_shapes(ctx, a->dtype, a->ndim, a->shape, b ? b->dtype : TN_F64, b ? b->ndim : 0,
                     b ? b->shape : NULL, axis);
}

/* ---- memory */

static void *default_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    (void)ptr;
    (void)new_size;
    return NULL;
}

static void *ctx_realloc(TnCtx *ctx, void *p, size_t old_size, size_t new_size)
{
    TnAllocFn fn = ctx->alloc ? ctx->alloc : default_alloc;
    return fn(ctx->alloc_ud, p, old_size, new_size);
}

/* "7.45 GiB" for an error message. */
static void human_bytes(char *buf, size_t size, double bytes)
{
    static const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 6) {
        bytes /= 1024.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, size, "%.0f bytes", bytes);
    else
        snprintf(buf, size, "%.2f %s", bytes, units[u]);
}

void *tn_mem_alloc(TnCtx *ctx, size_t size)
{
    void *p = ctx_realloc(ctx, NULL, 0, size ? size : 1);
    if (!p) {
        char h[32];
        human_bytes(h, sizeof h, (double)size);
        tn_fail(ctx, TN_ERR_MEMORY, "out of memory: cannot allocate %s (%zu bytes)", h, size);
    }
    return p;
}

void tn_mem_free(TnCtx *ctx, void *p, size_t size)
{
    if (p)
        ctx_realloc(ctx, p, size ? size : 1, 0);
}

/* ---- storage */

/* Engine storage is one block: the header padded to TN_ALIGN, then data. */
#define STORAGE_HDR ((sizeof(TnStorage) + TN_ALIGN - 1) / TN_ALIGN * TN_ALIGN)

static bool storage_owns_data(const TnStorage *s)
{
    return s->data == (char *)s + STORAGE_HDR;
}

/*
 * A fresh big buffer costs one page fault per 4 KiB page on first touch,
 * which is most of the time of a simple op over 10^7 elements.  Asking for
 * transparent huge pages, as NumPy does for buffers of 4 MiB and more,
 * makes that one fault per 2 MiB.
 */
static void advise_huge_pages(void *data, size_t nbytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (nbytes < ((size_t)1 << 22))
        return;
    uintptr_t lo = ((uintptr_t)data + 4095) & ~(uintptr_t)4095;
    uintptr_t hi = ((uintptr_t)data + nbytes) & ~(uintptr_t)4095;
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)data;
    (void)nbytes;
#endif
}

static TnStorage *storage_new(TnCtx *ctx, size_t nbytes, TnDType dt, int ndim,
                              const int64_t *shape)
{
    TnStorage *s = NULL;
    if (nbytes <= SIZE_MAX - STORAGE_HDR)
        s = ctx_realloc(ctx, NULL, 0, STORAGE_HDR + nbytes);
    if (!s) {
        char h[32], sh[160];
        human_bytes(h, sizeof h, (double)nbytes);
        tn_shape_str(sh, sizeof sh, dt, ndim, shape);
        tn_fail(ctx, TN_ERR_MEMORY, "out of memory: cannot allocate %s (%zu bytes) for a tensor %s",
                h, nbytes, sh);
        tn_detail_shapes(ctx, dt, ndim, shape, dt, 0, NULL, -1000);
        tn_hint(ctx, "use a smaller shape or a smaller dtype (f32 halves f64's size)");
        return NULL;
    }
    s->refcount = 1;
    s->nbytes = nbytes;
    s->data = (char *)s + STORAGE_HDR;
    s->release = NULL;
    s->release_ud = NULL;
    advise_huge_pages(s->data, nbytes);
    return s;
}

static void storage_release(TnCtx *ctx, TnStorage *s)
{
    if (--s->refcount > 0)
        return;
    if (storage_owns_data(s)) {
        ctx_realloc(ctx, s, STORAGE_HDR + s->nbytes, 0);
        return;
    }
    if (s->release)
        s->release(s->release_ud, s->data);
    ctx_realloc(ctx, s, STORAGE_HDR, 0);
}

/* ---- shapes */

bool tn_shape_size(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape, int64_t *size)
{
    char sh[160];
    if (ndim < 0 || ndim > TN_MAX_DIMS) {
        tn_fail(ctx, TN_ERR_VALUE, "a tensor has at most %d dimensions, asked for %d", TN_MAX_DIMS,
                ndim);
        return false;
    }
    int64_t n = 1;
    bool overflow = false;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] < 0) {
            tn_fail(ctx, TN_ERR_VALUE, "negative dimension %lld in shape %s", (long long)shape[d],
                    tn_shape_str(sh, sizeof sh, dt, ndim, shape));
            tn_detail_shapes(ctx, dt, ndim, shape, dt, 0, NULL, d);
            return false;
        }
        if (!overflow && __builtin_mul_overflow(n, shape[d], &n))
            overflow = true;
    }
    /* a zero anywhere makes the size 0 even when the rest overflows */
    for (int d = 0; d < ndim; d++)
        if (shape[d] == 0) {
            *size = 0;
            return true;
        }
    int64_t bytes;
    if (overflow || __builtin_mul_overflow(n, (int64_t)tn_dtype_size(dt), &bytes)) {
        tn_fail(ctx, TN_ERR_MEMORY, "shape %s is too large: its size in bytes does not fit in 64 bits",
                tn_shape_str(sh, sizeof sh, dt, ndim, shape));
        tn_detail_shapes(ctx, dt, ndim, shape, dt, 0, NULL, -1000);
        return false;
    }
    *size = n;
    return true;
}

bool tn_same_shape(const Tensor *a, const Tensor *b)
{
    if (a->ndim != b->ndim)
        return false;
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] != b->shape[d])
            return false;
    return true;
}

char *tn_shape_str(char *buf, size_t size, TnDType dt, int ndim, const int64_t *shape)
{
    size_t n = 0;
    if (size == 0)
        return buf;
    buf[0] = '\0';
#define PUT(...)                                                            \
    do {                                                                    \
        int k_ = snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__);   \
        if (k_ > 0)                                                         \
            n += (size_t)k_;                                                \
    } while (0)
    PUT("%s[", tn_dtype_name(dt));
    for (int d = 0; d < ndim; d++)
        PUT(d ? ",%lld" : "%lld", (long long)shape[d]);
    PUT("]");
#undef PUT
    return buf;
}

void tn_update_size(Tensor *t)
{
    int64_t n = 1;
    for (int d = 0; d < t->ndim; d++)
        n *= t->shape[d];
    t->size = n;
}

/* ---- axes */

int tn_normalize_axis(TnCtx *ctx, int axis, int ndim, const Tensor *t)
{
    if (axis < -ndim || axis >= ndim) {
        char sh[128];
        if (t)
            tn_shape_str(sh, sizeof sh, t->dtype, t->ndim, t->shape);
        else
            snprintf(sh, sizeof sh, "%d dimensions", ndim);
        tn_fail(ctx, TN_ERR_VALUE, "axis %d is out of bounds for a tensor of dimension %d (%s)", axis,
                ndim, sh);
        if (t)
            tn_detail(ctx, t, NULL, -1000);
        if (ndim > 0)
            tn_hint(ctx, "valid axes are %d..%d, or -%d..-1 counting from the end", 0, ndim - 1, ndim);
        else
            tn_hint(ctx, "a 0-d tensor has no axes; leave axis out");
        return -1;
    }
    return axis < 0 ? axis + ndim : axis;
}

/* ---- lifecycle */

static Tensor *header_new(TnCtx *ctx)
{
    Tensor *t = tn_mem_alloc(ctx, sizeof(Tensor));
    if (t)
        memset(t, 0, sizeof *t);
    return t;
}

static void set_c_strides(Tensor *t)
{
    /* unsigned: a zero-size tensor may have a huge other length, and its
       strides are never used to address anything */
    uint64_t s = tn_dtype_size(t->dtype);
    for (int d = t->ndim - 1; d >= 0; d--) {
        t->strides[d] = (int64_t)s;
        s *= (uint64_t)(t->shape[d] > 0 ? t->shape[d] : 1);
    }
}

Tensor *tn_empty(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape)
{
    if (!dtype_ok(dt))
        return tn_fail(ctx, TN_ERR_DTYPE, "unknown dtype %d", (int)dt);
    int64_t size;
    if (!tn_shape_size(ctx, dt, ndim, shape, &size))
        return NULL;
    size_t nbytes = (size_t)size * tn_dtype_size(dt);
    Tensor *t = header_new(ctx);
    if (!t)
        return NULL;
    t->storage = storage_new(ctx, nbytes, dt, ndim, shape);
    if (!t->storage) {
        tn_mem_free(ctx, t, sizeof *t);
        return NULL;
    }
    t->dtype = dt;
    t->ndim = ndim;
    for (int d = 0; d < ndim; d++)
        t->shape[d] = shape[d];
    t->size = size;
    set_c_strides(t);
    return t;
}

Tensor *tn_zeros(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape)
{
    Tensor *t = tn_empty(ctx, dt, ndim, shape);
    if (t)
        memset(t->storage->data, 0, t->storage->nbytes);
    return t;
}

Tensor *tn_scalar(TnCtx *ctx, TnDType dt, double v)
{
    Tensor *t = tn_empty(ctx, dt, 0, NULL);
    if (t)
        tn_store_f64(tn_data(t), dt, v);
    return t;
}

Tensor *tn_scalar_f64(TnCtx *ctx, double v, bool weak)
{
    Tensor *t = tn_empty(ctx, TN_F64, 0, NULL);
    if (t) {
        *(double *)tn_data(t) = v;
        t->weak = weak;
    }
    return t;
}

Tensor *tn_scalar_i64(TnCtx *ctx, int64_t v, bool weak)
{
    Tensor *t = tn_empty(ctx, TN_I64, 0, NULL);
    if (t) {
        *(int64_t *)tn_data(t) = v;
        t->weak = weak;
    }
    return t;
}

Tensor *tn_scalar_bool(TnCtx *ctx, bool v)
{
    Tensor *t = tn_empty(ctx, TN_BOOL, 0, NULL);
    if (t)
        *(bool *)tn_data(t) = v;
    return t;
}

Tensor *tn_wrap(TnCtx *ctx, void *data, TnDType dt, int ndim, const int64_t *shape,
                const int64_t *strides, void (*release)(void *, void *), void *release_ud)
{
    if (!dtype_ok(dt))
        return tn_fail(ctx, TN_ERR_DTYPE, "unknown dtype %d", (int)dt);
    int64_t size;
    if (!tn_shape_size(ctx, dt, ndim, shape, &size))
        return NULL;
    if (!data && size > 0)
        return tn_fail(ctx, TN_ERR_VALUE, "cannot wrap a NULL buffer as a tensor of %lld elements",
                       (long long)size);
    Tensor *t = header_new(ctx);
    if (!t)
        return NULL;
    TnStorage *s = ctx_realloc(ctx, NULL, 0, STORAGE_HDR);
    if (!s) {
        tn_mem_free(ctx, t, sizeof *t);
        return tn_fail(ctx, TN_ERR_MEMORY, "out of memory: cannot allocate a tensor header");
    }
    t->dtype = dt;
    t->ndim = ndim;
    for (int d = 0; d < ndim; d++)
        t->shape[d] = shape[d];
    t->size = size;
    if (strides)
        for (int d = 0; d < ndim; d++)
            t->strides[d] = strides[d];
    else
        set_c_strides(t);
    /* nbytes is informational for wrapped storage: the extent past data
       that the strides reach (negative strides reach before it) */
    int64_t hi = size > 0 ? (int64_t)tn_dtype_size(dt) : 0;
    for (int d = 0; d < ndim && size > 0; d++)
        if (t->strides[d] > 0)
            hi += t->strides[d] * (t->shape[d] - 1);
    s->refcount = 1;
    s->data = data;
    s->nbytes = (size_t)hi;
    s->release = release;
    s->release_ud = release_ud;
    t->storage = s;
    return t;
}

Tensor *tn_view(TnCtx *ctx, const Tensor *t)
{
    Tensor *v = header_new(ctx);
    if (!v)
        return NULL;
    *v = *t;
    v->storage->refcount++;
    v->is_view = true;
    return v;
}

Tensor *tn_view_as(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape,
                   const int64_t *strides, int64_t offset)
{
    Tensor *v = tn_view(ctx, t);
    if (!v)
        return NULL;
    v->ndim = ndim;
    for (int d = 0; d < ndim; d++) {
        v->shape[d] = shape[d];
        v->strides[d] = strides[d];
    }
    for (int d = ndim; d < TN_MAX_DIMS; d++)
        v->shape[d] = v->strides[d] = 0;
    v->offset = offset;
    v->weak = false;
    tn_update_size(v);
    return v;
}

void tn_free(TnCtx *ctx, Tensor *t)
{
    if (!t)
        return;
    storage_release(ctx, t->storage);
    tn_mem_free(ctx, t, sizeof *t);
}

/* ---- queries */

bool tn_is_contiguous(const Tensor *t)
{
    if (t->size == 0)
        return true;
    int64_t expect = (int64_t)tn_dtype_size(t->dtype);
    for (int d = t->ndim - 1; d >= 0; d--) {
        if (t->shape[d] != 1 && t->strides[d] != expect)
            return false;
        expect *= t->shape[d];
    }
    return true;
}

bool tn_is_f_contiguous(const Tensor *t)
{
    if (t->size == 0)
        return true;
    int64_t expect = (int64_t)tn_dtype_size(t->dtype);
    for (int d = 0; d < t->ndim; d++) {
        if (t->shape[d] != 1 && t->strides[d] != expect)
            return false;
        expect *= t->shape[d];
    }
    return true;
}

/* [lo, hi) bytes of storage that t can touch. */
static void byte_extent(const Tensor *t, int64_t *lo, int64_t *hi)
{
    *lo = *hi = t->offset;
    if (t->size == 0)
        return;
    *hi += (int64_t)tn_dtype_size(t->dtype);
    for (int d = 0; d < t->ndim; d++) {
        int64_t span = t->strides[d] * (t->shape[d] - 1);
        if (span < 0)
            *lo += span;
        else
            *hi += span;
    }
}

bool tn_may_share_memory(const Tensor *a, const Tensor *b)
{
    if (a->storage->data != b->storage->data || a->size == 0 || b->size == 0)
        return false;
    int64_t alo, ahi, blo, bhi;
    byte_extent(a, &alo, &ahi);
    byte_extent(b, &blo, &bhi);
    return alo < bhi && blo < ahi;
}

/* ---- element access */

int64_t tn_flat_offset(const Tensor *t, int64_t flat)
{
    int64_t off = t->offset;
    for (int d = t->ndim - 1; d >= 0; d--) {
        int64_t n = t->shape[d];
        off += (flat % n) * t->strides[d];
        flat /= n;
    }
    return off;
}

double tn_load_f64(const void *p, TnDType dt)
{
    switch (dt) {
    case TN_BOOL: return *(const bool *)p;
    case TN_U8: return *(const uint8_t *)p;
    case TN_I32: return *(const int32_t *)p;
    case TN_I64: return (double)*(const int64_t *)p;
    case TN_F32: return *(const float *)p;
    case TN_F64: return *(const double *)p;
    default: return 0;
    }
}

int64_t tn_load_i64(const void *p, TnDType dt)
{
    switch (dt) {
    case TN_BOOL: return *(const bool *)p;
    case TN_U8: return *(const uint8_t *)p;
    case TN_I32: return *(const int32_t *)p;
    case TN_I64: return *(const int64_t *)p;
    case TN_F32: return tn_f2i64(*(const float *)p);
    case TN_F64: return tn_f2i64(*(const double *)p);
    default: return 0;
    }
}

void tn_store_f64(void *p, TnDType dt, double v)
{
    switch (dt) {
    case TN_BOOL: *(bool *)p = TN_TO_b1(v); break;
    case TN_U8: *(uint8_t *)p = TN_TO_u8(v); break;
    case TN_I32: *(int32_t *)p = TN_TO_i32(v); break;
    case TN_I64: *(int64_t *)p = TN_TO_i64(v); break;
    case TN_F32: *(float *)p = (float)v; break;
    case TN_F64: *(double *)p = v; break;
    default: break;
    }
}

void tn_store_i64(void *p, TnDType dt, int64_t v)
{
    switch (dt) {
    case TN_BOOL: *(bool *)p = v != 0; break;
    case TN_U8: *(uint8_t *)p = (uint8_t)v; break;
    case TN_I32: *(int32_t *)p = (int32_t)v; break;
    case TN_I64: *(int64_t *)p = v; break;
    case TN_F32: *(float *)p = (float)v; break;
    case TN_F64: *(double *)p = (double)v; break;
    default: break;
    }
}

double tn_get_f64(const Tensor *t, int64_t flat_index)
{
    return tn_load_f64((const char *)t->storage->data + tn_flat_offset(t, flat_index), t->dtype);
}

int64_t tn_get_i64(const Tensor *t, int64_t flat_index)
{
    return tn_load_i64((const char *)t->storage->data + tn_flat_offset(t, flat_index), t->dtype);
}

void tn_set_f64(Tensor *t, int64_t flat_index, double v)
{
    tn_store_f64((char *)t->storage->data + tn_flat_offset(t, flat_index), t->dtype, v);
}

void tn_set_i64(Tensor *t, int64_t flat_index, int64_t v)
{
    tn_store_i64((char *)t->storage->data + tn_flat_offset(t, flat_index), t->dtype, v);
}

/* ---- casting copies */

/* cast loops: ptrs[0] destination, ptrs[1] source */
#define CAST_LOOP(DE, DT, DS, SE, ST, SS)                                       \
    static void cast_##SS##_to_##DS(char **p, const int64_t *s, int64_t n, void *aux) \
    {                                                                           \
        (void)aux;                                                              \
        if (s[0] == sizeof(DT) && s[1] == sizeof(ST)) {                         \
            DT *d = (DT *)p[0];                                                 \
            const ST *x = (const ST *)p[1];                                     \
            for (int64_t i = 0; i < n; i++)                                     \
                d[i] = TN_TO_##DS(x[i]);                                        \
            return;                                                             \
        }                                                                       \
        char *d = p[0];                                                         \
        const char *x = p[1];                                                   \
        for (int64_t i = 0; i < n; i++, d += s[0], x += s[1])                   \
            *(DT *)d = TN_TO_##DS(*(const ST *)x);                              \
    }
#define CAST_FROM(SE, ST, SS)                   \
    CAST_LOOP(TN_BOOL, bool, b1, SE, ST, SS)    \
    CAST_LOOP(TN_U8, uint8_t, u8, SE, ST, SS)   \
    CAST_LOOP(TN_I32, int32_t, i32, SE, ST, SS) \
    CAST_LOOP(TN_I64, int64_t, i64, SE, ST, SS) \
    CAST_LOOP(TN_F32, float, f32, SE, ST, SS)   \
    CAST_LOOP(TN_F64, double, f64, SE, ST, SS)
TN_FOR_EACH_DTYPE(CAST_FROM)

#define CAST_ROW(SE, ST, SS) \
    [SE] = {cast_##SS##_to_b1, cast_##SS##_to_u8, cast_##SS##_to_i32, \
            cast_##SS##_to_i64, cast_##SS##_to_f32, cast_##SS##_to_f64},
/* CAST[src][dst] */
static const TnLoopFn CAST[TN_DTYPE_COUNT][TN_DTYPE_COUNT] = {TN_FOR_EACH_DTYPE(CAST_ROW)};

TnLoopFn tn_cast_loop(TnDType from, TnDType to)
{
    return CAST[from][to];
}

/*
 * Transposing copy in square tiles, so that both the reads and the writes
 * stay within a few cache lines per tile.  Operand 0 (destination) walks
 * axis 1 contiguously, operand 1 (source) walks axis 0 contiguously.
 */
#define TILE 256
#define TRANSPOSE_LOOP(T)                                                             \
    static void transpose_##T(char *dst, const int64_t *ds, const char *src,          \
                              const int64_t *ss, const int64_t *shape)                \
    {                                                                                 \
        for (int64_t i0 = 0; i0 < shape[0]; i0 += TILE) {                             \
            int64_t i1 = i0 + TILE < shape[0] ? i0 + TILE : shape[0];                 \
            for (int64_t j0 = 0; j0 < shape[1]; j0 += TILE) {                         \
                int64_t j1 = j0 + TILE < shape[1] ? j0 + TILE : shape[1];             \
                int64_t i = i0;                                                       \
                /* four destination rows at once: four neighbouring source        \
                   elements share a cache line */                                     \
                for (; i + 4 <= i1; i += 4) {                                         \
                    T *d0 = (T *)(dst + i * ds[0]), *d1 = (T *)(dst + (i + 1) * ds[0]); \
                    T *d2 = (T *)(dst + (i + 2) * ds[0]), *d3 = (T *)(dst + (i + 3) * ds[0]); \
                    const char *sp = src + i * ss[0];                                 \
                    for (int64_t j = j0; j < j1; j++) {                               \
                        const char *q = sp + j * ss[1];                               \
                        d0[j] = *(const T *)q;                                        \
                        d1[j] = *(const T *)(q + ss[0]);                              \
                        d2[j] = *(const T *)(q + 2 * ss[0]);                          \
                        d3[j] = *(const T *)(q + 3 * ss[0]);                          \
                    }                                                                 \
                }                                                                     \
                for (; i < i1; i++) {                                                 \
                    T *d = (T *)(dst + i * ds[0]);                                    \
                    const char *sp = src + i * ss[0];                                 \
                    for (int64_t j = j0; j < j1; j++)                                 \
                        d[j] = *(const T *)(sp + j * ss[1]);                          \
                }                                                                     \
            }                                                                         \
        }                                                                             \
    }
TRANSPOSE_LOOP(uint8_t)
TRANSPOSE_LOOP(uint32_t)
TRANSPOSE_LOOP(uint64_t)

static bool copy_raw(TnCtx *ctx, Tensor *dst, const Tensor *src)
{
    size_t es = tn_dtype_size(dst->dtype);
    if (dst->dtype == src->dtype && tn_same_shape(dst, src) && tn_is_contiguous(dst) &&
        tn_is_contiguous(src)) {
        if (dst->size > 0)
            memmove(tn_data(dst), tn_data(src), (size_t)dst->size * es);
        return true;
    }
    int64_t sst[TN_MAX_DIMS];
    tn_broadcast_strides(src, dst->ndim, dst->shape, sst);
    char *ptrs[2] = {tn_data(dst), tn_data(src)};
    const int64_t *strides[2] = {dst->strides, sst};
    TnIter it;
    tn_iter_init(&it, 2, ptrs, dst->ndim, dst->shape, strides, true);
    if (dst->dtype == src->dtype && it.ndim == 2 && it.strides[0][1] == (int64_t)es &&
        it.strides[1][0] == (int64_t)es && it.shape[0] >= 8 && it.shape[1] >= 8) {
        if (es == 1)
            transpose_uint8_t(it.base[0], it.strides[0], it.base[1], it.strides[1], it.shape);
        else if (es == 4)
            transpose_uint32_t(it.base[0], it.strides[0], it.base[1], it.strides[1], it.shape);
        else
            transpose_uint64_t(it.base[0], it.strides[0], it.base[1], it.strides[1], it.shape);
        return true;
    }
    (void)ctx;
    tn_iter_run(&it, CAST[src->dtype][dst->dtype], NULL);
    return true;
}

bool tn_copy_into(TnCtx *ctx, Tensor *dst, const Tensor *src)
{
    if (dst->ndim < src->ndim || !tn_same_shape(dst, src)) {
        /* src may broadcast to dst's shape */
        int64_t shape[TN_MAX_DIMS];
        int nd;
        const Tensor *both[2] = {dst, src};
        if (!tn_broadcast_shapes(ctx, 2, both, &nd, shape))
            return false;
        if (nd != dst->ndim || memcmp(shape, dst->shape, sizeof(int64_t) * (size_t)nd) != 0) {
            char a[128], b[128];
            tn_fail(ctx, TN_ERR_SHAPE, "cannot assign a tensor %s to a tensor %s: could not broadcast",
                    tn_shape_str(b, sizeof b, src->dtype, src->ndim, src->shape),
                    tn_shape_str(a, sizeof a, dst->dtype, dst->ndim, dst->shape));
            tn_detail(ctx, dst, src, -1000);
            return false;
        }
    }
    if (dst->size == 0)
        return true;
    /* overlapping but not identical memory: go through a temporary, as
       NumPy does, so x[1:] = x[:-1] shifts instead of smearing */
    if (tn_may_share_memory(dst, src) &&
        !(dst->offset == src->offset && tn_same_shape(dst, src) &&
          memcmp(dst->strides, src->strides, sizeof(int64_t) * (size_t)dst->ndim) == 0)) {
        Tensor *tmp = tn_copy(ctx, src);
        if (!tmp)
            return false;
        bool ok = copy_raw(ctx, dst, tmp);
        tn_free(ctx, tmp);
        return ok;
    }
    return copy_raw(ctx, dst, src);
}

Tensor *tn_copy(TnCtx *ctx, const Tensor *t)
{
    return tn_astype(ctx, t, t->dtype);
}

Tensor *tn_astype(TnCtx *ctx, const Tensor *t, TnDType dt)
{
    Tensor *r = tn_empty(ctx, dt, t->ndim, t->shape);
    if (!r)
        return NULL;
    if (t->size > 0)
        copy_raw(ctx, r, t);
    return r;
}

Tensor *tn_contiguous(TnCtx *ctx, const Tensor *t)
{
    if (tn_is_contiguous(t))
        return tn_view(ctx, t);
    return tn_copy(ctx, t);
}
