/*
 * test_parser.c - the parser: every statement and expression form, node
 * positions, every syntax error with its line:col, the "incomplete" flag the
 * REPL relies on, the nesting limit and running out of memory.
 *
 * Trees are compared as ast_dump text with runs of whitespace folded to one
 * space and the module's "(block ...)" wrapper removed, so a case reads
 *   CHECK_PARSE("a = b = 1", "(assign a b = 1)");
 * CHECK_EXPR parses one expression statement and compares the expression.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "front/ast_dump.h"

static int failures, checks;

/* ---- allocation: counted, and able to refuse the Nth request */

static size_t live_bytes;
static long allocs_left = -1; /* < 0: never refuse */

static void *test_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    if (new_size == 0) {
        live_bytes -= old_size;
        free(ptr);
        return NULL;
    }
    if (allocs_left == 0)
        return NULL;
    if (allocs_left > 0)
        allocs_left--;
    void *p = realloc(ptr, new_size);
    if (p)
        live_bytes += new_size - old_size;
    return p;
}

/* ---- helpers */

/* Joins the lines of a dump: a newline and its indentation become one
   space (spaces inside strings are kept). */
static char *fold(char *s)
{
    char *o = s;
    for (const char *i = s; *i; i++) {
        if (*i == '\n') {
            while (i[1] == ' ')
                i++;
            if (o != s && i[1] != '\0')
                *o++ = ' ';
        } else {
            *o++ = *i;
        }
    }
    *o = '\0';
    return s;
}

/* The folded dump of the module's statements, or "ERROR l:c message". */
static char *parse_text(const char *src, bool spans, ParseError *err)
{
    Arena arena;
    arena_init(&arena, test_alloc, NULL);
    Node *n = parse_module(&arena, src, strlen(src), err);
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    if (!n) {
        fprintf(out, "ERROR %d:%d %s", err->line, err->col, err->message);
    } else {
        for (int i = 0; i < n->as.items.count; i++) {
            if (i)
                fputc(' ', out);
            if (spans)
                ast_dump_spans(n->as.items.items[i], out);
            else
                ast_dump(n->as.items.items[i], out);
        }
    }
    fclose(out);
    arena_free(&arena);
    return fold(buf);
}

static void report(int line, const char *what, const char *src, const char *expected,
                   const char *got)
{
    failures++;
    fprintf(stderr, "test_parser.c:%d: %s\n    %.200s\n  expected: %s\n  got:      %.400s\n", line,
            what, src, expected, got);
}

#define CHECK_PARSE(src, expected) check_parse(__LINE__, (src), (expected), false)
#define CHECK_SPANS(src, expected) check_parse(__LINE__, (src), (expected), true)

static void check_parse(int line, const char *src, const char *expected, bool spans)
{
    ParseError err;
    checks++;
    char *got = parse_text(src, spans, &err);
    if (strcmp(got, expected) != 0)
        report(line, "parsing", src, expected, got);
    free(got);
}

#define CHECK_EXPR(src, expected) check_expr(__LINE__, (src), (expected))

static void check_expr(int line, const char *src, const char *expected)
{
    char want[4096];
    snprintf(want, sizeof want, "(expr %s)", expected);
    check_parse(line, src, want, false);
}

/* An error: "line:col message"; the hint and incomplete flag are checked
   too (NULL hint: must be empty). */
#define CHECK_ERROR(src, expected) check_error(__LINE__, (src), (expected), NULL, false)
#define CHECK_ERROR_HINT(src, expected, hint) check_error(__LINE__, (src), (expected), (hint), false)
#define CHECK_INCOMPLETE(src, expected) check_error(__LINE__, (src), (expected), NULL, true)

static void check_error(int line, const char *src, const char *expected, const char *hint,
                        bool incomplete)
{
    ParseError err;
    char want[512];
    checks++;
    snprintf(want, sizeof want, "ERROR %s", expected);
    char *got = parse_text(src, false, &err);
    if (strcmp(got, want) != 0) {
        report(line, "parse error", src, want, got);
    } else if (strcmp(err.hint, hint ? hint : "") != 0) {
        report(line, "error hint", src, hint ? hint : "(none)", err.hint);
    } else if (err.incomplete != incomplete) {
        report(line, "incomplete flag", src, incomplete ? "incomplete" : "complete",
               err.incomplete ? "incomplete" : "complete");
    }
    free(got);
}

/* ---- expressions */

static void test_precedence(void)
{
    CHECK_EXPR("1 + 2 * 3", "(+ 1 (* 2 3))");
    CHECK_EXPR("(1 + 2) * 3", "(* (+ 1 2) 3)");
    CHECK_EXPR("a - b - c", "(- (- a b) c)");
    CHECK_EXPR("a / b * c // d % e @ f", "(@ (% (// (* (/ a b) c) d) e) f)");
    CHECK_EXPR("2 ** 3 ** 2", "(** 2 (** 3 2))");
    CHECK_EXPR("-2 ** 2", "(- (** 2 2))");
    CHECK_EXPR("2 ** -1", "(** 2 (- 1))");
    CHECK_EXPR("-x.y[0]", "(- (index (. x y) 0))");
    CHECK_EXPR("- - +~a", "(- (- (+ (~ a))))");
    CHECK_EXPR("a | b ^ c & d << e + f", "(| a (^ b (& c (<< d (+ e f)))))");
    CHECK_EXPR("a >> 1 << 2", "(<< (>> a 1) 2)");
    CHECK_EXPR("a + b == c | d", "(compare (+ a b) == (| c d))");
    CHECK_EXPR("not a == b", "(not (compare a == b))");
    CHECK_EXPR("not not a", "(not (not a))");
    CHECK_EXPR("a and b or c and d", "(or (and a b) (and c d))");
    CHECK_EXPR("a or b or c", "(or (or a b) c)");
    CHECK_EXPR("not a and b", "(and (not a) b)");
    CHECK_EXPR("a if b else c", "(ifexp b a c)");
    CHECK_EXPR("a if b else c if d else e", "(ifexp b a (ifexp d c e))");
    CHECK_EXPR("a or b if c and d else e", "(ifexp (and c d) (or a b) e)");
    CHECK_EXPR("lambda: a if b else c", "(lambda (params) (block (return (ifexp b a c))))");
}

static void test_comparisons(void)
{
    CHECK_EXPR("a < b", "(compare a < b)");
    CHECK_EXPR("a < b <= c > d >= e == f != g", "(compare a < b <= c > d >= e == f != g)");
    CHECK_EXPR("a in b", "(compare a in b)");
    CHECK_EXPR("a not in b", "(compare a not in b)");
    CHECK_EXPR("a is b", "(compare a is b)");
    CHECK_EXPR("a is not None", "(compare a is not None)");
    CHECK_EXPR("not a in b", "(not (compare a in b))");
    CHECK_EXPR("a is not b not in c", "(compare a is not b not in c)");
}

static void test_literals(void)
{
    CHECK_EXPR("42", "42");
    CHECK_EXPR("1_000", "1000");
    CHECK_EXPR("0xff", "255");
    CHECK_EXPR("1.5", "1.5");
    CHECK_EXPR("2.0", "2.0");
    CHECK_EXPR("1e-3", "0.001");
    CHECK_EXPR("1e100", "1e+100");
    CHECK_EXPR("0.1", "0.1");
    CHECK_EXPR("'hi'", "\"hi\"");
    CHECK_EXPR("True", "True");
    CHECK_EXPR("False", "False");
    CHECK_EXPR("None", "None");
    CHECK_EXPR("...", "...");
    CHECK_EXPR("-9223372036854775808", "-9223372036854775808");
    CHECK_EXPR("9223372036854775807", "9223372036854775807");
    CHECK_EXPR("-9223372036854775807", "(- 9223372036854775807)");
    CHECK_EXPR("'a' 'b' \"c\"", "\"abc\"");
    CHECK_EXPR("'''x\ny'''", "\"x\\ny\"");
    CHECK_EXPR("'tab\\there'", "\"tab\\there\"");
}

