/*
 * test_io.c - .npy/.npz against files NumPy wrote (tests/unit/tensor/data,
 * made by data/make_fixtures.py), byte-for-byte equality with np.save,
 * round trips, corrupt and truncated files, CSV and loadtxt.
 *
 *   test_io                 run the tests (fixtures found next to this source)
 *   test_io --data DIR      ... with the fixtures in DIR
 *   test_io --write DIR     only write w_*.npy, w.npz and w.csv into DIR, for
 *                           check_numpy_reads.sh to load them with NumPy
 */
#define _POSIX_C_SOURCE 200809L  /* mkdtemp, rmdir */
#include "tn_test.h"
#include "io.h"

#include <errno.h>
#include <unistd.h>

static char data_dir[1024];
static char work_dir[1024];
static char created[64][1100];
static int ncreated;

static const char *fixture(const char *name)
{
    static char buf[4][1200];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", data_dir, name);
    return buf[k];
}

/* A path in the scratch directory, removed at the end. */
static const char *scratch(const char *name)
{
    for (int i = 0; i < ncreated; i++)
        if (strcmp(strrchr(created[i], '/') + 1, name) == 0)
            return created[i];
    CHECK(ncreated < 64);
    snprintf(created[ncreated], sizeof created[0], "%s/%s", work_dir, name);
    return created[ncreated++];
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, n, f) == n);
    CHECK(fclose(f) == 0);
}

static void write_text(const char *path, const char *text)
{
    write_bytes(path, text, strlen(text));
}

static unsigned char *read_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)len + 1);
    CHECK(fread(b, 1, (size_t)len, f) == (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

static void check_same_file(const char *expected, const char *got)
{
    size_t ne, ng;
    unsigned char *e = read_bytes(expected, &ne), *g = read_bytes(got, &ng);
    if (ne != ng || memcmp(e, g, ne) != 0) {
        size_t i = 0;
        while (i < ne && i < ng && e[i] == g[i])
            i++;
        fprintf(stderr, "%s and %s differ (sizes %zu, %zu) from byte %zu\n", expected, got, ne, ng,
                i);
        exit(1);
    }
    free(e);
    free(g);
}

/* ---- the arrays the fixtures hold (see data/make_fixtures.py) */
static Tensor *arange(TnCtx *ctx, TnDType dt, int nd, const int64_t *shape, double scale,
                      double shift)
{
    Tensor *t = tn_empty(ctx, dt, nd, shape);
    CHECK_OK(ctx, t);
    for (int64_t i = 0; i < t->size; i++)
        tn_set_f64(t, i, (double)i * scale + shift);
    return t;
}

static Tensor *fx_f64_2x3(TnCtx *ctx)
{
    return arange(ctx, TN_F64, 2, (int64_t[]){2, 3}, 1.5, -2);
}

static Tensor *fx_f32_5(TnCtx *ctx)
{
    return arange(ctx, TN_F32, 1, (int64_t[]){5}, 1.5, -2);
}

static Tensor *fx_i32_2x3x4(TnCtx *ctx)
{
    return arange(ctx, TN_I32, 3, (int64_t[]){2, 3, 4}, 1, -3);
}

static Tensor *fx_u8_10(TnCtx *ctx)
{
    Tensor *t = tn_empty(ctx, TN_U8, 1, (int64_t[]){10});
    for (int i = 0; i < 10; i++)
        tn_set_f64(t, i, i * 37 % 256);
    return t;
}

static Tensor *fx_bool_7(TnCtx *ctx)
{
    Tensor *t = tn_empty(ctx, TN_BOOL, 1, (int64_t[]){7});
    for (int i = 0; i < 7; i++)
        tn_set_f64(t, i, i % 3 == 0);
    return t;
}

static void check_equal(const Tensor *want, const Tensor *got)
{
    CHECK_INT(want->dtype, got->dtype);
    CHECK_INT(want->ndim, got->ndim);
    for (int i = 0; i < want->ndim; i++)
        CHECK_INT(want->shape[i], got->shape[i]);
    for (int64_t i = 0; i < want->size; i++)
        if (tn_dtype_is_float(want->dtype))
            CHECK_NEAR(tn_get_f64(want, i), tn_get_f64(got, i), 0);
        else
            CHECK_INT(tn_get_i64(want, i), tn_get_i64(got, i));
}

static void check_fixture(TnCtx *ctx, const char *name, Tensor *want)
{
    Tensor *got = tn_load_npy(ctx, fixture(name));
    CHECK_OK(ctx, got);
    check_equal(want, got);
    tn_free(ctx, got);
    tn_free(ctx, want);
}

static void test_read_numpy_files(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    check_fixture(&ctx, "f64_2x3.npy", fx_f64_2x3(&ctx));
    check_fixture(&ctx, "f32_5.npy", fx_f32_5(&ctx));
    check_fixture(&ctx, "i32_2x3x4.npy", fx_i32_2x3x4(&ctx));
    check_fixture(&ctx, "u8_10.npy", fx_u8_10(&ctx));
    check_fixture(&ctx, "bool_7.npy", fx_bool_7(&ctx));
    check_fixture(&ctx, "i64_0d.npy", arange(&ctx, TN_I64, 0, NULL, 0, -7));
    check_fixture(&ctx, "f64_empty_0x3.npy", tn_zeros(&ctx, TN_F64, 2, (int64_t[]){0, 3}));
    check_fixture(&ctx, "f64_big_endian_4.npy", arange(&ctx, TN_F64, 1, (int64_t[]){4}, 1.5, -2));
    check_fixture(&ctx, "i32_big_endian_2x2.npy",
                  arange(&ctx, TN_I32, 2, (int64_t[]){2, 2}, 1, -3));
    check_fixture(&ctx, "f64_v2.npy", fx_f64_2x3(&ctx));
    check_fixture(&ctx, "f64_v3.npy", fx_f64_2x3(&ctx));
    /* Fortran order: the logical values are arange(12).reshape(3, 4), held
       with Fortran strides */
    Tensor *t = tn_load_npy(&ctx, fixture("f64_fortran_3x4.npy"));
    CHECK_OK(&ctx, t);
    CHECK_SHAPE(t, 2, 3, 4);
    CHECK(tn_is_f_contiguous(t) && !tn_is_contiguous(t));
    for (int i = 0; i < 12; i++)
        CHECK_NEAR(i, tn_get_f64(t, i), 0);
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, fixture("i16_3.npy")), TN_ERR_IO,
              "the .npy dtype '<i2' is not supported");
    CHECK_NO_LEAKS();
}

