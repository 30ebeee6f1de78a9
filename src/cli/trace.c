/*
 * trace.c - ':trace expr', the broadcasting lesson's microscope: evaluates
 * an expression one operation at a time, in the order the VM would, and
 * prints each intermediate result's shape and dtype.  When two tensors of
 * different shapes meet in an elementwise operation it draws their shapes
 * lined up from the right, the way the broadcasting rule reads them.
 *
 * Operators, calls, attributes and indexing are evaluated here, each child
 * once, through the VM's own operations (vm_binary_op, vm_call_kw, ...), so
 * the results are exactly what running the expression gives.  Anything
 * else (literals, comprehensions, lambdas, and/or) is one opaque step:
 * its text is compiled and run as a whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/memory.h"
#include "front/parser_api.h"
#include "vm/vm_internal.h"

/* ---- the expression as text (for the left column) */

enum {
    PREC_LAMBDA, PREC_TERNARY, PREC_OR, PREC_AND, PREC_NOT, PREC_COMPARE, PREC_BITOR,
    PREC_BITXOR, PREC_BITAND, PREC_SHIFT, PREC_ADD, PREC_MUL, PREC_UNARY, PREC_POW,
    PREC_POSTFIX, PREC_ATOM,
};

static int binop_prec(BinOp op)
{
    switch (op) {
    case BIN_ADD: case BIN_SUB: return PREC_ADD;
    case BIN_MUL: case BIN_DIV: case BIN_FLOORDIV: case BIN_MOD: case BIN_MATMUL: return PREC_MUL;
    case BIN_POW: return PREC_POW;
    case BIN_BITAND: return PREC_BITAND;
    case BIN_BITOR: return PREC_BITOR;
    case BIN_BITXOR: return PREC_BITXOR;
    case BIN_LSHIFT: case BIN_RSHIFT: return PREC_SHIFT;
    default: return PREC_ATOM;
    }
}

static int node_prec(const Node *n)
{
    switch (n->kind) {
    case N_LAMBDA: return PREC_LAMBDA;
    case N_TERNARY: return PREC_TERNARY;
    case N_OR: return PREC_OR;
    case N_AND: return PREC_AND;
    case N_UNARY: return n->as.unary.op == UN_NOT ? PREC_NOT : PREC_UNARY;
    case N_COMPARE: return PREC_COMPARE;
    case N_BINARY: return binop_prec(n->as.binary.op);
    case N_CALL: case N_ATTR: case N_INDEX: return PREC_POSTFIX;
    case N_TUPLE: return PREC_LAMBDA;   /* bare tuples need parentheses inside anything */
    default: return PREC_ATOM;
    }
}

static void unparse(StrBuf *b, const Node *n);

static void unparse_prec(StrBuf *b, const Node *n, int min_prec)
{
    bool paren = node_prec(n) < min_prec;
    if (paren)
        sb_putc(b, '(');
    unparse(b, n);
    if (paren)
        sb_putc(b, ')');
}

static void unparse_list(StrBuf *b, const NodeList *l, const char *sep)
{
    for (int i = 0; i < l->count; i++) {
        if (i)
            sb_puts(b, sep);
        unparse_prec(b, l->items[i], PREC_TERNARY);
    }
}

static void unparse_string(StrBuf *b, const char *s, int len)
{
    sb_putc(b, '"');
    for (int i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"' || c == '\\')
            sb_printf(b, "\\%c", c);
        else if (c == '\n')
            sb_puts(b, "\\n");
        else if (c == '\t')
            sb_puts(b, "\\t");
        else
            sb_putc(b, c);
    }
    sb_putc(b, '"');
}