static void test_displays(void)
{
    CHECK_EXPR("[]", "(list)");
    CHECK_EXPR("[1]", "(list 1)");
    CHECK_EXPR("[1, 'a', [2, 3],]", "(list 1 \"a\" (list 2 3))");
    CHECK_EXPR("()", "(tuple)");
    CHECK_EXPR("(1)", "1");
    CHECK_EXPR("(1,)", "(tuple 1)");
    CHECK_EXPR("(1, 2)", "(tuple 1 2)");
    CHECK_EXPR("((1, 2), (3,),)", "(tuple (tuple 1 2) (tuple 3))");
    CHECK_EXPR("1, 2", "(tuple 1 2)");
    CHECK_EXPR("1,", "(tuple 1)");
    CHECK_EXPR("{}", "(dict)");
    CHECK_EXPR("{1: 2}", "(dict (1 2))");
    CHECK_EXPR("{'lr': 0.1, 'epochs': 10,}", "(dict (\"lr\" 0.1) (\"epochs\" 10))");
    CHECK_EXPR("{(1, 2): [3], k: {}}", "(dict ((tuple 1 2) (list 3)) (k (dict)))");
    CHECK_EXPR("[\n  1,\n  2\n]", "(list 1 2)");
}

static void test_comprehensions(void)
{
    CHECK_EXPR("[x for x in xs]", "(listcomp x (for x xs))");
    CHECK_EXPR("[x * x for x in range(10) if x % 2]",
               "(listcomp (* x x) (for x (call range 10)) (if (% x 2)))");
    CHECK_EXPR("[(i, j) for i in a if i for j in b if j if i < j]",
               "(listcomp (tuple i j) (for i a) (if i) (for j b) (if j) (if (compare i < j)))");
    CHECK_EXPR("[a if c else b for x in y]", "(listcomp (ifexp c a b) (for x y))");
    CHECK_EXPR("[k for k, v in d.items()]", "(listcomp k (for (tuple k v) (call (. d items))))");
    CHECK_EXPR("[x for [a, *b] in c]", "(listcomp x (for (list a (star b)) c))");
    CHECK_EXPR("[x for x in a or b if not x]", "(listcomp x (for x (or a b)) (if (not x)))");
    CHECK_EXPR("{k: v for k, v in pairs}", "(dictcomp k v (for (tuple k v) pairs))");
    CHECK_EXPR("{k: [v for v in vs] for k in ks if k}",
               "(dictcomp k (listcomp v (for v vs)) (for k ks) (if k))");
}

static void test_calls(void)
{
    CHECK_EXPR("f()", "(call f)");
    CHECK_EXPR("f(1)", "(call f 1)");
    CHECK_EXPR("f(a, b=1, *c, **d)", "(call f a (kw b 1) (star c) (dstar d))");
    CHECK_EXPR("f(*a, b, *c)", "(call f (star a) b (star c))");
    CHECK_EXPR("f(a=1, *b)", "(call f (kw a 1) (star b))");
    CHECK_EXPR("f(**a, b=1, **c)", "(call f (dstar a) (kw b 1) (dstar c))");
    CHECK_EXPR("f(a,)", "(call f a)");
    CHECK_EXPR("f(a)(b)(c=d)", "(call (call (call f a) b) (kw c d))");
    CHECK_EXPR("f(x == 1)", "(call f (compare x == 1))");
    CHECK_EXPR("f(lambda x: x)", "(call f (lambda (params x) (block (return x))))");
    /* A generator expression alone in a call is a list comprehension. */
    CHECK_EXPR("sum(x * x for x in xs)", "(call sum (listcomp (* x x) (for x xs)))");
    CHECK_EXPR("max(x for x in a if x)", "(call max (listcomp x (for x a) (if x)))");
    CHECK_EXPR("o.m(1).n", "(. (call (. o m) 1) n)");
}

static void test_subscripts(void)
{
    CHECK_EXPR("x[1]", "(index x 1)");
    CHECK_EXPR("x[-1]", "(index x (- 1))");
    CHECK_EXPR("x[1:2]", "(index x (slice 1 2 _))");
    CHECK_EXPR("x[:]", "(index x (slice _ _ _))");
    CHECK_EXPR("x[::]", "(index x (slice _ _ _))");
    CHECK_EXPR("x[1:]", "(index x (slice 1 _ _))");
    CHECK_EXPR("x[:2]", "(index x (slice _ 2 _))");
    CHECK_EXPR("x[::-1]", "(index x (slice _ _ (- 1)))");
    CHECK_EXPR("x[a:b:c]", "(index x (slice a b c))");
    CHECK_EXPR("M[0, 1:]", "(index M (tuple 0 (slice 1 _ _)))");
    CHECK_EXPR("M[:, None]", "(index M (tuple (slice _ _ _) None))");
    CHECK_EXPR("M[..., 0]", "(index M (tuple ... 0))");
    CHECK_EXPR("M[1,]", "(index M (tuple 1))");
    CHECK_EXPR("M[(1, 2)]", "(index M (tuple 1 2))");
    CHECK_EXPR("M[M > 2]", "(index M (compare M > 2))");
    CHECK_EXPR("v[[0, 2]]", "(index v (list 0 2))");
    CHECK_EXPR("x[i][j]", "(index (index x i) j)");
    CHECK_EXPR("a.b.c", "(. (. a b) c)");
}

static void test_lambdas(void)
{
    CHECK_EXPR("lambda: 0", "(lambda (params) (block (return 0)))");
    CHECK_EXPR("lambda x, y=1, *a, k, **kw: x",
               "(lambda (params x (= y 1) *a k **kw) (block (return x)))");
    CHECK_EXPR("lambda t: t * t", "(lambda (params t) (block (return (* t t))))");
    CHECK_EXPR("lambda x: lambda y: x + y",
               "(lambda (params x) (block (return (lambda (params y) (block (return (+ x y)))))))");
}

static void test_fstrings(void)
{
    CHECK_EXPR("f'x'", "\"x\"");
    CHECK_EXPR("f'{x}'", "(fstring (format x))");
    CHECK_EXPR("f'a{x}b{y}c'", "(fstring \"a\" (format x) \"b\" (format y) \"c\")");
    CHECK_EXPR("f'{x!r}'", "(fstring (format x !r))");
    CHECK_EXPR("f'{x!s}'", "(fstring (format x !s))");
    CHECK_EXPR("f'{loss:.4f}'", "(fstring (format loss (fstring \".4f\")))");
    CHECK_EXPR("f'{n:>5}'", "(fstring (format n (fstring \">5\")))");
    CHECK_EXPR("f'{x!r:^10}'", "(fstring (format x !r (fstring \"^10\")))");
    CHECK_EXPR("f'{x:{w}.{p}f}'", "(fstring (format x (fstring (format w) \".\" (format p) \"f\")))");
    CHECK_EXPR("f'{{}} {{x}}'", "\"{} {x}\"");
    CHECK_EXPR("f'{{{x}}}'", "(fstring \"{\" (format x) \"}\")");
    CHECK_EXPR("f'{x + 1}'", "(fstring (format (+ x 1)))");
    CHECK_EXPR("f'{a, b}'", "(fstring (format (tuple a b)))");
    CHECK_EXPR("f'{a != b}'", "(fstring (format (compare a != b)))");
    CHECK_EXPR("f'{d[\"k\"]}'", "(fstring (format (index d \"k\")))");
    CHECK_EXPR("f'{f(a=1)}'", "(fstring (format (call f (kw a 1))))");
    CHECK_EXPR("f'{x[1:2]}'", "(fstring (format (index x (slice 1 2 _))))");
    CHECK_EXPR("f'{ {1: 2}[1] }'", "(fstring (format (index (dict (1 2)) 1)))");
    CHECK_EXPR("f\"{f'{x}'}\"", "(fstring (format (fstring (format x))))");
    /* {x=}: the text, then repr unless a conversion or spec says otherwise. */
    CHECK_EXPR("f'{x=}'", "(fstring \"x=\" (format x !r))");
    CHECK_EXPR("f'{x = }'", "(fstring \"x = \" (format x !r))");
    CHECK_EXPR("f'a {x=!s}'", "(fstring \"a x=\" (format x !s))");
    CHECK_EXPR("f'{x=:.2f}'", "(fstring \"x=\" (format x (fstring \".2f\")))");
    CHECK_EXPR("f'{a+b=}'", "(fstring \"a+b=\" (format (+ a b) !r))");
    /* Escapes in the text, not in a raw f-string. */
    CHECK_EXPR("f'\\t{x}\\n'", "(fstring \"\\t\" (format x) \"\\n\")");
    CHECK_EXPR("rf'\\t{x}'", "(fstring \"\\\\t\" (format x))");
    CHECK_EXPR("f'''{\nx\n+ 1}'''", "(fstring (format (+ x 1)))");
    /* Adjacent literals join; text runs merge across them. */
    CHECK_EXPR("'a' f'b{c}d' 'e' f'{g}'", "(fstring \"ab\" (format c) \"de\" (format g))");
    CHECK_EXPR("f'a' 'b'", "\"ab\"");
}

