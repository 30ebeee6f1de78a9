/* test_index.c - indexing read and write against NumPy's results
   (index_cases.h): basic, integer arrays, masks, mixtures and where NumPy
   moves the advanced axes; on contiguous and reversed-stride bases; with
   array and scalar values; in-place ops; errors. */
#include "index.h"
#include "tn_test.h"

typedef struct IdxItem {
    TnIndexKind kind;
    int64_t i;
    int64_t a;
    bool ha;
    int64_t b;
    bool hb;
    int64_t c;
    bool hc;
    int ndim;
    int64_t shape[3];
    bool is_bool;
    const double *vals;
} IdxItem;

typedef struct IndexCase {
    const char *text;
    int ndim;
    int64_t shape[4];
    int nidx;
    IdxItem items[6];
    int rnd;
    int64_t rshape[8];
    int64_t rsize;
    const double *rvals, *yvals, *zvals;
} IndexCase;

#include "index_cases.h"

/* x = arange(n).reshape(shape), contiguous or as a view with every stride
   negated over a reversed buffer */
static Tensor *make_x(TnCtx *ctx, const IndexCase *c, bool reversed, Tensor **base)
{
    Tensor *t = tn_empty(ctx, TN_I64, c->ndim, c->shape);
    CHECK_OK(ctx, t);
    for (int64_t i = 0; i < t->size; i++)
        tn_set_i64(t, i, reversed ? t->size - 1 - i : i);
    *base = t;
    if (!reversed)
        return tn_view(ctx, t);
    int64_t st[TN_MAX_DIMS];
    for (int d = 0; d < t->ndim; d++)
        st[d] = -t->strides[d];
    return tn_view_as(ctx, t, t->ndim, t->shape, st, (t->size - 1) * 8);
}

static int build_index(TnCtx *ctx, const IndexCase *c, TnIndex *idx, Tensor **owned, int k)
{
    int nown = 0;
    for (int j = 0; j < c->nidx; j++) {
        const IdxItem *it = &c->items[j];
        switch (it->kind) {
        case TN_IDX_INT: idx[j] = tn_idx_int(it->i); break;
        case TN_IDX_NEWAXIS: idx[j] = tn_idx_newaxis(); break;
        case TN_IDX_ELLIPSIS: idx[j] = tn_idx_ellipsis(); break;
        case TN_IDX_SLICE: {
            TnSlice s = {it->a, it->b, it->c, it->ha, it->hb, it->hc};
            idx[j] = tn_idx_slice(s);
            break;
        }
        default: {
            /* integer index arrays alternate between i64 and i32 */
            TnDType dt = it->is_bool ? TN_BOOL : (k % 2 ? TN_I32 : TN_I64);
            Tensor *t = tn_empty(ctx, dt, it->ndim, it->shape);
            for (int64_t i = 0; i < t->size; i++)
                tn_set_f64(t, i, it->vals[i]);
            owned[nown++] = t;
            idx[j] = tn_idx_tensor(t);
        }
        }
    }
    return nown;
}

static void test_numpy_table(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int n = (int)(sizeof INDEX_CASES / sizeof INDEX_CASES[0]);
    for (int k = 0; k < n; k++) {
        const IndexCase *c = &INDEX_CASES[k];
        for (int rev = 0; rev < 2; rev++) {
            TnIndex idx[6];
            Tensor *owned[6];
            int nown = build_index(&ctx, c, idx, owned, k);
            bool advanced = nown > 0;
            Tensor *base, *x = make_x(&ctx, c, rev, &base);
            /* read */
            Tensor *r = tn_index_get(&ctx, x, c->nidx, idx);
            if (!r) {
                fprintf(stderr, "%s: %s\n", c->text, ctx.msg);
                exit(1);
            }
            char want[128], got[128];
            tn_shape_str(want, sizeof want, TN_I64, c->rnd, c->rshape);
            tn_shape_str(got, sizeof got, r->dtype, r->ndim, r->shape);
            if (strcmp(want, got) != 0) {
                fprintf(stderr, "%s%s: shape expected %s, got %s\n", c->text, rev ? " (reversed)" : "", want, got);
                exit(1);
            }
            CHECK(r->is_view == !advanced);
            for (int64_t i = 0; i < c->rsize; i++)
                if (tn_get_f64(r, i) != c->rvals[i]) {
                    fprintf(stderr, "%s%s: [%lld] expected %g, got %g\n", c->text, rev ? " (reversed)" : "",
                            (long long)i, c->rvals[i], tn_get_f64(r, i));
                    exit(1);
                }
            /* write an array of the read shape, then a scalar */
            Tensor *v = tn_empty(&ctx, TN_I64, r->ndim, r->shape);
            for (int64_t i = 0; i < v->size; i++)
                tn_set_i64(v, i, -(i + 1));
            CHECK_OK(&ctx, tn_index_set(&ctx, x, c->nidx, idx, v));
            for (int64_t i = 0; i < x->size; i++)
                if (tn_get_f64(x, i) != c->yvals[i]) {
                    fprintf(stderr, "%s%s = value: [%lld] expected %g, got %g\n", c->text,
                            rev ? " (reversed)" : "", (long long)i, c->yvals[i], tn_get_f64(x, i));
                    exit(1);
                }
            for (int64_t i = 0; i < x->size; i++)
                tn_set_i64(x, i, i);
            Tensor *s = tn_scalar_f64(&ctx, -7.9, true);   /* cast to i64: -7 */
            CHECK_OK(&ctx, tn_index_set(&ctx, x, c->nidx, idx, s));
            for (int64_t i = 0; i < x->size; i++)
                if (tn_get_f64(x, i) != c->zvals[i]) {
                    fprintf(stderr, "%s%s = -7: [%lld] expected %g, got %g\n", c->text, rev ? " (reversed)" : "",
                            (long long)i, c->zvals[i], tn_get_f64(x, i));
                    exit(1);
                }
            tn_free(&ctx, s);
            tn_free(&ctx, v);
            tn_free(&ctx, r);
            tn_free(&ctx, x);
            tn_free(&ctx, base);
            for (int j = 0; j < nown; j++)
                tn_free(&ctx, owned[j]);
        }
    }
    CHECK_NO_LEAKS();
}

