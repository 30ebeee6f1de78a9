/*
 * ops.c - what operators, attributes, indexing and iteration mean for each
 * kind of value.
 *
 * The interpreter loop handles the common int and float cases inline; it
 * comes here for everything else.  Builtin types answer in C; a value whose
 * class defines an operator method (__add__, __getitem__, ...) gets it
 * called, which is also how tensors join in: the tensor class's methods are
 * natives from the tensor library, so the VM needs no tensor knowledge.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/format.h"
#include "core/memory.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

/* ---- classes and names */

ObjClass *vm_class_of(VM *vm, Value v)
{
    switch (v.type) {
    case VAL_NONE: case VAL_UNDEF: return vm->types.none;
    case VAL_BOOL: return vm->types.bool_;
    case VAL_INT: return vm->types.int_;
    case VAL_FLOAT: return vm->types.float_;
    case VAL_OBJ: break;
    }
    switch (OBJ_TYPE(v)) {
    case OBJ_STR: return vm->types.str;
    case OBJ_LIST: return vm->types.list;
    case OBJ_TUPLE: return vm->types.tuple;
    case OBJ_DICT: return vm->types.dict;
    case OBJ_RANGE: return vm->types.range;
    case OBJ_SLICE: return vm->types.slice;
    case OBJ_FUNC: case OBJ_PROTO: return vm->types.function;
    case OBJ_NATIVE: return vm->types.builtin_function;
    case OBJ_BOUND: return vm->types.method;
    case OBJ_CLASS: return vm->types.class_;
    case OBJ_INSTANCE: return AS_INSTANCE(v)->klass;
    case OBJ_MODULE: return vm->types.module;
    case OBJ_ITER: return vm->types.iterator;
    case OBJ_TENSOR: return vm->types.tensor;
    case OBJ_USERDATA: return AS_USERDATA(v)->klass ? AS_USERDATA(v)->klass : vm->types.object;
    default: return vm->types.object;
    }
}

const char *value_type_name(VM *vm, Value v)
{
    if (IS_OBJ(v) && OBJ_TYPE(v) == OBJ_USERDATA && !AS_USERDATA(v)->klass)
        return AS_USERDATA(v)->type_name;
    return vm_class_of(vm, v)->name->chars;
}

/* Finds an attribute in a class or its bases; returns the class that has it. */
ObjClass *class_find_method_owner(ObjClass *klass, ObjString *name, Value *out)
{
    for (ObjClass *c = klass; c; c = c->base)
        if (dict_get_str(c->methods, name, out))
            return c;
    return NULL;
}

static bool find_method(VM *vm, Value v, ObjString *name, Value *out)
{
    return class_find_method_owner(vm_class_of(vm, v), name, out) != NULL;
}

bool vm_is_instance(VM *vm, Value v, ObjClass *klass)
{
    ObjClass *c = vm_class_of(vm, v);
    if (klass == vm->types.object)
        return true;
    if (klass == vm->types.int_ && IS_BOOL(v))
        return true; /* bool is a subclass of int */
    for (; c; c = c->base)
        if (c == klass)
            return true;
    return false;
}

/* Calls obj.name(args) if the class defines it; *found says whether it did. */
static bool call_special(VM *vm, Value obj, ObjString *name, int argc, Value *args,
                         Value *out, bool *found)
{
    Value method;
    *found = find_method(vm, obj, name, &method);
    if (!*found)
        return true;
    Value argv[4];
    argv[0] = obj;
    for (int i = 0; i < argc; i++)
        argv[i + 1] = args[i];
    return vm_call(vm, method, argc + 1, argv, out);
}

static bool is_not_implemented(VM *vm, Value v);

/* obj.__op__(arg), noting whether the result is a tensor fresh from a tensor
   operator (which no name holds yet): see VM.fresh_result. */
static bool call_operator(VM *vm, Value obj, ObjString *name, Value arg, Value *out, bool *found)
{
    Value method;
    *found = find_method(vm, obj, name, &method);
    vm->fresh_result = NULL;
    if (!*found)
        return true;
    Value argv[2] = {obj, arg};
    bool left_is_temp = vm->reuse_ok; /* the method may write into obj and return it */
    if (!vm_call(vm, method, 2, argv, out))
        return false;
    bool native = IS_NATIVE(method) && (IS_TENSOR(obj) || IS_TENSOR(arg));
    bool fresh = IS_OBJ(*out) && AS_OBJ(*out) != AS_OBJ(arg) &&
                 (AS_OBJ(*out) != AS_OBJ(obj) || left_is_temp);
    vm->fresh_result = native && IS_TENSOR(*out) && fresh ? AS_OBJ(*out) : NULL;
    return true;
}

/* Compares an int with a double exactly, as Python does: 2**53 + 1 is not
   equal to 2.0**53 even though converting it to a double would say so.
   Returns -1, 0, 1, or 2 when d is NaN (unordered). */
static int cmp_int_double(int64_t i, double d)
{
    if (d != d)
        return 2;
    if (d >= 9223372036854775808.0)
        return -1;
    if (d < -9223372036854775808.0)
        return 1;
    double t = d >= 0 ? floor(d) : ceil(d); /* d truncated: fits in int64 */
    int64_t ti = (int64_t)t;
    if (i != ti)
        return i < ti ? -1 : 1;
    /* equal integer parts: the fraction decides */
    return d > t ? -1 : d < t ? 1 : 0;
}

/* -1, 0, 1 for two numbers (bool, int or float), 2 when unordered (NaN). */
static int cmp_numbers(Value a, Value b)
{
    if (IS_FLOAT(a) && IS_FLOAT(b))
        return a.as.f < b.as.f ? -1 : a.as.f > b.as.f ? 1 : a.as.f == b.as.f ? 0 : 2;
    if (IS_FLOAT(b))
        return cmp_int_double(a.as.i, b.as.f);
    if (IS_FLOAT(a)) {
        int c = cmp_int_double(b.as.i, a.as.f);
        return c == 2 ? 2 : -c;
    }
    int64_t x = a.as.i, y = b.as.i;
    return (x > y) - (x < y);
}

/* ---- truth, equality, order */

bool value_truthy(VM *vm, Value v, bool *out)
{
    switch (v.type) {
    case VAL_NONE: case VAL_UNDEF: *out = false; return true;
    case VAL_BOOL: *out = AS_BOOL(v); return true;
    case VAL_INT: *out = v.as.i != 0; return true;
    case VAL_FLOAT: *out = v.as.f != 0.0; return true;
    case VAL_OBJ: break;
    }
    switch (OBJ_TYPE(v)) {
    case OBJ_STR: *out = AS_STR(v)->length > 0; return true;
    case OBJ_LIST: *out = AS_LIST(v)->items.count > 0; return true;
    case OBJ_TUPLE: *out = AS_TUPLE(v)->count > 0; return true;
    case OBJ_DICT: *out = AS_DICT(v)->count > 0; return true;
    case OBJ_RANGE: {
        int64_t n;
        vm_len(vm, v, &n);
        *out = n > 0;
        return true;
    }
    case OBJ_INSTANCE:
    case OBJ_TENSOR: {
        bool found;
        Value r;
        if (!call_special(vm, v, vm->names.bool_, 0, NULL, &r, &found))
            return false;
        if (found) {
            if (!IS_BOOL(r))
                return vm_raise(vm, vm->exc.type_error, "__bool__ should return bool, returned %s",
                                value_type_name(vm, r));
            *out = AS_BOOL(r);
            return true;
        }
        if (!call_special(vm, v, vm->names.len, 0, NULL, &r, &found))
            return false;
        *out = found ? (IS_INT(r) && AS_INT(r) != 0) : true;
        return true;
    }
    default: *out = true; return true;
    }
}

bool value_identical(Value a, Value b)
{
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case VAL_NONE: case VAL_UNDEF: return true;
    case VAL_BOOL: return a.as.i == b.as.i;
    case VAL_INT: return a.as.i == b.as.i;
    case VAL_FLOAT: return a.as.f == b.as.f;
    case VAL_OBJ: return a.as.obj == b.as.obj;
    }
    return false;
}

