/*
 * kernel.h - shared by the engine's .c files only (not part of the engine's
 * interface): the dtype X-macro every typed loop is generated from, the
 * C type of each dtype, and conversions that never hit undefined behaviour.
 */
#ifndef NABLA_TENSOR_KERNEL_H
#define NABLA_TENSOR_KERNEL_H

#include "tensor.h"
#include "iter.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * GCC 12 at -O2 only vectorises loops whose trip count is a known multiple
 * of the vector width, which no kernel loop is.  Files of typed inner loops
 * include this header after their other includes with
 * TN_KERNEL_FILE defined, so their loops get -O3's vectoriser.
 */
#if defined(TN_KERNEL_FILE) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif

/* X(ENUM, C type, suffix) for every dtype, in enum order.  The suffix of
   bool is b1 (NumPy's code) because `bool` itself is a macro. */
#define TN_FOR_EACH_DTYPE(X) \
    X(TN_BOOL, bool, b1)     \
    X(TN_U8, uint8_t, u8)    \
    X(TN_I32, int32_t, i32)  \
    X(TN_I64, int64_t, i64)  \
    X(TN_F32, float, f32)    \
    X(TN_F64, double, f64)

#define TN_FOR_EACH_INT(X)   \
    X(TN_U8, uint8_t, u8)    \
    X(TN_I32, int32_t, i32)  \
    X(TN_I64, int64_t, i64)

#define TN_FOR_EACH_FLOAT(X) \
    X(TN_F32, float, f32)    \
    X(TN_F64, double, f64)

/*
 * Float to integer conversion is undefined in C when the value does not fit.
 * NumPy on x86 gets the cvttsd2si result: INT_MIN for NaN and out-of-range
 * values; to u8 it goes through int32 and keeps the low byte.
 */
static inline int64_t tn_f2i64(double x)
{
    return (x >= -9223372036854775808.0 && x < 9223372036854775808.0) ? (int64_t)x : INT64_MIN;
}
static inline int32_t tn_f2i32(double x)
{
    return (x > -2147483649.0 && x < 2147483648.0) ? (int32_t)x : INT32_MIN;
}
static inline uint8_t tn_f2u8(double x)
{
    return (uint8_t)(uint32_t)tn_f2i32(x);
}

/* Conversion of a value of any C arithmetic type to each dtype. */
#define TN_TO_b1(x) ((x) != 0)
#define TN_TO_u8(x) _Generic((x), float: tn_f2u8(x), double: tn_f2u8(x), default: (uint8_t)(x))
#define TN_TO_i32(x) _Generic((x), float: tn_f2i32(x), double: tn_f2i32(x), default: (int32_t)(x))
#define TN_TO_i64(x) _Generic((x), float: tn_f2i64(x), double: tn_f2i64(x), default: (int64_t)(x))
#define TN_TO_f32(x) ((float)(x))
#define TN_TO_f64(x) ((double)(x))

/* Wrapping integer arithmetic (NumPy wraps; signed overflow is undefined in
   C, so go through the unsigned type of the same width). */
#define TN_WRAP_ADD(T, UT, a, b) ((T)((UT)(a) + (UT)(b)))
#define TN_WRAP_SUB(T, UT, a, b) ((T)((UT)(a) - (UT)(b)))
#define TN_WRAP_MUL(T, UT, a, b) ((T)((UT)(a) * (UT)(b)))

/* The typed loop converting operand 1 (from) into operand 0 (to). */
TnLoopFn tn_cast_loop(TnDType from, TnDType to);

/* Elements of each dtype are this aligned in storage the engine allocates. */
#define TN_ALIGN 64

#endif
