/*
 * test_random.c - the generator's stream against fixed values (NumPy's for
 * the raw stream and random(), our own for the rest, computed once), and
 * every distribution checked statistically over 1e5 draws.  The seeds are
 * fixed, so the statistical checks are deterministic; their tolerances are
 * about five standard errors, so a wrong distribution fails them.
 */
#include "tn_test.h"
#include "random.h"

#include <limits.h>

#define N 100000

static const int64_t shape_n[] = {N};

static void test_stream_matches_numpy(void)
{
    /* np.random.PCG64(seed).random_raw(k) */
    TnRng r;
    tn_rng_seed(&r, 42);
    CHECK(tn_rng_u64(&r) == 14276969152011380360ULL);
    CHECK(tn_rng_u64(&r) == 8095878257575067585ULL);
    CHECK(tn_rng_u64(&r) == 15838336090824644132ULL);
    tn_rng_seed(&r, 0);
    CHECK(tn_rng_u64(&r) == 11749869230777074271ULL);
    CHECK(tn_rng_u64(&r) == 4976686463289251617ULL);
    /* a seed wider than 32 bits is two SeedSequence words */
    tn_rng_seed(&r, (1ULL << 40) + 5);
    CHECK(tn_rng_u64(&r) == 87427594128977387ULL);
    CHECK(tn_rng_u64(&r) == 6872972437549564694ULL);

    /* np.random.default_rng(42).random(3) */
    TnCtx ctx;
    test_ctx(&ctx);
    tn_rng_seed(&r, 42);
    int64_t s3[] = {3};
    Tensor *t = tn_rng_random(&ctx, &r, 1, s3);
    CHECK_OK(&ctx, t);
    CHECK_INT(TN_F64, t->dtype);
    CHECK(tn_get_f64(t, 0) == 0.7739560485559633);
    CHECK(tn_get_f64(t, 1) == 0.4388784397520523);
    CHECK(tn_get_f64(t, 2) == 0.8585979199113825);
    tn_free(&ctx, t);
    /* uniform is low + (high - low) * random(), as NumPy's */
    tn_rng_seed(&r, 42);
    CHECK_OK(&ctx, t = tn_rng_uniform(&ctx, &r, -1.0, 3.0, 1, s3));
    CHECK(tn_get_f64(t, 0) == -1.0 + 4.0 * 0.7739560485559633);
    tn_free(&ctx, t);
    CHECK_NO_LEAKS();
}

static void test_fixed_values(void)
{
    /* Nabla's own methods, values computed once by this implementation:
       they must never change, on any machine. */
    TnRng r;
    tn_rng_seed(&r, 42);
    CHECK(tn_rng_gauss(&r) == 1.4832067819346502);
    CHECK(tn_rng_gauss(&r) == -0.33091407603531797);
    CHECK(tn_rng_gauss(&r) == 0.7837781224747925);
    CHECK(tn_rng_gauss(&r) == 0.43138215439433264);
    tn_rng_seed(&r, 42);
    const uint64_t want[6] = {7, 4, 8, 6, 0, 9};
    for (int i = 0; i < 6; i++)
        CHECK_INT(want[i], tn_rng_below(&r, 10));
}

static void test_polar_log_accuracy(void)
{
    /* The polar method's log is computed without libm; replay the method
       with libm's log and compare: they agree to within an ulp or two. */
    TnRng a, b;
    tn_rng_seed(&a, 7);
    tn_rng_seed(&b, 7);
    for (int i = 0; i < 2000; i++) {
        double x1, x2, s;
        do {
            x1 = 2.0 * tn_rng_double(&b) - 1.0;
            x2 = 2.0 * tn_rng_double(&b) - 1.0;
            s = x1 * x1 + x2 * x2;
        } while (s >= 1.0 || s == 0.0);
        double f = sqrt(-2.0 * log(s) / s);
        CHECK_NEAR(x1 * f, tn_rng_gauss(&a), 1e-15);
        CHECK_NEAR(x2 * f, tn_rng_gauss(&a), 1e-15);
    }
}

