/*
 * parse_stmt.c - statements and blocks.
 *
 * A statement node is placed at its first token (its keyword, or the start
 * of an expression statement or assignment).  Docstrings are copied into
 * func.doc / klass.doc and also left in the body as the expression
 * statement they are, as in Python's own tree; a compiler may skip a
 * constant expression statement.
 */
#include "parse_internal.h"

#include <string.h>

static void statement(Parser *p, NodeVec *out);

static Node *stmt_node(Parser *p, NodeKind kind, const Token *first)
{
    Node *n = parse_node(p, kind, first->start);
    parse_span_token(p, n, first);
    return n;
}

/* The keyword of a compound statement, or NULL. */
static const char *compound_keyword(TokenKind k)
{
    switch (k) {
    case TK_IF: case TK_WHILE: case TK_FOR: case TK_DEF: case TK_CLASS: case TK_TRY:
    case TK_WITH:
        return token_kind_text(k);
    default:
        return NULL;
    }
}

/*
 * block: NEWLINE INDENT statement+ DEDENT | simple_stmts
 * `what` is the header's keyword and `line` its line, for the message when
 * the indented block is missing: at the end of input more may still come,
 * so that error is marked incomplete (the REPL then asks for a line).
 */
static void simple_stmts(Parser *p, NodeVec *out);

static Node *block(Parser *p, const char *what, int line)
{
    parse_check_stars(p); /* the header's own starred items */
    NodeVec items = {0};
    Node *b;
    if (parse_accept(p, TK_NEWLINE)) {
        if (!parse_check(p, TK_INDENT)) {
            bool at_end = p->tok.kind == TK_EOF ||
                          (p->tok.kind == TK_DEDENT && p->tok.start.off >= p->root->end);
            lex_set_error(p->root, p->err, p->tok.start.off,
                          p->tok.end.off - p->tok.start.off,
                          "expected an indented block after '%s' on line %d", what, line);
            p->err->incomplete = at_end;
            longjmp(*p->on_error, 1);
        }
        parse_advance(p);
        parse_enter(p);
        b = parse_node(p, N_BLOCK, p->tok.start);
        while (!parse_check(p, TK_DEDENT))
            statement(p, &items);
        parse_advance(p);
        parse_leave(p);
    } else {
        const char *kw = compound_keyword(p->tok.kind);
        if (kw)
            parse_fail_at(p, p->tok.start, strlen(kw), "put it on its own line, indented",
                          "'%s' cannot follow ':' on the same line", kw);
        b = parse_node(p, N_BLOCK, p->tok.start);
        simple_stmts(p, &items);
    }
    b->as.items = parse_vec_list(&items);
    if (items.count > 0)
        b->len = items.items[0]->len;
    return b;
}

static const char *docstring(const Node *body)
{
    if (body->as.items.count == 0)
        return NULL;
    const Node *first = body->as.items.items[0];
    if (first->kind == N_EXPR_STMT && first->as.expr_stmt.value->kind == N_STR)
        return first->as.expr_stmt.value->as.str.chars;
    return NULL;
}

/* ":" after a header, with the message naming what it follows. */
static void expect_colon(Parser *p, const char *after)
{
    parse_expect(p, TK_COLON, "expected ':' %s", after);
}

/* A condition of if/elif/while, where '=' is a mistake for '=='. */
static Node *condition(Parser *p, const char *kw)
{
    Node *cond = parse_expression(p);
    if (parse_check(p, TK_ASSIGN)) {
        if (cond->kind == N_CALL)
            parse_fail_node(p, cond, "use '==' to compare", "cannot assign to a function call");
        parse_fail_at(p, p->tok.start, 1, "use '==' to compare",
                      "cannot assign in the condition of '%s'", kw);
    }
    return cond;
}

/* ---- compound statements */

/* if_stmt: 'if' expression ':' block ('elif' expression ':' block)* ['else' ':' block]
   Each elif becomes an N_IF in its predecessor's else_body. */
