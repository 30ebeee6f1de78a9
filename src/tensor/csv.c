/*
 * csv.c - read_csv, write_csv and loadtxt.
 *
 * A file is read whole, then parsed in place: RFC 4180 fields
 *   record := field (delimiter field)* (CRLF | LF | CR | end of file)
 *   field  := '"' (any char but '"' | '""')* '"' | (any char but delimiter, CR, LF)*
 * are unquoted into the same buffer (the decoded text never overtakes the
 * text still to read, and each field's terminator leaves room for its NUL),
 * so the buffer doubles as the storage of every string the table returns.
 */
#include "io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- whole-file reading and growable arrays */

/* The file's bytes plus a NUL, in *buf of *size bytes (size counts the NUL). */
static bool slurp(TnCtx *ctx, const char *path, char **buf, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        tn_fail(ctx, TN_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
        return false;
    }
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
        tn_fail(ctx, TN_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
        fclose(f);
        return false;
    }
    char *b = tn_mem_alloc(ctx, (size_t)n + 1);
    if (!b) {
        fclose(f);
        return false;
    }
    size_t got = fread(b, 1, (size_t)n, f);
    bool err = ferror(f) != 0;
    fclose(f);
    if (err || got != (size_t)n) {
        tn_fail(ctx, TN_ERR_IO, "cannot read '%s': %s", path,
                err ? strerror(errno) : "the file changed while being read");
        tn_mem_free(ctx, b, (size_t)n + 1);
        return false;
    }
    b[n] = 0;
    *buf = b;
    *size = (size_t)n + 1;
    return true;
}

typedef struct Vec {
    void *data;
    size_t len, cap;    /* in elements */
    size_t esize;
} Vec;

static bool vec_push(TnCtx *ctx, Vec *v, const void *elem)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *d = ctx->alloc(ctx->alloc_ud, v->data, v->cap * v->esize, cap * v->esize);
        if (!d) {
            tn_fail(ctx, TN_ERR_MEMORY, "out of memory: cannot allocate %zu bytes",
                    cap * v->esize);
            return false;
        }
        v->data = d;
        v->cap = cap;
    }
    memcpy((char *)v->data + v->len * v->esize, elem, v->esize);
    v->len++;
    return true;
}

static void vec_free(TnCtx *ctx, Vec *v)
{
    if (v->data)
        ctx->alloc(ctx->alloc_ud, v->data, v->cap * v->esize, 0);
    v->data = NULL;
    v->len = v->cap = 0;
}

/* ---- numbers */
static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static const char *trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    *len = n;
    return s;
}

/* The value of a whole field (surrounding blanks allowed); false when it is
   not a number.  strtod's hexadecimal floats are refused: "0x1A" in a CSV
   is an identifier, not 26. */
static bool parse_number(const char *s, size_t len, double *out)
{
    char tmp[256];
    s = trim(s, &len);
    if (len == 0 || len >= sizeof tmp)
        return false;
    memcpy(tmp, s, len);
    tmp[len] = 0;
    if (strchr(tmp, 'x') || strchr(tmp, 'X'))
        return false;
    char *end;
    double v = strtod(tmp, &end);
    if (end != tmp + len)
        return false;
    *out = v;
    return true;
}

static bool is_missing(const char *s, size_t len)
{
    static const char *const na[] = {"NA", "N/A", "#N/A", "NaN", "nan", "-nan", "NULL",
                                     "null", "None", "<NA>"};
    s = trim(s, &len);
    if (len == 0)
        return true;
    for (size_t i = 0; i < sizeof na / sizeof na[0]; i++)
        if (strlen(na[i]) == len && memcmp(na[i], s, len) == 0)
            return true;
    return false;
}

/* ---- the RFC 4180 parser */
typedef struct Field {
    size_t off, len;    /* into the buffer; NUL-terminated at off + len */
    bool quoted;
} Field;