/* An index: slices and tuples print bare inside the brackets. */
static void unparse_index(StrBuf *b, const Node *n)
{
    if (n->kind == N_SLICE) {
        if (n->as.slice.lo)
            unparse_prec(b, n->as.slice.lo, PREC_TERNARY);
        sb_putc(b, ':');
        if (n->as.slice.hi)
            unparse_prec(b, n->as.slice.hi, PREC_TERNARY);
        if (n->as.slice.step) {
            sb_putc(b, ':');
            unparse_prec(b, n->as.slice.step, PREC_TERNARY);
        }
    } else if (n->kind == N_TUPLE) {
        for (int i = 0; i < n->as.items.count; i++) {
            if (i)
                sb_puts(b, ", ");
            unparse_index(b, n->as.items.items[i]);
        }
    } else {
        unparse_prec(b, n, PREC_TERNARY);
    }
}

static void unparse_clauses(StrBuf *b, const NodeList *clauses)
{
    for (int i = 0; i < clauses->count; i++) {
        const Node *c = clauses->items[i];
        if (c->kind == N_COMP_FOR) {
            sb_puts(b, " for ");
            unparse(b, c->as.comp_for.target);
            sb_puts(b, " in ");
            unparse_prec(b, c->as.comp_for.iter, PREC_OR);
        } else {
            sb_puts(b, " if ");
            unparse_prec(b, c->as.comp_if.cond, PREC_OR);
        }
    }
}