static Node *if_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *top = stmt_node(p, N_IF, &kw);
    Node *n = top;
    int links = 0;
    parse_advance(p);
    for (;;) {
        const char *name = kw.kind == TK_IF ? "if" : "elif";
        n->as.if_.cond = condition(p, name);
        expect_colon(p, kw.kind == TK_IF ? "after the condition of 'if'"
                                         : "after the condition of 'elif'");
        n->as.if_.body = block(p, name, kw.start.line);
        if (!parse_check(p, TK_ELIF))
            break;
        kw = p->tok;
        parse_enter(p); /* the elif chain nests in the tree */
        links++;
        Node *elif = stmt_node(p, N_IF, &kw);
        n->as.if_.else_body = elif;
        n = elif;
        parse_advance(p);
    }
    if (parse_check(p, TK_ELSE)) {
        Token e = p->tok;
        parse_advance(p);
        if (parse_check(p, TK_IF))
            parse_fail_at(p, p->tok.start, 2, "write 'elif' for else-if",
                          "expected ':' after 'else'");
        expect_colon(p, "after 'else'");
        n->as.if_.else_body = block(p, "else", e.start.line);
    }
    p->depth -= links;
    return top;
}

/* The optional "else: block" of while and for. */
static Node *loop_else(Parser *p)
{
    if (!parse_check(p, TK_ELSE))
        return NULL;
    Token e = p->tok;
    parse_advance(p);
    expect_colon(p, "after 'else'");
    return block(p, "else", e.start.line);
}

/* while_stmt: 'while' expression ':' block ['else' ':' block] */
static Node *while_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_WHILE, &kw);
    parse_advance(p);
    n->as.loop.cond = condition(p, "while");
    expect_colon(p, "after the condition of 'while'");
    n->as.loop.body = block(p, "while", kw.start.line);
    n->as.loop.else_body = loop_else(p);
    return n;
}

/* for_stmt: 'for' star_targets 'in' star_expressions ':' block ['else' ':' block] */
static Node *for_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_FOR, &kw);
    parse_advance(p);
    n->as.loop.target = parse_targets(p);
    parse_check_target(p, n->as.loop.target, TARGET_FOR);
    parse_expect(p, TK_IN, "expected 'in' after the loop variable of 'for'");
    n->as.loop.iter = parse_star_expressions(p);
    expect_colon(p, "after 'for ... in ...'");
    n->as.loop.body = block(p, "for", kw.start.line);
    n->as.loop.else_body = loop_else(p);
    return n;
}

static const char *expect_name(Parser *p, const char *what)
{
    if (!parse_check(p, TK_NAME)) {
        if (lex_is_keyword(p->tok.kind))
            parse_fail_at(p, p->tok.start, p->tok.end.off - p->tok.start.off, NULL,
                          "'%s' is a keyword and cannot be used as a name",
                          token_kind_text(p->tok.kind));
        parse_fail_expected(p, NULL, "expected %s", what);
    }
    const char *name = parse_token_text(p, &p->tok);
    parse_advance(p);
    return name;
}

/* funcdef: 'def' NAME '(' [params] ')' ':' block */
static Node *funcdef(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_DEF, &kw);
    parse_advance(p);
    n->as.func.name = expect_name(p, "a function name after 'def'");
    parse_expect(p, TK_LPAREN, "expected '(' after the function name");
    parse_params(p, TK_RPAREN, false, &n->as.func.params, &n->as.func.nparams);
    if (!parse_accept(p, TK_RPAREN))
        parse_fail_unexpected(p, NULL);
    if (parse_check(p, TK_ARROW))
        parse_fail_at(p, p->tok.start, 2, NULL, "return type annotations are not supported");
    expect_colon(p, "after the parameters of 'def'");
    n->as.func.body = block(p, "def", kw.start.line);
    n->as.func.doc = docstring(n->as.func.body);
    return n;
}