typedef struct Record {
    size_t first;       /* index of its first field */
    int nfields;
    int64_t line;       /* the file line it starts on */
} Record;

static bool csv_parse(TnCtx *ctx, const char *path, char *buf, size_t n, char delim, Vec *fields,
                      Vec *records)
{
    size_t p = 0, w = 0;
    int64_t line = 1;
    if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        p = w = 3;
    while (p < n) {
        Record rec = {fields->len, 0, line};
        for (;;) {
            Field f = {w, 0, false};
            if (buf[p] == '"') {
                f.quoted = true;
                int64_t open_line = line;
                p++;
                for (;;) {
                    if (p >= n) {
                        tn_fail(ctx, TN_ERR_IO, "%s: the quoted field opened on line %lld is "
                                "never closed", path, (long long)open_line);
                        return false;
                    }
                    if (buf[p] == '"') {
                        if (p + 1 < n && buf[p + 1] == '"') {
                            buf[w++] = '"';
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    if (buf[p] == '\n')
                        line++;
                    buf[w++] = buf[p++];
                }
            }
            /* unquoted text, or what follows a closing quote (kept, as
               spreadsheets do, though RFC 4180 has nothing there) */
            while (p < n && buf[p] != delim && buf[p] != '\n' && buf[p] != '\r')
                buf[w++] = buf[p++];
            char term = p < n ? buf[p] : 0;
            f.len = w - f.off;
            buf[w++] = 0;
            if (!vec_push(ctx, fields, &f))
                return false;
            rec.nfields++;
            if (rec.nfields > 100000) {
                tn_fail(ctx, TN_ERR_IO, "%s: line %lld has more than 100000 fields", path,
                        (long long)rec.line);
                return false;
            }
            if (p < n)
                p++;    /* past the terminator (its byte may now hold the NUL) */
            if (term == delim)
                continue;   /* (a delimiter ending the file leaves one empty field) */
            if (term == '\r' && p < n && buf[p] == '\n')
                p++;
            break;
        }
        line++;
        /* A blank line is one empty unquoted field: skip it. */
        const Field *only = (const Field *)fields->data + rec.first;
        if (rec.nfields == 1 && only->len == 0 && !only->quoted) {
            fields->len--;
            continue;
        }
        if (!vec_push(ctx, records, &rec))
            return false;
    }
    return true;
}

/* ---- read_csv */
void tn_csv_free(TnCtx *ctx, TnCsvTable *t)
{
    if (!t)
        return;
    tn_mem_free(ctx, t->names, (size_t)t->ncols * sizeof(char *));
    tn_mem_free(ctx, t->col_pos, (size_t)t->ncols * sizeof(int));
    tn_mem_free(ctx, t->text_names, (size_t)t->ntext * sizeof(char *));
    tn_mem_free(ctx, t->text_pos, (size_t)t->ntext * sizeof(int));
    tn_mem_free(ctx, t->text, (size_t)t->ntext * (size_t)t->nrows * sizeof(char *));
    tn_mem_free(ctx, t->pool_, t->pool_size_);
    tn_free(ctx, t->data);
    tn_mem_free(ctx, t, sizeof *t);
}

/* n pointers / ints, or NULL with an error; NULL without error for n == 0. */
static void *alloc_array(TnCtx *ctx, size_t n, size_t esize, bool *ok)
{
    if (n == 0)
        return NULL;
    void *p = tn_mem_alloc(ctx, n * esize);
    if (!p)
        *ok = false;
    return p;
}

TnCsvTable *tn_read_csv(TnCtx *ctx, const char *path, const TnCsvOptions *opts)
{
    char delim = opts && opts->delimiter ? opts->delimiter : ',';
    bool keep_text = opts && opts->keep_text;
    char *buf;
    size_t bufsize;
    if (!slurp(ctx, path, &buf, &bufsize))
        return NULL;
    Vec fields = {.esize = sizeof(Field)}, records = {.esize = sizeof(Record)};
    TnCsvTable *t = NULL;
    bool *numeric = NULL;
    int ncols = 0;
    if (!csv_parse(ctx, path, buf, bufsize - 1, delim, &fields, &records))
        goto fail;
    if (records.len == 0) {
        tn_fail(ctx, TN_ERR_IO, "%s: the file is empty: read_csv needs a header row", path);
        goto fail;
    }
    const Field *fl = fields.data;
    const Record *rec = records.data;
    ncols = rec[0].nfields;
    int64_t nrows = (int64_t)records.len - 1;
    for (int64_t r = 1; r <= nrows; r++)
        if (rec[r].nfields != ncols) {
            char where[48] = "";
            if (rec[r].line != r + 1)
                snprintf(where, sizeof where, " (line %lld)", (long long)rec[r].line);
            tn_fail(ctx, TN_ERR_IO, "%s: row %lld%s has %d field%s, the header has %d", path,
                    (long long)(r + 1), where, rec[r].nfields, rec[r].nfields == 1 ? "" : "s",
                    ncols);
            goto fail;
        }

    /* A column is numeric when every field is a number or missing. */
    if (!(numeric = tn_mem_alloc(ctx, (size_t)ncols)))
        goto fail;
    int nnum = 0;
    for (int c = 0; c < ncols; c++) {
        numeric[c] = true;
        for (int64_t r = 1; r <= nrows && numeric[c]; r++) {
            const Field *f = &fl[rec[r].first + (size_t)c];
            double v;
            if (is_missing(buf + f->off, f->len) || parse_number(buf + f->off, f->len, &v))
                continue;
            numeric[c] = false;
            if (!keep_text) {
                tn_fail(ctx, TN_ERR_IO, "%s: column '%.80s' is not numeric (row %lld: '%.40s')",
                        path, buf + fl[c].off, (long long)(r + 1), buf + f->off);
                tn_hint(ctx, "read_csv can return text columns separately; or remove the "
                        "column");
                goto fail;
            }
        }
        nnum += numeric[c];
    }

    if (!(t = tn_mem_alloc(ctx, sizeof *t)))
        goto fail;
    memset(t, 0, sizeof *t);
    t->nrows = nrows;
    t->ncols = nnum;
    t->ntext = ncols - nnum;
    bool ok = true;
    t->names = alloc_array(ctx, (size_t)t->ncols, sizeof(char *), &ok);
    t->col_pos = alloc_array(ctx, (size_t)t->ncols, sizeof(int), &ok);
    t->text_names = alloc_array(ctx, (size_t)t->ntext, sizeof(char *), &ok);
    t->text_pos = alloc_array(ctx, (size_t)t->ntext, sizeof(int), &ok);
    t->text = alloc_array(ctx, (size_t)t->ntext * (size_t)nrows, sizeof(char *), &ok);
    int64_t shape[2] = {nrows, nnum};
    if (!ok || !(t->data = tn_empty(ctx, TN_F64, 2, shape)))
        goto fail;

    /* Strings live in the parse buffer when text columns are kept; else
       the few names move to a small pool and the buffer goes. */
    if (t->ntext > 0) {
        t->pool_ = buf;
        t->pool_size_ = bufsize;
        buf = NULL;
    } else {
        size_t need = 1;
        for (int c = 0; c < ncols; c++)
            need += fl[c].len + 1;
        if (!(t->pool_ = tn_mem_alloc(ctx, need)))
            goto fail;
        t->pool_size_ = need;
    }
    double *d = tn_data(t->data);
    size_t used = 0;
    int ci = 0, ti = 0;
    for (int c = 0; c < ncols; c++) {
        char *name = buf ? t->pool_ + used : t->pool_ + fl[c].off;
        if (buf) {
            memcpy(name, buf + fl[c].off, fl[c].len + 1);
            used += fl[c].len + 1;
        }
        if (numeric[c]) {
            t->names[ci] = name;
            t->col_pos[ci] = c;
            for (int64_t r = 1; r <= nrows; r++) {
                const Field *f = &fl[rec[r].first + (size_t)c];
                double v = NAN;
                if (!is_missing(buf ? buf + f->off : t->pool_ + f->off, f->len))
                    parse_number(buf ? buf + f->off : t->pool_ + f->off, f->len, &v);
                d[(r - 1) * nnum + ci] = v;
            }
            ci++;
        } else {
            t->text_names[ti] = name;
            t->text_pos[ti] = c;
            for (int64_t r = 1; r <= nrows; r++)
                t->text[(size_t)ti * (size_t)nrows + (size_t)(r - 1)] =
                    t->pool_ + fl[rec[r].first + (size_t)c].off;
            ti++;
        }
    }
    if (buf)
        tn_mem_free(ctx, buf, bufsize);
    tn_mem_free(ctx, numeric, (size_t)ncols);
    vec_free(ctx, &fields);
    vec_free(ctx, &records);
    return t;
fail:
    if (t && t->pool_ == buf)
        buf = NULL;     /* the table owns it now */
    tn_csv_free(ctx, t);
    if (buf)
        tn_mem_free(ctx, buf, bufsize);
    if (numeric)
        tn_mem_free(ctx, numeric, (size_t)ncols);
    vec_free(ctx, &fields);
    vec_free(ctx, &records);
    return NULL;
}

/* ---- write_csv */

/* The shortest %g form that reads back as the same value (as Python's
   repr), "nan" and "inf" for the specials. */
static void format_number(char *out, size_t size, double v, bool single)
{
    if (isnan(v)) {
        snprintf(out, size, "nan");
        return;
    }
    if (isinf(v)) {
        snprintf(out, size, v > 0 ? "inf" : "-inf");
        return;
    }
    for (int prec = single ? 6 : 15; prec <= 17; prec++) {
        snprintf(out, size, "%.*g", prec, v);
        double back = strtod(out, NULL);
        if (single ? (float)back == (float)v : back == v)
            return;
    }
}

/* A header name, quoted when it holds the delimiter, a quote, a line break
   or blanks at its ends. */
static void write_name(FILE *f, const char *s, char delim)
{
    size_t len = strlen(s);
    bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    for (const char *q = s; *q && !quote; q++)
        quote = *q == delim || *q == '"' || *q == '\n' || *q == '\r';
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *q = s; *q; q++) {
        if (*q == '"')
            fputc('"', f);
        fputc(*q, f);
    }
    fputc('"', f);
}

bool tn_write_csv(TnCtx *ctx, const char *path, const char *const *names, const Tensor *t,
                  char delimiter)
{
    char delim = delimiter ? delimiter : ',';
    if (t->ndim != 1 && t->ndim != 2) {
        char s[128];
        tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
        tn_fail(ctx, TN_ERR_SHAPE, "write_csv: expected a 1-D or 2-D tensor, got %s", s);
        tn_detail(ctx, t, NULL, -1000);
        return false;
    }
    int64_t rows = t->shape[0], cols = t->ndim == 2 ? t->shape[1] : 1;
    FILE *f = fopen(path, "wb");
    if (!f) {
        tn_fail(ctx, TN_ERR_IO, "cannot open '%s' for writing: %s", path, strerror(errno));
        return false;
    }
    if (names) {
        for (int64_t c = 0; c < cols; c++) {
            if (c)
                fputc(delim, f);
            write_name(f, names[c], delim);
        }
        fputc('\n', f);
    }
    bool is_float = tn_dtype_is_float(t->dtype), single = t->dtype == TN_F32;
    char num[40];
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++) {
            int64_t i = r * cols + c;
            if (is_float)
                format_number(num, sizeof num, tn_get_f64(t, i), single);
            else
                snprintf(num, sizeof num, "%lld", (long long)tn_get_i64(t, i));
            if (c)
                fputc(delim, f);
            fputs(num, f);
        }
        fputc('\n', f);
    }
    bool ok = !ferror(f);
    if (fclose(f) != 0)
        ok = false;
    if (!ok) {
        tn_fail(ctx, TN_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
        remove(path);
    }
    return ok;
}

