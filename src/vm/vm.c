/*
 * vm.c - the bytecode interpreter: calls, frames, the dispatch loop and
 * exception unwinding.
 *
 * Calling convention: a call's arguments sit on the stack, and become the
 * first locals of the callee's frame (frame->slots).  For a plain call the
 * callee itself sits just below them and the result replaces it; for a
 * method call the receiver is the first argument (self) and the result
 * replaces the receiver.  frame->ret says where the result goes.
 *
 * Errors: a failing operation raises (vm->exception is set) and the loop
 * unwinds to the innermost handler installed by a frame of this run; if
 * there is none, run() returns false to its C caller with the frames of
 * this run removed.
 */
#include "vm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/memory.h"
#include "front/compiler.h"
#include "lib/lib.h"
#include "vm/debug.h"
#include "vm/vm_internal.h"

static bool run(VM *vm, int base_frame);

/* ---- upvalues */

static ObjUpval *capture_upvalue(VM *vm, Value *slot)
{
    ObjUpval *prev = NULL, *u = vm->open_upvalues;
    while (u && u->location > slot) {
        prev = u;
        u = u->next_open;
    }
    if (u && u->location == slot)
        return u;
    ObjUpval *created = upval_new(vm, slot, (int32_t)(slot - vm->stack));
    if (!created)
        return NULL;
    created->next_open = u;
    if (prev)
        prev->next_open = created;
    else
        vm->open_upvalues = created;
    return created;
}

static void close_upvalues(VM *vm, Value *last)
{
    while (vm->open_upvalues && vm->open_upvalues->location >= last) {
        ObjUpval *u = vm->open_upvalues;
        u->closed = *u->location;
        u->location = &u->closed;
        vm->open_upvalues = u->next_open;
    }
}

/* ---- calls */

static bool arity_error(VM *vm, ObjProto *p, int given)
{
    return vm_raise(vm, vm->exc.type_error, "%s() takes %d positional argument%s but %d %s given",
                    p->qualname->chars, p->npositional, p->npositional == 1 ? "" : "s", given,
                    given == 1 ? "was" : "were");
}

/*
 * Binds positional args (already in slots[0..argc)) and keywords to the
 * parameters of p, filling defaults, *args and **kwargs.  Slots beyond the
 * parameters are set to UNDEF.
 */
static bool bind_arguments(VM *vm, ObjFunc *f, Value *slots, int argc, ObjDict *kwargs)
{
    ObjProto *p = f->proto;
    int npos = p->npositional;
    if (argc > npos && p->vararg_slot < 0)
        return arity_error(vm, p, argc);
    /* Everything below stays reachable: the extra arguments are still on
       the stack while their tuple is made, then the tuple is a temp root,
       then it and the **kwargs dict live in their slots. */
    Value extra = NONE_VAL;
    if (p->vararg_slot >= 0) {
        int nextra = argc > npos ? argc - npos : 0;
        ObjTuple *t = tuple_new(vm, nextra);
        if (!t)
            return false;
        values_copy(t->items, slots + npos, (size_t)nextra);
        extra = OBJ_VAL(t);
        if (argc > npos)
            argc = npos;
    }
    for (int i = argc; i < p->nlocals; i++)
        slots[i] = UNDEF_VAL;
    vm->sp = slots + p->nlocals;
    if (p->vararg_slot >= 0)
        slots[p->vararg_slot] = extra;
    if (p->kwarg_slot >= 0) {
        ObjDict *d = dict_new(vm);
        if (!d)
            return false;
        slots[p->kwarg_slot] = OBJ_VAL(d);
    }
    if (kwargs) {
        Value k, v;
        for (int32_t i = 0; dict_next(kwargs, &i, &k, &v);) {
            ObjString *name = AS_STR(k);
            int slot = -1;
            for (int j = 0; j < p->nparams; j++)
                if (str_equal(p->param_names[j], name) && j != p->vararg_slot && j != p->kwarg_slot) {
                    slot = j;
                    break;
                }
            if (slot < 0) {
                if (p->kwarg_slot >= 0) {
                    if (!dict_set(vm, AS_DICT(slots[p->kwarg_slot]), k, v))
                        return false;
                    continue;
                }
                return vm_raise(vm, vm->exc.type_error, "%s() got an unexpected keyword argument '%s'",
                                p->qualname->chars, name->chars);
            }
            if (!IS_UNDEF(slots[slot]))
                return vm_raise(vm, vm->exc.type_error, "%s() got multiple values for argument '%s'",
                                p->qualname->chars, name->chars);
            slots[slot] = v;
        }
    }
    /* Defaults are stored in parameter order: those of the last positional
       params first, then those of the keyword-only params that have one. */
    int kwonly_start = p->vararg_slot >= 0 ? p->vararg_slot + 1 : npos;
    int pos_defaults = p->ndefaults - p->nkwonly_defaults;
    for (int j = 0; j < npos; j++) {
        if (!IS_UNDEF(slots[j]))
            continue;
        int d = j - (npos - pos_defaults);
        if (d >= 0) {
            slots[j] = f->defaults[d];
            continue;
        }
        /* name the missing ones */
        int missing = 0;
        for (int m = j; m < npos - pos_defaults; m++)
            if (IS_UNDEF(slots[m]))
                missing++;
        return vm_raise(vm, vm->exc.type_error, "%s() missing %d required positional argument%s: '%s'",
                        p->qualname->chars, missing, missing == 1 ? "" : "s", p->param_names[j]->chars);
    }
    int d = pos_defaults;
    for (int j = kwonly_start; j < kwonly_start + p->nkwonly; j++) {
        bool has_default = p->kwonly_has_default & (1ull << (j - kwonly_start));
        Value dv = has_default ? f->defaults[d++] : UNDEF_VAL;
        if (IS_UNDEF(slots[j])) {
            if (!has_default)
                return vm_raise(vm, vm->exc.type_error, "%s() missing required keyword-only argument: '%s'",
                                p->qualname->chars, p->param_names[j]->chars);
            slots[j] = dv;
        }
    }
    return true;
}

/* Pushes a frame for f; its arguments are at args[0..argc). */
static bool call_function(VM *vm, ObjFunc *f, Value *args, int argc, ObjDict *kwargs, Value *ret,
                          bool is_init)
{
    ObjProto *p = f->proto;
    if (vm->frame_count == FRAMES_MAX)
        return vm_raise(vm, vm->exc.recursion_error,
                        "maximum recursion depth exceeded (%d calls deep) in %s()", FRAMES_MAX,
                        p->qualname->chars);
    if (args + p->nlocals + p->max_stack >= vm->stack + STACK_MAX)
        return vm_raise(vm, vm->exc.recursion_error,
                        "maximum recursion depth exceeded (the stack is full) in %s()",
                        p->qualname->chars);
    if (argc == p->npositional && !kwargs && p->vararg_slot < 0 && p->kwarg_slot < 0) {
        for (int i = argc; i < p->nlocals; i++)
            args[i] = UNDEF_VAL;
    } else {
        vm->sp = args + argc; /* keep the arguments alive while binding allocates */
        if (!bind_arguments(vm, f, args, argc, kwargs))
            return false;
    }
    CallFrame *frame = &vm->frames[vm->frame_count++];
    frame->func = f;
    frame->ip = p->chunk.code;
    frame->slots = args;
    frame->ret = ret;
    frame->is_init = is_init;
    frame->boundary = false;
    vm->sp = args + p->nlocals;
    return true;
}

static bool call_native(VM *vm, ObjNative *n, Value *args, int argc, ObjDict *kwargs, Value *ret)
{
    if (argc < n->min_args || (n->max_args >= 0 && argc > n->max_args)) {
        int shown = n->is_method ? 1 : 0;
        if (n->min_args == n->max_args)
            return vm_raise(vm, vm->exc.type_error, "%s() takes %d argument%s (%d given)", n->name,
                            n->min_args - shown, n->min_args - shown == 1 ? "" : "s", argc - shown);
        if (argc < n->min_args)
            return vm_raise(vm, vm->exc.type_error, "%s() takes at least %d argument%s (%d given)",
                            n->name, n->min_args - shown, n->min_args - shown == 1 ? "" : "s",
                            argc - shown);
        return vm_raise(vm, vm->exc.type_error, "%s() takes at most %d argument%s (%d given)", n->name,
                        n->max_args - shown, n->max_args - shown == 1 ? "" : "s", argc - shown);
    }
    if (vm->native_depth >= NATIVE_DEPTH_MAX)
        return vm_raise(vm, vm->exc.recursion_error, "maximum recursion depth exceeded in %s()", n->name);
    vm->sp = args + argc;
    Value result = NONE_VAL;
    vm->native_depth++;
    bool ok = n->fn(vm, argc, args, kwargs, &result);
    vm->native_depth--;
    if (!ok)
        return false;
    *ret = result;
    vm->sp = ret + 1;
    return true;
}

