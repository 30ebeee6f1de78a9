/*
 * parse_expr.c - expressions, from lambda down to atoms, with Python's
 * precedence (lowest first):
 *
 *   lambda < x if c else y < or < and < not < comparisons (chained; in,
 *   not in, is, is not) < | < ^ < & < << >> < + - < * / // % @
 *   < unary + - ~ < ** (right-assoc; its left side is a primary)
 *   < calls, subscripts, attributes < atoms
 *
 * Nesting is counted (parse_enter) on every path that can recurse, and once
 * per operator of a left-associative chain, so the depth of the tree built
 * stays within PARSE_MAX_DEPTH.
 */
#include "parse_internal.h"

#include <stdio.h>
#include <string.h>

static Node *bitwise_or(Parser *p);
static Node *star_item(Parser *p);

/* ---- helpers */

static Node *new_binary(Parser *p, NodeKind kind, BinOp op, Node *left, Node *right,
                        SrcPos start)
{
    Node *n = parse_node(p, kind, start);
    n->as.binary.op = op;
    n->as.binary.left = left;
    n->as.binary.right = right;
    parse_span(p, n, start);
    return n;
}

/* An operand is missing: say which operator wanted it. */
static _Noreturn void fail_missing_operand(Parser *p)
{
    TokenKind prev = p->prev_kind;
    const char *text = token_kind_text(prev);
    char hint[96];
    if (p->tok.kind == TK_INDENT || !text || prev == TK_COMMA || prev == TK_SEMICOLON ||
        prev == TK_LPAREN || prev == TK_LBRACKET || prev == TK_LBRACE ||
        prev == TK_RPAREN || prev == TK_RBRACKET ||
        prev == TK_RBRACE || prev == TK_TRUE || prev == TK_FALSE || prev == TK_NONE ||
        prev == TK_ELLIPSIS)
        parse_fail_unexpected(p, NULL);
    snprintf(hint, sizeof hint, "'%s' must be followed by an expression", text);
    parse_fail_unexpected(p, hint);
}

static _Noreturn void fail_yield(Parser *p)
{
    parse_fail_at(p, p->tok.start, 5, "build a list and return it",
                  "'yield' is not supported: Nabla has no generators");
}

/* ---- comprehensions */

/*
 * for_if_clauses: ('for' targets 'in' disjunction ('if' disjunction)*)+
 * `elt` (and `key` for a dict) were parsed by the caller, who also spans
 * the node once the closing bracket is consumed.
 */
static Node *comprehension(Parser *p, NodeKind kind, Node *key, Node *elt, SrcPos start)
{
    if (elt->kind == N_STARRED)
        parse_fail_node(p, elt, NULL, "iterable unpacking cannot be used in a comprehension");
    Node *n = parse_node(p, kind, start);
    n->as.comp.key = key;
    n->as.comp.elt = elt;
    NodeVec clauses = {0};
    while (parse_check(p, TK_FOR)) {
        SrcPos cstart = p->tok.start;
        parse_advance(p);
        Node *target = parse_targets(p);
        parse_check_target(p, target, TARGET_FOR);
        parse_expect(p, TK_IN, "expected 'in' after the loop variable of 'for'");
        Node *c = parse_node(p, N_COMP_FOR, cstart);
        c->as.comp_for.target = target;
        c->as.comp_for.iter = parse_disjunction(p);
        parse_span(p, c, cstart);
        parse_vec_push(p, &clauses, c);
        while (parse_check(p, TK_IF)) {
            SrcPos istart = p->tok.start;
            parse_advance(p);
            Node *f = parse_node(p, N_COMP_IF, istart);
            f->as.comp_if.cond = parse_disjunction(p);
            parse_span(p, f, istart);
            parse_vec_push(p, &clauses, f);
        }
    }
    n->as.comp.clauses = parse_vec_list(&clauses);
    return n;
}

/* ---- atoms */

