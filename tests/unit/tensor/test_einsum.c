/* test_einsum.c - einsum against NumPy (einsum_cases.h) for matrix
   products, transposes, diagonals, traces, sums, outer products, batches,
   ellipses and chains of three operands; errors. */
#include "create.h"
#include "einsum.h"
#include "tn_test.h"

typedef struct OpShape {
    int ndim;
    int64_t shape[4];
} OpShape;

typedef struct EinsumCase {
    const char *subs;
    int n;
    OpShape ops[3];
    int rnd;
    int64_t rshape[8];
    const double *vals;
} EinsumCase;

#include "einsum_cases.h"

static void test_numpy_table(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int ncases = (int)(sizeof EINSUM_CASES / sizeof EINSUM_CASES[0]);
    for (int c = 0; c < ncases; c++) {
        const EinsumCase *e = &EINSUM_CASES[c];
        Tensor *ops[3];
        for (int k = 0; k < e->n; k++) {
            ops[k] = tn_empty(&ctx, TN_F64, e->ops[k].ndim, e->ops[k].shape);
            for (int64_t i = 0; i < ops[k]->size; i++)
                tn_set_f64(ops[k], i, (double)(i % 7) - 3 + 0.5 * k);
        }
        Tensor *r = tn_einsum(&ctx, e->subs, e->n, (const Tensor *const *)ops);
        if (!r) {
            fprintf(stderr, "einsum \"%s\": %s\n", e->subs, ctx.msg);
            exit(1);
        }
        char want[128], got[128];
        tn_shape_str(want, sizeof want, TN_F64, e->rnd, e->rshape);
        tn_shape_str(got, sizeof got, r->dtype, r->ndim, r->shape);
        if (strcmp(want, got) != 0) {
            fprintf(stderr, "einsum \"%s\": shape expected %s, got %s\n", e->subs, want, got);
            exit(1);
        }
        for (int64_t i = 0; i < r->size; i++)
            if (!test_close(e->vals[i], tn_get_f64(r, i), 1e-12)) {
                fprintf(stderr, "einsum \"%s\" [%lld]: expected %.17g, got %.17g\n", e->subs, (long long)i,
                        e->vals[i], tn_get_f64(r, i));
                exit(1);
            }
        tn_free(&ctx, r);
        for (int k = 0; k < e->n; k++)
            tn_free(&ctx, ops[k]);
    }
    CHECK_NO_LEAKS();
}

static void test_dtypes_and_errors(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s23[] = {2, 3}, s34[] = {3, 4};
    Tensor *a = tn_ones(&ctx, TN_I32, 2, s23), *b = tn_ones(&ctx, TN_I32, 2, s34);
    const Tensor *ab[] = {a, b};
    Tensor *r = tn_einsum(&ctx, "ij,jk->ik", 2, ab);
    CHECK_OK(&ctx, r);
    CHECK_INT(TN_I32, r->dtype);
    CHECK_INT(3, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    r = tn_einsum(&ctx, "ij->", 1, ab);
    CHECK_INT(TN_I32, r->dtype);
    CHECK_INT(6, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    CHECK_ERR(&ctx, tn_einsum(&ctx, "ij,jk->ik", 1, ab), TN_ERR_VALUE, "more subscript groups than operands");
    CHECK_ERR(&ctx, tn_einsum(&ctx, "ij", 2, ab), TN_ERR_VALUE, "fewer subscript groups than operands");
    CHECK_ERR(&ctx, tn_einsum(&ctx, "ijk,jk->i", 2, ab), TN_ERR_VALUE, "3 subscripts for an operand with 2 dimensions");
    CHECK_ERR(&ctx, tn_einsum(&ctx, "ij,kl->iz", 2, ab), TN_ERR_VALUE, "an output subscript that no operand has");
    CHECK_ERR(&ctx, tn_einsum(&ctx, "ij,ik->jk", 2, ab), TN_ERR_SHAPE, "subscript 'i' has length 2 in operand 0 and 3 in operand 1");
    CHECK_ERR(&ctx, tn_einsum(&ctx, "i1,jk", 2, ab), TN_ERR_VALUE, "subscripts must be letters");
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_numpy_table();
    test_dtypes_and_errors();
    printf("test_einsum: ok\n");
    return 0;
}
