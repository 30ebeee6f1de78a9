/*
 * parse_internal.h - what the parser's files share: the parser state, token
 * handling, errors, node building and the entry points each file offers the
 * others.  parser.c holds the core, parse_expr.c the expressions,
 * parse_fstring.c the f-strings and parse_stmt.c the statements.
 *
 * Errors longjmp back to parse_module: everything the parser allocates is in
 * the arena, so unwinding leaves nothing behind.
 */
#ifndef NABLA_PARSE_INTERNAL_H
#define NABLA_PARSE_INTERNAL_H

#include <setjmp.h>

#include "ast.h"
#include "lexer.h"

/* Levels of nested expressions and blocks.  It bounds the depth of the tree
   too (a chain like a+b+c counts a level per operator), so every recursive
   walk over a tree, here or in the compiler, stays far from the C stack's
   end. */
enum { PARSE_MAX_DEPTH = 200 };

typedef struct Parser {
    Arena *arena;
    ParseError *err;
    Lexer *lx;          /* the token source: the file, or an f-string field */
    Lexer *root;        /* the file's lexer */
    Token tok;          /* the current token */
    Token ahead[2];     /* tokens already read past tok */
    int nahead;
    SrcPos prev_end;    /* end of the last token consumed */
    TokenKind prev_kind;
    int depth;
    /* Starred items of list/tuple displays in the current statement that no
       assignment target has claimed yet: any left over is an error. */
    Node **stars;
    int nstars, stars_cap;
    jmp_buf *on_error;
} Parser;

/* A growable list of nodes in the arena; becomes a NodeList. */
typedef struct NodeVec {
    Node **items;
    int count, cap;
} NodeVec;

/* ---- tokens (parser.c) */
void parse_first_token(Parser *p);  /* loads tok from a fresh p->lx */
void parse_advance(Parser *p);
const Token *parse_peek(Parser *p, int n); /* n = 1 or 2 tokens past tok */
bool parse_check(const Parser *p, TokenKind kind);
bool parse_accept(Parser *p, TokenKind kind);
/* Consumes `kind` or fails with "expected <what>" (printf-style). */
void parse_expect(Parser *p, TokenKind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* True when the current token can begin an expression. */
bool parse_starts_expression(const Parser *p);

/* ---- errors (parser.c); none of these return */
_Noreturn void parse_fail_at(Parser *p, SrcPos at, size_t len, const char *hint,
                             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* At the current token, or just past the previous one when the current is
   an end of line or of input (where "expected ':'" belongs). */
_Noreturn void parse_fail_expected(Parser *p, const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "invalid syntax: unexpected X" at the current token. */
_Noreturn void parse_fail_unexpected(Parser *p, const char *hint);
_Noreturn void parse_fail_node(Parser *p, const Node *n, const char *hint,
                               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
_Noreturn void parse_fail_memory(Parser *p);

/* ---- nesting (parser.c) */
void parse_enter(Parser *p);
static inline void parse_leave(Parser *p) { p->depth--; }

/* ---- nodes (parser.c) */
void *parse_alloc(Parser *p, size_t size);
const char *parse_strndup(Parser *p, const char *s, size_t n);
const char *parse_token_text(Parser *p, const Token *t); /* a name's spelling */
Node *parse_node(Parser *p, NodeKind kind, SrcPos start);
/* Sets the span from `start` to the end of the last token consumed. */
void parse_span(Parser *p, Node *n, SrcPos start);
/* Sets the span to the token's own (its first line). */
void parse_span_token(Parser *p, Node *n, const Token *t);
void parse_vec_push(Parser *p, NodeVec *v, Node *n);
NodeList parse_vec_list(const NodeVec *v);

/* ---- assignment targets and starred items (parser.c) */
typedef enum TargetUse { TARGET_ASSIGN, TARGET_FOR, TARGET_DEL } TargetUse;
void parse_check_target(Parser *p, Node *target, TargetUse use);
const char *parse_describe(const Node *n); /* "a function call", "a tuple" */
void parse_note_star(Parser *p, Node *starred);
/* Fails on a starred item no target claimed, then forgets them all. */
void parse_check_stars(Parser *p);
/* Starred items of a list or tuple display are values there ([*a, b]). */
void parse_allow_stars(Parser *p, const NodeList *items);

/* ---- parameters of def and lambda (parser.c) */
void parse_params(Parser *p, TokenKind closer, bool is_lambda, Param **params,
                  int *nparams);

/* ---- expressions (parse_expr.c) */
Node *parse_expression(Parser *p);          /* expression (lambda, ternary) */
Node *parse_disjunction(Parser *p);         /* or-test: no ternary */
Node *parse_star_expressions(Parser *p);    /* a, *b, c  -> N_TUPLE */
Node *parse_targets(Parser *p);             /* for, del and comprehension targets */

/* ---- f-strings (parse_fstring.c) */
/* Collects the parts of a run of adjacent string literals, plain or f,
   joining neighbouring literal text into one N_STR. */
typedef struct FStringBuilder FStringBuilder;
FStringBuilder *parse_fstring_begin(Parser *p);
void parse_fstring_text(Parser *p, FStringBuilder *b, const Token *t);  /* TK_STRING */
void parse_fstring_token(Parser *p, FStringBuilder *b, const Token *t); /* TK_FSTRING */
/* An N_FSTRING, or an N_STR when no field was found; spans start..last. */
Node *parse_fstring_end(Parser *p, FStringBuilder *b, SrcPos start);

/* ---- statements (parse_stmt.c) */
Node *parse_file(Parser *p);

#endif
