/*
 * lexer.h - turns UTF-8 source text into tokens, one at a time.
 *
 * The lexer is pulled by the parser (lex_next), so an error late in a file
 * is only reported if nothing before it was wrong: one typo, one error.
 * Indentation becomes INDENT/DEDENT tokens and the end of each logical line
 * a NEWLINE, except inside brackets, where lines join implicitly.
 *
 * Errors fill the ParseError given to lex_init and make every later call
 * return TK_ERROR.  Decoded string literals and other text live in the
 * arena, like the tree the parser builds from them.
 */
#ifndef NABLA_LEXER_H
#define NABLA_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

/* Brackets and indentation levels the lexer tracks; the parser's own nesting
   limit (200) is lower, so its message is the one a user sees. */
enum { LEX_MAX_NESTING = 256 };

/* Tokens without a fixed spelling: X(kind, description for messages). */
#define LEX_SPECIAL_TOKENS(X)           \
    X(TK_EOF, "end of input")           \
    X(TK_NEWLINE, "end of line")        \
    X(TK_INDENT, "indent")              \
    X(TK_DEDENT, "dedent")              \
    X(TK_NAME, "name")                  \
    X(TK_INT, "number")                 \
    X(TK_FLOAT, "number")               \
    X(TK_STRING, "string")              \
    X(TK_FSTRING, "f-string")           \
    X(TK_ERROR, "error")

/* Operators and delimiters: X(kind, spelling). */
#define LEX_OPERATORS(X)                                                     \
    X(TK_PLUS, "+") X(TK_MINUS, "-") X(TK_STAR, "*") X(TK_SLASH, "/")        \
    X(TK_DSLASH, "//") X(TK_PERCENT, "%") X(TK_DSTAR, "**") X(TK_AT, "@")    \
    X(TK_AMP, "&") X(TK_PIPE, "|") X(TK_CARET, "^") X(TK_TILDE, "~")         \
    X(TK_LSHIFT, "<<") X(TK_RSHIFT, ">>")                                    \
    X(TK_LT, "<") X(TK_GT, ">") X(TK_LE, "<=") X(TK_GE, ">=")                \
    X(TK_EQ, "==") X(TK_NE, "!=") X(TK_ASSIGN, "=")                          \
    X(TK_PLUS_EQ, "+=") X(TK_MINUS_EQ, "-=") X(TK_STAR_EQ, "*=")             \
    X(TK_SLASH_EQ, "/=") X(TK_DSLASH_EQ, "//=") X(TK_PERCENT_EQ, "%=")       \
    X(TK_DSTAR_EQ, "**=") X(TK_AT_EQ, "@=") X(TK_AMP_EQ, "&=")               \
    X(TK_PIPE_EQ, "|=") X(TK_CARET_EQ, "^=") X(TK_RSHIFT_EQ, ">>=")          \
    X(TK_LSHIFT_EQ, "<<=")                                                   \
    X(TK_LPAREN, "(") X(TK_RPAREN, ")") X(TK_LBRACKET, "[")                  \
    X(TK_RBRACKET, "]") X(TK_LBRACE, "{") X(TK_RBRACE, "}")                  \
    X(TK_COMMA, ",") X(TK_COLON, ":") X(TK_SEMICOLON, ";") X(TK_DOT, ".")    \
    X(TK_ELLIPSIS, "...") X(TK_ARROW, "->") X(TK_WALRUS, ":=")

/* Reserved words: X(kind, spelling). */
#define LEX_KEYWORDS(X)                                                      \
    X(TK_AND, "and") X(TK_OR, "or") X(TK_NOT, "not") X(TK_IN, "in")          \
    X(TK_IS, "is") X(TK_IF, "if") X(TK_ELIF, "elif") X(TK_ELSE, "else")      \
    X(TK_WHILE, "while") X(TK_FOR, "for") X(TK_BREAK, "break")               \
    X(TK_CONTINUE, "continue") X(TK_PASS, "pass") X(TK_DEF, "def")           \
    X(TK_RETURN, "return") X(TK_CLASS, "class") X(TK_IMPORT, "import")       \
    X(TK_FROM, "from") X(TK_AS, "as") X(TK_ASSERT, "assert")                 \
    X(TK_TRY, "try") X(TK_EXCEPT, "except") X(TK_FINALLY, "finally")         \
    X(TK_RAISE, "raise") X(TK_GLOBAL, "global") X(TK_NONLOCAL, "nonlocal")   \
    X(TK_LAMBDA, "lambda") X(TK_DEL, "del") X(TK_TRUE, "True")               \
    X(TK_FALSE, "False") X(TK_NONE, "None") X(TK_YIELD, "yield")             \
    X(TK_WITH, "with")

