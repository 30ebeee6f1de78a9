/*
 * test_sort.c - sort and argsort against a naive stable insertion sort, on
 * every dtype, every axis, views and NaNs; unique; searchsorted.
 */
#include "tn_test.h"
#include "sort.h"

/* NumPy's order: NaN after everything, NaNs equal. */
static bool ref_less(double a, double b)
{
    return a < b || (isnan(b) && !isnan(a));
}

/* Stable insertion sort of indices by value: the reference argsort. */
static void ref_argsort(const double *v, int64_t *ix, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        ix[i] = i;
    for (int64_t i = 1; i < n; i++) {
        int64_t x = ix[i], j = i;
        for (; j > 0 && ref_less(v[x], v[ix[j - 1]]); j--)
            ix[j] = ix[j - 1];
        ix[j] = x;
    }
}

static uint64_t lcg_state;

static double next_value(TnDType dt)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t r = lcg_state >> 33;
    switch (dt) {
    case TN_BOOL: return (double)(r & 1);
    case TN_U8: return (double)(r % 256);
    case TN_I32: return (double)((int64_t)(r % 41) - 20);
    case TN_I64: return (double)((int64_t)(r % 1000) - 500) * 1e13;
    default:
        if (r % 17 == 0)
            return NAN;
        return (double)((int64_t)(r % 61) - 30) / 4.0;  /* many duplicates */
    }
}

static Tensor *random_tensor(TnCtx *ctx, TnDType dt, int nd, const int64_t *shape)
{
    Tensor *t = tn_empty(ctx, dt, nd, shape);
    CHECK_OK(ctx, t);
    for (int64_t i = 0; i < t->size; i++)
        tn_set_f64(t, i, next_value(dt));
    return t;
}