/* strings: (STRING | FSTRING)+   adjacent literals join into one */
static Node *strings(Parser *p)
{
    SrcPos start = p->tok.start;
    if (p->tok.kind == TK_STRING) {
        TokenKind next = parse_peek(p, 1)->kind;
        if (next != TK_STRING && next != TK_FSTRING) {
            Node *n = parse_node(p, N_STR, start);
            n->as.str.chars = p->tok.as.str.chars;
            n->as.str.len = p->tok.as.str.len;
            parse_span_token(p, n, &p->tok);
            parse_advance(p);
            return n;
        }
    }
    FStringBuilder *b = parse_fstring_begin(p);
    while (p->tok.kind == TK_STRING || p->tok.kind == TK_FSTRING) {
        Token t = p->tok;
        if (t.kind == TK_STRING)
            parse_fstring_text(p, b, &t);
        else
            parse_fstring_token(p, b, &t);
        parse_advance(p);
    }
    return parse_fstring_end(p, b, start);
}

/*
 * group_or_tuple: '(' ')' | '(' star_expression ')'
 *               | '(' star_expression ',' [star_expression (',' ...)*] ')'
 * A generator expression here is refused: there are no generators.  (As
 * the sole argument of a call it is a list comprehension; see call().)
 */
static Node *paren(Parser *p)
{
    SrcPos start = p->tok.start;
    parse_advance(p);
    if (parse_accept(p, TK_RPAREN)) {
        Node *n = parse_node(p, N_TUPLE, start);
        parse_span(p, n, start);
        return n;
    }
    if (parse_check(p, TK_YIELD))
        fail_yield(p);
    Node *first = star_item(p);
    if (parse_check(p, TK_FOR))
        parse_fail_at(p, start, 1,
                      "use a list comprehension [...], or pass it straight to a call: "
                      "sum(x for x in xs)",
                      "generator expressions are not supported");
    if (parse_accept(p, TK_RPAREN)) {
        if (first->kind == N_STARRED)
            parse_fail_node(p, first, NULL, "cannot use starred expression here");
        return first;
    }
    if (!parse_check(p, TK_COMMA))
        parse_fail_unexpected(p, parse_check(p, TK_ASSIGN) ? "use '==' to compare" : NULL);
    Node *n = parse_node(p, N_TUPLE, start);
    NodeVec items = {0};
    parse_vec_push(p, &items, first);
    while (parse_accept(p, TK_COMMA)) {
        if (parse_check(p, TK_RPAREN))
            break;
        parse_vec_push(p, &items, star_item(p));
    }
    if (!parse_accept(p, TK_RPAREN))
        parse_fail_unexpected(p, NULL);
 n->as.items = parse_vec_list(&items);
    parse_allow_stars(p, &n->as.items);
    parse_span(p, n, start);
    return n;
}

/* list: '[' [star_expression (',' star_expression)* [',']] ']'
   listcomp: '[' expression for_if_clauses ']' */
static Node *list_display(Parser *p)
{
    SrcPos start = p->tok.start;
    parse_advance(p);
    NodeVec items = {0};
    if (!parse_check(p, TK_RBRACKET)) {
        Node *first = star_item(p);
        if (parse_check(p, TK_FOR)) {
            Node *c = comprehension(p, N_LISTCOMP, NULL, first, start);
            if (!parse_accept(p, TK_RBRACKET))
                parse_fail_unexpected(p, NULL);
            parse_span(p, c, start);
            return c;
        }
        parse_vec_push(p, &items, first);
        while (parse_accept(p, TK_COMMA)) {
            if (parse_check(p, TK_RBRACKET))
                break;
            parse_vec_push(p, &items, star_item(p));
        }
    }
    if (!parse_accept(p, TK_RBRACKET))
        parse_fail_unexpected(p, NULL);
    Node *n = parse_node(p, N_LIST, start);
    n->as.items = parse_vec_list(&items);
    parse_allow_stars(p, &n->as.items);
    parse_span(p, n, start);
    return n;
}

/* A dict key, or NULL after '**' (then *spread is the mapping to copy in). */
static Node *dict_key(Parser *p, Node **spread)
{
    *spread = NULL;
    if (parse_accept(p, TK_DSTAR)) {
        *spread = bitwise_or(p);
        return NULL;
    }
    return parse_expression(p);
}

/* dict: '{' [expression ':' expression (',' expression ':' expression)* [',']] '}'
   dictcomp: '{' expression ':' expression for_if_clauses '}' */