/* ---- statements */

static void test_assignment(void)
{
    CHECK_PARSE("x = 1", "(assign x = 1)");
    CHECK_PARSE("a = b = 1", "(assign a b = 1)");
    CHECK_PARSE("a, b = b, a", "(assign (tuple a b) = (tuple b a))");
    CHECK_PARSE("(a, b) = [c, d] = e", "(assign (tuple a b) (list c d) = e)");
    CHECK_PARSE("a, = x", "(assign (tuple a) = x)");
    CHECK_PARSE("a, *b = x", "(assign (tuple a (star b)) = x)");
    CHECK_PARSE("*a, b = x", "(assign (tuple (star a) b) = x)");
    CHECK_PARSE("[a, *b, c] = x", "(assign (list a (star b) c) = x)");
    CHECK_PARSE("(a, b), c = x", "(assign (tuple (tuple a b) c) = x)");
    CHECK_PARSE("x.y = 1", "(assign (. x y) = 1)");
    CHECK_PARSE("x[0] = 1", "(assign (index x 0) = 1)");
    CHECK_PARSE("M[0, 1:] = v", "(assign (index M (tuple 0 (slice 1 _ _))) = v)");
    CHECK_PARSE("f(x).y[0] = 1", "(assign (index (. (call f x) y) 0) = 1)");
    CHECK_PARSE("(x) = 1", "(assign x = 1)");
    CHECK_PARSE("x = 1, 2", "(assign x = (tuple 1 2))");
    CHECK_PARSE("x = y = lambda: 0", "(assign x y = (lambda (params) (block (return 0))))");
}

static void test_augmented_assignment(void)
{
    CHECK_PARSE("x += 1\nx -= 1\nx *= 1\nx /= 1\nx //= 1\nx %= 1\nx **= 1",
                "(augassign x += 1) (augassign x -= 1) (augassign x *= 1) (augassign x /= 1) "
                "(augassign x //= 1) (augassign x %= 1) (augassign x **= 1)");
    CHECK_PARSE("x @= m\nx &= 1\nx |= 1\nx ^= 1\nx <<= 1\nx >>= 1",
                "(augassign x @= m) (augassign x &= 1) (augassign x |= 1) (augassign x ^= 1) "
                "(augassign x <<= 1) (augassign x >>= 1)");
    CHECK_PARSE("self.n += 1", "(augassign (. self n) += 1)");
    CHECK_PARSE("a[i] -= b * 2", "(augassign (index a i) -= (* b 2))");
    CHECK_PARSE("x += 1, 2", "(augassign x += (tuple 1 2))");
}

static void test_simple_statements(void)
{
    CHECK_PARSE("f(x)", "(expr (call f x))");
    CHECK_PARSE("pass", "(pass)");
    CHECK_PARSE("while x:\n  break\n  continue", "(while x (block (break) (continue)))");
    CHECK_PARSE("a = 1; b = 2;", "(assign a = 1) (assign b = 2)");
    CHECK_PARSE("a; b\nc", "(expr a) (expr b) (expr c)");
    CHECK_PARSE("global g", "(global g)");
    CHECK_PARSE("global a, b", "(global a b)");
    CHECK_PARSE("nonlocal a, b", "(nonlocal a b)");
    CHECK_PARSE("del x", "(del x)");
    CHECK_PARSE("del x[0], y.z, (a, [b, c])", "(del (index x 0) (. y z) a b c)");
    CHECK_PARSE("assert x", "(assert x)");
    CHECK_PARSE("assert allclose(f(2), 4), 'f(2) should be 4'",
                "(assert (call allclose (call f 2) 4) \"f(2) should be 4\")");
    CHECK_PARSE("raise", "(raise)");
    CHECK_PARSE("raise ValueError", "(raise ValueError)");
    CHECK_PARSE("raise ValueError('bad', 3)", "(raise (call ValueError \"bad\" 3))");
    CHECK_PARSE("raise X from e", "(raise X)");
    CHECK_PARSE("import math", "(import math)");
    CHECK_PARSE("import a.b as c, d", "(import (as a.b c) d)");
    CHECK_PARSE("import a . b", "(import a.b)");
    CHECK_PARSE("from ml import LinearRegression", "(from ml LinearRegression)");
    CHECK_PARSE("from m import a as b, c", "(from m (as a b) c)");
    CHECK_PARSE("from m import (a,\n  b as c,)", "(from m a (as b c))");
    CHECK_PARSE("from a.b import *", "(from a.b *)");
}

static void test_returns(void)
{
    CHECK_PARSE("def f():\n  return", "(def f (params) (block (return)))");
    CHECK_PARSE("def f():\n  return x", "(def f (params) (block (return x)))");
    CHECK_PARSE("def f():\n  return a, b", "(def f (params) (block (return (tuple a b))))");
    CHECK_PARSE("def f(): return; pass", "(def f (params) (block (return) (pass)))");
}

static void test_if(void)
{
    CHECK_PARSE("if x:\n    a\n", "(if x (block (expr a)))");
    CHECK_PARSE("if x:\n  a\nelse:\n  b", "(if x (block (expr a)) (block (expr b)))");
    CHECK_PARSE("if x:\n  a\nelif y:\n  b\nelif z:\n  c\nelse:\n  d",
                "(if x (block (expr a)) (if y (block (expr b)) (if z (block (expr c)) "
                "(block (expr d)))))");
    CHECK_PARSE("if x: a\nelif y: b", "(if x (block (expr a)) (if y (block (expr b))))");
    CHECK_PARSE("if x: a; b", "(if x (block (expr a) (expr b)))");
    CHECK_PARSE("if i % 2 == 0: continue",
                "(if (compare (% i 2) == 0) (block (continue)))");
    CHECK_PARSE("if a:\n  if b:\n    c\n  d\ne",
                "(if a (block (if b (block (expr c))) (expr d))) (expr e)");
}

