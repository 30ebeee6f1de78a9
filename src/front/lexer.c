/* lexer.c - see lexer.h. */
#include "lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- token names */

#define LEX_DESCRIBE_(kind, text) text,
#define LEX_QUOTE_(kind, text) "'" text "'",
#define LEX_SPELL_(kind, text) text,
#define LEX_NO_SPELLING_(kind, text) NULL,

static const char *const token_names[] = {
    LEX_SPECIAL_TOKENS(LEX_DESCRIBE_)
    LEX_OPERATORS(LEX_QUOTE_)
    LEX_KEYWORDS(LEX_QUOTE_)
};
static const char *const token_texts[] = {
    LEX_SPECIAL_TOKENS(LEX_NO_SPELLING_)
    LEX_OPERATORS(LEX_SPELL_)
    LEX_KEYWORDS(LEX_SPELL_)
};
_Static_assert(sizeof token_names / sizeof *token_names == TOKEN_KIND_COUNT,
               "token_names must match TokenKind");
_Static_assert(sizeof token_texts / sizeof *token_texts == TOKEN_KIND_COUNT,
               "token_texts must match TokenKind");

const char *token_kind_name(TokenKind kind)
{
    return kind >= 0 && kind < TOKEN_KIND_COUNT ? token_names[kind] : "?";
}

const char *token_kind_text(TokenKind kind)
{
    return kind >= 0 && kind < TOKEN_KIND_COUNT ? token_texts[kind] : NULL;
}

bool lex_is_keyword(TokenKind kind)
{
    return kind >= TK_AND && kind < TOKEN_KIND_COUNT;
}

/* ---- positions */

static bool is_newline_char(char c)
{
    return c == '\n' || c == '\r';
}

/* Bytes taken by the line break at s[p] ("\r\n" is one break). */
static size_t newline_len(const char *s, size_t p, size_t end)
{
    return s[p] == '\r' && p + 1 < end && s[p + 1] == '\n' ? 2 : 1;
}