static void test_write_matches_numpy(void)
{
    /* np.save of the same arrays, byte for byte */
    TnCtx ctx;
    test_ctx(&ctx);
    struct {
        const char *name;
        Tensor *t;
    } cases[] = {
        {"f64_2x3.npy", fx_f64_2x3(&ctx)},
        {"f32_5.npy", fx_f32_5(&ctx)},
        {"i32_2x3x4.npy", fx_i32_2x3x4(&ctx)},
        {"u8_10.npy", fx_u8_10(&ctx)},
        {"bool_7.npy", fx_bool_7(&ctx)},
        {"i64_0d.npy", arange(&ctx, TN_I64, 0, NULL, 0, -7)},
        {"f64_empty_0x3.npy", tn_zeros(&ctx, TN_F64, 2, (int64_t[]){0, 3})},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *out = scratch(cases[i].name);
        CHECK_OK(&ctx, tn_save_npy(&ctx, out, cases[i].t));
        check_same_file(fixture(cases[i].name), out);
        tn_free(&ctx, cases[i].t);
    }
    /* a Fortran-contiguous tensor (the transpose of a C one) is written in
       Fortran order, as np.save does */
    Tensor *c = arange(&ctx, TN_F64, 2, (int64_t[]){4, 3}, 4, 0);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++)
            tn_set_f64(c, i * 3 + j, j * 4 + i);   /* c[i, j] = j * 4 + i */
    Tensor *ft = tn_view_as(&ctx, c, 2, (int64_t[]){3, 4}, (int64_t[]){8, 24}, c->offset);
    CHECK_OK(&ctx, ft);
    const char *out = scratch("f64_fortran_3x4.npy");
    CHECK_OK(&ctx, tn_save_npy(&ctx, out, ft));
    check_same_file(fixture("f64_fortran_3x4.npy"), out);
    tn_free(&ctx, ft);
    tn_free(&ctx, c);
    CHECK_NO_LEAKS();
}

