/*
 * parse_fstring.c - f-strings, and the joining of adjacent string literals.
 *
 *   fstring:           (literal_text | replacement_field)*
 *   replacement_field: '{' expressions ['='] ['!' ('r' | 's')] [':' format_spec] '}'
 *   format_spec:       (literal_text | replacement_field)*   (one level deep)
 *   literal_text:      text with escapes; '{{' and '}}' stand for braces
 *
 * An f-string token is scanned like any string (its quotes end it, as in
 * Python before 3.12).  Its fields are split out here, and each expression
 * is parsed by a lexer over that stretch of the file itself, so every node
 * and error inside keeps its true line and column.
 */
#include "parse_internal.h"

#include <string.h>

/* Deepest bracket nesting scanned inside one field's expression text; the
   expression's own parse has the usual limit. */
enum { FIELD_MAX_BRACKETS = 64 };

struct FStringBuilder {
    NodeVec parts;
    bool has_field;
    /* Literal text gathered since the last field, not yet an N_STR. */
    char *text;
    size_t len, cap;
    bool has_text;
    SrcPos text_start, text_end;
};

static void reserve(Parser *p, FStringBuilder *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *text = parse_alloc(p, cap);
    if (b->len)
        memcpy(text, b->text, b->len);
    b->text = text;
    b->cap = cap;
}

static void note_text_span(FStringBuilder *b, SrcPos start, SrcPos end)
{
    if (!b->has_text)
        b->text_start = start;
    b->text_end = end;
    b->has_text = true;
}

/* Turns the gathered text into an N_STR part. */
static void flush_text(Parser *p, FStringBuilder *b)
{
    if (!b->has_text)
        return;
    if (b->len > 0) {
        Node *s = parse_node(p, N_STR, b->text_start);
        s->as.str.chars = parse_strndup(p, b->text, b->len);
        s->as.str.len = (int)b->len;
        SrcPos saved = p->prev_end;
        p->prev_end = b->text_end;
        parse_span(p, s, b->text_start);
        p->prev_end = saved;
        parse_vec_push(p, &b->parts, s);
    }
    b->len = 0;
    b->has_text = false;
}

/* Adds src[from, to) as literal text, decoding escapes unless raw/verbatim. */
static void add_text(Parser *p, FStringBuilder *b, size_t from, size_t to, bool decode)
{
    if (from >= to)
        return;
    reserve(p, b, to - from);
    if (decode) {
        long n = lex_decode(p->root, from, to, false, b->text + b->len);
        if (n < 0)
            longjmp(*p->on_error, 1);
        b->len += (size_t)n;
    } else {
        long n = lex_decode(p->root, from, to, true, b->text + b->len);
        b->len += (size_t)n;
    }
    note_text_span(b, lex_locate(p->root, from), lex_locate(p->root, to));
}

FStringBuilder *parse_fstring_begin(Parser *p)
{
    return parse_alloc(p, sizeof(FStringBuilder));
}

void parse_fstring_text(Parser *p, FStringBuilder *b, const Token *t)
{
    reserve(p, b, (size_t)t->as.str.len);
    memcpy(b->text + b->len, t->as.str.chars, (size_t)t->as.str.len);
    b->len += (size_t)t->as.str.len;
    note_text_span(b, t->start, t->end);
}

/* Parses src[start, end) as `star_expressions` with a lexer of its own. */
static Node *parse_field_expression(Parser *p, size_t start, size_t end)
{
    Lexer sub;
    Lexer *saved_lx = p->lx;
    Token saved_tok = p->tok, saved_ahead[2];
    int saved_nahead = p->nahead;
    SrcPos saved_end = p->prev_end;
    TokenKind saved_kind = p->prev_kind;
    memcpy(saved_ahead, p->ahead, sizeof saved_ahead);

    lex_init_fragment(&sub, p->root, start, end);
    p->lx = &sub;
    parse_first_token(p);
    Node *n = parse_star_expressions(p);
    if (!parse_check(p, TK_EOF))
        parse_fail_unexpected(p, NULL);

    p->lx = saved_lx;
    p->tok = saved_tok;
    memcpy(p->ahead, saved_ahead, sizeof saved_ahead);
    p->nahead = saved_nahead;
    p->prev_end = saved_end;
    p->prev_kind = saved_kind;
    return n;
}