/* Containers nested deeper than this compare with an error, not a C stack overflow. */
enum { COMPARE_DEPTH_MAX = 800 };

static bool sequences_equal(VM *vm, Value *a, int na, Value *b, int nb, bool *out)
{
    if (na != nb) {
        *out = false;
        return true;
    }
    if (vm->compare_depth >= COMPARE_DEPTH_MAX)
        return vm_raise(vm, vm->exc.recursion_error,
                        "maximum recursion depth exceeded while comparing nested containers");
    for (int i = 0; i < na; i++) {
        bool eq;
        vm->compare_depth++;
        bool ok = value_equal(vm, a[i], b[i], &eq);
        vm->compare_depth--;
        if (!ok)
            return false;
        if (!eq) {
            *out = false;
            return true;
        }
    }
    *out = true;
    return true;
}

/* Python's == for builtin values; tensors and instances defer to __eq__,
   whose result may be a tensor (so callers that need a bool use this). */
bool value_equal(VM *vm, Value a, Value b, bool *out)
{
    if (IS_NUMBER(a) && IS_NUMBER(b)) {
        *out = cmp_numbers(a, b) == 0;
        return true;
    }
    if (!IS_OBJ(a) || !IS_OBJ(b)) {
        *out = a.type == b.type && (a.type == VAL_NONE || a.type == VAL_UNDEF);
        return true;
    }
    if (AS_OBJ(a) == AS_OBJ(b) && !IS_TENSOR(a)) {
        *out = true;
        return true;
    }
    ObjType ta = OBJ_TYPE(a), tb = OBJ_TYPE(b);
    if (ta == OBJ_STR && tb == OBJ_STR) {
        *out = str_equal(AS_STR(a), AS_STR(b));
        return true;
    }
    if (ta == OBJ_LIST && tb == OBJ_LIST)
        return sequences_equal(vm, AS_LIST(a)->items.items, AS_LIST(a)->items.count,
                               AS_LIST(b)->items.items, AS_LIST(b)->items.count, out);
    if (ta == OBJ_TUPLE && tb == OBJ_TUPLE)
        return sequences_equal(vm, AS_TUPLE(a)->items, AS_TUPLE(a)->count, AS_TUPLE(b)->items,
                               AS_TUPLE(b)->count, out);
    if (ta == OBJ_DICT && tb == OBJ_DICT) {
        ObjDict *x = AS_DICT(a), *y = AS_DICT(b);
        if (x->count != y->count) {
            *out = false;
            return true;
        }
        Value k, v, w;
        for (int32_t i = 0; dict_next(x, &i, &k, &v);) {
            if (!dict_get(vm, y, k, &w)) {
                *out = false;
                return true;
            }
            bool eq;
            if (vm->compare_depth >= COMPARE_DEPTH_MAX)
                return vm_raise(vm, vm->exc.recursion_error,
                                "maximum recursion depth exceeded while comparing nested containers");
            vm->compare_depth++;
            bool ok = value_equal(vm, v, w, &eq);
            vm->compare_depth--;
            if (!ok)
                return false;
            if (!eq) {
                *out = false;
                return true;
            }
        }
        *out = true;
        return true;
    }
    if (ta == OBJ_RANGE && tb == OBJ_RANGE) {
        ObjRange *x = AS_RANGE(a), *y = AS_RANGE(b);
        *out = x->start == y->start && x->stop == y->stop && x->step == y->step;
        return true;
    }
    if (ta == OBJ_INSTANCE || tb == OBJ_INSTANCE || ta == OBJ_TENSOR || tb == OBJ_TENSOR) {
        /* a's __eq__, then b's; without either, identity */
        Value r;
        bool found;
        if (!call_special(vm, a, vm->names.eq, 1, &b, &r, &found))
            return false;
        if (!found || is_not_implemented(vm, r)) {
            if (!call_special(vm, b, vm->names.eq, 1, &a, &r, &found))
                return false;
        }
        if (!found || is_not_implemented(vm, r)) {
            *out = AS_OBJ(a) == AS_OBJ(b);
            return true;
        }
        return value_truthy(vm, r, out);
    }
    *out = false;
    return true;
}

static int cmp_int(int64_t a, int64_t b) { return (a > b) - (a < b); }

static bool compare_sequences(VM *vm, Value *a, int na, Value *b, int nb, int *out)
{
    int n = na < nb ? na : nb;
    if (vm->compare_depth >= COMPARE_DEPTH_MAX)
        return vm_raise(vm, vm->exc.recursion_error,
                        "maximum recursion depth exceeded while comparing nested containers");
    for (int i = 0; i < n; i++) {
        bool eq;
        vm->compare_depth++;
        bool ok = value_equal(vm, a[i], b[i], &eq) && (eq || value_compare(vm, a[i], b[i], out));
        vm->compare_depth--;
        if (!ok)
            return false;
        if (!eq)
            return true;
    }
    *out = cmp_int(na, nb);
    return true;
}

bool value_compare(VM *vm, Value a, Value b, int *out)
{
    if (IS_NUMBER(a) && IS_NUMBER(b)) {
        int c = cmp_numbers(a, b);
        *out = c == 2 ? 0 : c; /* NaN sorts as equal to everything, as in Python's sort */
        return true;
    }
    if (IS_STR(a) && IS_STR(b)) {
        ObjString *x = AS_STR(a), *y = AS_STR(b);
        int n = x->length < y->length ? x->length : y->length;
        int c = memcmp(x->chars, y->chars, (size_t)n);
        *out = c ? (c > 0) - (c < 0) : cmp_int(x->length, y->length);
        return true;
    }
    if (IS_LIST(a) && IS_LIST(b))
        return compare_sequences(vm, AS_LIST(a)->items.items, AS_LIST(a)->items.count,
                                 AS_LIST(b)->items.items, AS_LIST(b)->items.count, out);
    if (IS_TUPLE(a) && IS_TUPLE(b))
        return compare_sequences(vm, AS_TUPLE(a)->items, AS_TUPLE(a)->count, AS_TUPLE(b)->items,
                                 AS_TUPLE(b)->count, out);
    if (IS_INSTANCE(a) || IS_INSTANCE(b)) {
        /* only __lt__ is needed, as for Python's sort: a < b, else b < a */
        Value r;
        bool found, lt;
        if (!call_special(vm, a, vm->names.lt, 1, &b, &r, &found))
            return false;
        if (found && !is_not_implemented(vm, r)) {
            if (!value_truthy(vm, r, &lt))
                return false;
            if (lt) {
                *out = -1;
                return true;
            }
            if (!call_special(vm, b, vm->names.lt, 1, &a, &r, &found))
                return false;
            if (!found || is_not_implemented(vm, r)) {
                *out = 0;
                return true;
            }
            if (!value_truthy(vm, r, &lt))
                return false;
            *out = lt ? 1 : 0;
            return true;
        }
    }
    return vm_raise(vm, vm->exc.type_error, "'<' is not supported between instances of '%s' and '%s'",
                    value_type_name(vm, a), value_type_name(vm, b));
}

/* ---- arithmetic */

static const char *op_symbol(OpCode op)
{
    switch (op) {
    case OP_ADD: return "+"; case OP_SUB: return "-"; case OP_MUL: return "*";
    case OP_DIV: return "/"; case OP_FLOORDIV: return "//"; case OP_MOD: return "%";
    case OP_POW: return "**"; case OP_MATMUL: return "@"; case OP_BITAND: return "&";
    case OP_BITOR: return "|"; case OP_BITXOR: return "^"; case OP_LSHIFT: return "<<";
    case OP_RSHIFT: return ">>"; case OP_EQ: return "=="; case OP_NE: return "!=";
    case OP_LT: return "<"; case OP_LE: return "<="; case OP_GT: return ">";
    case OP_GE: return ">="; case OP_IN: return "in"; case OP_NOT_IN: return "not in";
    default: return "?";
    }
}

static bool overflow(VM *vm, OpCode op, int64_t a, int64_t b)
{
    return vm_raise(vm, vm->exc.overflow_error,
                    "integer overflow: %lld %s %lld does not fit in a 64-bit int",
                    (long long)a, op_symbol(op), (long long)b);
}