/*
 * Calls the value at args[-1] with args[0..argc).  A Nabla function gets a
 * new frame (run by the loop); anything else completes here.
 */
static bool call_value(VM *vm, Value callee, Value *args, int argc, ObjDict *kwargs)
{
    Value *ret = args - 1;
    if (!IS_OBJ(callee))
        goto not_callable;
    switch (OBJ_TYPE(callee)) {
    case OBJ_FUNC:
        return call_function(vm, AS_FUNC(callee), args, argc, kwargs, ret, false);
    case OBJ_NATIVE:
        return call_native(vm, AS_NATIVE(callee), args, argc, kwargs, ret);
    case OBJ_BOUND: {
        ObjBound *b = AS_BOUND(callee);
        Value method = b->method;
        *ret = b->receiver; /* the receiver becomes the first argument */
        gc_push_root(vm, method); /* the bound object itself is no longer on the stack */
        bool ok = IS_FUNC(method)
                      ? call_function(vm, AS_FUNC(method), ret, argc + 1, kwargs, ret, false)
                      : call_native(vm, AS_NATIVE(method), ret, argc + 1, kwargs, ret);
        gc_pop_roots(vm, 1);
        return ok;
    }
    case OBJ_CLASS: {
        ObjClass *k = AS_CLASS(callee);
        if (k->construct) {
            ObjNative tmp = {.fn = k->construct, .name = k->name->chars, .min_args = 0, .max_args = -1};
            /* the class stays at args[-1] for the constructor to see */
            vm->sp = args + argc;
            Value result = NONE_VAL;
            vm->native_depth++;
            bool ok = tmp.fn(vm, argc, args, kwargs, &result);
            vm->native_depth--;
            if (!ok)
                return false;
            *ret = result;
            vm->sp = ret + 1;
            return true;
        }
        ObjInstance *inst = instance_new(vm, k);
        if (!inst)
            return false;
        *ret = OBJ_VAL(inst);
        Value init;
        if (!class_find_method_owner(k, vm->names.init, &init)) {
            if (argc > 0 || (kwargs && kwargs->count))
                return vm_raise(vm, vm->exc.type_error, "%s() takes no arguments (it has no __init__)",
                                k->name->chars);
            vm->sp = ret + 1;
            return true;
        }
        if (IS_FUNC(init))
            return call_function(vm, AS_FUNC(init), ret, argc + 1, kwargs, ret, true);
        if (IS_NATIVE(init)) {
            Value keep = *ret;
            if (!call_native(vm, AS_NATIVE(init), ret, argc + 1, kwargs, ret))
                return false;
            *ret = keep;
            return true;
        }
        return vm_raise(vm, vm->exc.type_error, "%s.__init__ is not a function", k->name->chars);
    }
    case OBJ_INSTANCE: {
        Value call;
        if (class_find_method_owner(AS_INSTANCE(callee)->klass, vm->names.call, &call)) {
            *ret = callee; /* self */
            if (IS_FUNC(call))
                return call_function(vm, AS_FUNC(call), ret, argc + 1, kwargs, ret, false);
            if (IS_NATIVE(call))
                return call_native(vm, AS_NATIVE(call), ret, argc + 1, kwargs, ret);
        }
        break;
    }
    default:
        break;
    }
not_callable:
    return vm_raise(vm, vm->exc.type_error, "'%s' object is not callable", value_type_name(vm, callee));
}

/* Calls from C: runs the callee to completion. */
bool vm_call_kw(VM *vm, Value callee, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    /* calls made from C (sort keys, map) count against the budget too */
    if (__builtin_expect(vm->interrupt || vm->budget_limit > 0, 0) && !vm_check_limits(vm))
        return false;
    if (vm->sp + argc + 1 >= vm->stack + STACK_MAX)
        return vm_raise(vm, vm->exc.recursion_error, "maximum recursion depth exceeded");
    Value *base = vm->sp;
    vm_push(vm, callee);
    for (int i = 0; i < argc; i++)
        vm_push(vm, argv[i]);
    if (kwargs)
        gc_push_root(vm, OBJ_VAL(kwargs));
    int frames = vm->frame_count;
    bool ok = call_value(vm, callee, base + 1, argc, kwargs);
    if (kwargs)
        gc_pop_roots(vm, 1);
    if (ok && vm->frame_count > frames) {
        vm->frames[vm->frame_count - 1].boundary = true;
        vm->native_depth++;
        ok = run(vm, frames);
        vm->native_depth--;
    }
    if (ok)
        *out = *base;
    vm->sp = base;
    return ok;
}

bool vm_call(VM *vm, Value callee, int argc, Value *argv, Value *out)
{
    return vm_call_kw(vm, callee, argc, argv, NULL, out);
}

/* receiver.name(args...) with the receiver at args[0] (argc includes it). */
static bool invoke(VM *vm, ObjString *name, Value *args, int argc)
{
    Value receiver = args[0];
    Value method;
    if (IS_INSTANCE(receiver)) {
        ObjInstance *inst = AS_INSTANCE(receiver);
        if (dict_get_str(inst->fields, name, &method)) {
            args[0] = method; /* a callable stored in a field: no self */
            return call_value(vm, method, args + 1, argc - 1, NULL);
        }
        if (class_find_method_owner(inst->klass, name, &method)) {
            if (IS_FUNC(method))
                return call_function(vm, AS_FUNC(method), args, argc, NULL, args, false);
            if (IS_NATIVE(method) && AS_NATIVE(method)->is_method)
                return call_native(vm, AS_NATIVE(method), args, argc, NULL, args);
            args[0] = method;
            return call_value(vm, method, args + 1, argc - 1, NULL);
        }
    } else if (IS_MODULE(receiver) || IS_CLASS(receiver)) {
        if (!vm_get_attr(vm, receiver, name, &method))
            return false;
        args[0] = method;
        return call_value(vm, method, args + 1, argc - 1, NULL);
    } else if (class_find_method_owner(vm_class_of(vm, receiver), name, &method)) {
        if (IS_NATIVE(method) && AS_NATIVE(method)->is_method)
            return call_native(vm, AS_NATIVE(method), args, argc, NULL, args);
        if (IS_FUNC(method))
            return call_function(vm, AS_FUNC(method), args, argc, NULL, args, false);
    }
    /* the general path: get the attribute (which may bind), then call it */
    if (!vm_get_attr(vm, receiver, name, &method))
        return false;
    args[0] = method;
    return call_value(vm, method, args + 1, argc - 1, NULL);
}

/* ---- exceptions */

bool vm_raise_value(VM *vm, Value exc)
{
    vm_capture_trace(vm, exc);
    vm->exception = exc;
    return false;
}

void vm_clear_exception(VM *vm)
{
    vm->exception = UNDEF_VAL;
}

/*
 * Finds a handler for vm->exception among frames above base_frame.  On
 * success the stack and frames are cut back to the handler's and the
 * exception is pushed; returns false when the error must leave this run.
 */
static bool unwind(VM *vm, int base_frame)
{
    while (vm->handler_count > 0) {
        Handler *h = &vm->handlers[vm->handler_count - 1];
        if (h->frame_count <= base_frame)
            break;
        vm->handler_count--;
        if (h->frame_count > vm->frame_count)
            continue; /* left over from a frame already gone */
        Value *new_sp = vm->stack + h->stack_depth;
        close_upvalues(vm, new_sp);
        vm->frame_count = h->frame_count;
        vm->frames[vm->frame_count - 1].ip = h->target;
        vm->sp = new_sp;
        Value exc = vm->exception;
        vm->exception = UNDEF_VAL;
        vm_push(vm, exc);
        return true;
    }
    CallFrame *base = &vm->frames[base_frame];
    close_upvalues(vm, base_frame < vm->frame_count ? base->slots : vm->sp);
    vm->frame_count = base_frame;
    return false;
}