static void test_loops(void)
{
    CHECK_PARSE("while x < 3:\n  x += 1", "(while (compare x < 3) (block (augassign x += 1)))");
    CHECK_PARSE("while True:\n  pass\nelse:\n  done()",
                "(while True (block (pass)) (block (expr (call done))))");
    CHECK_PARSE("for i in range(10):\n  print(i)", "(for i (call range 10) (block (expr (call print i))))");
    CHECK_PARSE("for i, x in enumerate(xs): pass",
                "(for (tuple i x) (call enumerate xs) (block (pass)))");
    CHECK_PARSE("for (a, b), c in z: pass", "(for (tuple (tuple a b) c) z (block (pass)))");
    CHECK_PARSE("for a, *b in z: pass", "(for (tuple a (star b)) z (block (pass)))");
    CHECK_PARSE("for x in a, b: pass", "(for x (tuple a b) (block (pass)))");
    CHECK_PARSE("for x.y in z: pass", "(for (. x y) z (block (pass)))");
    CHECK_PARSE("for x in y:\n  break\nelse:\n  pass",
                "(for x y (block (break)) (block (pass)))");
}

static void test_functions(void)
{
    CHECK_PARSE("def f(x, scale=1.0):\n    return scale * x ** 2",
                "(def f (params x (= scale 1.0)) (block (return (* scale (** x 2)))))");
    CHECK_PARSE("def f(): pass", "(def f (params) (block (pass)))");
    CHECK_PARSE("def f(a, b=1, *args, **kwargs): pass",
                "(def f (params a (= b 1) *args **kwargs) (block (pass)))");
    CHECK_PARSE("def f(*args, key=None, flag): pass",
                "(def f (params *args (= key None) flag) (block (pass)))");
    CHECK_PARSE("def f(**kw,): pass", "(def f (params **kw) (block (pass)))");
    CHECK_PARSE("def f(a, *, scale=2, shift): pass",
                "(def f (params a * (= scale 2) shift) (block (pass)))");
    CHECK_PARSE("def f(*, k, **kw): pass", "(def f (params * k **kw) (block (pass)))");
    CHECK_EXPR("lambda *, k=1: k", "(lambda (params * (= k 1)) (block (return k)))");
    CHECK_PARSE("def f(a,\n      b):\n  pass", "(def f (params a b) (block (pass)))");
    /* The docstring is captured and also kept as the body's first statement. */
    CHECK_PARSE("def f():\n    \"\"\"Adds.\"\"\"\n    return 1",
                "(def f (params) (doc \"Adds.\") (block (expr \"Adds.\") (return 1)))");
    CHECK_PARSE("def f():\n    'a' 'b'\n", "(def f (params) (doc \"ab\") (block (expr \"ab\")))");
    CHECK_PARSE("def f():\n    f'{x}'\n", "(def f (params) (block (expr (fstring (format x)))))");
    CHECK_PARSE("def f():\n    x = 1\n    'not a doc'",
                "(def f (params) (block (assign x = 1) (expr \"not a doc\")))");
    CHECK_PARSE("def outer():\n  n = 0\n  def inner():\n    nonlocal n\n    n += 1\n  return inner",
                "(def outer (params) (block (assign n = 0) (def inner (params) (block "
                "(nonlocal n) (augassign n += 1))) (return inner)))");
}

static void test_classes(void)
{
    CHECK_PARSE("class A:\n  pass", "(class A (block (pass)))");
    CHECK_PARSE("class A(): pass", "(class A (block (pass)))");
    CHECK_PARSE("class A(B): pass", "(class A B (block (pass)))");
    CHECK_PARSE("class A(nn.Module,): pass", "(class A (. nn Module) (block (pass)))");
    CHECK_PARSE("class Linear:\n"
                "    'A layer.'\n"
                "    def __init__(self, n_in, n_out): self.W = zeros(n_in, n_out)\n"
                "    def __call__(self, x): return x @ self.W\n",
                "(class Linear (doc \"A layer.\") (block (expr \"A layer.\") "
                "(def __init__ (params self n_in n_out) (block (assign (. self W) = "
                "(call zeros n_in n_out)))) (def __call__ (params self x) (block "
                "(return (@ x (. self W)))))))");
}

static void test_try(void)
{
    CHECK_PARSE("try:\n  a\nexcept ValueError as e:\n  b",
                "(try (block (expr a)) (except ValueError (as e) (block (expr b))))");
    CHECK_PARSE("try: a\nexcept (E1, E2): b\nexcept: c\nelse: d\nfinally: e",
                "(try (block (expr a)) (except (tuple E1 E2) (block (expr b))) "
                "(except (block (expr c))) (else (block (expr d))) (finally (block (expr e))))");
    CHECK_PARSE("try:\n  a\nfinally:\n  b", "(try (block (expr a)) (finally (block (expr b))))");
    CHECK_PARSE("try: a\nexcept m.Error: b", "(try (block (expr a)) (except (. m Error) (block (expr b))))");
}

static void test_blank_lines_and_comments(void)
{
    CHECK_PARSE("", "");
    CHECK_PARSE("\n\n# just a comment\n\n", "");
    CHECK_PARSE("# comments start with #\nx = 3  # int\n\n\ny = 7 / 2\n",
                "(assign x = 3) (assign y = (/ 7 2))");
    CHECK_PARSE("if a:\n\n  # note\n  b\n\n\n  c\n", "(if a (block (expr b) (expr c)))");
    CHECK_PARSE("x = [1,\n     2]  # done\ny = \\\n  3",
                "(assign x = (list 1 2)) (assign y = 3)");
}

/* ---- positions */

static void test_spans(void)
{
    /* Leaves span themselves; a binary operation its operands; a call its
       callee to the ')'; a statement its first token. */
    CHECK_SPANS("x = foo(a, b=1) + (c * d)[0].e",
                "(assign@1:1+1 x@1:1+1 = (+@1:5+26 (call@1:5+11 foo@1:5+3 a@1:9+1 "
                "(kw@1:12+3 b 1@1:14+1)) (.@1:19+12 (index@1:19+10 (*@1:20+5 c@1:20+1 "
                "d@1:24+1) 0@1:27+1) e)))");
    CHECK_SPANS("if a < b:\n    pass",
                "(if@1:1+2 (compare@1:4+5 a@1:4+1 < b@1:8+1) (block@2:5+4 (pass@2:5+4)))");
    CHECK_SPANS("y = -x ** 2", "(assign@1:1+1 y@1:1+1 = (-@1:5+7 (**@1:6+6 x@1:6+1 2@1:11+1)))");
    CHECK_SPANS("m[1:, ::2]",
                "(expr@1:1+1 (index@1:1+10 m@1:1+1 (tuple@1:3+7 (slice@1:3+2 1@1:3+1 _ _) "
                "(slice@1:7+3 _ _ 2@1:9+1))))");
    /* A node that runs onto later lines spans to the end of its first. */
    CHECK_SPANS("z = [1,\n  2]", "(assign@1:1+1 z@1:1+1 = (list@1:5+3 1@1:6+1 2@2:3+1))");
    CHECK_SPANS("s = '''ab\ncd'''", "(assign@1:1+1 s@1:1+1 = \"ab\\ncd\"@1:5+5)");
    /* Inside f-strings, expressions keep their place in the file. */
    CHECK_SPANS("  \ny = f\"v={v:>{w}} z\" 'q'",
                "(assign@2:1+1 y@2:1+1 = (fstring@2:5+19 \"v=\"@2:7+2 (format@2:9+8 v@2:10+1 "
                "(fstring@2:12+4 \">\"@2:12+1 (format@2:13+3 w@2:14+1))) \" zq\"@2:17+7))");
    CHECK_SPANS("t = f'''\n  {a +\n b}'''",
                "(assign@1:1+1 t@1:1+1 = (fstring@1:5+4 \"\\n  \"@1:9+0 (format@2:3+4 "
                "(+@2:4+3 a@2:4+1 b@3:2+1))))");
    CHECK_SPANS("def f(a, b=2): 'doc'",
                "(def@1:1+3 f (params a (= b 2@1:12+1)) (doc \"doc\") (block@1:16+5 "
                "(expr@1:16+5 \"doc\"@1:16+5)))");
}