static bool int_pow(VM *vm, int64_t base, int64_t exp, Value *out)
{
    if (exp < 0) {
        if (base == 0)
            return vm_raise(vm, vm->exc.zero_division_error,
                            "0 cannot be raised to a negative power");
        *out = FLOAT_VAL(pow((double)base, (double)exp));
        return true;
    }
    int64_t result = 1, b = base, e = exp;
    while (e > 0) {
        if (e & 1) {
            if (__builtin_mul_overflow(result, b, &result))
                return overflow(vm, OP_POW, base, exp);
        }
        e >>= 1;
        if (e > 0 && __builtin_mul_overflow(b, b, &b))
            return overflow(vm, OP_POW, base, exp);
    }
    *out = INT_VAL(result);
    return true;
}

static double py_fmod(double a, double b)
{
    double m = fmod(a, b);
    if (m != 0 && ((m < 0) != (b < 0)))
        m += b;
    else if (m == 0)
        m = copysign(0.0, b);
    return m;
}

/* int (or bool) op int, with Python's semantics and overflow as an error. */
static bool int_arith(VM *vm, OpCode op, int64_t a, int64_t b, Value *out)
{
    int64_t r;
    switch (op) {
    case OP_ADD: if (__builtin_add_overflow(a, b, &r)) return overflow(vm, op, a, b); break;
    case OP_SUB: if (__builtin_sub_overflow(a, b, &r)) return overflow(vm, op, a, b); break;
    case OP_MUL: if (__builtin_mul_overflow(a, b, &r)) return overflow(vm, op, a, b); break;
    case OP_DIV:
        if (b == 0)
            return vm_raise(vm, vm->exc.zero_division_error, "division by zero");
        *out = FLOAT_VAL((double)a / (double)b);
        return true;
    case OP_FLOORDIV:
    case OP_MOD: {
        if (b == 0)
            return vm_raise(vm, vm->exc.zero_division_error, "integer %s by zero",
                            op == OP_MOD ? "modulo" : "division");
        if (a == INT64_MIN && b == -1) {
            if (op == OP_MOD) {
                *out = INT_VAL(0);
                return true;
            }
            return overflow(vm, op, a, b);
        }
        int64_t q = a / b, m = a % b;
        if (m != 0 && ((m < 0) != (b < 0))) {
            q -= 1;
            m += b;
        }
        *out = INT_VAL(op == OP_MOD ? m : q);
        return true;
    }
    case OP_POW: return int_pow(vm, a, b, out);
    case OP_BITAND: r = a & b; break;
    case OP_BITOR: r = a | b; break;
    case OP_BITXOR: r = a ^ b; break;
    case OP_LSHIFT:
        if (b < 0)
            return vm_raise(vm, vm->exc.value_error, "negative shift count");
        if (b >= 63 || (a != 0 && (a > (INT64_MAX >> b) || a < (INT64_MIN >> b))))
            return overflow(vm, op, a, b);
        r = (int64_t)((uint64_t)a << b);
        break;
    case OP_RSHIFT:
        if (b < 0)
            return vm_raise(vm, vm->exc.value_error, "negative shift count");
        r = b >= 63 ? (a < 0 ? -1 : 0) : a >> b;
        break;
    default: return false;
    }
    *out = INT_VAL(r);
    return true;
}

static bool float_arith(VM *vm, OpCode op, double a, double b, Value *out)
{
    switch (op) {
    case OP_ADD: *out = FLOAT_VAL(a + b); return true;
    case OP_SUB: *out = FLOAT_VAL(a - b); return true;
    case OP_MUL: *out = FLOAT_VAL(a * b); return true;
    case OP_DIV:
        if (b == 0)
            return vm_raise(vm, vm->exc.zero_division_error, "float division by zero");
        *out = FLOAT_VAL(a / b);
        return true;
    case OP_FLOORDIV:
        if (b == 0)
            return vm_raise(vm, vm->exc.zero_division_error, "float floor division by zero");
        *out = FLOAT_VAL(floor(a / b));
        return true;
    case OP_MOD:
        if (b == 0)
            return vm_raise(vm, vm->exc.zero_division_error, "float modulo by zero");
        *out = FLOAT_VAL(py_fmod(a, b));
        return true;
    case OP_POW:
        if (a == 0 && b < 0)
            return vm_raise(vm, vm->exc.zero_division_error, "0.0 cannot be raised to a negative power");
        if (a < 0 && b != floor(b))
            return vm_raise(vm, vm->exc.value_error,
                            "a negative number raised to a fractional power has no real result");
        *out = FLOAT_VAL(pow(a, b));
        return true;
    default:
        return false;
    }
}

static bool compare_result(VM *vm, OpCode op, Value a, Value b, Value *out)
{
    if (op == OP_EQ || op == OP_NE) {
        bool eq;
        if (!value_equal(vm, a, b, &eq))
            return false;
        *out = BOOL_VAL(op == OP_EQ ? eq : !eq);
        return true;
    }
    if (IS_NUMBER(a) && IS_NUMBER(b)) {
        int c = cmp_numbers(a, b); /* 2: NaN, every order comparison is false */
        bool r = c != 2 && (op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0);
        *out = BOOL_VAL(r);
        return true;
    }
    int c;
    if (!value_compare(vm, a, b, &c))
        return false;
    bool r = op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0;
    *out = BOOL_VAL(r);
    return true;
}

static ObjString *op_method(VM *vm, OpCode op, bool reflected)
{
    Names *n = &vm->names;
    switch (op) {
    case OP_ADD: return reflected ? n->radd : n->add;
    case OP_SUB: return reflected ? n->rsub : n->sub;
    case OP_MUL: return reflected ? n->rmul : n->mul;
    case OP_DIV: return reflected ? n->rtruediv : n->truediv;
    case OP_FLOORDIV: return reflected ? n->rfloordiv : n->floordiv;
    case OP_MOD: return reflected ? n->rmod : n->mod;
    case OP_POW: return reflected ? n->rpow : n->pow;
    case OP_MATMUL: return reflected ? n->rmatmul : n->matmul;
    case OP_BITAND: return n->and_;
    case OP_BITOR: return n->or_;
    case OP_BITXOR: return n->xor;
    case OP_LSHIFT: return n->lshift;
    case OP_RSHIFT: return n->rshift;
    case OP_EQ: return n->eq;
    case OP_NE: return n->ne;
    case OP_LT: return reflected ? n->gt : n->lt;
    case OP_LE: return reflected ? n->ge : n->le;
    case OP_GT: return reflected ? n->lt : n->gt;
    case OP_GE: return reflected ? n->le : n->ge;
    default: return NULL;
    }
}

static bool is_not_implemented(VM *vm, Value v)
{
    Value ni;
    return IS_OBJ(v) && dict_get_str(vm->builtins, vm->names.not_implemented, &ni) &&
           IS_OBJ(ni) && AS_OBJ(ni) == AS_OBJ(v);
}

static bool repeat_sequence(VM *vm, Value seq, int64_t times, Value *out)
{
    if (times < 0)
        times = 0;
    if (IS_STR(seq)) {
        ObjString *s = AS_STR(seq);
        if (times > 0 && (int64_t)s->length * times > INT32_MAX - 64)
            return vm_raise(vm, vm->exc.memory_error, "repeated string would be too long");
        size_t len = (size_t)s->length * (size_t)times;
        char *buf = mem_alloc(vm, len + 1);
        if (!buf)
            return vm_raise_oom(vm);
        for (int64_t i = 0; i < times; i++)
            memcpy(buf + (size_t)i * (size_t)s->length, s->chars, (size_t)s->length);
        ObjString *r = str_new(vm, buf, len);
        mem_free(vm, buf, len + 1);
        if (!r)
            return false;
        *out = OBJ_VAL(r);
        return true;
    }
    bool is_list = IS_LIST(seq);
    Value *items = is_list ? AS_LIST(seq)->items.items : AS_TUPLE(seq)->items;
    int n = is_list ? AS_LIST(seq)->items.count : AS_TUPLE(seq)->count;
    if (times > 0 && (int64_t)n * times > INT32_MAX / 2)
        return vm_raise(vm, vm->exc.memory_error, "repeated sequence would be too long");
    int total = (int)(n * times);
    if (is_list) {
        ObjList *l = list_new(vm, total);
        if (!l)
            return false;
        items = AS_LIST(seq)->items.items;
        for (int i = 0; i < total; i++)
            l->items.items[i] = items[i % n];
        l->items.count = total;
        *out = OBJ_VAL(l);
    } else {
        ObjTuple *t = tuple_new(vm, total);
        if (!t)
            return false;
        items = AS_TUPLE(seq)->items;
        for (int i = 0; i < total; i++)
            t->items[i] = items[i % n];
        *out = OBJ_VAL(t);
    }
    return true;
}

