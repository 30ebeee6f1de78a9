/*
 * test_lexer.c - the lexer on its own: tokens, numbers, strings and their
 * escapes, indentation, positions, and every error it reports.
 *
 * Each case lexes a source to the end and compares a one-line rendering of
 * the tokens with the expected text:
 *   names bare, keywords and operators as spelled, i:<int>, f:<float>,
 *   s:"<decoded>", fs:"<raw body>", NL, IN, DE, EOF,
 *   and on an error "ERR line:col+len message" (with "[incomplete]").
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/lexer.h"

static int failures, checks;

static size_t live_bytes;

static void *test_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    live_bytes -= old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (p)
        live_bytes += new_size;
    return p;
}

static void put_escaped(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') fputs("\\n", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c == '\r') fputs("\\r", out);
        else if (c == '\\') fputs("\\\\", out);
        else if (c == '"') fputs("\\\"", out);
        else if (c < 0x20) fprintf(out, "\\x%02x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

/* Lexes src (of length len) and renders every token; the caller frees. */
static char *render_n(const char *src, size_t len)
{
    Arena arena;
    arena_init(&arena, test_alloc, NULL);
    ParseError err;
    Lexer lx;
    lex_init(&lx, &arena, src, len, &err);
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    for (int n = 0; n < 10000; n++) {
        Token t = lex_next(&lx);
        if (n > 0)
            fputc(' ', out);
        switch (t.kind) {
        case TK_NAME:
            fprintf(out, "%.*s", (int)(t.end.off - t.start.off), src + t.start.off);
            break;
        case TK_INT:
            fprintf(out, "i:%lld%s", (long long)t.as.ival, t.int_is_min_magnitude ? "(min)" : "");
            break;
        case TK_FLOAT: fprintf(out, "f:%.17g", t.as.fval); break;
        case TK_STRING:
            fputs("s:", out);
            put_escaped(out, t.as.str.chars, (size_t)t.as.str.len);
            break;
        case TK_FSTRING:
            fprintf(out, "fs%s:", t.as.fstr.raw ? "r" : "");
            put_escaped(out, src + t.as.fstr.body, t.as.fstr.body_end - t.as.fstr.body);
            break;
        case TK_NEWLINE: fputs("NL", out); break;
        case TK_INDENT: fputs("IN", out); break;
        case TK_DEDENT: fputs("DE", out); break;
        case TK_EOF: fputs("EOF", out); break;
        case TK_ERROR:
            fprintf(out, "ERR %d:%d+%d %s%s", err.line, err.col, err.len, err.message,
                    err.incomplete ? " [incomplete]" : "");
            break;
        default:
            fputs(token_kind_text(t.kind), out);
        }
        if (t.kind == TK_EOF || t.kind == TK_ERROR)
            break;
    }
    fclose(out);
    arena_free(&arena);
    return buf;
}

static char *render(const char *src)
{
    return render_n(src, strlen(src));
}

#define CHECK_TOKENS(src, expected) check_tokens(__LINE__, (src), strlen(src), (expected))
#define CHECK_TOKENS_N(src, len, expected) check_tokens(__LINE__, (src), (len), (expected))

static void check_tokens(int line, const char *src, size_t len, const char *expected)
{
    checks++;
    char *got = render_n(src, len);
    if (strcmp(got, expected) != 0) {
        failures++;
        fprintf(stderr, "test_lexer.c:%d: lexing\n    %s\n  expected: %s\n  got:      %s\n",
                line, src, expected, got);
    }
    free(got);
}

/* Only the last token (an error, usually) matters. */
#define CHECK_LAST(src, expected) check_last(__LINE__, (src), (expected))

static void check_last(int line, const char *src, const char *expected)
{
    checks++;
    char *got = render(src);
    const char *last = strstr(got, "ERR ");
    if (!last) {
        last = strrchr(got, ' ');
        last = last ? last + 1 : got;
    }
    if (strcmp(last, expected) != 0) {
        failures++;
        fprintf(stderr, "test_lexer.c:%d: lexing\n    %s\n  expected: %s\n  got:      %s\n",
                line, src, expected, got);
    }
    free(got);
}

