/*
 * parser.c - the core of the recursive-descent parser: token handling,
 * errors, node building, assignment targets and parameter lists, and
 * parse_module.  The grammar itself is in parse_expr.c (expressions),
 * parse_fstring.c (f-strings) and parse_stmt.c (statements); it follows
 * Python 3's, rule by rule, minus what Nabla leaves out.
 */
#include "parse_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- tokens */

static _Noreturn void fail_jump(Parser *p);

static void check_lex_error(Parser *p)
{
    if (p->tok.kind == TK_ERROR) /* the lexer filled p->err already */
        fail_jump(p);
}

void parse_first_token(Parser *p)
{
    p->nahead = 0;
    p->tok = lex_next(p->lx);
    p->prev_end = p->tok.start;
    p->prev_kind = TK_NEWLINE;
    check_lex_error(p);
}

void parse_advance(Parser *p)
{
    p->prev_end = p->tok.end;
    p->prev_kind = p->tok.kind;
    if (p->nahead > 0) {
        p->tok = p->ahead[0];
        p->ahead[0] = p->ahead[1];
        p->nahead--;
    } else {
        p->tok = lex_next(p->lx);
    }
    check_lex_error(p);
}

/* A lexer error met while peeking is only reported once it is reached, so
   that an earlier syntax error still comes first. */
const Token *parse_peek(Parser *p, int n)
{
    while (p->nahead < n)
        p->ahead[p->nahead++] = lex_next(p->lx);
    return &p->ahead[n - 1];
}

bool parse_check(const Parser *p, TokenKind kind)
{
    return p->tok.kind == kind;
}

bool parse_accept(Parser *p, TokenKind kind)
{
    if (p->tok.kind != kind)
        return false;
    parse_advance(p);
    return true;
}