static void unparse(StrBuf *b, const Node *n)
{
    char num[40];
    switch (n->kind) {
    case N_INT: sb_printf(b, "%lld", (long long)n->as.ival); break;
    case N_FLOAT:
        vm_number_text(num, FLOAT_VAL(n->as.fval));
        sb_puts(b, num);
        break;
    case N_STR: unparse_string(b, n->as.str.chars, n->as.str.len); break;
    case N_FSTRING:
        sb_puts(b, "f\"");
        for (int i = 0; i < n->as.fstr.parts.count; i++) {
            const Node *part = n->as.fstr.parts.items[i];
            if (part->kind == N_STR) {
                sb_append(b, part->as.str.chars, (size_t)part->as.str.len);
            } else if (part->kind == N_FORMAT) {
                sb_putc(b, '{');
                unparse(b, part->as.format.value);
                if (part->as.format.conversion)
                    sb_printf(b, "!%c", part->as.format.conversion);
                if (part->as.format.spec) {
                    sb_putc(b, ':');
                    const NodeList *sp = &part->as.format.spec->as.fstr.parts;
                    for (int k = 0; k < sp->count; k++)
                        if (sp->items[k]->kind == N_STR)
                            sb_append(b, sp->items[k]->as.str.chars, (size_t)sp->items[k]->as.str.len);
                }
                sb_putc(b, '}');
            }
        }
        sb_putc(b, '"');
        break;
    case N_NAME: sb_puts(b, n->as.str.chars); break;
    case N_TRUE: sb_puts(b, "True"); break;
    case N_FALSE: sb_puts(b, "False"); break;
    case N_NONE: sb_puts(b, "None"); break;
    case N_ELLIPSIS: sb_puts(b, "..."); break;
    case N_LIST:
        sb_putc(b, '[');
        unparse_list(b, &n->as.items, ", ");
        sb_putc(b, ']');
        break;
    case N_TUPLE:
        sb_putc(b, '(');
        unparse_list(b, &n->as.items, ", ");
        if (n->as.items.count == 1)
            sb_putc(b, ',');
        sb_putc(b, ')');
        break;
    case N_DICT:
        sb_putc(b, '{');
        for (int i = 0; i < n->as.dict.keys.count; i++) {
            if (i)
                sb_puts(b, ", ");
            if (n->as.dict.keys.items[i]) {
                unparse_prec(b, n->as.dict.keys.items[i], PREC_TERNARY);
                sb_puts(b, ": ");
            } else {
                sb_puts(b, "**");
            }
            unparse_prec(b, n->as.dict.values.items[i], PREC_TERNARY);
        }
        sb_putc(b, '}');
        break;
    case N_LISTCOMP:
        sb_putc(b, '[');
        unparse_prec(b, n->as.comp.elt, PREC_TERNARY);
        unparse_clauses(b, &n->as.comp.clauses);
        sb_putc(b, ']');
        break;
    case N_DICTCOMP:
        sb_putc(b, '{');
        unparse_prec(b, n->as.comp.key, PREC_TERNARY);
        sb_puts(b, ": ");
        unparse_prec(b, n->as.comp.elt, PREC_TERNARY);
        unparse_clauses(b, &n->as.comp.clauses);
        sb_putc(b, '}');
        break;
    case N_UNARY: {
        static const char *const ops[] = {"-", "+", "not ", "~"};
        sb_puts(b, ops[n->as.unary.op]);
        unparse_prec(b, n->as.unary.operand, node_prec(n));
        break;
    }
    case N_BINARY: {
        int p = binop_prec(n->as.binary.op);
        bool right_assoc = n->as.binary.op == BIN_POW;
        /* ** binds its left operand tighter than unary minus: (-x) ** 2 */
        unparse_prec(b, n->as.binary.left, right_assoc ? PREC_POSTFIX : p);
        sb_printf(b, " %s ", binop_symbol(n->as.binary.op));
        unparse_prec(b, n->as.binary.right, right_assoc ? PREC_UNARY : p + 1);
        break;
    }
    case N_AND:
    case N_OR:
        unparse_prec(b, n->as.binary.left, node_prec(n));
        sb_puts(b, n->kind == N_AND ? " and " : " or ");
        unparse_prec(b, n->as.binary.right, node_prec(n) + 1);
        break;
    case N_COMPARE:
        unparse_prec(b, n->as.compare.first, PREC_BITOR);
        for (int i = 0; i < n->as.compare.count; i++) {
            sb_printf(b, " %s ", cmpop_symbol(n->as.compare.ops[i]));
            unparse_prec(b, n->as.compare.rest[i], PREC_BITOR);
        }
        break;
    case N_TERNARY:
        unparse_prec(b, n->as.ternary.then, PREC_OR);
        sb_puts(b, " if ");
        unparse_prec(b, n->as.ternary.cond, PREC_OR);
        sb_puts(b, " else ");
        unparse_prec(b, n->as.ternary.other, PREC_TERNARY);
        break;
    case N_LAMBDA: {
        sb_puts(b, "lambda");
        for (int i = 0; i < n->as.func.nparams; i++) {
            const Param *p = &n->as.func.params[i];
            sb_printf(b, "%s%s%s", i ? ", " : " ",
                      p->kind == PARAM_VARARGS ? "*" : p->kind == PARAM_KWARGS ? "**" : "", p->name);
            if (p->default_value) {
                sb_putc(b, '=');
                unparse_prec(b, p->default_value, PREC_TERNARY);
            }
        }
        sb_puts(b, ": ");
        const Node *body = n->as.func.body;
        if (body && body->as.items.count > 0 && body->as.items.items[0]->kind == N_RETURN &&
            body->as.items.items[0]->as.ret.value)
            unparse_prec(b, body->as.items.items[0]->as.ret.value, PREC_TERNARY);
        break;
    }
    case N_CALL:
        unparse_prec(b, n->as.call.callee, PREC_POSTFIX);
        sb_putc(b, '(');
        unparse_list(b, &n->as.call.args, ", ");
        sb_putc(b, ')');
        break;
    case N_KEYWORD:
        sb_printf(b, "%s=", n->as.keyword.name);
        unparse_prec(b, n->as.keyword.value, PREC_TERNARY);
        break;
    case N_STARRED:
    case N_DSTARRED:
        sb_puts(b, n->kind == N_STARRED ? "*" : "**");
        unparse_prec(b, n->as.starred.value, PREC_BITOR);
        break;
    case N_ATTR:
        unparse_prec(b, n->as.attr.object, PREC_POSTFIX);
        sb_printf(b, ".%s", n->as.attr.name);
        break;
    case N_INDEX:
        unparse_prec(b, n->as.index.object, PREC_POSTFIX);
        sb_putc(b, '[');
        unparse_index(b, n->as.index.index);
        sb_putc(b, ']');
        break;
    case N_SLICE:
        unparse_index(b, n);
        break;
    default:
        sb_puts(b, "?");
        break;
    }
}