static void test_round_trip(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    /* every dtype, and a strided view (written in C order) */
    for (int dt = 0; dt < TN_DTYPE_COUNT; dt++) {
        double shift = dt >= TN_F32 ? -4.25 : dt >= TN_I32 ? -4 : 0;
        Tensor *t = arange(&ctx, (TnDType)dt, 2, (int64_t[]){3, 5}, 1, shift);
        const char *p = scratch("rt.npy");
        CHECK_OK(&ctx, tn_save_npy(&ctx, p, t));
        Tensor *back = tn_load_npy(&ctx, p);
        CHECK_OK(&ctx, back);
        check_equal(t, back);
        tn_free(&ctx, back);
        /* every other column, rows reversed */
        Tensor *v = tn_view_as(&ctx, t, 2, (int64_t[]){3, 3},
                               (int64_t[]){-t->strides[0], 2 * t->strides[1]},
                               t->offset + 2 * t->strides[0]);
        CHECK_OK(&ctx, v);
        CHECK_OK(&ctx, tn_save_npy(&ctx, p, v));
        CHECK_OK(&ctx, back = tn_load_npy(&ctx, p));
        CHECK(tn_is_contiguous(back));
        check_equal(v, back);
        tn_free(&ctx, back);
        tn_free(&ctx, v);
        tn_free(&ctx, t);
    }
    /* special floats survive */
    Tensor *s = test_tensor(&ctx, TN_F64, 1, (int64_t[]){4}, (double[]){NAN, INFINITY, -0.0, 1e-310});
    CHECK_OK(&ctx, tn_save_npy(&ctx, scratch("rt.npy"), s));
    Tensor *back = tn_load_npy(&ctx, scratch("rt.npy"));
    CHECK_OK(&ctx, back);
    CHECK(memcmp(tn_data(s), tn_data(back), 32) == 0);
    tn_free(&ctx, back);
    tn_free(&ctx, s);
    Tensor *x = fx_f64_2x3(&ctx);
    CHECK_ERR(&ctx, tn_save_npy(&ctx, "no-such-dir/x.npy", x), TN_ERR_IO,
              "cannot open for writing 'no-such-dir/x.npy': No such file or directory");
    tn_free(&ctx, x);
    CHECK_NO_LEAKS();
}

/* Headers written by hand around 8 bytes of data. */
static void npy_with_header(const char *path, int major, const char *dict, size_t data_bytes)
{
    unsigned char buf[512] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    size_t n = strlen(dict);
    buf[6] = (unsigned char)major;
    buf[7] = 0;
    size_t pre = major == 1 ? 10 : 12;
    if (major == 1) {
        buf[8] = (unsigned char)n;
        buf[9] = (unsigned char)(n >> 8);
    } else {
        for (int i = 0; i < 4; i++)
            buf[8 + i] = (unsigned char)(n >> (8 * i));
    }
    memcpy(buf + pre, dict, n);
    memset(buf + pre + n, 0x3f, data_bytes);
    write_bytes(path, buf, pre + n + data_bytes);
}

static void test_corrupt_npy(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    const char *p = scratch("bad.npy");
    write_bytes(p, "", 0);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO,
              "truncated: the .npy preamble needs 8 bytes, only 0 remain");
    write_text(p, "PK\3\4 this is not an npy file");
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "not a .npy file");
    CHECK(strstr(ctx.msg, p) != NULL);
    write_bytes(p, "\x93NUMPY\x04\x00\x10\x00", 10);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "unsupported .npy format version 4.0");
    write_bytes(p, "\x93NUMPY\x01\x00\xff\x00{'descr'", 18);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO,
              "truncated: the .npy header needs 255 bytes, only 8 remain");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO,
              "bad .npy header: expected True or False at \"Maybe, ");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "bad .npy header: the key 'shape' is missing");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "bad .npy header: unexpected key 'x'");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } junk", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "expected the end of the header");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "bad .npy header");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "expected a non-negative integer");
    npy_with_header(p, 1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "expected a quoted string");
    npy_with_header(p, 1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "the .npy dtype '|O' is not supported");
    /* shapes that overflow */
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, "
                          "'shape': (99999999999999999999,), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "a dimension of the shape overflows 64 bits");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, "
                          "'shape': (4294967296, 4294967296), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "the shape's size overflows 64 bits");
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, "
                          "'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, "more than 8 dimensions");
    /* data shorter than the shape says: refused before allocating */
    npy_with_header(p, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }", 8);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO,
              "truncated: the header promises 800000000000 bytes of data, only 8 follow");
    /* a valid hand-made v2 header, keys in another order, double quotes */
    npy_with_header(p, 2, "{\"shape\": (1,), \"fortran_order\": False, \"descr\": \"<i8\"}\n", 8);
    Tensor *t = tn_load_npy(&ctx, p);
    CHECK_OK(&ctx, t);
    CHECK_INT(0x3f3f3f3f3f3f3f3fLL, tn_get_i64(t, 0));
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_load_npy(&ctx, scratch("missing.npy")), TN_ERR_IO,
              "No such file or directory");

    /* every truncation of a valid file fails cleanly */
    size_t n;
    unsigned char *good = read_bytes(fixture("i32_2x3x4.npy"), &n);
    for (size_t len = 0; len < n; len++) {
        write_bytes(p, good, len);
        CHECK_ERR(&ctx, tn_load_npy(&ctx, p), TN_ERR_IO, p);
    }
    /* every single-byte corruption of the header fails cleanly or loads */
    for (size_t i = 0; i < 128; i++) {
        for (int v = 0; v < 256; v += 128) {
            unsigned char save = good[i];
            good[i] = (unsigned char)(save ^ (v | 1));
            write_bytes(p, good, n);
            good[i] = save;
            tn_ctx_clear_error(&ctx);
            Tensor *r = tn_load_npy(&ctx, p);
            CHECK(r != NULL || ctx.err == TN_ERR_IO);
            tn_free(&ctx, r);
        }
    }
    free(good);
    CHECK_NO_LEAKS();
}

