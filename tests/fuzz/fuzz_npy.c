/*
 * fuzz_npy.c - libFuzzer harness for the .npy and .npz readers: any bytes
 * as a file, read as .npy, as .npz and by kind.  A result or an error is
 * fine; a crash, a sanitizer report, a leak or an error code without a
 * message is a finding.
 */
#include "fuzz_files.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *path = fuzz_write_file(data, size, ".npy");
    TnCtx ctx;
    tn_ctx_init(&ctx, fuzz_alloc, NULL);
    ctx.nthreads = 1;
    Tensor *t = tn_load_npy(&ctx, path);
    if (t) {
        /* every element is readable: the header's claims were checked */
        double sum = 0;
        for (int64_t i = 0; i < t->size && i < 4096; i++)
            sum += tn_get_f64(t, i);
        (void)sum;
        tn_free(&ctx, t);
    } else if (ctx.err == TN_OK || !ctx.msg[0]) {
        abort();
    }
    tn_ctx_clear_error(&ctx);
    TnNpz *z = tn_load_npz(&ctx, path);
    if (z)
        tn_npz_free(&ctx, z);
    else if (ctx.err == TN_OK || !ctx.msg[0])
        abort();
    tn_ctx_clear_error(&ctx);
    tn_file_kind(&ctx, path);
    fuzz_check_leaks("npy");
    return 0;
}
