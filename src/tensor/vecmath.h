/*
 * vecmath.h - exp written so that the compiler vectorises it (no table
 * lookups, no branches, no calls): libm's exp is a call per element, which
 * no loop can vectorise, and exp over a big tensor is common in ML (softmax,
 * sigmoid, likelihoods).
 *
 * exp(x) = 2^k * exp(r), k = round(x / ln 2), r = x - k ln 2 in
 * [-ln2/2, ln2/2], exp(r) by its Taylor series to degree 13 (truncation
 * below 0.03 ulp); error under 1 ulp in tests against libm.  2^k is built
 * from exponent bits in two halves so that results that underflow to
 * subnormals come out right.  NaN propagates, exp(+big) is inf, exp(-big) 0.
 */
#ifndef NABLA_TENSOR_VECMATH_H
#define NABLA_TENSOR_VECMATH_H

#include <stdint.h>
#include <string.h>

/*
 * Contiguous loops, dispatched at run time: on x86-64 to AVX-512 or AVX2
 * builds of the code below (baseline SSE2 cannot vectorise its 64-bit
 * integer steps, so there libm's exp is faster); elsewhere the plain build,
 * which NEON and the like vectorise.
 */
void tn_vexp_f64(double *out, const double *in, int64_t n);
void tn_vexp_f32(float *out, const float *in, int64_t n);
void tn_vsigmoid_f64(double *out, const double *in, int64_t n);
void tn_vsigmoid_f32(float *out, const float *in, int64_t n);

static inline double tn_bits_to_f64(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static inline uint64_t tn_f64_to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/*
 * c ? a : b computed on bits.  A plain ?: with a constant arm lets GCC split
 * the loop into paths (the result is known on the clamped one), and a loop
 * with paths is not vectorised.
 */
static inline double tn_select(int c, double a, double b)
{
    uint64_t m = (uint64_t)0 - (uint64_t)(c != 0);
    return tn_bits_to_f64((tn_f64_to_bits(a) & m) | (tn_f64_to_bits(b) & ~m));
}

/* Polynomial degree: 13 for double results, 7 is enough for float ones. */
static inline double tn_exp_poly(double r, int degree)
{
    double p;
    if (degree > 7) {
        p = 1.0 / 6227020800.0;               /* 1/13! */
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
    } else {
        p = 1.0 / 5040.0;
    }
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    /* 1 + r + r^2 p, adding the small terms first */
    return 1.0 + (r + r * r * p);
}

static inline double tn_exp_core(double x, int degree)
{
    const double shifter = 6755399441055744.0;    /* 1.5 * 2^52: rounds to an integer */
    const double inv_ln2 = 1.4426950408889634;
    const double ln2_hi = 6.93147180369123816490e-01;  /* low bits zero: k * ln2_hi is exact */
    const double ln2_lo = 1.90821492927058770002e-10;
    /* clamp so k stays small; NaN fails both tests and flows through */
    double xc = tn_select(x < -750.0, -750.0, x);
    xc = tn_select(xc > 710.0, 710.0, xc);
    double kd = xc * inv_ln2 + shifter;
    int64_t k = (int64_t)(tn_f64_to_bits(kd) - tn_f64_to_bits(shifter));
    kd -= shifter;
    double r = xc - kd * ln2_hi - kd * ln2_lo;
    double p = tn_exp_poly(r, degree);
    /* halves of k through the shifter too: 64-bit integer division or
       arithmetic shifts do not vectorise before AVX-512 */
    int64_t k1 = (int64_t)(tn_f64_to_bits(kd * 0.5 + shifter) - tn_f64_to_bits(shifter));
    int64_t k2 = k - k1;
    double s1 = tn_bits_to_f64((uint64_t)(k1 + 1023) << 52);
    double s2 = tn_bits_to_f64((uint64_t)(k2 + 1023) << 52);
    return p * s1 * s2;
}

static inline double tn_exp_f64(double x)
{
    return tn_exp_core(x, 13);
}

static inline float tn_exp_f32(float x)
{
    return (float)tn_exp_core((double)x, 7);
}

/* sigmoid through exp of a non-positive number only, so it never overflows */
static inline double tn_sigmoid_f64(double x)
{
    double e = tn_exp_f64(tn_select(x >= 0, -x, x));
    double r = 1.0 / (1.0 + e);
    return tn_select(x >= 0, r, e * r);
}

static inline float tn_sigmoid_f32(float x)
{
    double e = tn_exp_core(tn_select(x >= 0, -(double)x, (double)x), 7);
    double r = 1.0 / (1.0 + e);
    return (float)tn_select(x >= 0, r, e * r);
}

#endif