/* classdef: 'class' NAME ['(' [expression] ')'] ':' block   (one base at most) */
static Node *classdef(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_CLASS, &kw);
    parse_advance(p);
    n->as.klass.name = expect_name(p, "a class name after 'class'");
    if (parse_accept(p, TK_LPAREN)) {
        if (!parse_check(p, TK_RPAREN)) {
            if (parse_check(p, TK_NAME) && parse_peek(p, 1)->kind == TK_ASSIGN)
                parse_fail_at(p, p->tok.start, p->tok.end.off - p->tok.start.off, NULL,
                              "class keyword arguments are not supported");
            n->as.klass.base = parse_expression(p);
            if (parse_accept(p, TK_COMMA) && !parse_check(p, TK_RPAREN))
                parse_fail_at(p, p->tok.start, p->tok.end.off - p->tok.start.off, NULL,
                              "multiple inheritance is not supported");
        }
        if (!parse_accept(p, TK_RPAREN))
            parse_fail_unexpected(p, NULL);
    }
    expect_colon(p, n->as.klass.base ? "after the base class" : "after the class name");
    n->as.klass.body = block(p, "class", kw.start.line);
    n->as.klass.doc = docstring(n->as.klass.body);
    return n;
}

/* except_block: 'except' [expression ['as' NAME]] ':' block */
static Node *except_block(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_EXCEPT, &kw);
    parse_advance(p);
    if (!parse_check(p, TK_COLON)) {
        n->as.except.type = parse_expression(p);
        if (parse_check(p, TK_COMMA))
            parse_fail_node(p, n->as.except.type, "write 'except (A, B):'",
                            "multiple exception types must be parenthesized");
        if (parse_accept(p, TK_AS))
            n->as.except.name = expect_name(p, "a name after 'as'");
    }
    expect_colon(p, "after 'except'");
    n->as.except.body = block(p, "except", kw.start.line);
    return n;
}

/* try_stmt: 'try' ':' block except_block+ ['else' ':' block] ['finally' ':' block]
           | 'try' ':' block 'finally' ':' block */
static Node *try_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_TRY, &kw);
    parse_advance(p);
    expect_colon(p, "after 'try'");
    n->as.try_.body = block(p, "try", kw.start.line);
    NodeVec handlers = {0};
    const Node *bare = NULL;
    while (parse_check(p, TK_EXCEPT)) {
        if (bare)
            parse_fail_node(p, bare, NULL, "default 'except:' must be last");
        Node *h = except_block(p);
        if (!h->as.except.type)
            bare = h;
        parse_vec_push(p, &handlers, h);
    }
    n->as.try_.handlers = parse_vec_list(&handlers);
    if (handlers.count > 0 && parse_check(p, TK_ELSE)) {
        Token e = p->tok;
        parse_advance(p);
        expect_colon(p, "after 'else'");
        n->as.try_.else_body = block(p, "else", e.start.line);
    }
    if (parse_check(p, TK_FINALLY)) {
        Token f = p->tok;
        parse_advance(p);
        expect_colon(p, "after 'finally'");
        n->as.try_.finally_body = block(p, "finally", f.start.line);
    }
    if (handlers.count == 0 && !n->as.try_.finally_body)
        parse_fail_expected(p, NULL, "expected 'except' or 'finally' block");
    return n;
}

/* ---- simple statements */

/* Assignment operators and the BinOp each applies. */
static bool augassign_op(TokenKind k, BinOp *op)
{
    switch (k) {
    case TK_PLUS_EQ: *op = BIN_ADD; return true;
    case TK_MINUS_EQ: *op = BIN_SUB; return true;
    case TK_STAR_EQ: *op = BIN_MUL; return true;
    case TK_SLASH_EQ: *op = BIN_DIV; return true;
    case TK_DSLASH_EQ: *op = BIN_FLOORDIV; return true;
    case TK_PERCENT_EQ: *op = BIN_MOD; return true;
    case TK_DSTAR_EQ: *op = BIN_POW; return true;
    case TK_AT_EQ: *op = BIN_MATMUL; return true;
    case TK_AMP_EQ: *op = BIN_BITAND; return true;
    case TK_PIPE_EQ: *op = BIN_BITOR; return true;
    case TK_CARET_EQ: *op = BIN_BITXOR; return true;
    case TK_LSHIFT_EQ: *op = BIN_LSHIFT; return true;
    case TK_RSHIFT_EQ: *op = BIN_RSHIFT; return true;
    default: return false;
    }
}

static Node *assigned_value(Parser *p)
{
    if (parse_check(p, TK_YIELD))
        parse_fail_at(p, p->tok.start, 5, "build a list and return it",
                      "'yield' is not supported: Nabla has no generators");
    return parse_star_expressions(p);
}