static _Noreturn void fail_at_offset(Parser *p, size_t off, size_t len, const char *hint,
                                     const char *message)
{
    parse_fail_at(p, lex_locate(p->root, off), len, hint, "%s", message);
}

/* Skips a string literal inside a field's expression; returns its end. */
static size_t skip_quoted(Parser *p, size_t i, size_t end)
{
    const char *s = p->root->src;
    char q = s[i];
    bool triple = i + 2 < end && s[i + 1] == q && s[i + 2] == q;
    size_t j = i + (triple ? 3 : 1);
    while (j < end) {
        if (s[j] == '\\') {
            j += 2;
        } else if (s[j] == q && (!triple || (j + 2 < end && s[j + 1] == q && s[j + 2] == q))) {
            return j + (triple ? 3 : 1);
        } else {
            j++;
        }
    }
    fail_at_offset(p, i, 1, NULL, "f-string: unterminated string");
}

/*
 * Finds where the expression of the field opened at `open` ends: at a '}',
 * '!' (not '!='), ':' or self-documenting '=' outside brackets and strings.
 * Sets *eq to the offset of that '=' (0 if none).
 */
static size_t field_expression_end(Parser *p, size_t open, size_t end, size_t *eq)
{
    const char *s = p->root->src;
    char stack[FIELD_MAX_BRACKETS];
    int depth = 0;
    size_t i = open + 1;
    *eq = 0;
    for (;;) {
        if (i >= end)
            fail_at_offset(p, open, 1, NULL, "f-string: expecting '}'");
        char c = s[i];
        if (c == '\'' || c == '"') {
            i = skip_quoted(p, i, end);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            if (depth == FIELD_MAX_BRACKETS)
                fail_at_offset(p, i, 1, NULL, "f-string: expressions nested too deeply");
            stack[depth++] = c;
        } else if (c == ')' || c == ']' || c == '}') {
            if (depth == 0) {
                if (c == '}')
                    return i;
                parse_fail_at(p, lex_locate(p->root, i), 1, NULL, "f-string: unmatched '%c'", c);
            }
            char want = stack[depth - 1] == '(' ? ')' : stack[depth - 1] == '[' ? ']' : '}';
            if (c != want)
                parse_fail_at(p, lex_locate(p->root, i), 1, NULL,
                              "f-string: closing parenthesis '%c' does not match "
                              "opening parenthesis '%c'", c, stack[depth - 1]);
            depth--;
        } else if (c == '#') {
            fail_at_offset(p, i, 1, NULL, "f-string expression part cannot include '#'");
        } else if (c == '\\') {
            fail_at_offset(p, i, 1, "compute the value in a variable first",
                           "f-string expression part cannot include a backslash");
        } else if (depth == 0) {
            if (c == ':' || (c == '!' && !(i + 1 < end && s[i + 1] == '=')))
                return i;
            if (c == '=' && !(i + 1 < end && s[i + 1] == '=') &&
                !(i > open + 1 && strchr("=!<>", s[i - 1]))) {
                size_t j = i + 1;
                while (j < end && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
                    j++;
                if (j < end && (s[j] == '}' || s[j] == '!' || s[j] == ':')) {
                    *eq = i;
                    return j;
                }
            }
        }
        i++;
    }
}

static size_t scan_body(Parser *p, FStringBuilder *b, size_t i, size_t end, bool raw,
                        int spec_depth);

/* replacement_field, opened by the '{' at `open`; returns the offset just
   past its closing '}'. */
static size_t field(Parser *p, FStringBuilder *b, size_t open, size_t end, bool raw,
                    int spec_depth)
{
    const char *s = p->root->src;
    size_t eq;
    size_t stop = field_expression_end(p, open, end, &eq);
    size_t expr_end = eq ? eq : stop;
    size_t k = open + 1;
    while (k < expr_end && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'))
        k++;
    if (k == expr_end)
        fail_at_offset(p, open, stop - open + 1, NULL, "f-string: empty expression not allowed");

    Node *value = parse_field_expression(p, open + 1, expr_end);
    char conversion = 0;
    Node *spec = NULL;
    size_t i = stop;
    if (s[i] == '!') {
        i++;
        char c = i < end ? s[i] : '}';
        if (c == 'a')
            fail_at_offset(p, i, 1, "use '!r'", "f-string: conversion '!a' is not supported");
        if (c == '}' || c == ':')
            fail_at_offset(p, i, 1, NULL, "f-string: missing conversion character");
        if (c != 'r' && c != 's')
            parse_fail_at(p, lex_locate(p->root, i), 1, NULL,
                          "f-string: invalid conversion character '%c': expected 's' or 'r'", c);
        conversion = c;
        i++;
        if (i >= end || (s[i] != ':' && s[i] != '}'))
            fail_at_offset(p, i < end ? i : open, 1, NULL, "f-string: expecting '}'");
    }
    if (s[i] == ':') {
        if (spec_depth > 0)
            fail_at_offset(p, i, 1, NULL, "f-string: expressions nested too deeply");
        FStringBuilder *sb = parse_fstring_begin(p);
        SrcPos spec_start = lex_locate(p->root, i + 1);
        size_t close = scan_body(p, sb, i + 1, end, raw, spec_depth + 1);
        flush_text(p, sb);
        if (sb->parts.count > 0) {
            spec = parse_node(p, N_FSTRING, spec_start);
            spec->as.fstr.parts = parse_vec_list(&sb->parts);
            SrcPos saved = p->prev_end;
            p->prev_end = lex_locate(p->root, close);
            parse_span(p, spec, spec_start);
            p->prev_end = saved;
        }
        i = close;
    }
    if (i >= end || s[i] != '}')
        fail_at_offset(p, open, 1, NULL, "f-string: expecting '}'");
    i++;
    /* {x=} shows the text "x=" and then, unless told otherwise, repr(x). */
    if (eq) {
        add_text(p, b, open + 1, stop, false);
        if (!conversion && !spec)
            conversion = 'r';
    }
    flush_text(p, b);
    SrcPos start = lex_locate(p->root, open);
    Node *f = parse_node(p, N_FORMAT, start);
    f->as.format.value = value;
    f->as.format.conversion = conversion;
    f->as.format.spec = spec;
    SrcPos saved = p->prev_end;
    p->prev_end = lex_locate(p->root, i);
    parse_span(p, f, start);
    p->prev_end = saved;
    parse_vec_push(p, &b->parts, f);
    b->has_field = true;
    return i;
}

/*
 * Literal text and fields of src[i, end).  In a format spec (spec_depth > 0)
 * it stops at the '}' closing the field and returns that offset.
 */
static size_t scan_body(Parser *p, FStringBuilder *b, size_t i, size_t end, bool raw,
                        int spec_depth)
{
    const char *s = p->root->src;
    size_t lit = i; /* start of the literal run not yet added */
    while (i < end) {
        char c = s[i];
        if (c == '\\' && !raw && i + 1 < end && s[i + 1] != '{' && s[i + 1] != '}') {
            i += 2;
            continue;
        }
        if (c == '{') {
            if (spec_depth == 0 && i + 1 < end && s[i + 1] == '{') {
                add_text(p, b, lit, i + 1, !raw);
                i += 2;
                lit = i;
                continue;
            }
            add_text(p, b, lit, i, !raw);
            i = field(p, b, i, end, raw, spec_depth);
            lit = i;
            continue;
        }
        if (c == '}') {
            if (spec_depth > 0) {
                add_text(p, b, lit, i, !raw);
                return i;
            }
            if (i + 1 < end && s[i + 1] == '}') {
                add_text(p, b, lit, i + 1, !raw);
                i += 2;
                lit = i;
                continue;
            }
            fail_at_offset(p, i, 1, "write '}}' for a literal brace",
                           "f-string: single '}' is not allowed");
        }
        i++;
    }
    add_text(p, b, lit, end, !raw);
    return end;
}

void parse_fstring_token(Parser *p, FStringBuilder *b, const Token *t)
{
    scan_body(p, b, t->as.fstr.body, t->as.fstr.body_end, t->as.fstr.raw, 0);
}

Node *parse_fstring_end(Parser *p, FStringBuilder *b, SrcPos start)
{
    if (!b->has_field) {
        /* No field anywhere: the whole run is one plain string. */
        Node *n = parse_node(p, N_STR, start);
        n->as.str.chars = parse_strndup(p, b->text ? b->text : "", b->len);
        n->as.str.len = (int)b->len;
        parse_span(p, n, start);
        return n;
    }
    flush_text(p, b);
    Node *n = parse_node(p, N_FSTRING, start);
    n->as.fstr.parts = parse_vec_list(&b->parts);
    parse_span(p, n, start);
    return n;
}
