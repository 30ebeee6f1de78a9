/* ast.c - names of the tree's enums, and ast_dump (see ast_dump.h). */
#include "ast.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"

static const char *const binop_symbols[] = {
    "+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>",
};
_Static_assert(sizeof binop_symbols / sizeof *binop_symbols == BINOP_COUNT,
               "binop_symbols must match BinOp");

static const char *const cmpop_symbols[] = {
    "==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not",
};
_Static_assert(sizeof cmpop_symbols / sizeof *cmpop_symbols == CMPOP_COUNT,
               "cmpop_symbols must match CmpOp");

static const char *const kind_names[] = {
    "int", "float", "str", "fstring", "format", "name", "True", "False", "None",
    "ellipsis", "list", "tuple", "dict", "listcomp", "dictcomp", "comp_for", "comp_if",
    "unary", "binary", "and", "or", "compare", "ternary", "lambda", "call", "keyword",
    "starred", "dstarred", "attr", "index", "slice",
    "block", "expr_stmt", "assign", "augassign", "if", "while", "for", "break",
    "continue", "pass", "def", "return", "class", "import", "from_import", "assert",
    "try", "except", "raise", "global", "nonlocal", "del",
};
_Static_assert(sizeof kind_names / sizeof *kind_names == NODE_KIND_COUNT,
               "kind_names must match NodeKind");

const char *binop_symbol(BinOp op)
{
    return op >= 0 && op < BINOP_COUNT ? binop_symbols[op] : "?";
}

const char *cmpop_symbol(CmpOp op)
{
    return op >= 0 && op < CMPOP_COUNT ? cmpop_symbols[op] : "?";
}

const char *node_kind_name(NodeKind kind)
{
    return kind >= 0 && kind < NODE_KIND_COUNT ? kind_names[kind] : "?";
}

/* ---- dump */

typedef struct Dumper {
    FILE *out;
    bool spans;
} Dumper;

static void dump(Dumper *d, const Node *n, int indent);