static void test_basic_tokens(void)
{
    CHECK_TOKENS("x = 1 + 2\n", "x = i:1 + i:2 NL EOF");
    CHECK_TOKENS("", "EOF");
    CHECK_TOKENS("\n\n   \n# only a comment\n", "EOF");
    CHECK_TOKENS("x", "x NL EOF"); /* no final newline: one is supplied */
    CHECK_TOKENS("a.b(c)[d]", "a . b ( c ) [ d ] NL EOF");
    CHECK_TOKENS("x=1 # comment\ny=2", "x = i:1 NL y = i:2 NL EOF");
    CHECK_TOKENS("a;b", "a ; b NL EOF");
}

static void test_operators(void)
{
    CHECK_TOKENS("+ - * / // % ** @ & | ^ ~ << >> < > <= >= == != =",
                 "+ - * / // % ** @ & | ^ ~ << >> < > <= >= == != = NL EOF");
    CHECK_TOKENS("+= -= *= /= //= %= **= @= &= |= ^= >>= <<=",
                 "+= -= *= /= //= %= **= @= &= |= ^= >>= <<= NL EOF");
    CHECK_TOKENS("( ) [ ] { } , : ; . ... -> :=", "( ) [ ] { } , : ; . ... -> := NL EOF");
    /* Longest match, without spaces. */
    CHECK_TOKENS("a**=b//c<<=d>>e", "a **= b // c <<= d >> e NL EOF");
    CHECK_TOKENS("x[::2]", "x [ : : i:2 ] NL EOF");
    CHECK_TOKENS("a<=-b", "a <= - b NL EOF");
}

static void test_keywords(void)
{
    CHECK_TOKENS("and or not in is if elif else while for break continue pass def",
                 "and or not in is if elif else while for break continue pass def NL EOF");
    CHECK_TOKENS("return class import from as assert try except finally raise global",
                 "return class import from as assert try except finally raise global NL EOF");
    CHECK_TOKENS("nonlocal lambda del True False None yield with",
                 "nonlocal lambda del True False None yield with NL EOF");
    /* Near misses are names. */
    CHECK_TOKENS("iff true none Import _if if_ print",
                 "iff true none Import _if if_ print NL EOF");
    checks++;
    if (!lex_is_keyword(TK_TRUE) || lex_is_keyword(TK_NAME) || lex_is_keyword(TK_PLUS)) {
        failures++;
        fprintf(stderr, "test_lexer.c:%d: lex_is_keyword is wrong\n", __LINE__);
    }
}

static void test_names(void)
{
    CHECK_TOKENS("_x1 = café + π", "_x1 = café + π NL EOF");
    CHECK_TOKENS("µ = 1", "µ = i:1 NL EOF");
    CHECK_LAST("a → b", "ERR 1:3+3 invalid character '→' (U+2192)");
    CHECK_LAST("a ∇ b", "ERR 1:3+3 invalid character '∇' (U+2207)");
    CHECK_LAST("x = 1\xC2\xA0+ 2", "ERR 1:6+2 invalid non-printable character U+00A0");
    CHECK_LAST("x = a\xE2\x80\x8B", "ERR 1:6+3 invalid non-printable character U+200B");
    CHECK_LAST("x = $y", "ERR 1:5+1 invalid character '$' (U+0024)");
    CHECK_LAST("x ? y", "ERR 1:3+1 invalid character '?' (U+003F)");
    CHECK_LAST("x = a ! b", "ERR 1:7+1 invalid character '!' (U+0021)");
    CHECK_LAST("x = \xFF", "ERR 1:5+1 invalid UTF-8 byte 0xFF in source");
    CHECK_LAST("x = 1 # \xC3(", "ERR 1:9+1 invalid UTF-8 byte 0xC3 in source");
    CHECK_LAST("x = \x01", "ERR 1:5+1 invalid non-printable character U+0001");
}