/*
 * assignment: (star_targets '=')+ star_expressions
 *           | target augassign star_expressions
 * expr_stmt:  star_expressions
 * The left side is parsed as an expression, then checked as a target when
 * '=' shows it is one (before the right side, so errors come in order).
 */
static Node *expr_or_assign(Parser *p)
{
    Token first = p->tok;
    Node *e = parse_star_expressions(p);
    if (parse_check(p, TK_ASSIGN)) {
        Node *n = stmt_node(p, N_ASSIGN, &first);
        NodeVec targets = {0};
        Node *value = e;
        while (parse_check(p, TK_ASSIGN)) {
            if (value->kind == N_CALL) /* f(x) = ...: a comparison, or maths notation */
                parse_fail_node(p, value, "use '==' to compare, or 'def' to define a function",
                                "cannot assign to a function call");
            parse_check_target(p, value, TARGET_ASSIGN);
            parse_vec_push(p, &targets, value);
            parse_advance(p);
            value = assigned_value(p);
        }
        n->as.assign.targets = parse_vec_list(&targets);
        n->as.assign.value = value;
        return n;
    }
    BinOp op;
    if (augassign_op(p->tok.kind, &op)) {
        if (e->kind != N_NAME && e->kind != N_ATTR && e->kind != N_INDEX)
            parse_fail_node(p, e, NULL,
                            "'%s' needs a name, an attribute or an index on its left, not %s",
                            token_kind_text(p->tok.kind), parse_describe(e));
        parse_advance(p);
        Node *n = stmt_node(p, N_AUGASSIGN, &first);
        n->as.augassign.op = op;
        n->as.augassign.target = e;
        n->as.augassign.value = assigned_value(p);
        return n;
    }
    if (parse_check(p, TK_COLON) && (e->kind == N_NAME || e->kind == N_ATTR ||
                                     e->kind == N_INDEX))
        parse_fail_at(p, p->tok.start, 1, NULL, "type annotations are not supported");
    Node *n = stmt_node(p, N_EXPR_STMT, &first);
    n->as.expr_stmt.value = e;
    return n;
}

/* dotted_name: NAME ('.' NAME)*   as one string "a.b.c" */
static const char *dotted_name(Parser *p, const char *what, Token *first)
{
    *first = p->tok;
    if (!parse_check(p, TK_NAME))
        parse_fail_expected(p, NULL, "expected %s", what);
    SrcPos start = p->tok.start;
    parse_advance(p);
    while (parse_accept(p, TK_DOT)) {
        if (!parse_check(p, TK_NAME))
            parse_fail_expected(p, NULL, "expected a name after '.'");
        parse_advance(p);
    }
    /* Dots and names are adjacent unless spaced; rebuild without spaces. */
    const char *src = p->root->src;
    size_t n = 0;
    char *out = parse_alloc(p, p->prev_end.off - start.off + 1);
    for (size_t i = start.off; i < p->prev_end.off; i++)
        if (src[i] != ' ' && src[i] != '\t' && src[i] != '\\' && src[i] != '\n' && src[i] != '\r')
            out[n++] = src[i];
    out[n] = '\0';
    return out;
}

static void push_alias(Parser *p, Alias **list, int *count, int *cap, Alias a)
{
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        Alias *grown = parse_alloc(p, (size_t)*cap * sizeof *grown);
        if (*count)
            memcpy(grown, *list, (size_t)*count * sizeof *grown);
        *list = grown;
    }
    (*list)[(*count)++] = a;
}

/* import_name: 'import' dotted_name ['as' NAME] (',' dotted_name ['as' NAME])* */
static Node *import_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_IMPORT, &kw);
    parse_advance(p);
    Alias *names = NULL;
    int count = 0, cap = 0;
    do {
        Alias a = {0};
        Token first;
        a.name = dotted_name(p, "a module name after 'import'", &first);
        a.line = first.start.line;
        a.col = first.start.col;
        if (parse_accept(p, TK_AS))
            a.asname = expect_name(p, "a name after 'as'");
        push_alias(p, &names, &count, &cap, a);
    } while (parse_accept(p, TK_COMMA));
    n->as.import.names = names;
    n->as.import.count = count;
    return n;
}