static bool concat_sequences(VM *vm, Value a, Value b, Value *out)
{
    if (IS_STR(a)) {
        ObjString *s = str_concat(vm, AS_STR(a), AS_STR(b));
        if (!s)
            return false;
        *out = OBJ_VAL(s);
        return true;
    }
    if (IS_LIST(a)) {
        ObjList *x = AS_LIST(a), *y = AS_LIST(b);
        ObjList *l = list_new(vm, x->items.count + y->items.count);
        if (!l)
            return false;
        values_copy(l->items.items, x->items.items, (size_t)(x->items.count));
        values_copy(l->items.items ? l->items.items + x->items.count : NULL, y->items.items, (size_t)(y->items.count));
        l->items.count = x->items.count + y->items.count;
        *out = OBJ_VAL(l);
        return true;
    }
    ObjTuple *x = AS_TUPLE(a), *y = AS_TUPLE(b);
    ObjTuple *t = tuple_new(vm, x->count + y->count);
    if (!t)
        return false;
    values_copy(t->items, x->items, (size_t)(x->count));
    values_copy(t->items + x->count, y->items, (size_t)(y->count));
    *out = OBJ_VAL(t);
    return true;
}

bool vm_binary_op(VM *vm, OpCode op, Value a, Value b, Value *out)
{
    bool is_cmp = op >= OP_EQ && op <= OP_GE;
    /* numbers */
    if (IS_NUMBER(a) && IS_NUMBER(b)) {
        if (is_cmp)
            return compare_result(vm, op, a, b, out);
        if (!IS_FLOAT(a) && !IS_FLOAT(b)) {
            int64_t x = a.as.i, y = b.as.i;
            if (IS_BOOL(a) && IS_BOOL(b) && (op == OP_BITAND || op == OP_BITOR || op == OP_BITXOR)) {
                bool r = op == OP_BITAND ? (x & y) : op == OP_BITOR ? (x | y) : (x ^ y);
                *out = BOOL_VAL(r);
                return true;
            }
            if (op != OP_MATMUL)
                return int_arith(vm, op, x, y, out);
        } else if (op <= OP_POW && op != OP_MATMUL) {
            return float_arith(vm, op, value_to_double(a), value_to_double(b), out);
        }
    }
    /* builtin sequences */
    if (IS_OBJ(a) && IS_OBJ(b) && OBJ_TYPE(a) == OBJ_TYPE(b) &&
        (IS_STR(a) || IS_LIST(a) || IS_TUPLE(a))) {
        if (op == OP_ADD)
            return concat_sequences(vm, a, b, out);
        if (is_cmp)
            return compare_result(vm, op, a, b, out);
    }
    if (op == OP_MUL && (IS_STR(a) || IS_LIST(a) || IS_TUPLE(a)) && (IS_INT(b) || IS_BOOL(b)))
        return repeat_sequence(vm, a, b.as.i, out);
    if (op == OP_MUL && (IS_STR(b) || IS_LIST(b) || IS_TUPLE(b)) && (IS_INT(a) || IS_BOOL(a)))
        return repeat_sequence(vm, b, a.as.i, out);
    if (op == OP_MOD && IS_STR(a))
        return vm_raise(vm, vm->exc.type_error, "'%%' formatting of strings is not supported: "
                                                "use an f-string such as f\"{x:.3f}\"");

    /* operator methods: a.__op__(b), then b.__rop__(a) */
    ObjString *name = op_method(vm, op, false);
    Obj *reuse = vm->reuse_left;
    vm->reuse_left = NULL;
    if (name && (IS_OBJ(a))) {
        bool found;
        vm->reuse_ok = reuse && AS_OBJ(a) == reuse && reuse == vm->fresh_result;
        bool ok = call_operator(vm, a, name, b, out, &found);
        vm->reuse_ok = false;
        if (!ok)
            return false;
        if (found && !is_not_implemented(vm, *out))
            return true;
    }
    ObjString *rname = op_method(vm, op, true);
    if (rname && IS_OBJ(b) && (!IS_OBJ(a) || vm_class_of(vm, a) != vm_class_of(vm, b) ||
                               op == OP_EQ || op == OP_NE)) {
        bool found;
        if (!call_operator(vm, b, rname, a, out, &found))
            return false;
        if (found && !is_not_implemented(vm, *out))
            return true;
    }
    if (is_cmp)
        return compare_result(vm, op, a, b, out);
    return vm_raise(vm, vm->exc.type_error, "unsupported operand types for %s: %s and %s",
                    op_symbol(op), value_type_name(vm, a), value_type_name(vm, b));
}

bool vm_unary_op(VM *vm, OpCode op, Value a, Value *out)
{
    switch (a.type) {
    case VAL_INT:
    case VAL_BOOL: {
        int64_t x = a.as.i;
        if (op == OP_NEG) {
            if (x == INT64_MIN)
                return vm_raise(vm, vm->exc.overflow_error, "integer overflow: -(%lld)", (long long)x);
            *out = INT_VAL(-x);
        } else if (op == OP_POS) {
            *out = INT_VAL(x);
        } else {
            *out = INT_VAL(~x);
        }
        return true;
    }
    case VAL_FLOAT:
        if (op == OP_INVERT)
            break;
        *out = FLOAT_VAL(op == OP_NEG ? -a.as.f : a.as.f);
        return true;
    default:
        break;
    }
    ObjString *name = op == OP_NEG ? vm->names.neg : op == OP_POS ? vm->names.pos : vm->names.invert;
    if (IS_OBJ(a)) {
        bool found;
        if (!call_special(vm, a, name, 0, NULL, out, &found))
            return false;
        if (found)
            return true;
    }
    return vm_raise(vm, vm->exc.type_error, "bad operand type for unary %s: %s",
                    op == OP_NEG ? "-" : op == OP_POS ? "+" : "~", value_type_name(vm, a));
}

/* x op= y: lists extend in place; a class's __iadd__ family is called;
   everything else is x = x op y. */
bool vm_inplace_op(VM *vm, OpCode op, Value a, Value b, Value *out)
{
    if (op == OP_ADD && IS_LIST(a)) {
        ObjList *l = vm_to_list(vm, b);
        if (!l)
            return false;
        ObjList *dst = AS_LIST(a);
        for (int i = 0; i < l->items.count; i++)
            if (!list_append(vm, dst, l->items.items[i]))
                return false;
        *out = a;
        return true;
    }
    if (IS_OBJ(a) && (IS_INSTANCE(a) || IS_TENSOR(a))) {
        char name[32];
        ObjString *base = op_method(vm, op, false);
        if (base) {
            snprintf(name, sizeof name, "__i%s", base->chars + 2);
            ObjString *iname = str_from_cstr(vm, name);
            if (!iname)
                return false;
            bool found;
            if (!call_special(vm, a, iname, 1, &b, out, &found))
                return false;
            if (found && !is_not_implemented(vm, *out))
                return true;
        }
    }
    return vm_binary_op(vm, op, a, b, out);
}

/* ---- containers */

/* Characters = bytes that are not continuation bytes (10xxxxxx); counted
   eight bytes at a time, since len() of a long text should not crawl.  The
   per-byte flags are summed by a multiply, not a popcount: without -mpopcnt
   that is a library call. */