void parse_expect(Parser *p, TokenKind kind, const char *fmt, ...)
{
    if (parse_accept(p, kind))
        return;
    char msg[sizeof p->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    parse_fail_expected(p, NULL, "%s", msg);
}

bool parse_starts_expression(const Parser *p)
{
    switch (p->tok.kind) {
    case TK_NAME: case TK_INT: case TK_FLOAT: case TK_STRING: case TK_FSTRING:
    case TK_TRUE: case TK_FALSE: case TK_NONE: case TK_ELLIPSIS:
    case TK_LPAREN: case TK_LBRACKET: case TK_LBRACE:
    case TK_MINUS: case TK_PLUS: case TK_TILDE: case TK_NOT: case TK_LAMBDA:
        return true;
    default:
        return false;
    }
}

/* ---- errors */

/* Fills p->err; the caller then ends its va_list and calls fail_jump. */
static void set_error_v(Parser *p, SrcPos at, size_t len, const char *hint, const char *fmt,
                        va_list ap)
{
    char msg[sizeof p->err->message];
    vsnprintf(msg, sizeof msg, fmt, ap);
    lex_set_error(p->root, p->err, at.off, len, "%s", msg);
    if (hint)
        snprintf(p->err->hint, sizeof p->err->hint, "%s", hint);
}

static _Noreturn void fail_jump(Parser *p)
{
    longjmp(*p->on_error, 1);
}

void parse_fail_at(Parser *p, SrcPos at, size_t len, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error_v(p, at, len, hint, fmt, ap);
    va_end(ap);
    fail_jump(p);
}

static bool is_line_end(TokenKind k)
{
    return k == TK_NEWLINE || k == TK_EOF || k == TK_INDENT || k == TK_DEDENT;
}

void parse_fail_expected(Parser *p, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (is_line_end(p->tok.kind))
        set_error_v(p, p->prev_end, 1, hint, fmt, ap);
    else
        set_error_v(p, p->tok.start, p->tok.end.off - p->tok.start.off, hint, fmt, ap);
    va_end(ap);
    fail_jump(p);
}

void parse_fail_node(Parser *p, const Node *n, const char *hint, const char *fmt, ...)
{
    SrcPos at = lex_locate(p->root, 0);
    /* A node keeps line:col, not its offset: find the offset again. */
    if (n->line >= 1 && n->line <= p->root->nlines)
        at.off = p->root->line_starts[n->line - 1] + (size_t)(n->col - 1);
    va_list ap;
    va_start(ap, fmt);
    set_error_v(p, at, (size_t)(n->len > 0 ? n->len : 1), hint, fmt, ap);
    va_end(ap);
    fail_jump(p);
}

void parse_fail_memory(Parser *p)
{
    parse_fail_at(p, p->tok.start, 1, NULL, "out of memory");
}

/* "'+'", "'foo'", "number '12'", "string", "end of line" */
static void describe_token(const Parser *p, const Token *t, char *buf, size_t size)
{
    size_t len = t->end.off - t->start.off;
    const char *text = p->root->src + t->start.off;
    switch (t->kind) {
    case TK_NAME:
        snprintf(buf, size, "'%.*s'", (int)(len < 40 ? len : 40), text);
        break;
    case TK_EOF:
        snprintf(buf, size, "%s", p->lx->fragment ? "end of f-string expression" : "end of input");
        break;
    case TK_INT: case TK_FLOAT:
        if (len <= 24)
            snprintf(buf, size, "number '%.*s'", (int)len, text);
        else
            snprintf(buf, size, "number");
        break;
    default:
        snprintf(buf, size, "%s", token_kind_name(t->kind));
        break;
    }
}

static bool ends_expression(TokenKind k)
{
    switch (k) {
    case TK_NAME: case TK_INT: case TK_FLOAT: case TK_STRING: case TK_FSTRING:
    case TK_TRUE: case TK_FALSE: case TK_NONE: case TK_ELLIPSIS:
    case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE:
        return true;
    default:
        return false;
    }
}

/*
 * Lexes the rest of the file to see whether a bracket open here is never
 * closed.  As in Python, that beats a vague "unexpected" error: in
 *     total = (1 + 2
 *     print(total)
 * the culprit is the '(' on line 1, not 'print'.
 */
static bool find_unclosed_bracket(Parser *p, ParseError *found)
{
    if (p->lx->fragment || p->lx->nbrackets == 0)
        return false;
    Lexer scan = *p->lx;
    if (scan.failed) { /* a token already read ahead hit the end */
        *found = *p->err;
    } else {
        scan.err = found;
        Token t;
        do
            t = lex_next(&scan);
        while (t.kind != TK_EOF && t.kind != TK_ERROR);
    }
    /* Only a bracket opened before the error encloses it. */
    return scan.failed && scan.unclosed &&
           scan.brackets[scan.nbrackets - 1].off < p->tok.start.off;
}

void parse_fail_unexpected(Parser *p, const char *hint)
{
    if (p->tok.kind == TK_INDENT)
        parse_fail_at(p, p->tok.start, 1, hint, "unexpected indent");
    if (p->tok.kind == TK_WALRUS)
        parse_fail_at(p, p->tok.start, 2, NULL, "the ':=' operator is not supported");
    /* Two expressions side by side inside brackets: the classic missing comma. */
    bool comma = false;
    if (!hint && p->lx->nbrackets > 0 && ends_expression(p->prev_kind) &&
        parse_starts_expression(p)) {
        hint = "perhaps you forgot a comma?";
        comma = true;
    }
    ParseError unclosed;
    if (find_unclosed_bracket(p, &unclosed) && (!comma || unclosed.line < p->tok.start.line)) {
        *p->err = unclosed;
        p->err->incomplete = false; /* more input cannot mend what is already there */
        fail_jump(p);
    }
    char what[64];
    describe_token(p, &p->tok, what, sizeof what);
    if (is_line_end(p->tok.kind))
        parse_fail_at(p, p->prev_end, 1, hint, "invalid syntax: unexpected %s", what);
    parse_fail_at(p, p->tok.start, p->tok.end.off - p->tok.start.off, hint,
                  "invalid syntax: unexpected %s", what);
}

/* ---- nesting */

void parse_enter(Parser *p)
{
    if (++p->depth > PARSE_MAX_DEPTH)
        parse_fail_at(p, p->tok.start, p->tok.end.off - p->tok.start.off, NULL,
                      "expression nested too deeply (more than %d levels)", PARSE_MAX_DEPTH);
}

/* ---- nodes */

void *parse_alloc(Parser *p, size_t size)
{
    void *mem = arena_alloc(p->arena, size);
    if (!mem)
        parse_fail_memory(p);
    return mem;
}

const char *parse_strndup(Parser *p, const char *s, size_t n)
{
    char *copy = arena_strndup(p->arena, s, n);
    if (!copy)
        parse_fail_memory(p);
    return copy;
}

const char *parse_token_text(Parser *p, const Token *t)
{
    return parse_strndup(p, p->root->src + t->start.off, t->end.off - t->start.off);
}

Node *parse_node(Parser *p, NodeKind kind, SrcPos start)
{
    Node *n = parse_alloc(p, sizeof *n);
    n->kind = kind;
    n->line = start.line;
    n->col = start.col;
    return n;
}

/* Bytes from start to end, or to the end of start's line if end is on a
   later one: what a caret line under the first line should cover. */
static int first_line_len(const Parser *p, SrcPos start, SrcPos end)
{
    if (end.off <= start.off)
        return 0;
    if (end.line == start.line)
        return (int)(end.off - start.off);
    const char *s = p->root->src;
    size_t i = start.off;
    while (i < p->root->end && s[i] != '\n' && s[i] != '\r')
        i++;
    return (int)(i - start.off);
}

void parse_span(Parser *p, Node *n, SrcPos start)
{
    n->line = start.line;
    n->col = start.col;
    n->len = first_line_len(p, start, p->prev_end);
}

void parse_span_token(Parser *p, Node *n, const Token *t)
{
    n->line = t->start.line;
    n->col = t->start.col;
    n->len = first_line_len(p, t->start, t->end);
}

void parse_vec_push(Parser *p, NodeVec *v, Node *n)
{
    if (v->count == v->cap) {
        int cap = v->cap ? v->cap * 2 : 4;
        Node **items = parse_alloc(p, (size_t)cap * sizeof *items);
        if (v->count)
            memcpy(items, v->items, (size_t)v->count * sizeof *items);
        v->items = items; /* the old array stays in the arena until the end */
        v->cap = cap;
    }
    v->items[v->count++] = n;
}

NodeList parse_vec_list(const NodeVec *v)
{
    NodeList l = {v->items, v->count};
    return l;
}

/* ---- assignment targets */

const char *parse_describe(const Node *n)
{
    switch (n->kind) {
    case N_CALL: return "a function call";
    case N_INT: case N_FLOAT: case N_STR: case N_FSTRING: return "a literal";
    case N_TRUE: return "True";
    case N_FALSE: return "False";
    case N_NONE: return "None";
    case N_ELLIPSIS: return "ellipsis";
    case N_COMPARE: return "a comparison";
    case N_TERNARY: return "a conditional expression";
    case N_LAMBDA: return "a lambda";
    case N_LISTCOMP: return "a list comprehension";
    case N_DICTCOMP: return "a dict comprehension";
    case N_DICT: return "a dict literal";
    case N_TUPLE: return "a tuple";
    case N_LIST: return "a list";
    case N_STARRED: return "a starred expression";
    case N_NAME: return "a name";
    case N_ATTR: return "an attribute";
    case N_INDEX: return "an index";
    default: return "an expression";
    }
}

/*
 * target: NAME | primary '.' NAME | primary '[' slices ']'
 *       | '(' targets ')' | '[' targets ']'   (one '*' item allowed)
 * Tuples and lists are parsed as expressions first; this decides afterwards
 * whether the expression can be assigned to, and claims its starred item.
 */
void parse_check_target(Parser *p, Node *t, TargetUse use)
{
    const char *verb = use == TARGET_DEL ? "delete" : "assign to";
    switch (t->kind) {
    case N_NAME: case N_ATTR: case N_INDEX:
        return;
    case N_TUPLE: case N_LIST: {
        const Node *star = NULL;
        for (int i = 0; i < t->as.items.count; i++) {
            Node *item = t->as.items.items[i];
            if (item->kind == N_STARRED) {
                if (use == TARGET_DEL)
                    parse_fail_node(p, item, NULL, "cannot delete a starred expression");
                if (star)
                    parse_fail_node(p, item, NULL, "multiple starred expressions in assignment");
                star = item;
                for (int j = p->nstars - 1; j >= 0; j--) {
                    if (p->stars[j] == item) {
                        memmove(p->stars + j, p->stars + j + 1,
                                (size_t)(p->nstars - j - 1) * sizeof *p->stars);
                        p->nstars--;
                        break;
                    }
                }
                parse_check_target(p, item->as.starred.value, use);
            } else {
                parse_check_target(p, item, use);
            }
        }
        return;
    }
    case N_STARRED:
        if (use == TARGET_DEL)
            parse_fail_node(p, t, NULL, "cannot delete a starred expression");
        parse_fail_node(p, t, NULL, "starred assignment target must be in a list or tuple");
    case N_CALL:
        parse_fail_node(p, t, NULL, "cannot %s a function call", verb);
    default:
        parse_fail_node(p, t, NULL, "cannot %s %s", verb, parse_describe(t));
    }
}

void parse_note_star(Parser *p, Node *starred)
{
    if (p->nstars == p->stars_cap) {
        int cap = p->stars_cap ? p->stars_cap * 2 : 8;
        Node **stars = parse_alloc(p, (size_t)cap * sizeof *stars);
        if (p->nstars)
            memcpy(stars, p->stars, (size_t)p->nstars * sizeof *stars);
        p->stars = stars;
        p->stars_cap = cap;
    }
    p->stars[p->nstars++] = starred;
}

void parse_allow_stars(Parser *p, const NodeList *items)
{
    for (int i = 0; i < items->count; i++) {
        Node *item = items->items[i];
        if (item->kind != N_STARRED)
            continue;
        for (int j = p->nstars - 1; j >= 0; j--)
            if (p->stars[j] == item) {
                memmove(p->stars + j, p->stars + j + 1, (size_t)(p->nstars - j - 1) * sizeof *p->stars);
                p->nstars--;
                break;
            }
    }
}

void parse_check_stars(Parser *p)
{
    if (p->nstars == 0)
        return;
    Node *first = p->stars[0];
    p->nstars = 0;
    parse_fail_node(p, first, NULL, "cannot use starred expression here");
}

/* ---- parameters */

/*
 * params: param (',' param)* [',']
 * param:  NAME ['=' expression] | '*' [NAME] | '**' NAME
 * Parameters after '*args' or a bare '*' are keyword-only (they may lack
 * defaults); the bare '*' leaves no Param of its own.  '**kwargs' comes
 * last.  The caller consumes `closer` (')' or ':').
 */
void parse_params(Parser *p, TokenKind closer, bool is_lambda, Param **params, int *nparams)
{
    Param *list = NULL;
    int count = 0, cap = 0;
    bool seen_default = false, seen_star = false, seen_kwargs = false;
    const char *kwargs_name = NULL;
    const Token *bare_star = NULL; /* a bare '*' still waiting for its parameter */
    Token bare_star_tok;
    for (;;) {
        if (bare_star && (parse_check(p, closer) || parse_check(p, TK_DSTAR)))
            parse_fail_at(p, bare_star->start, 1, NULL,
                          "named parameters must follow a bare '*'");
        if (parse_check(p, closer))
            break;
        Token first = p->tok;
        ParamKind kind = PARAM_NORMAL;
        if (seen_kwargs)
            parse_fail_at(p, first.start, first.end.off - first.start.off, NULL,
                          "parameters cannot follow '**%s'", kwargs_name);
        if (parse_accept(p, TK_STAR)) {
            if (seen_star)
                parse_fail_at(p, first.start, 1, NULL, "only one '*' parameter is allowed");
            seen_star = true;
            if (parse_check(p, TK_COMMA) || parse_check(p, closer)) {
                bare_star_tok = first;
                bare_star = &bare_star_tok;
                parse_accept(p, TK_COMMA);
                continue;
            }
            kind = PARAM_VARARGS;
        } else if (parse_accept(p, TK_DSTAR)) {
            kind = PARAM_KWARGS;
        } else if (parse_check(p, TK_SLASH)) {
            parse_fail_at(p, first.start, 1, NULL,
                          "positional-only parameters ('/') are not supported");
        }
        if (!parse_check(p, TK_NAME)) {
            if (lex_is_keyword(p->tok.kind))
                parse_fail_at(p, p->tok.start, p->tok.end.off - p->tok.start.off, NULL,
                              "'%s' is a keyword and cannot be a parameter name",
                              token_kind_text(p->tok.kind));
            parse_fail_expected(p, NULL, "expected a parameter name");
        }
        Token name_tok = p->tok;
        const char *name = parse_token_text(p, &name_tok);
        size_t name_len = name_tok.end.off - name_tok.start.off;
        for (int i = 0; i < count; i++)
            if (strcmp(list[i].name, name) == 0)
                parse_fail_at(p, name_tok.start, name_len, NULL,
                              "duplicate parameter '%s' in function definition", name);
        parse_advance(p);
        if (parse_check(p, TK_COLON) && !is_lambda)
            parse_fail_at(p, p->tok.start, 1, NULL, "type annotations are not supported");
        Node *def = NULL;
        if (parse_check(p, TK_ASSIGN)) {
            if (kind != PARAM_NORMAL)
                parse_fail_at(p, p->tok.start, 1, NULL, "'%s%s' cannot have a default value",
                              kind == PARAM_VARARGS ? "*" : "**", name);
            parse_advance(p);
            def = parse_expression(p);
            if (!seen_star)
                seen_default = true;
        } else if (kind == PARAM_NORMAL && seen_default && !seen_star) {
            parse_fail_at(p, name_tok.start, name_len, NULL,
                          "parameter without a default follows parameter with a default");
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 4;
            Param *grown = parse_alloc(p, (size_t)cap * sizeof *grown);
            if (count)
                memcpy(grown, list, (size_t)count * sizeof *grown);
            list = grown;
        }
        Param *prm = &list[count++];
        prm->name = name;
        prm->default_value = def;
        prm->kind = kind;
        prm->line = name_tok.start.line;
        prm->col = name_tok.start.col;
        prm->keyword_only = kind == PARAM_NORMAL && seen_star;
        bare_star = NULL;
        if (kind == PARAM_KWARGS) {
            seen_kwargs = true;
            kwargs_name = name;
        }
        if (!parse_accept(p, TK_COMMA))
            break;
    }
    *params = list;
    *nparams = count;
}

/* ---- entry point */

Node *parse_module(Arena *arena, const char *src, size_t len, ParseError *err)
{
    Lexer lx;
    Parser p;
    jmp_buf on_error;
    memset(err, 0, sizeof *err);
    lex_init(&lx, arena, src, len, err);
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.err = err;
    p.lx = p.root = &lx;
    p.on_error = &on_error;
    if (setjmp(on_error))
        return NULL;
    parse_first_token(&p);
    return parse_file(&p);
}