static bool same_value(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* sort and argsort of a 1-D x against the reference. */
static void check_1d(TnCtx *ctx, const Tensor *x)
{
    int64_t n = x->size;
    double *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    int64_t *ix = malloc((size_t)(n ? n : 1) * sizeof *ix);
    for (int64_t i = 0; i < n; i++)
        v[i] = tn_get_f64(x, i);
    ref_argsort(v, ix, n);
    Tensor *s = tn_sort(ctx, x, 0), *a = tn_argsort(ctx, x, -1);
    CHECK_OK(ctx, s && a);
    CHECK_INT(x->dtype, s->dtype);
    CHECK_INT(TN_I64, a->dtype);
    for (int64_t i = 0; i < n; i++) {
        CHECK_INT(ix[i], tn_get_i64(a, i));
        CHECK(same_value(v[ix[i]], tn_get_f64(s, i)));
    }
    tn_free(ctx, s);
    tn_free(ctx, a);
    free(v);
    free(ix);
}

static void test_sort_1d(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *x = test_tensor(&ctx, TN_F64, 1, (int64_t[]){8},
                            (double[]){3, NAN, 1, -INFINITY, 2, NAN, -0.0, 0.0});
    Tensor *s = tn_sort(&ctx, x, 0);
    CHECK_OK(&ctx, s);
    CHECK_VALUES(s, ((double[]){-INFINITY, -0.0, 0.0, 1, 2, 3, NAN, NAN}), 0);
    CHECK(signbit(tn_get_f64(s, 1)));   /* stable: -0.0 came first */
    tn_free(&ctx, s);
    Tensor *a = tn_argsort(&ctx, x, 0);
    CHECK_OK(&ctx, a);
    CHECK_VALUES(a, ((double[]){3, 6, 7, 2, 4, 0, 1, 5}), 0);
    tn_free(&ctx, a);
    tn_free(&ctx, x);
    x = test_tensor(&ctx, TN_I64, 1, (int64_t[]){5}, (double[]){2, 1, 2, 1, 0});
    CHECK_OK(&ctx, a = tn_argsort(&ctx, x, 0));
    CHECK_VALUES(a, ((double[]){4, 1, 3, 0, 2}), 0);   /* equal keys keep their order */
    tn_free(&ctx, a);
    tn_free(&ctx, x);

    /* every dtype, sizes around the insertion-run length and the merges */
    const int64_t sizes[] = {0, 1, 2, 23, 24, 25, 48, 49, 100, 777, 2000};
    lcg_state = 1;
    for (int dt = 0; dt < TN_DTYPE_COUNT; dt++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            x = random_tensor(&ctx, (TnDType)dt, 1, &sizes[k]);
            check_1d(&ctx, x);
            tn_free(&ctx, x);
        }
    /* already sorted and reversed input */
    int64_t n = 1000;
    x = tn_empty(&ctx, TN_I32, 1, &n);
    for (int64_t i = 0; i < n; i++)
        tn_set_f64(x, i, (double)(i / 3));
    check_1d(&ctx, x);
    for (int64_t i = 0; i < n; i++)
        tn_set_f64(x, i, (double)(-i / 3));
    check_1d(&ctx, x);
    tn_free(&ctx, x);
    CHECK_NO_LEAKS();
}

static void test_sort_axes(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    lcg_state = 2;
    int64_t shape[] = {3, 4, 5};
    Tensor *x = random_tensor(&ctx, TN_F32, 3, shape);
    for (int axis = -3; axis < 3; axis++) {
        int ax = axis < 0 ? axis + 3 : axis;
        Tensor *s = tn_sort(&ctx, x, axis), *a = tn_argsort(&ctx, x, axis);
        CHECK_OK(&ctx, s && a);
        CHECK_SHAPE(s, 3, 3, 4, 5);
        CHECK(tn_is_contiguous(s) && tn_is_contiguous(a));
        /* each lane against the reference */
        int64_t st[3] = {20, 5, 1}, n = shape[ax];
        for (int64_t i = 0; i < 3; i++)
            for (int64_t j = 0; j < 4; j++)
                for (int64_t k = 0; k < 5; k++) {
                    int64_t pos[3] = {i, j, k};
                    if (pos[ax] != 0)
                        continue;
                    int64_t base = i * 20 + j * 5 + k;
                    double v[5];
                    int64_t ix[5];
                    for (int64_t t = 0; t < n; t++)
                        v[t] = tn_get_f64(x, base + t * st[ax]);
                    ref_argsort(v, ix, n);
                    for (int64_t t = 0; t < n; t++) {
                        CHECK_INT(ix[t], tn_get_i64(a, base + t * st[ax]));
                        CHECK(same_value(v[ix[t]], tn_get_f64(s, base + t * st[ax])));
                    }
                }
        tn_free(&ctx, s);
        tn_free(&ctx, a);
    }
    /* axis=None sorts the flattened tensor */
    Tensor *s = tn_sort(&ctx, x, TN_SORT_AXIS_NONE);
    CHECK_OK(&ctx, s);
    CHECK_SHAPE(s, 1, 60);
    for (int64_t i = 1; i < 60; i++)
        CHECK(!ref_less(tn_get_f64(s, i), tn_get_f64(s, i - 1)));
    tn_free(&ctx, s);
    Tensor *a = tn_argsort(&ctx, x, TN_SORT_AXIS_NONE);
    CHECK_OK(&ctx, a);
    CHECK_SHAPE(a, 1, 60);
    for (int64_t i = 1; i < 60; i++)
        CHECK(!ref_less(tn_get_f64(x, tn_get_i64(a, i)), tn_get_f64(x, tn_get_i64(a, i - 1))));
    tn_free(&ctx, a);
    CHECK_ERR(&ctx, tn_sort(&ctx, x, 3), TN_ERR_INDEX, "sort: axis 3 is out of range for f32[3,4,5]");
    tn_free(&ctx, x);

    /* a transposed view sorts along its own rows */
    Tensor *m = test_tensor(&ctx, TN_I64, 2, (int64_t[]){2, 3}, (double[]){5, 1, 4, 2, 6, 0});
    Tensor *mt = tn_view_as(&ctx, m, 2, (int64_t[]){3, 2}, (int64_t[]){8, 24}, m->offset);
    CHECK_OK(&ctx, mt);   /* [[5, 2], [1, 6], [4, 0]] */
    CHECK_OK(&ctx, s = tn_sort(&ctx, mt, 1));
    CHECK_VALUES(s, ((double[]){2, 5, 1, 6, 0, 4}), 0);
    tn_free(&ctx, s);
    CHECK_OK(&ctx, s = tn_argsort(&ctx, mt, 0));
    CHECK_VALUES(s, ((double[]){1, 2, 2, 0, 0, 1}), 0);
    tn_free(&ctx, s);
    tn_free(&ctx, mt);
    tn_free(&ctx, m);

    /* empty and 0-d */
    Tensor *e = tn_empty(&ctx, TN_F64, 2, (int64_t[]){0, 4});
    CHECK_OK(&ctx, s = tn_sort(&ctx, e, 1));
    CHECK_SHAPE(s, 2, 0, 4);
    tn_free(&ctx, s);
    tn_free(&ctx, e);
    Tensor *z = tn_scalar_f64(&ctx, 2.5, false);
    CHECK_ERR(&ctx, tn_sort(&ctx, z, 0), TN_ERR_INDEX, "axis 0 is out of range for f64[]");
    CHECK_OK(&ctx, s = tn_sort(&ctx, z, TN_SORT_AXIS_NONE));
    CHECK_SHAPE(s, 1, 1);
    tn_free(&ctx, s);
    tn_free(&ctx, z);
    CHECK_NO_LEAKS();
}

static void test_unique(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *x = test_tensor(&ctx, TN_F64, 2, (int64_t[]){2, 4},
                            (double[]){3, 1, 2, 3, 1, NAN, NAN, -0.0});
    TnUnique u;
    CHECK_OK(&ctx, tn_unique(&ctx, x, true, true, true, &u));
    /* -0.0 and 0 are one value; the NaNs collapse into one */
    CHECK_VALUES(u.values, ((double[]){-0.0, 1, 2, 3, NAN}), 0);
    CHECK_VALUES(u.counts, ((double[]){1, 2, 1, 2, 2}), 0);
    CHECK_VALUES(u.index, ((double[]){7, 1, 2, 0, 5}), 0);
    CHECK_SHAPE(u.inverse, 2, 2, 4);
    for (int64_t i = 0; i < 8; i++)
        CHECK(same_value(tn_get_f64(x, i), tn_get_f64(u.values, tn_get_i64(u.inverse, i))));
    tn_unique_free(&ctx, &u);
    CHECK_OK(&ctx, tn_unique(&ctx, x, false, false, false, &u));
    CHECK(u.values && !u.index && !u.inverse && !u.counts);
    tn_unique_free(&ctx, &u);
    tn_free(&ctx, x);

    /* against a reference over many values with repeats */
    lcg_state = 3;
    int64_t n = 3000;
    x = random_tensor(&ctx, TN_I32, 1, &n);
    CHECK_OK(&ctx, tn_unique(&ctx, x, true, true, true, &u));
    int64_t total = 0;
    for (int64_t g = 0; g < u.values->size; g++) {
        double v = tn_get_f64(u.values, g);
        if (g > 0)
            CHECK(tn_get_f64(u.values, g - 1) < v);
        int64_t count = 0, first = -1;
        for (int64_t i = 0; i < n; i++)
            if (tn_get_f64(x, i) == v) {
                count++;
                if (first < 0)
                    first = i;
            }
        CHECK_INT(count, tn_get_i64(u.counts, g));
        CHECK_INT(first, tn_get_i64(u.index, g));
        total += count;
    }
    CHECK_INT(n, total);
    CHECK_INT(41, u.values->size);
    tn_unique_free(&ctx, &u);
    tn_free(&ctx, x);

    Tensor *e = tn_empty(&ctx, TN_BOOL, 1, (int64_t[]){0});
    CHECK_OK(&ctx, tn_unique(&ctx, e, true, true, true, &u));
    CHECK_SHAPE(u.values, 1, 0);
    CHECK_SHAPE(u.counts, 1, 0);
    tn_unique_free(&ctx, &u);
    tn_free(&ctx, e);
    CHECK_NO_LEAKS();
}

static void test_searchsorted(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    Tensor *a = test_tensor(&ctx, TN_F64, 1, (int64_t[]){4}, (double[]){1, 2, 2, 3});
    Tensor *v = test_tensor(&ctx, TN_F64, 2, (int64_t[]){2, 3}, (double[]){0, 2, 2.5, 4, 1, NAN});
    Tensor *r = tn_searchsorted(&ctx, a, v, false);
    CHECK_OK(&ctx, r);
    CHECK_INT(TN_I64, r->dtype);
    CHECK_SHAPE(r, 2, 2, 3);
    CHECK_VALUES(r, ((double[]){0, 1, 3, 4, 0, 4}), 0);
    tn_free(&ctx, r);
    CHECK_OK(&ctx, r = tn_searchsorted(&ctx, a, v, true));
    CHECK_VALUES(r, ((double[]){0, 3, 3, 4, 1, 4}), 0);
    tn_free(&ctx, r);
    tn_free(&ctx, v);
    tn_free(&ctx, a);
    /* NaNs sort last, so they are found after the numbers */
    a = test_tensor(&ctx, TN_F64, 1, (int64_t[]){3}, (double[]){1, 2, NAN});
    v = tn_scalar_f64(&ctx, NAN, true);
    CHECK_OK(&ctx, r = tn_searchsorted(&ctx, a, v, false));
    CHECK_INT(0, r->ndim);
    CHECK_INT(2, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    CHECK_OK(&ctx, r = tn_searchsorted(&ctx, a, v, true));
    CHECK_INT(3, tn_get_i64(r, 0));
    tn_free(&ctx, r);
    tn_free(&ctx, v);
    tn_free(&ctx, a);
    /* an int array searched for floats compares as floats */
    a = test_tensor(&ctx, TN_I64, 1, (int64_t[]){5}, (double[]){10, 20, 30, 40, 50});
    v = test_tensor(&ctx, TN_F64, 1, (int64_t[]){3}, (double[]){19.5, 20, 55});
    CHECK_OK(&ctx, r = tn_searchsorted(&ctx, a, v, false));
    CHECK_VALUES(r, ((double[]){1, 1, 5}), 0);
    tn_free(&ctx, r);
    tn_free(&ctx, v);
    /* a strided (every other element) sorted view */
    Tensor *sv = tn_view_as(&ctx, a, 1, (int64_t[]){3}, (int64_t[]){16}, a->offset);
    v = test_tensor(&ctx, TN_I64, 1, (int64_t[]){2}, (double[]){30, 31});
    CHECK_OK(&ctx, r = tn_searchsorted(&ctx, sv, v, true));
    CHECK_VALUES(r, ((double[]){2, 2}), 0);
    tn_free(&ctx, r);
    tn_free(&ctx, v);
    tn_free(&ctx, sv);
    Tensor *m = tn_zeros(&ctx, TN_F64, 2, (int64_t[]){2, 2});
    CHECK_ERR(&ctx, tn_searchsorted(&ctx, m, a, false), TN_ERR_SHAPE,
              "searchsorted: a must be 1-D (sorted), got f64[2,2]");
    tn_free(&ctx, m);
    tn_free(&ctx, a);
    CHECK_NO_LEAKS();
}

/* Every allocation refused in turn: clean failures, no leaks. */
static void test_out_of_memory(void)
{
    TnCtx ctx;
    for (int which = 0; which < 3; which++)
        for (long long n = 1; n < 25; n++) {
            test_ctx(&ctx);
            lcg_state = 4;
            Tensor *x = random_tensor(&ctx, TN_F64, 2, (int64_t[]){6, 7});
            Tensor *y = tn_view_as(&ctx, x, 2, (int64_t[]){7, 6}, (int64_t[]){8, 56}, x->offset);
            Tensor *row = tn_view_as(&ctx, x, 1, (int64_t[]){7}, (int64_t[]){8}, x->offset);
            test_alloc_state.fail_at = test_alloc_state.nallocs + n;
            Tensor *r = NULL;
            TnUnique u = {0};
            bool ok;
            switch (which) {
            case 0: ok = (r = tn_sort(&ctx, y, TN_SORT_AXIS_NONE)) != NULL; break;
            case 1: ok = tn_unique(&ctx, y, true, true, true, &u); break;
            default: ok = (r = tn_searchsorted(&ctx, row, y, false)) != NULL; break;
            }
            test_alloc_state.fail_at = 0;
            if (!ok)
                CHECK_INT(TN_ERR_MEMORY, ctx.err);
            tn_free(&ctx, r);
            tn_unique_free(&ctx, &u);
            tn_free(&ctx, row);
            tn_free(&ctx, y);
            tn_free(&ctx, x);
            CHECK_NO_LEAKS();
        }
}

int main(void)
{
    test_sort_1d();
    test_sort_axes();
    test_unique();
    test_searchsorted();
    test_out_of_memory();
    printf("test_sort: all passed\n");
    return 0;
}
