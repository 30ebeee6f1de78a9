/*
 * tensor_ops.c - operators on tensors (the dunder methods the VM calls for
 * + - * / // % ** @ & | ^ ~ comparisons, in-place forms, truth, length,
 * membership) and the elementwise functions with NumPy's names (exp, sqrt,
 * maximum, where, clip, ...), which accept numbers and tensors alike: a
 * number in gives a number out.
 */
#include "lib/tensor_lib.h"

#include <math.h>
#include <string.h>

#include "tensor/ops.h"
#include "tensor/matmul.h"
#include "tensor/reduce.h"

/* ---- binary operators */

static Value not_implemented(VM *vm)
{
    Value ni = NONE_VAL;
    dict_get_str(vm->builtins, vm->names.not_implemented, &ni);
    return ni;
}

/* Values an operator converts to a tensor operand. */
static bool operand_ok(Value v)
{
    return IS_NUMBER(v) || IS_TENSOR(v) || IS_LIST(v) || IS_TUPLE(v);
}

/*
 * In a*2.0 + b the left operand is a temporary nothing else holds (the VM
 * says so through reuse_ok): when the result would have its shape and dtype
 * and it owns its memory alone, the result is written into it, as NumPy
 * does, which saves allocating and touching fresh pages.
 */
static bool reuse_left(VM *vm, TnBinOp op, Tensor *a, const Tensor *b)
{
    if (a->is_view || a->readonly || a->storage->refcount != 1 || a->storage->release ||
        !tn_is_contiguous(a) || op == TN_EQ || op == TN_NE || op == TN_LT || op == TN_LE ||
        op == TN_GT || op == TN_GE)
        return false;
    TnDType dt;
    if (!tn_binary_dtype(&vm->tn, op, a, b, &dt)) {
        tn_ctx_clear_error(&vm->tn);
        return false;
    }
    if (dt != a->dtype || b->ndim > a->ndim)
        return false;
    for (int i = 0; i < b->ndim; i++) {
        int64_t nb = b->shape[b->ndim - 1 - i], na = a->shape[a->ndim - 1 - i];
        if (nb != na && nb != 1)
            return false;
    }
    return true;
}

/* self op other, or other op self when reflected. */
static bool binop(VM *vm, TnBinOp op, Value self, Value other, bool reflected, Value *out)
{
    bool may_reuse = vm->reuse_ok && !reflected;
    vm->reuse_ok = false;
    if (!operand_ok(other)) {
        if (op == TN_EQ || op == TN_NE) {
            /* NumPy 2: comparing with a non-number is elementwise unequal */
            Tensor *s = AS_TENSOR(self);
            Tensor *r = tn_zeros(&vm->tn, TN_BOOL, s->ndim, s->shape);
            if (r && op == TN_NE && !tn_fill(&vm->tn, r, 1)) {
                tn_free(&vm->tn, r);
                r = NULL;
            }
            return tl_result(vm, r, out);
        }
        *out = not_implemented(vm);
        return true;
    }
    TlArg a, b;
    if (!tl_arg(vm, self, tn_binop_symbol(op), "self", &a))
        return false;
    if (!tl_arg(vm, other, tn_binop_symbol(op), "other", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    if (may_reuse && IS_TENSOR(self) && a.t == AS_TENSOR(self) && reuse_left(vm, op, a.t, b.t)) {
        bool ok = tn_binary_inplace(&vm->tn, op, a.t, b.t);
        tl_arg_free(vm, &a);
        tl_arg_free(vm, &b);
        if (!ok)
            return tl_raise(vm);
        *out = self;
        return true;
    }
    Tensor *r = reflected ? tn_binary(&vm->tn, op, b.t, a.t) : tn_binary(&vm->tn, op, a.t, b.t);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    return tl_result(vm, r, out);
}

/* x op= other: writes through x (which may be a view); x is the result. */
static bool inplace(VM *vm, TnBinOp op, Value self, Value other, Value *out)
{
    if (!operand_ok(other)) {
        *out = not_implemented(vm);
        return true;
    }
    TlArg b;
    if (!tl_arg(vm, other, tn_binop_symbol(op), "other", &b))
        return false;
    bool ok = tn_binary_inplace(&vm->tn, op, AS_TENSOR(self), b.t);
    tl_arg_free(vm, &b);
    if (!ok)
        return tl_raise(vm);
    *out = self;
    return true;
}

#define BINARY_DUNDERS(X)                                 \
    X(add, TN_ADD) X(sub, TN_SUB) X(mul, TN_MUL)          \
    X(truediv, TN_DIV) X(floordiv, TN_FLOORDIV)           \
    X(mod, TN_MOD) X(pow, TN_POW)

#define DEF_DUNDER(name, op)                                                              \
    static bool op_##name(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)     \
    {                                                                                     \
        return binop(vm, op, argv[0], argv[1], false, out);                               \
    }                                                                                     \
    static bool op_r##name(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)    \
    {                                                                                     \
        return binop(vm, op, argv[0], argv[1], true, out);                                \
    }                                                                                     \
    static bool op_i##name(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)    \
    {                                                                                     \
        return inplace(vm, op, argv[0], argv[1], out);                                    \
    }
BINARY_DUNDERS(DEF_DUNDER)
DEF_DUNDER(and, TN_AND)
DEF_DUNDER(or, TN_OR)
DEF_DUNDER(xor, TN_XOR)
#undef DEF_DUNDER

#define DEF_COMPARE(name, op)                                                             \
    static bool op_##name(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)     \
    {                                                                                     \
        return binop(vm, op, argv[0], argv[1], false, out);                               \
    }
DEF_COMPARE(eq, TN_EQ)
DEF_COMPARE(ne, TN_NE)
DEF_COMPARE(lt, TN_LT)
DEF_COMPARE(le, TN_LE)
DEF_COMPARE(gt, TN_GT)
DEF_COMPARE(ge, TN_GE)
#undef DEF_COMPARE

/* ---- matrix product */

static bool matmul_values(VM *vm, Value a, Value b, Value *out)
{
    TlArg x, y;
    if (!tl_arg(vm, a, "matmul", "x1", &x))
        return false;
    if (!tl_arg(vm, b, "matmul", "x2", &y)) {
        tl_arg_free(vm, &x);
        return false;
    }
    if (x.t->ndim == 0 || y.t->ndim == 0) {
        tl_arg_free(vm, &x);
        tl_arg_free(vm, &y);
        return vm_raise(vm, vm->exc.value_error,
                        "matmul (@) needs tensors with at least one axis, not a scalar: "
                        "use * to scale a tensor by a number");
    }
    Tensor *r = tn_matmul(&vm->tn, x.t, y.t);
    tl_arg_free(vm, &x);
    tl_arg_free(vm, &y);
    return tl_result(vm, r, out);
}

static bool op_matmul(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!operand_ok(argv[1])) {
        *out = not_implemented(vm);
        return true;
    }
    return matmul_values(vm, argv[0], argv[1], out);
}

static bool op_rmatmul(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!operand_ok(argv[1])) {
        *out = not_implemented(vm);
        return true;
    }
    return matmul_values(vm, argv[1], argv[0], out);
}