static void test_integers(void)
{
    CHECK_TOKENS("0 7 123 1_000_000 00 0_0", "i:0 i:7 i:123 i:1000000 i:0 i:0 NL EOF");
    CHECK_TOKENS("0xff 0XFF 0x_ff 0o17 0O7 0b101 0B1_0", "i:255 i:255 i:255 i:15 i:7 i:5 i:2 NL EOF");
    CHECK_TOKENS("9223372036854775807", "i:9223372036854775807 NL EOF");
    CHECK_TOKENS("0x7fffffffffffffff", "i:9223372036854775807 NL EOF");
    /* 2**63 is only valid negated; the parser decides, the lexer marks it. */
    CHECK_TOKENS("9223372036854775808", "i:0(min) NL EOF");
    CHECK_TOKENS("0x8000000000000000", "i:0(min) NL EOF");
    CHECK_LAST("9223372036854775809", "ERR 1:1+19 integer literal too large for a 64-bit int");
    CHECK_LAST("x = 99999999999999999999999", "ERR 1:5+23 integer literal too large for a 64-bit int");
    CHECK_LAST("0x1_0000_0000_0000_0000", "ERR 1:1+23 integer literal too large for a 64-bit int");
    CHECK_LAST("1__0", "ERR 1:1+2 invalid decimal literal");
    CHECK_LAST("1_", "ERR 1:1+2 invalid decimal literal");
    CHECK_LAST("12abc", "ERR 1:1+3 invalid decimal literal");
    CHECK_LAST("0x", "ERR 1:1+2 invalid hexadecimal literal");
    CHECK_LAST("0xg", "ERR 1:1+3 invalid hexadecimal literal");
    CHECK_LAST("0x__1", "ERR 1:1+3 invalid hexadecimal literal");
    CHECK_LAST("0b102", "ERR 1:5+1 invalid digit '2' in binary literal");
    CHECK_LAST("0o8", "ERR 1:3+1 invalid digit '8' in octal literal");
    CHECK_LAST("x = 0123",
               "ERR 1:5+4 leading zeros in decimal integer literals are not permitted; "
               "use an 0o prefix for octal integers");
    CHECK_LAST("3j", "ERR 1:1+2 complex numbers are not supported");
}

static void test_floats(void)
{
    CHECK_TOKENS("1.5 .5 1. 1e-3 1_000.5 2E10 1.5e+2 0.0 1e1_0",
                 "f:1.5 f:0.5 f:1 f:0.001 f:1000.5 f:20000000000 f:150 f:0 f:10000000000 NL EOF");
    CHECK_TOKENS("1e400", "f:inf NL EOF");
    CHECK_TOKENS("x.y .5", "x . y f:0.5 NL EOF");
    CHECK_TOKENS("00.5 0e0", "f:0.5 f:0 NL EOF");
    CHECK_LAST("1e", "ERR 1:1+2 invalid decimal literal");
    CHECK_LAST("1e+", "ERR 1:1+3 invalid decimal literal");
    CHECK_LAST("1._5", "ERR 1:1+3 invalid decimal literal");
    CHECK_LAST("1.5_", "ERR 1:1+4 invalid decimal literal");
    CHECK_LAST("1.real", "ERR 1:1+3 invalid decimal literal");
    CHECK_LAST("1.5j", "ERR 1:1+4 complex numbers are not supported");
}