static size_t utf8_char_count(const char *s, size_t len)
{
    size_t cont = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t high = w & 0x8080808080808080ULL;        /* bit 7 set */
        uint64_t next = (w << 1) & 0x8080808080808080ULL; /* bit 6 set, moved up */
        uint64_t flags = (high & ~next) >> 7;             /* 1 in each continuation byte */
        cont += (size_t)((flags * 0x0101010101010101ULL) >> 56);
    }
    for (; i < len; i++)
        cont += ((uint8_t)s[i] & 0xc0) == 0x80;
    return len - cont;
}

/* Byte offset of the index-th character of s (index may equal the count). */
static size_t utf8_offset(const char *s, size_t len, size_t index)
{
    size_t seen = 0;
    for (size_t i = 0; i < len; i++) {
        if (((uint8_t)s[i] & 0xc0) != 0x80) {
            if (seen == index)
                return i;
            seen++;
        }
    }
    return len;
}

bool vm_len(VM *vm, Value v, int64_t *out)
{
    if (IS_OBJ(v)) {
        switch (OBJ_TYPE(v)) {
        case OBJ_STR:
            *out = (int64_t)utf8_char_count(AS_STR(v)->chars, (size_t)AS_STR(v)->length);
            return true;
        case OBJ_LIST: *out = AS_LIST(v)->items.count; return true;
        case OBJ_TUPLE: *out = AS_TUPLE(v)->count; return true;
        case OBJ_DICT: *out = AS_DICT(v)->count; return true;
        case OBJ_RANGE: {
            ObjRange *r = AS_RANGE(v);
            int64_t n = 0;
            if (r->step > 0 && r->start < r->stop)
                n = (int64_t)(((uint64_t)r->stop - (uint64_t)r->start - 1) / (uint64_t)r->step + 1);
            else if (r->step < 0 && r->start > r->stop)
                n = (int64_t)(((uint64_t)r->start - (uint64_t)r->stop - 1) / (uint64_t)(-r->step) + 1);
            *out = n;
            return true;
        }
        default: {
            bool found;
            Value r;
            if (!call_special(vm, v, vm->names.len, 0, NULL, &r, &found))
                return false;
            if (found) {
                if (!IS_INT(r) || AS_INT(r) < 0)
                    return vm_raise(vm, vm->exc.type_error, "__len__ must return a non-negative int");
                *out = AS_INT(r);
                return true;
            }
        }
        }
    }
    return vm_raise(vm, vm->exc.type_error, "object of type '%s' has no len()", value_type_name(vm, v));
}

/* Python's slice.indices(): clamps start/stop for a sequence of length n. */
bool vm_slice_indices(VM *vm, ObjSlice *s, int64_t n, int64_t *start, int64_t *stop, int64_t *step,
                      int64_t *count)
{
    int64_t st = 1;
    if (!IS_NONE(s->step)) {
        if (!IS_INT(s->step) && !IS_BOOL(s->step))
            return vm_raise(vm, vm->exc.type_error, "slice step must be an int, not %s",
                            value_type_name(vm, s->step));
        st = IS_INT(s->step) ? AS_INT(s->step) : AS_BOOL(s->step);
        if (st == 0)
            return vm_raise(vm, vm->exc.value_error, "slice step cannot be zero");
    }
    int64_t lo, hi;
    Value bounds[2] = {s->start, s->stop};
    int64_t *outs[2] = {&lo, &hi};
    for (int k = 0; k < 2; k++) {
        Value b = bounds[k];
        int64_t v;
        if (IS_NONE(b)) {
            v = (k == 0) == (st > 0) ? (st > 0 ? 0 : n - 1) : (st > 0 ? n : -1);
            if (k == 0)
                v = st > 0 ? 0 : n - 1;
            else
                v = st > 0 ? n : -1;
            *outs[k] = v;
            continue;
        }
        if (!IS_INT(b) && !IS_BOOL(b))
            return vm_raise(vm, vm->exc.type_error, "slice indices must be ints or None, not %s",
                            value_type_name(vm, b));
        v = IS_INT(b) ? AS_INT(b) : AS_BOOL(b);
        if (v < 0) {
            v += n;
            if (v < 0)
                v = st > 0 ? 0 : -1;
        } else if (v >= n) {
            v = st > 0 ? n : n - 1;
        }
        *outs[k] = v;
    }
    *start = lo;
    *stop = hi;
    *step = st;
    int64_t c = 0;
    if (st > 0 && lo < hi)
        c = (hi - lo - 1) / st + 1;
    else if (st < 0 && hi < lo)
        c = (lo - hi - 1) / (-st) + 1;
    *count = c;
    return true;
}

static bool normalize_index(VM *vm, Value index, int64_t n, const char *what, int64_t *out)
{
    if (!IS_INT(index) && !IS_BOOL(index))
        return vm_raise(vm, vm->exc.type_error, "%s indices must be ints or slices, not %s", what,
                        value_type_name(vm, index));
    int64_t i = IS_INT(index) ? AS_INT(index) : AS_BOOL(index);
    int64_t orig = i;
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return vm_raise(vm, vm->exc.index_error,
                        "%s index %lld is out of range for a %s of length %lld", what,
                        (long long)orig, what, (long long)n);
    *out = i;
    return true;
}

static bool index_string(VM *vm, ObjString *s, Value index, Value *out)
{
    size_t nbytes = (size_t)s->length;
    size_t nchars = utf8_char_count(s->chars, nbytes);
    bool ascii = nchars == nbytes;
    if (is_obj_type(index, OBJ_SLICE)) {
        int64_t start, stop, step, count;
        if (!vm_slice_indices(vm, (ObjSlice *)AS_OBJ(index), (int64_t)nchars, &start, &stop, &step, &count))
            return false;
        StrBuf b;
        sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
        for (int64_t k = 0, i = start; k < count; k++, i += step) {
            size_t off = ascii ? (size_t)i : utf8_offset(s->chars, nbytes, (size_t)i);
            size_t end = ascii ? off + 1 : utf8_offset(s->chars, nbytes, (size_t)i + 1);
            sb_append(&b, s->chars + off, end - off);
        }
        if (b.failed) {
            sb_free(&b);
            return vm_raise_oom(vm);
        }
        ObjString *r = str_new(vm, b.data ? b.data : "", b.len);
        sb_free(&b);
        if (!r)
            return false;
        *out = OBJ_VAL(r);
        return true;
    }
    int64_t i;
    if (!normalize_index(vm, index, (int64_t)nchars, "string", &i))
        return false;
    size_t off = ascii ? (size_t)i : utf8_offset(s->chars, nbytes, (size_t)i);
    size_t end = ascii ? off + 1 : utf8_offset(s->chars, nbytes, (size_t)i + 1);
    ObjString *r = str_new(vm, s->chars + off, end - off);
    if (!r)
        return false;
    *out = OBJ_VAL(r);
    return true;
}

static bool index_items(VM *vm, Value *items, int n, bool is_list, Value index, Value *out)
{
    const char *what = is_list ? "list" : "tuple";
    if (is_obj_type(index, OBJ_SLICE)) {
        int64_t start, stop, step, count;
        if (!vm_slice_indices(vm, (ObjSlice *)AS_OBJ(index), n, &start, &stop, &step, &count))
            return false;
        if (is_list) {
            ObjList *l = list_new(vm, (int)count);
            if (!l)
                return false;
            for (int64_t k = 0, i = start; k < count; k++, i += step)
                l->items.items[k] = items[i];
            l->items.count = (int)count;
            *out = OBJ_VAL(l);
        } else {
            ObjTuple *t = tuple_new(vm, (int)count);
            if (!t)
                return false;
            for (int64_t k = 0, i = start; k < count; k++, i += step)
                t->items[k] = items[i];
            *out = OBJ_VAL(t);
        }
        return true;
    }
    int64_t i = 0;
    if (!normalize_index(vm, index, n, what, &i))
        return false;
    *out = items[i];
    return true;
}

