/*
 * compiler.c - parse tree to bytecode.
 *
 * Each function (and the module's top level) gets a Compiler.  Before a
 * function body is compiled, scan_scope walks it to find the names it
 * assigns; those are locals (stack slots), unless declared `global` or
 * `nonlocal`.  A name read but not assigned is looked up in the enclosing
 * functions (and becomes an upvalue, as in Lua) or else is a global.
 *
 * The compiler tracks the operand stack depth of every instruction it emits,
 * so each prototype knows how many stack slots a call needs and the VM can
 * check for overflow once per call instead of once per push.
 */
#include "front/compiler_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/memory.h"

static void compile_expr(Compiler *c, Node *n);
static void compile_block(Compiler *c, Node *block);
static void store_target(Compiler *c, Node *target);

/* ---- scopes */

static bool set_has(const NameSet *s, const char *name)
{
    for (int i = 0; i < s->count; i++)
        if (strcmp(s->names[i], name) == 0)
            return true;
    return false;
}

static void set_add(Compiler *c, NameSet *s, const char *name)
{
    if (set_has(s, name))
        return;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 16;
        const char **p = arena_alloc(c->arena, (size_t)cap * sizeof *p);
        if (!p) {
            comp_error(c, NULL, "out of memory while compiling");
            return;
        }
        if (s->count)
            memcpy(p, s->names, (size_t)s->count * sizeof *p);
        s->names = p;
        s->cap = cap;
    }
    s->names[s->count++] = name;
}

/* Records the names a target assigns. */
static void scan_target(Compiler *c, Node *t)
{
    if (!t)
        return;
    switch (t->kind) {
    case N_NAME: set_add(c, &c->assigned, t->as.str.chars); break;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->as.items.count; i++)
            scan_target(c, t->as.items.items[i]);
        break;
    case N_STARRED: scan_target(c, t->as.starred.value); break;
    default: break;
    }
}

/* Walks the statements of one function body (not into nested defs, lambdas
   or comprehensions, which have scopes of their own). */
static void scan_scope(Compiler *c, Node *n)
{
    if (!n)
        return;
    switch (n->kind) {
    case N_BLOCK:
        for (int i = 0; i < n->as.items.count; i++)
            scan_scope(c, n->as.items.items[i]);
        break;
    case N_ASSIGN:
        for (int i = 0; i < n->as.assign.targets.count; i++)
            scan_target(c, n->as.assign.targets.items[i]);
        break;
    case N_AUGASSIGN: scan_target(c, n->as.augassign.target); break;
    case N_IF:
        scan_scope(c, n->as.if_.body);
        scan_scope(c, n->as.if_.else_body);
        break;
    case N_WHILE:
        scan_scope(c, n->as.loop.body);
        scan_scope(c, n->as.loop.else_body);
        break;
    case N_FOR:
        scan_target(c, n->as.loop.target);
        scan_scope(c, n->as.loop.body);
        scan_scope(c, n->as.loop.else_body);
        break;
    case N_DEF: set_add(c, &c->assigned, n->as.func.name); break;
    case N_CLASS: set_add(c, &c->assigned, n->as.klass.name); break;
    case N_IMPORT:
    case N_FROM_IMPORT:
        for (int i = 0; i < n->as.import.count; i++) {
            Alias *a = &n->as.import.names[i];
            const char *bound = a->asname;
            if (!bound) {
                const char *dot = strrchr(a->name, '.');
                bound = dot ? dot + 1 : a->name;
            }
            set_add(c, &c->assigned, bound);
        }
        break;
    case N_TRY:
        scan_scope(c, n->as.try_.body);
        for (int i = 0; i < n->as.try_.handlers.count; i++) {
            Node *h = n->as.try_.handlers.items[i];
            if (h->as.except.name)
                set_add(c, &c->assigned, h->as.except.name);
            scan_scope(c, h->as.except.body);
        }
        scan_scope(c, n->as.try_.else_body);
        scan_scope(c, n->as.try_.finally_body);
        break;
    case N_GLOBAL:
        for (int i = 0; i < n->as.names.count; i++)
            set_add(c, &c->globals, n->as.names.names[i]);
        break;
    case N_NONLOCAL:
        for (int i = 0; i < n->as.names.count; i++)
            set_add(c, &c->nonlocals, n->as.names.names[i]);
        break;
    case N_DEL:
        for (int i = 0; i < n->as.items.count; i++)
            scan_target(c, n->as.items.items[i]);
        break;
    default: break;
    }
}

static int add_local(Compiler *c, const char *name, Node *where)
{
    if (c->nlocals >= MAX_LOCALS) {
        comp_error(c, where, "too many local variables in one function (the limit is %d)", MAX_LOCALS);
        return 0;
    }
    c->locals[c->nlocals] = (Local){name, false};
    return c->nlocals++;
}

static int find_local(Compiler *c, const char *name)
{
    for (int i = c->nlocals - 1; i >= 0; i--)
        if (c->locals[i].name && strcmp(c->locals[i].name, name) == 0)
            return i;
    return -1;
}

static int find_comp_var(Compiler *c, const char *name)
{
    for (CompScope *s = c->comp_scope; s; s = s->outer)
        for (int i = s->count - 1; i >= 0; i--)
            if (strcmp(s->names[i], name) == 0)
                return s->slots[i];
    return -1;
}

static int add_upvalue(Compiler *c, int index, bool is_local, const char *name, Node *where)
{
    for (int i = 0; i < c->nupvals; i++)
        if (c->upvals[i].index == index && c->upvals[i].is_local == is_local)
            return i;
    if (c->nupvals >= MAX_UPVALUES) {
        comp_error(c, where, "too many variables captured by one function (the limit is %d)", MAX_UPVALUES);
        return 0;
    }
    c->upvals[c->nupvals] = (UpvalDesc){(uint8_t)index, is_local, name};
    return c->nupvals++;
}

/* Is `name` a local of function compiler c (as seen from an inner function)? */
static int local_of(Compiler *c, const char *name)
{
    int slot = find_comp_var(c, name);
    if (slot >= 0)
        return slot;
    if (c->is_module || set_has(&c->globals, name) || set_has(&c->nonlocals, name))
        return -1;
    if (set_has(&c->assigned, name)) {
        /* assigned later in the function: the slot exists from now on */
        slot = find_local(c, name);
        return slot >= 0 ? slot : add_local(c, name, NULL);
    }
    return -1;
}

static int resolve_upvalue(Compiler *c, const char *name, Node *where)
{
    Compiler *enc = c->enclosing;
    if (!enc)
        return -1;
    if (enc->is_module) {
        /* only a comprehension variable of the top level can be captured */
        int slot = find_comp_var(enc, name);
        if (slot < 0)
            return -1;
        enc->locals[slot].captured = true;
        return add_upvalue(c, slot, true, name, where);
    }
    if (set_has(&enc->nonlocals, name)) {
        int up = resolve_upvalue(enc, name, where);
        return up < 0 ? -1 : add_upvalue(c, up, false, name, where);
    }
    int local = local_of(enc, name);
    if (local >= 0) {
        enc->locals[local].captured = true;
        return add_upvalue(c, local, true, name, where);
    }
    if (set_has(&enc->globals, name))
        return -1;
    int up = resolve_upvalue(enc, name, where);
    if (up >= 0)
        return add_upvalue(c, up, false, name, where);
    return -1;
}

typedef enum { VAR_LOCAL, VAR_UPVAL, VAR_GLOBAL } VarKind;