/* ---- evaluation */

typedef struct Tracer {
    Repl *r;
    VM *vm;
    ObjList *keep;      /* every intermediate value, so the collector keeps them */
    int steps;
    int width;          /* of the expression column */
} Tracer;

static bool keep(Tracer *t, Value v)
{
    return list_append(t->vm, t->keep, v);
}

/* "f64[3,1] view", "int 3", "list (3 items)" */
static void describe(Tracer *t, Value v, StrBuf *b)
{
    VM *vm = t->vm;
    if (IS_TENSOR(v)) {
        Tensor *x = AS_TENSOR(v);
        char shape[128];
        tn_shape_str(shape, sizeof shape, x->dtype, x->ndim, x->shape);
        sb_puts(b, shape);
        if (x->is_view)
            sb_puts(b, "  view");
        return;
    }
    sb_puts(b, value_type_name(vm, v));
    if (IS_NUMBER(v) || IS_NONE(v)) {
        sb_putc(b, ' ');
        value_repr(vm, v, b);
    } else if (IS_LIST(v) || IS_TUPLE(v)) {
        int64_t n = 0;
        if (vm_len(vm, v, &n))
            sb_printf(b, " (%lld item%s)", (long long)n, n == 1 ? "" : "s");
        else
            vm_clear_exception(vm);
    }
}

static void print_step(Tracer *t, const Node *n, Value v)
{
    Repl *r = t->r;
    StrBuf text, desc;
    sb_init(&text, sb_heap_alloc, NULL);
    sb_init(&desc, sb_heap_alloc, NULL);
    unparse(&text, n);
    describe(t, v, &desc);
    t->steps++;
    int pad = t->width - (int)term_text_width(text.data ? text.data : "", text.len);
    repl_printf(r, "  %2d  %s%*s  %s%s%s\n", t->steps, text.data ? text.data : "", pad > 0 ? pad : 0, "",
                term_style(r->color, STYLE_BOLD), desc.data ? desc.data : "",
                term_style(r->color, STYLE_RESET));
    sb_free(&text);
    sb_free(&desc);
}

/* Shapes lined up from the right, one axis per column, as the
   broadcasting rule compares them. */
static void print_broadcast(Tracer *t, const Node *ln, const Tensor *a, const Node *rn, const Tensor *b,
                            const Tensor *res)
{
    Repl *r = t->r;
    int nd = a->ndim > b->ndim ? a->ndim : b->ndim;
    if (res && res->ndim > nd)
        nd = res->ndim;
    const Tensor *rows[3] = {a, b, res};
    StrBuf names[3];
    int wname = 6;
    for (int i = 0; i < 3; i++) {
        sb_init(&names[i], sb_heap_alloc, NULL);
        if (i == 0)
            unparse(&names[i], ln);
        else if (i == 1)
            unparse(&names[i], rn);
        else
            sb_puts(&names[i], "result");
        int w = (int)term_text_width(names[i].data, names[i].len);
        if (w > wname)
            wname = w;
    }
    if (wname > 30)
        wname = 30;
    int wcol = 1;
    for (int i = 0; i < 3; i++)
        for (int k = 0; rows[i] && k < rows[i]->ndim; k++) {
            int w = snprintf(NULL, 0, "%lld", (long long)rows[i]->shape[k]);
            if (w > wcol)
                wcol = w;
        }
    repl_styled(r, STYLE_DIM, "        broadcasting: shapes lined up from the right; a length-1 or missing axis stretches");
    repl_puts(r, "\n");
    for (int i = 0; i < 3; i++) {
        if (!rows[i])
            continue;
        int nlen = (int)term_text_width(names[i].data, names[i].len);
        repl_printf(r, "        %.*s%*s ", nlen > wname ? wname : nlen, names[i].data,
                    wname - (nlen > wname ? wname : nlen), "");
        for (int k = 0; k < nd; k++) {
            int axis = k - (nd - rows[i]->ndim);
            if (axis < 0)
                repl_printf(r, "  %*s", wcol, "");
            else
                repl_printf(r, "  %*lld", wcol, (long long)rows[i]->shape[axis]);
        }
        repl_puts(r, "\n");
        sb_free(&names[i]);
    }
}