static void test_strings(void)
{
    CHECK_TOKENS("'a' \"b\" '' \"\"", "s:\"a\" s:\"b\" s:\"\" s:\"\" NL EOF");
    CHECK_TOKENS("'it''s'", "s:\"it\" s:\"s\" NL EOF"); /* joined by the parser */
    CHECK_TOKENS("\"'\" '\"'", "s:\"'\" s:\"\\\"\" NL EOF");
    CHECK_TOKENS("'\\n\\t\\r\\\\\\'\\\"\\0'", "s:\"\\n\\t\\r\\\\'\\\"\\x00\" NL EOF");
    CHECK_TOKENS("'\\a\\b\\f\\v'", "s:\"\\x07\\x08\\x0c\\x0b\" NL EOF");
    CHECK_TOKENS("'\\x41\\x7a\\101\\0101'", "s:\"AzA\\x081\" NL EOF"); /* \\ooo: 3 digits at most */
    CHECK_TOKENS("'\\xe9\\u00e9\\u20ac\\U0001F600'", "s:\"éé€😀\" NL EOF");
    /* Unknown escapes keep their backslash, as in Python. */
    CHECK_TOKENS("'\\q\\d\\['", "s:\"\\\\q\\\\d\\\\[\" NL EOF");
    /* A backslash before a newline joins the lines inside the string. */
    CHECK_TOKENS("'ab\\\ncd'", "s:\"abcd\" NL EOF");
    CHECK_TOKENS("r'\\n\\'' R\"\\d\"", "s:\"\\\\n\\\\'\" s:\"\\\\d\" NL EOF");
    CHECK_TOKENS("u'x'", "s:\"x\" NL EOF");
    CHECK_TOKENS("'''a\"b''c\nd''' \"\"\"x\"\"\"", "s:\"a\\\"b''c\\nd\" s:\"x\" NL EOF");
    CHECK_TOKENS("'''a\r\nb'''", "s:\"a\\nb\" NL EOF");
    CHECK_TOKENS("'UTF-8 ∇ é'", "s:\"UTF-8 ∇ é\" NL EOF");
    CHECK_TOKENS("f'a{x}' F\"{y}\" rf'\\n{z}' fR'{w}'",
                 "fs:\"a{x}\" fs:\"{y}\" fsr:\"\\\\n{z}\" fsr:\"{w}\" NL EOF");
    CHECK_TOKENS("f'{d[\"k\"]}'", "fs:\"{d[\\\"k\\\"]}\" NL EOF");
    CHECK_TOKENS("rb = 1", "rb = i:1 NL EOF");
}

static void test_string_errors(void)
{
    CHECK_LAST("x = 'abc", "ERR 1:5+1 unterminated string literal");
    CHECK_LAST("x = 'abc\ny = 1", "ERR 1:5+1 unterminated string literal");
    CHECK_LAST("x = f'abc", "ERR 1:5+2 unterminated string literal");
    /* Only a triple-quoted string can go on: the REPL asks for more. */
    CHECK_LAST("x = '''abc\n", "ERR 1:5+3 unterminated triple-quoted string literal [incomplete]");
    CHECK_LAST("x = 'abc\\\n", "ERR 1:5+1 unterminated string literal [incomplete]");
    CHECK_LAST("'\\x4'", "ERR 1:2+3 truncated \\x escape: expected 2 hex digits");
    CHECK_LAST("'ab\\u12g4'", "ERR 1:4+4 truncated \\u escape: expected 4 hex digits");
    CHECK_LAST("'\\U0011FFFF'",
               "ERR 1:2+10 \\U0011FFFF is past the last Unicode code point U+10FFFF");
    CHECK_LAST("'\\uD800'", "ERR 1:2+6 \\uD800 is a surrogate code point, which UTF-8 cannot encode");
    CHECK_LAST("'\\N{DASH}'", "ERR 1:2+2 \\N{...} escapes are not supported");
    CHECK_LAST("b'abc'", "ERR 1:1+2 byte strings are not supported");
    CHECK_LAST("'\xE9'", "ERR 1:2+1 invalid UTF-8 byte 0xE9 in string literal");
}

static void test_indentation(void)
{
    CHECK_TOKENS("if x:\n    y\nz\n", "if x : NL IN y NL DE z NL EOF");
    CHECK_TOKENS("if a:\n  if b:\n    c\nd", "if a : NL IN if b : NL IN c NL DE DE d NL EOF");
    /* Dedents at the end of input come after the last NEWLINE. */
    CHECK_TOKENS("if a:\n  if b:\n    c", "if a : NL IN if b : NL IN c NL DE DE EOF");
    /* Blank and comment-only lines, at any indentation, say nothing. */
    CHECK_TOKENS("if a:\n\n        # note\n  b\n\n  c\n", "if a : NL IN b NL c NL DE EOF");
    CHECK_TOKENS("if a:\n\tb\n\tc\n", "if a : NL IN b NL c NL DE EOF");
    CHECK_TOKENS("def f():\n    return 1\n\n\nx = 2\n",
                 "def f ( ) : NL IN return i:1 NL DE x = i:2 NL EOF");
    /* Inside brackets, lines join and indentation is ignored. */
    CHECK_TOKENS("x = [1,\n        2,\n  3]\ny", "x = [ i:1 , i:2 , i:3 ] NL y NL EOF");
    CHECK_TOKENS("f(a,  # comment\n\n  b)", "f ( a , b ) NL EOF");
    /* Backslash continuation. */
    CHECK_TOKENS("x = 1 + \\\n      2\ny", "x = i:1 + i:2 NL y NL EOF");
    CHECK_TOKENS("if a:\n  x = \\\n1\n  y\n", "if a : NL IN x = i:1 NL y NL DE EOF");
    CHECK_TOKENS("x = 1\r\ny = 2\r\n", "x = i:1 NL y = i:2 NL EOF");
    CHECK_TOKENS("\xEF\xBB\xBFx", "x NL EOF");
}