static VarKind resolve(Compiler *c, const char *name, Node *where, int *index)
{
    int slot = find_comp_var(c, name);
    if (slot >= 0) {
        *index = slot;
        return VAR_LOCAL;
    }
    if (c->is_module || set_has(&c->globals, name)) {
        *index = comp_name(c, name);
        return VAR_GLOBAL;
    }
    if (set_has(&c->nonlocals, name)) {
        int up = resolve_upvalue(c, name, where);
        if (up < 0) {
            comp_error(c, where, "no binding for nonlocal '%s' in an enclosing function", name);
            return VAR_GLOBAL;
        }
        *index = up;
        return VAR_UPVAL;
    }
    if (set_has(&c->assigned, name)) {
        int local = find_local(c, name);
        if (local < 0)
            local = add_local(c, name, where);
        *index = local;
        return VAR_LOCAL;
    }
    int up = resolve_upvalue(c, name, where);
    if (up >= 0) {
        *index = up;
        return VAR_UPVAL;
    }
    *index = comp_name(c, name);
    return VAR_GLOBAL;
}

/* Is name a plain local slot of this function (not captured by a closure,
   not in a comprehension or class body)?  Then a for loop may store into it. */
static bool is_plain_local(Compiler *c, const char *name, int *slot)
{
    if (c->is_module || c->comp_scope || c->class_scope || set_has(&c->globals, name) ||
        set_has(&c->nonlocals, name) || !set_has(&c->assigned, name))
        return false;
    int idx;
    if (resolve(c, name, NULL, &idx) != VAR_LOCAL)
        return false;
    *slot = idx;
    return true;
}

static void load_name(Compiler *c, const char *name, Node *where)
{
    int idx;
    if (c->class_scope && set_has(&c->class_scope->names, name) && find_comp_var(c, name) < 0) {
        emit_op_b(c, OP_GET_LOCAL, c->class_scope->slot);
        emit_op_w(c, OP_GET_ATTR, comp_name(c, name));
        return;
    }
    switch (resolve(c, name, where, &idx)) {
    case VAR_LOCAL: emit_get_local(c, idx); break;
    case VAR_UPVAL: emit_op_b(c, OP_GET_UPVAL, idx); break;
    case VAR_GLOBAL: emit_op_w(c, OP_GET_GLOBAL, idx); emit_u16(c, 0xffff); break;
    }
}

static void store_name(Compiler *c, const char *name, Node *where)
{
    int idx;
    switch (resolve(c, name, where, &idx)) {
    case VAR_LOCAL: emit_op_b(c, OP_SET_LOCAL, idx); break;
    case VAR_UPVAL: emit_op_b(c, OP_SET_UPVAL, idx); break;
    case VAR_GLOBAL: emit_op_w(c, OP_SET_GLOBAL, idx); break;
    }
}

/* ---- constant folding */

static bool is_num_const(Node *n)
{
    return n->kind == N_INT || n->kind == N_FLOAT;
}

static double const_double(Node *n)
{
    return n->kind == N_INT ? (double)n->as.ival : n->as.fval;
}

/* Folds arithmetic on literal numbers when the result is exactly what the
   VM would compute and cannot fail (no overflow, no division by zero). */
static bool fold_binary(Node *n)
{
    Node *a = n->as.binary.left, *b = n->as.binary.right;
    if (!is_num_const(a) || !is_num_const(b))
        return false;
    BinOp op = n->as.binary.op;
    if (a->kind == N_INT && b->kind == N_INT) {
        int64_t x = a->as.ival, y = b->as.ival, r;
        switch (op) {
        case BIN_ADD: if (__builtin_add_overflow(x, y, &r)) return false; break;
        case BIN_SUB: if (__builtin_sub_overflow(x, y, &r)) return false; break;
        case BIN_MUL: if (__builtin_mul_overflow(x, y, &r)) return false; break;
        default: return false;
        }
        n->kind = N_INT;
        n->as.ival = r;
        return true;
    }
    double x = const_double(a), y = const_double(b), r;
    switch (op) {
    case BIN_ADD: r = x + y; break;
    case BIN_SUB: r = x - y; break;
    case BIN_MUL: r = x * y; break;
    case BIN_DIV: if (y == 0) return false; r = x / y; break;
    default: return false;
    }
    n->kind = N_FLOAT;
    n->as.fval = r;
    return true;
}

/* ---- expressions */

static const OpCode binop_opcode[BINOP_COUNT] = {
    [BIN_ADD] = OP_ADD, [BIN_SUB] = OP_SUB, [BIN_MUL] = OP_MUL, [BIN_DIV] = OP_DIV,
    [BIN_FLOORDIV] = OP_FLOORDIV, [BIN_MOD] = OP_MOD, [BIN_POW] = OP_POW,
    [BIN_MATMUL] = OP_MATMUL, [BIN_BITAND] = OP_BITAND, [BIN_BITOR] = OP_BITOR,
    [BIN_BITXOR] = OP_BITXOR, [BIN_LSHIFT] = OP_LSHIFT, [BIN_RSHIFT] = OP_RSHIFT,
};

static const OpCode cmpop_opcode[CMPOP_COUNT] = {
    [CMP_EQ] = OP_EQ, [CMP_NE] = OP_NE, [CMP_LT] = OP_LT, [CMP_LE] = OP_LE,
    [CMP_GT] = OP_GT, [CMP_GE] = OP_GE, [CMP_IN] = OP_IN, [CMP_NOT_IN] = OP_NOT_IN,
    [CMP_IS] = OP_IS, [CMP_IS_NOT] = OP_IS_NOT,
};

static void compile_function(Compiler *c, Node *n, bool is_lambda);

/* Pushes a list of the positional items, spreading the starred ones:
   [*a, b], (*a, b) and f(*a, b) all start here.  Keywords are skipped. */
static void emit_spread_list(Compiler *c, NodeList *items)
{
    emit_op_w(c, OP_BUILD_LIST, 0);
    emit_depth(c, 1);
    for (int i = 0; i < items->count; i++) {
        Node *item = items->items[i];
        if (item->kind == N_KEYWORD || item->kind == N_DSTARRED)
            continue;
        if (item->kind == N_STARRED) {
            compile_expr(c, item->as.starred.value);
            emit_at(c, item);
        } else {
            compile_expr(c, item);
            emit_op_w(c, OP_BUILD_TUPLE, 1);
        }
        emit_op(c, OP_LIST_EXTEND);
    }
}

static void compile_list_literal(Compiler *c, Node *n)
{
    int count = n->as.items.count;
    bool has_star = false, nested = false;
    for (int i = 0; i < count; i++) {
        if (n->as.items.items[i]->kind == N_STARRED)
            has_star = true;
        if (n->as.items.items[i]->kind == N_LIST)
            nested = true;
    }
    if (has_star) {
        emit_spread_list(c, &n->as.items); /* [*a, b]: always a list */
        return;
    }
    if (count > 0xffff) {
        comp_error(c, n, "too many items in one literal");
        return;
    }
    for (int i = 0; i < count; i++)
        compile_expr(c, n->as.items.items[i]);
    emit_at(c, n);
    emit_op(c, OP_BUILD_BRACKET);
    emit_u16(c, count);
    emit_byte(c, nested ? 1 : 0);
    emit_depth(c, 1 - count);
}

static void compile_tuple(Compiler *c, Node *n)
{
    int count = n->as.items.count;
    for (int i = 0; i < count; i++) {
        if (n->as.items.items[i]->kind == N_STARRED) {
            /* (*a, b): build a list, then convert */
            emit_op_w(c, OP_GET_GLOBAL, comp_name(c, "tuple"));
            emit_u16(c, 0xffff);
            emit_spread_list(c, &n->as.items);
            emit_op_b(c, OP_CALL, 1);
            emit_depth(c, -1);
            return;
        }
    }
    for (int i = 0; i < count; i++)
        compile_expr(c, n->as.items.items[i]);
    emit_at(c, n);
    emit_op_w(c, OP_BUILD_TUPLE, count);
    emit_depth(c, 1 - count);
}