static void test_reproducible(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnRng r1, r2;
    tn_rng_seed(&r1, 123);
    tn_rng_seed(&r2, 123);
    int64_t s[] = {4, 5};
    Tensor *a = tn_rng_normal(&ctx, &r1, 0, 1, 2, s);
    Tensor *b = tn_rng_normal(&ctx, &r2, 0, 1, 2, s);
    CHECK_OK(&ctx, a && b);
    CHECK(memcmp(tn_data(a), tn_data(b), 20 * sizeof(double)) == 0);
    tn_free(&ctx, b);
    /* a copied state forks the stream */
    TnRng fork = r1;
    CHECK(tn_rng_u64(&fork) == tn_rng_u64(&r1));
    /* another seed, other numbers */
    tn_rng_seed(&r2, 124);
    CHECK_OK(&ctx, b = tn_rng_normal(&ctx, &r2, 0, 1, 2, s));
    CHECK(memcmp(tn_data(a), tn_data(b), 20 * sizeof(double)) != 0);
    tn_free(&ctx, a);
    tn_free(&ctx, b);
    CHECK_NO_LEAKS();
}

static void moments(const Tensor *t, double *mean, double *var)
{
    double s = 0, ss = 0;
    for (int64_t i = 0; i < t->size; i++)
        s += tn_get_f64(t, i);
    *mean = s / (double)t->size;
    for (int64_t i = 0; i < t->size; i++) {
        double d = tn_get_f64(t, i) - *mean;
        ss += d * d;
    }
    *var = ss / (double)t->size;
}

static void test_random_uniform_stats(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnRng r;
    tn_rng_seed(&r, 1);
    Tensor *t = tn_rng_random(&ctx, &r, 1, shape_n);
    CHECK_OK(&ctx, t);
    double m, v;
    for (int64_t i = 0; i < N; i++)
        CHECK(tn_get_f64(t, i) >= 0.0 && tn_get_f64(t, i) < 1.0);
    moments(t, &m, &v);
    CHECK(fabs(m - 0.5) < 0.0046);
    CHECK(fabs(v - 1.0 / 12) < 0.0012);
    tn_free(&ctx, t);

    CHECK_OK(&ctx, t = tn_rng_uniform(&ctx, &r, -2.0, 3.0, 1, shape_n));
    for (int64_t i = 0; i < N; i++)
        CHECK(tn_get_f64(t, i) >= -2.0 && tn_get_f64(t, i) < 3.0);
    moments(t, &m, &v);
    CHECK(fabs(m - 0.5) < 0.023);
    CHECK(fabs(v - 25.0 / 12) < 0.03);
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_rng_uniform(&ctx, &r, 0, INFINITY, 1, shape_n), TN_ERR_VALUE,
              "uniform: low and high must be finite");
    CHECK_NO_LEAKS();
}

static void test_normal_stats(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnRng r;
    tn_rng_seed(&r, 2);
    Tensor *t = tn_rng_normal(&ctx, &r, 1.0, 2.0, 1, shape_n);
    CHECK_OK(&ctx, t);
    double m, v;
    moments(t, &m, &v);
    CHECK(fabs(m - 1.0) < 0.032);
    CHECK(fabs(v - 4.0) < 0.09);
    /* the shape of the bell: 68.27% within one sd, 95.45% within two */
    int64_t in1 = 0, in2 = 0;
    double skew = 0;
    for (int64_t i = 0; i < N; i++) {
        double z = (tn_get_f64(t, i) - 1.0) / 2.0;
        in1 += fabs(z) < 1;
        in2 += fabs(z) < 2;
        skew += z * z * z;
    }
    CHECK(fabs((double)in1 / N - 0.6827) < 0.0075);
    CHECK(fabs((double)in2 / N - 0.9545) < 0.0033);
    CHECK(fabs(skew / N) < 0.04);
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_rng_normal(&ctx, &r, 0, -1, 1, shape_n), TN_ERR_VALUE,
              "normal: scale (std) must be finite and >= 0");
    /* std 0 is allowed: every value is the mean */
    int64_t s2[] = {2};
    CHECK_OK(&ctx, t = tn_rng_normal(&ctx, &r, 5, 0, 1, s2));
    CHECK_VALUES(t, ((double[]){5, 5}), 0);
    tn_free(&ctx, t);
    CHECK_NO_LEAKS();
}