bool vm_get_index(VM *vm, Value obj, Value index, Value *out)
{
    if (IS_OBJ(obj)) {
        switch (OBJ_TYPE(obj)) {
        case OBJ_LIST: {
            ObjList *l = AS_LIST(obj);
            if (IS_INT(index)) { /* the common case, inline */
                int64_t i = AS_INT(index);
                if (i < 0)
                    i += l->items.count;
                if (i >= 0 && i < l->items.count) {
                    *out = l->items.items[i];
                    return true;
                }
            }
            return index_items(vm, l->items.items, l->items.count, true, index, out);
        }
        case OBJ_TUPLE:
            return index_items(vm, AS_TUPLE(obj)->items, AS_TUPLE(obj)->count, false, index, out);
        case OBJ_STR: return index_string(vm, AS_STR(obj), index, out);
        case OBJ_DICT:
            if (dict_get(vm, AS_DICT(obj), index, out))
                return true;
            if (!IS_UNDEF(vm->exception))
                return false;
            return vm_raise_key_error(vm, index);
        case OBJ_RANGE: {
            ObjRange *r = AS_RANGE(obj);
            int64_t n, i;
            vm_len(vm, obj, &n);
            if (!normalize_index(vm, index, n, "range", &i))
                return false;
            *out = INT_VAL(r->start + i * r->step);
            return true;
        }
        default: {
            bool found;
            if (!call_special(vm, obj, vm->names.getitem, 1, &index, out, &found))
                return false;
            if (found)
                return true;
        }
        }
    }
    return vm_raise(vm, vm->exc.type_error, "'%s' object is not subscriptable", value_type_name(vm, obj));
}

bool vm_set_index(VM *vm, Value obj, Value index, Value value)
{
    if (IS_LIST(obj)) {
        ObjList *l = AS_LIST(obj);
        if (is_obj_type(index, OBJ_SLICE)) {
            int64_t start, stop, step, count;
            if (!vm_slice_indices(vm, (ObjSlice *)AS_OBJ(index), l->items.count, &start, &stop, &step, &count))
                return false;
            gc_push_root(vm, value);
            ObjList *src = vm_to_list(vm, value);
            gc_pop_roots(vm, 1);
            if (!src)
                return false;
            if (step != 1) {
                if (src->items.count != count)
                    return vm_raise(vm, vm->exc.value_error,
                                    "cannot assign %d items to an extended slice of %lld",
                                    src->items.count, (long long)count);
                for (int64_t k = 0, i = start; k < count; k++, i += step)
                    l->items.items[i] = src->items.items[k];
                return true;
            }
            if (stop < start)
                stop = start;
            /* replace items [start, stop) by src */
            int64_t n = l->items.count, m = src->items.count;
            int64_t newn = n - (stop - start) + m;
            gc_push_root(vm, OBJ_VAL(src));
            while (l->items.cap < newn)
                if (!list_append(vm, l, NONE_VAL)) {
                    gc_pop_roots(vm, 1);
                    return false;
                }
            gc_pop_roots(vm, 1);
            values_move(&l->items.items[start + m], &l->items.items[stop], (size_t)(n - stop));
            values_copy(&l->items.items[start], src->items.items, (size_t)(m));
            l->items.count = (int)newn;
            return true;
        }
        int64_t i;
        if (!normalize_index(vm, index, l->items.count, "list", &i))
            return false;
        l->items.items[i] = value;
        return true;
    }
    if (IS_DICT(obj))
        return dict_set(vm, AS_DICT(obj), index, value);
    if (IS_OBJ(obj)) {
        bool found;
        Value args[2] = {index, value}, r;
        if (!call_special(vm, obj, vm->names.setitem, 2, args, &r, &found))
            return false;
        if (found)
            return true;
    }
    if (IS_STR(obj) || IS_TUPLE(obj))
        return vm_raise(vm, vm->exc.type_error, "'%s' object does not support item assignment "
                        "(it is immutable: build a new one instead)", value_type_name(vm, obj));
    return vm_raise(vm, vm->exc.type_error, "'%s' object does not support item assignment",
                    value_type_name(vm, obj));
}

bool vm_del_index(VM *vm, Value obj, Value index)
{
    if (IS_LIST(obj)) {
        ObjList *l = AS_LIST(obj);
        if (is_obj_type(index, OBJ_SLICE)) {
            int64_t start, stop, step, count;
            if (!vm_slice_indices(vm, (ObjSlice *)AS_OBJ(index), l->items.count, &start, &stop, &step, &count))
                return false;
            /* remove the selected items, keeping order */
            int w = 0;
            for (int r = 0; r < l->items.count; r++) {
                bool selected = false;
                if (count > 0) {
                    int64_t d = r - start;
                    selected = d % step == 0 && d / step >= 0 && d / step < count;
                }
                if (!selected)
                    l->items.items[w++] = l->items.items[r];
            }
            l->items.count = w;
            return true;
        }
        int64_t i;
        if (!normalize_index(vm, index, l->items.count, "list", &i))
            return false;
        list_pop(l, i);
        return true;
    }
    if (IS_DICT(obj)) {
        if (dict_delete(vm, AS_DICT(obj), index))
            return true;
        if (!IS_UNDEF(vm->exception))
            return false;
        return vm_raise_key_error(vm, index);
    }
    if (IS_OBJ(obj)) {
        bool found;
        Value r;
        if (!call_special(vm, obj, vm->names.delitem, 1, &index, &r, &found))
            return false;
        if (found)
            return true;
    }
    return vm_raise(vm, vm->exc.type_error, "'%s' object does not support item deletion",
                    value_type_name(vm, obj));
}

bool vm_contains(VM *vm, Value container, Value item, bool *out)
{
    if (IS_OBJ(container)) {
        switch (OBJ_TYPE(container)) {
        case OBJ_STR: {
            if (!IS_STR(item))
                return vm_raise(vm, vm->exc.type_error, "'in <string>' requires a string on the left, not %s",
                                value_type_name(vm, item));
            ObjString *h = AS_STR(container), *n = AS_STR(item);
            *out = n->length == 0 || memmem(h->chars, (size_t)h->length, n->chars, (size_t)n->length) != NULL;
            return true;
        }
        case OBJ_DICT: {
            Value v;
            *out = dict_get(vm, AS_DICT(container), item, &v);
            return IS_UNDEF(vm->exception);
        }
        case OBJ_RANGE: {
            ObjRange *r = AS_RANGE(container);
            if (!IS_INT(item)) {
                *out = false;
                break; /* fall back to iteration for floats */
            }
            int64_t x = AS_INT(item);
            bool inside = r->step > 0 ? (x >= r->start && x < r->stop) : (x <= r->start && x > r->stop);
            *out = inside && (x - r->start) % r->step == 0;
            return true;
        }
        case OBJ_INSTANCE:
        case OBJ_TENSOR: {
            bool found;
            Value r;
            if (!call_special(vm, container, vm->names.contains, 1, &item, &r, &found))
                return false;
            if (found)
                return value_truthy(vm, r, out);
            break;
        }
        default: break;
        }
    }
    Value it;
    if (!vm_get_iter(vm, container, &it))
        return false;
    gc_push_root(vm, it);
    Value v;
    int status;
    *out = false;
    while ((status = vm_iter_next(vm, it, &v)) == 1) {
        bool eq;
        if (!value_equal(vm, v, item, &eq)) {
            status = -1;
            break;
        }
        if (eq) {
            *out = true;
            break;
        }
    }
    gc_pop_roots(vm, 1);
    return status != -1;
}

/* ---- attributes */

/* Decodes UTF-8 into at most 40 codepoints; returns the count, or 99 if longer. */
static int decode_codepoints(const char *s, uint32_t *out)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (n == 40)
            return 99;
        uint32_t c = *p++;
        if (c >= 0xc0) {
            int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
            c &= 0x3f >> extra;
            while (extra-- && (*p & 0xc0) == 0x80)
                c = (c << 6) | (*p++ & 0x3f);
        }
        out[n++] = c;
    }
    return n;
}

/* Edit distance in characters (with transpositions), for "did you mean". */
static int edit_distance(const char *sa, const char *sb)
{
    uint32_t a[40], b[40];
    int la = decode_codepoints(sa, a), lb = decode_codepoints(sb, b);
    if (la > 40 || lb > 40)
        return 99;
    int d[41][41];
    for (int i = 0; i <= la; i++) d[i][0] = i;
    for (int j = 0; j <= lb; j++) d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int m = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < m) m = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < m) m = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m)
                m = d[i - 2][j - 2] + 1;
            d[i][j] = m;
        }
    return d[la][lb];
}

