/*
 * print.c - NumPy's array2string (numpy/core/arrayprint.py), ported:
 * FloatingFormat / IntegerFormat / BoolFormat decide one width for every
 * element shown, then _formatArray lays the rows out.
 *
 * Float digits are NumPy's Dragon4 in "unique" mode: the shortest digits
 * that read back as the same value (for f32, as the same float), rounded to
 * `precision` digits when longer.  Shortest digits are found by printing
 * with increasing precision until strtod gives the value back; rounding at
 * a cutoff uses printf, which rounds the exact binary value as Dragon4 does.
 */
#include "print.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tn_print_options_default(TnPrintOptions *o)
{
    o->precision = 8;
    o->threshold = 1000;
    o->linewidth = 75;
    o->suppress = false;
    o->edgeitems = 3;
}

/* ---- growable buffer */

void tn_buf_init(TnBuf *b, TnCtx *ctx)
{
    b->ctx = ctx;
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

void tn_buf_free(TnBuf *b)
{
    if (b->data)
        tn_mem_free(b->ctx, b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}

bool tn_buf_append(TnBuf *b, const char *s, size_t n)
{
    if (b->failed)
        return false;
    if (n == 0 && b->data)
        return true;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = tn_mem_alloc(b->ctx, cap);
        if (!p) {
            b->failed = true;
            return false;
        }
        if (b->data) {
            memcpy(p, b->data, b->len);
            tn_mem_free(b->ctx, b->data, b->cap);
        }
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool tn_buf_puts(TnBuf *b, const char *s)
{
    return tn_buf_append(b, s, strlen(s));
}

bool tn_buf_printf(TnBuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n < sizeof small)
        return tn_buf_append(b, small, (size_t)n);
    char *big = tn_mem_alloc(b->ctx, (size_t)n + 1);
    if (!big) {
        b->failed = true;
        return false;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = tn_buf_append(b, big, (size_t)n);
    tn_mem_free(b->ctx, big, (size_t)n + 1);
    return ok;
}

static bool buf_spaces(TnBuf *b, int64_t n)
{
    static const char sp[] = "                                ";
    while (n > 0) {
        size_t k = n > 32 ? 32 : (size_t)n;
        if (!tn_buf_append(b, sp, k))
            return false;
        n -= (int64_t)k;
    }
    return true;
}

/* ---- float digits */

/* Parses printf's "%.Ne" output of a non-negative value into its digits
   (no point) and decimal exponent; the decimal separator may be any
   non-digit (locales). */
static int parse_e(const char *s, char *digits, int *e10)
{
    int n = 0;
    for (const char *p = s; *p && *p != 'e' && *p != 'E'; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    digits[n] = '\0';
    const char *e = strpbrk(s, "eE");
    *e10 = e ? atoi(e + 1) : 0;
    return n;
}

static void strip_zeros(char *digits, int *n)
{
    while (*n > 1 && digits[*n - 1] == '0')
        digits[--*n] = '\0';
}

/* Shortest digits of |v| (finite) that read back as v in its dtype. */
static int shortest_digits(double v, bool f32, char *digits, int *e10)
{
    double a = fabs(v);
    if (a == 0) {
        strcpy(digits, "0");
        *e10 = 0;
        return 1;
    }
    char buf[64];
    int maxp = f32 ? 9 : 17;
    for (int p = 1; p <= maxp; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, a);
        bool same = f32 ? strtof(buf, NULL) == (float)a : strtod(buf, NULL) == a;
        if (same || p == maxp)
            break;
    }
    int n = parse_e(buf, digits, e10);
    strip_zeros(digits, &n);
    return n;
}

/* Positional digits of v, unique with at most p after the point: integer
   part (with sign) into ip, fraction (no trailing zeros) into fp. */
static void positional_parts(double v, bool f32, int p, char *ip, char *fp)
{
    char d[32];
    int e;
    int n = shortest_digits(v, f32, d, &e);
    char *w = ip;
    if (signbit(v))
        *w++ = '-';
    int nfrac = n - 1 - e;
    if (nfrac > p) {
        char buf[512];
        snprintf(buf, sizeof buf, "%.*f", p, fabs(v));
        const char *q = buf;
        while (*q >= '0' && *q <= '9')
            *w++ = *q++;
        *w = '\0';
        int k = 0;
        if (*q)
            for (q++; *q; q++)
                fp[k++] = *q;
        while (k > 0 && fp[k - 1] == '0')
            k--;
        fp[k] = '\0';
        return;
    }
    if (e >= 0) {
        for (int i = 0; i <= e; i++)
            *w++ = i < n ? d[i] : '0';
        *w = '\0';
        int k = 0;
        for (int i = e + 1; i < n; i++)
            fp[k++] = d[i];
        fp[k] = '\0';
    } else {
        *w++ = '0';
        *w = '\0';
        int k = 0;
        for (int i = 0; i < -e - 1; i++)
            fp[k++] = '0';
        for (int i = 0; i < n; i++)
            fp[k++] = d[i];
        fp[k] = '\0';
    }
}

/* Scientific digits: mantissa integer digit (with sign) into ip, fraction
   into fp, exponent into *exp.  exact_p: exactly p fraction digits
   (NumPy's min_digits = precision); else unique digits capped at p. */
static void scientific_parts(double v, bool f32, int p, bool exact_p, char *ip, char *fp, int *exp)
{
    char d[64];
    int n, e;
    if (exact_p) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.*e", p, fabs(v));
        n = parse_e(buf, d, &e);
    } else {
        n = shortest_digits(v, f32, d, &e);
        if (n - 1 > p) {
            char buf[64];
            snprintf(buf, sizeof buf, "%.*e", p, fabs(v));
            n = parse_e(buf, d, &e);
            strip_zeros(d, &n);
        }
    }
    char *w = ip;
    if (signbit(v))
        *w++ = '-';
    *w++ = d[0];
    *w = '\0';
    memcpy(fp, d + 1, (size_t)n - 1);
    fp[n - 1] = '\0';
    *exp = e;
}

static int exp_digits(int e)
{
    int a = e < 0 ? -e : e, k = 0;
    do {
        k++;
        a /= 10;
    } while (a);
    return k < 2 ? 2 : k;
}

/* ---- choosing the format of the elements shown */

typedef struct Fmt {
    TnDType dt;
    int int_width;                  /* integers */
    bool exp_format;                /* floats */
    int precision;                  /* positional: the cap; scientific: exact digits */
    int pad_left, pad_right, exp_size;
} Fmt;

typedef struct Printer {
    const Tensor *t;
    const TnPrintOptions *o;
    bool summary;
    Fmt fmt;
    const char *sep;
    size_t sep_len, sep_rlen;       /* separator and its length without trailing spaces */
} Printer;

typedef void (*VisitFn)(void *ud, const char *elem);

/* Calls fn on every element shown (the edge items of summarised axes). */
static void visit(const Printer *P, int axis, int64_t off, VisitFn fn, void *ud)
{
    const Tensor *t = P->t;
    if (axis == t->ndim) {
        fn(ud, (const char *)t->storage->data + off);
        return;
    }
    int64_t n = t->shape[axis], st = t->strides[axis], edge = P->o->edgeitems;
    bool show = P->summary && 2 * edge < n;
    for (int64_t i = 0; i < n; i++) {
        if (show && i == edge)
            i = n - edge;
        visit(P, axis + 1, off + i * st, fn, ud);
    }
}

typedef struct FloatStats {
    TnDType dt;
    bool any_finite, any_nonfinite, neg_inf;
    double max_abs, min_abs;        /* over finite non-zero values */
    bool any_nonzero;
    /* second pass */
    bool exp_format;
    int p;
    int pad_left, pad_right, exp_len;
} FloatStats;

static double load_float(const char *p, TnDType dt)
{
    return dt == TN_F32 ? (double)*(const float *)p : *(const double *)p;
}

static void float_stats(void *ud, const char *elem)
{
    FloatStats *s = ud;
    double v = load_float(elem, s->dt);
    if (!isfinite(v)) {
        s->any_nonfinite = true;
        if (isinf(v) && v < 0)
            s->neg_inf = true;
        return;
    }
    s->any_finite = true;
    if (v == 0)
        return;
    double a = fabs(v);
    if (!s->any_nonzero || a > s->max_abs)
        s->max_abs = a;
    if (!s->any_nonzero || a < s->min_abs)
        s->min_abs = a;
    s->any_nonzero = true;
}

static void float_pads(void *ud, const char *elem)
{
    FloatStats *s = ud;
    double v = load_float(elem, s->dt);
    if (!isfinite(v))
        return;
    char ip[520], fp[520];
    int il, fl;
    if (s->exp_format) {
        int e;
        scientific_parts(v, s->dt == TN_F32, s->p, false, ip, fp, &e);
        int el = 1 + exp_digits(e);
        if (el > s->exp_len)
            s->exp_len = el;
    } else {
        positional_parts(v, s->dt == TN_F32, s->p, ip, fp);
    }
    il = (int)strlen(ip);
    fl = (int)strlen(fp);
    if (il > s->pad_left)
        s->pad_left = il;
    if (fl > s->pad_right)
        s->pad_right = fl;
}

/* FloatingFormat.fillFormat */
static void float_format(Printer *P)
{
    FloatStats s = {0};
    s.dt = P->t->dtype;
    visit(P, 0, P->t->offset, float_stats, &s);
    Fmt *f = &P->fmt;
    f->exp_format = false;
    if (s.any_nonzero) {
        double mx = s.max_abs, mn = s.min_abs;
        if (s.dt == TN_F32) {
            /* NumPy compares in the array's dtype */
            float ratio = (float)mx / (float)mn;
            f->exp_format = mx >= 1e8 || (!P->o->suppress && (mn < 0.0001 || ratio > 1000.0f));
        } else {
            f->exp_format = mx >= 1e8 || (!P->o->suppress && (mn < 0.0001 || mx / mn > 1000.0));
        }
    }
    s.exp_format = f->exp_format;
    s.p = P->o->precision;
    if (!s.any_finite) {
        f->pad_left = f->pad_right = 0;
        f->precision = P->o->precision;
        f->exp_size = -1;
    } else {
        visit(P, 0, P->t->offset, float_pads, &s);
        if (f->exp_format) {
            f->exp_size = s.exp_len - 1;
            f->precision = s.pad_right;         /* the longest fraction */
            f->pad_left = s.pad_left;
            f->pad_right = f->exp_size + 2 + f->precision;
        } else {
            f->precision = P->o->precision;
            f->pad_left = s.pad_left;
            f->pad_right = s.pad_right;
            f->exp_size = -1;
        }
    }
    if (s.any_nonfinite) {
        /* room for nan and inf (and -inf) */
        int offset = f->pad_right + 1;
        int inflen = 3 + (s.neg_inf ? 1 : 0);
        if (3 - offset > f->pad_left)
            f->pad_left = 3 - offset;
        if (inflen - offset > f->pad_left)
            f->pad_left = inflen - offset;
    }
}

typedef struct IntStats {
    TnDType dt;
    bool any;
    int64_t mn, mx;
} IntStats;

static void int_stats(void *ud, const char *elem)
{
    IntStats *s = ud;
    int64_t v = tn_load_i64(elem, s->dt);
    if (!s->any || v < s->mn)
        s->mn = v;
    if (!s->any || v > s->mx)
        s->mx = v;
    s->any = true;
}

static void choose_format(Printer *P)
{
    Fmt *f = &P->fmt;
    memset(f, 0, sizeof *f);
    f->dt = P->t->dtype;
    if (tn_dtype_is_float(f->dt)) {
        float_format(P);
    } else if (tn_dtype_is_int(f->dt)) {
        IntStats s = {f->dt, false, 0, 0};
        visit(P, 0, P->t->offset, int_stats, &s);
        char a[32], b[32];
        int la = snprintf(a, sizeof a, "%lld", (long long)s.mn);
        int lb = snprintf(b, sizeof b, "%lld", (long long)s.mx);
        f->int_width = la > lb ? la : lb;
    }
}

/* ---- one element */

static bool format_elem(const Printer *P, const char *elem, TnBuf *out)
{
    const Fmt *f = &P->fmt;
    if (f->dt == TN_BOOL) {
        bool v = *(const bool *)elem;
        if (P->t->ndim == 0)
            return tn_buf_puts(out, v ? "True" : "False");
        return tn_buf_puts(out, v ? " True" : "False");
    }
    if (tn_dtype_is_int(f->dt))
        return tn_buf_printf(out, "%*lld", f->int_width, (long long)tn_load_i64(elem, f->dt));
    double v = load_float(elem, f->dt);
    bool f32 = f->dt == TN_F32;
    if (!isfinite(v)) {
        const char *s = isnan(v) ? "nan" : v < 0 ? "-inf" : "inf";
        return buf_spaces(out, f->pad_left + f->pad_right + 1 - (int)strlen(s)) && tn_buf_puts(out, s);
    }
    char ip[520], fp[520];
    if (f->exp_format) {
        int e;
        scientific_parts(v, f32, f->precision, true, ip, fp, &e);
        return buf_spaces(out, f->pad_left - (int)strlen(ip)) &&
               tn_buf_printf(out, "%s.%se%c%0*d", ip, fp, e < 0 ? '-' : '+', f->exp_size, e < 0 ? -e : e);
    }
    positional_parts(v, f32, f->precision, ip, fp);
    return buf_spaces(out, f->pad_left - (int)strlen(ip)) && tn_buf_printf(out, "%s.%s", ip, fp) &&
           buf_spaces(out, f->pad_right - (int)strlen(fp));
}

/* ---- the layout, _formatArray */

static bool buf_rstrip_append(TnBuf *dst, const TnBuf *src)
{
    size_t n = src->len;
    while (n > 0 && src->data[n - 1] == ' ')
        n--;
    return tn_buf_append(dst, src->data, n);
}

/* _extendLine: wrap before word when the line would pass width, unless
   wrapping cannot help (the line holds only its indent). */
static bool extend_line(TnBuf *s, TnBuf *line, const char *word, size_t wlen, int64_t width, int hang)
{
    bool wrap = (int64_t)(line->len + wlen) > width && line->len > (size_t)hang;
    if (wrap) {
        if (!buf_rstrip_append(s, line) || !tn_buf_puts(s, "\n"))
            return false;
        line->len = 0;
        if (!buf_spaces(line, hang))
            return false;
    }
    return tn_buf_append(line, word, wlen);
}

/*
 * recurser of _formatArray: the elements of each axis in order 0..lead-1,
 * then '...' when summarised, then n-trail..n-1; the last axis is laid out
 * word by word with wrapping, outer axes one nested block per line with
 * (axes left - 1) newlines between blocks.  `hang` is the hanging indent
 * (all spaces), `width` the line width left at this depth.
 */
static bool recurse(const Printer *P, int axis, int64_t off, int hang, int64_t width, TnBuf *out)
{
    const Tensor *t = P->t;
    if (axis == t->ndim)
        return format_elem(P, (const char *)t->storage->data + off, out);
    TnCtx *ctx = out->ctx;
    int axes_left = t->ndim - axis;
    int64_t n = t->shape[axis], st = t->strides[axis], edge = P->o->edgeitems;
    bool show = P->summary && 2 * edge < n;
    int64_t lead = show ? edge : 0, trail = show ? edge : n;
    TnBuf s;
    tn_buf_init(&s, ctx);
    bool ok = true;
    if (axes_left == 1) {
        int64_t elem_width = width - (int64_t)(P->sep_rlen > 1 ? P->sep_rlen : 1);
        TnBuf line, word;
        tn_buf_init(&line, ctx);
        tn_buf_init(&word, ctx);
        ok = buf_spaces(&line, hang);
        for (int64_t k = 0; ok && k < lead + trail; k++) {
            int64_t i = k < lead ? k : n - trail + (k - lead);
            if (show && k == lead)
                ok = extend_line(&s, &line, "...", 3, elem_width, hang) &&
                     tn_buf_append(&line, P->sep, P->sep_len);
            word.len = 0;
            ok = ok && recurse(P, axis + 1, off + i * st, hang + 1, width - 1, &word) &&
                 extend_line(&s, &line, word.data, word.len, elem_width, hang);
            if (i != n - 1)
                ok = ok && tn_buf_append(&line, P->sep, P->sep_len);
        }
        ok = ok && tn_buf_append(&s, line.data, line.len);
        tn_buf_free(&line);
        tn_buf_free(&word);
    } else {
        for (int64_t k = 0; ok && k < lead + trail; k++) {
            int64_t i = k < lead ? k : n - trail + (k - lead);
            if (show && k == lead) {
                ok = buf_spaces(&s, hang) && tn_buf_puts(&s, "...") &&
                     tn_buf_append(&s, P->sep, P->sep_rlen);
                for (int j = 0; ok && j < axes_left - 1; j++)
                    ok = tn_buf_puts(&s, "\n");
            }
            ok = ok && buf_spaces(&s, hang) && recurse(P, axis + 1, off + i * st, hang + 1, width - 1, &s);
            if (i != n - 1) {
                ok = ok && tn_buf_append(&s, P->sep, P->sep_rlen);
                for (int j = 0; ok && j < axes_left - 1; j++)
                    ok = tn_buf_puts(&s, "\n");
            }
        }
    }
    /* '[' + s without its first hanging indent + ']' */
    ok = ok && s.len >= (size_t)hang && tn_buf_puts(out, "[") &&
         tn_buf_append(out, s.data + hang, s.len - (size_t)hang) && tn_buf_puts(out, "]");
    tn_buf_free(&s);
    return ok;
}

bool tn_format(TnCtx *ctx, TnBuf *out, const Tensor *t, const TnPrintOptions *opts,
               const char *separator, const char *prefix, const char *suffix)
{
    TnPrintOptions defaults;
    if (!opts) {
        tn_print_options_default(&defaults);
        opts = &defaults;
    }
    if (!separator)
        separator = " ";
    if (!prefix)
        prefix = "";
    if (!suffix)
        suffix = "";
    if (t->size == 0)
        return tn_buf_puts(out, "[]");
    Printer P;
    P.t = t;
    P.o = opts;
    P.summary = t->size > opts->threshold;
    P.sep = separator;
    P.sep_len = strlen(separator);
    P.sep_rlen = P.sep_len;
    while (P.sep_rlen > 0 && separator[P.sep_rlen - 1] == ' ')
        P.sep_rlen--;
    choose_format(&P);
    int hang = 1 + (int)strlen(prefix);
    int64_t width = opts->linewidth - (int64_t)strlen(suffix);
    bool ok = recurse(&P, 0, t->offset, hang, width, out);
    if (!ok || out->failed) {
        if (ctx->err == TN_OK)
            tn_fail(ctx, TN_ERR_MEMORY, "out of memory while formatting a tensor");
        return false;
    }
    return true;
}

int64_t tn_format_to(TnCtx *ctx, char *buf, size_t size, const Tensor *t,
                     const TnPrintOptions *opts, const char *separator, const char *prefix,
                     const char *suffix)
{
    TnBuf b;
    tn_buf_init(&b, ctx);
    if (!tn_format(ctx, &b, t, opts, separator, prefix, suffix)) {
        tn_buf_free(&b);
        if (size)
            buf[0] = '\0';
        return -1;
    }
    if (size) {
        size_t n = b.len < size - 1 ? b.len : size - 1;
        memcpy(buf, b.data, n);
        buf[n] = '\0';
    }
    int64_t len = (int64_t)b.len;
    tn_buf_free(&b);
    return len;
}

bool tn_format_scalar(TnCtx *ctx, TnBuf *out, const Tensor *t, const TnPrintOptions *opts)
{
    Tensor one = *t;
    one.ndim = 0;
    one.size = 1;
    return tn_format(ctx, out, &one, opts, " ", "", "");
}