static void test_integers(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnRng r;
    tn_rng_seed(&r, 3);
    Tensor *t = tn_rng_integers(&ctx, &r, -3, 7, 1, shape_n);
    CHECK_OK(&ctx, t);
    CHECK_INT(TN_I64, t->dtype);
    int64_t count[10] = {0};
    for (int64_t i = 0; i < N; i++) {
        int64_t v = tn_get_i64(t, i);
        CHECK(v >= -3 && v < 7);
        count[v + 3]++;
    }
    /* chi-square with 9 degrees of freedom: 27.9 is its 0.999 quantile */
    double chi = 0, e = N / 10.0;
    for (int i = 0; i < 10; i++)
        chi += (count[i] - e) * (count[i] - e) / e;
    CHECK(chi < 27.9);
    tn_free(&ctx, t);

    /* Unbiased for huge ranges too: with range 3 * 2^62, taking x % range
       would make the lowest third of the range twice as likely. */
    int64_t lo = INT64_MIN, hi = INT64_C(1) << 62;  /* hi - lo = 3 * 2^62 */
    CHECK_OK(&ctx, t = tn_rng_integers(&ctx, &r, lo, hi, 1, shape_n));
    int64_t low_third = 0;
    for (int64_t i = 0; i < N; i++) {
        int64_t v = tn_get_i64(t, i);
        CHECK(v >= lo && v < hi);
        low_third += (uint64_t)v - (uint64_t)lo < (UINT64_C(1) << 62);
    }
    CHECK(fabs((double)low_third / N - 1.0 / 3) < 0.0075);
    tn_free(&ctx, t);

    /* the whole int64 range is allowed, one value ranges too */
    int64_t s4[] = {4};
    CHECK_OK(&ctx, t = tn_rng_integers(&ctx, &r, INT64_MIN, INT64_MAX, 1, s4));
    tn_free(&ctx, t);
    CHECK_OK(&ctx, t = tn_rng_integers(&ctx, &r, 5, 6, 1, s4));
    CHECK_VALUES(t, ((double[]){5, 5, 5, 5}), 0);
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_rng_integers(&ctx, &r, 5, 5, 1, s4), TN_ERR_VALUE,
              "integers: low (5) must be less than high (5)");
    CHECK_NO_LEAKS();
}

static void test_bernoulli(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnRng r;
    tn_rng_seed(&r, 4);
    Tensor *t = tn_rng_bernoulli(&ctx, &r, 0.3, 1, shape_n);
    CHECK_OK(&ctx, t);
    CHECK_INT(TN_BOOL, t->dtype);
    int64_t ones = 0;
    for (int64_t i = 0; i < N; i++)
        ones += tn_get_i64(t, i);
    CHECK(fabs((double)ones / N - 0.3) < 0.0073);
    tn_free(&ctx, t);
    CHECK_ERR(&ctx, tn_rng_bernoulli(&ctx, &r, 1.5, 1, shape_n), TN_ERR_VALUE,
              "bernoulli: p must be between 0 and 1, got 1.5");
    CHECK_NO_LEAKS();
}

static bool all_unique(const Tensor *t, int64_t n)
{
    bool *seen = calloc((size_t)n, 1);
    bool ok = true;
    for (int64_t i = 0; i < t->size && ok; i++) {
        int64_t v = tn_get_i64(t, i);
        ok = v >= 0 && v < n && !seen[v];
        if (ok)
            seen[v] = true;
    }
    free(seen);
    return ok;
}