static bool is_elementwise(BinOp op)
{
    return op != BIN_MATMUL;
}

static bool eval(Tracer *t, const Node *n, Value *out);

/* Compiles and runs the node's text as a whole. */
static bool eval_opaque(Tracer *t, const Node *n, Value *out, bool show)
{
    VM *vm = t->vm;
    StrBuf text;
    sb_init(&text, sb_heap_alloc, NULL);
    unparse(&text, n);
    bool ok = !text.failed &&
              vm_run_source(vm, vm->main_module, text.data, text.len, "<trace>", false, out) && keep(t, *out);
    sb_free(&text);
    if (ok && show)
        print_step(t, n, *out);
    return ok;
}

static bool eval_index(Tracer *t, const Node *n, Value *out)
{
    VM *vm = t->vm;
    if (n->kind == N_SLICE) {
        Value parts[3] = {NONE_VAL, NONE_VAL, NONE_VAL};
        const Node *kids[3] = {n->as.slice.lo, n->as.slice.hi, n->as.slice.step};
        for (int i = 0; i < 3; i++)
            if (kids[i] && !eval(t, kids[i], &parts[i]))
                return false;
        ObjSlice *s = slice_new(vm, parts[0], parts[1], parts[2]);
        return s && keep(t, (*out = OBJ_VAL(s)));
    }
    if (n->kind == N_TUPLE) {
        int count = n->as.items.count;
        Value *items = malloc(sizeof(Value) * (size_t)(count ? count : 1));
        if (!items)
            return vm_raise_oom(vm);
        for (int i = 0; i < count; i++)
            if (!eval_index(t, n->as.items.items[i], &items[i])) {
                free(items);
                return false;
            }
        ObjTuple *tup = tuple_new(vm, count);
        if (tup)
            values_copy(tup->items, items, (size_t)count);
        free(items);
        return tup && keep(t, (*out = OBJ_VAL(tup)));
    }
    return eval(t, n, out);
}

static bool eval_call(Tracer *t, const Node *n, Value *out)
{
    VM *vm = t->vm;
    const NodeList *args = &n->as.call.args;
    for (int i = 0; i < args->count; i++)
        if (args->items[i]->kind == N_STARRED || args->items[i]->kind == N_DSTARRED)
            return eval_opaque(t, n, out, true);
    Value callee;
    if (!eval(t, n->as.call.callee, &callee))
        return false;
    Value *argv = malloc(sizeof(Value) * (size_t)(args->count ? args->count : 1));
    if (!argv)
        return vm_raise_oom(vm);
    int argc = 0;
    ObjDict *kwargs = NULL;
    bool ok = true;
    for (int i = 0; ok && i < args->count; i++) {
        const Node *a = args->items[i];
        Value v;
        if (a->kind == N_KEYWORD) {
            ok = eval(t, a->as.keyword.value, &v);
            if (ok && !kwargs) {
                kwargs = dict_new(vm);
                ok = kwargs && keep(t, OBJ_VAL(kwargs));
            }
            ObjString *k = ok ? str_from_cstr(vm, a->as.keyword.name) : NULL;
            ok = ok && k && dict_set_str(vm, kwargs, k, v);
        } else {
            ok = eval(t, a, &v);
            if (ok)
                argv[argc++] = v;
        }
    }
    ok = ok && vm_call_kw(vm, callee, argc, argv, kwargs, out) && keep(t, *out);
    free(argv);
    if (ok)
        print_step(t, n, *out);
    return ok;
}