static Node *dict_display(Parser *p)
{
    SrcPos start = p->tok.start;
    parse_advance(p);
    NodeVec keys = {0}, values = {0};
    if (!parse_check(p, TK_RBRACE)) {
        Node *spread;
        Node *key = dict_key(p, &spread);
        if (spread) {
            parse_vec_push(p, &keys, NULL);
            parse_vec_push(p, &values, spread);
            goto rest;
        }
        if (!parse_check(p, TK_COLON)) {
            if (parse_check(p, TK_FOR))
                parse_fail_at(p, start, 1, "use a list comprehension [...]",
                              "set comprehensions are not supported");
            if (parse_check(p, TK_COMMA) || parse_check(p, TK_RBRACE))
                parse_fail_at(p, start, 1, "use a list [...] or a dict {key: value}",
                              "set literals are not supported");
            parse_fail_expected(p, NULL, "expected ':' after a dict key");
        }
        parse_advance(p);
        Node *value = parse_expression(p);
        if (parse_check(p, TK_FOR)) {
            Node *c = comprehension(p, N_DICTCOMP, key, value, start);
            if (!parse_accept(p, TK_RBRACE))
                parse_fail_unexpected(p, NULL);
            parse_span(p, c, start);
            return c;
        }
        parse_vec_push(p, &keys, key);
        parse_vec_push(p, &values, value);
    rest:
        while (parse_accept(p, TK_COMMA)) {
            if (parse_check(p, TK_RBRACE))
                break;
            key = dict_key(p, &spread);
            if (spread) {
                parse_vec_push(p, &keys, NULL);
                parse_vec_push(p, &values, spread);
                continue;
            }
            parse_expect(p, TK_COLON, "expected ':' after a dict key");
            parse_vec_push(p, &keys, key);
            parse_vec_push(p, &values, parse_expression(p));
        }
    }
    if (!parse_accept(p, TK_RBRACE))
        parse_fail_unexpected(p, NULL);
    Node *n = parse_node(p, N_DICT, start);
    n->as.dict.keys = parse_vec_list(&keys);
    n->as.dict.values = parse_vec_list(&values);
    parse_span(p, n, start);
    return n;
}

/* atom: NAME | NUMBER | strings | 'True' | 'False' | 'None' | '...'
       | group_or_tuple | list | listcomp | dict | dictcomp */
static Node *atom(Parser *p)
{
    Token t = p->tok;
    NodeKind kind;
    switch (t.kind) {
    case TK_NAME: {
        Node *n = parse_node(p, N_NAME, t.start);
        n->as.str.chars = parse_token_text(p, &t);
        n->as.str.len = (int)(t.end.off - t.start.off);
        parse_span_token(p, n, &t);
        parse_advance(p);
        return n;
    }
    case TK_INT: {
        if (t.int_is_min_magnitude)
            parse_fail_at(p, t.start, t.end.off - t.start.off, NULL,
                          "integer literal too large for a 64-bit int");
        Node *n = parse_node(p, N_INT, t.start);
        n->as.ival = t.as.ival;
        parse_span_token(p, n, &t);
        parse_advance(p);
        return n;
    }
    case TK_FLOAT: {
        Node *n = parse_node(p, N_FLOAT, t.start);
        n->as.fval = t.as.fval;
        parse_span_token(p, n, &t);
        parse_advance(p);
        return n;
    }
    case TK_STRING: case TK_FSTRING:
        return strings(p);
    case TK_LPAREN: return paren(p);
    case TK_LBRACKET: return list_display(p);
    case TK_LBRACE: return dict_display(p);
    case TK_TRUE: kind = N_TRUE; break;
    case TK_FALSE: kind = N_FALSE; break;
    case TK_NONE: kind = N_NONE; break;
    case TK_ELLIPSIS: kind = N_ELLIPSIS; break;
    case TK_YIELD: fail_yield(p);
    case TK_LAMBDA: parse_fail_unexpected(p, "put the lambda in parentheses");
    default:
        fail_missing_operand(p);
    }
    Node *n = parse_node(p, kind, t.start);
    parse_span_token(p, n, &t);
    parse_advance(p);
    return n;
}

/* ---- trailers */

/*
 * arguments: arg (',' arg)* [',']
 * arg: '*' expression | '**' expression | NAME '=' expression | expression
 * Positional before keyword before '**'; a generator expression may be the
 * only argument: there are no generators, so it becomes a list
 * comprehension, which sum(), max() and friends consume the same way.
 */