/* Ctrl-C (or the host's nb_interrupt) and the instruction budget, checked
   at backward jumps and calls: every loop and every recursion passes one. */
bool vm_check_limits(VM *vm)
{
    if (__builtin_expect(vm->interrupt != 0, 0)) {
        if (vm->interrupt == 1)
            vm->interrupt = 0;
        return vm_raise(vm, vm->exc.keyboard_interrupt, "interrupted");
    }
    if (vm->budget_limit > 0 && --vm->budget < 0) {
        vm->budget = 0; /* stays spent: the next check raises again */
        return vm_raise(vm, vm->exc.limit_error, "instruction budget of %lld exhausted",
                        (long long)vm->budget_limit);
    }
    return true;
}

/* ---- building values for the loop */

static bool build_bracket(VM *vm, Value *items, int n, bool nested, Value *out)
{
    bool all_numbers = n > 0, any_tensor = false;
    for (int i = 0; i < n; i++) {
        if (!IS_NUMBER(items[i]))
            all_numbers = false;
        if (IS_TENSOR(items[i]))
            any_tensor = true;
    }
    ObjList *l = list_new(vm, n);
    if (!l)
        return false;
    values_copy(l->items.items, items, (size_t)(n));
    l->items.count = n;
    *out = OBJ_VAL(l);
    ObjClass *tensor = vm->types.tensor;
    if (tensor && tensor->construct && (all_numbers || (nested && any_tensor))) {
        Value arg = *out;
        gc_push_root(vm, arg);
        Value *base = vm->sp; /* the constructor sees the class at argv[-1] */
        vm_push(vm, OBJ_VAL(tensor));
        vm_push(vm, arg);
        bool ok = tensor->construct(vm, 1, base + 1, NULL, out);
        vm->sp = base;
        gc_pop_roots(vm, 1);
        return ok;
    }
    return true;
}

static bool unpack(VM *vm, Value seq, int before, int after, bool starred, Value **sp)
{
    ObjList *l = NULL;
    Value *items;
    int n;
    if (IS_TUPLE(seq)) {
        items = AS_TUPLE(seq)->items;
        n = AS_TUPLE(seq)->count;
    } else if (IS_LIST(seq)) {
        items = AS_LIST(seq)->items.items;
        n = AS_LIST(seq)->items.count;
    } else {
        l = vm_to_list(vm, seq);
        if (!l)
            return false;
        items = l->items.items;
        n = l->items.count;
    }
    int want = before + after;
    if (!starred && n != want)
        return vm_raise(vm, vm->exc.value_error, n > want ? "too many values to unpack (expected %d, got %d)"
                                                          : "not enough values to unpack (expected %d, got %d)",
                        want, n);
    if (starred && n < want)
        return vm_raise(vm, vm->exc.value_error, "not enough values to unpack (expected at least %d, got %d)",
                        want, n);
    if (l)
        gc_push_root(vm, OBJ_VAL(l));
    ObjList *rest = NULL;
    if (starred) {
        rest = list_new(vm, n - want);
        if (!rest) {
            if (l)
                gc_pop_roots(vm, 1);
            return false;
        }
        items = l ? l->items.items : IS_TUPLE(seq) ? AS_TUPLE(seq)->items : AS_LIST(seq)->items.items;
        values_copy(rest->items.items, items + before, (size_t)(n - want));
        rest->items.count = n - want;
    }
    if (l)
        gc_pop_roots(vm, 1);
    /* push in reverse so the first target is stored first */
    Value *s = *sp;
    for (int i = n - 1; i >= n - after; i--)
        *s++ = items[i];
    if (starred)
        *s++ = OBJ_VAL(rest);
    for (int i = before - 1; i >= 0; i--)
        *s++ = items[i];
    *sp = s;
    return true;
}

static bool import_star(VM *vm, ObjModule *from, ObjModule *into)
{
    Value k, v;
    for (int32_t i = 0; dict_next(from->globals, &i, &k, &v);) {
        if (AS_CSTR(k)[0] == '_')
            continue;
        if (!dict_set(vm, into->globals, k, v))
            return false;
    }
    return true;
}

static bool exc_matches(VM *vm, Value exc, Value type, bool *out)
{
    if (IS_TUPLE(type)) {
        for (int i = 0; i < AS_TUPLE(type)->count; i++) {
            if (!exc_matches(vm, exc, AS_TUPLE(type)->items[i], out))
                return false;
            if (*out)
                return true;
        }
        *out = false;
        return true;
    }
    if (!IS_CLASS(type) || !AS_CLASS(type)->is_exception)
        return vm_raise(vm, vm->exc.type_error, "except needs an exception class, not %s",
                        value_type_name(vm, type));
    *out = vm_is_instance(vm, exc, AS_CLASS(type));
    return true;
}

static bool do_raise(VM *vm, Value v)
{
    if (IS_CLASS(v) && AS_CLASS(v)->is_exception) {
        if (!vm_call(vm, v, 0, NULL, &v))
            return false;
    }
    if (!IS_INSTANCE(v) || !AS_INSTANCE(v)->klass->is_exception)
        return vm_raise(vm, vm->exc.type_error, "exceptions must derive from Exception, not %s",
                        value_type_name(vm, v));
    /* A fresh raise records a fresh trace. */
    dict_delete(vm, AS_INSTANCE(v)->fields, OBJ_VAL(vm->names.traceback));
    return vm_raise_value(vm, v);
}

/* ---- arithmetic on plain numbers, inline in the loop */

enum { NUM_SLOW, NUM_INT, NUM_FLOAT, NUM_BOOL };

/* a op b when both are ints or floats and the answer needs no error or
   allocation: NUM_INT, NUM_FLOAT or NUM_BOOL (a comparison) with the answer
   in *i, *f or *t, or NUM_SLOW for vm_binary_op (any other operand, int
   overflow, a zero divisor, an operator without an inline case, and int
   compared with float, which must be exact).  Mixed int and float
   arithmetic converts the int, as Python does.  Inlined into every binary
   instruction, where op is a constant and the switch folds away.  The
   answer comes back as a scalar, not a Value: a Value built in memory and
   copied whole costs a store-forwarding stall when the next instruction
   reads its fields. */
static inline __attribute__((always_inline)) int number_binop(unsigned op, Value a, Value b, int64_t *i,
                                                              double *f, bool *t)
{
    if (IS_INT(a) && IS_INT(b)) {
        int64_t x = a.as.i, y = b.as.i, m;
        switch (op) {
        case OP_ADD: return __builtin_add_overflow(x, y, i) ? NUM_SLOW : NUM_INT;
        case OP_SUB: return __builtin_sub_overflow(x, y, i) ? NUM_SLOW : NUM_INT;
        case OP_MUL: return __builtin_mul_overflow(x, y, i) ? NUM_SLOW : NUM_INT;
        case OP_DIV:
            if (y == 0)
                return NUM_SLOW;
            *f = (double)x / (double)y;
            return NUM_FLOAT;
        case OP_FLOORDIV:
        case OP_MOD:
            /* rounds toward negative infinity; the remainder takes the
               divisor's sign */
            if (y == 0 || (y == -1 && x == INT64_MIN))
                return NUM_SLOW;
            m = x % y;
            if (op == OP_MOD)
                *i = m + (m != 0 && (m < 0) != (y < 0) ? y : 0);
            else
                *i = x / y - (m != 0 && (m < 0) != (y < 0));
            return NUM_INT;
        case OP_LT: *t = x < y; return NUM_BOOL;
        case OP_LE: *t = x <= y; return NUM_BOOL;
        case OP_GT: *t = x > y; return NUM_BOOL;
        case OP_GE: *t = x >= y; return NUM_BOOL;
        case OP_EQ: *t = x == y; return NUM_BOOL;
        case OP_NE: *t = x != y; return NUM_BOOL;
        default: return NUM_SLOW;
        }
    }
    double x, y;
    if (IS_FLOAT(a))
        x = a.as.f;
    else if (IS_INT(a))
        x = (double)a.as.i;
    else
        return NUM_SLOW;
    if (IS_FLOAT(b))
        y = b.as.f;
    else if (IS_INT(b))
        y = (double)b.as.i;
    else
        return NUM_SLOW;
    switch (op) {
    case OP_ADD: *f = x + y; return NUM_FLOAT;
    case OP_SUB: *f = x - y; return NUM_FLOAT;
    case OP_MUL: *f = x * y; return NUM_FLOAT;
    case OP_DIV:
        if (y == 0)
            return NUM_SLOW;
        *f = x / y;
        return NUM_FLOAT;
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_EQ: case OP_NE:
        if (a.type != b.type)
            return NUM_SLOW;
        *t = op == OP_LT ? x < y : op == OP_LE ? x <= y : op == OP_GT ? x > y
           : op == OP_GE ? x >= y : op == OP_EQ ? x == y : x != y;
        return NUM_BOOL;
    default:
        return NUM_SLOW;
    }
}