static void test_npz(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    /* written by np.savez (with ZIP64 extra fields) */
    TnNpz *z = tn_load_npz(&ctx, fixture("arrays.npz"));
    CHECK_OK(&ctx, z);
    CHECK_INT(4, z->count);
    CHECK_STR("weights", z->names[0]);
    CHECK_STR("labels", z->names[1]);
    CHECK_STR("mask", z->names[2]);
    CHECK_STR("scalar", z->names[3]);
    Tensor *w = fx_f64_2x3(&ctx), *l = fx_i32_2x3x4(&ctx), *m = fx_bool_7(&ctx);
    Tensor *s = arange(&ctx, TN_I64, 0, NULL, 0, -7);
    check_equal(w, z->arrays[0]);
    check_equal(l, z->arrays[1]);
    check_equal(m, z->arrays[2]);
    check_equal(s, z->arrays[3]);
    tn_npz_free(&ctx, z);
    CHECK_ERR(&ctx, tn_load_npz(&ctx, fixture("compressed.npz")), TN_ERR_IO,
              "compressed .npz not supported: re-save with np.savez (not savez_compressed)");

    /* our own archive reads back, equal twice over (fixed timestamps) */
    const char *names[] = {"w", "labels with space", "m", "s"};
    const Tensor *arrays[] = {w, l, m, s};
    const char *p = scratch("ours.npz"), *p2 = scratch("ours2.npz");
    CHECK_OK(&ctx, tn_save_npz(&ctx, p, 4, names, arrays));
    CHECK_OK(&ctx, tn_save_npz(&ctx, p2, 4, names, arrays));
    check_same_file(p, p2);
    CHECK_INT(TN_FILE_NPZ, tn_file_kind(&ctx, p));
    CHECK_INT(TN_FILE_NPY, tn_file_kind(&ctx, fixture("f32_5.npy")));
    CHECK_INT(TN_FILE_OTHER, tn_file_kind(&ctx, fixture("make_fixtures.py")));
    CHECK_OK(&ctx, z = tn_load_npz(&ctx, p));
    CHECK_INT(4, z->count);
    for (int i = 0; i < 4; i++) {
        CHECK_STR(names[i], z->names[i]);
        check_equal(arrays[i], z->arrays[i]);
    }
    tn_npz_free(&ctx, z);
    /* an empty archive */
    CHECK_OK(&ctx, tn_save_npz(&ctx, p2, 0, NULL, NULL));
    CHECK_OK(&ctx, z = tn_load_npz(&ctx, p2));
    CHECK_INT(0, z->count);
    tn_npz_free(&ctx, z);
    const char *dup[] = {"a", "a"};
    CHECK_ERR(&ctx, tn_save_npz(&ctx, p2, 2, dup, arrays), TN_ERR_VALUE,
              "the name 'a' is given twice");

    /* the same archive ended by ZIP64 records (as archives past 4 GiB or
       65535 entries are): a ZIP64 end record, its locator, and an end
       record whose fields are saturated */
    size_t n;
    unsigned char *b = read_bytes(p, &n);
    unsigned char *z64 = malloc(n + 56 + 20);
    size_t at = n - 22;
    memcpy(z64, b, at);
    unsigned char *q = z64 + at;
    const unsigned char *eocd = b + at;
    uint64_t fields64[4] = {eocd[10] | (uint64_t)eocd[11] << 8, eocd[10] | (uint64_t)eocd[11] << 8,
                            eocd[12] | (uint64_t)eocd[13] << 8 | (uint64_t)eocd[14] << 16 |
                                (uint64_t)eocd[15] << 24,
                            eocd[16] | (uint64_t)eocd[17] << 8 | (uint64_t)eocd[18] << 16 |
                                (uint64_t)eocd[19] << 24};
    memcpy(q, "PK\6\6", 4);
    memset(q + 4, 0, 52);
    q[4] = 44;                          /* size of the rest of the record */
    q[12] = q[14] = 45;                 /* versions */
    for (int f = 0; f < 4; f++)
        for (int k = 0; k < 8; k++)
            q[24 + 8 * f + k] = (unsigned char)(fields64[f] >> (8 * k));
    q += 56;
    memcpy(q, "PK\6\7", 4);
    memset(q + 4, 0, 16);
    for (int k = 0; k < 8; k++)
        q[8 + k] = (unsigned char)((uint64_t)at >> (8 * k));
    q[16] = 1;                          /* one disk */
    q += 20;
    memcpy(q, eocd, 22);
    memset(q + 8, 0xff, 12);            /* entry counts, size and offset saturated */
    write_bytes(p2, z64, n + 76);
    free(z64);
    CHECK_OK(&ctx, z = tn_load_npz(&ctx, p2));
    CHECK_INT(4, z->count);
    check_equal(l, z->arrays[1]);
    tn_npz_free(&ctx, z);

    /* a flipped data byte is caught by the CRC */
    b[200] ^= 0x40;     /* inside the first entry's data (header is 128 + 31 bytes) */
    write_bytes(p2, b, n);
    CHECK_ERR(&ctx, tn_load_npz(&ctx, p2), TN_ERR_IO, "the data is corrupt (CRC-32");
    b[200] ^= 0x40;
    /* every truncation fails cleanly, as do corrupted bytes anywhere */
    for (size_t len = 0; len < n; len += 11) {
        write_bytes(p2, b, len);
        CHECK_ERR(&ctx, tn_load_npz(&ctx, p2), TN_ERR_IO, p2);
    }
    for (size_t i = 0; i < n; i += 5) {
        unsigned char save = b[i];
        b[i] = (unsigned char)(save ^ 0xa5);
        write_bytes(p2, b, n);
        b[i] = save;
        tn_ctx_clear_error(&ctx);
        z = tn_load_npz(&ctx, p2);
        CHECK(z != NULL || ctx.err == TN_ERR_IO);
        tn_npz_free(&ctx, z);
    }
    free(b);
    tn_free(&ctx, w);
    tn_free(&ctx, l);
    tn_free(&ctx, m);
    tn_free(&ctx, s);
    CHECK_NO_LEAKS();
}

