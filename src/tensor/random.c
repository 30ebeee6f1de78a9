/*
 * random.c - PCG64 seeded like NumPy, and the distributions built on it.
 *
 * See random.h for what matches NumPy bit for bit and what is our own.
 */

/* Same seed, same numbers on every machine: a fused multiply-add rounds
   once where a * b + c rounds twice, so contraction is switched off for
   this file whatever the target. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "random.h"

#include <math.h>
#include <string.h>

/* ---- 128-bit arithmetic on pairs of u64 */
static inline void mul_64x64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
#ifdef __SIZEOF_INT128__
    __extension__ typedef unsigned __int128 U128;
    U128 p = (U128)a * b;
    *hi = (uint64_t)(p >> 64);
    *lo = (uint64_t)p;
#else
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

/* PCG's default 128-bit multiplier. */
#define PCG_MULT_HI 0x2360ed051fc65da4ULL
#define PCG_MULT_LO 0x4385df649fccf645ULL

/* state = state * MULT + inc (mod 2^128) */
static inline void pcg_step(TnRng *r)
{
    uint64_t hi, lo;
    mul_64x64(r->state_lo, PCG_MULT_LO, &hi, &lo);
    hi += r->state_hi * PCG_MULT_LO + r->state_lo * PCG_MULT_HI;
    lo += r->inc_lo;
    hi += r->inc_hi + (lo < r->inc_lo);
    r->state_hi = hi;
    r->state_lo = lo;
}

uint64_t tn_rng_u64(TnRng *r)
{
    /* XSL-RR: xor the halves, rotate by the top 6 bits (step first, then
       output the new state, as PCG's 128-bit generators do). */
    pcg_step(r);
    uint64_t v = r->state_hi ^ r->state_lo;
    unsigned rot = (unsigned)(r->state_hi >> 58);
    return (v >> rot) | (v << ((64 - rot) & 63));
}

/* ---- seeding: NumPy's SeedSequence (pool of 4 u32 words, hashmix) */
#define SS_INIT_A 0x43b0d7e5u
#define SS_MULT_A 0x931e8875u
#define SS_INIT_B 0x8b51f9ddu
#define SS_MULT_B 0x58f38dedu
#define SS_MIX_MULT_L 0xca01f9ddu
#define SS_MIX_MULT_R 0x4973f715u
#define SS_POOL 4

static uint32_t ss_hashmix(uint32_t value, uint32_t *hash_const)
{
    value ^= *hash_const;
    *hash_const *= SS_MULT_A;
    value *= *hash_const;
    value ^= value >> 16;
    return value;
}

static uint32_t ss_mix(uint32_t x, uint32_t y)
{
    uint32_t r = SS_MIX_MULT_L * x - SS_MIX_MULT_R * y;
    return r ^ (r >> 16);
}