/* ---- the loop */

#define READ_BYTE() (*ip++)
#define READ_U16() (ip += 2, (uint16_t)(ip[-2] | (ip[-1] << 8)))
#define CONSTANT(i) (consts[i])
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define PEEK(n) (sp[-1 - (n)])

static bool run(VM *vm, int base_frame)
{
    CallFrame *frame;
    uint8_t *ip;
    Value *slots;
    Value *consts;      /* the running function's constants */
    Value *sp = vm->sp; /* kept in a register; vm->sp is synced before anything that
                           may allocate or call (SAVE_IP) and reloaded after calls */

/* Pushes a frame for f whose arguments are args[0..argc): the fast path of
   calls and method calls (call_function is the general one). */
#define ENTER_FRAME(f, args, argc, ret_slot)                                  \
    do {                                                                      \
        ObjProto *p_ = (f)->proto;                                            \
        for (int i_ = (argc); i_ < p_->nlocals; i_++)                         \
            (args)[i_] = UNDEF_VAL;                                           \
        frame->ip = ip;                                                       \
        frame = &vm->frames[vm->frame_count++];                               \
        frame->func = (f);                                                    \
        frame->ip = ip = p_->chunk.code;                                      \
        frame->slots = slots = (args);                                        \
        frame->ret = (ret_slot);                                              \
        frame->is_init = false;                                               \
        frame->boundary = false;                                              \
        consts = p_->chunk.constants.items;                                   \
        sp = (args) + p_->nlocals;                                            \
    } while (0)

#define LOAD_FRAME() \
    (frame = &vm->frames[vm->frame_count - 1], ip = frame->ip, slots = frame->slots, sp = vm->sp, \
     consts = frame->func->proto->chunk.constants.items)
#define SAVE_IP() (frame->ip = ip, vm->sp = sp)
#define THROW() goto on_error

    LOAD_FRAME();

#if defined(__GNUC__)
    static void *dispatch[OP_COUNT] = {
#define X(name, operands, effect, meaning) &&do_##name,
        OPCODES(X)
#undef X
    };
#ifdef NABLA_TRACE
#define NEXT() do { if (vm->trace) { SAVE_IP(); debug_instruction(vm, frame->func->proto, (int)(ip - frame->func->proto->chunk.code), stderr); } goto *dispatch[*ip++]; } while (0)
#else
#define NEXT() goto *dispatch[*ip++]
#endif
#define CASE(name) do_##name:
    Value lhs, rhs;     /* a binary instruction's operands, for its operator's tail */
    unsigned binop = 0; /* its op byte: an opcode, plus OPB_TEMP */
    int unbound = 0;    /* the local slot an unbound-local error names */
    NEXT();
#else
#error "the dispatch loop needs computed goto (GCC or Clang)"
#endif

    CASE(CONST) { uint16_t k = READ_U16(); PUSH(CONSTANT(k)); NEXT(); }
    CASE(NONE) { PUSH(NONE_VAL); NEXT(); }
    CASE(TRUE) { PUSH(BOOL_VAL(true)); NEXT(); }
    CASE(FALSE) { PUSH(BOOL_VAL(false)); NEXT(); }
    CASE(POP) { sp--; NEXT(); }
    CASE(DUP) { Value v = PEEK(0); PUSH(v); NEXT(); }
    CASE(DUP2) { Value a = PEEK(1), b = PEEK(0); PUSH(a); PUSH(b); NEXT(); }
    CASE(SWAP) { Value t = PEEK(0); PEEK(0) = PEEK(1); PEEK(1) = t; NEXT(); }
    CASE(ROT3) {
        Value c = PEEK(0);
        PEEK(0) = PEEK(1);
        PEEK(1) = PEEK(2);
        PEEK(2) = c;
        NEXT();
    }
    CASE(GET_LOCAL) {
        Value v = slots[READ_BYTE()];
        if (IS_UNDEF(v))
            goto unbound_local;
        PUSH(v);
        NEXT();
    }
unbound_local:
    unbound = ip[-1]; /* GET_LOCAL's operand */
unbound_named : {
        /* local slot `unbound` is read before it is assigned */
        SAVE_IP();
        ObjProto *p = frame->func->proto;
        ObjString *name = p->local_names ? p->local_names[unbound] : NULL;
        vm_raise(vm, vm->exc.name_error, "local variable '%s' is used before it is assigned a value",
                 name ? name->chars : "?");
        THROW();
    }
    CASE(SET_LOCAL) { slots[READ_BYTE()] = POP(); NEXT(); }
    CASE(DEL_LOCAL) { slots[READ_BYTE()] = UNDEF_VAL; NEXT(); }
    CASE(GET_UPVAL) { PUSH(*frame->func->upvalues[READ_BYTE()]->location); NEXT(); }
    CASE(SET_UPVAL) { *frame->func->upvalues[READ_BYTE()]->location = POP(); NEXT(); }
    CASE(GET_GLOBAL) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        /* The second operand caches where the name was found last time:
           an entry index in the module's globals, or (top bit) in the
           builtins.  A stale hint just misses. */
        uint16_t hint = READ_U16();
        ObjDict *globals = frame->func->module->globals;
        if (hint != 0xffff) {
            ObjDict *d = hint & 0x8000 ? vm->builtins : globals;
            int32_t e = hint & 0x7fff;
            if (e < d->used && IS_OBJ(d->entries[e].key) && AS_OBJ(d->entries[e].key) == (Obj *)name &&
                (!(hint & 0x8000) || !dict_get_str(globals, name, &(Value){0}))) {
                PUSH(d->entries[e].value);
                NEXT();
            }
        }
        Value v;
        bool in_builtins = false;
        if (dict_get_str(globals, name, &v) || (in_builtins = dict_get_str(vm->builtins, name, &v))) {
            ObjDict *d = in_builtins ? vm->builtins : globals;
            int32_t e = dict_find_entry(d, name);
            if (e >= 0 && e < 0x7fff) {
                uint16_t h = (uint16_t)(e | (in_builtins ? 0x8000 : 0));
                ip[-2] = (uint8_t)(h & 0xff);
                ip[-1] = (uint8_t)(h >> 8);
            }
            PUSH(v);
            NEXT();
        }
        SAVE_IP();
        ObjDict *dicts[2] = {frame->func->module->globals, vm->builtins};
        ObjProto *fp = frame->func->proto;
        const char *suggestion = vm_suggest(name->chars, dicts, 2, fp->local_names, fp->local_names ? fp->nlocals : 0);
        if (suggestion)
            vm_raise(vm, vm->exc.name_error, "name '%s' is not defined — did you mean '%s'?", name->chars, suggestion);
        else
            vm_raise(vm, vm->exc.name_error, "name '%s' is not defined", name->chars);
        THROW();
    }
    CASE(SET_GLOBAL) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        if (!dict_set_str(vm, frame->func->module->globals, name, PEEK(0)))
            THROW();
        sp--;
        NEXT();
    }
    CASE(DEL_GLOBAL) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        if (!dict_delete(vm, frame->func->module->globals, OBJ_VAL(name))) {
            vm_raise(vm, vm->exc.name_error, "name '%s' is not defined", name->chars);
            THROW();
        }
        NEXT();
    }
    CASE(GET_ATTR) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        Value v;
        if (!vm_get_attr(vm, PEEK(0), name, &v))
            THROW();
        PEEK(0) = v;
        NEXT();
    }
    CASE(SET_ATTR) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        if (!vm_set_attr(vm, PEEK(0), name, PEEK(1)))
            THROW();
        sp -= 2;
        NEXT();
    }
    CASE(DEL_ATTR) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        Value obj = PEEK(0);
        if (!IS_INSTANCE(obj) || !dict_delete(vm, AS_INSTANCE(obj)->fields, OBJ_VAL(name))) {
            vm_raise(vm, vm->exc.attribute_error, "cannot delete attribute '%s' of a %s", name->chars,
                     value_type_name(vm, obj));
            THROW();
        }
        sp--;
        NEXT();
    }
    CASE(GET_INDEX) {
        SAVE_IP();
        Value obj = PEEK(1), idx = PEEK(0);
        if (IS_LIST(obj) && IS_INT(idx)) {
            ObjList *l = AS_LIST(obj);
            int64_t i = AS_INT(idx);
            if (i < 0)
                i += l->items.count;
            if (i >= 0 && i < l->items.count) {
                sp--;
                PEEK(0) = l->items.items[i];
                NEXT();
            }
        }
        Value v;
        if (!vm_get_index(vm, obj, idx, &v))
            THROW();
        sp--;
        PEEK(0) = v;
        NEXT();
    }
    CASE(SET_INDEX) {
        SAVE_IP();
        Value obj = PEEK(1), idx = PEEK(0), val = PEEK(2);
        if (IS_LIST(obj) && IS_INT(idx)) {
            ObjList *l = AS_LIST(obj);
            int64_t i = AS_INT(idx);
            if (i < 0)
                i += l->items.count;
            if (i >= 0 && i < l->items.count) {
                l->items.items[i] = val;
                sp -= 3;
                NEXT();
            }
        } else if (IS_DICT(obj)) {
            if (!dict_set(vm, AS_DICT(obj), idx, val))
                THROW();
            sp -= 3;
            NEXT();
        }
        if (!vm_set_index(vm, obj, idx, val))
            THROW();
        sp -= 3;
        NEXT();
    }
    CASE(DEL_INDEX) {
        SAVE_IP();
        if (!vm_del_index(vm, PEEK(1), PEEK(0)))
            THROW();
        sp -= 2;
        NEXT();
    }
    CASE(BUILD_SLICE) {
        SAVE_IP();
        ObjSlice *s = slice_new(vm, PEEK(2), PEEK(1), PEEK(0));
        if (!s)
            THROW();
        sp -= 2;
        PEEK(0) = OBJ_VAL(s);
        NEXT();
    }
    CASE(BUILD_LIST) {
        int n = READ_U16();
        SAVE_IP();
        ObjList *l = list_new(vm, n);
        if (!l)
            THROW();
        values_copy(l->items.items, sp - n, (size_t)(n));
        l->items.count = n;
        sp -= n;
        PUSH(OBJ_VAL(l));
        NEXT();
    }
    CASE(BUILD_BRACKET) {
        int n = READ_U16();
        bool nested = READ_BYTE();
        SAVE_IP();
        Value v;
        if (!build_bracket(vm, sp - n, n, nested, &v))
            THROW();
        sp -= n;
        PUSH(v);
        NEXT();
    }
    CASE(BUILD_TUPLE) {
        int n = READ_U16();
        SAVE_IP();
        ObjTuple *t = tuple_new(vm, n);
        if (!t)
            THROW();
        values_copy(t->items, sp - n, (size_t)(n));
        sp -= n;
        PUSH(OBJ_VAL(t));
        NEXT();
    }
    CASE(BUILD_DICT) {
        int n = READ_U16();
        SAVE_IP();
        ObjDict *d = dict_new(vm);
        if (!d)
            THROW();
        PUSH(OBJ_VAL(d));
        vm->sp = sp; /* keys' __hash__ may run code and collect */
        for (int i = 0; i < n; i++) {
            Value *pair = sp - 1 - 2 * n + 2 * i;
            if (!dict_set(vm, d, pair[0], pair[1]))
                THROW();
        }
        sp -= 2 * n + 1;
        PUSH(OBJ_VAL(d));
        NEXT();
    }
    CASE(BUILD_STRING) {
        /* Parts are strings, or ints and floats that FORMAT left as they are
           so that an f-string makes one string, not one per field. */
        int n = READ_U16();
        SAVE_IP();
        char small[512];
        size_t total = 0;
        for (int i = n; i > 0; i--) {
            Value part = PEEK(i - 1);
            total += IS_STR(part) ? (size_t)AS_STR(part)->length : 32;
        }
        char *buf = total <= sizeof small ? small : mem_alloc(vm, total);
        if (!buf) {
            vm_raise_oom(vm);
            THROW();
        }
        size_t at = 0;
        for (int i = n; i > 0; i--) {
            Value part = PEEK(i - 1);
            if (IS_STR(part)) {
                memcpy(buf + at, AS_CSTR(part), (size_t)AS_STR(part)->length);
                at += (size_t)AS_STR(part)->length;
            } else {
                at += (size_t)vm_number_text(buf + at, part);
            }
        }
        ObjString *s = str_new_fresh(vm, buf, at);
        if (buf != small)
            mem_free(vm, buf, total);
        if (!s)
            THROW();
        sp -= n;
        PUSH(OBJ_VAL(s));
        NEXT();
    }
    CASE(LIST_APPEND) {
        SAVE_IP();
        Value v = PEEK(0), l = PEEK(1);
        if (!list_append(vm, AS_LIST(l), v))
            THROW();
        sp -= 2;
        NEXT();
    }
    CASE(LIST_EXTEND) {
        SAVE_IP();
        ObjList *src = vm_to_list(vm, PEEK(0));
        if (!src)
            THROW();
        ObjList *dst = AS_LIST(PEEK(1));
        PEEK(0) = OBJ_VAL(src);
        for (int i = 0; i < src->items.count; i++)
            if (!list_append(vm, dst, src->items.items[i]))
                THROW();
        sp--;
        NEXT();
    }
    CASE(DICT_SET) {
        SAVE_IP();
        if (!dict_set(vm, AS_DICT(PEEK(2)), PEEK(1), PEEK(0)))
            THROW();
        sp -= 3;
        NEXT();
    }
    CASE(DICT_UPDATE) {
        SAVE_IP();
        Value src = PEEK(0);
        if (!IS_DICT(src)) {
            vm_raise(vm, vm->exc.type_error, "argument after ** must be a dict, not %s", value_type_name(vm, src));
            THROW();
        }
        Value k, v;
        for (int32_t i = 0; dict_next(AS_DICT(src), &i, &k, &v);)
            if (!dict_set(vm, AS_DICT(PEEK(1)), k, v))
                THROW();
        sp--;
        NEXT();
    }
    CASE(UNPACK) {
        int n = READ_BYTE();
        SAVE_IP();
        Value seq = PEEK(0); /* stays on the stack until the results overwrite it */
        Value *tmp = sp - 1;
        if (!unpack(vm, seq, n, 0, false, &tmp))
            THROW();
        sp = tmp;
        NEXT();
    }
    CASE(UNPACK_EX) {
        int before = READ_BYTE(), after = READ_BYTE();
        SAVE_IP();
        Value seq = PEEK(0);
        Value *tmp = sp - 1;
        /* results overwrite seq's slot; seq is still referenced by `seq` */
        gc_push_root(vm, seq);
        bool ok = unpack(vm, seq, before, after, true, &tmp);
        gc_pop_roots(vm, 1);
        if (!ok)
            THROW();
        sp = tmp;
        NEXT();
    }