static Node *call(Parser *p, Node *callee, SrcPos start)
{
    parse_advance(p);
    NodeVec args = {0};
    bool seen_keyword = false, seen_dstar = false;
    while (!parse_check(p, TK_RPAREN)) {
        SrcPos astart = p->tok.start;
        Node *arg;
        if (parse_check(p, TK_STAR) || parse_check(p, TK_DSTAR)) {
            bool dstar = parse_check(p, TK_DSTAR);
            parse_advance(p);
            arg = parse_node(p, dstar ? N_DSTARRED : N_STARRED, astart);
            arg->as.starred.value = parse_expression(p);
            parse_span(p, arg, astart);
            if (!dstar && seen_dstar)
                parse_fail_node(p, arg, NULL,
                                "iterable argument unpacking follows keyword argument unpacking");
            seen_dstar |= dstar;
        } else if (parse_check(p, TK_NAME) && parse_peek(p, 1)->kind == TK_ASSIGN) {
            Token name = p->tok;
            const char *text = parse_token_text(p, &name);
            for (int i = 0; i < args.count; i++)
                if (args.items[i]->kind == N_KEYWORD &&
                    strcmp(args.items[i]->as.keyword.name, text) == 0)
                    parse_fail_at(p, name.start, name.end.off - name.start.off, NULL,
                                  "keyword argument repeated: '%s'", text);
            parse_advance(p);
            parse_advance(p);
            arg = parse_node(p, N_KEYWORD, astart);
            arg->as.keyword.name = text;
            arg->as.keyword.value = parse_expression(p);
            parse_span(p, arg, astart);
            seen_keyword = true;
        } else {
            arg = parse_expression(p);
            if (parse_check(p, TK_FOR)) {
                if (args.count > 0)
                    parse_fail_node(p, arg, NULL, "generator expression must be parenthesized");
                arg = comprehension(p, N_LISTCOMP, NULL, arg, astart);
                parse_span(p, arg, astart);
                if (parse_check(p, TK_COMMA))
                    parse_fail_node(p, arg, NULL, "generator expression must be parenthesized");
            } else if (parse_check(p, TK_ASSIGN)) {
                parse_fail_at(p, p->tok.start, 1,
                              "use '==' to compare, or a plain name for a keyword argument",
                              "expression cannot contain assignment");
            } else if (seen_dstar) {
                parse_fail_node(p, arg, NULL,
                                "positional argument follows keyword argument unpacking");
            } else if (seen_keyword) {
                parse_fail_node(p, arg, NULL, "positional argument follows keyword argument");
            }
        }
        parse_vec_push(p, &args, arg);
        if (!parse_accept(p, TK_COMMA))
            break;
    }
    if (!parse_accept(p, TK_RPAREN))
        parse_fail_unexpected(p, NULL);
    Node *n = parse_node(p, N_CALL, start);
    n->as.call.callee = callee;
    n->as.call.args = parse_vec_list(&args);
    parse_span(p, n, start);
    return n;
}

/* slice: [expression] ':' [expression] [':' [expression]] | expression */
static Node *slice(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *lo = NULL, *hi = NULL, *step = NULL;
    if (parse_check(p, TK_STAR))
        parse_fail_at(p, start, 1, NULL, "starred expressions are not supported in an index");
    if (!parse_check(p, TK_COLON)) {
        lo = parse_expression(p);
        if (!parse_check(p, TK_COLON))
            return lo;
    }
    parse_advance(p);
    if (!parse_check(p, TK_COLON) && !parse_check(p, TK_COMMA) && !parse_check(p, TK_RBRACKET))
        hi = parse_expression(p);
    if (parse_accept(p, TK_COLON) && !parse_check(p, TK_COMMA) && !parse_check(p, TK_RBRACKET))
        step = parse_expression(p);
    Node *n = parse_node(p, N_SLICE, start);
    n->as.slice.lo = lo;
    n->as.slice.hi = hi;
    n->as.slice.step = step;
    parse_span(p, n, start);
    return n;
}

/* subscript: primary '[' slices ']'
   slices: slice | slice (',' slice)+ [',']   (the latter is an N_TUPLE) */