void tn_rng_seed(TnRng *r, uint64_t seed)
{
    /* The seed as NumPy sees an int: little-endian u32 words, no leading
       zero word (0 is one word). */
    uint32_t entropy[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    int nent = entropy[1] ? 2 : 1;
    uint32_t pool[SS_POOL], hc = SS_INIT_A;
    for (int i = 0; i < SS_POOL; i++)
        pool[i] = ss_hashmix(i < nent ? entropy[i] : 0, &hc);
    for (int src = 0; src < SS_POOL; src++)
        for (int dst = 0; dst < SS_POOL; dst++)
            if (src != dst)
                pool[dst] = ss_mix(pool[dst], ss_hashmix(pool[src], &hc));
    /* generate_state(4, uint64): 8 words cycling over the pool */
    uint32_t words[8];
    hc = SS_INIT_B;
    for (int i = 0; i < 8; i++) {
        uint32_t v = pool[i % SS_POOL];
        v ^= hc;
        hc *= SS_MULT_B;
        v *= hc;
        v ^= v >> 16;
        words[i] = v;
    }
    uint64_t s[4];
    for (int i = 0; i < 4; i++)
        s[i] = (uint64_t)words[2 * i] | (uint64_t)words[2 * i + 1] << 32;
    /* pcg64_set_seed: state s0:s1, stream s2:s3; then srandom: state 0,
       inc = stream * 2 + 1, step, add the state, step. */
    r->inc_hi = (s[2] << 1) | (s[3] >> 63);
    r->inc_lo = (s[3] << 1) | 1u;
    r->state_hi = 0;
    r->state_lo = 0;
    pcg_step(r);
    uint64_t lo = r->state_lo + s[1];
    r->state_hi += s[0] + (lo < s[1]);
    r->state_lo = lo;
    pcg_step(r);
    r->has_gauss = false;
    r->gauss = 0.0;
}

double tn_rng_double(TnRng *r)
{
    return (double)(tn_rng_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Lemire's method: the high word of x * n is uniform over [0, n) once the
   few low words that would bias it (lo < 2^64 mod n) are rejected. */
uint64_t tn_rng_below(TnRng *r, uint64_t n)
{
    uint64_t hi, lo;
    mul_64x64(tn_rng_u64(r), n, &hi, &lo);
    if (lo < n) {
        uint64_t threshold = (0 - n) % n;
        while (lo < threshold)
            mul_64x64(tn_rng_u64(r), n, &hi, &lo);
    }
    return hi;
}

/* log(x) for finite x > 0 from +, -, *, / alone, so every platform gets
   the same bits: x = 2^k * (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)),
   log(1 + f) = 2 atanh(s) with s = f / (2 + f), through the minimax
   polynomial of fdlibm's log (error below 1 ulp). */
static double det_log(double x)
{
    static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    static const double lg1 = 6.666666666666735130e-01, lg2 = 3.999999999940941908e-01,
                        lg3 = 2.857142874366239149e-01, lg4 = 2.222219843214978396e-01,
                        lg5 = 1.818357216161805012e-01, lg6 = 1.531383769920937332e-01,
                        lg7 = 1.479819860511658591e-01;
    int k;
    double m = frexp(x, &k);        /* exact: m in [0.5, 1) */
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        k -= 1;
    }
    double f = m - 1.0, s = f / (2.0 + f), z = s * s, w = z * z;
    double t1 = w * (lg2 + w * (lg4 + w * lg6));
    double t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
    double hfsq = 0.5 * f * f, dk = (double)k;
    return dk * ln2_hi - ((hfsq - (s * (hfsq + t1 + t2) + dk * ln2_lo)) - f);
}

/* Marsaglia's polar method: a point uniform in the unit disc gives two
   independent normals; the second is kept for the next call. */
double tn_rng_gauss(TnRng *r)
{
    if (r->has_gauss) {
        r->has_gauss = false;
        return r->gauss;
    }
    double x1, x2, s;
    do {
        x1 = 2.0 * tn_rng_double(r) - 1.0;
        x2 = 2.0 * tn_rng_double(r) - 1.0;
        s = x1 * x1 + x2 * x2;
    } while (s >= 1.0 || s == 0.0);
    double f = sqrt(-2.0 * det_log(s) / s);
    r->gauss = x2 * f;
    r->has_gauss = true;
    return x1 * f;
}

/* ---- tensors of draws */
static Tensor *new_f64(TnCtx *ctx, int ndim, const int64_t *shape)
{
    return tn_empty(ctx, TN_F64, ndim, shape);
}

Tensor *tn_rng_random(TnCtx *ctx, TnRng *rng, int ndim, const int64_t *shape)
{
    Tensor *t = new_f64(ctx, ndim, shape);
    if (!t)
        return NULL;
    double *d = tn_data(t);
    for (int64_t i = 0; i < t->size; i++)
        d[i] = tn_rng_double(rng);
    return t;
}

Tensor *tn_rng_uniform(TnCtx *ctx, TnRng *rng, double lo, double hi, int ndim,
                       const int64_t *shape)
{
    double scale = hi - lo;
    if (!isfinite(lo) || !isfinite(hi) || !isfinite(scale))
        return tn_fail(ctx, TN_ERR_VALUE, "uniform: low and high must be finite with a finite "
                       "difference, got low=%g high=%g", lo, hi);
    Tensor *t = new_f64(ctx, ndim, shape);
    if (!t)
        return NULL;
    double *d = tn_data(t);
    for (int64_t i = 0; i < t->size; i++)
        d[i] = lo + scale * tn_rng_double(rng);
    return t;
}

Tensor *tn_rng_normal(TnCtx *ctx, TnRng *rng, double mean, double std, int ndim,
                      const int64_t *shape)
{
    if (!(std >= 0.0) || !isfinite(std) || !isfinite(mean))
        return tn_fail(ctx, TN_ERR_VALUE, "normal: scale (std) must be finite and >= 0 and loc "
                       "finite, got loc=%g scale=%g", mean, std);
    Tensor *t = new_f64(ctx, ndim, shape);
    if (!t)
        return NULL;
    double *d = tn_data(t);
    for (int64_t i = 0; i < t->size; i++)
        d[i] = mean + std * tn_rng_gauss(rng);
    return t;
}

Tensor *tn_rng_integers(TnCtx *ctx, TnRng *rng, int64_t lo, int64_t hi, int ndim,
                        const int64_t *shape)
{
    if (lo >= hi) {
        tn_fail(ctx, TN_ERR_VALUE, "integers: low (%lld) must be less than high (%lld)",
                (long long)lo, (long long)hi);
        tn_hint(ctx, "high is excluded: integers(0, 10) draws from 0 to 9");
        return NULL;
    }
    Tensor *t = tn_empty(ctx, TN_I64, ndim, shape);
    if (!t)
        return NULL;
    int64_t *d = tn_data(t);
    uint64_t range = (uint64_t)hi - (uint64_t)lo;   /* up to 2^64 - 1, no overflow */
    for (int64_t i = 0; i < t->size; i++)
        d[i] = (int64_t)((uint64_t)lo + tn_rng_below(rng, range));
    return t;
}

Tensor *tn_rng_bernoulli(TnCtx *ctx, TnRng *rng, double p, int ndim, const int64_t *shape)
{
    if (!(p >= 0.0 && p <= 1.0))
        return tn_fail(ctx, TN_ERR_VALUE, "bernoulli: p must be between 0 and 1, got %g", p);
    Tensor *t = tn_empty(ctx, TN_BOOL, ndim, shape);
    if (!t)
        return NULL;
    bool *d = tn_data(t);
    for (int64_t i = 0; i < t->size; i++)
        d[i] = tn_rng_double(rng) < p;
    return t;
}

/* ---- shuffling */

/* Swaps rows i and j (sub-tensors along axis 0) of x, strided or not. */
static void swap_rows(Tensor *x, int64_t i, int64_t j)
{
    size_t es = tn_dtype_size(x->dtype);
    char *base = tn_data(x);
    char *ri = base + i * x->strides[0], *rj = base + j * x->strides[0];
    int64_t inner = 1;
    for (int d = 1; d < x->ndim; d++)
        inner *= x->shape[d];
    /* odometer over the remaining dims */
    int64_t idx[TN_MAX_DIMS] = {0};
    int64_t off = 0;
    for (int64_t n = 0; n < inner; n++) {
        char tmp[8];
        memcpy(tmp, ri + off, es);
        memcpy(ri + off, rj + off, es);
        memcpy(rj + off, tmp, es);
        for (int d = x->ndim - 1; d >= 1; d--) {
            off += x->strides[d];
            if (++idx[d] < x->shape[d])
                break;
            off -= x->strides[d] * x->shape[d];
            idx[d] = 0;
        }
    }
}

/* Fisher-Yates from the last row down, as NumPy's shuffle. */
static void shuffle_rows(TnRng *rng, Tensor *x)
{
    for (int64_t i = x->shape[0] - 1; i > 0; i--) {
        int64_t j = (int64_t)tn_rng_below(rng, (uint64_t)i + 1);
        if (j != i)
            swap_rows(x, i, j);
    }
}

bool tn_rng_shuffle(TnCtx *ctx, TnRng *rng, Tensor *x)
{
    if (x->ndim == 0) {
        tn_fail(ctx, TN_ERR_SHAPE, "shuffle: x must have at least one dimension, got a 0-d "
                "tensor");
        return false;
    }
    if (x->readonly) {
        tn_fail(ctx, TN_ERR_VALUE, "shuffle: x is read-only (a broadcast view)");
        tn_hint(ctx, "shuffle a copy: x = copy(x)");
        return false;
    }
    if (x->size > 0)
        shuffle_rows(rng, x);
    return true;
}

static Tensor *arange_i64(TnCtx *ctx, int64_t n)
{
    Tensor *t = tn_empty(ctx, TN_I64, 1, &n);
    if (!t)
        return NULL;
    int64_t *d = tn_data(t);
    for (int64_t i = 0; i < n; i++)
        d[i] = i;
    return t;
}

Tensor *tn_rng_permutation(TnCtx *ctx, TnRng *rng, int64_t n, const Tensor *a)
{
    Tensor *t;
    if (a && a->ndim == 0)
        return tn_rng_permutation(ctx, rng, tn_get_i64(a, 0), NULL);
    if (a) {
        t = tn_copy(ctx, a);
    } else {
        if (n < 0)
            return tn_fail(ctx, TN_ERR_VALUE, "permutation: n must be >= 0, got %lld",
                           (long long)n);
        t = arange_i64(ctx, n);
    }
    if (t && t->size > 0)
        shuffle_rows(rng, t);
    return t;
}

/* ---- choice */

/* Checks p against n choices and returns its cumulative sums normalised to
   end at 1 (n doubles, caller frees), or NULL with an error. */
static double *choice_cdf(TnCtx *ctx, const Tensor *p, int64_t n)
{
    if (p->ndim != 1 || p->shape[0] != n) {
        char s[128];
        tn_shape_str(s, sizeof s, p->dtype, p->ndim, p->shape);
        return tn_fail(ctx, TN_ERR_SHAPE, "choice: p must be 1-D with one probability per "
                       "choice (%lld), got %s", (long long)n, s);
    }
    double *cdf = tn_mem_alloc(ctx, (size_t)n * sizeof(double));
    if (!cdf)
        return NULL;
    double acc = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double v = tn_get_f64(p, i);
        if (!(v >= 0.0) || !isfinite(v)) {
            tn_mem_free(ctx, cdf, (size_t)n * sizeof(double));
            return tn_fail(ctx, TN_ERR_VALUE, "choice: probabilities must be finite and >= 0, "
                           "p[%lld] is %g", (long long)i, v);
        }
        acc += v;
        cdf[i] = acc;
    }
    /* NumPy's tolerance: sqrt(machine epsilon) */
    if (!(fabs(acc - 1.0) <= 1.4901161193847656e-08)) {
        tn_mem_free(ctx, cdf, (size_t)n * sizeof(double));
        tn_fail(ctx, TN_ERR_VALUE, "choice: probabilities must sum to 1, p sums to %.17g", acc);
        tn_hint(ctx, "normalise the weights first: p = w / sum(w)");
        return NULL;
    }
    for (int64_t i = 0; i < n; i++)
        cdf[i] /= acc;
    return cdf;
}

/* The first index whose cdf exceeds u (searchsorted side='right'). */
static int64_t cdf_search(const double *cdf, int64_t n, double u)
{
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (cdf[mid] <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n ? lo : n - 1;
}

/* Without replacement, weighted: rounds of draws from the remaining
   weights, keeping each round's first occurrences (NumPy's method). */
static bool choice_weighted_unique(TnCtx *ctx, TnRng *rng, const Tensor *p, int64_t n,
                                   int64_t *out, int64_t size)
{
    int64_t nonzero = 0;
    for (int64_t i = 0; i < n; i++)
        nonzero += tn_get_f64(p, i) > 0;
    if (nonzero < size) {
        tn_fail(ctx, TN_ERR_VALUE, "choice: only %lld entries of p are non-zero, fewer than the "
                "%lld samples asked for without replacement", (long long)nonzero,
                (long long)size);
        return false;
    }
    size_t bytes = (size_t)n * (2 * sizeof(double) + 1);
    char *mem = tn_mem_alloc(ctx, bytes);
    if (!mem)
        return false;
    double *w = (double *)mem, *cdf = w + n;
    bool *taken = (bool *)(cdf + n);
    for (int64_t i = 0; i < n; i++) {
        w[i] = tn_get_f64(p, i);
        taken[i] = false;
    }
    int64_t found = 0;
    while (found < size) {
        double acc = 0.0;
        for (int64_t i = 0; i < n; i++) {
            acc += taken[i] ? 0.0 : w[i];
            cdf[i] = acc;
        }
        for (int64_t i = 0; i < n; i++)
            cdf[i] /= acc;
        /* A zero weight never wins a search (its cdf step is empty), so
           only repeats within the round need skipping. */
        int64_t want = size - found;
        for (int64_t d = 0; d < want; d++) {
            int64_t pick = cdf_search(cdf, n, tn_rng_double(rng));
            if (!taken[pick]) {
                taken[pick] = true;
                out[found++] = pick;
            }
        }
    }
    tn_mem_free(ctx, mem, bytes);
    return true;
}

/* Without replacement, uniform.  A partial Fisher-Yates over range(n) when
   n is small next to the sample, else Floyd's algorithm, which needs memory
   for the sample only (choice(10**9, 3, replace=False) stays cheap). */
static bool choice_uniform_unique(TnCtx *ctx, TnRng *rng, int64_t n, int64_t *out, int64_t size)
{
    if (n <= 10000 || n / 50 <= size) {
        size_t bytes = (size_t)n * sizeof(int64_t);
        int64_t *idx = tn_mem_alloc(ctx, bytes);
        if (!idx)
            return false;
        for (int64_t i = 0; i < n; i++)
            idx[i] = i;
        for (int64_t i = 0; i < size; i++) {
            int64_t j = i + (int64_t)tn_rng_below(rng, (uint64_t)(n - i));
            int64_t t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            out[i] = idx[i];
        }
        tn_mem_free(ctx, idx, bytes);
        return true;
    }
    /* Floyd: for j in n-size..n-1 take t = below(j + 1), or j itself when t
       is already in; the set is an open-addressed table of at least
       2 * size slots. */
    size_t cap = 16;
    while (cap < (size_t)size * 2)
        cap *= 2;
    int64_t *set = tn_mem_alloc(ctx, cap * sizeof(int64_t));
    if (!set)
        return false;
    for (size_t i = 0; i < cap; i++)
        set[i] = -1;
    int64_t k = 0;
    for (int64_t j = n - size; j < n; j++) {
        int64_t t = (int64_t)tn_rng_below(rng, (uint64_t)j + 1);
        for (int pass = 0; pass < 2; pass++) {
            size_t h = (size_t)(((uint64_t)t * 0x9e3779b97f4a7c15ULL) >> 20) & (cap - 1);
            while (set[h] != -1 && set[h] != t)
                h = (h + 1) & (cap - 1);
            if (set[h] == -1) {
                set[h] = t;
                out[k++] = t;
                break;
            }
            t = j;  /* t was taken: j cannot have been (all earlier draws are < j) */
        }
    }
    tn_mem_free(ctx, set, cap * sizeof(int64_t));
    /* Floyd's set is uniform but its order is not: shuffle it. */
    for (int64_t i = size - 1; i > 0; i--) {
        int64_t j = (int64_t)tn_rng_below(rng, (uint64_t)i + 1);
        int64_t t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
    return true;
}

Tensor *tn_rng_choice(TnCtx *ctx, TnRng *rng, int64_t n, const Tensor *a, int size_ndim,
                      const int64_t *size, bool replace, const Tensor *p)
{
    if (a && a->ndim == 0) {
        n = tn_get_i64(a, 0);
        a = NULL;
    }
    if (a)
        n = a->shape[0];
    if (n < 0)
        return tn_fail(ctx, TN_ERR_VALUE, "choice: the population size must be >= 0, got %lld",
                       (long long)n);
    if (size_ndim < 0 || size_ndim > TN_MAX_DIMS)
        return tn_fail(ctx, TN_ERR_VALUE, "choice: size must have 0 to %d dimensions",
                       TN_MAX_DIMS);
    Tensor *idx = tn_empty(ctx, TN_I64, size_ndim, size);
    if (!idx)
        return NULL;
    int64_t count = idx->size;
    int64_t *out = tn_data(idx);
    double *cdf = NULL;
    if (count > 0 && n == 0) {
        tn_fail(ctx, TN_ERR_VALUE, "choice: cannot take samples from an empty population");
        goto fail;
    }
    if (!replace && count > n) {
        tn_fail(ctx, TN_ERR_VALUE, "choice: cannot take %lld samples from %lld without "
                "replacement", (long long)count, (long long)n);
        tn_hint(ctx, "pass replace=True to allow repeats");
        goto fail;
    }
    if (p && !(cdf = choice_cdf(ctx, p, n)))
        goto fail;
    if (replace) {
        for (int64_t i = 0; i < count; i++)
            out[i] = cdf ? cdf_search(cdf, n, tn_rng_double(rng))
                         : (int64_t)tn_rng_below(rng, (uint64_t)n);
    } else if (count > 0) {
        bool ok = p ? choice_weighted_unique(ctx, rng, p, n, out, count)
                    : choice_uniform_unique(ctx, rng, n, out, count);
        if (!ok)
            goto fail;
    }
    if (cdf)
        tn_mem_free(ctx, cdf, (size_t)n * sizeof(double));
    if (!a)
        return idx;

    /* Gather rows of a: shape size + a.shape[1:]. */
    if (size_ndim + a->ndim - 1 > TN_MAX_DIMS) {
        tn_free(ctx, idx);
        return tn_fail(ctx, TN_ERR_SHAPE, "choice: the result would have more than %d "
                       "dimensions", TN_MAX_DIMS);
    }
    int64_t shape[TN_MAX_DIMS];
    if (size_ndim > 0)
        memcpy(shape, size, (size_t)size_ndim * sizeof *shape);
    memcpy(shape + size_ndim, a->shape + 1, (size_t)(a->ndim - 1) * sizeof *shape);
    Tensor *ac = tn_contiguous(ctx, a);
    Tensor *res = ac ? tn_empty(ctx, a->dtype, size_ndim + a->ndim - 1, shape) : NULL;
    if (res) {
        size_t row = tn_dtype_size(a->dtype);
        for (int d = 1; d < a->ndim; d++)
            row *= (size_t)a->shape[d];
        for (int64_t i = 0; i < count; i++)
            memcpy((char *)tn_data(res) + (size_t)i * row,
                   (const char *)tn_data(ac) + (size_t)out[i] * row, row);
    }
    tn_free(ctx, ac);
    tn_free(ctx, idx);
    return res;
fail:
    if (cdf)
        tn_mem_free(ctx, cdf, (size_t)n * sizeof(double));
    tn_free(ctx, idx);
    return NULL;
}