static void test_param_and_alias_positions(void)
{
    Arena arena;
    arena_init(&arena, test_alloc, NULL);
    ParseError err;
    const char *src = "def f(a,\n      *rest, **kw): pass\nimport x.y as z, w";
    Node *m = parse_module(&arena, src, strlen(src), &err);
    checks++;
    if (!m || m->as.items.count != 2) {
        failures++;
        fprintf(stderr, "test_parser.c:%d: did not parse: %s\n", __LINE__, err.message);
        arena_free(&arena);
        return;
    }
    const Node *f = m->as.items.items[0];
    const Param *ps = f->as.func.params;
    checks++;
    if (f->as.func.nparams != 3 || ps[0].line != 1 || ps[0].col != 7 || ps[1].line != 2 ||
        ps[1].col != 8 || ps[1].kind != PARAM_VARARGS || ps[2].col != 16 ||
        ps[2].kind != PARAM_KWARGS || ps[0].kind != PARAM_NORMAL || ps[0].keyword_only ||
        ps[1].keyword_only || ps[2].keyword_only) {
        failures++;
        fprintf(stderr, "test_parser.c:%d: parameter positions or kinds are wrong\n", __LINE__);
    }
    const Node *imp = m->as.items.items[1];
    checks++;
    if (imp->as.import.count != 2 || imp->as.import.names[0].line != 3 ||
        imp->as.import.names[0].col != 8 || strcmp(imp->as.import.names[0].asname, "z") != 0 ||
        imp->as.import.names[1].col != 18 || imp->as.import.names[1].asname != NULL) {
        failures++;
        fprintf(stderr, "test_parser.c:%d: alias positions are wrong\n", __LINE__);
    }
    arena_free(&arena);
}

/* Parameters after '*args' or a bare '*' are marked keyword-only. */
static void test_keyword_only_flags(void)
{
    const char *srcs[] = {"def f(a, *args, b, c=1, **k): pass", "def f(a, *, b, c=1, **k): pass"};
    const bool want[2][5] = {{false, false, true, true, false}, {false, true, true, false, false}};
    const int nwant[2] = {5, 4};
    for (int s = 0; s < 2; s++) {
        Arena arena;
        arena_init(&arena, test_alloc, NULL);
        ParseError err;
        Node *m = parse_module(&arena, srcs[s], strlen(srcs[s]), &err);
        checks++;
        const Node *f = m ? m->as.items.items[0] : NULL;
        bool ok = f && f->as.func.nparams == nwant[s];
        for (int i = 0; ok && i < nwant[s]; i++)
            ok = f->as.func.params[i].keyword_only == want[s][i];
        if (!ok) {
            failures++;
            fprintf(stderr, "test_parser.c:%d: keyword_only flags wrong for %s\n", __LINE__, srcs[s]);
        }
        arena_free(&arena);
    }
}

/* ---- errors */

static void test_syntax_errors(void)
{
    CHECK_ERROR("if x\n    y", "1:5 expected ':' after the condition of 'if'");
    CHECK_ERROR("if x y:\n    pass", "1:6 expected ':' after the condition of 'if'");
    CHECK_ERROR("while x\n  y", "1:8 expected ':' after the condition of 'while'");
    CHECK_ERROR("if a: pass\nelif b\n  c", "2:7 expected ':' after the condition of 'elif'");
    CHECK_ERROR("if a: pass\nelse\n  c", "2:5 expected ':' after 'else'");
    CHECK_ERROR_HINT("if a: pass\nelse if b: c", "2:6 expected ':' after 'else'",
                     "write 'elif' for else-if");
    CHECK_ERROR("for x y: pass", "1:7 expected 'in' after the loop variable of 'for'");
    CHECK_ERROR("for x in y\n  pass", "1:11 expected ':' after 'for ... in ...'");
    CHECK_ERROR("def f()\n  pass", "1:8 expected ':' after the parameters of 'def'");
    CHECK_ERROR("def (x): pass", "1:5 expected a function name after 'def'");
    CHECK_ERROR("def f: pass", "1:6 expected '(' after the function name");
    CHECK_ERROR("def if(): pass", "1:5 'if' is a keyword and cannot be used as a name");
    CHECK_ERROR("class A\n  pass", "1:8 expected ':' after the class name");
    CHECK_ERROR("class A(B)\n  pass", "1:11 expected ':' after the base class");
    CHECK_ERROR("class A(B, C): pass", "1:12 multiple inheritance is not supported");
    CHECK_ERROR("class A(metaclass=M): pass", "1:9 class keyword arguments are not supported");
    CHECK_ERROR("try\n  a", "1:4 expected ':' after 'try'");
    CHECK_ERROR("try:\n  a\nb = 1", "3:1 expected 'except' or 'finally' block");
    CHECK_ERROR("try:\n  a\nelse:\n  b", "3:1 expected 'except' or 'finally' block");
    CHECK_ERROR("try: a\nexcept E\n  b", "2:9 expected ':' after 'except'");
    CHECK_ERROR("try: a\nexcept: b\nexcept E: c", "2:1 default 'except:' must be last");
    CHECK_ERROR_HINT("try: a\nexcept E1, E2: b", "2:8 multiple exception types must be parenthesized",
                     "write 'except (A, B):'");
    CHECK_ERROR("try: a\nexcept E as 1: b", "2:13 expected a name after 'as'");
    CHECK_ERROR("x = lambda a b: 1", "1:14 expected ':' after the parameters of 'lambda'");
    CHECK_ERROR("x = a if b", "1:11 expected 'else' after 'if' expression");
    CHECK_ERROR("x = {1: 2, 3}", "1:13 expected ':' after a dict key");
    CHECK_ERROR("x = {1 2}", "1:8 expected ':' after a dict key");
    CHECK_ERROR("import", "1:7 expected a module name after 'import'");
    CHECK_ERROR("import a.", "1:10 expected a name after '.'");
    CHECK_ERROR("from m imp x", "1:8 expected 'import' after the module name");
    CHECK_ERROR("from m import", "1:14 expected a name to import");
    CHECK_ERROR("from . import x", "1:6 relative imports are not supported");
    CHECK_ERROR("import a as", "1:12 expected a name after 'as'");
    CHECK_ERROR("global", "1:7 expected a name after 'global'");
    CHECK_ERROR("x = a.", "1:7 expected an attribute name after '.'");
    CHECK_ERROR("x = a.if", "1:7 expected an attribute name after '.'");
    CHECK_ERROR("x[]", "1:3 expected an index or a slice inside '[]'");
}