static Node *subscript(Parser *p, Node *object, SrcPos start)
{
    parse_advance(p);
    if (parse_check(p, TK_RBRACKET))
        parse_fail_at(p, p->tok.start, 1, NULL, "expected an index or a slice inside '[]'");
    SrcPos istart = p->tok.start;
    Node *index = slice(p);
    if (parse_check(p, TK_COMMA)) {
        NodeVec items = {0};
        parse_vec_push(p, &items, index);
        while (parse_accept(p, TK_COMMA)) {
            if (parse_check(p, TK_RBRACKET))
                break;
            parse_vec_push(p, &items, slice(p));
        }
        index = parse_node(p, N_TUPLE, istart);
        index->as.items = parse_vec_list(&items);
        parse_span(p, index, istart);
    }
    if (!parse_accept(p, TK_RBRACKET))
        parse_fail_unexpected(p, NULL);
    Node *n = parse_node(p, N_INDEX, start);
    n->as.index.object = object;
    n->as.index.index = index;
    parse_span(p, n, start);
    return n;
}

/* primary: atom ('.' NAME | '(' [arguments] ')' | '[' slices ']')* */
static Node *primary(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *n = atom(p);
    int links = 0;
    for (;;) {
        if (parse_check(p, TK_DOT)) {
            parse_enter(p);
            parse_advance(p);
            if (!parse_check(p, TK_NAME))
                parse_fail_expected(p, NULL, "expected an attribute name after '.'");
            Node *a = parse_node(p, N_ATTR, start);
            a->as.attr.object = n;
            a->as.attr.name = parse_token_text(p, &p->tok);
            parse_advance(p);
            parse_span(p, a, start);
            n = a;
        } else if (parse_check(p, TK_LPAREN)) {
            parse_enter(p);
            n = call(p, n, start);
        } else if (parse_check(p, TK_LBRACKET)) {
            parse_enter(p);
            n = subscript(p, n, start);
        } else {
            break;
        }
        links++;
    }
    p->depth -= links;
    return n;
}

/* ---- operators */

/* power: primary ['**' factor] */
static Node *factor(Parser *p);

static Node *power(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *base = primary(p);
    if (!parse_accept(p, TK_DSTAR))
        return base;
    parse_enter(p);
    Node *exponent = factor(p);
    parse_leave(p);
    return new_binary(p, N_BINARY, BIN_POW, base, exponent, start);
}

/* Would the token after an int literal take the literal as its operand
   before a unary minus could (as in -x ** 2 == -(x ** 2))? */
static bool binds_tighter_than_unary(TokenKind k)
{
    return k == TK_DSTAR || k == TK_DOT || k == TK_LPAREN || k == TK_LBRACKET;
}

/* factor: ('+' | '-' | '~') factor | power */
static Node *factor(Parser *p)
{
    UnOp op;
    switch (p->tok.kind) {
    case TK_PLUS: op = UN_POS; break;
    case TK_MINUS: op = UN_NEG; break;
    case TK_TILDE: op = UN_INVERT; break;
    default: return power(p);
    }
    SrcPos start = p->tok.start;
    parse_advance(p);
    /* -9223372036854775808 is an int64, though its magnitude alone is not. */
    if (op == UN_NEG && p->tok.kind == TK_INT && p->tok.int_is_min_magnitude &&
        !binds_tighter_than_unary(parse_peek(p, 1)->kind)) {
        parse_advance(p);
        Node *n = parse_node(p, N_INT, start);
        n->as.ival = INT64_MIN;
        parse_span(p, n, start);
        return n;
    }
    parse_enter(p);
    Node *operand = factor(p);
    parse_leave(p);
    Node *n = parse_node(p, N_UNARY, start);
    n->as.unary.op = op;
    n->as.unary.operand = operand;
    parse_span(p, n, start);
    return n;
}

/* Binding power of the left-associative binary operators; 0 for others. */
static int binop_precedence(TokenKind k, BinOp *op)
{
    switch (k) {
    case TK_PIPE: *op = BIN_BITOR; return 1;
    case TK_CARET: *op = BIN_BITXOR; return 2;
    case TK_AMP: *op = BIN_BITAND; return 3;
    case TK_LSHIFT: *op = BIN_LSHIFT; return 4;
    case TK_RSHIFT: *op = BIN_RSHIFT; return 4;
    case TK_PLUS: *op = BIN_ADD; return 5;
    case TK_MINUS: *op = BIN_SUB; return 5;
    case TK_STAR: *op = BIN_MUL; return 6;
    case TK_SLASH: *op = BIN_DIV; return 6;
    case TK_DSLASH: *op = BIN_FLOORDIV; return 6;
    case TK_PERCENT: *op = BIN_MOD; return 6;
    case TK_AT: *op = BIN_MATMUL; return 6;
    default: return 0;
    }
}