#define LEX_ENUM_(kind, text) kind,
typedef enum TokenKind {
    LEX_SPECIAL_TOKENS(LEX_ENUM_)
    LEX_OPERATORS(LEX_ENUM_)
    LEX_KEYWORDS(LEX_ENUM_)     /* keywords last: see lex_is_keyword */
    TOKEN_KIND_COUNT
} TokenKind;
#undef LEX_ENUM_

/* A place in the source: byte offset, 1-based line and byte column. */
typedef struct SrcPos {
    size_t off;
    int line, col;
} SrcPos;

typedef struct Token {
    TokenKind kind;
    SrcPos start, end;  /* end is just past the last byte */
    union {
        int64_t ival;                            /* TK_INT */
        double fval;                             /* TK_FLOAT */
        struct { const char *chars; int len; } str; /* TK_STRING, decoded */
        struct { size_t body, body_end; bool raw; } fstr; /* TK_FSTRING, raw */
    } as;
    /* TK_INT 9223372036854775808: only valid right after a unary minus. */
    bool int_is_min_magnitude;
} Token;

typedef struct Lexer {
    Arena *arena;
    ParseError *err;
    const char *src;
    size_t pos, end;        /* end stops at a NUL byte, which is an error */
    bool nul_at_end;        /* reaching `end` means a NUL byte, not EOF */
    bool fragment;          /* an f-string expression: no lines, no indents */
    bool failed;
    bool unclosed;          /* the error is a bracket left open at the end */
    bool at_line_start;     /* the next token begins a logical line */
    bool need_newline;      /* a token was produced since the last NEWLINE */
    bool continued;         /* a '\\' joined lines and no token followed */
    size_t continued_at;
    char indent_char;       /* ' ' or '\t' once a line was indented; 0 before */
    int pending_dedents;
    size_t dedent_at;
    int nindents;
    int indents[LEX_MAX_NESTING];
    int nbrackets;
    struct { char ch; size_t off; } brackets[LEX_MAX_NESTING];
    /* Offsets where each line begins (index 0 is line 1), computed up front
       so any offset maps back to line:col; shared with fragment lexers. */
    const size_t *line_starts;
    int nlines;
    int line_hint;          /* line index of the last position looked up */
} Lexer;

void lex_init(Lexer *lx, Arena *arena, const char *src, size_t len, ParseError *err);

/* A lexer over src[start, end), the expression of an f-string field, which
   lies inside `parent`'s source; positions stay those of the whole file. */
void lex_init_fragment(Lexer *lx, Lexer *parent, size_t start, size_t end);

/* The next token; TK_ERROR (with *err filled) once anything went wrong. */
Token lex_next(Lexer *lx);

/* Line and column of a byte offset the lexer has already passed. */
SrcPos lex_locate(const Lexer *lx, size_t off);

/*
 * Decodes the literal text src[start, end) of a string (escapes unless raw;
 * "\r\n" becomes "\n") into out, which has room for end - start bytes.
 * Returns the decoded length, or -1 with the error set.
 */
long lex_decode(Lexer *lx, size_t start, size_t end, bool raw, char *out);

/* "'+'", "name", "end of line", "'if'" ... for messages. */
const char *token_kind_name(TokenKind kind);

/* The spelling of an operator or keyword ("+", "if"); NULL for others. */
const char *token_kind_text(TokenKind kind);

bool lex_is_keyword(TokenKind kind);

/* Fills *err (message and position) from a printf format. */
void lex_set_error(const Lexer *lx, ParseError *err, size_t off, size_t len,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