static void compile_dict(Compiler *c, Node *n)
{
    int count = n->as.dict.keys.count;
    bool has_spread = false;
    for (int i = 0; i < count; i++)
        if (!n->as.dict.keys.items[i])
            has_spread = true;
    if (has_spread || count > 0x7fff) {
        emit_op_w(c, OP_BUILD_DICT, 0);
        emit_depth(c, 1);
        for (int i = 0; i < count; i++) {
            Node *k = n->as.dict.keys.items[i];
            if (!k) { /* {**other} */
                compile_expr(c, n->as.dict.values.items[i]);
                emit_op(c, OP_DICT_UPDATE);
            } else {
                emit_op(c, OP_DUP);
                compile_expr(c, k);
                compile_expr(c, n->as.dict.values.items[i]);
                emit_op(c, OP_DICT_SET);
            }
        }
        return;
    }
    for (int i = 0; i < count; i++) {
        compile_expr(c, n->as.dict.keys.items[i]);
        compile_expr(c, n->as.dict.values.items[i]);
    }
    emit_at(c, n);
    emit_op_w(c, OP_BUILD_DICT, count);
    emit_depth(c, 1 - 2 * count);
}

/* [elt for t in it if cond ...]: inline loops appending to a hidden local. */
static void compile_comprehension(Compiler *c, Node *n)
{
    bool is_dict = n->kind == N_DICTCOMP;
    int result = add_local(c, NULL, n);
    emit_op_w(c, is_dict ? OP_BUILD_DICT : OP_BUILD_LIST, 0);
    emit_depth(c, 1);
    emit_op_b(c, OP_SET_LOCAL, result);

    CompScope scope = {.outer = c->comp_scope};
    /* Each for clause is a loop tested at its bottom, as in compile_for:
       enters[i] jumps to its FOR_ITER, which jumps back to bodies[i]. */
    int bodies[16], enters[16], nloops = 0;
    int skips[64], skip_loop[64], nskips = 0; /* an if clause's jumps to its loop's FOR_ITER */
    NodeList *clauses = &n->as.comp.clauses;
    for (int i = 0; i < clauses->count; i++) {
        Node *cl = clauses->items[i];
        if (cl->kind == N_COMP_FOR) {
            if (nloops == 16) {
                comp_error(c, cl, "too many 'for' clauses in one comprehension");
                return;
            }
            /* The first iterable is evaluated in the enclosing scope. */
            if (nloops == 0) {
                CompScope *saved = c->comp_scope;
                c->comp_scope = scope.outer;
                compile_expr(c, cl->as.comp_for.iter);
                c->comp_scope = saved;
            } else {
                compile_expr(c, cl->as.comp_for.iter);
            }
            emit_at(c, cl);
            emit_op(c, OP_GET_ITER);
            enters[nloops] = emit_jump(c, OP_JUMP);
            bodies[nloops] = emit_label(c);
            emit_depth(c, 1); /* the item FOR_ITER pushes */
            nloops++;
            /* Give each name in the target its own slot in this scope. */
            Node *t = cl->as.comp_for.target;
            Node *names[16];
            int nnames = 0;
            if (t->kind == N_NAME) {
                names[nnames++] = t;
            } else if (t->kind == N_TUPLE || t->kind == N_LIST) {
                for (int j = 0; j < t->as.items.count && nnames < 16; j++)
                    if (t->as.items.items[j]->kind == N_NAME)
                        names[nnames++] = t->as.items.items[j];
            }
            for (int j = 0; j < nnames; j++) {
                if (scope.count == 16) {
                    comp_error(c, t, "too many variables in one comprehension");
                    return;
                }
                scope.names[scope.count] = names[j]->as.str.chars;
                scope.slots[scope.count] = add_local(c, NULL, names[j]);
                scope.count++;
            }
            c->comp_scope = &scope;
            store_target(c, t);
        } else {
            compile_expr(c, cl->as.comp_if.cond);
            emit_at(c, cl);
            /* falsy: go on with the next item of the innermost loop */
            if (nloops == 0 || nskips == 64) {
                comp_error(c, cl, "too many 'if' clauses in one comprehension");
                return;
            }
            skip_loop[nskips] = nloops - 1;
            skips[nskips++] = emit_jump(c, OP_JUMP_IF_FALSE);
        }
    }
    c->comp_scope = &scope;
    emit_op_b(c, OP_GET_LOCAL, result);
    if (is_dict) {
        compile_expr(c, n->as.comp.key);
        compile_expr(c, n->as.comp.elt);
        emit_at(c, n);
        emit_op(c, OP_DICT_SET);
    } else {
        compile_expr(c, n->as.comp.elt);
        emit_at(c, n);
        emit_op(c, OP_LIST_APPEND);
    }
    for (int i = nloops - 1; i >= 0; i--) {
        emit_patch(c, enters[i]);
        for (int s = 0; s < nskips; s++)
            if (skip_loop[s] == i)
                emit_patch(c, skips[s]);
        emit_at(c, n);
        emit_for_iter(c, -1, bodies[i]);
    }
    c->comp_scope = scope.outer;
    emit_op_b(c, OP_GET_LOCAL, result);
    emit_op_b(c, OP_DEL_LOCAL, result);
}

static void compile_fstring(Compiler *c, Node *n)
{
    int parts = 0;
    bool any_field = false;
    for (int i = 0; i < n->as.fstr.parts.count; i++) {
        Node *p = n->as.fstr.parts.items[i];
        if (p->kind == N_STR) {
            if (p->as.str.len == 0)
                continue;
            compile_expr(c, p);
        } else {
            any_field = true;
            compile_expr(c, p->as.format.value);
            emit_at(c, p);
            Node *spec = p->as.format.spec;
            int conv = p->as.format.conversion;
            if (!spec) {
                emit_op(c, OP_FORMAT);
                emit_u16(c, 0xffff);
                emit_byte(c, (uint8_t)conv);
            } else if (spec->kind == N_FSTRING && spec->as.fstr.parts.count <= 1 &&
                       (spec->as.fstr.parts.count == 0 || spec->as.fstr.parts.items[0]->kind == N_STR)) {
                const char *text = spec->as.fstr.parts.count ? spec->as.fstr.parts.items[0]->as.str.chars : "";
                int len = spec->as.fstr.parts.count ? spec->as.fstr.parts.items[0]->as.str.len : 0;
                ObjString *s = str_new(c->vm, text, (size_t)len);
                if (!s) {
                    comp_error(c, p, "out of memory while compiling");
                    return;
                }
                emit_op(c, OP_FORMAT);
                emit_u16(c, comp_constant(c, OBJ_VAL(s)));
                emit_byte(c, (uint8_t)conv);
            } else {
                compile_expr(c, spec);
                emit_at(c, p);
                emit_op_b(c, OP_FORMAT_DYN, conv);
            }
        }
        parts++;
    }
    emit_at(c, n);
    if (parts == 0) {
        emit_constant(c, OBJ_VAL(c->vm->names.empty));
    } else if (parts > 1 || any_field) {
        /* also for one field: FORMAT may leave a number for BUILD_STRING */
        emit_op_w(c, OP_BUILD_STRING, parts);
        emit_depth(c, 1 - parts);
    }
}

static bool is_super_call(Node *n)
{
    return n->kind == N_CALL && n->as.call.callee->kind == N_NAME &&
           strcmp(n->as.call.callee->as.str.chars, "super") == 0 && n->as.call.args.count == 0;
}