const char *vm_suggest(const char *name, ObjDict **dicts, int ndicts, ObjString **extra, int nextra)
{
    const char *best = NULL;
    /* at most one edit for short names, two for longer ones */
    int best_d = ((int)strlen(name) <= 3 ? 1 : 2) + 1;
    for (int k = 0; k < nextra; k++) {
        if (!extra[k] || strcmp(extra[k]->chars, name) == 0)
            continue;
        int d = edit_distance(name, extra[k]->chars);
        if (d < best_d) {
            best_d = d;
            best = extra[k]->chars;
        }
    }
    for (int k = 0; k < ndicts; k++) {
        if (!dicts[k])
            continue;
        Value key;
        for (int32_t i = 0; dict_next(dicts[k], &i, &key, NULL);) {
            if (!IS_STR(key))
                continue;
            const char *cand = AS_CSTR(key);
            if (cand[0] == '_' && name[0] != '_')
                continue;
            int d = edit_distance(name, cand);
            if (d < best_d) {
                best_d = d;
                best = cand;
            }
        }
    }
    return best;
}

static bool attribute_error(VM *vm, Value obj, ObjString *name)
{
    ObjDict *dicts[8];
    int n = 0;
    if (IS_INSTANCE(obj))
        dicts[n++] = AS_INSTANCE(obj)->fields;
    if (IS_MODULE(obj))
        dicts[n++] = AS_MODULE(obj)->globals;
    for (ObjClass *c = IS_CLASS(obj) ? AS_CLASS(obj) : vm_class_of(vm, obj); c && n < 8; c = c->base)
        dicts[n++] = c->methods;
    const char *hint = vm_suggest(name->chars, dicts, n, NULL, 0);
    char suffix[160] = "";
    if (hint)
        snprintf(suffix, sizeof suffix, " — did you mean '%s'?", hint);
    if (IS_MODULE(obj))
        return vm_raise(vm, vm->exc.attribute_error, "module '%s' has no attribute '%s'%s",
                        AS_MODULE(obj)->name->chars, name->chars, suffix);
    if (IS_CLASS(obj))
        return vm_raise(vm, vm->exc.attribute_error, "class '%s' has no attribute '%s'%s",
                        AS_CLASS(obj)->name->chars, name->chars, suffix);
    return vm_raise(vm, vm->exc.attribute_error, "'%s' object has no attribute '%s'%s",
                    value_type_name(vm, obj), name->chars, suffix);
}

/* A function found on a class becomes a method bound to the receiver. */
static bool bind_if_method(VM *vm, Value obj, Value attr, Value *out)
{
    if (IS_FUNC(attr) || (IS_NATIVE(attr) && AS_NATIVE(attr)->is_method)) {
        ObjBound *b = bound_new(vm, obj, attr);
        if (!b)
            return false;
        *out = OBJ_VAL(b);
        return true;
    }
    *out = attr;
    return true;
}

bool vm_get_attr(VM *vm, Value obj, ObjString *name, Value *out)
{
    if (!name->interned && !(name = str_intern(vm, name)))
        return false; /* a name built at run time: getattr(x, "sh" + "ape") */
    if (IS_INSTANCE(obj)) {
        if (dict_get_str(AS_INSTANCE(obj)->fields, name, out))
            return true;
    } else if (IS_MODULE(obj)) {
        if (dict_get_str(AS_MODULE(obj)->globals, name, out))
            return true;
        return attribute_error(vm, obj, name);
    } else if (IS_CLASS(obj)) {
        if (class_find_method_owner(AS_CLASS(obj), name, out))
            return true;
        if (name == vm->names.name_) {
            *out = OBJ_VAL(AS_CLASS(obj)->name);
            return true;
        }
        return attribute_error(vm, obj, name);
    }
    ObjClass *klass = vm_class_of(vm, obj);
    Value attr;
    if (class_find_method_owner(klass, name, &attr))
        return bind_if_method(vm, obj, attr, out);
    if (IS_FUNC(obj) || IS_NATIVE(obj) || IS_BOUND(obj)) {
        if (name == vm->names.name_) {
            *out = IS_FUNC(obj) ? OBJ_VAL(AS_FUNC(obj)->proto->name)
                 : IS_NATIVE(obj) ? OBJ_VAL(str_from_cstr(vm, AS_NATIVE(obj)->name))
                                  : NONE_VAL;
            return !IS_OBJ(*out) || AS_OBJ(*out) || vm_raise_oom(vm);
        }
        if (name == vm->names.doc) {
            const char *d = IS_FUNC(obj) ? (AS_FUNC(obj)->proto->doc ? AS_FUNC(obj)->proto->doc->chars : NULL)
                          : IS_NATIVE(obj) ? AS_NATIVE(obj)->doc : NULL;
            *out = d ? OBJ_VAL(str_from_cstr(vm, d)) : NONE_VAL;
            return !IS_OBJ(*out) || AS_OBJ(*out) || vm_raise_oom(vm);
        }
    }
    if (name == vm->names.class_) {
        *out = OBJ_VAL(klass);
        return true;
    }
    /* __getattr__ is the fallback for attributes not found the usual way
       (the tensor class uses it for shape, dtype, T, ...). */
    Value getter;
    if (class_find_method_owner(klass, vm->names.getattr, &getter)) {
        Value args[2] = {obj, OBJ_VAL(name)};
        return vm_call(vm, getter, 2, args, out);
    }
    return attribute_error(vm, obj, name);
}

bool vm_set_attr(VM *vm, Value obj, ObjString *name, Value value)
{
    if (!name->interned) {
        gc_push_root(vm, value);
        name = str_intern(vm, name);
        gc_pop_roots(vm, 1);
        if (!name)
            return false;
    }
    if (IS_INSTANCE(obj))
        return dict_set_str(vm, AS_INSTANCE(obj)->fields, name, value);
    if (IS_CLASS(obj))
        return dict_set_str(vm, AS_CLASS(obj)->methods, name, value);
    if (IS_MODULE(obj))
        return dict_set_str(vm, AS_MODULE(obj)->globals, name, value);
    Value setter;
    if (class_find_method_owner(vm_class_of(vm, obj), vm->names.setattr, &setter)) {
        Value args[3] = {obj, OBJ_VAL(name), value}, r;
        return vm_call(vm, setter, 3, args, &r);
    }
    return vm_raise(vm, vm->exc.attribute_error, "cannot set attribute '%s' of a %s object",
                    name->chars, value_type_name(vm, obj));
}

/* ---- iteration */

bool vm_get_iter(VM *vm, Value v, Value *out)
{
    IterKind kind;
    if (IS_OBJ(v)) {
        switch (OBJ_TYPE(v)) {
        case OBJ_RANGE: kind = ITER_RANGE; break;
        case OBJ_LIST: kind = ITER_LIST; break;
        case OBJ_TUPLE: kind = ITER_TUPLE; break;
        case OBJ_STR: kind = ITER_STR; break;
        case OBJ_DICT: kind = ITER_DICT_KEYS; break;
        case OBJ_TENSOR: kind = ITER_TENSOR; break;
        case OBJ_ITER: *out = v; return true;
        default: {
            bool found;
            if (!call_special(vm, v, vm->names.iter, 0, NULL, out, &found))
                return false;
            if (found) {
                if (IS_INSTANCE(*out)) {
                    ObjIter *it = iter_new(vm, ITER_CUSTOM, *out);
                    if (!it)
                        return false;
                    *out = OBJ_VAL(it);
                }
                return true;
            }
            Value gi;
            if (find_method(vm, v, vm->names.getitem, &gi) && IS_INSTANCE(v)) {
                ObjIter *it = iter_new(vm, ITER_TENSOR, v); /* x[0], x[1], ... until IndexError */
                if (!it)
                    return false;
                it->stop = -1;
                *out = OBJ_VAL(it);
                return true;
            }
            return vm_raise(vm, vm->exc.type_error, "'%s' object is not iterable", value_type_name(vm, v));
        }
        }
    } else {
        return vm_raise(vm, vm->exc.type_error, "'%s' object is not iterable", value_type_name(vm, v));
    }
    ObjIter *it = iter_new(vm, kind, v);
    if (!it)
        return false;
    if (kind == ITER_RANGE) {
        ObjRange *r = AS_RANGE(v);
        it->pos = r->start;
        it->stop = r->stop;
        it->step = r->step;
    } else if (kind == ITER_TENSOR) {
        gc_push_root(vm, OBJ_VAL(it));
        int64_t n;
        bool ok = vm_len(vm, v, &n);
        gc_pop_roots(vm, 1);
        if (!ok)
            return false;
        it->stop = n;
    }
    *out = OBJ_VAL(it);
    return true;
}

