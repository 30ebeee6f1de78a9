/*
 * print.h - NumPy's array2string layout: aligned columns, shortest
 * round-trip digits capped at `precision`, scientific notation when the
 * magnitudes call for it, '...' summaries past `threshold` elements, rows
 * wrapped at `linewidth`.  Output is byte for byte NumPy's (1.24, legacy
 * off, floatmode 'maxprec', sign '-').
 */
#ifndef NABLA_TENSOR_PRINT_H
#define NABLA_TENSOR_PRINT_H

#include "tensor.h"

typedef struct TnPrintOptions {
    int precision;          /* 8: digits after the point, at most */
    int64_t threshold;      /* 1000: more elements than this are summarised */
    int linewidth;          /* 75 */
    bool suppress;          /* false: true prints tiny values as 0. instead of
                               switching to scientific notation */
    int edgeitems;          /* 3: items kept at each end of a summarised axis */
} TnPrintOptions;

void tn_print_options_default(TnPrintOptions *o);

/* A growable string through the context's allocator.  After a failed
   append, `failed` is set and later appends do nothing. */
typedef struct TnBuf {
    TnCtx *ctx;
    char *data;             /* NUL-terminated when non-NULL */
    size_t len, cap;
    bool failed;
} TnBuf;

void tn_buf_init(TnBuf *b, TnCtx *ctx);
void tn_buf_free(TnBuf *b);
bool tn_buf_append(TnBuf *b, const char *s, size_t n);
bool tn_buf_puts(TnBuf *b, const char *s);
bool tn_buf_printf(TnBuf *b, const char *fmt, ...);

/*
 * Appends np.array2string(t, separator=separator, prefix=prefix,
 * suffix=suffix) to out: the prefix only indents continuation lines (the
 * caller prints it), the suffix only shortens the last line.  With
 * separator ", ", prefix "array(" and suffix ")" this is the text inside
 * NumPy's repr.  opts NULL means the defaults.
 */
bool tn_format(TnCtx *ctx, TnBuf *out, const Tensor *t, const TnPrintOptions *opts,
               const char *separator, const char *prefix, const char *suffix);

/* The same into a caller buffer (truncated to size - 1 bytes, always
   terminated); returns the full length, as snprintf. */
int64_t tn_format_to(TnCtx *ctx, char *buf, size_t size, const Tensor *t,
                     const TnPrintOptions *opts, const char *separator, const char *prefix,
                     const char *suffix);

/* One element as NumPy prints a scalar of the dtype in an array of one
   (for item()/repr of 0-d values): "1.5", "1.", "nan", "True", "-3". */
bool tn_format_scalar(TnCtx *ctx, TnBuf *out, const Tensor *t, const TnPrintOptions *opts);

#endif