static void test_indentation_errors(void)
{
    CHECK_LAST("if a:\n    b\n  c\n", "ERR 3:3+1 unindent does not match any outer indentation level");
    CHECK_LAST("if a:\n\tb\nif c:\n    d\n",
               "ERR 4:1+4 inconsistent use of tabs and spaces in indentation");
    CHECK_LAST("if a:\n  \tb\n", "ERR 2:1+3 inconsistent use of tabs and spaces in indentation");
    /* The rule is about indentation only: tabs elsewhere are fine. */
    CHECK_TOKENS("if a:\n  b\tc\n", "if a : NL IN b c NL DE EOF");
}

static void test_brackets(void)
{
    CHECK_LAST("x = (1,\n2", "ERR 1:5+1 '(' was never closed [incomplete]");
    CHECK_LAST("f(a, [b,\n", "ERR 1:6+1 '[' was never closed [incomplete]");
    CHECK_LAST("x = 1)", "ERR 1:6+1 unmatched ')'");
    CHECK_LAST("}", "ERR 1:1+1 unmatched '}'");
    CHECK_LAST("x = [1, 2)",
               "ERR 1:10+1 closing parenthesis ')' does not match opening parenthesis '['");
    CHECK_LAST("x = {\n1: 2]",
               "ERR 2:5+1 closing parenthesis ']' does not match opening parenthesis '{' on line 1");
}

static void test_continuation_errors(void)
{
    CHECK_LAST("x = 1 + \\", "ERR 1:9+1 unexpected end of input after line continuation character [incomplete]");
    CHECK_LAST("x = 1 + \\\n", "ERR 1:9+1 unexpected end of input after line continuation character [incomplete]");
    CHECK_LAST("x = 1 \\ + 2", "ERR 1:8+1 unexpected character after line continuation character");
    /* A continuation followed by a blank line just ends the statement. */
    CHECK_TOKENS("x = 1 \\\n\ny", "x = i:1 NL y NL EOF");
}

static void test_null_bytes(void)
{
    CHECK_TOKENS_N("x = 1\0 + 2", 10, "x = i:1 ERR 1:6+1 source code cannot contain null bytes");
    CHECK_TOKENS_N("x = 'a\0b'", 9, "x = ERR 1:7+1 source code cannot contain null bytes");
}