/*
 * bitwise_or:  bitwise_or '|' bitwise_xor | bitwise_xor     (precedence 1)
 * bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and    (2)
 * bitwise_and: bitwise_and '&' shift_expr | shift_expr      (3)
 * shift_expr:  shift_expr ('<<' | '>>') sum | sum           (4)
 * sum:         sum ('+' | '-') term | term                  (5)
 * term:        term ('*' | '/' | '//' | '%' | '@') factor | factor  (6)
 * By precedence climbing: the right operand binds only tighter operators.
 */
static Node *binary(Parser *p, int min_prec)
{
    SrcPos start = p->tok.start;
    Node *left = factor(p);
    int links = 0;
    for (;;) {
        BinOp op;
        int prec = binop_precedence(p->tok.kind, &op);
        if (prec == 0 || prec < min_prec)
            break;
        parse_enter(p);
        links++;
        parse_advance(p);
        Node *right = binary(p, prec + 1);
        left = new_binary(p, N_BINARY, op, left, right, start);
    }
    p->depth -= links;
    return left;
}

static Node *bitwise_or(Parser *p)
{
    return binary(p, 1);
}

/* comp_op: '<' | '>' | '==' | '>=' | '<=' | '!=' | 'in' | 'not' 'in' | 'is' ['not'];
   consumes it and returns true, or returns false at anything else. */
static bool comp_op(Parser *p, CmpOp *op)
{
    switch (p->tok.kind) {
    case TK_LT: *op = CMP_LT; break;
    case TK_GT: *op = CMP_GT; break;
    case TK_EQ: *op = CMP_EQ; break;
    case TK_GE: *op = CMP_GE; break;
    case TK_LE: *op = CMP_LE; break;
    case TK_NE: *op = CMP_NE; break;
    case TK_IN: *op = CMP_IN; break;
    case TK_IS:
        parse_advance(p);
        *op = parse_accept(p, TK_NOT) ? CMP_IS_NOT : CMP_IS;
        return true;
    case TK_NOT:
        if (parse_peek(p, 1)->kind != TK_IN)
            return false;
        parse_advance(p);
        *op = CMP_NOT_IN;
        break;
    default:
        return false;
    }
    parse_advance(p);
    return true;
}

/* comparison: bitwise_or (comp_op bitwise_or)*   a < b < c is one N_COMPARE */
static Node *comparison(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *first = bitwise_or(p);
    CmpOp op;
    if (!comp_op(p, &op))
        return first;
    int count = 0, cap = 0;
    CmpOp *ops = NULL;
    Node **rest = NULL;
    do {
        if (count == cap) {
            cap = cap ? cap * 2 : 2;
            CmpOp *new_ops = parse_alloc(p, (size_t)cap * sizeof *new_ops);
            Node **new_rest = parse_alloc(p, (size_t)cap * sizeof *new_rest);
            if (count) {
                memcpy(new_ops, ops, (size_t)count * sizeof *ops);
                memcpy(new_rest, rest, (size_t)count * sizeof *rest);
            }
            ops = new_ops;
            rest = new_rest;
        }
        ops[count] = op;
        rest[count] = bitwise_or(p);
        count++;
    } while (comp_op(p, &op));
    Node *n = parse_node(p, N_COMPARE, start);
    n->as.compare.first = first;
    n->as.compare.count = count;
    n->as.compare.ops = ops;
    n->as.compare.rest = rest;
    parse_span(p, n, start);
    return n;
}

/* inversion: 'not' inversion | comparison */
static Node *inversion(Parser *p)
{
    if (!parse_check(p, TK_NOT))
        return comparison(p);
    SrcPos start = p->tok.start;
    parse_advance(p);
    parse_enter(p);
    Node *operand = inversion(p);
    parse_leave(p);
    Node *n = parse_node(p, N_UNARY, start);
    n->as.unary.op = UN_NOT;
    n->as.unary.operand = operand;
    parse_span(p, n, start);
    return n;
}

/* conjunction: inversion ('and' inversion)* */
static Node *conjunction(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *left = inversion(p);
    int links = 0;
    while (parse_check(p, TK_AND)) {
        parse_enter(p);
        links++;
        parse_advance(p);
        left = new_binary(p, N_AND, BIN_ADD, left, inversion(p), start);
    }
    p->depth -= links;
    return left;
}