static int find_line(const size_t *starts, int n, size_t off)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) { /* largest i with starts[i] <= off */
        int mid = lo + (hi - lo + 1) / 2;
        if (starts[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

SrcPos lex_locate(const Lexer *lx, size_t off)
{
    SrcPos p = {off, 1, (int)off + 1};
    if (lx->nlines > 0) {
        int i = find_line(lx->line_starts, lx->nlines, off);
        p.line = i + 1;
        p.col = (int)(off - lx->line_starts[i]) + 1;
    }
    return p;
}

/* lex_locate for offsets that mostly move forward: amortised O(1). */
static SrcPos locate_forward(Lexer *lx, size_t off)
{
    int i = lx->line_hint;
    if (lx->nlines == 0)
        return lex_locate(lx, off);
    if (lx->line_starts[i] > off)
        i = find_line(lx->line_starts, lx->nlines, off);
    while (i + 1 < lx->nlines && lx->line_starts[i + 1] <= off)
        i++;
    lx->line_hint = i;
    SrcPos p = {off, i + 1, (int)(off - lx->line_starts[i]) + 1};
    return p;
}

/* ---- errors */

static void set_error_v(const Lexer *lx, ParseError *err, size_t off, size_t len,
                        const char *fmt, va_list ap)
{
    memset(err, 0, sizeof *err);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    SrcPos p = lex_locate(lx, off);
    err->line = p.line;
    err->col = p.col;
    /* Underline at most to the end of the first line, and at least one byte. */
    size_t n = 0;
    while (n < len && off + n < lx->end && !is_newline_char(lx->src[off + n]))
        n++;
    err->len = n > 0 ? (int)n : 1;
}

void lex_set_error(const Lexer *lx, ParseError *err, size_t off, size_t len,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error_v(lx, err, off, len, fmt, ap);
    va_end(ap);
}

static Token error_token(Lexer *lx)
{
    Token t;
    memset(&t, 0, sizeof t);
    t.kind = TK_ERROR;
    t.start = t.end = lex_locate(lx, lx->pos < lx->end ? lx->pos : lx->end);
    return t;
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static Token fail(Lexer *lx, size_t off, size_t len, bool incomplete, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error_v(lx, lx->err, off, len, fmt, ap);
    va_end(ap);
    /* An f-string's expression is already complete text: never ask for more. */
    lx->err->incomplete = incomplete && !lx->fragment;
    lx->failed = true;
    return error_token(lx);
}

static Token fail_nul(Lexer *lx)
{
    return fail(lx, lx->end, 1, false, "source code cannot contain null bytes");
}

/* ---- setup */

/* Line starts are found in one pass before lexing, so that every error and
   node position, even one inside a long string, maps back to line:col. */
static bool index_lines(Lexer *lx)
{
    const char *s = lx->src;
    size_t n = 1;
    for (size_t i = 0; i < lx->end; i++)
        if (is_newline_char(s[i]))
            n++;
    size_t *starts = arena_alloc(lx->arena, n * sizeof *starts);
    if (!starts)
        return false;
    int count = 0;
    starts[count++] = 0;
    for (size_t i = 0; i < lx->end; i++) {
        if (is_newline_char(s[i])) {
            i += newline_len(s, i, lx->end) - 1;
            starts[count++] = i + 1;
        }
    }
    lx->line_starts = starts;
    lx->nlines = count;
    return true;
}

void lex_init(Lexer *lx, Arena *arena, const char *src, size_t len, ParseError *err)
{
    memset(lx, 0, sizeof *lx);
    lx->arena = arena;
    lx->err = err;
    lx->src = src;
    lx->end = len;
    lx->at_line_start = true;
    lx->nindents = 1; /* indents[0] == 0: the module's own level */
    const char *nul = len ? memchr(src, '\0', len) : NULL;
    if (nul) {
        lx->end = (size_t)(nul - src);
        lx->nul_at_end = true;
    }
    if (!index_lines(lx)) {
        memset(err, 0, sizeof *err);
        snprintf(err->message, sizeof err->message, "out of memory");
        err->line = err->col = err->len = 1;
        lx->failed = true;
        return;
    }
    if (lx->end >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        lx->pos = 3; /* a UTF-8 byte order mark is not part of the program */
}

void lex_init_fragment(Lexer *lx, Lexer *parent, size_t start, size_t end)
{
    memset(lx, 0, sizeof *lx);
    lx->arena = parent->arena;
    lx->err = parent->err;
    lx->src = parent->src;
    lx->pos = start;
    lx->end = end;
    lx->fragment = true;
    lx->nindents = 1;
    lx->line_starts = parent->line_starts;
    lx->nlines = parent->nlines;
    lx->line_hint = find_line(lx->line_starts, lx->nlines, start);
}

/* ---- characters */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_ascii_id_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes one UTF-8 sequence; returns its length, or 0 when malformed
   (truncated, overlong, a surrogate or past U+10FFFF). */
static int utf8_decode(const char *str, size_t avail, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    int n;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)n > avail)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

static int utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Invisible characters that sneak in by copy-paste (no-break and zero-width
   spaces, direction marks, a BOM in the middle of a file). */
static bool is_nonprintable(uint32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0xA0) ||
           (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
           (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF ||
           (c >= 0xFFF0 && c <= 0xFFFF);
}

/* Non-ASCII letters may appear in names.  Without the Unicode tables this is
   an approximation of XID: it rejects the symbol and punctuation blocks
   (arrows, math operators such as the nabla sign, box drawing, emoji),
   which are the non-letters a learner is likely to type. */
static bool is_id_codepoint(uint32_t c)
{
    if (c < 0x80 || is_nonprintable(c))
        return false;
    if (c <= 0xBF)
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7)
        return false;
    if (c >= 0x2010 && c <= 0x2BFF)
        return (c >= 0x2070 && c <= 0x209F) || (c >= 0x2100 && c <= 0x214F);
    if ((c >= 0x3001 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE0F) ||
        (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0xE000 && c <= 0xF8FF))
        return false;
    if ((c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
        (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65))
        return false;
    if (c >= 0x1F000 && c <= 0x1FAFF)
        return false;
    return true;
}

static Token fail_bad_char(Lexer *lx, size_t off)
{
    uint32_t cp;
    int n = utf8_decode(lx->src + off, lx->end - off, &cp);
    if (n == 0)
        return fail(lx, off, 1, false, "invalid UTF-8 byte 0x%02X in source",
                    (unsigned char)lx->src[off]);
    if (is_nonprintable(cp))
        return fail(lx, off, (size_t)n, false, "invalid non-printable character U+%04X",
                    (unsigned)cp);
    return fail(lx, off, (size_t)n, false, "invalid character '%.*s' (U+%04X)", n,
                lx->src + off, (unsigned)cp);
}

/* ---- tokens */

static Token make(Lexer *lx, TokenKind kind, size_t start, size_t end)
{
    Token t;
    memset(&t, 0, sizeof t);
    t.kind = kind;
    t.start = locate_forward(lx, start);
    t.end = locate_forward(lx, end);
    if (kind != TK_NEWLINE && kind != TK_INDENT && kind != TK_DEDENT && kind != TK_EOF) {
        lx->need_newline = true;
        lx->continued = false;
    }
    return t;
}

/* Skips a comment up to (not over) the line break, checking it is UTF-8. */
static bool skip_comment(Lexer *lx, size_t *p)
{
    const char *s = lx->src;
    while (*p < lx->end && !is_newline_char(s[*p])) {
        if ((unsigned char)s[*p] >= 0x80) {
            uint32_t cp;
            int n = utf8_decode(s + *p, lx->end - *p, &cp);
            if (n == 0) {
                fail(lx, *p, 1, false, "invalid UTF-8 byte 0x%02X in source",
                     (unsigned char)s[*p]);
                return false;
            }
            *p += (size_t)n;
        } else {
            (*p)++;
        }
    }
    return true;
}

/*
 * At the start of a logical line outside brackets: skips blank and
 * comment-only lines, then compares the indentation with the stack.
 * Returns true with *out set when that gives a token (INDENT, DEDENT or an
 * error); false when the line continues at the current level or input ended.
 */
static bool indentation(Lexer *lx, Token *out)
{
    const char *s = lx->src;
    for (;;) {
        size_t line = lx->pos, p = lx->pos;
        int width = 0;
        bool spaces = false, tabs = false;
        for (; p < lx->end; p++) {
            if (s[p] == ' ') { spaces = true; width++; }
            else if (s[p] == '\t') { tabs = true; width++; }
            else if (s[p] == '\f') { width = 0; spaces = tabs = false; }
            else break;
        }
        if (p < lx->end && s[p] == '#') {
            if (!skip_comment(lx, &p)) {
                *out = error_token(lx);
                return true;
            }
        }
        if (p >= lx->end) {
            lx->pos = p;
            lx->at_line_start = false;
            return false;
        }
        if (is_newline_char(s[p])) { /* a blank line says nothing of blocks */
            lx->pos = p + newline_len(s, p, lx->end);
            continue;
        }
        lx->pos = p;
        lx->at_line_start = false;
        /* The rule is per file: once indentation used one of tabs and spaces,
           the other may not appear in it, so no tab width is ever assumed. */
        if ((spaces && tabs) || (lx->indent_char == ' ' && tabs) ||
            (lx->indent_char == '\t' && spaces)) {
            *out = fail(lx, line, p - line, false,
                        "inconsistent use of tabs and spaces in indentation");
            return true;
        }
        if (width > 0 && !lx->indent_char)
            lx->indent_char = tabs ? '\t' : ' ';
        int top = lx->indents[lx->nindents - 1];
        if (width > top) {
            if (lx->nindents == LEX_MAX_NESTING) {
                *out = fail(lx, p, 1, false, "too many levels of indentation");
                return true;
            }
            lx->indents[lx->nindents++] = width;
            *out = make(lx, TK_INDENT, p, p);
            return true;
        }
        if (width < top) {
            int dedents = 0;
            while (lx->nindents > 1 && lx->indents[lx->nindents - 1] > width) {
                lx->nindents--;
                dedents++;
            }
            if (lx->indents[lx->nindents - 1] != width) {
                *out = fail(lx, p, 1, false,
                            "unindent does not match any outer indentation level");
                return true;
            }
            lx->pending_dedents = dedents - 1;
            lx->dedent_at = p;
            *out = make(lx, TK_DEDENT, p, p);
            return true;
        }
        return false;
    }
}

static Token end_of_input(Lexer *lx)
{
    size_t end = lx->end;
    if (lx->nul_at_end)
        return fail_nul(lx);
    if (lx->continued)
        return fail(lx, lx->continued_at, 1, true,
                    "unexpected end of input after line continuation character");
    if (lx->nbrackets > 0) {
        char ch = lx->brackets[lx->nbrackets - 1].ch;
        lx->unclosed = true;
        return fail(lx, lx->brackets[lx->nbrackets - 1].off, 1, true,
                    "'%c' was never closed", ch);
    }
    if (lx->fragment)
        return make(lx, TK_EOF, end, end);
    if (lx->need_newline) {
        lx->need_newline = false;
        return make(lx, TK_NEWLINE, end, end);
    }
    if (lx->nindents > 1) {
        lx->pending_dedents = lx->nindents - 2;
        lx->nindents = 1;
        lx->dedent_at = end;
        return make(lx, TK_DEDENT, end, end);
    }
    return make(lx, TK_EOF, end, end);
}

/* decinteger digits: digit (['_'] digit)*; false when an '_' is misplaced. */
static bool scan_digits(const char *s, size_t *p, size_t end)
{
    while (*p < end) {
        if (is_digit(s[*p]))
            (*p)++;
        else if (s[*p] == '_' && *p + 1 < end && is_digit(s[*p + 1]))
            (*p)++;
        else if (s[*p] == '_')
            return false;
        else
            break;
    }
    return true;
}

/* Does a name character follow at p (which would glue onto a number)? */
static bool is_id_continue_at(const Lexer *lx, size_t p)
{
    if (p >= lx->end)
        return false;
    char c = lx->src[p];
    uint32_t cp;
    if ((unsigned char)c >= 0x80)
        return utf8_decode(lx->src + p, lx->end - p, &cp) > 0 && is_id_codepoint(cp);
    return is_ascii_id_start(c) || is_digit(c);
}

#define INT64_MAX_MAGNITUDE ((uint64_t)INT64_MAX + 1)

/* 0x ff, 0o 17, 0b 101, each digit optionally preceded by '_'. */
static Token scan_prefixed_int(Lexer *lx, size_t start)
{
    const char *s = lx->src;
    char kind = (char)(s[start + 1] | 0x20);
    int base = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
    const char *what = kind == 'x' ? "hexadecimal" : kind == 'o' ? "octal" : "binary";
    size_t p = start + 2;
    uint64_t v = 0;
    bool overflow = false;
    int ndigits = 0;
    for (;;) {
        size_t q = p;
        if (q < lx->end && s[q] == '_')
            q++;
        int d = q < lx->end ? hex_value(s[q]) : -1;
        if (d < 0 || d >= base) {
            if (q != p)
                return fail(lx, start, q - start, false, "invalid %s literal", what);
            break;
        }
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            overflow = true;
        else
            v = v * (uint64_t)base + (uint64_t)d;
        ndigits++;
        p = q + 1;
    }
    if (p < lx->end && hex_value(s[p]) >= 0 && is_digit(s[p]))
        return fail(lx, p, 1, false, "invalid digit '%c' in %s literal", s[p], what);
    if (ndigits == 0 || is_id_continue_at(lx, p))
        return fail(lx, start, p + 1 - start, false, "invalid %s literal", what);
    if (overflow || v > INT64_MAX_MAGNITUDE)
        return fail(lx, start, p - start, false, "integer literal too large for a 64-bit int");
    Token t = make(lx, TK_INT, start, p);
    t.as.ival = (int64_t)(v & (uint64_t)INT64_MAX);
    t.int_is_min_magnitude = v == INT64_MAX_MAGNITUDE;
    lx->pos = p;
    return t;
}

/*
 * NUMBER: decinteger | pointfloat | exponentfloat (and the prefixed ints)
 *   pointfloat:    [digits] '.' digits | digits '.'
 *   exponentfloat: (digits | pointfloat) ('e'|'E') ['+'|'-'] digits
 */
static Token scan_number(Lexer *lx, size_t start)
{
    const char *s = lx->src;
    size_t p = start, end = lx->end;
    if (s[p] == '0' && p + 1 < end && strchr("xXoObB", s[p + 1]) && s[p + 1] != '\0')
        return scan_prefixed_int(lx, start);
    bool is_float = false;
    if (!scan_digits(s, &p, end))
        return fail(lx, start, p + 1 - start, false, "invalid decimal literal");
    size_t int_end = p;
    if (p < end && s[p] == '.') {
        is_float = true;
        p++;
        if (p < end && s[p] == '_')
            return fail(lx, start, p + 1 - start, false, "invalid decimal literal");
        if (!scan_digits(s, &p, end))
            return fail(lx, start, p + 1 - start, false, "invalid decimal literal");
    }
    if (p < end && (s[p] == 'e' || s[p] == 'E')) {
        size_t q = p + 1;
        if (q < end && (s[q] == '+' || s[q] == '-'))
            q++;
        if (q >= end || !is_digit(s[q]))
            return fail(lx, start, q - start, false, "invalid decimal literal");
        p = q;
        if (!scan_digits(s, &p, end))
            return fail(lx, start, p + 1 - start, false, "invalid decimal literal");
        is_float = true;
    }
    if (p < end && (s[p] == 'j' || s[p] == 'J'))
        return fail(lx, start, p + 1 - start, false, "complex numbers are not supported");
    if (is_id_continue_at(lx, p))
        return fail(lx, start, p + 1 - start, false, "invalid decimal literal");

    if (!is_float) {
        uint64_t v = 0;
        bool overflow = false, nonzero = false;
        for (size_t i = start; i < int_end; i++) {
            if (s[i] == '_')
                continue;
            uint64_t d = (uint64_t)(s[i] - '0');
            nonzero |= d != 0;
            if (v > (UINT64_MAX - d) / 10)
                overflow = true;
            else
                v = v * 10 + d;
        }
        if (s[start] == '0' && nonzero)
            return fail(lx, start, p - start, false,
                        "leading zeros in decimal integer literals are not permitted; "
                        "use an 0o prefix for octal integers");
        if (overflow || v > INT64_MAX_MAGNITUDE)
            return fail(lx, start, p - start, false,
                        "integer literal too large for a 64-bit int");
        Token t = make(lx, TK_INT, start, p);
        t.as.ival = (int64_t)(v & (uint64_t)INT64_MAX);
        t.int_is_min_magnitude = v == INT64_MAX_MAGNITUDE;
        lx->pos = p;
        return t;
    }

    /* strtod wants the digits without separators. */
    char small[64];
    char *buf = small;
    if (p - start + 1 > sizeof small) {
        buf = arena_alloc(lx->arena, p - start + 1);
        if (!buf)
            return fail(lx, start, 1, false, "out of memory");
    }
    size_t n = 0;
    for (size_t i = start; i < p; i++)
        if (s[i] != '_')
            buf[n++] = s[i];
    buf[n] = '\0';
    Token t = make(lx, TK_FLOAT, start, p);
    t.as.fval = strtod(buf, NULL); /* overflow gives inf, as in Python */
    lx->pos = p;
    return t;
}

long lex_decode(Lexer *lx, size_t start, size_t end, bool raw, char *out)
{
    const char *s = lx->src;
    char *o = out;
    size_t i = start;
    while (i < end) {
        char c = s[i];
        if (c == '\r') { /* universal newlines, as when Python reads a file */
            *o++ = '\n';
            i += newline_len(s, i, end);
            continue;
        }
        if (c != '\\' || raw || i + 1 >= end) {
            *o++ = c;
            i++;
            continue;
        }
        char e = s[i + 1];
        int ndigits = 0;
        uint32_t cp;
        switch (e) {
        case '\n': i += 2; continue;
        case '\r': i += 1 + newline_len(s, i + 1, end); continue;
        case '\\': case '\'': case '"': *o++ = e; i += 2; continue;
        case 'a': *o++ = '\a'; i += 2; continue;
        case 'b': *o++ = '\b'; i += 2; continue;
        case 'f': *o++ = '\f'; i += 2; continue;
        case 'n': *o++ = '\n'; i += 2; continue;
        case 'r': *o++ = '\r'; i += 2; continue;
        case 't': *o++ = '\t'; i += 2; continue;
        case 'v': *o++ = '\v'; i += 2; continue;
        case 'x': ndigits = 2; break;
        case 'u': ndigits = 4; break;
        case 'U': ndigits = 8; break;
        case 'N':
            fail(lx, i, 2, false, "\\N{...} escapes are not supported");
            snprintf(lx->err->hint, sizeof lx->err->hint,
                     "write the character itself, or its code point as \\uXXXX");
            return -1;
        default:
            if (e >= '0' && e <= '7') { /* \ooo: one to three octal digits */
                size_t j = i + 1;
                cp = 0;
                while (j < end && j < i + 4 && s[j] >= '0' && s[j] <= '7')
                    cp = cp * 8 + (uint32_t)(s[j++] - '0');
                o += utf8_encode(cp, o);
                i = j;
                continue;
            }
            /* An unknown escape is kept as written, as Python does. */
            *o++ = '\\';
            i++;
            continue;
        }
        cp = 0;
        for (int k = 0; k < ndigits; k++) {
            int d = i + 2 + (size_t)k < end ? hex_value(s[i + 2 + k]) : -1;
            if (d < 0) {
                fail(lx, i, 2 + (size_t)k, false, "truncated \\%c escape: expected %d hex digits",
                     e, ndigits);
                return -1;
            }
            cp = cp * 16 + (uint32_t)d;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            fail(lx, i, 2 + (size_t)ndigits, false,
                 "\\%c%.*s is a surrogate code point, which UTF-8 cannot encode", e, ndigits,
                 s + i + 2);
            return -1;
        }
        if (cp > 0x10FFFF) {
            fail(lx, i, 2 + (size_t)ndigits, false,
                 "\\%c%.*s is past the last Unicode code point U+10FFFF", e, ndigits, s + i + 2);
            return -1;
        }
        o += utf8_encode(cp, o);
        i += 2 + (size_t)ndigits;
    }
    return (long)(o - out);
}

/*
 * STRING: [prefix] ("'" | '"' | "'''" | '"""') ... matching quote
 * The prefix (r, f, rf, fr, u in any case) was read as a name; `start` is its
 * first byte and `quote` the opening quote.
 */
static Token scan_string(Lexer *lx, size_t start, size_t quote, bool raw, bool fstring)
{
    const char *s = lx->src;
    size_t end = lx->end;
    char q = s[quote];
    bool triple = quote + 2 < end && s[quote + 1] == q && s[quote + 2] == q;
    size_t body = quote + (triple ? 3 : 1), p = body, body_end;
    bool escaped_newline = false;
    for (;;) {
        if (p >= end) {
            if (lx->nul_at_end)
                return fail_nul(lx);
            if (triple)
                return fail(lx, start, body - start, true,
                            "unterminated triple-quoted string literal");
            return fail(lx, start, body - start, escaped_newline,
                        "unterminated string literal");
        }
        char c = s[p];
        if (c == '\\') {
            escaped_newline = p + 1 < end && is_newline_char(s[p + 1]);
            if (p + 1 >= end)
                p++;
            else if (escaped_newline)
                p += 1 + newline_len(s, p + 1, end);
            else
                p += 2;
            continue;
        }
        escaped_newline = false;
        if (is_newline_char(c)) {
            if (!triple)
                return fail(lx, start, body - start, false, "unterminated string literal");
            p++;
            continue;
        }
        if (c == q) {
            if (!triple) {
                body_end = p++;
                break;
            }
            if (p + 2 < end && s[p + 1] == q && s[p + 2] == q) {
                body_end = p;
                p += 3;
                break;
            }
            p++;
            continue;
        }
        if ((unsigned char)c >= 0x80) {
            uint32_t cp;
            int n = utf8_decode(s + p, end - p, &cp);
            if (n == 0)
                return fail(lx, p, 1, false, "invalid UTF-8 byte 0x%02X in string literal",
                            (unsigned char)c);
            p += (size_t)n;
            continue;
        }
        p++;
    }
    lx->pos = p;
    if (fstring) {
        Token t = make(lx, TK_FSTRING, start, p);
        t.as.fstr.body = body;
        t.as.fstr.body_end = body_end;
        t.as.fstr.raw = raw;
        return t;
    }
    char *buf = arena_alloc(lx->arena, body_end - body + 1);
    if (!buf)
        return fail(lx, start, 1, false, "out of memory");
    long n = lex_decode(lx, body, body_end, raw, buf);
    if (n < 0)
        return error_token(lx);
    buf[n] = '\0';
    Token t = make(lx, TK_STRING, start, p);
    t.as.str.chars = buf;
    t.as.str.len = (int)n;
    return t;
}

/* Reads the string prefix letters of a name just scanned; false if they are
   not a prefix (then it is a name). */
static bool string_prefix(const char *s, size_t len, bool *raw, bool *fstring, bool *bytes)
{
    bool r = false, f = false, b = false, u = false;
    if (len > 2)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = (char)(s[i] | 0x20);
        if (c == 'r' && !r) r = true;
        else if (c == 'f' && !f) f = true;
        else if (c == 'b' && !b) b = true;
        else if (c == 'u' && !u) u = true;
        else return false;
    }
    if (u && len > 1)
        return false;
    if (f && b)
        return false;
    *raw = r;
    *fstring = f;
    *bytes = b;
    return true;
}

static TokenKind keyword_kind(const char *s, size_t len)
{
    static const struct { const char *text; size_t len; TokenKind kind; } keywords[] = {
#define LEX_KW_ENTRY_(kind, text) {text, sizeof text - 1, kind},
        LEX_KEYWORDS(LEX_KW_ENTRY_)
#undef LEX_KW_ENTRY_
    };
    if (len < 2 || len > 8)
        return TK_NAME;
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++) {
        const char *k = keywords[i].text;
        if (k[0] == s[0] && keywords[i].len == len && memcmp(k, s, len) == 0)
            return keywords[i].kind;
    }
    return TK_NAME;
}

static Token scan_name(Lexer *lx, size_t start)
{
    const char *s = lx->src;
    size_t p = start;
    while (p < lx->end) {
        char c = s[p];
        if (is_ascii_id_start(c) || is_digit(c)) {
            p++;
        } else if ((unsigned char)c >= 0x80) {
            uint32_t cp;
            int n = utf8_decode(s + p, lx->end - p, &cp);
            if (n == 0)
                return fail_bad_char(lx, p);
            if (!is_id_codepoint(cp))
                break;
            p += (size_t)n;
        } else {
            break;
        }
    }
    bool raw, fstring, bytes;
    if (p < lx->end && (s[p] == '\'' || s[p] == '"') &&
        string_prefix(s + start, p - start, &raw, &fstring, &bytes)) {
        if (bytes)
            return fail(lx, start, p - start + 1, false, "byte strings are not supported");
        return scan_string(lx, start, p, raw, fstring);
    }
    lx->pos = p;
    return make(lx, keyword_kind(s + start, p - start), start, p);
}

static Token open_bracket(Lexer *lx, size_t p, TokenKind kind)
{
    if (lx->nbrackets == LEX_MAX_NESTING)
        return fail(lx, p, 1, false, "too many nested parentheses");
    lx->brackets[lx->nbrackets].ch = lx->src[p];
    lx->brackets[lx->nbrackets].off = p;
    lx->nbrackets++;
    lx->pos = p + 1;
    return make(lx, kind, p, p + 1);
}

static Token close_bracket(Lexer *lx, size_t p, TokenKind kind)
{
    char c = lx->src[p];
    if (lx->nbrackets == 0)
        return fail(lx, p, 1, false, "unmatched '%c'", c);
    char open = lx->brackets[lx->nbrackets - 1].ch;
    char want = open == '(' ? ')' : open == '[' ? ']' : '}';
    if (c != want) {
        SrcPos o = lex_locate(lx, lx->brackets[lx->nbrackets - 1].off);
        SrcPos here = lex_locate(lx, p);
        if (o.line != here.line)
            return fail(lx, p, 1, false,
                        "closing parenthesis '%c' does not match opening parenthesis '%c' "
                        "on line %d", c, open, o.line);
        return fail(lx, p, 1, false,
                    "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
    }
    lx->nbrackets--;
    lx->pos = p + 1;
    return make(lx, kind, p, p + 1);
}

/* An operator of one character, or of two when followed by '=' (x=). */
static Token op_eq(Lexer *lx, size_t p, TokenKind plain, TokenKind with_eq)
{
    size_t n = p + 1 < lx->end && lx->src[p + 1] == '=' ? 2 : 1;
    lx->pos = p + n;
    return make(lx, n == 2 ? with_eq : plain, p, p + n);
}

/* '**', '//', '<<', '>>' and their '=' forms; `single` when not doubled. */
static Token op_double(Lexer *lx, size_t p, TokenKind single, TokenKind single_eq,
                       TokenKind twice, TokenKind twice_eq)
{
    const char *s = lx->src;
    if (p + 1 < lx->end && s[p + 1] == s[p]) {
        size_t n = p + 2 < lx->end && s[p + 2] == '=' ? 3 : 2;
        lx->pos = p + n;
        return make(lx, n == 3 ? twice_eq : twice, p, p + n);
    }
    return op_eq(lx, p, single, single_eq);
}

static Token scan_operator(Lexer *lx, size_t p)
{
    const char *s = lx->src;
    char next = p + 1 < lx->end ? s[p + 1] : '\0';
    switch (s[p]) {
    case '(': return open_bracket(lx, p, TK_LPAREN);
    case '[': return open_bracket(lx, p, TK_LBRACKET);
    case '{': return open_bracket(lx, p, TK_LBRACE);
    case ')': return close_bracket(lx, p, TK_RPAREN);
    case ']': return close_bracket(lx, p, TK_RBRACKET);
    case '}': return close_bracket(lx, p, TK_RBRACE);
    case '+': return op_eq(lx, p, TK_PLUS, TK_PLUS_EQ);
    case '-':
        if (next == '>') {
            lx->pos = p + 2;
            return make(lx, TK_ARROW, p, p + 2);
        }
        return op_eq(lx, p, TK_MINUS, TK_MINUS_EQ);
    case '*': return op_double(lx, p, TK_STAR, TK_STAR_EQ, TK_DSTAR, TK_DSTAR_EQ);
    case '/': return op_double(lx, p, TK_SLASH, TK_SLASH_EQ, TK_DSLASH, TK_DSLASH_EQ);
    case '<': return op_double(lx, p, TK_LT, TK_LE, TK_LSHIFT, TK_LSHIFT_EQ);
    case '>': return op_double(lx, p, TK_GT, TK_GE, TK_RSHIFT, TK_RSHIFT_EQ);
    case '%': return op_eq(lx, p, TK_PERCENT, TK_PERCENT_EQ);
    case '@': return op_eq(lx, p, TK_AT, TK_AT_EQ);
    case '&': return op_eq(lx, p, TK_AMP, TK_AMP_EQ);
    case '|': return op_eq(lx, p, TK_PIPE, TK_PIPE_EQ);
    case '^': return op_eq(lx, p, TK_CARET, TK_CARET_EQ);
    case '=': return op_eq(lx, p, TK_ASSIGN, TK_EQ);
    case ':': return op_eq(lx, p, TK_COLON, TK_WALRUS);
    case '~': lx->pos = p + 1; return make(lx, TK_TILDE, p, p + 1);
    case ',': lx->pos = p + 1; return make(lx, TK_COMMA, p, p + 1);
    case ';': lx->pos = p + 1; return make(lx, TK_SEMICOLON, p, p + 1);
    case '!':
        if (next == '=') {
            lx->pos = p + 2;
            return make(lx, TK_NE, p, p + 2);
        }
        break;
    case '.':
        if (next == '.' && p + 2 < lx->end && s[p + 2] == '.') {
            lx->pos = p + 3;
            return make(lx, TK_ELLIPSIS, p, p + 3);
        }
        lx->pos = p + 1;
        return make(lx, TK_DOT, p, p + 1);
    default:
        break;
    }
    return fail_bad_char(lx, p);
}

Token lex_next(Lexer *lx)
{
    const char *s = lx->src;
    if (lx->failed)
        return error_token(lx);
    if (lx->pending_dedents > 0) {
        lx->pending_dedents--;
        return make(lx, TK_DEDENT, lx->dedent_at, lx->dedent_at);
    }
    for (;;) {
        if (lx->at_line_start && !lx->fragment) {
            Token t;
            if (indentation(lx, &t))
                return t;
        }
        size_t p = lx->pos;
        while (p < lx->end && (s[p] == ' ' || s[p] == '\t' || s[p] == '\f'))
            p++;
        if (p < lx->end && s[p] == '#' && !skip_comment(lx, &p))
            return error_token(lx);
        lx->pos = p;
        if (p >= lx->end)
            return end_of_input(lx);
        char c = s[p];
        if (c == '\\') {
            if (p + 1 < lx->end && is_newline_char(s[p + 1])) {
                lx->pos = p + 1 + newline_len(s, p + 1, lx->end);
                lx->continued = true; /* an error if input ends right here */
                lx->continued_at = p;
                continue;
            }
            if (p + 1 >= lx->end)
                return lx->nul_at_end
                           ? fail_nul(lx)
                           : fail(lx, p, 1, true,
                                  "unexpected end of input after line continuation character");
            return fail(lx, p + 1 < lx->end ? p + 1 : p, 1, false,
                        "unexpected character after line continuation character");
        }
        if (is_newline_char(c)) {
            lx->pos = p + newline_len(s, p, lx->end);
            lx->continued = false;
            if (lx->nbrackets > 0 || lx->fragment)
                continue; /* implicit line joining */
            if (!lx->need_newline) { /* only a continuation was on this line */
                lx->at_line_start = true;
                continue;
            }
            lx->need_newline = false;
            lx->at_line_start = true;
            return make(lx, TK_NEWLINE, p, lx->pos);
        }
        if (is_digit(c) || (c == '.' && p + 1 < lx->end && is_digit(s[p + 1])))
            return scan_number(lx, p);
        if (c == '\'' || c == '"')
            return scan_string(lx, p, p, false, false);
        if (is_ascii_id_start(c))
            return scan_name(lx, p);
        if ((unsigned char)c >= 0x80) {
            uint32_t cp;
            if (utf8_decode(s + p, lx->end - p, &cp) > 0 && is_id_codepoint(cp))
                return scan_name(lx, p);
            return fail_bad_char(lx, p);
        }
        return scan_operator(lx, p);
    }
}