static void test_unexpected_tokens(void)
{
    CHECK_ERROR_HINT("x = (1 + )", "1:10 invalid syntax: unexpected ')'",
                     "'+' must be followed by an expression");
    CHECK_ERROR_HINT("x +\n", "1:4 invalid syntax: unexpected end of line",
                     "'+' must be followed by an expression");
    CHECK_ERROR_HINT("x = \n", "1:4 invalid syntax: unexpected end of line",
                     "'=' must be followed by an expression");
    CHECK_ERROR("x = 1 2", "1:7 invalid syntax: unexpected number '2'");
    CHECK_ERROR("x y", "1:3 invalid syntax: unexpected 'y'");
    CHECK_ERROR_HINT("x = ,", "1:5 invalid syntax: unexpected ','",
                     "'=' must be followed by an expression");
    CHECK_ERROR_HINT("f(a b)", "1:5 invalid syntax: unexpected 'b'", "perhaps you forgot a comma?");
    CHECK_ERROR_HINT("x = [1 2]", "1:8 invalid syntax: unexpected number '2'",
                     "perhaps you forgot a comma?");
    CHECK_ERROR_HINT("x = (a 'b')", "1:8 invalid syntax: unexpected string",
                     "perhaps you forgot a comma?");
    CHECK_ERROR_HINT("(x = 1)", "1:4 invalid syntax: unexpected '='", "use '==' to compare");
    CHECK_ERROR_HINT("x = 1 if", "1:9 invalid syntax: unexpected end of line",
                     "'if' must be followed by an expression");
    CHECK_ERROR("a not b", "1:3 invalid syntax: unexpected 'not'");
    CHECK_ERROR_HINT("x == = 1", "1:6 invalid syntax: unexpected '='",
                     "'==' must be followed by an expression");
    CHECK_ERROR_HINT("x = 1 + lambda: 2", "1:9 invalid syntax: unexpected 'lambda'",
                     "put the lambda in parentheses");
    CHECK_INCOMPLETE("x = [1, 2", "1:5 '[' was never closed");
    CHECK_ERROR("x = )", "1:5 unmatched ')'");
    CHECK_ERROR("f(a))", "1:5 unmatched ')'");
    CHECK_ERROR("x = (1]", "1:7 closing parenthesis ']' does not match opening parenthesis '('");
    CHECK_ERROR("x ; ; y", "1:5 invalid syntax: unexpected ';'");
    /* Inside a bracket that is never closed, the bracket is the error. */
    CHECK_ERROR("total = (1 + 2\nprint(total)", "1:9 '(' was never closed");
    CHECK_ERROR("if (x > 1:\n    pass", "1:4 '(' was never closed");
    CHECK_ERROR("f(a,\ndef g(): pass\n", "1:2 '(' was never closed");
    CHECK_ERROR("x = [1,\n  2\ny = 3", "1:5 '[' was never closed");
    CHECK_ERROR_HINT("f(a b", "1:5 invalid syntax: unexpected 'b'", "perhaps you forgot a comma?");
    CHECK_ERROR_HINT("x = (1 + )\ny = (", "1:10 invalid syntax: unexpected ')'",
                     "'+' must be followed by an expression");
    CHECK_ERROR_HINT("x = (1 + * 2)\ny = [", "1:10 invalid syntax: unexpected '*'",
                     "'+' must be followed by an expression");
    CHECK_ERROR_HINT("print 'hello'", "1:1 missing parentheses in call to 'print'", "write print(...)");
    CHECK_ERROR_HINT("if x:\n  pass\n  else: pass",
                     "3:3 'else' does not follow an 'if', 'for', 'while' or 'try' block",
                     "check that it is indented like the statement it belongs to");
    CHECK_ERROR_HINT("elif x: pass", "1:1 'elif' does not follow an 'if' block",
                     "check that it is indented like the statement it belongs to");
    CHECK_ERROR_HINT("except: pass", "1:1 'except' does not follow a 'try' block",
                     "check that it is indented like the statement it belongs to");
    CHECK_ERROR_HINT("if x: for y in z: pass", "1:7 'for' cannot follow ':' on the same line",
                     "put it on its own line, indented");
    /* The first error wins, even when the lexer would complain later. */
    CHECK_ERROR_HINT("x = 1 +\ny = $", "1:8 invalid syntax: unexpected end of line",
                     "'+' must be followed by an expression");
    CHECK_ERROR("x = 1\ny = $", "2:5 invalid character '$' (U+0024)");
}

static void test_indentation_errors(void)
{
    CHECK_ERROR("  x = 1", "1:3 unexpected indent");
    CHECK_ERROR("x = 1\n    y = 2", "2:5 unexpected indent");
    CHECK_ERROR("def f():\nreturn 1", "2:1 expected an indented block after 'def' on line 1");
    CHECK_ERROR("if a:\n  if b:\n  c", "3:3 expected an indented block after 'if' on line 2");
    CHECK_ERROR("for x in y:\nz", "2:1 expected an indented block after 'for' on line 1");
    CHECK_ERROR("if x:\n    a\n  b", "3:3 unindent does not match any outer indentation level");
    CHECK_ERROR("if x:\n\ta\nif y:\n    b", "4:1 inconsistent use of tabs and spaces in indentation");
}

static void test_assignment_errors(void)
{
    CHECK_ERROR_HINT("f() = 1", "1:1 cannot assign to a function call",
                     "use '==' to compare, or 'def' to define a function");
    CHECK_ERROR_HINT("if f(x) = 1: pass", "1:4 cannot assign to a function call", "use '==' to compare");
    CHECK_ERROR_HINT("if x = 1: pass", "1:6 cannot assign in the condition of 'if'",
                     "use '==' to compare");
    CHECK_ERROR_HINT("while n = 0: pass", "1:9 cannot assign in the condition of 'while'",
                     "use '==' to compare");
    CHECK_ERROR("1 = x", "1:1 cannot assign to a literal");
    CHECK_ERROR("'a' = x", "1:1 cannot assign to a literal");
    CHECK_ERROR("x + 1 = 2", "1:1 cannot assign to an expression");
    CHECK_ERROR("-x = 2", "1:1 cannot assign to an expression");
    CHECK_ERROR("a < b = c", "1:1 cannot assign to a comparison");
    CHECK_ERROR("a and b = c", "1:1 cannot assign to an expression");
    CHECK_ERROR("None = 1", "1:1 cannot assign to None");
    CHECK_ERROR("True = 1", "1:1 cannot assign to True");
    CHECK_ERROR("x, f() = 1, 2", "1:4 cannot assign to a function call");
    CHECK_ERROR("[x for x in y] = 1", "1:1 cannot assign to a list comprehension");
    CHECK_ERROR("{} = 1", "1:1 cannot assign to a dict literal");
    CHECK_ERROR("(a if b else c) = 1", "1:2 cannot assign to a conditional expression");
    CHECK_ERROR_HINT("x = f() = 1", "1:5 cannot assign to a function call",
                     "use '==' to compare, or 'def' to define a function");
    CHECK_ERROR("a, *b, *c = x", "1:8 multiple starred expressions in assignment");
    CHECK_ERROR("*a = x", "1:1 starred assignment target must be in a list or tuple");
    CHECK_ERROR("(*a) = x", "1:2 cannot use starred expression here");
    CHECK_ERROR("x = *a, b", "1:5 cannot use starred expression here");
    /* a starred item is a value inside a list display */
    CHECK_PARSE("print(*a, [*b])", "(expr (call print (star a) (list (star b))))");
    CHECK_ERROR("for f() in x: pass", "1:5 cannot assign to a function call");
    CHECK_ERROR("for 1 in x: pass", "1:5 cannot assign to a literal");
    CHECK_ERROR("[x for 1 in y]", "1:8 cannot assign to a literal");
    CHECK_ERROR("f() += 1", "1:1 '+=' needs a name, an attribute or an index on its left, not a function call");
    CHECK_ERROR("a, b += 1", "1:1 '+=' needs a name, an attribute or an index on its left, not a tuple");
    CHECK_ERROR("del f()", "1:5 cannot delete a function call");
    CHECK_ERROR("del a, 1", "1:8 cannot delete a literal");
    CHECK_ERROR("del *a", "1:5 cannot delete a starred expression");
    CHECK_ERROR("x: int = 1", "1:2 type annotations are not supported");
}

static void test_call_errors(void)
{
    CHECK_ERROR("f(a=1, b)", "1:8 positional argument follows keyword argument");
    CHECK_ERROR("f(**a, b)", "1:8 positional argument follows keyword argument unpacking");
    CHECK_ERROR("f(**a, *b)", "1:8 iterable argument unpacking follows keyword argument unpacking");
    CHECK_ERROR("f(a=1, a=2)", "1:8 keyword argument repeated: 'a'");
    CHECK_ERROR_HINT("f(a.b=1)", "1:6 expression cannot contain assignment",
                     "use '==' to compare, or a plain name for a keyword argument");
    CHECK_ERROR("f(a, x for x in y)", "1:6 generator expression must be parenthesized");
    CHECK_ERROR("f(x for x in y, a)", "1:3 generator expression must be parenthesized");
    CHECK_ERROR_HINT("g = (x for x in y)", "1:5 generator expressions are not supported",
                     "use a list comprehension [...], or pass it straight to a call: "
                     "sum(x for x in xs)");
    CHECK_ERROR("[*a for a in b]", "1:2 iterable unpacking cannot be used in a comprehension");
}