/* Positions are 1-based lines and byte columns, with byte offsets. */
static void test_positions(void)
{
    Arena arena;
    arena_init(&arena, test_alloc, NULL);
    ParseError err;
    Lexer lx;
    const char *src = "if x:\n    y = 'a\nb' if ok else \"\"\"q\n\"\"\"\n";
    lex_init(&lx, &arena, src, strlen(src), &err);
    struct { TokenKind kind; int line, col, end_line, end_col; } want[] = {
        {TK_IF, 1, 1, 1, 3}, {TK_NAME, 1, 4, 1, 5}, {TK_COLON, 1, 5, 1, 6},
        {TK_NEWLINE, 1, 6, 2, 1}, {TK_INDENT, 2, 5, 2, 5}, {TK_NAME, 2, 5, 2, 6},
        {TK_ASSIGN, 2, 7, 2, 8}, {TK_ERROR, 2, 9, 2, 9},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        Token t = lex_next(&lx);
        checks++;
        if (t.kind != want[i].kind || t.start.line != want[i].line || t.start.col != want[i].col ||
            (t.kind != TK_ERROR &&
             (t.end.line != want[i].end_line || t.end.col != want[i].end_col))) {
            failures++;
            fprintf(stderr, "test_lexer.c:%d: token %zu: expected %s %d:%d-%d:%d, got %s %d:%d-%d:%d\n",
                    __LINE__, i, token_kind_name(want[i].kind), want[i].line, want[i].col,
                    want[i].end_line, want[i].end_col, token_kind_name(t.kind), t.start.line,
                    t.start.col, t.end.line, t.end.col);
        }
    }
    arena_free(&arena);

    arena_init(&arena, test_alloc, NULL);
    src = "s = '''a\nbc''' + x\n";
    lex_init(&lx, &arena, src, strlen(src), &err);
    Token t;
    do
        t = lex_next(&lx);
    while (t.kind != TK_PLUS && t.kind != TK_EOF && t.kind != TK_ERROR);
    checks++;
    if (t.kind != TK_PLUS || t.start.line != 2 || t.start.col != 7 || t.start.off != 15) {
        failures++;
        fprintf(stderr, "test_lexer.c:%d: '+' after a multi-line string at %d:%d (offset %zu)\n",
                __LINE__, t.start.line, t.start.col, t.start.off);
    }
    SrcPos p = lex_locate(&lx, 9);
    checks++;
    if (p.line != 2 || p.col != 1) {
        failures++;
        fprintf(stderr, "test_lexer.c:%d: lex_locate(9) gave %d:%d\n", __LINE__, p.line, p.col);
    }
    arena_free(&arena);
}

static void test_names_of_kinds(void)
{
    struct { TokenKind kind; const char *name; } want[] = {
        {TK_PLUS, "'+'"}, {TK_DSLASH_EQ, "'//='"}, {TK_IF, "'if'"}, {TK_NAME, "name"},
        {TK_NEWLINE, "end of line"}, {TK_EOF, "end of input"}, {TK_ELLIPSIS, "'...'"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        checks++;
        if (strcmp(token_kind_name(want[i].kind), want[i].name) != 0) {
            failures++;
            fprintf(stderr, "test_lexer.c:%d: token_kind_name gave %s for %s\n", __LINE__,
                    token_kind_name(want[i].kind), want[i].name);
        }
    }
    checks++;
    if (token_kind_text(TK_NAME) != NULL || strcmp(token_kind_text(TK_LSHIFT_EQ), "<<=") != 0) {
        failures++;
        fprintf(stderr, "test_lexer.c:%d: token_kind_text is wrong\n", __LINE__);
    }
}

/* Once an error is reported, every later call reports it again. */
static void test_error_is_sticky(void)
{
    Arena arena;
    arena_init(&arena, test_alloc, NULL);
    ParseError err;
    Lexer lx;
    const char *src = "x = $ + 1\n";
    lex_init(&lx, &arena, src, strlen(src), &err);
    lex_next(&lx);
    lex_next(&lx);
    Token a = lex_next(&lx), b = lex_next(&lx);
    checks++;
    if (a.kind != TK_ERROR || b.kind != TK_ERROR || err.col != 5) {
        failures++;
        fprintf(stderr, "test_lexer.c:%d: errors are not sticky\n", __LINE__);
    }
    arena_free(&arena);
}

int main(void)
{
    test_basic_tokens();
    test_operators();
    test_keywords();
    test_names();
    test_integers();
    test_floats();
    test_strings();
    test_string_errors();
    test_indentation();
    test_indentation_errors();
    test_brackets();
    test_continuation_errors();
    test_null_bytes();
    test_positions();
    test_names_of_kinds();
    test_error_is_sticky();
    checks++;
    if (live_bytes != 0) {
        failures++;
        fprintf(stderr, "test_lexer.c: %zu bytes still allocated after every arena was freed\n",
                live_bytes);
    }
    if (failures) {
        fprintf(stderr, "test_lexer: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_lexer: all %d checks passed\n", checks);
    return 0;
}