int vm_iter_next(VM *vm, Value iter, Value *out)
{
    ObjIter *it = AS_ITER(iter);
    /* builtins that drain an iterator (sum, list, sorted) stop for Ctrl-C
       and the budget like a loop would */
    if (__builtin_expect(vm->interrupt || vm->budget_limit > 0, 0) && !vm_check_limits(vm))
        return -1;
    switch (it->kind) {
    case ITER_RANGE:
        if (it->step > 0 ? it->pos >= it->stop : it->pos <= it->stop)
            return 0;
        *out = INT_VAL(it->pos);
        if (__builtin_add_overflow(it->pos, it->step, &it->pos))
            it->pos = it->stop; /* the next call ends the loop */
        return 1;
    case ITER_LIST: {
        ObjList *l = AS_LIST(it->source);
        if (it->pos >= l->items.count)
            return 0;
        *out = l->items.items[it->pos++];
        return 1;
    }
    case ITER_TUPLE: {
        ObjTuple *t = AS_TUPLE(it->source);
        if (it->pos >= t->count)
            return 0;
        *out = t->items[it->pos++];
        return 1;
    }
    case ITER_STR: {
        ObjString *s = AS_STR(it->source);
        if (it->pos >= s->length)
            return 0;
        int64_t end = it->pos + 1;
        while (end < s->length && ((uint8_t)s->chars[end] & 0xc0) == 0x80)
            end++;
        ObjString *c = str_new(vm, s->chars + it->pos, (size_t)(end - it->pos));
        if (!c)
            return -1;
        it->pos = end;
        *out = OBJ_VAL(c);
        return 1;
    }
    case ITER_DICT_KEYS:
    case ITER_DICT_VALUES:
    case ITER_DICT_ITEMS: {
        ObjDict *d = AS_DICT(it->source);
        /* the size when iteration began (step marks it as recorded) */
        if (!it->step) {
            it->step = 1;
            it->stop = d->count;
        } else if (d->count != it->stop) {
            vm_raise(vm, vm->exc.runtime_error,
                     "dictionary changed size during iteration (iterate over list(d) to change d)");
            return -1;
        }
        int32_t pos = (int32_t)it->pos;
        Value k, v;
        if (!dict_next(d, &pos, &k, &v))
            return 0;
        it->pos = pos;
        if (it->kind == ITER_DICT_KEYS) {
            *out = k;
        } else if (it->kind == ITER_DICT_VALUES) {
            *out = v;
        } else {
            ObjTuple *t = tuple_new(vm, 2);
            if (!t)
                return -1;
            t->items[0] = k;
            t->items[1] = v;
            *out = OBJ_VAL(t);
        }
        return 1;
    }
    case ITER_TENSOR: {
        if (it->stop >= 0 && it->pos >= it->stop)
            return 0;
        if (!vm_get_index(vm, it->source, INT_VAL(it->pos), out)) {
            if (it->stop < 0 && vm_is_instance(vm, vm->exception, vm->exc.index_error)) {
                vm_clear_exception(vm);
                return 0;
            }
            return -1;
        }
        it->pos++;
        return 1;
    }
    case ITER_CUSTOM: {
        bool found;
        if (!call_special(vm, it->source, vm->names.next, 0, NULL, out, &found)) {
            if (vm_is_instance(vm, vm->exception, vm->exc.stop_iteration)) {
                vm_clear_exception(vm);
                return 0;
            }
            return -1;
        }
        if (!found) {
            vm_raise(vm, vm->exc.type_error, "__iter__ returned a '%s', which has no __next__ method",
                     value_type_name(vm, it->source));
            return -1;
        }
        return 1;
    }
    case ITER_ENUMERATE: {
        Value v;
        int s = vm_iter_next(vm, it->source, &v);
        if (s != 1)
            return s;
        gc_push_root(vm, v);
        ObjTuple *t = tuple_new(vm, 2);
        gc_pop_roots(vm, 1);
        if (!t)
            return -1;
        t->items[0] = INT_VAL(it->pos++);
        t->items[1] = v;
        *out = OBJ_VAL(t);
        return 1;
    }
    case ITER_ZIP: {
        ObjTuple *iters = AS_TUPLE(it->source);
        ObjTuple *t = tuple_new(vm, iters->count);
        if (!t)
            return -1;
        gc_push_root(vm, OBJ_VAL(t));
        for (int i = 0; i < iters->count; i++) {
            int s = vm_iter_next(vm, iters->items[i], &t->items[i]);
            if (s != 1) {
                gc_pop_roots(vm, 1);
                return s;
            }
        }
        gc_pop_roots(vm, 1);
        *out = OBJ_VAL(t);
        return 1;
    }
    case ITER_MAP: {
        ObjTuple *iters = AS_TUPLE(it->source);
        Value args[16];
        int n = iters->count < 16 ? iters->count : 16;
        for (int i = 0; i < n; i++) {
            int s = vm_iter_next(vm, iters->items[i], &args[i]);
            if (s != 1)
                return s;
            gc_push_root(vm, args[i]);
        }
        bool ok = vm_call(vm, it->extra, n, args, out);
        gc_pop_roots(vm, n);
        return ok ? 1 : -1;
    }
    case ITER_FILTER:
        for (;;) {
            Value v;
            int s = vm_iter_next(vm, it->source, &v);
            if (s != 1)
                return s;
            bool keep;
            if (IS_NONE(it->extra)) {
                if (!value_truthy(vm, v, &keep))
                    return -1;
            } else {
                Value r;
                gc_push_root(vm, v);
                bool ok = vm_call(vm, it->extra, 1, &v, &r) && value_truthy(vm, r, &keep);
                gc_pop_roots(vm, 1);
                if (!ok)
                    return -1;
            }
            if (keep) {
                *out = v;
                return 1;
            }
        }
    case ITER_REVERSED: {
        if (it->pos < 0)
            return 0;
        if (!vm_get_index(vm, it->source, INT_VAL(it->pos), out))
            return -1;
        it->pos--;
        return 1;
    }
    }
    return 0;
}

ObjList *vm_to_list(VM *vm, Value v)
{
    if (IS_LIST(v) || IS_TUPLE(v)) {
        Value *items = IS_LIST(v) ? AS_LIST(v)->items.items : AS_TUPLE(v)->items;
        int n = IS_LIST(v) ? AS_LIST(v)->items.count : AS_TUPLE(v)->count;
        ObjList *l = list_new(vm, n);
        if (!l)
            return NULL;
        items = IS_LIST(v) ? AS_LIST(v)->items.items : AS_TUPLE(v)->items;
        values_copy(l->items.items, items, (size_t)(n));
        l->items.count = n;
        return l;
    }
    Value it;
    if (!vm_get_iter(vm, v, &it))
        return NULL;
    gc_push_root(vm, it);
    ObjList *l = list_new(vm, 0);
    if (!l) {
        gc_pop_roots(vm, 1);
        return NULL;
    }
    gc_push_root(vm, OBJ_VAL(l));
    Value x;
    int s;
    while ((s = vm_iter_next(vm, it, &x)) == 1)
        if (!list_append(vm, l, x)) {
            s = -1;
            break;
        }
    gc_pop_roots(vm, 2);
    return s == -1 ? NULL : l;
}