/* import_from: 'from' dotted_name 'import' ('*' | '(' import_as_names [','] ')'
                                            | import_as_names)
   import_as_names: NAME ['as' NAME] (',' NAME ['as' NAME])* */
static Node *from_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_FROM_IMPORT, &kw);
    parse_advance(p);
    if (parse_check(p, TK_DOT) || parse_check(p, TK_ELLIPSIS))
        parse_fail_at(p, p->tok.start, 1, NULL, "relative imports are not supported");
    Token first;
    n->as.import.module = dotted_name(p, "a module name after 'from'", &first);
    parse_expect(p, TK_IMPORT, "expected 'import' after the module name");
    if (parse_accept(p, TK_STAR)) {
        n->as.import.star = true;
        return n;
    }
    bool paren = parse_accept(p, TK_LPAREN);
    Alias *names = NULL;
    int count = 0, cap = 0;
    do {
        if (paren && count > 0 && parse_check(p, TK_RPAREN))
            break;
        Alias a = {0};
        a.line = p->tok.start.line;
        a.col = p->tok.start.col;
        a.name = expect_name(p, "a name to import");
        if (parse_accept(p, TK_AS))
            a.asname = expect_name(p, "a name after 'as'");
        push_alias(p, &names, &count, &cap, a);
    } while (parse_accept(p, TK_COMMA));
    if (paren && !parse_accept(p, TK_RPAREN))
        parse_fail_unexpected(p, NULL);
    n->as.import.names = names;
    n->as.import.count = count;
    return n;
}

/* global_stmt: 'global' NAME (',' NAME)*   (also nonlocal) */
static Node *names_stmt(Parser *p, NodeKind kind)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, kind, &kw);
    parse_advance(p);
    const char **names = NULL;
    int count = 0, cap = 0;
    do {
        const char *name = expect_name(p, kind == N_GLOBAL ? "a name after 'global'"
                                                          : "a name after 'nonlocal'");
        if (count == cap) {
            cap = cap ? cap * 2 : 4;
            const char **grown = parse_alloc(p, (size_t)cap * sizeof *grown);
            if (count)
                memcpy(grown, names, (size_t)count * sizeof *grown);
            names = grown;
        }
        names[count++] = name;
    } while (parse_accept(p, TK_COMMA));
    n->as.names.names = names;
    n->as.names.count = count;
    return n;
}

static void flatten_del(Parser *p, NodeVec *out, Node *t)
{
    if (t->kind == N_TUPLE || t->kind == N_LIST) {
        for (int i = 0; i < t->as.items.count; i++)
            flatten_del(p, out, t->as.items.items[i]);
    } else {
        parse_vec_push(p, out, t);
    }
}

/* del_stmt: 'del' targets   (nested tuples and lists are flattened in order) */
static Node *del_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *n = stmt_node(p, N_DEL, &kw);
    parse_advance(p);
    Node *targets = parse_targets(p);
    parse_check_target(p, targets, TARGET_DEL);
    NodeVec items = {0};
    flatten_del(p, &items, targets);
    n->as.items = parse_vec_list(&items);
    return n;
}

static bool ends_simple_stmt(const Parser *p)
{
    return parse_check(p, TK_NEWLINE) || parse_check(p, TK_SEMICOLON) || parse_check(p, TK_EOF);
}

/* simple_stmt: assignment | expr_stmt | 'pass' | 'break' | 'continue'
              | 'return' [star_expressions] | 'raise' [expression ['from' expression]]
              | global_stmt | nonlocal_stmt | del_stmt
              | 'assert' expression [',' expression] | import_name | import_from */
