/*
 * npyio.c - NumPy's .npy format and .npz archives (ZIP, stored entries).
 *
 * A .npy file (NumPy's format.py documents it):
 *   "\x93NUMPY"  major minor  header-length (u16 LE in 1.0, u32 LE in 2.0/3.0)
 *   header: a Python dict literal {'descr': '<f8', 'fortran_order': False,
 *           'shape': (2, 3), } padded with spaces and ended by '\n' so that
 *           the data starts at a multiple of 64 bytes
 *   data:   the elements in C order (or Fortran order when fortran_order)
 * The header is parsed by a small recursive-descent reader that accepts
 * exactly that dict (keys in any order, any spacing) and rejects anything
 * else with a message; the data size it implies is checked against what the
 * file holds before anything is allocated.
 *
 * An .npz is a ZIP archive with one NAME.npy entry per array.  Reading
 * walks the central directory (ZIP64 records too, which np.savez writes);
 * writing emits stored entries with their CRC-32, a fixed 1980-01-01
 * timestamp (so equal arrays give equal files) and no ZIP64 (so entries are
 * limited to 4 GiB).
 */
#include "io.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
#define NPY_ALIGN 64
/* np.save leaves room for the first axis to grow to 21 digits. */
#define NPY_GROWTH_DIGITS 21
/* Far above any header Nabla's dtypes need; stops a corrupt length from
   asking for gigabytes. */
#define NPY_MAX_HEADER (1u << 20)

/* ---- bytes: host order, little-endian fields, CRC-32 */
static bool host_is_little(void)
{
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}

static void byteswap(void *p, size_t n, size_t esize)
{
    uint8_t *b = p;
    for (size_t i = 0; i < n; i++, b += esize)
        for (size_t j = 0; j < esize / 2; j++) {
            uint8_t t = b[j];
            b[j] = b[esize - 1 - j];
            b[esize - 1 - j] = t;
        }
}

static uint32_t get_u16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static uint8_t *put_u16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    return p + 2;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
    return p + 4;
}

/* The ZIP CRC-32 (reflected polynomial 0xEDB88320), table made per use:
   256 * 8 steps, nothing next to the cost of the data. */