static void compile_call(Compiler *c, Node *n)
{
    Node *callee = n->as.call.callee;
    NodeList *args = &n->as.call.args;
    bool simple = true;
    int nkw = 0;
    for (int i = 0; i < args->count; i++) {
        NodeKind k = args->items[i]->kind;
        if (k == N_STARRED || k == N_DSTARRED)
            simple = false;
        if (k == N_KEYWORD)
            nkw++;
    }
    if (args->count > 255) {
        comp_error(c, n, "too many arguments in one call (the limit is 255)");
        return;
    }
    /* obj.method(args): no bound-method object is made */
    if (simple && nkw == 0 && callee->kind == N_ATTR && !is_super_call(callee->as.attr.object)) {
        compile_expr(c, callee->as.attr.object);
        for (int i = 0; i < args->count; i++)
            compile_expr(c, args->items[i]);
        emit_at(c, n);
        emit_op(c, OP_INVOKE);
        emit_u16(c, comp_name(c, callee->as.attr.name));
        emit_byte(c, (uint8_t)args->count);
        emit_depth(c, -args->count);
        return;
    }
    compile_expr(c, callee);
    if (simple) {
        int npos = 0;
        for (int i = 0; i < args->count; i++)
            if (args->items[i]->kind != N_KEYWORD) {
                compile_expr(c, args->items[i]);
                npos++;
            }
        if (nkw) {
            emit_op_w(c, OP_BUILD_DICT, 0);
            emit_depth(c, 1);
            for (int i = 0; i < args->count; i++) {
                Node *a = args->items[i];
                if (a->kind != N_KEYWORD)
                    continue;
                emit_op(c, OP_DUP);
                emit_at(c, a);
                emit_constant(c, OBJ_VAL(str_from_cstr(c->vm, a->as.keyword.name)));
                compile_expr(c, a->as.keyword.value);
                emit_op(c, OP_DICT_SET);
            }
            emit_at(c, n);
            emit_op_b(c, OP_CALL_KW, npos);
            emit_depth(c, -npos - 1);
        } else {
            emit_at(c, n);
            emit_op_b(c, OP_CALL, npos);
            emit_depth(c, -npos);
        }
        return;
    }
    /* f(*a, k=v, **d): collect into a list and a dict */
    emit_spread_list(c, args);
    emit_op_w(c, OP_BUILD_DICT, 0);
    emit_depth(c, 1);
    for (int i = 0; i < args->count; i++) {
        Node *a = args->items[i];
        if (a->kind == N_KEYWORD) {
            emit_op(c, OP_DUP);
            emit_constant(c, OBJ_VAL(str_from_cstr(c->vm, a->as.keyword.name)));
            compile_expr(c, a->as.keyword.value);
            emit_op(c, OP_DICT_SET);
        } else if (a->kind == N_DSTARRED) {
            compile_expr(c, a->as.starred.value);
            emit_at(c, a);
            emit_op(c, OP_DICT_UPDATE);
        }
    }
    emit_at(c, n);
    emit_op(c, OP_CALL_EX);
}

static void compile_index_part(Compiler *c, Node *idx)
{
    if (idx->kind == N_SLICE) {
        if (idx->as.slice.lo) compile_expr(c, idx->as.slice.lo); else emit_op(c, OP_NONE);
        if (idx->as.slice.hi) compile_expr(c, idx->as.slice.hi); else emit_op(c, OP_NONE);
        if (idx->as.slice.step) compile_expr(c, idx->as.slice.step); else emit_op(c, OP_NONE);
        emit_at(c, idx);
        emit_op(c, OP_BUILD_SLICE);
    } else if (idx->kind == N_TUPLE) {
        for (int i = 0; i < idx->as.items.count; i++)
            compile_index_part(c, idx->as.items.items[i]);
        emit_at(c, idx);
        emit_op_w(c, OP_BUILD_TUPLE, idx->as.items.count);
        emit_depth(c, 1 - idx->as.items.count);
    } else {
        compile_expr(c, idx);
    }
}

/* Numbers, names and arithmetic on them: evaluating it cannot rebind a
   local through a closure, so x op= value may read x after value. */
static bool is_simple_value(Node *n)
{
    switch (n->kind) {
    case N_INT: case N_FLOAT: case N_NAME: case N_STR: case N_TRUE: case N_FALSE: case N_NONE:
        return true;
    case N_BINARY:
        return is_simple_value(n->as.binary.left) && is_simple_value(n->as.binary.right);
    case N_UNARY:
        return is_simple_value(n->as.unary.operand);
    default:
        return false;
    }
}

/* a op b.  A local on the left with a simple right operand (x / (2.0 * i +
   1.0)) reads the local after the right side, in the operator (the LS form):
   nothing in between can rebind it. */
static void compile_binary(Compiler *c, Node *n)
{
    Node *left = n->as.binary.left, *right = n->as.binary.right;
    OpCode op = binop_opcode[n->as.binary.op];
    int slot;
    if (fused(op, FORM_LS) >= 0 && left->kind == N_NAME &&
        (right->kind == N_BINARY || right->kind == N_UNARY) && is_simple_value(right) &&
        is_plain_local(c, left->as.str.chars, &slot)) {
        compile_expr(c, right);
        emit_at(c, n);
        emit_op(c, (OpCode)fused(op, FORM_LS));
        emit_byte(c, (uint8_t)slot);
        emit_depth(c, 1); /* the slow path pushes both operands back */
        emit_depth(c, -1);
        return;
    }
    compile_expr(c, left);
    compile_expr(c, right);
    emit_at(c, n);
    /* the left operand is the fresh result of arithmetic: no name holds it,
       so a tensor operator may write its result into it */
    bool left_temp = left->kind == N_BINARY && op != OP_MATMUL &&
                     left->as.binary.op != BIN_MATMUL;
    emit_binary(c, op, left_temp);
}