/* ---- binary operators
   Every form of binary instruction fetches its operands -- from the stack,
   a local slot or a constant -- leaves sp where the result belongs and ends
   in BINARY_TAIL, which does plain numbers inline (number_binop) and hands
   the rest (strings, tensors, instances, errors) to binop_slow. */

/* The result of arithmetic, a number of type TYPE with FIELD (i or f) v:
   pushed, or stored straight into a local when the next instruction is
   SET_LOCAL (x = a + b) -- one dispatch less.  The fields are stored one by
   one (see number_binop). */
#define RESULT(TYPE, FIELD, v)                                                \
    do {                                                                      \
        Value *dst_ = sp;                                                     \
        if (*ip == OP_SET_LOCAL) {                                            \
            dst_ = &slots[ip[1]];                                             \
            ip += 2;                                                          \
        } else {                                                              \
            sp++;                                                             \
        }                                                                     \
        dst_->type = TYPE;                                                    \
        dst_->as.FIELD = (v);                                                 \
        NEXT();                                                               \
    } while (0)

/* The result of a comparison; when the next instruction is JUMP_IF_FALSE
   (an if or while condition) the jump is taken here, without making a bool. */
#define CONDITION(t)                                                          \
    do {                                                                      \
        bool c_ = (t);                                                        \
        if (*ip == OP_JUMP_IF_FALSE) {                                        \
            uint16_t d_ = (uint16_t)(ip[1] | (ip[2] << 8));                   \
            ip += 3;                                                          \
            if (!c_)                                                          \
                ip += d_;                                                     \
            NEXT();                                                           \
        }                                                                     \
        sp->type = VAL_BOOL;                                                  \
        sp->as.i = c_;                                                        \
        sp++;                                                                 \
        NEXT();                                                               \
    } while (0)

