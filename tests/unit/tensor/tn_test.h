/*
 * tn_test.h - a tiny assertion kit for the tensor-engine unit tests.
 *
 * A failing check prints file:line, the expression, what was expected and
 * what was got, then the test exits non-zero.  The test allocator counts
 * live bytes so every test can end with CHECK_NO_LEAKS(), and can refuse
 * the Nth allocation to prove that out-of-memory paths fail cleanly.
 */
#ifndef NABLA_TN_TEST_H
#define NABLA_TN_TEST_H

#include "tensor.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TestAlloc {
    long long live_bytes;
    long long nallocs;
    long long fail_at;      /* refuse the allocation with this number (1-based); 0 = never */
} TestAlloc;

static TestAlloc test_alloc_state;

static void *test_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    TestAlloc *a = ud;
    if (new_size == 0) {
        a->live_bytes -= (long long)old_size;
        free(ptr);
        return NULL;
    }
    a->nallocs++;
    if (a->fail_at && a->nallocs == a->fail_at)
        return NULL;
    /* refuse absurd sizes ourselves: sanitizers abort on them instead of
       returning NULL */
    if (new_size > ((size_t)1 << 40))
        return NULL;
    void *p = realloc(ptr, new_size);
    if (p)
        a->live_bytes += (long long)new_size - (long long)(ptr ? old_size : 0);
    return p;
}

#define TEST_FAIL_AT() fprintf(stderr, "%s:%d: ", __FILE__, __LINE__)

#define CHECK(cond)                                        \
    do {                                                   \
        if (!(cond)) {                                     \
            TEST_FAIL_AT();                                \
            fprintf(stderr, "check failed: %s\n", #cond);  \
            exit(1);                                       \
        }                                                  \
    } while (0)

#define CHECK_INT(expected, got)                                                           \
    do {                                                                                   \
        long long e_ = (long long)(expected), g_ = (long long)(got);                       \
        if (e_ != g_) {                                                                    \
            TEST_FAIL_AT();                                                                \
            fprintf(stderr, "%s: expected %lld, got %lld\n", #got, e_, g_);                \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

/* Equal, or both NaN, or within rel/abs tolerance. */
static inline int test_close(double e, double g, double tol)
{
    if (isnan(e) || isnan(g))
        return isnan(e) && isnan(g);
    if (isinf(e) || isinf(g))
        return e == g;
    return fabs(e - g) <= tol * (1.0 + fabs(e));
}

#define CHECK_NEAR(expected, got, tol)                                                     \
    do {                                                                                   \
        double e_ = (double)(expected), g_ = (double)(got);                                \
        if (!test_close(e_, g_, tol)) {                                                    \
            TEST_FAIL_AT();                                                                \
            fprintf(stderr, "%s: expected %.17g, got %.17g\n", #got, e_, g_);              \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

#define CHECK_STR(expected, got)                                                           \
    do {                                                                                   \
        const char *e_ = (expected), *g_ = (got);                                          \
        if (strcmp(e_, g_) != 0) {                                                         \
            TEST_FAIL_AT();                                                                \
            fprintf(stderr, "%s:\n--- expected\n%s\n--- got\n%s\n---\n", #got, e_, g_);    \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

/* A call that must succeed: on NULL prints the engine's message. */
#define CHECK_OK(ctx, expr)                                                                \
    do {                                                                                   \
        if (!(expr)) {                                                                     \
            TEST_FAIL_AT();                                                                \
            fprintf(stderr, "%s failed: %s\n", #expr, (ctx)->msg);                         \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

/* A call that must fail with error `code` and a message containing `part`. */
#define CHECK_ERR(ctx, expr, code, part)                                                   \
    do {                                                                                   \
        tn_ctx_clear_error(ctx);                                                           \
        if ((expr)) {                                                                      \
            TEST_FAIL_AT();                                                                \
            fprintf(stderr, "%s: expected an error, it succeeded\n", #expr);               \
            exit(1);                                                                       \
        }                                                                                  \
        if ((ctx)->err != (code) || !strstr((ctx)->msg, (part))) {                         \
            TEST_FAIL_AT();                                                                \
            fprintf(stderr, "%s: expected error %d containing \"%s\", got %d \"%s\"\n",    \
                    #expr, (int)(code), (part), (int)(ctx)->err, (ctx)->msg);              \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

#define CHECK_NO_LEAKS() CHECK_INT(0, test_alloc_state.live_bytes)

static inline void test_ctx(TnCtx *ctx)
{
    memset(&test_alloc_state, 0, sizeof test_alloc_state);
    tn_ctx_init(ctx, test_alloc, &test_alloc_state);
}

/* A tensor of dtype dt and shape filled from doubles (converted). */
static inline Tensor *test_tensor(TnCtx *ctx, TnDType dt, int ndim, const int64_t *shape,
                                  const double *vals)
{
    Tensor *t = tn_empty(ctx, dt, ndim, shape);
    if (!t) {
        fprintf(stderr, "test_tensor: %s\n", ctx->msg);
        exit(1);
    }
    for (int64_t i = 0; i < t->size; i++)
        tn_set_f64(t, i, vals[i]);
    return t;
}

/* Every element of t equals the expected doubles (within tol). */
#define CHECK_VALUES(t, expected, tol)                                                     \
    do {                                                                                   \
        const Tensor *t_ = (t);                                                            \
        for (int64_t i_ = 0; i_ < t_->size; i_++) {                                        \
            double e_ = (expected)[i_], g_ = tn_get_f64(t_, i_);                           \
            if (!test_close(e_, g_, tol)) {                                                \
                TEST_FAIL_AT();                                                            \
                fprintf(stderr, "%s[%lld]: expected %.17g, got %.17g\n", #t, (long long)i_, \
                        e_, g_);                                                           \
                exit(1);                                                                   \
            }                                                                              \
        }                                                                                  \
    } while (0)

/* A view of t with strides and offset counted in elements. */
static inline Tensor *test_view(TnCtx *ctx, const Tensor *t, int ndim, const int64_t *shape,
                                const int64_t *elem_strides, int64_t elem_offset)
{
    int64_t st[TN_MAX_DIMS];
    int64_t es = (int64_t)tn_dtype_size(t->dtype);
    for (int d = 0; d < ndim; d++)
        st[d] = elem_strides[d] * es;
    Tensor *v = tn_view_as(ctx, t, ndim, shape, st, t->offset + elem_offset * es);
    if (!v) {
        fprintf(stderr, "test_view: %s\n", ctx->msg);
        exit(1);
    }
    return v;
}

/* Value of t at the C-order flat index `flat` of a broadcast shape. */
static inline double test_bcast_get(const Tensor *t, int ndim, const int64_t *shape, int64_t flat)
{
    int64_t off = t->offset;
    for (int d = ndim - 1; d >= 0; d--) {
        int64_t i = flat % shape[d];
        flat /= shape[d];
        int j = d - (ndim - t->ndim);
        if (j >= 0 && t->shape[j] != 1)
            off += i * t->strides[j];
    }
    return tn_load_f64((const char *)t->storage->data + off, t->dtype);
}

#define CHECK_SHAPE(t, nd, ...)                                                            \
    do {                                                                                   \
        const int64_t want_[] = {__VA_ARGS__};                                             \
        const Tensor *t_ = (t);                                                            \
        char ge_[128], ex_[128];                                                           \
        tn_shape_str(ge_, sizeof ge_, t_->dtype, t_->ndim, t_->shape);                     \
        tn_shape_str(ex_, sizeof ex_, t_->dtype, (nd), want_);                             \
        CHECK_STR(ex_, ge_);                                                               \
    } while (0)

#endif