/* x @= y: NumPy allows it when the result has x's shape. */
static bool op_imatmul(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value r;
    if (!op_matmul(vm, argc, argv, kwargs, &r))
        return false;
    if (!IS_TENSOR(r)) {
        *out = r;
        return true;
    }
    gc_push_root(vm, r);
    Tensor *x = AS_TENSOR(argv[0]), *y = AS_TENSOR(r);
    bool ok;
    if (!tn_same_shape(x, y)) {
        char sx[96], sy[96];
        tn_shape_str(sx, sizeof sx, x->dtype, x->ndim, x->shape);
        tn_shape_str(sy, sizeof sy, y->dtype, y->ndim, y->shape);
        ok = vm_raise(vm, vm->exc.shape_error,
                      "x @= y would change x's shape from %s to %s: write x = x @ y instead",
                      sx, sy);
    } else {
        ok = tn_copy_into(&vm->tn, x, y) || tl_raise(vm);
    }
    gc_pop_roots(vm, 1);
    *out = argv[0];
    return ok;
}

/* ---- unary operators */

/*
 * A float function of a language number is computed by the C library, so
 * that exp(1.0) is exactly math.exp(1.0); the engine's vectorised kernels
 * (within an ulp) serve tensors.
 */
static bool scalar_libm(TnUnOp op, double x, double *r)
{
    switch (op) {
    case TN_EXP: *r = exp(x); return true;
    case TN_EXP2: *r = exp2(x); return true;
    case TN_LOG: *r = log(x); return true;
    case TN_LOG2: *r = log2(x); return true;
    case TN_LOG10: *r = log10(x); return true;
    case TN_LOG1P: *r = log1p(x); return true;
    case TN_EXPM1: *r = expm1(x); return true;
    case TN_SQRT: *r = sqrt(x); return true;
    case TN_CBRT: *r = cbrt(x); return true;
    case TN_SIN: *r = sin(x); return true;
    case TN_COS: *r = cos(x); return true;
    case TN_TAN: *r = tan(x); return true;
    case TN_ARCSIN: *r = asin(x); return true;
    case TN_ARCCOS: *r = acos(x); return true;
    case TN_ARCTAN: *r = atan(x); return true;
    case TN_SINH: *r = sinh(x); return true;
    case TN_COSH: *r = cosh(x); return true;
    case TN_TANH: *r = tanh(x); return true;
    default: return false;
    }
}

static bool unary(VM *vm, TnUnOp op, Value v, const char *fn, Value *out)
{
    double x;
    if ((IS_FLOAT(v) || IS_INT(v)) && scalar_libm(op, value_to_double(v), &x)) {
        *out = FLOAT_VAL(x);
        return true;
    }
    TlArg a;
    if (!tl_arg(vm, v, fn, "x", &a))
        return false;
    Tensor *r = tn_unary(&vm->tn, op, a.t);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static bool op_neg(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return unary(vm, TN_NEG, argv[0], "-", out);
}

static bool op_pos(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return unary(vm, TN_POS, argv[0], "+", out);
}

static bool op_invert(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return unary(vm, TN_INVERT, argv[0], "~", out);
}

static bool op_abs(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return unary(vm, TN_ABS, argv[0], "abs", out);
}

/* round(x, ndigits) reaches tensors here. */
static bool op_round(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    int64_t nd = 0;
    if (argc > 1 && !tl_int(vm, argv[1], "round", "ndigits", 0, &nd))
        return false;
    Tensor *r = tn_round(&vm->tn, AS_TENSOR(argv[0]), (int)nd);
    return tl_result(vm, r, out);
}

/* ---- truth, length, membership, formatting */

static bool op_bool(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    if (t->size != 1) {
        char s[96];
        tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
        if (t->size == 0)
            return vm_raise(vm, vm->exc.value_error,
                            "the truth value of an empty tensor (%s) is ambiguous: "
                            "test x.size > 0 instead",
                            s);
        return vm_raise(vm, vm->exc.value_error,
                        "the truth value of a tensor with %lld elements (%s) is ambiguous: "
                        "use x.any() (is any element true?) or x.all() (are all true?)",
                        (long long)t->size, s);
    }
    *out = BOOL_VAL(tn_get_f64(t, 0) != 0);
    return true;
}

static bool op_len(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    if (t->ndim == 0)
        return vm_raise(vm, vm->exc.type_error,
                        "len() of a 0-d tensor: it has no axes (use x.size, or x.item() for "
                        "its value)");
    *out = INT_VAL(t->shape[0]);
    return true;
}

/* v in x: whether any element equals v (NumPy's rule). */
static bool op_contains(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!operand_ok(argv[1])) {
        *out = BOOL_VAL(false);
        return true;
    }
    TlArg b;
    if (!tl_arg(vm, argv[1], "in", "value", &b))
        return false;
    Tensor *eq = tn_binary(&vm->tn, TN_EQ, AS_TENSOR(argv[0]), b.t);
    tl_arg_free(vm, &b);
    if (!eq)
        return tl_raise(vm);
    Tensor *any = tn_reduce(&vm->tn, TN_RED_ANY, eq, NULL, -1, false);
    tn_free(&vm->tn, eq);
    return tl_result(vm, any, out);
}