static void crc_table_init(uint32_t table[256])
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static uint32_t crc_update(const uint32_t table[256], uint32_t crc, const void *data, size_t n)
{
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* ---- errors */
static void *io_errno(TnCtx *ctx, const char *what, const char *path)
{
    return tn_fail(ctx, TN_ERR_IO, "cannot %s '%s': %s", what, path, strerror(errno));
}

/* ---- reading: a byte source bounded by what the file (or entry) holds */
typedef struct Src {
    FILE *f;
    const char *what;       /* "path" or "path: entry 'x.npy'" for messages */
    int64_t avail;          /* bytes that may still be read */
    const uint32_t *crc_table;  /* non-NULL: keep a running CRC */
    uint32_t crc;
} Src;

static bool src_read(TnCtx *ctx, Src *s, void *buf, size_t n, const char *part)
{
    if ((uint64_t)s->avail < n) {
        tn_fail(ctx, TN_ERR_IO, "%s: truncated: the %s needs %zu bytes, only %lld remain",
                s->what, part, n, (long long)s->avail);
        return false;
    }
    size_t got = fread(buf, 1, n, s->f);
    if (got != n) {
        if (ferror(s->f))
            tn_fail(ctx, TN_ERR_IO, "%s: read error in the %s: %s", s->what, part,
                    strerror(errno));
        else
            tn_fail(ctx, TN_ERR_IO, "%s: truncated: the %s needs %zu bytes, the file ends after "
                    "%zu", s->what, part, n, got);
        return false;
    }
    s->avail -= (int64_t)n;
    if (s->crc_table)
        s->crc = crc_update(s->crc_table, s->crc, buf, n);
    return true;
}

/* ---- the header dict */
typedef struct Hdr {
    const char *p, *end;
    const char *what;
    char descr[32];
    bool fortran;
    int ndim;
    int64_t shape[TN_MAX_DIMS];
} Hdr;

static void hdr_space(Hdr *h)
{
    while (h->p < h->end && (*h->p == ' ' || *h->p == '\t' || *h->p == '\n' || *h->p == '\r'))
        h->p++;
}

static bool hdr_error(TnCtx *ctx, Hdr *h, const char *expected)
{
    char near[24];
    size_t n = 0;
    for (const char *q = h->p; q < h->end && n < 16; q++)
        near[n++] = (*q >= 32 && *q < 127) ? *q : '?';
    near[n] = 0;
    tn_fail(ctx, TN_ERR_IO, "%s: bad .npy header: expected %s at \"%s\"", h->what, expected,
            h->p < h->end ? near : "the end");
    return false;
}

static bool hdr_expect(TnCtx *ctx, Hdr *h, char c)
{
    hdr_space(h);
    if (h->p < h->end && *h->p == c) {
        h->p++;
        return true;
    }
    char what[8] = {'\'', c, '\'', 0};
    return hdr_error(ctx, h, what);
}

/* string := "'" chars "'" | '"' chars '"'   (no escapes: none are needed) */
static bool hdr_string(TnCtx *ctx, Hdr *h, char *out, size_t size)
{
    hdr_space(h);
    if (h->p >= h->end || (*h->p != '\'' && *h->p != '"'))
        return hdr_error(ctx, h, "a quoted string");
    char q = *h->p++;
    size_t n = 0;
    while (h->p < h->end && *h->p != q) {
        if (*h->p == '\\' || n + 1 >= size)
            return hdr_error(ctx, h, "a short string without escapes");
        out[n++] = *h->p++;
    }
    if (h->p >= h->end)
        return hdr_error(ctx, h, "a closing quote");
    h->p++;
    out[n] = 0;
    return true;
}

/* int := digits ['L']  (Python 2 wrote long ints with an L) */
static bool hdr_int(TnCtx *ctx, Hdr *h, int64_t *out)
{
    hdr_space(h);
    if (h->p >= h->end || *h->p < '0' || *h->p > '9')
        return hdr_error(ctx, h, "a non-negative integer");
    int64_t v = 0;
    while (h->p < h->end && *h->p >= '0' && *h->p <= '9') {
        int d = *h->p++ - '0';
        if (v > (INT64_MAX - d) / 10) {
            tn_fail(ctx, TN_ERR_IO, "%s: bad .npy header: a dimension of the shape overflows "
                    "64 bits", h->what);
            return false;
        }
        v = v * 10 + d;
    }
    if (h->p < h->end && *h->p == 'L')
        h->p++;
    *out = v;
    return true;
}

/* tuple := '(' [int (',' int)* [',']] ')' */
static bool hdr_shape(TnCtx *ctx, Hdr *h)
{
    if (!hdr_expect(ctx, h, '('))
        return false;
    h->ndim = 0;
    for (;;) {
        hdr_space(h);
        if (h->p < h->end && *h->p == ')') {
            h->p++;
            return true;
        }
        if (h->ndim == TN_MAX_DIMS) {
            tn_fail(ctx, TN_ERR_IO, "%s: the array has more than %d dimensions, Nabla's limit",
                    h->what, TN_MAX_DIMS);
            return false;
        }
        if (!hdr_int(ctx, h, &h->shape[h->ndim]))
            return false;
        h->ndim++;
        hdr_space(h);
        if (h->p < h->end && *h->p == ',')
            h->p++;
        else if (h->p >= h->end || *h->p != ')')
            return hdr_error(ctx, h, "',' or ')' in the shape");
    }
}

/* dict := '{' [key ':' value (',' key ':' value)* [',']] '}'
   with exactly the keys descr, fortran_order and shape. */
static bool hdr_parse(TnCtx *ctx, Hdr *h)
{
    bool seen[3] = {false, false, false};
    if (!hdr_expect(ctx, h, '{'))
        return false;
    for (;;) {
        hdr_space(h);
        if (h->p < h->end && *h->p == '}') {
            h->p++;
            break;
        }
        char key[32];
        if (!hdr_string(ctx, h, key, sizeof key) || !hdr_expect(ctx, h, ':'))
            return false;
        int k;
        if (strcmp(key, "descr") == 0) {
            k = 0;
            if (!hdr_string(ctx, h, h->descr, sizeof h->descr))
                return false;
        } else if (strcmp(key, "fortran_order") == 0) {
            k = 1;
            hdr_space(h);
            size_t left = (size_t)(h->end - h->p);
            if (left >= 4 && memcmp(h->p, "True", 4) == 0) {
                h->fortran = true;
                h->p += 4;
            } else if (left >= 5 && memcmp(h->p, "False", 5) == 0) {
                h->fortran = false;
                h->p += 5;
            } else {
                return hdr_error(ctx, h, "True or False");
            }
        } else if (strcmp(key, "shape") == 0) {
            k = 2;
            if (!hdr_shape(ctx, h))
                return false;
        } else {
            tn_fail(ctx, TN_ERR_IO, "%s: bad .npy header: unexpected key '%s'", h->what, key);
            return false;
        }
        if (seen[k]) {
            tn_fail(ctx, TN_ERR_IO, "%s: bad .npy header: key '%s' appears twice", h->what, key);
            return false;
        }
        seen[k] = true;
        hdr_space(h);
        if (h->p < h->end && *h->p == ',')
            h->p++;
        else if (h->p >= h->end || *h->p != '}')
            return hdr_error(ctx, h, "',' or '}'");
    }
    static const char *const keys[3] = {"descr", "fortran_order", "shape"};
    for (int k = 0; k < 3; k++)
        if (!seen[k]) {
            tn_fail(ctx, TN_ERR_IO, "%s: bad .npy header: the key '%s' is missing", h->what,
                    keys[k]);
            return false;
        }
    hdr_space(h);
    if (h->p != h->end)
        return hdr_error(ctx, h, "the end of the header");
    return true;
}

/* descr := byteorder kind size, e.g. '<f8' */
static bool parse_descr(TnCtx *ctx, const char *what, const char *d, TnDType *dt, bool *swap)
{
    static const struct {
        char kind;
        int size;
        TnDType dt;
    } known[] = {
        {'b', 1, TN_BOOL}, {'u', 1, TN_U8}, {'i', 4, TN_I32},
        {'i', 8, TN_I64},  {'f', 4, TN_F32}, {'f', 8, TN_F64},
    };
    char order = d[0];
    if (order == '<' || order == '>' || order == '|' || order == '=') {
        char kind = d[1];
        char *endp;
        long size = kind ? strtol(d + 2, &endp, 10) : 0;
        if (kind && d[2] >= '0' && d[2] <= '9' && *endp == 0) {
            for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (known[i].kind == kind && known[i].size == size) {
                    *dt = known[i].dt;
                    bool big = order == '>';
                    *swap = size > 1 && order != '|' && order != '=' && big == host_is_little();
                    return true;
                }
        }
    }
    tn_fail(ctx, TN_ERR_IO, "%s: the .npy dtype '%s' is not supported: Nabla reads bool, uint8, "
            "int32, int64, float32 and float64", what, d);
    tn_hint(ctx, "convert the array in NumPy before saving it, e.g. a.astype(np.float64)");
    return false;
}

/* Reads one array from s.  On success s is just past its data. */
static Tensor *npy_read(TnCtx *ctx, Src *s)
{
    uint8_t pre[12];
    if (!src_read(ctx, s, pre, 8, ".npy preamble"))
        return NULL;
    if (memcmp(pre, NPY_MAGIC, NPY_MAGIC_LEN) != 0)
        return tn_fail(ctx, TN_ERR_IO, "%s: not a .npy file (it does not start with "
                       "\"\\x93NUMPY\")", s->what);
    int major = pre[6], minor = pre[7];
    if (major < 1 || major > 3 || minor != 0)
        return tn_fail(ctx, TN_ERR_IO, "%s: unsupported .npy format version %d.%d (1.0, 2.0 "
                       "and 3.0 are known)", s->what, major, minor);
    uint32_t hlen;
    if (major == 1) {
        if (!src_read(ctx, s, pre + 8, 2, ".npy header length"))
            return NULL;
        hlen = get_u16(pre + 8);
    } else {
        if (!src_read(ctx, s, pre + 8, 4, ".npy header length"))
            return NULL;
        hlen = get_u32(pre + 8);
    }
    if (hlen > NPY_MAX_HEADER)
        return tn_fail(ctx, TN_ERR_IO, "%s: bad .npy header: its length %u is implausibly "
                       "large", s->what, hlen);
    char *text = tn_mem_alloc(ctx, hlen + 1);
    if (!text)
        return NULL;
    if (!src_read(ctx, s, text, hlen, ".npy header")) {
        tn_mem_free(ctx, text, hlen + 1);
        return NULL;
    }
    text[hlen] = 0;
    Hdr h = {.p = text, .end = text + hlen, .what = s->what};
    bool ok = hdr_parse(ctx, &h);
    tn_mem_free(ctx, text, hlen + 1);
    if (!ok)
        return NULL;
    TnDType dt;
    bool swap;
    if (!parse_descr(ctx, s->what, h.descr, &dt, &swap))
        return NULL;

    /* The size the header promises, checked before allocating. */
    size_t es = tn_dtype_size(dt);
    uint64_t count = 1;
    for (int i = 0; i < h.ndim; i++) {
        if (h.shape[i] != 0 && count > (uint64_t)INT64_MAX / (uint64_t)h.shape[i] / es)
            return tn_fail(ctx, TN_ERR_IO, "%s: bad .npy header: the shape's size overflows "
                           "64 bits", s->what);
        count *= (uint64_t)h.shape[i];
    }
    uint64_t nbytes = count * es;
    if (nbytes > (uint64_t)s->avail)
        return tn_fail(ctx, TN_ERR_IO, "%s: truncated: the header promises %llu bytes of data, "
                       "only %lld follow", s->what, (unsigned long long)nbytes,
                       (long long)s->avail);

    /* Fortran order: read as the C-order array of the reversed shape, then
       present it with the reversed strides (a Fortran-contiguous tensor). */
    int64_t shape[TN_MAX_DIMS];
    for (int i = 0; i < h.ndim; i++)
        shape[i] = h.fortran ? h.shape[h.ndim - 1 - i] : h.shape[i];
    Tensor *t = tn_empty(ctx, dt, h.ndim, shape);
    if (!t)
        return NULL;
    if (nbytes > 0 && !src_read(ctx, s, tn_data(t), (size_t)nbytes, "array data")) {
        tn_free(ctx, t);
        return NULL;
    }
    if (swap)
        byteswap(tn_data(t), (size_t)count, es);
    if (dt == TN_BOOL) {
        /* a C bool may only hold 0 or 1 */
        uint8_t *b = tn_data(t);
        for (uint64_t i = 0; i < count; i++)
            b[i] = b[i] != 0;
    }
    if (h.fortran && h.ndim > 1) {
        int64_t strides[TN_MAX_DIMS];
        for (int i = 0; i < h.ndim; i++)
            strides[i] = t->strides[h.ndim - 1 - i];
        for (int i = 0; i < h.ndim; i++) {
            t->shape[i] = h.shape[i];
            t->strides[i] = strides[i];
        }
    }
    return t;
}

static int64_t file_size(FILE *f)
{
    if (fseek(f, 0, SEEK_END) != 0)
        return -1;
    long n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0)
        return -1;
    return n;
}