static const OpCode binop_codes[BINOP_COUNT] = {
    [BIN_ADD] = OP_ADD, [BIN_SUB] = OP_SUB, [BIN_MUL] = OP_MUL, [BIN_DIV] = OP_DIV,
    [BIN_FLOORDIV] = OP_FLOORDIV, [BIN_MOD] = OP_MOD, [BIN_POW] = OP_POW,
    [BIN_MATMUL] = OP_MATMUL, [BIN_BITAND] = OP_BITAND, [BIN_BITOR] = OP_BITOR,
    [BIN_BITXOR] = OP_BITXOR, [BIN_LSHIFT] = OP_LSHIFT, [BIN_RSHIFT] = OP_RSHIFT,
};

static const OpCode cmp_codes[] = {
    [CMP_EQ] = OP_EQ, [CMP_NE] = OP_NE, [CMP_LT] = OP_LT,
    [CMP_LE] = OP_LE, [CMP_GT] = OP_GT, [CMP_GE] = OP_GE,
};

/* Two operands of one operation, then the operation itself. */
static bool eval_binary(Tracer *t, const Node *n, const Node *ln, const Node *rn, OpCode op, bool elementwise,
                        Value *out)
{
    Value a, b;
    if (!eval(t, ln, &a) || !eval(t, rn, &b))
        return false;
    if (!vm_binary_op(t->vm, op, a, b, out) || !keep(t, *out))
        return false;
    print_step(t, n, *out);
    if (elementwise && IS_TENSOR(a) && IS_TENSOR(b) && !tn_same_shape(AS_TENSOR(a), AS_TENSOR(b)))
        print_broadcast(t, ln, AS_TENSOR(a), rn, AS_TENSOR(b), IS_TENSOR(*out) ? AS_TENSOR(*out) : NULL);
    return true;
}

static bool eval(Tracer *t, const Node *n, Value *out)
{
    VM *vm = t->vm;
    if (vm->interrupt)
        return vm_raise(vm, vm->exc.keyboard_interrupt, "interrupted");
    switch (n->kind) {
    case N_INT: *out = INT_VAL(n->as.ival); return true;
    case N_FLOAT: *out = FLOAT_VAL(n->as.fval); return true;
    case N_TRUE: *out = BOOL_VAL(true); return true;
    case N_FALSE: *out = BOOL_VAL(false); return true;
    case N_NONE: *out = NONE_VAL; return true;
    case N_NAME: {
        ObjString *name = str_from_cstr(vm, n->as.str.chars);
        if (name && (dict_get_str(vm->main_module->globals, name, out) || dict_get_str(vm->builtins, name, out))) {
            if (IS_TENSOR(*out))
                print_step(t, n, *out);
            return true;
        }
        /* let the VM say it, with its "did you mean" */
        return eval_opaque(t, n, out, false);
    }
    case N_UNARY: {
        static const OpCode ops[] = {OP_NEG, OP_POS, OP_NOT, OP_INVERT};
        Value a;
        if (n->as.unary.op == UN_NEG && (n->as.unary.operand->kind == N_INT || n->as.unary.operand->kind == N_FLOAT))
            return eval_opaque(t, n, out, false);
        if (!eval(t, n->as.unary.operand, &a) || !vm_unary_op(vm, ops[n->as.unary.op], a, out) || !keep(t, *out))
            return false;
        print_step(t, n, *out);
        return true;
    }
    case N_BINARY:
        return eval_binary(t, n, n->as.binary.left, n->as.binary.right, binop_codes[n->as.binary.op],
                           is_elementwise(n->as.binary.op), out);
    case N_COMPARE:
        if (n->as.compare.count == 1 && n->as.compare.ops[0] <= CMP_GE)
            return eval_binary(t, n, n->as.compare.first, n->as.compare.rest[0],
                               cmp_codes[n->as.compare.ops[0]], true, out);
        return eval_opaque(t, n, out, true);
    case N_ATTR: {
        Value obj;
        ObjString *name;
        if (!eval(t, n->as.attr.object, &obj) || !(name = str_from_cstr(vm, n->as.attr.name)) ||
            !vm_get_attr(vm, obj, name, out) || !keep(t, *out))
            return false;
        if (!IS_NATIVE(*out) && !IS_BOUND(*out) && !IS_FUNC(*out))
            print_step(t, n, *out);
        return true;
    }
    case N_INDEX: {
        Value obj, index;
        if (!eval(t, n->as.index.object, &obj) || !eval_index(t, n->as.index.index, &index) ||
            !vm_get_index(vm, obj, index, out) || !keep(t, *out))
            return false;
        print_step(t, n, *out);
        return true;
    }
    case N_CALL:
        return eval_call(t, n, out);
    case N_STR:
    case N_ELLIPSIS:
        return eval_opaque(t, n, out, false);
    default:
        return eval_opaque(t, n, out, true);
    }
}