/* temp: OPB_TEMP when the left operand is a temporary, else 0 */
#define BINARY_TAIL(a, b, op, temp)                                           \
    do {                                                                      \
        int64_t i_;                                                           \
        double f_;                                                            \
        bool t_;                                                              \
        switch (number_binop(op, a, b, &i_, &f_, &t_)) {                      \
        case NUM_INT: RESULT(VAL_INT, i, i_);                                 \
        case NUM_FLOAT: RESULT(VAL_FLOAT, f, f_);                             \
        case NUM_BOOL: CONDITION(t_);                                         \
        default:                                                              \
            lhs = (a);                                                        \
            rhs = (b);                                                        \
            binop = (op) | (temp);                                            \
            goto binop_slow;                                                  \
        }                                                                     \
    } while (0)

#define STACK_BINARY(opname)                                                  \
    CASE(opname) {                                                            \
        Value a = PEEK(1), b = PEEK(0);                                       \
        sp -= 2;                                                              \
        BINARY_TAIL(a, b, OP_##opname, 0);                                    \
    }
    STACK_BINARY(ADD) STACK_BINARY(SUB) STACK_BINARY(MUL) STACK_BINARY(DIV)
    STACK_BINARY(FLOORDIV) STACK_BINARY(MOD) STACK_BINARY(POW) STACK_BINARY(MATMUL)
    STACK_BINARY(BITAND) STACK_BINARY(BITOR) STACK_BINARY(BITXOR) STACK_BINARY(LSHIFT)
    STACK_BINARY(RSHIFT) STACK_BINARY(LT) STACK_BINARY(LE) STACK_BINARY(GT)
    STACK_BINARY(GE) STACK_BINARY(EQ) STACK_BINARY(NE)
#undef STACK_BINARY
    CASE(BINARY) {
        unsigned opb = READ_BYTE();
        Value a = PEEK(1), b = PEEK(0);
        sp -= 2;
        BINARY_TAIL(a, b, opb & ~OPB_TEMP, opb & OPB_TEMP);
    }
/* A local operand read before the local is assigned: name it. */
#define FETCH_LOCAL(dst, slot)                                                \
    do {                                                                      \
        dst = slots[slot];                                                    \
        if (IS_UNDEF(dst)) {                                                  \
            unbound = (slot);                                                 \
            goto unbound_named;                                               \
        }                                                                     \
    } while (0)
/* The six forms of one fused operator (see FUSED_BINARY in chunk.h). */
#define FUSED_CASES(unused, OP, SYM)                                          \
    CASE(OP##_LK) {                                                           \
        Value a, b = CONSTANT(ip[1] | (ip[2] << 8));                          \
        FETCH_LOCAL(a, ip[0]);                                                \
        ip += 3;                                                              \
        BINARY_TAIL(a, b, OP_##OP, 0);                                        \
    }                                                                         \
    CASE(OP##_KL) {                                                           \
        Value a = CONSTANT(ip[0] | (ip[1] << 8)), b;                          \
        FETCH_LOCAL(b, ip[2]);                                                \
        ip += 3;                                                              \
        BINARY_TAIL(a, b, OP_##OP, 0);                                        \
    }                                                                         \
    CASE(OP##_LL) {                                                           \
        Value a, b;                                                           \
        FETCH_LOCAL(a, ip[0]);                                                \
        FETCH_LOCAL(b, ip[1]);                                                \
        ip += 2;                                                              \
        BINARY_TAIL(a, b, OP_##OP, 0);                                        \
    }                                                                         \
    CASE(OP##_SK) {                                                           \
        Value a = PEEK(0), b = CONSTANT(ip[0] | (ip[1] << 8));                \
        unsigned temp = ip[2] ? OPB_TEMP : 0;                                 \
        ip += 3;                                                              \
        sp--;                                                                 \
        BINARY_TAIL(a, b, OP_##OP, temp);                                     \
    }                                                                         \
    CASE(OP##_SL) {                                                           \
        Value a = PEEK(0), b;                                                 \
        FETCH_LOCAL(b, ip[0]);                                                \
        unsigned temp = ip[1] ? OPB_TEMP : 0;                                 \
        ip += 2;                                                              \
        sp--;                                                                 \
        BINARY_TAIL(a, b, OP_##OP, temp);                                     \
    }                                                                         \
    CASE(OP##_LS) {                                                           \
        Value a, b = PEEK(0);                                                 \
        FETCH_LOCAL(a, ip[0]);                                                \
        ip += 1;                                                              \
        sp--;                                                                 \
        BINARY_TAIL(a, b, OP_##OP, 0);                                        \
    }
    FUSED_OPERATORS(FUSED_CASES, _)
#undef FUSED_CASES
#undef FETCH_LOCAL
#undef BINARY_TAIL
binop_slow : {
        /* the operands go back on the stack, where the collector sees them
           while the operator runs (it may allocate or call a method) */
        PUSH(lhs);
        PUSH(rhs);
        SAVE_IP();
        vm->reuse_left = binop & OPB_TEMP && IS_OBJ(lhs) && AS_OBJ(lhs)->type == OBJ_TENSOR
                             ? AS_OBJ(lhs)
                             : NULL;
        Value r;
        bool ok = vm_binary_op(vm, (OpCode)(binop & ~OPB_TEMP), lhs, rhs, &r);
        vm->reuse_left = NULL;
        if (!ok)
            THROW();
        sp -= 2;
        PUSH(r);
        NEXT();
    }
    CASE(INPLACE) {
        OpCode op = (OpCode)READ_BYTE();
        Value a = PEEK(1), b = PEEK(0), r;
        int64_t i;
        double f;
        bool t;
        switch (number_binop(op, a, b, &i, &f, &t)) {
        case NUM_INT: sp[-2].type = VAL_INT; sp[-2].as.i = i; break;
        case NUM_FLOAT: sp[-2].type = VAL_FLOAT; sp[-2].as.f = f; break;
        default:
            SAVE_IP();
            if (!vm_inplace_op(vm, op, a, b, &r))
                THROW();
            sp[-2] = r;
        }
        sp--;
        NEXT();
    }
    CASE(INPLACE_LOCAL) {
        int slot = ip[0];
        OpCode op = (OpCode)ip[1];
        ip += 2;
        Value a = slots[slot], b = PEEK(0), r;
        int64_t i;
        double f;
        bool t;
        switch (number_binop(op, a, b, &i, &f, &t)) {
        case NUM_INT: slots[slot].type = VAL_INT; slots[slot].as.i = i; break;
        case NUM_FLOAT: slots[slot].type = VAL_FLOAT; slots[slot].as.f = f; break;
        default:
            if (IS_UNDEF(a)) {
                unbound = slot;
                goto unbound_named;
            }
            SAVE_IP();
            if (!vm_inplace_op(vm, op, a, b, &r))
                THROW();
            slots[slot] = r;
        }
        sp--;
        NEXT();
    }
    CASE(NEG) {
        Value a = PEEK(0);
        if (IS_FLOAT(a)) {
            sp--;
            RESULT(VAL_FLOAT, f, -a.as.f);
        }
        goto slow_unary;
    }
#undef RESULT
#undef CONDITION
    CASE(GET_LOCAL2) {
        Value a = slots[ip[0]], b = slots[ip[1]];
        if (IS_UNDEF(a) || IS_UNDEF(b)) {
            unbound = IS_UNDEF(a) ? ip[0] : ip[1]; /* name the unbound one */
            goto unbound_named;
        }
        ip += 2;
        PUSH(a);
        PUSH(b);
        NEXT();
    }
    CASE(POS) CASE(INVERT)
slow_unary : {
        OpCode op = (OpCode)ip[-1];
        SAVE_IP();
        Value r;
        if (!vm_unary_op(vm, op, PEEK(0), &r))
            THROW();
        PEEK(0) = r;
        NEXT();
    }
    CASE(NOT) {
        SAVE_IP();
        bool t;
        if (!value_truthy(vm, PEEK(0), &t))
            THROW();
        PEEK(0) = BOOL_VAL(!t);
        NEXT();
    }
    CASE(IN) CASE(NOT_IN) {
        bool negate = ip[-1] == OP_NOT_IN;
        SAVE_IP();
        bool r;
        if (!vm_contains(vm, PEEK(0), PEEK(1), &r))
            THROW();
        sp--;
        PEEK(0) = BOOL_VAL(negate ? !r : r);
        NEXT();
    }
    CASE(IS) CASE(IS_NOT) {
        bool negate = ip[-1] == OP_IS_NOT;
        bool r = value_identical(PEEK(1), PEEK(0));
        sp--;
        PEEK(0) = BOOL_VAL(negate ? !r : r);
        NEXT();
    }
    CASE(JUMP) { uint16_t d = READ_U16(); ip += d; NEXT(); }
    CASE(LOOP) {
        uint16_t d = READ_U16();
        if (__builtin_expect(vm->interrupt || vm->budget_limit > 0, 0)) {
            SAVE_IP();
            if (!vm_check_limits(vm))
                THROW();
        }
        ip -= d;
        NEXT();
    }
    CASE(JUMP_IF_FALSE) {
        uint16_t d = READ_U16();
        Value v = POP();
        if (IS_BOOL(v)) {
            if (!v.as.i)
                ip += d;
            NEXT();
        }
        SAVE_IP();
        bool t;
        if (!value_truthy(vm, v, &t))
            THROW();
        if (!t)
            ip += d;
        NEXT();
    }
    CASE(JUMP_IF_TRUE) {
        uint16_t d = READ_U16();
        Value v = POP();
        SAVE_IP();
        bool t;
        if (!value_truthy(vm, v, &t))
            THROW();
        if (t)
            ip += d;
        NEXT();
    }
    CASE(JUMP_IF_FALSE_OR_POP) CASE(JUMP_IF_TRUE_OR_POP) {
        bool on_true = ip[-1] == OP_JUMP_IF_TRUE_OR_POP;
        uint16_t d = READ_U16();
        SAVE_IP();
        bool t;
        if (!value_truthy(vm, PEEK(0), &t))
            THROW();
        if (t == on_true)
            ip += d;
        else
            sp--;
        NEXT();
    }
    CASE(GET_ITER) {
        SAVE_IP();
        Value it;
        if (!vm_get_iter(vm, PEEK(0), &it))
            THROW();
        PEEK(0) = it;
        NEXT();
    }
/* The next item of the iterator on top of the stack goes to STORE(value) and
   the loop body (ip - d) runs again; when there is none, the iterator is
   popped and execution falls through.  The test sits at the bottom of the
   loop, so one instruction per iteration both steps and jumps back.  Ranges,
   the commonest case, are stepped inline (when no Ctrl-C or budget check is
   due: vm_iter_next makes it, as a loop's backward jump must). */
#define FOR_ITER_BODY(STORE)                                                  \
    do {                                                                      \
        ObjIter *it = AS_ITER(PEEK(0));                                       \
        if (it->kind == ITER_RANGE &&                                         \
            __builtin_expect(!vm->interrupt && vm->budget_limit <= 0, 1)) {   \
            if (it->step > 0 ? it->pos < it->stop : it->pos > it->stop) {     \
                STORE(INT_VAL(it->pos));                                      \
                if (__builtin_add_overflow(it->pos, it->step, &it->pos))      \
                    it->pos = it->stop;                                       \
                ip -= d;                                                      \
            } else {                                                          \
                sp--;                                                         \
            }                                                                 \
            NEXT();                                                           \
        }                                                                     \
        SAVE_IP();                                                            \
        Value v_;                                                             \
        int s_ = vm_iter_next(vm, PEEK(0), &v_);                              \
        if (s_ < 0)                                                           \
            THROW();                                                          \
        if (s_ == 0) {                                                        \
            sp--;                                                             \
        } else {                                                              \
            STORE(v_);                                                        \
            ip -= d;                                                          \
        }                                                                     \
        NEXT();                                                               \
    } while (0)

    CASE(FOR_ITER) {
        uint16_t d = READ_U16();
#define STORE_PUSH(v) PUSH(v)
        FOR_ITER_BODY(STORE_PUSH);
#undef STORE_PUSH
    }
    CASE(FOR_ITER_LOCAL) {
        int slot = READ_BYTE();
        uint16_t d = READ_U16();
#define STORE_SLOT(v) (slots[slot] = (v))
        FOR_ITER_BODY(STORE_SLOT);
#undef STORE_SLOT
    }
    CASE(CALL) {
        int argc = READ_BYTE();
        Value callee = PEEK(argc);
        /* The common case inline: a plain function called with exactly its
           positional parameters. */
        if (IS_FUNC(callee) && __builtin_expect(!vm->interrupt && vm->budget_limit <= 0, 1)) {
            ObjFunc *f = AS_FUNC(callee);
            ObjProto *p = f->proto;
            Value *args = sp - argc;
            if (argc == p->npositional && p->vararg_slot < 0 && p->kwarg_slot < 0 &&
                vm->frame_count < FRAMES_MAX && args + p->nlocals + p->max_stack < vm->stack + STACK_MAX) {
                ENTER_FRAME(f, args, argc, args - 1);
                NEXT();
            }
        }
        SAVE_IP();
        if (!vm_check_limits(vm))
            THROW();
        if (!call_value(vm, callee, sp - argc, argc, NULL))
            THROW();
        LOAD_FRAME();
        NEXT();
    }
    CASE(CALL_KW) {
        int argc = READ_BYTE();
        SAVE_IP();
        ObjDict *kw = AS_DICT(PEEK(0));
        gc_push_root(vm, OBJ_VAL(kw));
        sp--;
        bool ok = call_value(vm, PEEK(argc), sp - argc, argc, kw);
        gc_pop_roots(vm, 1);
        if (!ok)
            THROW();
        LOAD_FRAME();
        NEXT();
    }
    CASE(CALL_EX) {
        SAVE_IP();
        Value kwv = PEEK(0);
        ObjList *args = AS_LIST(PEEK(1));
        Value callee = PEEK(2);
        int argc = args->items.count;
        if (argc > 255 || sp + argc >= vm->stack + STACK_MAX - 256) {
            vm_raise(vm, vm->exc.value_error, "too many arguments (%d) in a call", argc);
            THROW();
        }
        gc_push_root(vm, kwv);
        gc_push_root(vm, OBJ_VAL(args));
        Value *base = sp - 2;
        values_copy(base, args->items.items, (size_t)(argc));
        sp = base + argc;
        vm->sp = sp;
        ObjDict *kw = IS_DICT(kwv) && AS_DICT(kwv)->count ? AS_DICT(kwv) : NULL;
        Value key;
        for (int32_t i = 0; kw && dict_next(kw, &i, &key, NULL);)
            if (!IS_STR(key)) {
                gc_pop_roots(vm, 2);
                vm_raise(vm, vm->exc.type_error, "keywords must be strings, not %s (in a ** argument)",
                         value_type_name(vm, key));
                THROW();
            }
        bool ok = call_value(vm, callee, base, argc, kw);
        gc_pop_roots(vm, 2);
        if (!ok)
            THROW();
        LOAD_FRAME();
        NEXT();
    }
    CASE(INVOKE) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        int argc = READ_BYTE();
        Value *args = sp - argc - 1;
        /* The common case inline: a method defined in Nabla, called on an
           instance with exactly its positional parameters. */
        if (IS_INSTANCE(args[0]) && __builtin_expect(!vm->interrupt && vm->budget_limit <= 0, 1)) {
            ObjInstance *inst = AS_INSTANCE(args[0]);
            Value method, field;
            if (!dict_get_str(inst->fields, name, &field) &&
                class_find_method_owner(inst->klass, name, &method) && IS_FUNC(method)) {
                ObjFunc *f = AS_FUNC(method);
                ObjProto *p = f->proto;
                if (argc + 1 == p->npositional && p->vararg_slot < 0 && p->kwarg_slot < 0 &&
                    vm->frame_count < FRAMES_MAX && args + p->nlocals + p->max_stack < vm->stack + STACK_MAX) {
                    ENTER_FRAME(f, args, argc + 1, args);
                    NEXT();
                }
            }
        }
        SAVE_IP();
        if (!vm_check_limits(vm))
            THROW();
        if (!invoke(vm, name, args, argc + 1))
            THROW();
        LOAD_FRAME();
        NEXT();
    }
    CASE(SUPER_ATTR) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        ObjClass *owner = frame->func->owner;
        Value method;
        if (!owner || !owner->base || !class_find_method_owner(owner->base, name, &method)) {
            vm_raise(vm, vm->exc.attribute_error, "'super' object has no attribute '%s'", name->chars);
            THROW();
        }
        ObjBound *b = bound_new(vm, PEEK(0), method);
        if (!b)
            THROW();
        PEEK(0) = OBJ_VAL(b);
        NEXT();
    }
    CASE(CLOSURE) {
        ObjProto *p = AS_PROTO(CONSTANT(READ_U16()));
        SAVE_IP();
        ObjFunc *f = func_new(vm, p, frame->func->module);
        if (!f)
            THROW();
        for (int i = p->ndefaults - 1; i >= 0; i--)
            f->defaults[i] = POP();
        PUSH(OBJ_VAL(f));
        vm->sp = sp; /* f stays reachable while its upvalues are made */
        for (int i = 0; i < p->nupvalues; i++) {
            bool is_local = READ_BYTE();
            int index = READ_BYTE();
            if (is_local) {
                f->upvalues[i] = capture_upvalue(vm, slots + index);
                if (!f->upvalues[i])
                    THROW();
            } else {
                f->upvalues[i] = frame->func->upvalues[index];
            }
        }
        NEXT();
    }
    CASE(RETURN) {
        Value result = POP();
        close_upvalues(vm, slots);
        if (frame->is_init)
            result = slots[0];
        Value *ret = frame->ret;
        bool boundary = frame->boundary;
        vm->frame_count--;
        *ret = result;
        sp = ret + 1;
        vm->sp = sp;
        if (boundary || vm->frame_count <= base_frame)
            return true;
        LOAD_FRAME();
        NEXT();
    }
    CASE(CLASS) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        Value base = PEEK(0);
        ObjClass *b = NULL;
        if (!IS_NONE(base)) {
            if (!IS_CLASS(base)) {
                vm_raise(vm, vm->exc.type_error, "a class can only inherit from a class, not %s",
                         value_type_name(vm, base));
                THROW();
            }
            b = AS_CLASS(base);
            if (b->builtin && !b->is_exception && b != vm->types.object) {
                vm_raise(vm, vm->exc.type_error, "cannot inherit from the builtin type '%s'", b->name->chars);
                THROW();
            }
        }
        ObjClass *k = class_new(vm, name, b ? b : vm->types.object);
        if (!k)
            THROW();
        PEEK(0) = OBJ_VAL(k);
        NEXT();
    }
    CASE(DEFINE_ATTR) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        Value v = PEEK(0);
        ObjClass *k = AS_CLASS(PEEK(1));
        if (IS_FUNC(v) && !AS_FUNC(v)->owner)
            AS_FUNC(v)->owner = k;
        if (name == vm->names.doc && IS_STR(v))
            k->doc = AS_STR(v);
        if (!dict_set_str(vm, k->methods, name, v))
            THROW();
        sp--;
        NEXT();
    }
    CASE(IMPORT) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        Value m;
        if (!vm_import(vm, name, &m))
            THROW();
        PUSH(m);
        NEXT();
    }
    CASE(IMPORT_FROM) {
        ObjString *name = AS_STR(CONSTANT(READ_U16()));
        SAVE_IP();
        Value v;
        ObjModule *m = AS_MODULE(PEEK(0));
        if (!dict_get_str(m->globals, name, &v)) {
            ObjDict *d = m->globals;
            const char *hint = vm_suggest(name->chars, &d, 1, NULL, 0);
            if (hint)
                vm_raise(vm, vm->exc.import_error, "cannot import name '%s' from '%s' — did you mean '%s'?",
                         name->chars, m->name->chars, hint);
            else
                vm_raise(vm, vm->exc.import_error, "cannot import name '%s' from '%s'", name->chars,
                         m->name->chars);
            THROW();
        }
        PUSH(v);
        NEXT();
    }
    CASE(IMPORT_STAR) {
        SAVE_IP();
        if (!import_star(vm, AS_MODULE(PEEK(0)), frame->func->module))
            THROW();
        sp--;
        NEXT();
    }
    CASE(SETUP_TRY) {
        uint16_t d = READ_U16();
        SAVE_IP();
        if (vm->handler_count == HANDLERS_MAX) {
            vm_raise(vm, vm->exc.recursion_error, "too many nested try blocks");
            THROW();
        }
        vm->handlers[vm->handler_count++] =
            (Handler){vm->frame_count, ip + d, (int)(sp - vm->stack)};
        NEXT();
    }
    CASE(POP_TRY) { vm->handler_count--; NEXT(); }
    CASE(RAISE) {
        SAVE_IP();
        Value v = POP();
        do_raise(vm, v);
        THROW();
    }
    CASE(RERAISE) {
        SAVE_IP();
        vm->exception = POP();
        THROW();
    }
    CASE(EXC_MATCH) {
        SAVE_IP();
        bool m;
        if (!exc_matches(vm, PEEK(1), PEEK(0), &m))
            THROW();
        sp--;
        PEEK(0) = BOOL_VAL(m);
        NEXT();
    }
    CASE(ASSERT_FAIL) {
        SAVE_IP();
        Value msg = POP();
        ObjString *s = IS_NONE(msg) ? vm->names.empty : value_to_str(vm, msg);
        if (!s)
            THROW();
        vm_raise_value(vm, vm_make_exception(vm, vm->exc.assertion_error, s));
        THROW();
    }
    CASE(FORMAT) {
        uint16_t k = READ_U16();
        int conv = READ_BYTE();
        SAVE_IP();
        Value v = PEEK(0);
        ObjString *s;
        if (k == 0xffff && conv == 0 && (IS_STR(v) || IS_INT(v) || IS_FLOAT(v)))
            NEXT(); /* BUILD_STRING or the next step formats it */
        else
            s = vm_format_value(vm, v, k == 0xffff ? NULL : AS_STR(CONSTANT(k)), conv);
        if (!s)
            THROW();
        PEEK(0) = OBJ_VAL(s);
        NEXT();
    }
    CASE(FORMAT_DYN) {
        int conv = READ_BYTE();
        SAVE_IP();
        ObjString *s = vm_format_value(vm, PEEK(1), AS_STR(PEEK(0)), conv);
        if (!s)
            THROW();
        sp--;
        PEEK(0) = OBJ_VAL(s);
        NEXT();
    }
    CASE(PRINT_EXPR) {
        SAVE_IP();
        Value v = PEEK(0);
        if (!IS_NONE(v)) {
            StrBuf b;
            sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
            bool ok = value_repr(vm, v, &b);
            sb_putc(&b, '\n');
            if (ok && !b.failed)
                vm_write(vm, b.data, b.len);
            sb_free(&b);
            if (!ok)
                THROW();
            dict_set_str(vm, frame->func->module->globals, vm->names.underscore, v);
        }
        sp--;
        NEXT();
    }
    CASE(NOP) { NEXT(); }

on_error:
    if (!unwind(vm, base_frame))
        return false;
    LOAD_FRAME();
    NEXT();
}

/* ---- running source */

bool vm_run_source(VM *vm, ObjModule *module, const char *source, size_t len, const char *chunk_name,
                   bool repl, Value *result)
{
    ParseError perr;
    ObjProto *p = vm_compile_source(vm, source, len, chunk_name, repl ? COMPILE_REPL : COMPILE_EVAL, &perr);
    if (!p)
        return false;
    gc_push_root(vm, OBJ_VAL(p));
    ObjFunc *f = func_new(vm, p, module);
    gc_pop_roots(vm, 1);
    if (!f)
        return false;
    Value out = NONE_VAL;
    bool ok = vm_call(vm, OBJ_VAL(f), 0, NULL, &out);
    if (result)
        *result = ok ? out : NONE_VAL;
    return ok;
}

bool vm_execute_proto(VM *vm, ObjProto *p, ObjModule *module, Value *result)
{
    gc_push_root(vm, OBJ_VAL(p));
    ObjFunc *f = func_new(vm, p, module);
    gc_pop_roots(vm, 1);
    if (!f)
        return false;
    Value out;
    bool ok = vm_call(vm, OBJ_VAL(f), 0, NULL, &out);
    if (result)
        *result = ok ? out : NONE_VAL;
    return ok;
}