Tensor *tn_load_npy(TnCtx *ctx, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return io_errno(ctx, "open", path);
    int64_t size = file_size(f);
    if (size < 0) {
        io_errno(ctx, "read", path);
        fclose(f);
        return NULL;
    }
    Src s = {.f = f, .what = path, .avail = size};
    Tensor *t = npy_read(ctx, &s);
    fclose(f);
    return t;
}

TnFileKind tn_file_kind(TnCtx *ctx, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        io_errno(ctx, "open", path);
        return TN_FILE_OTHER;
    }
    unsigned char b[6] = {0};
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    if (n == 6 && memcmp(b, NPY_MAGIC, NPY_MAGIC_LEN) == 0)
        return TN_FILE_NPY;
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
        ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
        return TN_FILE_NPZ;
    return TN_FILE_OTHER;
}

/* ---- writing */

/* A byte sink: a file and/or a running CRC (f NULL: only the CRC). */
typedef struct Sink {
    FILE *f;
    const uint32_t *crc_table;
    uint32_t crc;
    bool failed;
} Sink;

/* Writes n elements of esize bytes, little-endian whatever the host. */
static void sink_put(Sink *s, const void *p, size_t n, size_t esize)
{
    if (s->failed || n == 0)
        return;
    size_t bytes = n * esize;
    if (esize > 1 && !host_is_little()) {
        uint8_t chunk[4096];
        size_t per = sizeof chunk / esize;
        for (size_t i = 0; i < n; i += per) {
            size_t k = n - i < per ? n - i : per;
            memcpy(chunk, (const uint8_t *)p + i * esize, k * esize);
            byteswap(chunk, k, esize);
            sink_put(s, chunk, k * esize, 1);
        }
        return;
    }
    if (s->crc_table)
        s->crc = crc_update(s->crc_table, s->crc, p, bytes);
    if (s->f && fwrite(p, 1, bytes, s->f) != bytes)
        s->failed = true;
}

