/* test_print.c - tn_format against NumPy's array2string, byte for byte, over
   the table in print_cases.h (ints, floats with and without fractions,
   negatives, nan/inf, magnitudes that switch to scientific notation, f32,
   bools, 0-d, empty, 3-D and 4-D, transposed views, summaries, options). */
#include "print.h"
#include "tn_test.h"
#include "view.h"

#include "print_cases.h"

static void test_numpy_table(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int n = (int)(sizeof PRINT_CASES / sizeof PRINT_CASES[0]);
    for (int k = 0; k < n; k++) {
        const PrintCase *c = &PRINT_CASES[k];
        Tensor *t = tn_empty(&ctx, c->dt, c->ndim, c->shape);
        CHECK_OK(&ctx, t);
        for (int64_t i = 0; i < t->size; i++)
            tn_set_f64(t, i, c->nvals ? c->vals[i] : (double)i * c->gen_scale + c->gen_offset);
        Tensor *shown = c->transpose ? tn_transpose(&ctx, t) : tn_view(&ctx, t);
        TnPrintOptions o = {c->precision, c->threshold, c->linewidth, c->suppress, c->edgeitems};
        TnBuf b;
        tn_buf_init(&b, &ctx);
        CHECK_OK(&ctx, tn_format(&ctx, &b, shown, &o, ", ", "array(", ")"));
        if (strcmp(b.data, c->repr) != 0) {
            fprintf(stderr, "print case %d (repr):\n--- expected\n%s\n--- got\n%s\n---\n", k, c->repr, b.data);
            exit(1);
        }
        b.len = 0;
        CHECK_OK(&ctx, tn_format(&ctx, &b, shown, &o, " ", "", ""));
        if (strcmp(b.data, c->str) != 0) {
            fprintf(stderr, "print case %d (str):\n--- expected\n%s\n--- got\n%s\n---\n", k, c->str, b.data);
            exit(1);
        }
        tn_buf_free(&b);
        tn_free(&ctx, shown);
        tn_free(&ctx, t);
    }
    CHECK_NO_LEAKS();
}

static void test_caller_buffer(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {2, 2};
    double v[] = {1, 2, 3, 4.5};
    Tensor *t = test_tensor(&ctx, TN_F64, 2, s, v);
    char buf[64];
    int64_t n = tn_format_to(&ctx, buf, sizeof buf, t, NULL, " ", "", "");
    CHECK_STR("[[1.  2. ]\n [3.  4.5]]", buf);
    CHECK_INT(strlen(buf), n);
    char small[8];
    n = tn_format_to(&ctx, small, sizeof small, t, NULL, " ", "", "");
    CHECK_STR("[[1.  2", small);
    CHECK_INT(22, n);
    TnBuf b;
    tn_buf_init(&b, &ctx);
    Tensor *e = tn_select(&ctx, t, 0, 1);
    Tensor *el = tn_select(&ctx, e, 0, 1);
    CHECK_OK(&ctx, tn_format_scalar(&ctx, &b, el, NULL));
    CHECK_STR("4.5", b.data);
    tn_buf_free(&b);
    /* allocation failure is an error, not a crash */
    test_alloc_state.fail_at = test_alloc_state.nallocs + 1;
    tn_buf_init(&b, &ctx);
    CHECK_ERR(&ctx, tn_format(&ctx, &b, t, NULL, " ", "", ""), TN_ERR_MEMORY, "out of memory");
    tn_buf_free(&b);
    test_alloc_state.fail_at = 0;
    tn_free(&ctx, el);
    tn_free(&ctx, e);
    tn_free(&ctx, t);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_numpy_table();
    test_caller_buffer();
    printf("test_print: ok\n");
    return 0;
}
