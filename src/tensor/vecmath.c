/*
 * vecmath.c - run-time dispatch of the vectorised exp and sigmoid loops
 * (see vecmath.h).
 */
#define TN_KERNEL_FILE
#include "vecmath.h"

#include "kernel.h"

#include <math.h>

#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_X86_DISPATCH 1
#define TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
#define TARGET_AVX2 __attribute__((target("avx2,fma")))

/* 2: AVX-512, 1: AVX2 with FMA, 0: baseline */
static int simd_level(void)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw"))
        return 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return 1;
    return 0;
}
#endif

static inline double libm_sigmoid(double x)
{
    double e = exp(x >= 0 ? -x : x);
    double r = 1.0 / (1.0 + e);
    return x >= 0 ? r : e * r;
}

/* One dispatched loop: NAME(out, in, n) computing E per element, with BASE
   the baseline x86 element function. */
#define DISPATCHED(NAME, T, E, BASE)                                        \
    static void NAME##_plain(T *o, const T *a, int64_t n)                   \
    {                                                                       \
        for (int64_t i = 0; i < n; i++)                                     \
            o[i] = E(a[i]);                                                 \
    }                                                                       \
    DISPATCH_BODY(NAME, T, E, BASE)

#ifdef HAVE_X86_DISPATCH
#define DISPATCH_BODY(NAME, T, E, BASE)                                     \
    TARGET_AVX512 static void NAME##_avx512(T *o, const T *a, int64_t n)    \
    {                                                                       \
        for (int64_t i = 0; i < n; i++)                                     \
            o[i] = E(a[i]);                                                 \
    }                                                                       \
    TARGET_AVX2 static void NAME##_avx2(T *o, const T *a, int64_t n)        \
    {                                                                       \
        for (int64_t i = 0; i < n; i++)                                     \
            o[i] = E(a[i]);                                                 \
    }                                                                       \
    void NAME(T *o, const T *a, int64_t n)                                  \
    {                                                                       \
        switch (simd_level()) {                                             \
        case 2: NAME##_avx512(o, a, n); return;                             \
        case 1: NAME##_avx2(o, a, n); return;                               \
        default:                                                            \
            (void)NAME##_plain;                                             \
            for (int64_t i = 0; i < n; i++)                                 \
                o[i] = (T)BASE(a[i]);                                       \
        }                                                                   \
    }
#else
#define DISPATCH_BODY(NAME, T, E, BASE)                                     \
    void NAME(T *o, const T *a, int64_t n)                                  \
    {                                                                       \
        NAME##_plain(o, a, n);                                              \
    }
#endif

DISPATCHED(tn_vexp_f64, double, tn_exp_f64, exp)
DISPATCHED(tn_vexp_f32, float, tn_exp_f32, expf)
DISPATCHED(tn_vsigmoid_f64, double, tn_sigmoid_f64, libm_sigmoid)
DISPATCHED(tn_vsigmoid_f32, float, tn_sigmoid_f32, libm_sigmoid)