static void test_csv(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    const char *p = scratch("t.csv");
    write_text(p, "a,b,c\n1,2,3\n4.5,,NA\n-1e3, 7 ,nan\n");
    TnCsvTable *t = tn_read_csv(&ctx, p, NULL);
    CHECK_OK(&ctx, t);
    CHECK_INT(3, t->nrows);
    CHECK_INT(3, t->ncols);
    CHECK_STR("a", t->names[0]);
    CHECK_STR("c", t->names[2]);
    CHECK_SHAPE(t->data, 2, 3, 3);
    CHECK_VALUES(t->data, ((double[]){1, 2, 3, 4.5, NAN, NAN, -1000, 7, NAN}), 0);
    tn_csv_free(&ctx, t);

    /* RFC 4180 quoting, CRLF, a byte-order mark, blank lines */
    write_text(p, "\xEF\xBB\xBFid,\"x, y\",\"say \"\"hi\"\"\"\r\n\"1\",\"2.5\",3\r\n\r\n4,5,6\r\n\n");
    CHECK_OK(&ctx, t = tn_read_csv(&ctx, p, NULL));
    CHECK_STR("id", t->names[0]);
    CHECK_STR("x, y", t->names[1]);
    CHECK_STR("say \"hi\"", t->names[2]);
    CHECK_VALUES(t->data, ((double[]){1, 2.5, 3, 4, 5, 6}), 0);
    tn_csv_free(&ctx, t);

    /* a text column is an error naming it ... */
    write_text(p, "sepal,species\n5.1,setosa\n4.9,setosa\n");
    CHECK_ERR(&ctx, tn_read_csv(&ctx, p, NULL), TN_ERR_IO,
              "column 'species' is not numeric (row 2: 'setosa')");
    CHECK(strstr(ctx.msg, p) != NULL);
    /* ... or kept apart on request, with quoted newlines */
    write_text(p, "name,x,note\nann,1,\"two\nlines\"\nbob,2,\n");
    TnCsvOptions keep = {.keep_text = true};
    CHECK_OK(&ctx, t = tn_read_csv(&ctx, p, &keep));
    CHECK_INT(1, t->ncols);
    CHECK_INT(2, t->ntext);
    CHECK_STR("x", t->names[0]);
    CHECK_INT(1, t->col_pos[0]);
    CHECK_STR("name", t->text_names[0]);
    CHECK_STR("note", t->text_names[1]);
    CHECK_INT(2, t->text_pos[1]);
    CHECK_STR("ann", t->text[0]);
    CHECK_STR("bob", t->text[1]);
    CHECK_STR("two\nlines", t->text[2]);
    CHECK_STR("", t->text[3]);
    CHECK_VALUES(t->data, ((double[]){1, 2}), 0);
    tn_csv_free(&ctx, t);

    /* ragged rows, unclosed quotes, empty files, other delimiters */
    write_text(p, "a,b\n1,2\n3\n");
    CHECK_ERR(&ctx, tn_read_csv(&ctx, p, NULL), TN_ERR_IO, "row 3 has 1 field, the header has 2");
    write_text(p, "a,b\n\"x\ny\",2\n3,4,5\n");
    CHECK_ERR(&ctx, tn_read_csv(&ctx, p, &keep), TN_ERR_IO,
              "row 3 (line 4) has 3 fields, the header has 2");
    write_text(p, "a,b\n1,\"2\n");
    CHECK_ERR(&ctx, tn_read_csv(&ctx, p, NULL), TN_ERR_IO,
              "the quoted field opened on line 2 is never closed");
    write_text(p, "");
    CHECK_ERR(&ctx, tn_read_csv(&ctx, p, NULL), TN_ERR_IO, "the file is empty");
    write_text(p, "a;b\n1,5;2\n");
    TnCsvOptions semi = {.delimiter = ';'};
    CHECK_ERR(&ctx, tn_read_csv(&ctx, p, &semi), TN_ERR_IO, "column 'a' is not numeric");
    write_text(p, "a;b\n1.5;0x10\n");
    CHECK_ERR(&ctx, tn_read_csv(&ctx, p, &semi), TN_ERR_IO, "row 2: '0x10'");
    write_text(p, "a,b\n");
    CHECK_OK(&ctx, t = tn_read_csv(&ctx, p, NULL));
    CHECK_SHAPE(t->data, 2, 0, 2);
    tn_csv_free(&ctx, t);
    CHECK_ERR(&ctx, tn_read_csv(&ctx, scratch("none.csv"), NULL), TN_ERR_IO,
              "No such file or directory");

    /* write_csv reads back exactly, names quoted where needed */
    Tensor *m = test_tensor(&ctx, TN_F64, 2, (int64_t[]){3, 3},
                            (double[]){0.1, 1e-300, NAN, -2.5, 1.0 / 3, INFINITY, 7, 0, -0.0});
    const char *names[] = {"plain", "with,comma", "say \"hi\""};
    CHECK_OK(&ctx, tn_write_csv(&ctx, p, names, m, 0));
    size_t n;
    char *text = (char *)read_bytes(p, &n);
    text[n] = 0;
    CHECK_STR("plain,\"with,comma\",\"say \"\"hi\"\"\"\n0.1,1e-300,nan\n"
              "-2.5,0.3333333333333333,inf\n7,0,-0\n", text);
    free(text);
    CHECK_OK(&ctx, t = tn_read_csv(&ctx, p, NULL));
    CHECK_STR("with,comma", t->names[1]);
    CHECK_STR("say \"hi\"", t->names[2]);
    CHECK(memcmp(tn_data(m), tn_data(t->data), 2 * sizeof(double)) == 0);
    for (int i = 0; i < 9; i++)
        CHECK_NEAR(tn_get_f64(m, i), tn_get_f64(t->data, i), 0);
    tn_csv_free(&ctx, t);
    tn_free(&ctx, m);
    m = arange(&ctx, TN_I32, 1, (int64_t[]){3}, 2, -1);
    CHECK_OK(&ctx, tn_write_csv(&ctx, p, NULL, m, ';'));
    text = (char *)read_bytes(p, &n);
    text[n] = 0;
    CHECK_STR("-1\n1\n3\n", text);
    free(text);
    tn_free(&ctx, m);
    CHECK_NO_LEAKS();
}