static void test_choice(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnRng r;
    tn_rng_seed(&r, 5);
    /* with replacement, uniform */
    Tensor *t = tn_rng_choice(&ctx, &r, 4, NULL, 1, shape_n, true, NULL);
    CHECK_OK(&ctx, t);
    int64_t count[4] = {0};
    for (int64_t i = 0; i < N; i++)
        count[tn_get_i64(t, i)]++;
    for (int i = 0; i < 4; i++)
        CHECK(fabs(count[i] / (double)N - 0.25) < 0.007);
    tn_free(&ctx, t);

    /* with replacement, weighted: frequencies follow p, p = 0 never drawn */
    int64_t s4[] = {4};
    Tensor *p = test_tensor(&ctx, TN_F64, 1, s4, (double[]){0.1, 0.0, 0.6, 0.3});
    CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 4, NULL, 1, shape_n, true, p));
    memset(count, 0, sizeof count);
    for (int64_t i = 0; i < N; i++)
        count[tn_get_i64(t, i)]++;
    CHECK_INT(0, count[1]);
    CHECK(fabs(count[0] / (double)N - 0.1) < 0.005);
    CHECK(fabs(count[2] / (double)N - 0.6) < 0.008);
    CHECK(fabs(count[3] / (double)N - 0.3) < 0.008);
    tn_free(&ctx, t);

    /* without replacement: all distinct; all n of n is a permutation */
    int64_t s1[] = {1000}, s30[] = {30}, s3[] = {3};
    CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 1000, NULL, 1, s1, false, NULL));
    CHECK(all_unique(t, 1000));
    tn_free(&ctx, t);
    CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 100, NULL, 1, s30, false, NULL));
    CHECK(all_unique(t, 100));
    tn_free(&ctx, t);
    /* a huge population with a small sample (Floyd's method) */
    int64_t s2000[] = {2000};
    CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 1000000000, NULL, 1, s2000, false, NULL));
    double mean = 0;
    for (int64_t i = 0; i < t->size; i++) {
        int64_t v = tn_get_i64(t, i);
        CHECK(v >= 0 && v < 1000000000);
        for (int64_t j = 0; j < i; j++)
            CHECK(tn_get_i64(t, j) != v);
        mean += (double)v / 2000;
    }
    CHECK(fabs(mean - 5e8) < 5e8 / sqrt(3.0 * 2000) * 5);
    tn_free(&ctx, t);
    /* ... and the sample's order is shuffled, not ascending */
    CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 1000000000, NULL, 1, s30, false, NULL));
    int64_t ascending = 0;
    for (int64_t i = 1; i < 30; i++)
        ascending += tn_get_i64(t, i) > tn_get_i64(t, i - 1);
    CHECK(ascending < 25);
    tn_free(&ctx, t);

    /* weighted without replacement: distinct, zero weight never drawn, and
       the heavy choice comes first most of the time */
    int64_t first_is_2 = 0;
    for (int k = 0; k < 2000; k++) {
        CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 4, NULL, 1, s3, false, p));
        CHECK(all_unique(t, 4));
        for (int i = 0; i < 3; i++)
            CHECK(tn_get_i64(t, i) != 1);
        first_is_2 += tn_get_i64(t, 0) == 2;
        tn_free(&ctx, t);
    }
    CHECK(fabs(first_is_2 / 2000.0 - 0.6) < 0.06);

    /* from a tensor: rows along axis 0 */
    int64_t s32[] = {3, 2}, s5[] = {5};
    Tensor *a = test_tensor(&ctx, TN_I32, 2, s32, (double[]){0, 1, 10, 11, 20, 21});
    CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 0, a, 1, s5, true, NULL));
    CHECK_SHAPE(t, 2, 5, 2);
    CHECK_INT(TN_I32, t->dtype);
    for (int i = 0; i < 5; i++) {
        int64_t v0 = tn_get_i64(t, 2 * i), v1 = tn_get_i64(t, 2 * i + 1);
        CHECK(v0 % 10 == 0 && v1 == v0 + 1 && v0 <= 20);
    }
    tn_free(&ctx, t);
    /* one sample (size of ndim 0) */
    CHECK_OK(&ctx, t = tn_rng_choice(&ctx, &r, 0, a, 0, NULL, true, NULL));
    CHECK_SHAPE(t, 1, 2);
    tn_free(&ctx, t);
    tn_free(&ctx, a);

    /* errors */
    CHECK_ERR(&ctx, tn_rng_choice(&ctx, &r, 3, NULL, 1, s4, false, NULL), TN_ERR_VALUE,
              "choice: cannot take 4 samples from 3 without replacement");
    CHECK_ERR(&ctx, tn_rng_choice(&ctx, &r, 0, NULL, 1, s4, true, NULL), TN_ERR_VALUE,
              "choice: cannot take samples from an empty population");
    CHECK_ERR(&ctx, tn_rng_choice(&ctx, &r, 5, NULL, 1, s4, true, p), TN_ERR_SHAPE,
              "choice: p must be 1-D with one probability per choice (5), got f64[4]");
    CHECK_ERR(&ctx, tn_rng_choice(&ctx, &r, 4, NULL, 1, s4, false, p), TN_ERR_VALUE,
              "choice: only 3 entries of p are non-zero, fewer than the 4 samples");
    tn_set_f64(p, 0, 0.2);
    CHECK_ERR(&ctx, tn_rng_choice(&ctx, &r, 4, NULL, 1, s4, true, p), TN_ERR_VALUE,
              "choice: probabilities must sum to 1, p sums to 1.1");
    tn_set_f64(p, 0, -0.1);
    CHECK_ERR(&ctx, tn_rng_choice(&ctx, &r, 4, NULL, 1, s4, true, p), TN_ERR_VALUE,
              "choice: probabilities must be finite and >= 0, p[0] is -0.1");
    tn_free(&ctx, p);
    CHECK_NO_LEAKS();
}