static Node *simple_stmt(Parser *p)
{
    Token kw = p->tok;
    Node *n;
    switch (kw.kind) {
    case TK_PASS: case TK_BREAK: case TK_CONTINUE:
        n = stmt_node(p, kw.kind == TK_PASS ? N_PASS : kw.kind == TK_BREAK ? N_BREAK : N_CONTINUE,
                      &kw);
        parse_advance(p);
        return n;
    case TK_RETURN:
        n = stmt_node(p, N_RETURN, &kw);
        parse_advance(p);
        if (!ends_simple_stmt(p))
            n->as.ret.value = parse_star_expressions(p);
        return n;
    case TK_RAISE:
        n = stmt_node(p, N_RAISE, &kw);
        parse_advance(p);
        if (!ends_simple_stmt(p)) {
            n->as.raise.exc = parse_expression(p);
            /* "raise X from cause": the cause is parsed, then dropped. */
            if (parse_accept(p, TK_FROM))
                parse_expression(p);
        }
        return n;
    case TK_GLOBAL: return names_stmt(p, N_GLOBAL);
    case TK_NONLOCAL: return names_stmt(p, N_NONLOCAL);
    case TK_DEL: return del_stmt(p);
    case TK_ASSERT:
        n = stmt_node(p, N_ASSERT, &kw);
        parse_advance(p);
        n->as.assert_.test = parse_expression(p);
        if (parse_accept(p, TK_COMMA))
            n->as.assert_.msg = parse_expression(p);
        return n;
    case TK_IMPORT: return import_stmt(p);
    case TK_FROM: return from_stmt(p);
    case TK_YIELD:
        parse_fail_at(p, kw.start, 5, "build a list and return it",
                      "'yield' is not supported: Nabla has no generators");
    default:
        return expr_or_assign(p);
    }
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static void simple_stmts(Parser *p, NodeVec *out)
{
    for (;;) {
        Node *s = simple_stmt(p);
        parse_vec_push(p, out, s);
        parse_check_stars(p);
        if (!parse_accept(p, TK_SEMICOLON) || parse_check(p, TK_NEWLINE))
            break;
    }
    if (parse_accept(p, TK_NEWLINE))
        return;
    const Node *last = out->items[out->count - 1];
    if (last->kind == N_EXPR_STMT && last->as.expr_stmt.value->kind == N_NAME &&
        strcmp(last->as.expr_stmt.value->as.str.chars, "print") == 0 &&
        parse_starts_expression(p))
        parse_fail_node(p, last->as.expr_stmt.value, "write print(...)",
                        "missing parentheses in call to 'print'");
    parse_fail_unexpected(p, NULL);
}

/* A keyword that may only continue a statement, found starting one. */
static _Noreturn void fail_orphan(Parser *p)
{
    const char *hint = "check that it is indented like the statement it belongs to";
    size_t len = p->tok.end.off - p->tok.start.off;
    switch (p->tok.kind) {
    case TK_ELSE:
        parse_fail_at(p, p->tok.start, len, hint,
                      "'else' does not follow an 'if', 'for', 'while' or 'try' block");
    case TK_ELIF:
        parse_fail_at(p, p->tok.start, len, hint, "'elif' does not follow an 'if' block");
    default:
        parse_fail_at(p, p->tok.start, len, hint, "'%s' does not follow a 'try' block",
                      token_kind_text(p->tok.kind));
    }
}

/* statement: compound_stmt | simple_stmts */
static void statement(Parser *p, NodeVec *out)
{
    switch (p->tok.kind) {
    case TK_IF: parse_vec_push(p, out, if_stmt(p)); return;
    case TK_WHILE: parse_vec_push(p, out, while_stmt(p)); return;
    case TK_FOR: parse_vec_push(p, out, for_stmt(p)); return;
    case TK_DEF: parse_vec_push(p, out, funcdef(p)); return;
    case TK_CLASS: parse_vec_push(p, out, classdef(p)); return;
    case TK_TRY: parse_vec_push(p, out, try_stmt(p)); return;
    case TK_WITH:
        parse_fail_at(p, p->tok.start, 4, "use try/finally", "'with' statements are not supported");
    case TK_AT:
        parse_fail_at(p, p->tok.start, 1, NULL, "decorators are not supported");
    case TK_ELSE: case TK_ELIF: case TK_EXCEPT: case TK_FINALLY:
        fail_orphan(p);
    case TK_INDENT:
        parse_fail_at(p, p->tok.start, 1, NULL, "unexpected indent");
    default:
        simple_stmts(p, out);
    }
}

/* file: statement* ENDMARKER */
Node *parse_file(Parser *p)
{
    SrcPos start = lex_locate(p->root, 0);
    Node *module = parse_node(p, N_BLOCK, start);
    NodeVec items = {0};
    while (!parse_check(p, TK_EOF))
        statement(p, &items);
    module->as.items = parse_vec_list(&items);
    return module;
}