static void test_loadtxt(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    const char *p = scratch("t.txt");
    write_text(p, "# x y\n1 2.5\n  3\t4  # four\n\n-5 6e1\n");
    Tensor *t = tn_loadtxt(&ctx, p, 0, 0);
    CHECK_OK(&ctx, t);
    CHECK_SHAPE(t, 2, 3, 2);
    CHECK_VALUES(t, ((double[]){1, 2.5, 3, 4, -5, 60}), 0);
    tn_free(&ctx, t);
    write_text(p, "header line\nskipped too\n1,2,3\r\n4, 5 ,6\n");
    CHECK_OK(&ctx, t = tn_loadtxt(&ctx, p, ',', 2));
    CHECK_SHAPE(t, 2, 2, 3);
    CHECK_VALUES(t, ((double[]){1, 2, 3, 4, 5, 6}), 0);
    tn_free(&ctx, t);
    /* NumPy squeezes single rows and columns */
    write_text(p, "1 2 3\n");
    CHECK_OK(&ctx, t = tn_loadtxt(&ctx, p, 0, 0));
    CHECK_SHAPE(t, 1, 3);
    tn_free(&ctx, t);
    write_text(p, "1\n2\n");
    CHECK_OK(&ctx, t = tn_loadtxt(&ctx, p, 0, 0));
    CHECK_SHAPE(t, 1, 2);
    tn_free(&ctx, t);
    write_text(p, "42\n");
    CHECK_OK(&ctx, t = tn_loadtxt(&ctx, p, 0, 0));
    CHECK_INT(0, t->ndim);
    CHECK_NEAR(42, tn_get_f64(t, 0), 0);
    tn_free(&ctx, t);
    write_text(p, "# nothing\n");
    CHECK_OK(&ctx, t = tn_loadtxt(&ctx, p, 0, 0));
    CHECK_SHAPE(t, 1, 0);
    tn_free(&ctx, t);
    /* errors name the line */
    write_text(p, "1 2\n3 x\n");
    CHECK_ERR(&ctx, tn_loadtxt(&ctx, p, 0, 0), TN_ERR_IO,
              "line 2, column 2: could not convert 'x' to a number");
    write_text(p, "1 2\n3 4 5\n");
    CHECK_ERR(&ctx, tn_loadtxt(&ctx, p, 0, 0), TN_ERR_IO,
              "line 2 has 3 values, the first data line has 2");
    write_text(p, "1,2,\n");
    CHECK_ERR(&ctx, tn_loadtxt(&ctx, p, ',', 0), TN_ERR_IO,
              "line 1, column 3: could not convert '' to a number");
    CHECK_ERR(&ctx, tn_loadtxt(&ctx, p, ',', -1), TN_ERR_VALUE, "skiprows must be >= 0");
    CHECK_NO_LEAKS();
}