static void test_permutation_shuffle(void)
{
    TnCtx ctx;
    test_ctx(&ctx);
    TnRng r;
    tn_rng_seed(&r, 6);
    Tensor *t = tn_rng_permutation(&ctx, &r, 50, NULL);
    CHECK_OK(&ctx, t);
    CHECK_SHAPE(t, 1, 50);
    CHECK(all_unique(t, 50));
    int64_t fixed = 0;
    for (int i = 0; i < 50; i++)
        fixed += tn_get_i64(t, i) == i;
    CHECK(fixed < 8);
    tn_free(&ctx, t);

    /* all 6 orders of 3 items equally likely */
    int64_t count[6] = {0};
    for (int k = 0; k < 60000; k++) {
        CHECK_OK(&ctx, t = tn_rng_permutation(&ctx, &r, 3, NULL));
        int64_t a = tn_get_i64(t, 0), b = tn_get_i64(t, 1);
        count[a * 2 + (b > (a == 0 ? 1 : 0) ? 1 : 0)]++;
        tn_free(&ctx, t);
    }
    double chi = 0;
    for (int i = 0; i < 6; i++)
        chi += (count[i] - 10000.0) * (count[i] - 10000.0) / 10000.0;
    CHECK(chi < 20.5);  /* 0.999 quantile of chi-square(5) */

    /* a shuffled copy of a matrix keeps its rows whole; the input is kept */
    int64_t s42[] = {4, 2};
    Tensor *m = test_tensor(&ctx, TN_F64, 2, s42, (double[]){0, 1, 10, 11, 20, 21, 30, 31});
    CHECK_OK(&ctx, t = tn_rng_permutation(&ctx, &r, 0, m));
    CHECK_SHAPE(t, 2, 4, 2);
    int seen = 0;
    for (int i = 0; i < 4; i++) {
        double v0 = tn_get_f64(t, 2 * i);
        CHECK(tn_get_f64(t, 2 * i + 1) == v0 + 1);
        seen |= 1 << (int)(v0 / 10);
    }
    CHECK_INT(15, seen);
    CHECK_VALUES(m, ((double[]){0, 1, 10, 11, 20, 21, 30, 31}), 0);
    tn_free(&ctx, t);

    /* shuffle in place through a transposed view: the view's rows are m's
       columns, so each of m's rows stays a set {10k, 10k+1} */
    int64_t vshape[] = {2, 4}, vstrides[] = {8, 16};
    Tensor *v = tn_view_as(&ctx, m, 2, vshape, vstrides, m->offset);
    CHECK_OK(&ctx, v);
    bool swapped = false;
    for (int k = 0; k < 20; k++) {
        CHECK(tn_rng_shuffle(&ctx, &r, v));
        for (int i = 0; i < 4; i++) {
            double a = tn_get_f64(m, 2 * i), b = tn_get_f64(m, 2 * i + 1);
            CHECK(fmin(a, b) == 10 * i && fmax(a, b) == 10 * i + 1);
            swapped |= a > b;
        }
    }
    CHECK(swapped);
    tn_free(&ctx, v);
    tn_free(&ctx, m);

    Tensor *z = tn_scalar_f64(&ctx, 1.0, false);
    CHECK_ERR(&ctx, tn_rng_shuffle(&ctx, &r, z), TN_ERR_SHAPE,
              "shuffle: x must have at least one dimension");
    tn_free(&ctx, z);
    CHECK_ERR(&ctx, tn_rng_permutation(&ctx, &r, -1, NULL), TN_ERR_VALUE,
              "permutation: n must be >= 0, got -1");
    CHECK_NO_LEAKS();
}