/* f"{x:.3f}" for a tensor of one element formats that element. */
static bool op_format(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    if (t->size != 1) {
        char s[96];
        tn_shape_str(s, sizeof s, t->dtype, t->ndim, t->shape);
        return vm_raise(vm, vm->exc.type_error,
                        "a format spec such as '%s' formats one number, but this tensor is %s: "
                        "format its elements one by one, or use set_printoptions(precision=...)",
                        IS_STR(argv[1]) ? AS_CSTR(argv[1]) : "?", s);
    }
    Value fmt;
    ObjString *name = str_from_cstr(vm, "format");
    if (!name || !dict_get_str(vm->builtins, name, &fmt))
        return vm_raise(vm, vm->exc.runtime_error, "format() is not available");
    Tensor h = *t;
    h.ndim = 0;
    h.offset = t->offset;
    Value args[2] = {tl_scalar_value(&h), argv[1]};
    return vm_call(vm, fmt, 2, args, out);
}

#define METHOD(name, fn, n, sig, doc) {name, fn, n, n, sig, doc}

static const NativeSpec operator_methods[] = {
#define BIN_SPECS(name, op)                                                               \
    METHOD("__" #name "__", op_##name, 2, "tensor.__" #name "__(other)",                  \
           "Elementwise, with broadcasting."),                                            \
    METHOD("__r" #name "__", op_r##name, 2, "tensor.__r" #name "__(other)",               \
           "Elementwise with the operands swapped (number op tensor)."),                  \
    METHOD("__i" #name "__", op_i##name, 2, "tensor.__i" #name "__(other)",               \
           "In place, writing through views; the result must keep x's shape and dtype "  \
           "kind."),
    BINARY_DUNDERS(BIN_SPECS)
    BIN_SPECS(and, TN_AND)
    BIN_SPECS(or, TN_OR)
    BIN_SPECS(xor, TN_XOR)
#undef BIN_SPECS
    METHOD("__eq__", op_eq, 2, "tensor.__eq__(other)", "Elementwise ==: a bool tensor."),
    METHOD("__ne__", op_ne, 2, "tensor.__ne__(other)", "Elementwise !=: a bool tensor."),
    METHOD("__lt__", op_lt, 2, "tensor.__lt__(other)", "Elementwise <: a bool tensor."),
    METHOD("__le__", op_le, 2, "tensor.__le__(other)", "Elementwise <=: a bool tensor."),
    METHOD("__gt__", op_gt, 2, "tensor.__gt__(other)", "Elementwise >: a bool tensor."),
    METHOD("__ge__", op_ge, 2, "tensor.__ge__(other)", "Elementwise >=: a bool tensor."),
    METHOD("__matmul__", op_matmul, 2, "tensor.__matmul__(other)",
           "Matrix product x @ y, as matmul(x, y)."),
    METHOD("__rmatmul__", op_rmatmul, 2, "tensor.__rmatmul__(other)",
           "Matrix product with the operands swapped."),
    METHOD("__imatmul__", op_imatmul, 2, "tensor.__imatmul__(other)",
           "x @= y: allowed when the product keeps x's shape."),
    METHOD("__neg__", op_neg, 1, "tensor.__neg__()", "Elementwise negation."),
    METHOD("__pos__", op_pos, 1, "tensor.__pos__()", "A copy (unary +)."),
    METHOD("__invert__", op_invert, 1, "tensor.__invert__()",
           "Elementwise ~: logical not on bool, bitwise not on integers."),
    METHOD("__abs__", op_abs, 1, "tensor.__abs__()", "Elementwise absolute value (abs(x))."),
    {"__round__", op_round, 1, 2, "tensor.__round__(ndigits=0)",
     "round(x, n): each element rounded to n decimals, ties to even."},
    METHOD("__bool__", op_bool, 1, "tensor.__bool__()",
           "The truth of a one-element tensor; ambiguous (an error) for more elements."),
    METHOD("__len__", op_len, 1, "tensor.__len__()", "The length of axis 0."),
    METHOD("__contains__", op_contains, 2, "tensor.__contains__(value)",
           "v in x: whether any element equals v."),
    METHOD("__format__", op_format, 2, "tensor.__format__(spec)",
           "An f-string spec formats a one-element tensor as its number."),
    {NULL, NULL, 0, 0, NULL, NULL},
};

/* ---- elementwise functions */

static bool unary_fn(VM *vm, TnUnOp op, const char *name, int argc, Value *argv, ObjDict *kwargs,
                     Value *out)
{
    Value v[1];
    if (!tl_args(vm, name, argc, argv, kwargs, "x", v))
        return false;
    return unary(vm, op, v[0], name, out);
}

#define DEF_UNARY_FN(e, name, kind)                                                      \
    static bool fn_##e(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)       \
    {                                                                                    \
        return unary_fn(vm, e, name, argc, argv, kwargs, out);                           \
    }
TN_UNOPS(DEF_UNARY_FN)
#undef DEF_UNARY_FN