/* Every allocation refused in turn: clean failures, no leaks. */
static void test_out_of_memory(void)
{
    TnCtx ctx;
    const char *csv = scratch("oom.csv"), *txt = scratch("oom.txt");
    write_text(csv, "name,x,y\na,1,2\nb,3,4\n");
    write_text(txt, "1 2\n3 4\n");
    TnCsvOptions keep = {.keep_text = true};
    for (int which = 0; which < 4; which++)
        for (long long n = 1; n < 40; n++) {
            test_ctx(&ctx);
            test_alloc_state.fail_at = n;
            void *r = NULL;
            switch (which) {
            case 0: r = tn_load_npz(&ctx, fixture("arrays.npz")); break;
            case 1: r = tn_read_csv(&ctx, csv, &keep); break;
            case 2: r = tn_load_npy(&ctx, fixture("f64_fortran_3x4.npy")); break;
            default: r = tn_loadtxt(&ctx, txt, 0, 0); break;
            }
            test_alloc_state.fail_at = 0;
            if (!r)
                CHECK_INT(TN_ERR_MEMORY, ctx.err);
            else if (which == 0)
                tn_npz_free(&ctx, r);
            else if (which == 1)
                tn_csv_free(&ctx, r);
            else
                tn_free(&ctx, r);
            CHECK_NO_LEAKS();
        }
}

