/*
 * random.h - a seeded random generator and the distributions of NumPy's
 * Generator: random, uniform, normal, integers, choice, permutation,
 * shuffle, bernoulli.
 *
 * The generator is PCG64 (a 128-bit linear congruential state, output by
 * the XSL-RR permutation), seeded from a u64 through NumPy's SeedSequence,
 * so the raw 64-bit stream, random() and uniform() equal NumPy's
 * np.random.default_rng(seed) exactly.  normal, integers, choice,
 * permutation and shuffle use their own documented methods (Marsaglia's
 * polar method, Lemire's unbiased bounded integers, Fisher-Yates), so their
 * values differ from NumPy's while having the same distributions.
 *
 * Reproducibility: everything is integer arithmetic or IEEE-754 +, -, *, /
 * and sqrt, which round the same everywhere; the one transcendental (the
 * log in the polar method) is computed here rather than by libm, whose last
 * bit varies between platforms.  So a seed gives the same numbers on every
 * machine, compiler and build.
 *
 * A TnRng is plain data: copy it to fork a stream, no allocation, no
 * global state.  The draws that can fail take a TnCtx and return NULL (or
 * false) with a message.
 */
#ifndef NABLA_RANDOM_H
#define NABLA_RANDOM_H

#include "tensor.h"

typedef struct TnRng {
    uint64_t state_hi, state_lo;    /* the 128-bit LCG state */
    uint64_t inc_hi, inc_lo;        /* the odd 128-bit increment (the stream) */
    bool has_gauss;                 /* the polar method makes normals in pairs */
    double gauss;
} TnRng;

void tn_rng_seed(TnRng *rng, uint64_t seed);

/* Scalar draws. */
uint64_t tn_rng_u64(TnRng *rng);
double tn_rng_double(TnRng *rng);               /* [0, 1), top 53 bits */
uint64_t tn_rng_below(TnRng *rng, uint64_t n);  /* [0, n), unbiased; n >= 1 */
double tn_rng_gauss(TnRng *rng);                /* standard normal */

/* f64 tensors of the given shape. */
Tensor *tn_rng_random(TnCtx *ctx, TnRng *rng, int ndim, const int64_t *shape);
/* lo + (hi - lo) * random(), as NumPy; hi < lo is allowed. */
Tensor *tn_rng_uniform(TnCtx *ctx, TnRng *rng, double lo, double hi, int ndim,
                       const int64_t *shape);
Tensor *tn_rng_normal(TnCtx *ctx, TnRng *rng, double mean, double std, int ndim,
                      const int64_t *shape);
/* i64 in [lo, hi). */
Tensor *tn_rng_integers(TnCtx *ctx, TnRng *rng, int64_t lo, int64_t hi, int ndim,
                        const int64_t *shape);
/* bool, true with probability p. */
Tensor *tn_rng_bernoulli(TnCtx *ctx, TnRng *rng, double p, int ndim, const int64_t *shape);

/* Samples from range(n) (a NULL) or from the rows of a along axis 0: the
   result has shape size + a.shape[1:] (i64 indices when a is NULL; a 0-d a
   counts as n = its value, as in NumPy).  size of ndim 0 draws one sample.
   p (may be NULL) gives the probability of each of the n choices. */
Tensor *tn_rng_choice(TnCtx *ctx, TnRng *rng, int64_t n, const Tensor *a, int size_ndim,
                      const int64_t *size, bool replace, const Tensor *p);
/* A shuffled arange(n) (a NULL), or a shuffled copy of a along axis 0. */
Tensor *tn_rng_permutation(TnCtx *ctx, TnRng *rng, int64_t n, const Tensor *a);
/* Shuffles x in place along axis 0 (through views too). */
bool tn_rng_shuffle(TnCtx *ctx, TnRng *rng, Tensor *x);

#endif