/* The widest expression text in the tree, for the column. */
static int widest(const Node *n)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    unparse(&b, n);
    int w = (int)term_text_width(b.data ? b.data : "", b.len);
    sb_free(&b);
    return w;
}

void trace_expr(Repl *r, const char *src)
{
    VM *vm = r->vm;
    Arena arena;
    arena_init(&arena, sb_heap_alloc, NULL);
    ParseError perr;
    Node *mod = parse_module(&arena, src, strlen(src), &perr);
    if (!mod) {
        /* the compiler reports it with its caret and hint */
        ParseError again;
        if (!vm_compile_source(vm, src, strlen(src), "<trace>", COMPILE_MODULE, &again))
            repl_report_error(r);
        arena_free(&arena);
        return;
    }
    const Node *expr = NULL;
    const char *target = NULL;
    if (mod->as.items.count == 1) {
        const Node *s = mod->as.items.items[0];
        if (s->kind == N_EXPR_STMT) {
            expr = s->as.expr_stmt.value;
        } else if (s->kind == N_ASSIGN && s->as.assign.targets.count == 1 &&
                   s->as.assign.targets.items[0]->kind == N_NAME) {
            expr = s->as.assign.value;
            target = s->as.assign.targets.items[0]->as.str.chars;
        }
    }
    if (!expr) {
        repl_puts(r, ":trace takes one expression (or name = expression)\n");
        arena_free(&arena);
        return;
    }
    Tracer t = {.r = r, .vm = vm};
    t.keep = list_new(vm, 16);
    if (!t.keep) {
        repl_report_error(r);
        arena_free(&arena);
        return;
    }
    gc_push_root(vm, OBJ_VAL(t.keep));
    t.width = widest(expr);
    if (t.width > 40)
        t.width = 40;
    if (t.width < 10)
        t.width = 10;
    vm->interrupt = 0;
    Value result;
    bool ok = eval(&t, expr, &result);
    if (!ok) {
        repl_report_error(r);
    } else {
        if (t.steps == 0)
            print_step(&t, expr, result);
        if (target) {
            ObjString *name = str_from_cstr(vm, target);
            if (!name || !dict_set_str(vm, vm->main_module->globals, name, result))
                repl_report_error(r);
        } else if (!IS_NONE(result)) {
            StrBuf b;
            sb_init(&b, sb_heap_alloc, NULL);
            if (value_repr(vm, result, &b)) {
                sb_putc(&b, '\n');
                vm_write(vm, b.data, b.len);
                dict_set_str(vm, vm->main_module->globals, vm->names.underscore, result);
            } else {
                repl_report_error(r);
            }
            sb_free(&b);
        }
    }
    gc_pop_roots(vm, 1);
    arena_free(&arena);
}