static const char *npy_descr(TnDType dt)
{
    static const char *const d[TN_DTYPE_COUNT] = {
        [TN_BOOL] = "|b1", [TN_U8] = "|u1", [TN_I32] = "<i4",
        [TN_I64] = "<i8",  [TN_F32] = "<f4", [TN_F64] = "<f8",
    };
    return d[dt];
}

/* An array ready to write: its bytes in memory order and whether that
   order is Fortran's (np.save keeps a Fortran-contiguous array as is). */
typedef struct NpyOut {
    Tensor *keep;           /* the contiguous copy or view holding the bytes */
    bool fortran;
    uint8_t header[640];
    size_t header_len;
    uint64_t data_len;
} NpyOut;

/* The header np.save writes (format 1.0): the dict with keys sorted, the
   growth padding, then spaces and '\n' up to a multiple of 64 bytes. */
static bool npy_prepare(TnCtx *ctx, const Tensor *t, NpyOut *o)
{
    o->fortran = t->ndim > 1 && !tn_is_contiguous(t) && tn_is_f_contiguous(t);
    o->keep = o->fortran ? tn_view(ctx, t) : tn_contiguous(ctx, t);
    if (!o->keep)
        return false;
    char dict[512];
    int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s, 'shape': (",
                     npy_descr(t->dtype), o->fortran ? "True" : "False");
    for (int i = 0; i < t->ndim; i++)
        n += snprintf(dict + n, sizeof dict - (size_t)n, "%s%lld", i ? ", " : "",
                      (long long)t->shape[i]);
    n += snprintf(dict + n, sizeof dict - (size_t)n, "%s), }", t->ndim == 1 ? "," : "");
    if (t->ndim > 0) {
        char digits[24];
        int grow = snprintf(digits, sizeof digits, "%lld",
                            (long long)t->shape[o->fortran ? t->ndim - 1 : 0]);
        for (int i = grow; i < NPY_GROWTH_DIGITS; i++)
            dict[n++] = ' ';
    }
    size_t pre = NPY_MAGIC_LEN + 2 + 2;
    size_t pad = NPY_ALIGN - (pre + (size_t)n + 1) % NPY_ALIGN;
    size_t hlen = (size_t)n + pad + 1;
    uint8_t *h = o->header;
    memcpy(h, NPY_MAGIC, NPY_MAGIC_LEN);
    h[6] = 1;
    h[7] = 0;
    put_u16(h + 8, (uint32_t)hlen);
    memcpy(h + pre, dict, (size_t)n);
    memset(h + pre + n, ' ', pad);
    h[pre + hlen - 1] = '\n';
    o->header_len = pre + hlen;
    o->data_len = (uint64_t)t->size * tn_dtype_size(t->dtype);
    return true;
}