static void test_inplace_and_views(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {3, 4};
    Tensor *x = tn_zeros(&ctx, TN_F64, 2, s);
    /* x[:, 1] += 10 writes through the view */
    TnIndex col[] = {tn_idx_all(), tn_idx_int(1)};
    Tensor *ten = tn_scalar_f64(&ctx, 10, true);
    CHECK_OK(&ctx, tn_index_inplace(&ctx, TN_ADD, x, 2, col, ten));
    double w1[] = {0, 10, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0};
    CHECK_VALUES(x, w1, 0);
    /* x[[0, 0, 2]] += 1: the repeated row gets it once (NumPy) */
    int64_t s3[] = {3};
    double iv[] = {0, 0, 2};
    Tensor *rows = test_tensor(&ctx, TN_I64, 1, s3, iv);
    TnIndex ri[] = {tn_idx_tensor(rows)};
    Tensor *one = tn_scalar_i64(&ctx, 1, true);
    CHECK_OK(&ctx, tn_index_inplace(&ctx, TN_ADD, x, 1, ri, one));
    double w2[] = {1, 11, 1, 1, 0, 10, 0, 0, 1, 11, 1, 1};
    CHECK_VALUES(x, w2, 0);
    /* x[x > 5] = 0 */
    Tensor *five = tn_scalar_f64(&ctx, 5, true);
    Tensor *mask = tn_binary(&ctx, TN_GT, x, five);
    TnIndex mi[] = {tn_idx_tensor(mask)};
    Tensor *zero = tn_scalar_f64(&ctx, 0, true);
    CHECK_OK(&ctx, tn_index_set(&ctx, x, 1, mi, zero));
    double w3[] = {1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1};
    CHECK_VALUES(x, w3, 0);
    /* a row assigned from a broadcast row of another dtype: x[1] = [1, 2, 3, 4] (i32) */
    int64_t s4[] = {4};
    double rv[] = {1, 2, 3, 4};
    Tensor *row = test_tensor(&ctx, TN_I32, 1, s4, rv);
    TnIndex r1[] = {tn_idx_int(1)};
    CHECK_OK(&ctx, tn_index_set(&ctx, x, 1, r1, row));
    CHECK_NEAR(3, tn_get_f64(x, 6), 0);
    /* x[[0, 2], :] = row broadcasts too */
    double i02[] = {0, 2};
    int64_t s2[] = {2};
    Tensor *r02 = test_tensor(&ctx, TN_I64, 1, s2, i02);
    TnIndex a2[] = {tn_idx_tensor(r02), tn_idx_all()};
    CHECK_OK(&ctx, tn_index_set(&ctx, x, 2, a2, row));
    double w4[] = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
    CHECK_VALUES(x, w4, 0);
    /* assigning from an overlapping view: y[::-1] = y reverses (NumPy
       copies the overlapping value first) */
    int64_t s5[] = {5};
    double yv[] = {0, 1, 2, 3, 4};
    Tensor *y = test_tensor(&ctx, TN_I64, 1, s5, yv);
    TnIndex rev[] = {tn_idx_all()};
    rev[0].slice.step = -1;
    rev[0].slice.has_step = true;
    CHECK_OK(&ctx, tn_index_set(&ctx, y, 1, rev, y));
    double wy[] = {4, 3, 2, 1, 0};
    CHECK_VALUES(y, wy, 0);
    /* and through advanced indexing: y[[4, 3, 2, 1, 0]] = y */
    double pv[] = {4, 3, 2, 1, 0};
    Tensor *perm = test_tensor(&ctx, TN_I64, 1, s5, pv);
    TnIndex pi[] = {tn_idx_tensor(perm)};
    CHECK_OK(&ctx, tn_index_set(&ctx, y, 1, pi, y));
    CHECK_VALUES(y, yv, 0);
    Tensor *all[] = {x, ten, rows, one, five, mask, zero, row, r02, y, perm};
    for (int k = 0; k < 11; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

static void test_errors(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    int64_t s[] = {3, 4};
    Tensor *x = tn_zeros(&ctx, TN_F64, 2, s);
    TnIndex i1[] = {tn_idx_all(), tn_idx_int(4)};
    CHECK_ERR(&ctx, tn_index_get(&ctx, x, 2, i1), TN_ERR_INDEX,
              "index 4 is out of range for axis 1 with length 4 (tensor f64[3,4])");
    CHECK_INT(1, ctx.detail.axis);
    CHECK(strstr(ctx.hint, "0..3") != NULL);
    TnIndex i2[] = {tn_idx_int(0), tn_idx_int(0), tn_idx_int(0)};
    CHECK_ERR(&ctx, tn_index_get(&ctx, x, 3, i2), TN_ERR_INDEX,
              "too many indices: the tensor f64[3,4] has 2 dimensions, 3 were indexed");
    TnIndex i3[] = {tn_idx_ellipsis(), tn_idx_ellipsis()};
    CHECK_ERR(&ctx, tn_index_get(&ctx, x, 2, i3), TN_ERR_INDEX, "single ellipsis");
    int64_t s2[] = {2}, s3[] = {3};
    double bad[] = {0, 5};
    Tensor *arr = test_tensor(&ctx, TN_I64, 1, s2, bad);
    TnIndex i4[] = {tn_idx_all(), tn_idx_tensor(arr)};
    CHECK_ERR(&ctx, tn_index_get(&ctx, x, 2, i4), TN_ERR_INDEX,
              "index 5 is out of range for axis 1 with length 4 (tensor f64[3,4]), in an index array");
    double fv[] = {0, 1};
    Tensor *fl = test_tensor(&ctx, TN_F64, 1, s2, fv);
    TnIndex i5[] = {tn_idx_tensor(fl)};
    CHECK_ERR(&ctx, tn_index_get(&ctx, x, 1, i5), TN_ERR_INDEX, "index arrays must be integer or bool tensors, got f64[2]");
    Tensor *m = tn_zeros(&ctx, TN_BOOL, 1, s2);
    TnIndex i6[] = {tn_idx_tensor(m)};
    CHECK_ERR(&ctx, tn_index_get(&ctx, x, 1, i6), TN_ERR_INDEX,
              "boolean index does not match the tensor along axis 0: the tensor f64[3,4] has 3, the mask bool[2] has 2");
    double a3[] = {0, 1, 2};
    Tensor *t3 = test_tensor(&ctx, TN_I64, 1, s3, a3), *t2 = test_tensor(&ctx, TN_I64, 1, s2, fv);
    TnIndex i7[] = {tn_idx_tensor(t3), tn_idx_tensor(t2)};
    CHECK_ERR(&ctx, tn_index_get(&ctx, x, 2, i7), TN_ERR_INDEX, "shape mismatch: index arrays could not be broadcast together");
    /* a value that does not fit the indexed shape */
    TnIndex i8[] = {tn_idx_int(0)};
    CHECK_ERR(&ctx, tn_index_set(&ctx, x, 1, i8, t3), TN_ERR_SHAPE, "cannot be broadcast");
    TnIndex i9[] = {tn_idx_tensor(t2)};
    CHECK_ERR(&ctx, tn_index_set(&ctx, x, 1, i9, t3), TN_ERR_SHAPE, "cannot be broadcast");
    /* read-only targets */
    int64_t bs[] = {2, 3};
    Tensor *b = tn_broadcast_to(&ctx, t3, 2, bs);
    CHECK_ERR(&ctx, tn_index_set(&ctx, b, 1, i8, t3), TN_ERR_VALUE, "read-only");
    Tensor *all[] = {x, arr, fl, m, t3, t2, b};
    for (int k = 0; k < 7; k++)
        tn_free(&ctx, all[k]);
    CHECK_NO_LEAKS();
}

int main(void)
{
    test_numpy_table();
    test_inplace_and_views();
    test_errors();
    printf("test_index: ok\n");
    return 0;
}