static void test_parameter_errors(void)
{
    CHECK_ERROR("def f(a=1, b): pass",
                "1:12 parameter without a default follows parameter with a default");
    CHECK_ERROR("def f(a, a): pass", "1:10 duplicate parameter 'a' in function definition");
    CHECK_ERROR("def f(*a, *b): pass", "1:11 only one '*' parameter is allowed");
    CHECK_ERROR("def f(**k, a): pass", "1:12 parameters cannot follow '**k'");
    CHECK_ERROR("def f(*a=1): pass", "1:9 '*a' cannot have a default value");
    CHECK_ERROR("def f(**k=1): pass", "1:10 '**k' cannot have a default value");
    CHECK_ERROR("def f(a, *): pass", "1:10 named parameters must follow a bare '*'");
    CHECK_ERROR("def f(*,): pass", "1:7 named parameters must follow a bare '*'");
    CHECK_ERROR("def f(*, **k): pass", "1:7 named parameters must follow a bare '*'");
    CHECK_ERROR("def f(*, a, *b): pass", "1:13 only one '*' parameter is allowed");
    CHECK_ERROR("def f(a, /): pass", "1:10 positional-only parameters ('/') are not supported");
    CHECK_ERROR("def f(x: int): pass", "1:8 type annotations are not supported");
    CHECK_ERROR("def f(x) -> int: pass", "1:10 return type annotations are not supported");
    CHECK_ERROR("def f(1): pass", "1:7 expected a parameter name");
    CHECK_ERROR("def f(class): pass", "1:7 'class' is a keyword and cannot be a parameter name");
    CHECK_ERROR("f = lambda a, a: 0", "1:15 duplicate parameter 'a' in function definition");
    CHECK_ERROR("f = lambda a=1, b: 0",
                "1:17 parameter without a default follows parameter with a default");
}

static void test_unsupported(void)
{
    CHECK_ERROR_HINT("def g():\n  yield 1", "2:3 'yield' is not supported: Nabla has no generators",
                     "build a list and return it");
    CHECK_ERROR_HINT("x = yield", "1:5 'yield' is not supported: Nabla has no generators",
                     "build a list and return it");
    CHECK_ERROR_HINT("with open(f) as fh: pass", "1:1 'with' statements are not supported",
                     "use try/finally");
    CHECK_ERROR("@dec\ndef f(): pass", "1:1 decorators are not supported");
    CHECK_ERROR("if (n := 10) > 5: pass", "1:7 the ':=' operator is not supported");
    CHECK_ERROR_HINT("s = {1, 2}", "1:5 set literals are not supported",
                     "use a list [...] or a dict {key: value}");
    CHECK_ERROR_HINT("s = {x for x in y}", "1:5 set comprehensions are not supported",
                     "use a list comprehension [...]");
    CHECK_ERROR("d = {**a, 'b' 1}", "1:15 expected ':' after a dict key");
    CHECK_ERROR("x[*a]", "1:3 starred expressions are not supported in an index");
}

static void test_literal_errors(void)
{
    CHECK_ERROR("x = 9223372036854775808", "1:5 integer literal too large for a 64-bit int");
    CHECK_ERROR("x = -9223372036854775808 ** 2", "1:6 integer literal too large for a 64-bit int");
    CHECK_ERROR("x = 18446744073709551616", "1:5 integer literal too large for a 64-bit int");
    CHECK_ERROR("s = 'abc", "1:5 unterminated string literal");
    CHECK_ERROR("s = 'a\\x4g'", "1:7 truncated \\x escape: expected 2 hex digits");
}

static void test_fstring_errors(void)
{
    CHECK_ERROR("f'{}'", "1:3 f-string: empty expression not allowed");
    CHECK_ERROR("f'{  }'", "1:3 f-string: empty expression not allowed");
    CHECK_ERROR("f'{x'", "1:3 f-string: expecting '}'");
    CHECK_ERROR("f'{x:>{w}'", "1:3 f-string: expecting '}'");
    CHECK_ERROR_HINT("f'a}b'", "1:4 f-string: single '}' is not allowed", "write '}}' for a literal brace");
    CHECK_ERROR("f'{x!z}'", "1:6 f-string: invalid conversion character 'z': expected 's' or 'r'");
    CHECK_ERROR("f'{x!}'", "1:6 f-string: missing conversion character");
    CHECK_ERROR_HINT("f'{x!a}'", "1:6 f-string: conversion '!a' is not supported", "use '!r'");
    CHECK_ERROR("f'{x!rr}'", "1:7 f-string: expecting '}'");
    CHECK_ERROR("f'{x:{y:{z}}}'", "1:8 f-string: expressions nested too deeply");
    CHECK_ERROR("f'{x # c}'", "1:6 f-string expression part cannot include '#'");
    CHECK_ERROR_HINT("f'{a\\n}'", "1:5 f-string expression part cannot include a backslash",
                     "compute the value in a variable first");
    CHECK_ERROR("f'{(1 + }'",
                "1:9 f-string: closing parenthesis '}' does not match opening parenthesis '('");
    CHECK_ERROR("f'{a)}'", "1:5 f-string: unmatched ')'");
    CHECK_ERROR("f'{a b}'", "1:6 invalid syntax: unexpected 'b'");
    CHECK_ERROR_HINT("x = 1\ny = f'''\n{a +}'''", "3:5 invalid syntax: unexpected end of f-string expression",
                     "'+' must be followed by an expression");
    CHECK_ERROR_HINT("f'{1 +}'", "1:7 invalid syntax: unexpected end of f-string expression",
                     "'+' must be followed by an expression");
    CHECK_ERROR_HINT("f'\\N{DASH} {x}'", "1:3 \\N{...} escapes are not supported",
                     "write the character itself, or its code point as \\uXXXX");
    CHECK_PARSE("f'{[*a]}'", "(expr (fstring (format (list (star a)))))");
}

/* The REPL keeps reading exactly when input stopped where more could come. */
static void test_incomplete(void)
{
    CHECK_INCOMPLETE("if x:\n", "2:1 expected an indented block after 'if' on line 1");
    CHECK_INCOMPLETE("if x:", "1:6 expected an indented block after 'if' on line 1");
    CHECK_INCOMPLETE("def f(x):\n    if x:\n", "3:1 expected an indented block after 'if' on line 2");
    CHECK_INCOMPLETE("class A:\n  # body to come\n", "3:1 expected an indented block after 'class' on line 1");
    CHECK_INCOMPLETE("if x:\n  pass\nelse:\n", "4:1 expected an indented block after 'else' on line 3");
    CHECK_INCOMPLETE("try:\n", "2:1 expected an indented block after 'try' on line 1");
    CHECK_INCOMPLETE("x = (1,\n", "1:5 '(' was never closed");
    CHECK_INCOMPLETE("f(a, [1,\n2", "1:6 '[' was never closed");
    CHECK_INCOMPLETE("d = {\n", "1:5 '{' was never closed");
    CHECK_INCOMPLETE("s = '''abc\n", "1:5 unterminated triple-quoted string literal");
    CHECK_INCOMPLETE("x = 1 + \\\n", "1:9 unexpected end of input after line continuation character");
    CHECK_INCOMPLETE("x = f'''{a}\n", "1:5 unterminated triple-quoted string literal");
    /* Complete, even though wrong: a newline ends a statement outside brackets. */
    CHECK_ERROR_HINT("x +\n", "1:4 invalid syntax: unexpected end of line",
                     "'+' must be followed by an expression");
    CHECK_ERROR("if x\n", "1:5 expected ':' after the condition of 'if'");
    CHECK_ERROR("if x:\npass\n", "2:1 expected an indented block after 'if' on line 1");
    CHECK_ERROR("s = 'abc\n", "1:5 unterminated string literal");
    CHECK_ERROR("f'{(1,}'", "1:7 f-string: closing parenthesis '}' does not match opening parenthesis '('");
}