static void npy_emit(Sink *s, const NpyOut *o)
{
    sink_put(s, o->header, o->header_len, 1);
    if (o->keep->size > 0)
        sink_put(s, tn_data(o->keep), (size_t)o->keep->size, tn_dtype_size(o->keep->dtype));
}

/* Closes f, reporting a write error; removes a half-written file. */
static bool finish_write(TnCtx *ctx, FILE *f, const char *path, bool ok)
{
    if (ok && ferror(f)) {
        io_errno(ctx, "write", path);
        ok = false;
    }
    if (fclose(f) != 0 && ok) {
        io_errno(ctx, "write", path);
        ok = false;
    }
    if (!ok)
        remove(path);
    return ok;
}

bool tn_save_npy(TnCtx *ctx, const char *path, const Tensor *t)
{
    NpyOut o;
    if (!npy_prepare(ctx, t, &o))
        return false;
    FILE *f = fopen(path, "wb");
    if (!f) {
        io_errno(ctx, "open for writing", path);
        tn_free(ctx, o.keep);
        return false;
    }
    Sink s = {.f = f};
    npy_emit(&s, &o);
    tn_free(ctx, o.keep);
    if (s.failed)
        io_errno(ctx, "write", path);
    return finish_write(ctx, f, path, !s.failed);
}

/* ---- .npz writing */
#define ZIP_LOCAL_SIG 0x04034b50u
#define ZIP_CENTRAL_SIG 0x02014b50u
#define ZIP_END_SIG 0x06054b50u
#define ZIP64_END_SIG 0x06064b50u
#define ZIP64_LOCATOR_SIG 0x07064b50u
#define ZIP_DOS_DATE 0x0021u      /* 1980-01-01 */
#define ZIP_VERSION 20            /* 2.0: stored entries, no ZIP64 */

typedef struct ZipEntry {
    uint32_t crc;
    uint32_t size;
    uint32_t offset;
} ZipEntry;

static bool npz_check_names(TnCtx *ctx, const char *path, int count, const char *const *names)
{
    for (int i = 0; i < count; i++) {
        size_t len = strlen(names[i]);
        if (len == 0 || len > 60000) {
            tn_fail(ctx, TN_ERR_VALUE, "%s: array names must have 1 to 60000 characters (name %d "
                    "has %zu)", path, i, len);
            return false;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                tn_fail(ctx, TN_ERR_VALUE, "%s: the name '%s' is given twice", path, names[i]);
                return false;
            }
    }
    return true;
}