/* For check_numpy_reads.sh: files NumPy must load (it recomputes the same
   values). */
static int write_for_numpy(const char *dir)
{
    TnCtx ctx;
    test_ctx(&ctx);
    snprintf(work_dir, sizeof work_dir, "%s", dir);
    Tensor *f64 = fx_f64_2x3(&ctx), *f32 = fx_f32_5(&ctx), *i32 = fx_i32_2x3x4(&ctx);
    Tensor *u8 = fx_u8_10(&ctx), *b = fx_bool_7(&ctx), *i64 = arange(&ctx, TN_I64, 0, NULL, 0, -7);
    Tensor *empty = tn_zeros(&ctx, TN_F64, 2, (int64_t[]){0, 3});
    Tensor *big = arange(&ctx, TN_F64, 2, (int64_t[]){300, 7}, 0.25, -100);
    /* a transposed view (Fortran order) and a strided one (C order copy) */
    Tensor *ft = tn_view_as(&ctx, big, 2, (int64_t[]){7, 300}, (int64_t[]){8, 56}, big->offset);
    Tensor *st = tn_view_as(&ctx, big, 2, (int64_t[]){150, 7}, (int64_t[]){112, 8}, big->offset);
    struct {
        const char *name;
        Tensor *t;
    } out[] = {{"w_f64.npy", f64}, {"w_f32.npy", f32}, {"w_i32.npy", i32},    {"w_u8.npy", u8},
               {"w_bool.npy", b},  {"w_i64.npy", i64}, {"w_empty.npy", empty}, {"w_big.npy", big},
               {"w_fortran.npy", ft}, {"w_strided.npy", st}};
    int n = (int)(sizeof out / sizeof out[0]);
    for (int i = 0; i < n; i++)
        CHECK_OK(&ctx, tn_save_npy(&ctx, scratch(out[i].name), out[i].t));
    const char *names[16];
    const Tensor *arrays[16];
    for (int i = 0; i < n; i++) {
        names[i] = out[i].name;
        arrays[i] = out[i].t;
    }
    CHECK_OK(&ctx, tn_save_npz(&ctx, scratch("w.npz"), n, names, arrays));
    const char *cols[] = {"a", "b,c", "d \"q\""};
    Tensor *csv = test_tensor(&ctx, TN_F64, 2, (int64_t[]){2, 3},
                              (double[]){0.1, 1.0 / 3, NAN, -2.5, 1e300, INFINITY});
    CHECK_OK(&ctx, tn_write_csv(&ctx, scratch("w.csv"), cols, csv, 0));
    tn_free(&ctx, csv);
    for (int i = 0; i < n; i++)
        tn_free(&ctx, out[i].t);
    CHECK_NO_LEAKS();
    printf("wrote %d files to %s\n", ncreated, dir);
    return 0;
}

int main(int argc, char **argv)
{
    /* the fixtures sit in data/ next to this source */
    snprintf(data_dir, sizeof data_dir, "%s", __FILE__);
    char *slash = strrchr(data_dir, '/');
    if (slash)
        snprintf(slash, sizeof data_dir - (size_t)(slash - data_dir), "/data");
    else
        snprintf(data_dir, sizeof data_dir, "data");
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--data") == 0)
            snprintf(data_dir, sizeof data_dir, "%s", argv[i + 1]);
        else if (strcmp(argv[i], "--write") == 0)
            return write_for_numpy(argv[i + 1]);
    }
    snprintf(work_dir, sizeof work_dir, "test_io_XXXXXX");
    CHECK(mkdtemp(work_dir) != NULL);

    test_read_numpy_files();
    test_write_matches_numpy();
    test_round_trip();
    test_corrupt_npy();
    test_npz();
    test_csv();
    test_loadtxt();
    test_out_of_memory();

    for (int i = 0; i < ncreated; i++)
        remove(created[i]);
    CHECK(rmdir(work_dir) == 0);
    printf("test_io: all passed\n");
    return 0;
}
