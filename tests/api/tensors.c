/*
 * tensors.c - tensors across the API: a host buffer wrapped without a copy
 * (the script's writes land in it; the release callback runs once, after
 * the last view is gone), strided wraps, tensors the host fills, reading a
 * tensor's memory in place or as a contiguous copy, the DLPack description
 * both ways, and the errors of bad geometry and of the memory cap.
 */
#include <math.h>

#include "api_test.h"

static nb_vm *vm;
static int released;
static void *released_data;

static void on_release(void *ud, void *data)
{
    released += *(int *)ud;
    released_data = data;
}

static double float_of(nb_ref r)
{
    double d = NAN;
    CHECK_OK(vm, nb_to_float(vm, r, &d));
    return d;
}

static nb_ref call1(const char *fn, int argc, const nb_ref *args)
{
    nb_ref f = nb_get_global(vm, fn), out = NB_NOREF;
    CHECK_OK(vm, nb_call(vm, f, argc, args, &out));
    nb_release(vm, f);
    return out;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char *script = read_script(argv[1]);
    static Counter mem;
    nb_config cfg = {0};
    cfg.alloc = counting_alloc;
    cfg.alloc_ud = &mem;
    vm = nb_new(&cfg);
    CHECK_OK(vm, nb_eval(vm, script, "tensors.nbl"));

    /* a 2x3 host buffer, no copy: reads, in-place writes, views */
    double buf[6] = {1, 2, 3, 4, 5, 6};
    int one = 1;
    int64_t shape[2] = {2, 3};
    nb_ref x = nb_tensor_wrap(vm, buf, NB_F64, 2, shape, NULL, on_release, &one);
    CHECK(x != NB_NOREF && nb_type_of(vm, x) == NB_TYPE_TENSOR);
    nb_ref st = call1("stats", 1, &x);
    nb_ref s0 = nb_list_get(vm, st, 0), s1 = nb_list_get(vm, st, 1);
    CHECK(float_of(s0) == 21.0 && float_of(s1) == 6.0);
    nb_release(vm, s0);
    nb_release(vm, s1);
    nb_release(vm, st);
    nb_ref r = call1("bump", 1, &x);
    nb_release(vm, r);
    CHECK(buf[0] == 200.0 && buf[1] == 4.0 && buf[5] == 12.0);
    nb_tensor_info info;
    CHECK_OK(vm, nb_tensor_data(vm, x, false, &info));
    CHECK(info.data == buf && info.dtype == NB_F64 && info.ndim == 2 && info.size == 6);
    CHECK(info.shape[0] == 2 && info.shape[1] == 3 && info.strides[0] == 24 && info.strides[1] == 8);
    CHECK(info.itemsize == 8 && info.contiguous && !info.readonly);
    /* a view the script keeps holds the buffer after the host lets go */
    nb_ref idx = nb_int(vm, 1), args[] = {x, idx};
    nb_ref rowv = call1("row", 2, args);
    CHECK_OK(vm, nb_set_global(vm, "kept_row", rowv));
    nb_release(vm, rowv);
    nb_release(vm, idx);
    nb_release(vm, x);
    CHECK_OK(vm, nb_eval(vm, "junk = [[k] * 50 for k in range(20000)]\njunk = None", "churn"));
    CHECK(released == 0);
    nb_ref total = NB_NOREF;
    CHECK_OK(vm, nb_eval_value(vm, "float(kept_row.sum())", "row", &total));
    CHECK(float_of(total) == 8.0 + 10.0 + 12.0);
    nb_release(vm, total);
    CHECK_OK(vm, nb_eval(vm, "kept_row = None\njunk = [[k] * 50 for k in range(20000)]\njunk = None",
                         "drop"));
    CHECK(released == 1 && released_data == buf);

    /* strides in bytes: a 3x2 buffer read as its 2x3 transpose */
    double tb[6] = {0, 1, 2, 3, 4, 5}; /* rows (0 1) (2 3) (4 5) */
    int64_t tshape[2] = {2, 3}, tstrides[2] = {8, 16};
    int two = 2;
    released = 0;
    nb_ref t = nb_tensor_wrap(vm, tb, NB_F64, 2, tshape, tstrides, on_release, &two);
    CHECK_OK(vm, nb_set_global(vm, "t", t));
    nb_ref v = NB_NOREF;
    CHECK_OK(vm, nb_eval_value(vm, "float(t[1, 2]) * 10 + float(t[0, 1])", "strided", &v));
    CHECK(float_of(v) == 52.0);
    nb_release(vm, v);
    CHECK_OK(vm, nb_tensor_data(vm, t, false, &info));
    CHECK(!info.contiguous && info.data == tb);
    /* contiguous on request: the ref now holds a C-order copy */
    CHECK_OK(vm, nb_tensor_data(vm, t, true, &info));
    CHECK(info.contiguous && info.data != tb && info.strides[0] == 24);
    const double *c = info.data;
    CHECK(c[0] == 0 && c[1] == 2 && c[2] == 4 && c[3] == 1 && c[4] == 3 && c[5] == 5);
    ((double *)info.data)[0] = -1; /* a write to the copy does not reach the script's value */
    CHECK_OK(vm, nb_eval_value(vm, "float(t[0, 0])", "same", &v));
    CHECK(float_of(v) == 0.0 && tb[0] == 0.0);
    nb_release(vm, v);
    nb_release(vm, t);
    CHECK_OK(vm, nb_eval(vm, "t = None", "drop"));

    /* a tensor the host fills, then the script uses */
    int64_t n5[1] = {5};
    nb_ref h = nb_tensor_new(vm, NB_I32, 1, n5);
    CHECK_OK(vm, nb_tensor_data(vm, h, false, &info));
    CHECK(info.dtype == NB_I32 && info.itemsize == 4);
    for (int i = 0; i < 5; i++)
        ((int32_t *)info.data)[i] = i * i;
    CHECK_OK(vm, nb_set_global(vm, "h", h));
    CHECK_OK(vm, nb_eval_value(vm, "str(h.dtype) + ' ' + str(int(h.sum()))", "fill", &v));
    const char *text = NULL;
    CHECK_OK(vm, nb_to_string(vm, v, &text, NULL));
    CHECK_STR(text, "i32 30");
    nb_release(vm, v);
    nb_release(vm, h);

    /* tensors the script makes */
    nb_ref tr = call1("transposed", 0, NULL);
    CHECK_OK(vm, nb_tensor_data(vm, tr, false, &info));
    CHECK(info.dtype == NB_I64 && info.shape[0] == 3 && info.shape[1] == 2);
    CHECK(info.strides[0] == 8 && info.strides[1] == 24 && !info.contiguous);
    nb_dlpack dl;
    CHECK_OK(vm, nb_tensor_dlpack(vm, tr, &dl));
    CHECK(dl.data == info.data && dl.device.device_type == 1 && dl.ndim == 2);
    CHECK(dl.dtype.code == 0 && dl.dtype.bits == 64 && dl.dtype.lanes == 1);
    CHECK(dl.shape[0] == 3 && dl.shape[1] == 2 && dl.strides[0] == 1 && dl.strides[1] == 3);
    CHECK(dl.byte_offset == 0);
    const int64_t *e = dl.data;
    CHECK(e[dl.strides[0] * 2 + dl.strides[1] * 1] == 5); /* element [2, 1] */
    nb_release(vm, tr);
    nb_ref sp = call1("spread", 0, NULL);
    CHECK_OK(vm, nb_tensor_data(vm, sp, false, &info));
    CHECK(info.readonly && info.strides[0] == 0);
    CHECK_OK(vm, nb_tensor_dlpack(vm, sp, &dl));
    CHECK(dl.strides[0] == 0 && dl.strides[1] == 1 && dl.dtype.code == 2);
    nb_release(vm, sp);
    nb_ref w = call1("weights", 0, NULL);
    CHECK_OK(vm, nb_tensor_dlpack(vm, w, &dl));
    CHECK(dl.dtype.code == 2 && dl.dtype.bits == 32 && ((float *)dl.data)[4] == 1.0f);
    nb_release(vm, w);

    /* from a DLPack description: i32 with a byte offset, strides in elements */
    int32_t ib[8] = {9, 9, 1, 2, 3, 4, 5, 6};
    int64_t dshape[2] = {2, 3}, dstrides[2] = {3, 1};
    nb_dlpack in = {0};
    in.data = ib;
    in.device.device_type = 1;
    in.ndim = 2;
    in.dtype.code = 0;
    in.dtype.bits = 32;
    in.dtype.lanes = 1;
    in.shape = dshape;
    in.strides = dstrides;
    in.byte_offset = 2 * sizeof(int32_t);
    int four = 4; /* the counts are bits: t (2) may be collected at any time from here */
    nb_ref fromdl = nb_tensor_from_dlpack(vm, &in, on_release, &four);
    CHECK_OK(vm, nb_set_global(vm, "d", fromdl));
    CHECK_OK(vm, nb_eval_value(vm, "int(d.sum()) * 100 + int(d[1, 0])", "dl", &v));
    int64_t iv = 0;
    CHECK_OK(vm, nb_to_int(vm, v, &iv));
    CHECK(iv == 2104);
    nb_release(vm, v);
    nb_release(vm, fromdl);
    in.device.device_type = 2; /* CUDA */
    CHECK(nb_tensor_from_dlpack(vm, &in, NULL, NULL) == NB_NOREF);
    CHECK_CONTAINS(nb_error(vm)->message, "not the CPU");
    in.device.device_type = 1;
    in.dtype.bits = 16;
    CHECK(nb_tensor_from_dlpack(vm, &in, NULL, NULL) == NB_NOREF);
    CHECK_CONTAINS(nb_error(vm)->message, "no dtype for DLPack code 0, 16 bits");

    /* bad geometry is a usage error, and the host keeps its buffer */
    int64_t neg[1] = {-1}, huge[2] = {(int64_t)1 << 62, 4}, nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    CHECK(nb_tensor_wrap(vm, buf, NB_F64, 1, neg, NULL, on_release, &one) == NB_NOREF);
    CHECK(nb_error(vm)->status == NB_ERR_USAGE);
    CHECK(nb_tensor_wrap(vm, buf, NB_F64, 2, huge, NULL, on_release, &one) == NB_NOREF);
    CHECK(nb_error(vm)->status == NB_ERR_USAGE);
    CHECK(nb_tensor_wrap(vm, buf, NB_F64, 9, nine, NULL, NULL, NULL) == NB_NOREF);
    CHECK_CONTAINS(nb_error(vm)->message, "ndim 9 is outside 0..8");
    CHECK(nb_tensor_wrap(vm, buf, (nb_dtype)17, 1, n5, NULL, NULL, NULL) == NB_NOREF);
    CHECK(nb_tensor_wrap(vm, NULL, NB_F64, 1, n5, NULL, NULL, NULL) == NB_NOREF);
    CHECK(nb_tensor_wrap(vm, buf, NB_F64, 1, NULL, NULL, NULL, NULL) == NB_NOREF);
    CHECK(nb_tensor_new(vm, NB_F64, 2, huge) == NB_NOREF);
    CHECK_CONTAINS(nb_error(vm)->message, "nb_tensor_new: shape f64[4611686018427387904,4] is too large");
    nb_ref notensor = nb_int(vm, 3);
    CHECK(nb_tensor_data(vm, notensor, false, &info) == NB_ERR_USAGE);
    CHECK_CONTAINS(nb_error(vm)->message, "holds a value of type int, not a tensor");
    CHECK(nb_tensor_dlpack(vm, notensor, &dl) == NB_ERR_USAGE);
    nb_release(vm, notensor);
    CHECK((released & 4) == 0); /* d still holds the DLPack tensor */
    nb_free(vm);
    CHECK(released == 2 + 4); /* the last two wraps, each released once (by nb_free at the latest) */
    CHECK(mem.live == 0);

    /* tensors count against the memory cap, host-filled ones included */
    nb_config capped = {0};
    capped.memory_limit = 32u << 20;
    vm = nb_new(&capped);
    int64_t big[1] = {8 << 20}; /* 64 MB of f64 */
    CHECK(nb_tensor_new(vm, NB_F64, 1, big) == NB_NOREF);
    CHECK(nb_error(vm)->status == NB_ERR_MEMORY);
    CHECK_STR(nb_error(vm)->kind, "MemoryError");
    CHECK(nb_eval(vm, "z = zeros((4096, 4096))", "cap") == NB_ERR_MEMORY);
    CHECK(nb_eval(vm, "z = zeros((1024, 1024))\ns = float(z.sum())", "fits") == NB_OK);
    CHECK(nb_memory_used(vm) > (8u << 20) && nb_memory_used(vm) < capped.memory_limit);
    /* a wrapped buffer is the host's memory: it does not count */
    static double host_big[1 << 20];
    size_t before = nb_memory_used(vm);
    int64_t hb[1] = {1 << 20};
    nb_ref wb = nb_tensor_wrap(vm, host_big, NB_F64, 1, hb, NULL, NULL, NULL);
    /* signed: a collection during the wrap may leave less in use than before;
       the tensor object itself may take a fresh 16 KiB page of the pool */
    CHECK(wb != NB_NOREF && (long long)nb_memory_used(vm) - (long long)before < (64 << 10));
    nb_release(vm, wb);
    nb_free(vm);
    free(script);
    return test_finish("tensors");
}