static bool binary_fn(VM *vm, TnBinOp op, const char *name, int argc, Value *argv,
                      ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, name, argc, argv, kwargs, "x1 x2", v))
        return false;
    TlArg a, b;
    if (!tl_arg(vm, v[0], name, "x1", &a))
        return false;
    if (!tl_arg(vm, v[1], name, "x2", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = tn_binary(&vm->tn, op, a.t, b.t);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    return tl_result(vm, r, out);
}

#define DEF_BINARY_FN(e, sym, name)                                                      \
    static bool fn_##e(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)       \
    {                                                                                    \
        return binary_fn(vm, e, name, argc, argv, kwargs, out);                          \
    }
TN_BINOPS(DEF_BINARY_FN)
#undef DEF_BINARY_FN

static bool fn_matmul(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "matmul", argc, argv, kwargs, "x1 x2", v))
        return false;
    return matmul_values(vm, v[0], v[1], out);
}

/* dot, vdot, inner, outer: two operands, one engine call. */
static bool product(VM *vm, const char *fn, Tensor *(*op)(TnCtx *, const Tensor *, const Tensor *),
                    int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, fn, argc, argv, kwargs, "a b", v))
        return false;
    TlArg a, b;
    if (!tl_arg(vm, v[0], fn, "a", &a))
        return false;
    if (!tl_arg(vm, v[1], fn, "b", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = op(&vm->tn, a.t, b.t);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    return tl_result(vm, r, out);
}

static bool fn_dot(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return product(vm, "dot", tn_dot, argc, argv, kwargs, out);
}

static bool fn_vdot(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return product(vm, "vdot", tn_vdot, argc, argv, kwargs, out);
}

static bool fn_inner(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return product(vm, "inner", tn_inner, argc, argv, kwargs, out);
}

static bool fn_outer(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return product(vm, "outer", tn_outer, argc, argv, kwargs, out);
}

/* tensordot(a, b, axes=2): axes an int N (the last N of a with the first N
   of b) or a pair of axis lists. */
static bool fn_tensordot(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    if (!tl_args(vm, "tensordot", argc, argv, kwargs, "a b axes=", v))
        return false;
    TlArg a, b;
    if (!tl_arg(vm, v[0], "tensordot", "a", &a))
        return false;
    if (!tl_arg(vm, v[1], "tensordot", "b", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    int axa[TN_MAX_DIMS], axb[TN_MAX_DIMS], n = 0;
    bool ok = true;
    if (!tl_given(v[2]) || IS_INT(v[2])) {
        int64_t k = IS_INT(v[2]) ? AS_INT(v[2]) : 2;
        if (k < 0 || k > a.t->ndim || k > b.t->ndim)
            ok = vm_raise(vm, vm->exc.value_error,
                          "tensordot(): axes=%lld, but the operands have %d and %d axes",
                          (long long)k, a.t->ndim, b.t->ndim);
        for (int i = 0; ok && i < k; i++) {
            axa[i] = a.t->ndim - (int)k + i;
            axb[i] = i;
        }
        n = (int)k;
    } else if ((IS_TUPLE(v[2]) && AS_TUPLE(v[2])->count == 2) ||
               (IS_LIST(v[2]) && AS_LIST(v[2])->items.count == 2)) {
        Value *pair = IS_TUPLE(v[2]) ? AS_TUPLE(v[2])->items : AS_LIST(v[2])->items.items;
        int na, nb;
        ok = tl_axes(vm, pair[0], "tensordot", axa, &na) &&
             tl_axes(vm, pair[1], "tensordot", axb, &nb);
        if (ok && na != nb)
            ok = vm_raise(vm, vm->exc.value_error,
                          "tensordot(): %d axes of a paired with %d axes of b", na, nb);
        n = na;
    } else {
        ok = vm_raise(vm, vm->exc.type_error,
                      "tensordot(): axes must be an int or a pair of axis lists ([1], [0])");
    }
    Tensor *r = ok ? tn_tensordot(&vm->tn, a.t, b.t, n, axa, axb) : NULL;
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    return ok && tl_result(vm, r, out);
}

/* where(condition, x, y); where(condition) alone is nonzero(condition). */
static bool fn_where(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    if (!tl_args(vm, "where", argc, argv, kwargs, "condition x= y=", v))
        return false;
    if (IS_UNDEF(v[1]) && IS_UNDEF(v[2])) {
        Value nz;
        ObjString *name = str_from_cstr(vm, "nonzero");
        if (!name || !dict_get_str(vm->builtins, name, &nz))
            return vm_raise(vm, vm->exc.runtime_error, "nonzero() is not available");
        return vm_call(vm, nz, 1, v, out);
    }
    if (IS_UNDEF(v[1]) || IS_UNDEF(v[2]))
        return vm_raise(vm, vm->exc.type_error,
                        "where() takes the condition alone, or the condition and both x and y");
    TlArg a[3];
    int made = 0;
    static const char *const names[3] = {"condition", "x", "y"};
    for (; made < 3; made++)
        if (!tl_arg(vm, v[made], "where", names[made], &a[made]))
            break;
    Tensor *r = NULL;
    if (made == 3)
        r = tn_where(&vm->tn, a[0].t, a[1].t, a[2].t);
    for (int i = 0; i < made; i++)
        tl_arg_free(vm, &a[i]);
    if (made < 3)
        return false;
    return tl_result(vm, r, out);
}

/* clip(a, a_min, a_max): either bound may be None. */
static bool fn_clip(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    if (!tl_args(vm, "clip", argc, argv, kwargs, "a a_min= a_max=", v))
        return false;
    TlArg a, lo, hi;
    bool has_lo = tl_given(v[1]), has_hi = tl_given(v[2]);
    if (!has_lo && !has_hi)
        return vm_raise(vm, vm->exc.value_error,
                        "clip() needs a_min or a_max (or both): one of them must not be None");
    if (!tl_arg(vm, v[0], "clip", "a", &a))
        return false;
    if (has_lo && !tl_arg(vm, v[1], "clip", "a_min", &lo)) {
        tl_arg_free(vm, &a);
        return false;
    }
    if (has_hi && !tl_arg(vm, v[2], "clip", "a_max", &hi)) {
        tl_arg_free(vm, &a);
        if (has_lo)
            tl_arg_free(vm, &lo);
        return false;
    }
    Tensor *r = tn_clip(&vm->tn, a.t, has_lo ? lo.t : NULL, has_hi ? hi.t : NULL);
    tl_arg_free(vm, &a);
    if (has_lo)
        tl_arg_free(vm, &lo);
    if (has_hi)
        tl_arg_free(vm, &hi);
    return tl_result(vm, r, out);
}

/* around(a, decimals=0): ties to even, as NumPy. */
static bool fn_around(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int64_t nd;
    if (!tl_args(vm, "around", argc, argv, kwargs, "a decimals=", v) ||
        !tl_int(vm, v[1], "around", "decimals", 0, &nd))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "around", "a", &a))
        return false;
    Tensor *r = tn_round(&vm->tn, a.t, (int)nd);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

static bool fn_nan_to_num(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[5];
    if (!tl_args(vm, "nan_to_num", argc, argv, kwargs, "x copy= nan= posinf= neginf=", v))
        return false;
    double nan_v, pos, neg;
    if (!tl_float(vm, v[2], "nan_to_num", "nan", 0.0, &nan_v) ||
        !tl_float(vm, v[3], "nan_to_num", "posinf", 0.0, &pos) ||
        !tl_float(vm, v[4], "nan_to_num", "neginf", 0.0, &neg))
        return false;
    TlArg a;
    if (!tl_arg(vm, v[0], "nan_to_num", "x", &a))
        return false;
    Tensor *r = tn_nan_to_num(&vm->tn, a.t, nan_v, tl_given(v[3]) ? &pos : NULL,
                              tl_given(v[4]) ? &neg : NULL);
    tl_arg_free(vm, &a);
    return tl_result(vm, r, out);
}

/* ---- closeness */

/* Owned intermediate results; NULL once freed. */
static Tensor *bin(VM *vm, TnBinOp op, const Tensor *a, const Tensor *b)
{
    return a && b ? tn_binary(&vm->tn, op, a, b) : NULL;
}

/*
 * isclose as NumPy: |a - b| <= atol + rtol * |b| where both are finite,
 * a == b elsewhere (so inf matches only the same inf), and nan matching
 * nan only with equal_nan.
 */
static Tensor *isclose_tensor(VM *vm, const Tensor *a, const Tensor *b, double rtol,
                              double atol, bool equal_nan)
{
    TnCtx *c = &vm->tn;
    Tensor *rt = tn_scalar_f64(c, rtol, true), *at = tn_scalar_f64(c, atol, true);
    Tensor *diff = bin(vm, TN_SUB, a, b);
    Tensor *adiff = diff ? tn_unary(c, TN_ABS, diff) : NULL;
    Tensor *ab = tn_unary(c, TN_ABS, b);
    Tensor *scaled = bin(vm, TN_MUL, rt, ab);
    Tensor *tol = bin(vm, TN_ADD, at, scaled);
    Tensor *within = bin(vm, TN_LE, adiff, tol);
    Tensor *fa = tn_unary(c, TN_ISFINITE, a), *fb = tn_unary(c, TN_ISFINITE, b);
    Tensor *fin = bin(vm, TN_AND, fa, fb);
    Tensor *close = bin(vm, TN_AND, within, fin);
    Tensor *eq = bin(vm, TN_EQ, a, b);
    Tensor *r = bin(vm, TN_OR, close, eq);
    Tensor *na = NULL, *nb = NULL, *nn = NULL;
    if (r && equal_nan) {
        na = tn_unary(c, TN_ISNAN, a);
        nb = tn_unary(c, TN_ISNAN, b);
        nn = bin(vm, TN_AND, na, nb);
        Tensor *r2 = bin(vm, TN_OR, r, nn);
        tn_free(c, r);
        r = r2;
    }
    Tensor *tmp[] = {rt, at, diff, adiff, ab, scaled, tol, within, fa, fb, fin, close, eq, na, nb, nn};
    for (size_t i = 0; i < sizeof tmp / sizeof tmp[0]; i++)
        if (tmp[i])
            tn_free(c, tmp[i]);
    return r;
}

static bool close_args(VM *vm, const char *fn, int argc, Value *argv, ObjDict *kwargs, TlArg *a,
                       TlArg *b, double *rtol, double *atol, bool *equal_nan)
{
    Value v[5];
    if (!tl_args(vm, fn, argc, argv, kwargs, "a b rtol= atol= equal_nan=", v) ||
        !tl_float(vm, v[2], fn, "rtol", 1e-05, rtol) || !tl_float(vm, v[3], fn, "atol", 1e-08, atol) ||
        !tl_bool(vm, v[4], false, equal_nan))
        return false;
    if (!tl_arg(vm, v[0], fn, "a", a))
        return false;
    if (!tl_arg(vm, v[1], fn, "b", b)) {
        tl_arg_free(vm, a);
        return false;
    }
    return true;
}

static bool fn_isclose(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    TlArg a, b;
    double rtol, atol;
    bool en;
    if (!close_args(vm, "isclose", argc, argv, kwargs, &a, &b, &rtol, &atol, &en))
        return false;
    Tensor *r = isclose_tensor(vm, a.t, b.t, rtol, atol, en);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    return tl_result(vm, r, out);
}

static bool fn_allclose(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    TlArg a, b;
    double rtol, atol;
    bool en;
    if (!close_args(vm, "allclose", argc, argv, kwargs, &a, &b, &rtol, &atol, &en))
        return false;
    Tensor *r = isclose_tensor(vm, a.t, b.t, rtol, atol, en);
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    if (!r)
        return tl_raise(vm);
    Tensor *all = tn_reduce(&vm->tn, TN_RED_ALL, r, NULL, -1, false);
    tn_free(&vm->tn, r);
    return tl_result(vm, all, out);
}

/* array_equal(a1, a2): the same shape and the same values. */
static bool fn_array_equal(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    bool en;
    if (!tl_args(vm, "array_equal", argc, argv, kwargs, "a1 a2 equal_nan=", v) ||
        !tl_bool(vm, v[2], false, &en))
        return false;
    TlArg a, b;
    if (!tl_arg(vm, v[0], "array_equal", "a1", &a))
        return false;
    if (!tl_arg(vm, v[1], "array_equal", "a2", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    Tensor *r = NULL;
    bool same = tn_same_shape(a.t, b.t);
    if (same) {
        Tensor *eq = tn_binary(&vm->tn, TN_EQ, a.t, b.t);
        if (eq && en) {
            Tensor *na = tn_unary(&vm->tn, TN_ISNAN, a.t), *nb = tn_unary(&vm->tn, TN_ISNAN, b.t);
            Tensor *nn = bin(vm, TN_AND, na, nb);
            Tensor *e2 = bin(vm, TN_OR, eq, nn);
            Tensor *tmp[] = {eq, na, nb, nn};
            for (int i = 0; i < 4; i++)
                if (tmp[i])
                    tn_free(&vm->tn, tmp[i]);
            eq = e2;
        }
        r = eq ? tn_reduce(&vm->tn, TN_RED_ALL, eq, NULL, -1, false) : NULL;
        if (eq)
            tn_free(&vm->tn, eq);
    }
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    if (!same) {
        *out = BOOL_VAL(false);
        return true;
    }
    return tl_result(vm, r, out);
}

#define UN(e, name, sig, doc) {name, fn_##e, 1, 1, sig, doc}
#define BIN(e, name, sig, doc) {name, fn_##e, 2, 2, sig, doc}

static const NativeSpec elementwise_functions[] = {
    UN(TN_NEG, "negative", "negative(x)",
       "-x for each element.\n\nExample:\n    >>> negative(3)\n    -3"),
    UN(TN_POS, "positive", "positive(x)",
       "+x for each element (a copy).\n\nExample:\n    >>> positive(-2.5)\n    -2.5"),
    UN(TN_INVERT, "invert", "invert(x)",
       "~x for each element: logical not of bools, bitwise not of integers.\n\n"
       "Example:\n    >>> invert(True)\n    False"),
    UN(TN_ABS, "absolute", "absolute(x)",
       "The absolute value of each element (abs(x) does the same).\n\n"
       "Example:\n    >>> absolute(-2.5)\n    2.5"),
    UN(TN_SIGN, "sign", "sign(x)",
       "-1, 0 or 1 for each element by its sign (nan stays nan), in x's dtype.\n\n"
       "Example:\n    >>> sign(-3.2)\n    -1.0"),
    UN(TN_SQUARE, "square", "square(x)",
       "x * x for each element, in x's dtype.\n\nExample:\n    >>> square(3)\n    9"),
    UN(TN_EXP, "exp", "exp(x)",
       "e raised to each element. Integers give f64.\n\n"
       "Example:\n    >>> exp(1.0)\n    2.718281828459045"),
    UN(TN_EXP2, "exp2", "exp2(x)",
       "2 raised to each element.\n\nExample:\n    >>> exp2(10)\n    1024.0"),
    UN(TN_LOG, "log", "log(x)",
       "The natural logarithm of each element (log(0) is -inf, log of a negative nan).\n\n"
       "Example:\n    >>> log(1.0)\n    0.0"),
    UN(TN_LOG2, "log2", "log2(x)",
       "The base-2 logarithm of each element.\n\nExample:\n    >>> log2(8)\n    3.0"),
    UN(TN_LOG10, "log10", "log10(x)",
       "The base-10 logarithm of each element.\n\nExample:\n    >>> log10(1000)\n    3.0"),
    UN(TN_LOG1P, "log1p", "log1p(x)",
       "log(1 + x), accurate for x near 0.\n\nExample:\n    >>> log1p(0.0)\n    0.0"),
    UN(TN_EXPM1, "expm1", "expm1(x)",
       "exp(x) - 1, accurate for x near 0.\n\nExample:\n    >>> expm1(0.0)\n    0.0"),
    UN(TN_SQRT, "sqrt", "sqrt(x)",
       "The square root of each element (nan for negatives).\n\n"
       "Example:\n    >>> sqrt(16)\n    4.0"),
    UN(TN_CBRT, "cbrt", "cbrt(x)",
       "The cube root of each element.\n\nExample:\n    >>> cbrt(8.0)\n    2.0"),
    UN(TN_RECIPROCAL, "reciprocal", "reciprocal(x)",
       "1 / x for each element.\n\nExample:\n    >>> reciprocal(4.0)\n    0.25"),
    UN(TN_SIN, "sin", "sin(x)",
       "The sine of each element (radians).\n\nExample:\n    >>> sin(0.0)\n    0.0"),
    UN(TN_COS, "cos", "cos(x)",
       "The cosine of each element (radians).\n\nExample:\n    >>> cos(0.0)\n    1.0"),
    UN(TN_TAN, "tan", "tan(x)",
       "The tangent of each element (radians).\n\nExample:\n    >>> tan(0.0)\n    0.0"),
    UN(TN_ARCSIN, "arcsin", "arcsin(x)",
       "The inverse sine of each element.\n\nExample:\n    >>> arcsin(1.0)\n    1.5707963267948966"),
    UN(TN_ARCCOS, "arccos", "arccos(x)",
       "The inverse cosine of each element.\n\nExample:\n    >>> arccos(1.0)\n    0.0"),
    UN(TN_ARCTAN, "arctan", "arctan(x)",
       "The inverse tangent of each element.\n\nExample:\n    >>> arctan(1.0)\n    0.7853981633974483"),
    UN(TN_SINH, "sinh", "sinh(x)",
       "The hyperbolic sine of each element.\n\nExample:\n    >>> sinh(0.0)\n    0.0"),
    UN(TN_COSH, "cosh", "cosh(x)",
       "The hyperbolic cosine of each element.\n\nExample:\n    >>> cosh(0.0)\n    1.0"),
    UN(TN_TANH, "tanh", "tanh(x)",
       "The hyperbolic tangent of each element, in (-1, 1).\n\n"
       "Example:\n    >>> tanh(0.0)\n    0.0"),
    UN(TN_FLOOR, "floor", "floor(x)",
       "The largest integer <= each element, as a float.\n\nExample:\n    >>> floor(-1.5)\n    -2.0"),
    UN(TN_CEIL, "ceil", "ceil(x)",
       "The smallest integer >= each element, as a float.\n\nExample:\n    >>> ceil(1.2)\n    2.0"),
    UN(TN_TRUNC, "trunc", "trunc(x)",
       "Each element with its fraction dropped (towards zero).\n\n"
       "Example:\n    >>> trunc(-1.7)\n    -1.0"),
    UN(TN_RINT, "rint", "rint(x)",
       "Each element rounded to the nearest integer, ties to even.\n\n"
       "Example:\n    >>> rint(2.5)\n    2.0"),
    UN(TN_SIGMOID, "sigmoid", "sigmoid(x)",
       "1 / (1 + exp(-x)) for each element, computed without overflow (SciPy calls it\n"
       "expit; NumPy has no name for it).\n\n"
       "Example:\n    >>> sigmoid(0.0)\n    0.5"),
    UN(TN_ISNAN, "isnan", "isnan(x)",
       "True where an element is nan.\n\nExample:\n    >>> isnan(nan)\n    True"),
    UN(TN_ISINF, "isinf", "isinf(x)",
       "True where an element is +inf or -inf.\n\nExample:\n    >>> isinf(inf)\n    True"),
    UN(TN_ISFINITE, "isfinite", "isfinite(x)",
       "True where an element is neither nan nor infinite.\n\n"
       "Example:\n    >>> isfinite(1.0)\n    True"),
    UN(TN_LOGICAL_NOT, "logical_not", "logical_not(x)",
       "True where an element is zero or False.\n\nExample:\n    >>> logical_not(0)\n    True"),
    BIN(TN_ADD, "add", "add(x1, x2)",
        "x1 + x2 elementwise, with broadcasting.\n\nExample:\n    >>> add(2, 3)\n    5"),
    BIN(TN_SUB, "subtract", "subtract(x1, x2)",
        "x1 - x2 elementwise.\n\nExample:\n    >>> subtract(2, 3)\n    -1"),
    BIN(TN_MUL, "multiply", "multiply(x1, x2)",
        "x1 * x2 elementwise.\n\nExample:\n    >>> multiply(2, 3)\n    6"),
    BIN(TN_DIV, "divide", "divide(x1, x2)",
        "x1 / x2 elementwise (integers give f64; x / 0 is inf or nan).\n\n"
        "Example:\n    >>> divide(1, 4)\n    0.25"),
    BIN(TN_DIV, "true_divide", "true_divide(x1, x2)",
        "The same as divide.\n\nExample:\n    >>> true_divide(1, 4)\n    0.25"),
    BIN(TN_FLOORDIV, "floor_divide", "floor_divide(x1, x2)",
        "x1 // x2 elementwise.\n\nExample:\n    >>> floor_divide(7, 2)\n    3"),
    BIN(TN_MOD, "remainder", "remainder(x1, x2)",
        "x1 % x2 elementwise, with the sign of x2.\n\nExample:\n    >>> remainder(-7, 3)\n    2"),
    BIN(TN_MOD, "mod", "mod(x1, x2)",
        "The same as remainder.\n\nExample:\n    >>> mod(7, 3)\n    1"),
    BIN(TN_POW, "power", "power(x1, x2)",
        "x1 ** x2 elementwise.\n\nExample:\n    >>> power(2, 10)\n    1024"),
    BIN(TN_EQ, "equal", "equal(x1, x2)",
        "x1 == x2 elementwise.\n\nExample:\n    >>> equal(2, 2.0)\n    True"),
    BIN(TN_NE, "not_equal", "not_equal(x1, x2)",
        "x1 != x2 elementwise.\n\nExample:\n    >>> not_equal(2, 3)\n    True"),
    BIN(TN_LT, "less", "less(x1, x2)",
        "x1 < x2 elementwise.\n\nExample:\n    >>> less(2, 3)\n    True"),
    BIN(TN_LE, "less_equal", "less_equal(x1, x2)",
        "x1 <= x2 elementwise.\n\nExample:\n    >>> less_equal(3, 3)\n    True"),
    BIN(TN_GT, "greater", "greater(x1, x2)",
        "x1 > x2 elementwise.\n\nExample:\n    >>> greater(2, 3)\n    False"),
    BIN(TN_GE, "greater_equal", "greater_equal(x1, x2)",
        "x1 >= x2 elementwise.\n\nExample:\n    >>> greater_equal(2, 3)\n    False"),
    BIN(TN_AND, "bitwise_and", "bitwise_and(x1, x2)",
        "x1 & x2 elementwise (bool and integer tensors).\n\n"
        "Example:\n    >>> bitwise_and(12, 10)\n    8"),
    BIN(TN_OR, "bitwise_or", "bitwise_or(x1, x2)",
        "x1 | x2 elementwise.\n\nExample:\n    >>> bitwise_or(12, 10)\n    14"),
    BIN(TN_XOR, "bitwise_xor", "bitwise_xor(x1, x2)",
        "x1 ^ x2 elementwise.\n\nExample:\n    >>> bitwise_xor(12, 10)\n    6"),
    BIN(TN_MAXIMUM, "maximum", "maximum(x1, x2)",
        "The larger of x1 and x2 at each position (nan if either is nan). For the\n"
        "largest element of one tensor use max(x).\n\n"
        "Example:\n    >>> maximum(2, 3.5)\n    3.5"),
    BIN(TN_MINIMUM, "minimum", "minimum(x1, x2)",
        "The smaller of x1 and x2 at each position (nan if either is nan).\n\n"
        "Example:\n    >>> minimum(2, 3.5)\n    2.0"),
    BIN(TN_ARCTAN2, "arctan2", "arctan2(x1, x2)",
        "The angle of the point (x2, x1) in radians, in [-pi, pi].\n\n"
        "Example:\n    >>> arctan2(1.0, 1.0)\n    0.7853981633974483"),
    BIN(TN_HYPOT, "hypot", "hypot(x1, x2)",
        "sqrt(x1**2 + x2**2) elementwise, without overflow.\n\n"
        "Example:\n    >>> hypot(3, 4)\n    5.0"),
    BIN(TN_LOGICAL_AND, "logical_and", "logical_and(x1, x2)",
        "True where both are non-zero.\n\nExample:\n    >>> logical_and(1, 0)\n    False"),
    BIN(TN_LOGICAL_OR, "logical_or", "logical_or(x1, x2)",
        "True where either is non-zero.\n\nExample:\n    >>> logical_or(1, 0)\n    True"),
    {"matmul", fn_matmul, 2, 2, "matmul(x1, x2)",
     "The matrix product x1 @ x2, as NumPy: 2-D @ 2-D is the usual product, a 1-D operand\n"
     "is a vector (its axis is dropped from the result), more axes are stacks of\n"
     "matrices that broadcast.\n\n"
     "Example:\n    >>> matmul([[1, 2], [3, 4]], [1, 1]).tolist()\n    [3, 7]"},
    {"isclose", fn_isclose, 2, 5, "isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)",
     "True where a and b are equal within a tolerance: |a - b| <= atol + rtol * |b|\n"
     "(infinities must match exactly; nan matches nan only with equal_nan=True).\n\n"
     "Example:\n    >>> isclose([1.0, 2.0], [1.0 + 1e-9, 2.1]).tolist()\n    [True, False]"},
    {"allclose", fn_allclose, 2, 5, "allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)",
     "Whether every element of a is close to b (see isclose; a and b broadcast). The\n"
     "usual check of a numerical answer.\n\n"
     "Example:\n    >>> allclose(0.1 + 0.2, 0.3)\n    True"},
    {"array_equal", fn_array_equal, 2, 3, "array_equal(a1, a2, equal_nan=False)",
     "True when a1 and a2 have the same shape and the same elements.\n\n"
     "Example:\n    >>> array_equal([1, 2], [1, 2]), array_equal([1, 2], [[1, 2]])\n"
     "    (True, False)"},
    {"dot", fn_dot, 2, 2, "dot(a, b)",
     "NumPy's dot: the inner product of two vectors, the matrix product of two matrices,\n"
     "and for more axes a sum over the last axis of a and the second-to-last of b. For\n"
     "stacks of matrices prefer matmul (@).\n\n"
     "Example:\n    >>> dot([1, 2, 3], [4, 5, 6])\n    32"},
    {"vdot", fn_vdot, 2, 2, "vdot(a, b)",
     "The dot product of a and b flattened (equal sizes).\n\n"
     "Example:\n    >>> vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]])\n    10"},
    {"inner", fn_inner, 2, 2, "inner(a, b)",
     "A sum of products over the last axes of a and b.\n\n"
     "Example:\n    >>> inner([1, 2], [[1, 0], [0, 1]]).tolist()\n    [1, 2]"},
    {"outer", fn_outer, 2, 2, "outer(a, b)",
     "out[i, j] = a[i] * b[j] for a and b flattened.\n\n"
     "Example:\n    >>> outer([1, 2], [1, 10]).tolist()\n    [[1, 10], [2, 20]]"},
    {"tensordot", fn_tensordot, 2, 3, "tensordot(a, b, axes=2)",
     "A sum of products over the last axes of a and the first of b (axes=N), or over the\n"
     "axis lists of axes=([...], [...]); the result has a's other axes, then b's.\n\n"
     "Example:\n    >>> tensordot(ones((2, 3)), ones((3, 4)), axes=1).shape\n    (2, 4)"},
    {"where", fn_where, 1, 3, "where(condition, x, y)",
     "x where condition is true, else y, elementwise with broadcasting. where(condition)\n"
     "alone gives the indices of the true elements, as nonzero(condition).\n\n"
     "Example:\n    >>> where([True, False, True], 1, 0).tolist()\n    [1, 0, 1]"},
    {"clip", fn_clip, 1, 3, "clip(a, a_min, a_max)",
     "Each element limited to [a_min, a_max]; either bound may be None.\n\n"
     "Example:\n    >>> clip([-2, 0, 5], 0, 3).tolist()\n    [0, 0, 3]"},
    {"around", fn_around, 1, 2, "around(a, decimals=0)",
     "Each element rounded to the given number of decimals, ties to even, computed as\n"
     "NumPy does: rint(x * 10**decimals) / 10**decimals (round(x, 2) does the same for\n"
     "tensors).\n\n"
     "Example:\n    >>> around([3.14159, 2.5], 2).tolist()\n    [3.14, 2.5]"},
    {"nan_to_num", fn_nan_to_num, 1, 5, "nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None)",
     "nan replaced by nan=, +inf by posinf= (default: the largest finite value) and -inf by\n"
     "neginf= (default: the most negative finite value).\n\n"
     "Example:\n    >>> nan_to_num([nan, 1.0, inf], posinf=9.0).tolist()\n    [0.0, 1.0, 9.0]"},
    {NULL, NULL, 0, 0, NULL, NULL},
};
#undef UN
#undef BIN

static const char *const elementwise_methods[] = {"clip", "dot", NULL};

bool tl_open_ops(VM *vm)
{
    vm_define_methods(vm, vm->types.tensor, operator_methods);
    tl_define(vm, elementwise_functions, elementwise_methods);
    return true;
}