/* disjunction: conjunction ('or' conjunction)* */
Node *parse_disjunction(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *left = conjunction(p);
    int links = 0;
    while (parse_check(p, TK_OR)) {
        parse_enter(p);
        links++;
        parse_advance(p);
        left = new_binary(p, N_OR, BIN_ADD, left, conjunction(p), start);
    }
    p->depth -= links;
    return left;
}

/* lambdef: 'lambda' [params] ':' expression   (the body becomes one return) */
static Node *lambdef(Parser *p)
{
    SrcPos start = p->tok.start;
    parse_advance(p);
    Node *n = parse_node(p, N_LAMBDA, start);
    n->as.func.name = "<lambda>";
    parse_params(p, TK_COLON, true, &n->as.func.params, &n->as.func.nparams);
    parse_expect(p, TK_COLON, "expected ':' after the parameters of 'lambda'");
    SrcPos bstart = p->tok.start;
    Node *value = parse_expression(p);
    Node *ret = parse_node(p, N_RETURN, bstart);
    ret->as.ret.value = value;
    parse_span(p, ret, bstart);
    Node *body = parse_node(p, N_BLOCK, bstart);
    Node **items = parse_alloc(p, sizeof *items);
    items[0] = ret;
    body->as.items.items = items;
    body->as.items.count = 1;
    body->len = ret->len;
    n->as.func.body = body;
    parse_span(p, n, start);
    return n;
}

/* expression: lambdef | disjunction ['if' disjunction 'else' expression] */
Node *parse_expression(Parser *p)
{
    parse_enter(p);
    Node *n;
    if (parse_check(p, TK_LAMBDA)) {
        n = lambdef(p);
    } else {
        SrcPos start = p->tok.start;
        n = parse_disjunction(p);
        if (parse_accept(p, TK_IF)) {
            Node *cond = parse_disjunction(p);
            if (!parse_accept(p, TK_ELSE))
                parse_fail_expected(p, NULL, "expected 'else' after 'if' expression");
            Node *other = parse_expression(p);
            Node *t = parse_node(p, N_TERNARY, start);
            t->as.ternary.cond = cond;
            t->as.ternary.then = n;
            t->as.ternary.other = other;
            parse_span(p, t, start);
            n = t;
        }
    }
    parse_leave(p);
    return n;
}

/* star_expression: '*' bitwise_or | expression
   A starred item is noted: only an assignment target may keep it. */
static Node *star_item(Parser *p)
{
    if (!parse_check(p, TK_STAR))
        return parse_expression(p);
    SrcPos start = p->tok.start;
    parse_advance(p);
    parse_enter(p);
    Node *n = parse_node(p, N_STARRED, start);
    n->as.starred.value = bitwise_or(p);
    parse_leave(p);
    parse_span(p, n, start);
    parse_note_star(p, n);
    return n;
}

static bool starts_item(const Parser *p)
{
    return parse_starts_expression(p) || parse_check(p, TK_STAR);
}

/* star_expressions: star_expression (',' star_expression)* [',']
   With a comma it is a tuple: a, b = b, a;  return x, y;  x[i, j] */
Node *parse_star_expressions(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *first = star_item(p);
    if (!parse_check(p, TK_COMMA))
        return first;
    NodeVec items = {0};
    parse_vec_push(p, &items, first);
    while (parse_accept(p, TK_COMMA)) {
        if (!starts_item(p))
            break;
        parse_vec_push(p, &items, star_item(p));
    }
    Node *n = parse_node(p, N_TUPLE, start);
    n->as.items = parse_vec_list(&items);
    parse_span(p, n, start);
    return n;
}

/* star_target: '*' bitwise_or | bitwise_or  (bitwise_or stops before 'in') */
static Node *target_item(Parser *p)
{
    return parse_check(p, TK_STAR) ? star_item(p) : bitwise_or(p);
}

/* star_targets: star_target (',' star_target)* [','] */
Node *parse_targets(Parser *p)
{
    SrcPos start = p->tok.start;
    Node *first = target_item(p);
    if (!parse_check(p, TK_COMMA))
        return first;
    NodeVec items = {0};
    parse_vec_push(p, &items, first);
    while (parse_accept(p, TK_COMMA)) {
        if (!starts_item(p))
            break;
        parse_vec_push(p, &items, target_item(p));
    }
    Node *n = parse_node(p, N_TUPLE, start);
    n->as.items = parse_vec_list(&items);
    parse_span(p, n, start);
    return n;
}