bool tn_save_npz(TnCtx *ctx, const char *path, int count, const char *const *names,
                 const Tensor *const *arrays)
{
    if (count < 0 || count > 65535) {
        tn_fail(ctx, TN_ERR_VALUE, "%s: an .npz holds 0 to 65535 arrays, not %d", path, count);
        return false;
    }
    if (!npz_check_names(ctx, path, count, names))
        return false;
    size_t esz = (size_t)(count > 0 ? count : 1) * sizeof(ZipEntry);
    ZipEntry *ent = tn_mem_alloc(ctx, esz);
    if (!ent)
        return false;
    FILE *f = fopen(path, "wb");
    if (!f) {
        io_errno(ctx, "open for writing", path);
        tn_mem_free(ctx, ent, esz);
        return false;
    }
    uint32_t table[256];
    crc_table_init(table);
    Sink out = {.f = f};
    uint64_t offset = 0;
    bool ok = true;
    for (int i = 0; i < count && ok && !out.failed; i++) {
        NpyOut o;
        if (!npy_prepare(ctx, arrays[i], &o)) {
            ok = false;
            break;
        }
        uint64_t total = o.header_len + o.data_len;
        size_t nlen = strlen(names[i]) + 4;
        if (total >= 0xffffffffu || offset + 30 + nlen + total >= 0xffffffffu) {
            tn_fail(ctx, TN_ERR_IO, "%s: the array '%s' would end past 4 GiB into the archive, "
                    "more than an .npz without ZIP64 can hold", path, names[i]);
            tn_free(ctx, o.keep);
            ok = false;
            break;
        }
        Sink crc = {.crc_table = table};
        npy_emit(&crc, &o);
        ent[i] = (ZipEntry){crc.crc, (uint32_t)total, (uint32_t)offset};
        /* local file header */
        uint8_t lh[30], *p = lh;
        p = put_u32(p, ZIP_LOCAL_SIG);
        p = put_u16(p, ZIP_VERSION);
        p = put_u16(p, 0);              /* flags */
        p = put_u16(p, 0);              /* method: stored */
        p = put_u16(p, 0);              /* time 00:00 */
        p = put_u16(p, ZIP_DOS_DATE);
        p = put_u32(p, crc.crc);
        p = put_u32(p, (uint32_t)total);
        p = put_u32(p, (uint32_t)total);
        p = put_u16(p, (uint32_t)nlen);
        put_u16(p, 0);                  /* no extra field */
        sink_put(&out, lh, sizeof lh, 1);
        sink_put(&out, names[i], nlen - 4, 1);
        sink_put(&out, ".npy", 4, 1);
        npy_emit(&out, &o);
        tn_free(ctx, o.keep);
        offset += sizeof lh + nlen + total;
    }
    uint64_t cd_start = offset;
    for (int i = 0; i < count && ok; i++) {
        size_t nlen = strlen(names[i]) + 4;
        uint8_t ch[46], *p = ch;
        p = put_u32(p, ZIP_CENTRAL_SIG);
        p = put_u16(p, 3u << 8 | ZIP_VERSION);  /* made by: Unix, 2.0 */
        p = put_u16(p, ZIP_VERSION);
        p = put_u16(p, 0);
        p = put_u16(p, 0);
        p = put_u16(p, 0);
        p = put_u16(p, ZIP_DOS_DATE);
        p = put_u32(p, ent[i].crc);
        p = put_u32(p, ent[i].size);
        p = put_u32(p, ent[i].size);
        p = put_u16(p, (uint32_t)nlen);
        p = put_u16(p, 0);              /* extra */
        p = put_u16(p, 0);              /* comment */
        p = put_u16(p, 0);              /* disk */
        p = put_u16(p, 0);              /* internal attributes */
        p = put_u32(p, 0644u << 16);    /* external: a rw-r--r-- file */
        put_u32(p, ent[i].offset);
        sink_put(&out, ch, sizeof ch, 1);
        sink_put(&out, names[i], nlen - 4, 1);
        sink_put(&out, ".npy", 4, 1);
        offset += sizeof ch + nlen;
    }
    if (ok && offset >= 0xffffffffu) {
        tn_fail(ctx, TN_ERR_IO, "%s: the archive would pass 4 GiB, more than an .npz without "
                "ZIP64 can hold", path);
        ok = false;
    }
    if (ok) {
        uint8_t end[22], *p = end;
        p = put_u32(p, ZIP_END_SIG);
        p = put_u16(p, 0);
        p = put_u16(p, 0);
        p = put_u16(p, (uint32_t)count);
        p = put_u16(p, (uint32_t)count);
        p = put_u32(p, (uint32_t)(offset - cd_start));
        p = put_u32(p, (uint32_t)cd_start);
        put_u16(p, 0);
        sink_put(&out, end, sizeof end, 1);
    }
    if (ok && out.failed) {
        io_errno(ctx, "write", path);
        ok = false;
    }
    tn_mem_free(ctx, ent, esz);
    return finish_write(ctx, f, path, ok);
}

/* ---- .npz reading */

static bool zip_corrupt(TnCtx *ctx, const char *path, const char *what)
{
    tn_fail(ctx, TN_ERR_IO, "%s: not a valid .npz (ZIP) file: %s", path, what);
    return false;
}

/* Reads n bytes at offset into buf. */
static bool read_at(TnCtx *ctx, FILE *f, const char *path, int64_t off, void *buf, size_t n)
{
    if (fseek(f, (long)off, SEEK_SET) != 0) {
        io_errno(ctx, "seek in", path);
        return false;
    }
    if (fread(buf, 1, n, f) != n) {
        if (ferror(f))
            io_errno(ctx, "read", path);
        else
            zip_corrupt(ctx, path, "a record runs past the end of the file");
        return false;
    }
    return true;
}

/* The central directory's place and entry count, from the end record (or
   its ZIP64 version when the 32-bit fields are saturated). */