static void compile_expr(Compiler *c, Node *n)
{
    if (c->failed)
        return;
    emit_at(c, n);
    switch (n->kind) {
    case N_INT: emit_constant(c, INT_VAL(n->as.ival)); break;
    case N_FLOAT: emit_constant(c, FLOAT_VAL(n->as.fval)); break;
    case N_STR: {
        ObjString *s = str_new(c->vm, n->as.str.chars, (size_t)n->as.str.len);
        if (!s) {
            comp_error(c, n, "out of memory while compiling");
            return;
        }
        emit_constant(c, OBJ_VAL(s));
        break;
    }
    case N_FSTRING: compile_fstring(c, n); break;
    case N_NAME: load_name(c, n->as.str.chars, n); break;
    case N_TRUE: emit_op(c, OP_TRUE); break;
    case N_FALSE: emit_op(c, OP_FALSE); break;
    case N_NONE: emit_op(c, OP_NONE); break;
    case N_ELLIPSIS:
        emit_op_w(c, OP_GET_GLOBAL, comp_name(c, "Ellipsis"));
        emit_u16(c, 0xffff);
        break;
    case N_LIST: compile_list_literal(c, n); break;
    case N_TUPLE: compile_tuple(c, n); break;
    case N_DICT: compile_dict(c, n); break;
    case N_LISTCOMP:
    case N_DICTCOMP: compile_comprehension(c, n); break;
    case N_UNARY: {
        Node *a = n->as.unary.operand;
        if (n->as.unary.op == UN_NEG && is_num_const(a)) {
            if (a->kind == N_INT && a->as.ival != INT64_MIN)
                emit_constant(c, INT_VAL(-a->as.ival));
            else if (a->kind == N_FLOAT)
                emit_constant(c, FLOAT_VAL(-a->as.fval));
            else
                goto plain_unary;
            break;
        }
    plain_unary:
        compile_expr(c, a);
        emit_at(c, n);
        switch (n->as.unary.op) {
        case UN_NEG: emit_op(c, OP_NEG); break;
        case UN_POS: emit_op(c, OP_POS); break;
        case UN_NOT: emit_op(c, OP_NOT); break;
        case UN_INVERT: emit_op(c, OP_INVERT); break;
        }
        break;
    }
    case N_BINARY:
        if (fold_binary(n)) {
            compile_expr(c, n);
            break;
        }
        compile_binary(c, n);
        break;
    case N_AND:
    case N_OR: {
        compile_expr(c, n->as.binary.left);
        emit_at(c, n);
        int j = emit_jump(c, n->kind == N_AND ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP);
        emit_depth(c, -1);
        compile_expr(c, n->as.binary.right);
        emit_patch(c, j);
        break;
    }
    case N_COMPARE: {
        compile_expr(c, n->as.compare.first);
        int count = n->as.compare.count;
        int cleanup[64], ncleanup = 0;
        if (count > 64) {
            comp_error(c, n, "comparison chain too long");
            return;
        }
        for (int i = 0; i < count; i++) {
            compile_expr(c, n->as.compare.rest[i]);
            bool last = i == count - 1;
            emit_at(c, n);
            if (!last) {
                emit_op(c, OP_DUP);
                emit_op(c, OP_ROT3);
            }
            if (last)
                emit_binary(c, cmpop_opcode[n->as.compare.ops[i]], false);
            else
                emit_op(c, cmpop_opcode[n->as.compare.ops[i]]);
            if (!last) {
                cleanup[ncleanup++] = emit_jump(c, OP_JUMP_IF_FALSE_OR_POP);
                emit_depth(c, -1);
            }
        }
        if (ncleanup) {
            int end = emit_jump(c, OP_JUMP);
            for (int i = 0; i < ncleanup; i++)
                emit_patch(c, cleanup[i]);
            emit_depth(c, 1); /* at cleanup: b and the false result */
            emit_op(c, OP_SWAP);
            emit_op(c, OP_POP);
            emit_patch(c, end);
        }
        break;
    }
    case N_TERNARY: {
        compile_expr(c, n->as.ternary.cond);
        int else_j = emit_jump(c, OP_JUMP_IF_FALSE);
        compile_expr(c, n->as.ternary.then);
        int end = emit_jump(c, OP_JUMP);
        emit_patch(c, else_j);
        emit_depth(c, -1);
        compile_expr(c, n->as.ternary.other);
        emit_patch(c, end);
        break;
    }
    case N_LAMBDA: compile_function(c, n, true); break;
    case N_CALL: compile_call(c, n); break;
    case N_ATTR:
        if (is_super_call(n->as.attr.object)) {
            if (c->is_module || c->proto->nparams == 0 || !c->class_name) {
                comp_error(c, n->as.attr.object, "super() is only valid inside a method");
                return;
            }
            emit_op_b(c, OP_GET_LOCAL, 0);
            emit_at(c, n);
            emit_op_w(c, OP_SUPER_ATTR, comp_name(c, n->as.attr.name));
            break;
        }
        compile_expr(c, n->as.attr.object);
        emit_at(c, n);
        emit_op_w(c, OP_GET_ATTR, comp_name(c, n->as.attr.name));
        break;
    case N_INDEX:
        compile_expr(c, n->as.index.object);
        compile_index_part(c, n->as.index.index);
        emit_at(c, n);
        emit_op(c, OP_GET_INDEX);
        break;
    case N_SLICE:
        compile_index_part(c, n);
        break;
    case N_STARRED:
        comp_error(c, n, "a starred expression '*x' is only allowed in a call, a list or an assignment target");
        break;
    case N_KEYWORD:
    case N_DSTARRED:
        comp_error(c, n, "unexpected keyword argument here");
        break;
    default:
        comp_error(c, n, "cannot use a %s as an expression", node_kind_name(n->kind));
        break;
    }
}

/* ---- assignment targets */

static void store_target(Compiler *c, Node *t)
{
    emit_at(c, t);
    switch (t->kind) {
    case N_NAME: store_name(c, t->as.str.chars, t); break;
    case N_ATTR:
        compile_expr(c, t->as.attr.object);
        emit_at(c, t);
        emit_op_w(c, OP_SET_ATTR, comp_name(c, t->as.attr.name));
        break;
    case N_INDEX:
        compile_expr(c, t->as.index.object);
        compile_index_part(c, t->as.index.index);
        emit_at(c, t);
        emit_op(c, OP_SET_INDEX);
        break;
    case N_TUPLE:
    case N_LIST: {
        int count = t->as.items.count, star = -1;
        for (int i = 0; i < count; i++)
            if (t->as.items.items[i]->kind == N_STARRED) {
                if (star >= 0) {
                    comp_error(c, t->as.items.items[i], "only one starred target is allowed in an assignment");
                    return;
                }
                star = i;
            }
        if (count > 255) {
            comp_error(c, t, "too many targets in one assignment");
            return;
        }
        if (star < 0) {
            emit_op_b(c, OP_UNPACK, count);
            emit_depth(c, count - 1);
        } else {
            emit_op(c, OP_UNPACK_EX);
            emit_byte(c, (uint8_t)star);
            emit_byte(c, (uint8_t)(count - star - 1));
            emit_depth(c, count - 1);
        }
        for (int i = 0; i < count; i++) {
            Node *item = t->as.items.items[i];
            store_target(c, item->kind == N_STARRED ? item->as.starred.value : item);
        }
        break;
    }
    case N_STARRED:
        comp_error(c, t, "a starred assignment target must be in a list or tuple");
        break;
    case N_CALL:
        comp_error(c, t, "cannot assign to a function call");
        comp_hint(c, "to compare, use '=='");
        break;
    default:
        comp_error(c, t, "cannot assign to %s", node_kind_name(t->kind));
        break;
    }
}

static void compile_augassign(Compiler *c, Node *n)
{
    Node *t = n->as.augassign.target;
    int op = binop_opcode[n->as.augassign.op];
    int slot;
    if (t->kind == N_NAME && is_simple_value(n->as.augassign.value) &&
        is_plain_local(c, t->as.str.chars, &slot)) {
        compile_expr(c, n->as.augassign.value);
        emit_at(c, n);
        emit_op(c, OP_INPLACE_LOCAL);
        emit_byte(c, (uint8_t)slot);
        emit_byte(c, (uint8_t)op);
        return;
    }
    switch (t->kind) {
    case N_NAME:
        load_name(c, t->as.str.chars, t);
        compile_expr(c, n->as.augassign.value);
        emit_at(c, n);
        emit_op_b(c, OP_INPLACE, op);
        store_name(c, t->as.str.chars, t);
        break;
    case N_ATTR: {
        int name = comp_name(c, t->as.attr.name);
        compile_expr(c, t->as.attr.object);
        emit_op(c, OP_DUP);
        emit_at(c, t);
        emit_op_w(c, OP_GET_ATTR, name);
        compile_expr(c, n->as.augassign.value);
        emit_at(c, n);
        emit_op_b(c, OP_INPLACE, op);
        emit_op(c, OP_SWAP);
        emit_op_w(c, OP_SET_ATTR, name);
        break;
    }
    case N_INDEX:
        compile_expr(c, t->as.index.object);
        compile_index_part(c, t->as.index.index);
        emit_op(c, OP_DUP2);
        emit_at(c, t);
        emit_op(c, OP_GET_INDEX);
        compile_expr(c, n->as.augassign.value);
        emit_at(c, n);
        emit_op_b(c, OP_INPLACE, op);
        emit_op(c, OP_ROT3);
        emit_op(c, OP_SET_INDEX);
        break;
    default:
        comp_error(c, t, "cannot use augmented assignment on %s", node_kind_name(t->kind));
        break;
    }
}

static void compile_delete(Compiler *c, Node *t)
{
    emit_at(c, t);
    switch (t->kind) {
    case N_NAME: {
        int idx;
        VarKind k = resolve(c, t->as.str.chars, t, &idx);
        if (k == VAR_LOCAL)
            emit_op_b(c, OP_DEL_LOCAL, idx);
        else if (k == VAR_GLOBAL)
            emit_op_w(c, OP_DEL_GLOBAL, idx);
        else
            comp_error(c, t, "cannot delete a variable of an enclosing function");
        break;
    }
    case N_ATTR:
        compile_expr(c, t->as.attr.object);
        emit_at(c, t);
        emit_op_w(c, OP_DEL_ATTR, comp_name(c, t->as.attr.name));
        break;
    case N_INDEX:
        compile_expr(c, t->as.index.object);
        compile_index_part(c, t->as.index.index);
        emit_at(c, t);
        emit_op(c, OP_DEL_INDEX);
        break;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->as.items.count; i++)
            compile_delete(c, t->as.items.items[i]);
        break;
    default:
        comp_error(c, t, "cannot delete %s", node_kind_name(t->kind));
        break;
    }
}