static void put_string(FILE *out, const char *s, int len)
{
    fputc('"', out);
    for (int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (c < 0x20 || c == 0x7F)
                fprintf(out, "\\x%02x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

/* The shortest text that reads back as the same double, as Python prints. */
static void put_float(FILE *out, double v)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, out);
    if (!strpbrk(buf, ".eni")) /* not 1e+20, inf, nan: show it is a float */
        fputs(".0", out);
}

/* "(head" plus the position when asked for. */
static void open_node(Dumper *d, const Node *n, const char *head)
{
    fprintf(d->out, "(%s", head);
    if (d->spans)
        fprintf(d->out, "@%d:%d+%d", n->line, n->col, n->len);
}

static void child(Dumper *d, const Node *n, int indent)
{
    fputc(' ', d->out);
    if (n)
        dump(d, n, indent);
    else
        fputc('_', d->out);
}

static void children(Dumper *d, NodeList l, int indent)
{
    for (int i = 0; i < l.count; i++)
        child(d, l.items[i], indent);
}

static void newline(Dumper *d, int indent)
{
    fprintf(d->out, "\n%*s", indent, "");
}

/* A leaf prints bare (a name, a number), with its position in spans mode. */
static void leaf_pos(Dumper *d, const Node *n)
{
    if (d->spans)
        fprintf(d->out, "@%d:%d+%d", n->line, n->col, n->len);
}

static void params(Dumper *d, const Node *n, int indent)
{
    fputs(" (params", d->out);
    for (int i = 0; i < n->as.func.nparams; i++) {
        const Param *p = &n->as.func.params[i];
        const Param *prev = i > 0 ? p - 1 : NULL;
        if (p->keyword_only && (!prev || (!prev->keyword_only && prev->kind != PARAM_VARARGS)))
            fputs(" *", d->out); /* the bare '*' before keyword-only parameters */
        const char *stars = p->kind == PARAM_VARARGS ? "*" : p->kind == PARAM_KWARGS ? "**" : "";
        if (p->default_value) {
            fprintf(d->out, " (= %s%s", stars, p->name);
            child(d, p->default_value, indent);
            fputc(')', d->out);
        } else {
            fprintf(d->out, " %s%s", stars, p->name);
        }
    }
    fputc(')', d->out);
}

static void aliases(Dumper *d, const Node *n)
{
    for (int i = 0; i < n->as.import.count; i++) {
        const Alias *a = &n->as.import.names[i];
        if (a->asname)
            fprintf(d->out, " (as %s %s)", a->name, a->asname);
        else
            fprintf(d->out, " %s", a->name);
    }
}

/* A statement's block on the lines below it. */
static void body(Dumper *d, const Node *b, int indent)
{
    if (!b)
        return;
    newline(d, indent + 2);
    dump(d, b, indent + 2);
}

static void dump(Dumper *d, const Node *n, int indent)
{
    FILE *out = d->out;
    switch (n->kind) {
    case N_INT:
        fprintf(out, "%lld", (long long)n->as.ival);
        leaf_pos(d, n);
        return;
    case N_FLOAT:
        put_float(out, n->as.fval);
        leaf_pos(d, n);
        return;
    case N_STR:
        put_string(out, n->as.str.chars, n->as.str.len);
        leaf_pos(d, n);
        return;
    case N_NAME:
        fputs(n->as.str.chars, out);
        leaf_pos(d, n);
        return;
    case N_TRUE: case N_FALSE: case N_NONE:
        fputs(node_kind_name(n->kind), out);
        leaf_pos(d, n);
        return;
    case N_ELLIPSIS:
        fputs("...", out);
        leaf_pos(d, n);
        return;
    case N_FSTRING:
        open_node(d, n, "fstring");
        children(d, n->as.fstr.parts, indent);
        break;
    case N_FORMAT:
        open_node(d, n, "format");
        child(d, n->as.format.value, indent);
        if (n->as.format.conversion)
            fprintf(out, " !%c", n->as.format.conversion);
        if (n->as.format.spec)
            child(d, n->as.format.spec, indent);
        break;
    case N_LIST: case N_TUPLE:
        open_node(d, n, n->kind == N_LIST ? "list" : "tuple");
        children(d, n->as.items, indent);
        break;
    case N_DICT:
        open_node(d, n, "dict");
        for (int i = 0; i < n->as.dict.keys.count; i++) {
            fputs(" (", out);
            dump(d, n->as.dict.keys.items[i], indent);
            child(d, n->as.dict.values.items[i], indent);
            fputc(')', out);
        }
        break;
    case N_LISTCOMP: case N_DICTCOMP:
        open_node(d, n, n->kind == N_LISTCOMP ? "listcomp" : "dictcomp");
        if (n->kind == N_DICTCOMP)
            child(d, n->as.comp.key, indent);
        child(d, n->as.comp.elt, indent);
        children(d, n->as.comp.clauses, indent);
        break;
    case N_COMP_FOR:
        open_node(d, n, "for");
        child(d, n->as.comp_for.target, indent);
        child(d, n->as.comp_for.iter, indent);
        break;
    case N_COMP_IF:
        open_node(d, n, "if");
        child(d, n->as.comp_if.cond, indent);
        break;
    case N_UNARY: {
        static const char *const names[] = {"-", "+", "not", "~"};
        open_node(d, n, names[n->as.unary.op]);
        child(d, n->as.unary.operand, indent);
        break;
    }
    case N_BINARY: case N_AND: case N_OR:
        open_node(d, n, n->kind == N_AND ? "and" : n->kind == N_OR ? "or"
                                             : binop_symbol(n->as.binary.op));
        child(d, n->as.binary.left, indent);
        child(d, n->as.binary.right, indent);
        break;
    case N_COMPARE:
        open_node(d, n, "compare");
        child(d, n->as.compare.first, indent);
        for (int i = 0; i < n->as.compare.count; i++) {
            fprintf(out, " %s", cmpop_symbol(n->as.compare.ops[i]));
            child(d, n->as.compare.rest[i], indent);
        }
        break;
    case N_TERNARY:
        open_node(d, n, "ifexp");
        child(d, n->as.ternary.cond, indent);
        child(d, n->as.ternary.then, indent);
        child(d, n->as.ternary.other, indent);
        break;
    case N_LAMBDA:
        open_node(d, n, "lambda");
        params(d, n, indent);
        child(d, n->as.func.body, indent);
        break;
    case N_CALL:
        open_node(d, n, "call");
        child(d, n->as.call.callee, indent);
        children(d, n->as.call.args, indent);
        break;
    case N_KEYWORD:
        open_node(d, n, "kw");
        fprintf(out, " %s", n->as.keyword.name);
        child(d, n->as.keyword.value, indent);
        break;
    case N_STARRED: case N_DSTARRED:
        open_node(d, n, n->kind == N_STARRED ? "star" : "dstar");
        child(d, n->as.starred.value, indent);
        break;
    case N_ATTR:
        open_node(d, n, ".");
        child(d, n->as.attr.object, indent);
        fprintf(out, " %s", n->as.attr.name);
        break;
    case N_INDEX:
        open_node(d, n, "index");
        child(d, n->as.index.object, indent);
        child(d, n->as.index.index, indent);
        break;
    case N_SLICE:
        open_node(d, n, "slice");
        child(d, n->as.slice.lo, indent);
        child(d, n->as.slice.hi, indent);
        child(d, n->as.slice.step, indent);
        break;

    case N_BLOCK:
        open_node(d, n, "block");
        for (int i = 0; i < n->as.items.count; i++) {
            newline(d, indent + 2);
            dump(d, n->as.items.items[i], indent + 2);
        }
        break;
    case N_EXPR_STMT:
        open_node(d, n, "expr");
        child(d, n->as.expr_stmt.value, indent);
        break;
    case N_ASSIGN:
        open_node(d, n, "assign");
        children(d, n->as.assign.targets, indent);
        fputs(" =", out);
        child(d, n->as.assign.value, indent);
        break;
    case N_AUGASSIGN:
        open_node(d, n, "augassign");
        child(d, n->as.augassign.target, indent);
        fprintf(out, " %s=", binop_symbol(n->as.augassign.op));
        child(d, n->as.augassign.value, indent);
        break;
    case N_IF:
        open_node(d, n, "if");
        child(d, n->as.if_.cond, indent);
        body(d, n->as.if_.body, indent);
        body(d, n->as.if_.else_body, indent);
        break;
    case N_WHILE:
        open_node(d, n, "while");
        child(d, n->as.loop.cond, indent);
        body(d, n->as.loop.body, indent);
        body(d, n->as.loop.else_body, indent);
        break;
    case N_FOR:
        open_node(d, n, "for");
        child(d, n->as.loop.target, indent);
        child(d, n->as.loop.iter, indent);
        body(d, n->as.loop.body, indent);
        body(d, n->as.loop.else_body, indent);
        break;
    case N_BREAK: case N_CONTINUE: case N_PASS:
        open_node(d, n, node_kind_name(n->kind));
        break;
    case N_DEF:
        open_node(d, n, "def");
        fprintf(out, " %s", n->as.func.name);
        params(d, n, indent);
        if (n->as.func.doc) {
            fputs(" (doc ", out);
            put_string(out, n->as.func.doc, (int)strlen(n->as.func.doc));
            fputc(')', out);
        }
        body(d, n->as.func.body, indent);
        break;
    case N_RETURN:
        open_node(d, n, "return");
        if (n->as.ret.value)
            child(d, n->as.ret.value, indent);
        break;
    case N_CLASS:
        open_node(d, n, "class");
        fprintf(out, " %s", n->as.klass.name);
        if (n->as.klass.base)
            child(d, n->as.klass.base, indent);
        if (n->as.klass.doc) {
            fputs(" (doc ", out);
            put_string(out, n->as.klass.doc, (int)strlen(n->as.klass.doc));
            fputc(')', out);
        }
        body(d, n->as.klass.body, indent);
        break;
    case N_IMPORT:
        open_node(d, n, "import");
        aliases(d, n);
        break;
    case N_FROM_IMPORT:
        open_node(d, n, "from");
        fprintf(out, " %s", n->as.import.module);
        if (n->as.import.star)
            fputs(" *", out);
        aliases(d, n);
        break;
    case N_ASSERT:
        open_node(d, n, "assert");
        child(d, n->as.assert_.test, indent);
        if (n->as.assert_.msg)
            child(d, n->as.assert_.msg, indent);
        break;
    case N_TRY:
        open_node(d, n, "try");
        body(d, n->as.try_.body, indent);
        for (int i = 0; i < n->as.try_.handlers.count; i++) {
            newline(d, indent + 2);
            dump(d, n->as.try_.handlers.items[i], indent + 2);
        }
        if (n->as.try_.else_body) {
            newline(d, indent + 2);
            fputs("(else", out);
            body(d, n->as.try_.else_body, indent + 2);
            fputc(')', out);
        }
        if (n->as.try_.finally_body) {
            newline(d, indent + 2);
            fputs("(finally", out);
            body(d, n->as.try_.finally_body, indent + 2);
            fputc(')', out);
        }
        break;
    case N_EXCEPT:
        open_node(d, n, "except");
        if (n->as.except.type)
            child(d, n->as.except.type, indent);
        if (n->as.except.name)
            fprintf(out, " (as %s)", n->as.except.name);
        body(d, n->as.except.body, indent);
        break;
    case N_RAISE:
        open_node(d, n, "raise");
        if (n->as.raise.exc)
            child(d, n->as.raise.exc, indent);
        break;
    case N_GLOBAL: case N_NONLOCAL:
        open_node(d, n, node_kind_name(n->kind));
        for (int i = 0; i < n->as.names.count; i++)
            fprintf(out, " %s", n->as.names.names[i]);
        break;
    case N_DEL:
        open_node(d, n, "del");
        children(d, n->as.items, indent);
        break;
    default:
        fprintf(out, "(?%d", (int)n->kind);
        break;
    }
    fputc(')', out);
}

void ast_dump(const Node *n, FILE *out)
{
    Dumper d = {out, false};
    dump(&d, n, 0);
    fputc('\n', out);
}

void ast_dump_spans(const Node *n, FILE *out)
{
    Dumper d = {out, true};
    dump(&d, n, 0);
    fputc('\n', out);
}
