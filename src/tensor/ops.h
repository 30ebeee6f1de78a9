/*
 * ops.h - elementwise operations with broadcasting and NEP 50 promotion.
 *
 * Result dtypes follow NumPy: arithmetic in the promoted dtype (bool + bool
 * is logical or, bool * bool logical and), true division of integers gives
 * f64, comparisons give bool, float functions of integers give f64 (f32 for
 * bool and u8, which NumPy sends to float16, a dtype Nabla does not have).
 *
 * Integer division or modulo by zero gives 0 (NumPy gives 0 and a warning);
 * integer overflow wraps, as in NumPy.  A weak integer scalar that does not
 * fit the tensor's integer dtype is an error (NumPy 2 raises OverflowError).
 */
#ifndef NABLA_TENSOR_OPS_H
#define NABLA_TENSOR_OPS_H

#include "tensor.h"

/* X(ENUM, symbol, NumPy name) */
#define TN_BINOPS(X)                       \
    X(TN_ADD, "+", "add")                  \
    X(TN_SUB, "-", "subtract")             \
    X(TN_MUL, "*", "multiply")             \
    X(TN_DIV, "/", "true_divide")          \
    X(TN_FLOORDIV, "//", "floor_divide")   \
    X(TN_MOD, "%", "remainder")            \
    X(TN_POW, "**", "power")               \
    X(TN_EQ, "==", "equal")                \
    X(TN_NE, "!=", "not_equal")            \
    X(TN_LT, "<", "less")                  \
    X(TN_LE, "<=", "less_equal")           \
    X(TN_GT, ">", "greater")               \
    X(TN_GE, ">=", "greater_equal")        \
    X(TN_AND, "&", "bitwise_and")          \
    X(TN_OR, "|", "bitwise_or")            \
    X(TN_XOR, "^", "bitwise_xor")          \
    X(TN_MAXIMUM, "maximum", "maximum")    \
    X(TN_MINIMUM, "minimum", "minimum")    \
    X(TN_ARCTAN2, "arctan2", "arctan2")    \
    X(TN_HYPOT, "hypot", "hypot")          \
    X(TN_LOGICAL_AND, "and", "logical_and") \
    X(TN_LOGICAL_OR, "or", "logical_or")

typedef enum TnBinOp {
#define TN_ENUM_(e, sym, name) e,
    TN_BINOPS(TN_ENUM_)
#undef TN_ENUM_
    TN_BINOP_COUNT
} TnBinOp;

/* X(ENUM, NumPy name, kind): kind F = float function (ints go to float),
   S = same dtype, B = bool result */
#define TN_UNOPS(X)                        \
    X(TN_NEG, "negative", S)               \
    X(TN_POS, "positive", S)               \
    X(TN_INVERT, "invert", S)              \
    X(TN_ABS, "absolute", S)               \
    X(TN_SIGN, "sign", S)                  \
    X(TN_SQUARE, "square", S)              \
    X(TN_EXP, "exp", F)                    \
    X(TN_EXP2, "exp2", F)                  \
    X(TN_LOG, "log", F)                    \
    X(TN_LOG2, "log2", F)                  \
    X(TN_LOG10, "log10", F)                \
    X(TN_LOG1P, "log1p", F)                \
    X(TN_EXPM1, "expm1", F)                \
    X(TN_SQRT, "sqrt", F)                  \
    X(TN_CBRT, "cbrt", F)                  \
    X(TN_RECIPROCAL, "reciprocal", F)      \
    X(TN_SIN, "sin", F)                    \
    X(TN_COS, "cos", F)                    \
    X(TN_TAN, "tan", F)                    \
    X(TN_ARCSIN, "arcsin", F)              \
    X(TN_ARCCOS, "arccos", F)              \
    X(TN_ARCTAN, "arctan", F)              \
    X(TN_SINH, "sinh", F)                  \
    X(TN_COSH, "cosh", F)                  \
    X(TN_TANH, "tanh", F)                  \
    X(TN_FLOOR, "floor", F)                \
    X(TN_CEIL, "ceil", F)                  \
    X(TN_TRUNC, "trunc", F)                \
    X(TN_RINT, "rint", F)                  \
    X(TN_SIGMOID, "sigmoid", F)            \
    X(TN_ISNAN, "isnan", B)                \
    X(TN_ISINF, "isinf", B)                \
    X(TN_ISFINITE, "isfinite", B)          \
    X(TN_LOGICAL_NOT, "logical_not", B)

typedef enum TnUnOp {
#define TN_ENUM_(e, name, kind) e,
    TN_UNOPS(TN_ENUM_)
#undef TN_ENUM_
    TN_UNOP_COUNT
} TnUnOp;

const char *tn_binop_symbol(TnBinOp op);   /* "+" */
const char *tn_binop_name(TnBinOp op);     /* "add" */
const char *tn_unop_name(TnUnOp op);       /* "exp" */

/* The dtype a op b would have, or false with an error (e.g. & on floats). */
bool tn_binary_dtype(TnCtx *ctx, TnBinOp op, const Tensor *a, const Tensor *b, TnDType *out);

/* a op b, broadcast; a new tensor (weak when both operands are weak). */
Tensor *tn_binary(TnCtx *ctx, TnBinOp op, const Tensor *a, const Tensor *b);
/*
 * x op= b in place, writing through x (which may be a view): the result
 * must have x's shape, and its dtype must cast to x's dtype within the same
 * kind or lower (NumPy's same_kind rule: i64 += 2.5 is an error, f32 += f64
 * is fine).
 */
bool tn_binary_inplace(TnCtx *ctx, TnBinOp op, Tensor *x, const Tensor *b);
Tensor *tn_unary(TnCtx *ctx, TnUnOp op, const Tensor *a);

/* where(cond, a, b): cond is converted to bool (non-zero is true). */
Tensor *tn_where(TnCtx *ctx, const Tensor *cond, const Tensor *a, const Tensor *b);
/* clip(a, lo, hi); lo or hi may be NULL for no bound. */
Tensor *tn_clip(TnCtx *ctx, const Tensor *a, const Tensor *lo, const Tensor *hi);
/* round half to even at `decimals` digits (negative: tens, hundreds...). */
Tensor *tn_round(TnCtx *ctx, const Tensor *a, int decimals);
/* NaN -> nan, +inf -> *posinf (default: largest finite), -inf -> *neginf
   (default: most negative finite). */
Tensor *tn_nan_to_num(TnCtx *ctx, const Tensor *a, double nan, const double *posinf,
                      const double *neginf);
/* Fills every element of t (any layout) with v converted to t's dtype. */
bool tn_fill(TnCtx *ctx, Tensor *t, double v);

#endif