/* ---- functions and classes */

static void init_compiler(Compiler *c, Compiler *enclosing, VM *vm, Arena *arena, ParseError *err)
{
    memset(c, 0, sizeof *c);
    c->enclosing = enclosing;
    c->vm = vm;
    c->arena = arena;
    c->err = err;
    c->except_slot = -1;
    c->last_op = c->prev_op = -1;
    c->line = 1;
    c->col = 1;
    c->len = 1;
    vm->compiler = c;
}

static ObjProto *end_compiler(Compiler *c)
{
    ObjProto *p = c->proto;
    if (c->nlocals > 0 && !c->failed) {
        p->local_names = mem_alloc(c->vm, (size_t)c->nlocals * sizeof(ObjString *));
        if (p->local_names) {
            memset(p->local_names, 0, (size_t)c->nlocals * sizeof(ObjString *));
            p->nlocals = c->nlocals; /* so the collector marks the names as they appear */
            for (int i = 0; i < c->nlocals; i++)
                if (c->locals[i].name)
                    p->local_names[i] = str_from_cstr(c->vm, c->locals[i].name);
        }
    }
    p->nlocals = c->nlocals;
    p->nupvalues = c->nupvals;
    p->max_stack = c->max_depth + 4;
    c->vm->compiler = c->enclosing;
    return p;
}

static ObjString *qualified_name(Compiler *c, const char *name)
{
    if (c->class_name)
        return str_printf(c->vm, "%s.%s", c->class_name, name);
    return str_from_cstr(c->vm, name);
}

/* def name(params): body, or lambda params: expr.  Leaves the function on
   the stack of the enclosing compiler. */
static void compile_function(Compiler *c, Node *n, bool is_lambda)
{
    /* Defaults are evaluated now, in the enclosing scope. */
    int ndefaults = 0;
    for (int i = 0; i < n->as.func.nparams; i++)
        if (n->as.func.params[i].default_value) {
            compile_expr(c, n->as.func.params[i].default_value);
            ndefaults++;
        }
    if (c->failed)
        return;

    Compiler fc;
    init_compiler(&fc, c, c->vm, c->arena, c->err);
    fc.mode = COMPILE_MODULE;
    fc.class_name = c->in_class_body ? c->class_name : NULL;
    fc.proto = proto_new(c->vm);
    if (!fc.proto) {
        c->vm->compiler = c;
        comp_error(c, n, "out of memory while compiling");
        return;
    }
    ObjProto *p = fc.proto;
    const char *name = is_lambda ? "<lambda>" : n->as.func.name;
    p->name = str_from_cstr(c->vm, name);
    p->qualname = qualified_name(c, name);
    p->source_name = c->proto->source_name;
    p->source = c->proto->source;
    p->line = n->line;
    p->is_lambda = is_lambda;
    p->ndefaults = ndefaults;
    if (n->as.func.doc)
        p->doc = str_from_cstr(c->vm, n->as.func.doc);

    int np = n->as.func.nparams;
    if (np > 0) {
        p->param_names = mem_alloc(c->vm, (size_t)np * sizeof(ObjString *));
        if (!p->param_names) {
            comp_error(c, n, "out of memory while compiling");
            end_compiler(&fc);
            return;
        }
        memset(p->param_names, 0, (size_t)np * sizeof(ObjString *));
        p->nparams = np;
    }
    /* Slots: positional params, then *args, then keyword-only, then **kwargs
       — the order they appear in, which the parser has checked. */
    bool seen_star = false;
    for (int i = 0; i < np; i++) {
        Param *pa = &n->as.func.params[i];
        for (int j = 0; j < i; j++)
            if (strcmp(n->as.func.params[j].name, pa->name) == 0) {
                comp_error(c, n, "duplicate parameter '%s' in the definition of '%s'", pa->name, name);
                end_compiler(&fc);
                return;
            }
        int slot = add_local(&fc, pa->name, n);
        set_add(&fc, &fc.assigned, pa->name);
        p->param_names[i] = str_from_cstr(c->vm, pa->name);
        if (pa->kind == PARAM_VARARGS) {
            p->vararg_slot = slot;
            seen_star = true;
        } else if (pa->kind == PARAM_KWARGS) {
            p->kwarg_slot = slot;
        } else if (seen_star || pa->keyword_only) {
            if (pa->default_value) {
                if (p->nkwonly >= 64) {
                    comp_error(c, n, "too many keyword-only parameters (the limit is 64)");
                    end_compiler(&fc);
                    return;
                }
                p->kwonly_has_default |= 1ull << p->nkwonly;
                p->nkwonly_defaults++;
            }
            p->nkwonly++;
        } else {
            p->npositional++;
        }
    }
    scan_scope(&fc, n->as.func.body);
    for (int i = 0; i < fc.nonlocals.count; i++)
        if (set_has(&fc.globals, fc.nonlocals.names[i]))
            comp_error(&fc, n, "name '%s' is both nonlocal and global", fc.nonlocals.names[i]);

    compile_block(&fc, n->as.func.body);
    emit_at(&fc, n);
    emit_op(&fc, OP_NONE);
    emit_op(&fc, OP_RETURN);
    ObjProto *proto = end_compiler(&fc);
    if (c->failed)
        return;

    emit_at(c, n);
    int k = comp_constant(c, OBJ_VAL(proto));
    emit_op(c, OP_CLOSURE);
    emit_u16(c, k);
    for (int i = 0; i < fc.nupvals; i++) {
        emit_byte(c, fc.upvals[i].is_local ? 1 : 0);
        emit_byte(c, fc.upvals[i].index);
    }
    emit_depth(c, 1 - ndefaults);
}

static void compile_class(Compiler *c, Node *n)
{
    if (n->as.klass.base)
        compile_expr(c, n->as.klass.base);
    else
        emit_op(c, OP_NONE);
    emit_at(c, n);
    emit_op_w(c, OP_CLASS, comp_name(c, n->as.klass.name));
    if (n->as.klass.doc) {
        emit_constant(c, OBJ_VAL(str_from_cstr(c->vm, n->as.klass.doc)));
        emit_op_w(c, OP_DEFINE_ATTR, comp_name(c, "__doc__"));
    }
    bool saved_in_class = c->in_class_body;
    const char *saved_name = c->class_name;
    ClassScope *saved_scope = c->class_scope;
    ClassScope scope = {.slot = add_local(c, NULL, n)};
    emit_op(c, OP_DUP);
    emit_op_b(c, OP_SET_LOCAL, scope.slot);
    c->in_class_body = true;
    c->class_name = n->as.klass.name;
    Node *body = n->as.klass.body;
    for (int i = 0; i < body->as.items.count && !c->failed; i++) {
        Node *s = body->as.items.items[i];
        switch (s->kind) {
        case N_DEF:
            compile_function(c, s, false);
            emit_at(c, s);
            emit_op_w(c, OP_DEFINE_ATTR, comp_name(c, s->as.func.name));
            set_add(c, &scope.names, s->as.func.name);
            break;
        case N_ASSIGN:
            if (s->as.assign.targets.count != 1 || s->as.assign.targets.items[0]->kind != N_NAME) {
                comp_error(c, s, "a class body may only assign simple names (x = value)");
                break;
            }
            c->in_class_body = false;
            c->class_scope = &scope;
            compile_expr(c, s->as.assign.value);
            c->class_scope = saved_scope;
            c->in_class_body = true;
            emit_at(c, s);
            emit_op_w(c, OP_DEFINE_ATTR, comp_name(c, s->as.assign.targets.items[0]->as.str.chars));
            set_add(c, &scope.names, s->as.assign.targets.items[0]->as.str.chars);
            break;
        case N_PASS:
            break;
        case N_EXPR_STMT:
            if (s->as.expr_stmt.value->kind == N_STR)
                break; /* a docstring */
            /* fall through */
        default:
            comp_error(c, s, "only method definitions and simple assignments may appear in a class body");
            comp_hint(c, "move this code into a method such as __init__");
            break;
        }
    }
    c->in_class_body = saved_in_class;
    c->class_name = saved_name;
    c->class_scope = saved_scope;
    emit_op_b(c, OP_DEL_LOCAL, scope.slot);
    store_name(c, n->as.klass.name, n);
}