/* ---- loadtxt */

/* The values of one line (up to a comment) pushed onto vals: how many, 0
   for a blank line, -1 after an error. */
static int64_t loadtxt_line(TnCtx *ctx, const char *path, int64_t lineno, const char *p,
                            size_t len, char delim, Vec *vals)
{
    p = trim(p, &len);
    const char *q = p, *e = p + len;
    int64_t n = 0;
    while (len > 0) {
        const char *tok = q;
        while (q < e && (delim ? *q != delim : !is_blank(*q)))
            q++;
        double v;
        if (!parse_number(tok, (size_t)(q - tok), &v)) {
            size_t tl = (size_t)(q - tok);
            tok = trim(tok, &tl);
            tn_fail(ctx, TN_ERR_IO, "%s: line %lld, column %lld: could not convert '%.*s' to a "
                    "number", path, (long long)lineno, (long long)(n + 1), (int)(tl < 40 ? tl : 40),
                    tok);
            return -1;
        }
        if (!vec_push(ctx, vals, &v))
            return -1;
        n++;
        if (q >= e)
            break;
        if (delim)
            q++;    /* a trailing delimiter leaves an empty value: an error, as in NumPy */
        else
            while (q < e && is_blank(*q))
                q++;
    }
    return n;
}

Tensor *tn_loadtxt(TnCtx *ctx, const char *path, char delimiter, int64_t skiprows)
{
    if (skiprows < 0)
        return tn_fail(ctx, TN_ERR_VALUE, "loadtxt: skiprows must be >= 0, got %lld",
                       (long long)skiprows);
    char *buf;
    size_t bufsize;
    if (!slurp(ctx, path, &buf, &bufsize))
        return NULL;
    Vec vals = {.esize = sizeof(double)};
    Tensor *out = NULL;
    int64_t rows = 0, cols = -1, lineno = 0;
    const char *p = buf, *end = buf + bufsize - 1;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        lineno++;
        if (lineno > skiprows) {
            const char *hash = memchr(p, '#', (size_t)(eol - p));
            int64_t n = loadtxt_line(ctx, path, lineno, p, (size_t)((hash ? hash : eol) - p),
                                     delimiter, &vals);
            if (n < 0)
                goto fail;
            if (n > 0 && cols >= 0 && n != cols) {
                tn_fail(ctx, TN_ERR_IO, "%s: line %lld has %lld values, the first data line has "
                        "%lld", path, (long long)lineno, (long long)n, (long long)cols);
                goto fail;
            }
            if (n > 0) {
                cols = n;
                rows++;
            }
        }
        p = eol < end ? eol + 1 : end;
    }
    /* NumPy squeezes: a row or a column becomes 1-D, one value 0-d. */
    int64_t shape[2] = {rows, cols < 0 ? 0 : cols};
    int nd = 2;
    if (rows == 0) {
        nd = 1;
        shape[0] = 0;
    } else if (rows == 1 && cols == 1) {
        nd = 0;
    } else if (rows == 1) {
        nd = 1;
        shape[0] = cols;
    } else if (cols == 1) {
        nd = 1;
    }
    if (!(out = tn_empty(ctx, TN_F64, nd, shape)))
        goto fail;
    if (vals.len)
        memcpy(tn_data(out), vals.data, vals.len * sizeof(double));
    vec_free(ctx, &vals);
    tn_mem_free(ctx, buf, bufsize);
    return out;
fail:
    vec_free(ctx, &vals);
    tn_mem_free(ctx, buf, bufsize);
    return NULL;
}