/* Too deep a nesting is an error, never a C stack overflow. */
static void test_nesting_limit(void)
{
    enum { N = 100000 };
    char *src = malloc(2 * N + 8);
    const char *msg = "expression nested too deeply (more than 200 levels)";
    struct { const char *open, *close; int repeat; } cases[] = {
        {"(", ")", N}, {"[", "]", N}, {"{1:", "}", N}, {"-", "", N}, {"not ", "", N / 4},
        {"f(", ")", N}, {"x[", "]", N}, {"lambda: ", "", N / 8}, {"1 if 1 else ", "", N / 12},
        {"2**", "", N / 3},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t n = 0;
        size_t lo = strlen(cases[c].open), lc = strlen(cases[c].close);
        char *big = malloc((lo + lc) * (size_t)cases[c].repeat + 8);
        for (int i = 0; i < cases[c].repeat; i++, n += lo)
            memcpy(big + n, cases[c].open, lo);
        big[n++] = '1';
        for (int i = 0; i < cases[c].repeat; i++, n += lc)
            memcpy(big + n, cases[c].close, lc);
        big[n] = '\0';
        ParseError err;
        checks++;
        char *got = parse_text(big, false, &err);
        if (!strstr(got, msg) || err.incomplete)
            report(__LINE__, "nesting", cases[c].open, msg, got);
        free(got);
        free(big);
    }
    /* Long left-associative chains deepen the tree too. */
    size_t n = 0;
    for (int i = 0; i < N; i++) {
        src[n++] = 'a';
        src[n++] = '+';
    }
    src[n++] = 'a';
    src[n] = '\0';
    CHECK_ERROR(src, "1:400 expression nested too deeply (more than 200 levels)");
    n = 0;
    for (int i = 0; i < N / 2; i++) {
        memcpy(src + n, "a.", 2);
        n += 2;
    }
    src[n++] = 'b';
    src[n] = '\0';
    CHECK_ERROR(src, "1:400 expression nested too deeply (more than 200 levels)");
    /* Up to the limit is fine: 199 brackets inside the statement's expression. */
    n = 0;
    for (int i = 0; i < 199; i++)
        src[n++] = '(';
    src[n++] = '1';
    for (int i = 0; i < 199; i++)
        src[n++] = ')';
    src[n] = '\0';
    CHECK_PARSE(src, "(expr 1)");
    src[0] = '(';
    memmove(src + 1, src, strlen(src) + 1);
    strcat(src, ")");
    CHECK_ERROR(src, "1:201 expression nested too deeply (more than 200 levels)");
    /* Blocks count as levels too. */
    n = 0;
    for (int i = 0; i < 300 && n < 2 * N - 400; i++) {
        memset(src + n, ' ', (size_t)i);
        n += (size_t)i;
        memcpy(src + n, "if x:\n", 6);
        n += 6;
    }
    memset(src + n, ' ', 300);
    n += 300;
    memcpy(src + n, "pass\n", 6);
    ParseError err;
    checks++;
    char *got = parse_text(src, false, &err);
    if (!strstr(got, msg))
        report(__LINE__, "nested blocks", "300 nested ifs", msg, got);
    free(got);
    free(src);
}

/* Every allocation may fail: the parser then reports it and frees all. */
static void test_out_of_memory(void)
{
    const char *src =
        "def f(x, scale=1.0, *a, **k):\n"
        "    'doc'\n"
        "    return [scale * v ** 2 for v in x if v] + list(a)\n"
        "class C(B):\n"
        "    def m(self): return {k: f'{k!r:>{w}}' for k in self.d}\n"
        "for i, (a, b) in enumerate(zip(xs, ys)):\n"
        "    try:\n"
        "        print(f\"{i=} {a:.3f}\", M[0, 1:, ::-1], sep='')\n"
        "    except (E1, E2) as e:\n"
        "        raise\n";
    int failed_cleanly = 0, succeeded = 0;
    for (long n = 0; n < 400; n++) {
        Arena arena;
        ParseError err;
        allocs_left = n;
        arena_init(&arena, test_alloc, NULL);
        Node *m = parse_module(&arena, src, strlen(src), &err);
        if (m)
            succeeded++;
        else if (strcmp(err.message, "out of memory") == 0)
            failed_cleanly++;
        else
            report(__LINE__, "out of memory", "(program)", "out of memory", err.message);
        arena_free(&arena);
        allocs_left = -1;
        checks++;
        if (live_bytes != 0) {
            failures++;
            fprintf(stderr, "test_parser.c:%d: %zu bytes leaked after failing allocation %ld\n",
                    __LINE__, live_bytes, n);
            live_bytes = 0;
        }
    }
    checks++;
    if (failed_cleanly == 0 || succeeded == 0) {
        failures++;
        fprintf(stderr, "test_parser.c:%d: expected both refusals and successes (%d, %d)\n",
                __LINE__, failed_cleanly, succeeded);
    }
}

static void test_names_of_enums(void)
{
    checks++;
    if (strcmp(binop_symbol(BIN_FLOORDIV), "//") != 0 || strcmp(binop_symbol(BIN_MATMUL), "@") != 0 ||
        strcmp(binop_symbol(BIN_RSHIFT), ">>") != 0 || strcmp(cmpop_symbol(CMP_NOT_IN), "not in") != 0 ||
        strcmp(cmpop_symbol(CMP_IS_NOT), "is not") != 0 || strcmp(cmpop_symbol(CMP_LE), "<=") != 0 ||
        strcmp(node_kind_name(N_LISTCOMP), "listcomp") != 0 ||
        strcmp(node_kind_name(N_DEL), "del") != 0 || strcmp(node_kind_name(N_FOR), "for") != 0) {
        failures++;
        fprintf(stderr, "test_parser.c:%d: binop_symbol, cmpop_symbol or node_kind_name is wrong\n",
                __LINE__);
    }
}

/* The source need not end in a NUL: only `len` bytes are read. */
static void test_unterminated_source(void)
{
    Arena arena;
    arena_init(&arena, test_alloc, NULL);
    ParseError err;
    const char src[] = {'x', ' ', '=', ' ', '4', '2', '!', '!'};
    Node *m = parse_module(&arena, src, 6, &err);
    checks++;
    if (!m || m->as.items.count != 1 || m->as.items.items[0]->as.assign.value->as.ival != 42) {
        failures++;
        fprintf(stderr, "test_parser.c:%d: parsing a buffer without a NUL failed\n", __LINE__);
    }
    arena_free(&arena);
}

int main(void)
{
    test_precedence();
    test_comparisons();
    test_literals();
    test_displays();
    test_comprehensions();
    test_calls();
    test_subscripts();
    test_lambdas();
    test_fstrings();
    test_assignment();
    test_augmented_assignment();
    test_simple_statements();
    test_returns();
    test_if();
    test_loops();
    test_functions();
    test_classes();
    test_try();
    test_blank_lines_and_comments();
    test_spans();
    test_param_and_alias_positions();
    test_keyword_only_flags();
    test_syntax_errors();
    test_unexpected_tokens();
    test_indentation_errors();
    test_assignment_errors();
    test_call_errors();
    test_parameter_errors();
    test_unsupported();
    test_literal_errors();
    test_fstring_errors();
    test_incomplete();
    test_nesting_limit();
    test_out_of_memory();
    test_names_of_enums();
    test_unterminated_source();
    checks++;
    if (live_bytes != 0) {
        failures++;
        fprintf(stderr, "test_parser.c: %zu bytes still allocated at the end\n", live_bytes);
    }
    if (failures) {
        fprintf(stderr, "test_parser: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_parser: all %d checks passed\n", checks);
    return 0;
}