/* ---- statements */

/* Leaves try blocks down to `to`: pops their handlers and runs the finally
   bodies, innermost first. */
static void unwind_trys(Compiler *c, int to)
{
    int saved = c->ntry;
    for (int i = saved - 1; i >= to; i--) {
        TryCtx t = c->trys[i];
        emit_op(c, OP_POP_TRY);
        if (t.finally_body) {
            c->ntry = i; /* a break inside the finally body leaves only outer trys */
            compile_block(c, t.finally_body);
            c->ntry = saved;
        }
    }
}

static void compile_if(Compiler *c, Node *n)
{
    compile_expr(c, n->as.if_.cond);
    emit_at(c, n);
    int else_j = emit_jump(c, OP_JUMP_IF_FALSE);
    compile_block(c, n->as.if_.body);
    if (n->as.if_.else_body) {
        int end = emit_jump(c, OP_JUMP);
        emit_patch(c, else_j);
        if (n->as.if_.else_body->kind == N_IF)
            compile_if(c, n->as.if_.else_body);
        else
            compile_block(c, n->as.if_.else_body);
        emit_patch(c, end);
    } else {
        emit_patch(c, else_j);
    }
}

static void compile_while(Compiler *c, Node *n)
{
    Loop loop = {.outer = c->loop, .start = emit_label(c), .depth = c->depth,
                 .try_depth = c->ntry};
    compile_expr(c, n->as.loop.cond);
    emit_at(c, n);
    int exit = emit_jump(c, OP_JUMP_IF_FALSE);
    c->loop = &loop;
    compile_block(c, n->as.loop.body);
    c->loop = loop.outer;
    emit_loop(c, loop.start);
    emit_patch(c, exit);
    if (n->as.loop.else_body)
        compile_block(c, n->as.loop.else_body);
    for (int i = 0; i < loop.nbreaks; i++)
        emit_patch(c, loop.breaks[i]);
}

/* GET_ITER; JUMP next; body: [store the item]; ...; next: FOR_ITER body.
   The test is at the bottom, so each iteration runs one loop instruction,
   which both fetches the item and jumps back. */
static void compile_for(Compiler *c, Node *n)
{
    compile_expr(c, n->as.loop.iter);
    emit_at(c, n);
    emit_op(c, OP_GET_ITER);
    int enter = emit_jump(c, OP_JUMP);
    Loop loop = {.outer = c->loop, .start = -1, .depth = c->depth, .is_for = true,
                 .try_depth = c->ntry};
    int body = emit_label(c), slot;
    bool to_local = n->as.loop.target->kind == N_NAME &&
                    is_plain_local(c, n->as.loop.target->as.str.chars, &slot);
    if (!to_local) { /* FOR_ITER pushes the item; the body begins by storing it */
        emit_depth(c, 1);
        store_target(c, n->as.loop.target);
    }
    c->loop = &loop;
    compile_block(c, n->as.loop.body);
    c->loop = loop.outer;
    emit_patch(c, enter);
    for (int i = 0; i < loop.ncontinues; i++)
        emit_patch(c, loop.continues[i]);
    emit_at(c, n);
    emit_for_iter(c, to_local ? slot : -1, body);
    if (n->as.loop.else_body)
        compile_block(c, n->as.loop.else_body);
    for (int i = 0; i < loop.nbreaks; i++)
        emit_patch(c, loop.breaks[i]);
}

static void compile_break_continue(Compiler *c, Node *n)
{
    Loop *loop = c->loop;
    bool is_break = n->kind == N_BREAK;
    if (!loop) {
        comp_error(c, n, "'%s' outside a loop", is_break ? "break" : "continue");
        return;
    }
    int saved_depth = c->depth;
    unwind_trys(c, loop->try_depth);
    /* Pop temporaries above the loop's base (and, for break, its iterator). */
    int target = loop->depth - (is_break && loop->is_for ? 1 : 0);
    for (int d = c->depth; d > target; d--)
        emit_op(c, OP_POP);
    if (is_break || loop->is_for) {
        int *jumps = is_break ? loop->breaks : loop->continues;
        int *count = is_break ? &loop->nbreaks : &loop->ncontinues;
        if (*count == 64) {
            comp_error(c, n, "too many '%s' statements in one loop", is_break ? "break" : "continue");
            return;
        }
        jumps[(*count)++] = emit_jump(c, OP_JUMP);
    } else {
        emit_loop(c, loop->start);
    }
    c->depth = saved_depth;
}

static void compile_return(Compiler *c, Node *n)
{
    if (c->is_module) {
        comp_error(c, n, "'return' outside a function");
        return;
    }
    if (n->as.ret.value)
        compile_expr(c, n->as.ret.value);
    else
        emit_op(c, OP_NONE);
    emit_at(c, n);
    if (c->ntry > 0) {
        /* The value waits below while finally bodies run. */
        int saved_depth = c->depth;
        unwind_trys(c, 0);
        c->depth = saved_depth;
    }
    emit_op(c, OP_RETURN);
}

static void compile_try(Compiler *c, Node *n)
{
    Node *fin = n->as.try_.finally_body;
    int fin_handler = -1;
    if (fin) {
        emit_at(c, n);
        fin_handler = emit_jump(c, OP_SETUP_TRY);
        if (c->ntry == 64) {
            comp_error(c, n, "try statements nested too deeply");
            return;
        }
        c->trys[c->ntry++] = (TryCtx){fin};
    }

    if (n->as.try_.handlers.count > 0) {
        emit_at(c, n);
        int handler = emit_jump(c, OP_SETUP_TRY);
        if (c->ntry == 64) {
            comp_error(c, n, "try statements nested too deeply");
            return;
        }
        c->trys[c->ntry++] = (TryCtx){NULL};
        compile_block(c, n->as.try_.body);
        c->ntry--;
        emit_op(c, OP_POP_TRY);
        if (n->as.try_.else_body)
            compile_block(c, n->as.try_.else_body);
        int ends[64], nends = 0;
        ends[nends++] = emit_jump(c, OP_JUMP);

        /* The handler: the exception is on the stack. */
        emit_patch(c, handler);
        emit_depth(c, 1);
        int exc_slot = add_local(c, NULL, n);
        emit_op_b(c, OP_SET_LOCAL, exc_slot);
        int saved_except = c->except_slot;
        c->except_slot = exc_slot;
        NodeList *hs = &n->as.try_.handlers;
        for (int i = 0; i < hs->count && !c->failed; i++) {
            Node *h = hs->items[i];
            emit_at(c, h);
            int next = -1;
            if (h->as.except.type) {
                emit_op_b(c, OP_GET_LOCAL, exc_slot);
                compile_expr(c, h->as.except.type);
                emit_at(c, h);
                emit_op(c, OP_EXC_MATCH);
                next = emit_jump(c, OP_JUMP_IF_FALSE);
            } else if (i != hs->count - 1) {
                comp_error(c, h, "a bare 'except:' must be the last handler");
                break;
            }
            if (h->as.except.name) {
                emit_op_b(c, OP_GET_LOCAL, exc_slot);
                store_name(c, h->as.except.name, h);
            }
            compile_block(c, h->as.except.body);
            if (h->as.except.name) {
                /* as in Python, `e` is unbound after the except block */
                Node name_node = *h;
                name_node.kind = N_NAME;
                name_node.as.str.chars = h->as.except.name;
                name_node.as.str.len = (int)strlen(h->as.except.name);
                compile_delete(c, &name_node);
            }
            if (nends == 64) {
                comp_error(c, h, "too many except clauses");
                break;
            }
            ends[nends++] = emit_jump(c, OP_JUMP);
            if (next >= 0)
                emit_patch(c, next);
        }
        /* No handler matched: raise it again, with its original trace. */
        emit_op_b(c, OP_GET_LOCAL, exc_slot);
        emit_op(c, OP_RERAISE);
        c->except_slot = saved_except;
        for (int i = 0; i < nends; i++)
            emit_patch(c, ends[i]);
    } else {
        compile_block(c, n->as.try_.body);
    }

    if (fin) {
        c->ntry--;
        emit_op(c, OP_POP_TRY);
        compile_block(c, fin);
        int end = emit_jump(c, OP_JUMP);
        emit_patch(c, fin_handler);
        emit_depth(c, 1);
        int exc_slot = add_local(c, NULL, n);
        emit_op_b(c, OP_SET_LOCAL, exc_slot);
        compile_block(c, fin);
        emit_op_b(c, OP_GET_LOCAL, exc_slot);
        emit_op(c, OP_RERAISE);
        emit_patch(c, end);
    }
}