/* Every allocation refused in turn: clean failures, no leaks. */
static void test_out_of_memory(void)
{
    TnCtx ctx;
    int64_t s3[] = {3}, s2[] = {2, 2};
    for (int which = 0; which < 4; which++)
        for (long long n = 1; n < 12; n++) {
            test_ctx(&ctx);
            TnRng r;
            tn_rng_seed(&r, 9);
            Tensor *p = test_tensor(&ctx, TN_F64, 1, (int64_t[]){4}, (double[]){0.1, 0.2, 0.3, 0.4});
            Tensor *a = test_tensor(&ctx, TN_I32, 2, s2, (double[]){1, 2, 3, 4});
            test_alloc_state.fail_at = test_alloc_state.nallocs + n;
            Tensor *t = NULL;
            switch (which) {
            case 0: t = tn_rng_choice(&ctx, &r, 4, NULL, 1, s3, false, p); break;
            case 1: t = tn_rng_choice(&ctx, &r, 1000000000, NULL, 1, s3, false, NULL); break;
            case 2: t = tn_rng_choice(&ctx, &r, 0, a, 1, s3, true, NULL); break;
            default: t = tn_rng_permutation(&ctx, &r, 0, a); break;
            }
            test_alloc_state.fail_at = 0;
            if (!t)
                CHECK_INT(TN_ERR_MEMORY, ctx.err);
            tn_free(&ctx, t);
            tn_free(&ctx, a);
            tn_free(&ctx, p);
            CHECK_NO_LEAKS();
        }
}

int main(void)
{
    test_stream_matches_numpy();
    test_fixed_values();
    test_polar_log_accuracy();
    test_reproducible();
    test_random_uniform_stats();
    test_normal_stats();
    test_integers();
    test_bernoulli();
    test_choice();
    test_permutation_shuffle();
    test_out_of_memory();
    printf("test_random: all passed\n");
    return 0;
}