static bool zip_find_directory(TnCtx *ctx, FILE *f, const char *path, int64_t size,
                               int64_t *cd_off, int64_t *cd_size, int64_t *entries)
{
    if (size < 22)
        return zip_corrupt(ctx, path, "too short for the end-of-archive record");
    size_t tail = size < 22 + 65535 ? (size_t)size : 22 + 65535;
    uint8_t *buf = tn_mem_alloc(ctx, tail);
    if (!buf)
        return false;
    bool ok = read_at(ctx, f, path, size - (int64_t)tail, buf, tail);
    int64_t end = -1;
    /* the last signature whose comment length reaches exactly to the end */
    for (size_t i = tail - 22 + 1; ok && i-- > 0;) {
        if (get_u32(buf + i) == ZIP_END_SIG && i + 22 + get_u16(buf + i + 20) == tail) {
            end = (int64_t)i;
            break;
        }
    }
    if (ok && end < 0)
        ok = zip_corrupt(ctx, path, "no end-of-archive record");
    uint8_t e[22], z[56];
    if (ok)
        memcpy(e, buf + end, 22);
    bool have_locator = ok && end >= 20 && get_u32(buf + end - 20) == ZIP64_LOCATOR_SIG;
    uint64_t z64_off = have_locator ? get_u64(buf + end - 20 + 8) : 0;
    tn_mem_free(ctx, buf, tail);
    if (!ok)
        return false;
    *entries = get_u16(e + 10);
    *cd_size = get_u32(e + 12);
    *cd_off = get_u32(e + 16);
    if (*entries == 0xffff || *cd_size == 0xffffffff || *cd_off == 0xffffffff) {
        if (!have_locator)
            return zip_corrupt(ctx, path, "saturated end record without a ZIP64 locator");
        if (z64_off > (uint64_t)size - sizeof z)
            return zip_corrupt(ctx, path, "the ZIP64 end record lies outside the file");
        if (!read_at(ctx, f, path, (int64_t)z64_off, z, sizeof z))
            return false;
        if (get_u32(z) != ZIP64_END_SIG)
            return zip_corrupt(ctx, path, "bad ZIP64 end record signature");
        uint64_t n = get_u64(z + 32), cs = get_u64(z + 40), co = get_u64(z + 48);
        if (n > (uint64_t)size || cs > (uint64_t)size || co > (uint64_t)size)
            return zip_corrupt(ctx, path, "the ZIP64 end record's sizes exceed the file");
        *entries = (int64_t)n;
        *cd_size = (int64_t)cs;
        *cd_off = (int64_t)co;
    }
    if (*cd_off + *cd_size > size || *entries * 46 > *cd_size)
        return zip_corrupt(ctx, path, "the central directory does not fit in the file");
    return true;
}

/* Fills the sizes and offset a ZIP64 extra field (id 1) carries for those
   fields that are saturated in the fixed record. */
static bool zip64_extra(const uint8_t *x, size_t xlen, uint64_t *usize, uint64_t *csize,
                        uint64_t *off)
{
    while (xlen >= 4) {
        uint32_t id = get_u16(x), len = get_u16(x + 2);
        if (len > xlen - 4)
            return false;
        if (id == 1) {
            const uint8_t *p = x + 4, *end = p + len;
            uint64_t *fields[3] = {usize, csize, off};
            for (int i = 0; i < 3; i++) {
                if (!fields[i] || *fields[i] != 0xffffffffu)
                    continue;
                if (end - p < 8)
                    return false;
                *fields[i] = get_u64(p);
                p += 8;
            }
            return true;
        }
        x += 4 + len;
        xlen -= 4 + len;
    }
    return true;
}

void tn_npz_free(TnCtx *ctx, TnNpz *npz)
{
    if (!npz)
        return;
    for (int i = 0; i < npz->count; i++) {
        tn_mem_free(ctx, npz->names[i], strlen(npz->names[i]) + 1);
        tn_free(ctx, npz->arrays[i]);
    }
    tn_mem_free(ctx, npz->names, (size_t)npz->capacity_ * sizeof(char *));
    tn_mem_free(ctx, npz->arrays, (size_t)npz->capacity_ * sizeof(Tensor *));
    tn_mem_free(ctx, npz, sizeof *npz);
}

