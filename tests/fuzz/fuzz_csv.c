/*
 * fuzz_csv.c - libFuzzer harness for the CSV and text readers: any bytes
 * as a file, read by read_csv (numbers only, and keeping text columns; two
 * delimiters) and by loadtxt.  A result or an error is fine; a crash, a
 * sanitizer report, a leak, an error code without a message, or a table
 * whose parts disagree is a finding.
 */
#include "fuzz_files.h"

static void read_csv(TnCtx *ctx, const char *path, char delim, bool keep_text)
{
    TnCsvOptions opts = {delim, keep_text};
    TnCsvTable *tab = tn_read_csv(ctx, path, &opts);
    if (!tab) {
        if (ctx->err == TN_OK || !ctx->msg[0])
            abort();
        tn_ctx_clear_error(ctx);
        return;
    }
    if (!tab->data || tab->data->ndim != 2 || tab->data->shape[0] != tab->nrows ||
        tab->data->shape[1] != tab->ncols)
        abort();
    for (int c = 0; c < tab->ncols; c++)
        if (!tab->names[c])
            abort();
    for (int c = 0; c < tab->ntext; c++)
        for (int64_t r = 0; r < tab->nrows; r++)
            if (!tab->text[c * tab->nrows + r])
                abort();
    tn_csv_free(ctx, tab);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *path = fuzz_write_file(data, size, ".csv");
    TnCtx ctx;
    tn_ctx_init(&ctx, fuzz_alloc, NULL);
    ctx.nthreads = 1;
    read_csv(&ctx, path, 0, false);
    read_csv(&ctx, path, 0, true);
    read_csv(&ctx, path, ';', true);
    Tensor *t = tn_loadtxt(&ctx, path, 0, size % 3);
    if (t)
        tn_free(&ctx, t);
    else if (ctx.err == TN_OK || !ctx.msg[0])
        abort();
    tn_ctx_clear_error(&ctx);
    t = tn_loadtxt(&ctx, path, ',', 0);
    if (t)
        tn_free(&ctx, t);
    tn_ctx_clear_error(&ctx);
    fuzz_check_leaks("csv");
    return 0;
}