static void compile_import(Compiler *c, Node *n)
{
    for (int i = 0; i < n->as.import.count; i++) {
        Alias *a = &n->as.import.names[i];
        emit_at(c, n);
        emit_op_w(c, OP_IMPORT, comp_name(c, a->name));
        const char *bound = a->asname;
        if (!bound) {
            const char *dot = strrchr(a->name, '.');
            bound = dot ? dot + 1 : a->name;
        }
        store_name(c, bound, n);
    }
}

static void compile_from_import(Compiler *c, Node *n)
{
    emit_at(c, n);
    emit_op_w(c, OP_IMPORT, comp_name(c, n->as.import.module));
    if (n->as.import.star) {
        if (!c->is_module) {
            comp_error(c, n, "'from ... import *' is only allowed at the top level of a module");
            return;
        }
        emit_op(c, OP_IMPORT_STAR);
        return;
    }
    for (int i = 0; i < n->as.import.count; i++) {
        Alias *a = &n->as.import.names[i];
        emit_op_w(c, OP_IMPORT_FROM, comp_name(c, a->name));
        store_name(c, a->asname ? a->asname : a->name, n);
    }
    emit_op(c, OP_POP);
}

static void compile_stmt(Compiler *c, Node *n, bool last_in_module)
{
    if (c->failed)
        return;
    emit_at(c, n);
    switch (n->kind) {
    case N_EXPR_STMT: {
        Node *v = n->as.expr_stmt.value;
        compile_expr(c, v);
        emit_at(c, n);
        if (c->is_module && c->mode == COMPILE_REPL)
            emit_op(c, OP_PRINT_EXPR);
        else if (c->is_module && c->mode == COMPILE_EVAL && last_in_module)
            emit_op(c, OP_RETURN);
        else
            emit_op(c, OP_POP);
        break;
    }
    case N_ASSIGN: {
        compile_expr(c, n->as.assign.value);
        int nt = n->as.assign.targets.count;
        for (int i = 0; i < nt; i++) {
            if (i < nt - 1)
                emit_op(c, OP_DUP);
            store_target(c, n->as.assign.targets.items[i]);
        }
        break;
    }
    case N_AUGASSIGN: compile_augassign(c, n); break;
    case N_IF: compile_if(c, n); break;
    case N_WHILE: compile_while(c, n); break;
    case N_FOR: compile_for(c, n); break;
    case N_BREAK:
    case N_CONTINUE: compile_break_continue(c, n); break;
    case N_PASS: break;
    case N_DEF:
        compile_function(c, n, false);
        store_name(c, n->as.func.name, n);
        break;
    case N_RETURN: compile_return(c, n); break;
    case N_CLASS: compile_class(c, n); break;
    case N_IMPORT: compile_import(c, n); break;
    case N_FROM_IMPORT: compile_from_import(c, n); break;
    case N_ASSERT: {
        compile_expr(c, n->as.assert_.test);
        emit_at(c, n);
        int ok = emit_jump(c, OP_JUMP_IF_TRUE);
        if (n->as.assert_.msg)
            compile_expr(c, n->as.assert_.msg);
        else
            emit_op(c, OP_NONE);
        emit_at(c, n);
        emit_op(c, OP_ASSERT_FAIL);
        emit_patch(c, ok);
        break;
    }
    case N_TRY: compile_try(c, n); break;
    case N_RAISE:
        if (n->as.raise.exc) {
            compile_expr(c, n->as.raise.exc);
            emit_at(c, n);
            emit_op(c, OP_RAISE);
        } else if (c->except_slot >= 0) {
            emit_op_b(c, OP_GET_LOCAL, c->except_slot);
            emit_op(c, OP_RERAISE);
        } else {
            comp_error(c, n, "a bare 'raise' re-raises the exception being handled, so it "
                           "belongs inside an 'except' block");
            comp_hint(c, "to raise a new error write: raise ValueError(\"what went wrong\")");
        }
        break;
    case N_GLOBAL:
        break; /* handled by scan_scope */
    case N_NONLOCAL:
        if (c->is_module) {
            comp_error(c, n, "'nonlocal' is only allowed inside a function");
            break;
        }
        for (int i = 0; i < n->as.names.count; i++)
            if (resolve_upvalue(c, n->as.names.names[i], n) < 0)
                comp_error(c, n, "no binding for nonlocal '%s' in an enclosing function",
                         n->as.names.names[i]);
        break;
    case N_DEL:
        for (int i = 0; i < n->as.items.count; i++)
            compile_delete(c, n->as.items.items[i]);
        break;
    case N_BLOCK: compile_block(c, n); break;
    default:
        comp_error(c, n, "unexpected %s", node_kind_name(n->kind));
        break;
    }
}

static void compile_block(Compiler *c, Node *block)
{
    if (!block)
        return;
    if (block->kind != N_BLOCK) {
        compile_stmt(c, block, false);
        return;
    }
    for (int i = 0; i < block->as.items.count && !c->failed; i++)
        compile_stmt(c, block->as.items.items[i], false);
}

ObjProto *comp_compile(VM *vm, Node *module, ObjString *source_name, ObjString *source,
                       CompileMode mode, ParseError *err)
{
    Arena arena;
    arena_init(&arena, (ArenaAllocFn)vm->alloc, vm->alloc_ud);
    Compiler c;
    struct Compiler *outer = vm->compiler;
    init_compiler(&c, NULL, vm, &arena, err);
    c.enclosing = NULL;
    c.mode = mode;
    c.is_module = true;
    c.proto = proto_new(vm);
    if (!c.proto) {
        vm->compiler = outer;
        arena_free(&arena);
        snprintf(err->message, sizeof err->message, "out of memory while compiling");
        err->line = err->col = err->len = 1;
        return NULL;
    }
    c.proto->is_module = true;
    c.proto->name = str_from_cstr(vm, "<module>");
    c.proto->qualname = c.proto->name;
    c.proto->source_name = source_name;
    c.proto->source = source;
    c.proto->line = 1;

    int n = module->as.items.count;
    for (int i = 0; i < n && !c.failed; i++)
        compile_stmt(&c, module->as.items.items[i], i == n - 1);
    emit_op(&c, OP_NONE);
    emit_op(&c, OP_RETURN);
    ObjProto *p = end_compiler(&c);
    vm->compiler = outer;
    arena_free(&arena);
    return c.failed ? NULL : p;
}

void comp_mark_roots(VM *vm)
{
    for (Compiler *c = vm->compiler; c; c = c->enclosing)
        gc_mark_obj(vm, (Obj *)c->proto);
}