/* Reads the entry described by central record c (name at c + 46). */
static bool npz_read_entry(TnCtx *ctx, FILE *f, const char *path, int64_t size,
                           const uint8_t *c, const uint32_t *table, char **name_out,
                           Tensor **out)
{
    uint32_t flags = get_u16(c + 8), method = get_u16(c + 10), crc = get_u32(c + 16);
    uint64_t csize = get_u32(c + 20), usize = get_u32(c + 24), off = get_u32(c + 42);
    uint32_t nlen = get_u16(c + 28), xlen = get_u16(c + 30);
    const char *name = (const char *)c + 46;
    char what[300];
    snprintf(what, sizeof what, "%s: entry '%.*s'", path, (int)(nlen < 200 ? nlen : 200), name);
    if (!zip64_extra(c + 46 + nlen, xlen, &usize, &csize, &off))
        return zip_corrupt(ctx, path, "a malformed ZIP64 extra field");
    if (flags & 1) {
        tn_fail(ctx, TN_ERR_IO, "%s: encrypted entries are not supported", what);
        return false;
    }
    if (method == 8) {
        tn_fail(ctx, TN_ERR_IO, "%s: compressed .npz not supported: re-save with np.savez (not "
                "savez_compressed)", what);
        return false;
    }
    if (method != 0) {
        tn_fail(ctx, TN_ERR_IO, "%s: compression method %u is not supported (only stored "
                "entries are)", what, method);
        return false;
    }
    if (memchr(name, '\0', nlen)) {
        /* names are C strings here (and freed by their length) */
        tn_fail(ctx, TN_ERR_IO, "%s: the entry name contains a NUL byte", what);
        return false;
    }
    if (nlen < 5 || memcmp(name + nlen - 4, ".npy", 4) != 0) {
        tn_fail(ctx, TN_ERR_IO, "%s: not a .npy array (an .npz holds only NAME.npy entries)",
                what);
        return false;
    }
    if (csize != usize || off > (uint64_t)size || csize > (uint64_t)size - off)
        return zip_corrupt(ctx, path, "an entry's sizes do not fit in the file");
    uint8_t lh[30];
    if (!read_at(ctx, f, path, (int64_t)off, lh, sizeof lh))
        return false;
    if (get_u32(lh) != ZIP_LOCAL_SIG)
        return zip_corrupt(ctx, path, "bad local header signature");
    uint64_t data = off + 30 + get_u16(lh + 26) + get_u16(lh + 28);
    if (data > (uint64_t)size || csize > (uint64_t)size - data)
        return zip_corrupt(ctx, path, "an entry's data runs past the end of the file");
    if (fseek(f, (long)data, SEEK_SET) != 0) {
        io_errno(ctx, "seek in", path);
        return false;
    }
    Src s = {.f = f, .what = what, .avail = (int64_t)csize, .crc_table = table};
    Tensor *t = npy_read(ctx, &s);
    if (!t)
        return false;
    /* bytes after the array still count towards the CRC */
    uint8_t rest[1024];
    while (s.avail > 0) {
        size_t k = s.avail < (int64_t)sizeof rest ? (size_t)s.avail : sizeof rest;
        if (!src_read(ctx, &s, rest, k, "entry")) {
            tn_free(ctx, t);
            return false;
        }
    }
    if (s.crc != crc) {
        tn_fail(ctx, TN_ERR_IO, "%s: the data is corrupt (CRC-32 %08x, the archive says %08x)",
                what, s.crc, crc);
        tn_free(ctx, t);
        return false;
    }
    char *nm = tn_mem_alloc(ctx, nlen - 4 + 1);
    if (!nm) {
        tn_free(ctx, t);
        return false;
    }
    memcpy(nm, name, nlen - 4);
    nm[nlen - 4] = 0;
    *name_out = nm;
    *out = t;
    return true;
}

TnNpz *tn_load_npz(TnCtx *ctx, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return io_errno(ctx, "open", path);
    TnNpz *npz = NULL;
    uint8_t *cd = NULL;
    int64_t size = file_size(f), cd_off = 0, cd_size = 0, entries = 0;
    if (size < 0) {
        io_errno(ctx, "read", path);
        goto fail;
    }
    if (!zip_find_directory(ctx, f, path, size, &cd_off, &cd_size, &entries))
        goto fail;
    if (entries > INT_MAX / 2) {
        zip_corrupt(ctx, path, "too many entries");
        goto fail;
    }
    if (!(cd = tn_mem_alloc(ctx, (size_t)cd_size)) ||
        !read_at(ctx, f, path, cd_off, cd, (size_t)cd_size))
        goto fail;
    if (!(npz = tn_mem_alloc(ctx, sizeof *npz)))
        goto fail;
    npz->count = 0;
    npz->capacity_ = (int)(entries > 0 ? entries : 1);
    npz->names = tn_mem_alloc(ctx, (size_t)npz->capacity_ * sizeof(char *));
    npz->arrays = tn_mem_alloc(ctx, (size_t)npz->capacity_ * sizeof(Tensor *));
    if (!npz->names || !npz->arrays)
        goto fail;
    uint32_t table[256];
    crc_table_init(table);
    int64_t pos = 0;
    for (int64_t i = 0; i < entries; i++) {
        if (cd_size - pos < 46 || get_u32(cd + pos) != ZIP_CENTRAL_SIG) {
            zip_corrupt(ctx, path, "bad central directory record");
            goto fail;
        }
        const uint8_t *c = cd + pos;
        int64_t rec = 46 + (int64_t)get_u16(c + 28) + get_u16(c + 30) + get_u16(c + 32);
        if (rec > cd_size - pos) {
            zip_corrupt(ctx, path, "a central directory record runs past its end");
            goto fail;
        }
        pos += rec;
        uint32_t nlen = get_u16(c + 28);
        if (nlen > 0 && c[46 + nlen - 1] == '/')
            continue;   /* a directory entry */
        char *name;
        Tensor *t;
        if (!npz_read_entry(ctx, f, path, size, c, table, &name, &t))
            goto fail;
        npz->names[npz->count] = name;
        npz->arrays[npz->count] = t;
        npz->count++;
    }
    tn_mem_free(ctx, cd, (size_t)cd_size);
    fclose(f);
    return npz;
fail:
    tn_npz_free(ctx, npz);
    if (cd)
        tn_mem_free(ctx, cd, (size_t)cd_size);
    fclose(f);
    return NULL;
}
