/*
 * test_format.c - float repr and the format-spec mini-language, checked
 * against Python's own output.  The tables at the end were produced once
 * by gen_format_cases.py; running the tests needs no Python.
 */
#include "core/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            failures++;                                               \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);           \
            fprintf(stderr, __VA_ARGS__);                             \
            fputc('\n', stderr);                                      \
        }                                                             \
    } while (0)

typedef struct ReprCase {
    double x;
    const char *repr;
} ReprCase;

typedef struct FormatCase {
    char kind;          /* 'i' int, 'f' float, 's' str */
    int64_t i;
    double f;
    const char *s;
    const char *spec;
    const char *want;   /* NULL: Python raises, so must we */
} FormatCase;

/* The generated tables live at the end of the file. */
static const ReprCase *repr_cases(size_t *n);
static const FormatCase *format_cases(size_t *n);

/* ---- repr ------------------------------------------------------------- */

static void test_repr_matches_python(void)
{
    size_t count;
    const ReprCase *cases = repr_cases(&count);
    for (size_t i = 0; i < count; i++) {
        char buf[64];
        int n = fmt_double_repr(buf, sizeof buf, cases[i].x);
        CHECK(strcmp(buf, cases[i].repr) == 0 && n == (int)strlen(buf),
              "repr(%a): expected '%s', got '%s' (length %d)", cases[i].x, cases[i].repr, buf, n);
    }
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Whatever the bits, the text reads back as the same double. */
static void test_repr_round_trips_random_bits(void)
{
    uint64_t state = 12345;
    int bad = 0;
    for (int i = 0; i < 1000000; i++) {
        uint64_t bits = splitmix64(&state);
        double x;
        memcpy(&x, &bits, sizeof x);
        if (isnan(x))
            continue;
        char buf[32];
        int n = fmt_double_repr(buf, sizeof buf, x);
        double back = strtod(buf, NULL);
        bool same = back == x && signbit(back) == signbit(x);
        if (!same || n > 24 || n != (int)strlen(buf)) {
            if (bad++ < 10)
                CHECK(false, "repr(%a) = '%s' reads back as %a", x, buf, back);
        }
    }
    CHECK(bad == 0, "%d random doubles did not round-trip", bad);
}

static void test_repr_truncates_to_buffer(void)
{
    char buf[4] = "xxx";
    int n = fmt_double_repr(buf, sizeof buf, 0.125);
    CHECK(n == 5 && strcmp(buf, "0.1") == 0, "expected length 5 and '0.1', got %d '%s'", n, buf);
    n = fmt_double_repr(buf, 0, -1.5);
    CHECK(n == 4 && strcmp(buf, "0.1") == 0, "size 0 must write nothing, got %d '%s'", n, buf);
}

/* ---- format specs ----------------------------------------------------- */

static bool format_case(StrBuf *b, const FormatCase *c, char *err, size_t errsize)
{
    FormatSpec spec;
    if (!fmt_parse_spec(c->spec, strlen(c->spec), &spec, err, errsize))
        return false;
    switch (c->kind) {
    case 'i': return fmt_int(b, c->i, &spec, err, errsize);
    case 'f': return fmt_float(b, c->f, &spec, err, errsize);
    default: return fmt_str(b, c->s, strlen(c->s), &spec, err, errsize);
    }
}

static void describe(const FormatCase *c, char *out, size_t size)
{
    if (c->kind == 'i')
        snprintf(out, size, "format(%lld, '%s')", (long long)c->i, c->spec);
    else if (c->kind == 'f')
        snprintf(out, size, "format(%a, '%s')", c->f, c->spec);
    else
        snprintf(out, size, "format('%s', '%s')", c->s, c->spec);
}

static void test_format_matches_python(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    size_t count;
    const FormatCase *cases = format_cases(&count);
    for (size_t i = 0; i < count; i++) {
        const FormatCase *c = &cases[i];
        char err[256] = "", what[256];
        sb_clear(&b);
        bool ok = format_case(&b, c, err, sizeof err);
        describe(c, what, sizeof what);
        if (c->want) {
            CHECK(ok && !b.failed && b.len == strlen(c->want) && memcmp(b.data, c->want, b.len) == 0,
                  "%s: expected '%s', got %s'%s'", what, c->want, ok ? "" : "an error ",
                  ok ? (b.len ? b.data : "") : err);
        } else {
            CHECK(!ok && err[0], "%s: expected an error, got '%s'", what, b.len ? b.data : "");
        }
    }
    sb_free(&b);
}

static void test_parse_fields(void)
{
    FormatSpec s;
    char err[128];
    CHECK(fmt_parse_spec("*^+#012,.3f", 11, &s, err, sizeof err), "%s", err);
    CHECK(s.fill == '*' && s.align == '^' && s.sign == '+' && s.alternate && !s.zero_pad &&
              s.width == 12 && s.grouping == ',' && s.precision == 3 && s.type == 'f',
          "fields of '*^+#012,.3f' parsed wrong");

    CHECK(fmt_parse_spec("", 0, &s, err, sizeof err), "%s", err);
    CHECK(s.fill == ' ' && s.align == 0 && s.sign == 0 && !s.alternate && !s.zero_pad &&
              s.width == -1 && s.grouping == 0 && s.precision == -1 && s.type == 0,
          "empty spec must give the defaults");

    CHECK(fmt_parse_spec("08_x", 4, &s, err, sizeof err), "%s", err);
    CHECK(s.zero_pad && s.width == 8 && s.grouping == '_' && s.type == 'x' && s.align == 0,
          "'08_x': zero_pad %d width %d grouping %c type %c", s.zero_pad, s.width, s.grouping,
          s.type);

    const char *nabla = "\xe2\x88\x87>10";
    CHECK(fmt_parse_spec(nabla, strlen(nabla), &s, err, sizeof err), "%s", err);
    CHECK(s.fill == 0x2207 && s.align == '>' && s.width == 10, "a multi-byte fill: got U+%04X",
          (unsigned)s.fill);

    /* The spec is a counted slice, not a C string. */
    CHECK(fmt_parse_spec(">5dXYZ", 3, &s, err, sizeof err) && s.type == 'd' && s.width == 5,
          "only the first len bytes count");
}

static void expect_parse_error(const char *spec, const char *fragment)
{
    FormatSpec s;
    char err[160] = "";
    bool ok = fmt_parse_spec(spec, strlen(spec), &s, err, sizeof err);
    CHECK(!ok && strstr(err, fragment), "spec '%s': expected an error containing \"%s\", got %s",
          spec, fragment, ok ? "success" : err);
}

static void test_parse_errors(void)
{
    expect_parse_error(".f", "missing precision");
    expect_parse_error(",_d", "cannot use both ',' and '_'");
    expect_parse_error("10.3fx", "unexpected 'fx'");
    expect_parse_error(".3q", "invalid format spec '.3q': unknown format code 'q'");
    expect_parse_error(",x", "cannot use ',' with 'x'");
    expect_parse_error("_c", "cannot use '_' with 'c'");
    expect_parse_error("99999999999", "width too large");
    expect_parse_error(".99999999999", "precision too large");
}

static void expect_type_error(char kind, const char *spec, const char *message)
{
    FormatSpec s;
    char err[160] = "";
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    bool ok = fmt_parse_spec(spec, strlen(spec), &s, err, sizeof err);
    CHECK(ok, "spec '%s' must parse: %s", spec, err);
    if (kind == 'i')
        ok = fmt_int(&b, 5, &s, err, sizeof err);
    else if (kind == 'f')
        ok = fmt_float(&b, 5.0, &s, err, sizeof err);
    else
        ok = fmt_str(&b, "abc", 3, &s, err, sizeof err);
    CHECK(!ok && strcmp(err, message) == 0, "%c with '%s': expected \"%s\", got %s", kind, spec,
          message, ok ? "success" : err);
    CHECK(b.len == 0, "a failed format must append nothing");
    sb_free(&b);
}

static void test_type_errors(void)
{
    expect_type_error('f', "d", "unknown format code 'd' for a float: use 'f', 'e', 'g' or '%'");
    expect_type_error('i', ".2", "precision not allowed with an int (use a float code like '.2f')");
    expect_type_error('i', "s",
                      "unknown format code 's' for an int: use 'd', 'x', 'o', 'b', 'c' or a float "
                      "code");
    expect_type_error('i', "+c", "sign not allowed with format code 'c'");
    expect_type_error('s', "=9", "'=' alignment not allowed with a str");
    expect_type_error('s', ",", "cannot use ',' with a str");
    expect_type_error('s', "d", "unknown format code 'd' for a str: use 's' or none");
}

/* fmt_* append; they never clear what is already there. */
static void test_appends(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    FormatSpec s;
    char err[64];
    sb_puts(&b, "x=");
    fmt_parse_spec(">4", 2, &s, err, sizeof err);
    fmt_int(&b, 42, &s, err, sizeof err);
    fmt_float(&b, 0.5, &s, err, sizeof err);
    fmt_str(&b, "ab", 2, &s, err, sizeof err);
    CHECK(strcmp(b.data, "x=  42 0.5  ab") == 0, "got '%s'", b.data);
    sb_free(&b);
}

static void test_utf8_length(void)
{
    CHECK(utf8_length("", 0) == 0, "empty");
    CHECK(utf8_length("abc", 3) == 3, "ascii");
    CHECK(utf8_length("h\xc3\xa9llo", 6) == 5, "two-byte");
    CHECK(utf8_length("\xe2\x88\x87x\xf0\x9f\x98\x80", 8) == 3, "three- and four-byte");
}

/* ---- memory ------------------------------------------------------------ */

typedef struct Budget {
    size_t live;        /* bytes held right now */
    size_t allowed;     /* a single request above this is refused */
    int refused;
} Budget;

static void *budget_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    Budget *b = ud;
    if (new_size == 0) {
        free(ptr);
        b->live -= old_size;
        return NULL;
    }
    if (new_size > b->allowed) {
        b->refused++;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (p)
        b->live += new_size - old_size;
    return p;
}

static void test_large_precision_uses_the_hook(void)
{
    Budget budget = {.allowed = SIZE_MAX};
    StrBuf b;
    sb_init(&b, budget_alloc, &budget);
    FormatSpec s;
    char err[64];
    fmt_parse_spec(".500f", 5, &s, err, sizeof err);
    CHECK(fmt_float(&b, 1e300, &s, err, sizeof err), "%s", err);
    CHECK(b.len == 301 + 1 + 500 && memcmp(b.data, "1000000000000000052504760255204420248704", 40) == 0,
          "format(1e300, '.500f') gave %zu bytes", b.len);
    CHECK(budget.live == b.cap, "scratch memory leaked: %zu live bytes, buffer holds %zu",
          budget.live, b.cap);
    sb_free(&b);
    CHECK(budget.live == 0, "%zu bytes still live", budget.live);

    /* Refused scratch memory is an error, not a crash. */
    budget.allowed = 700;
    sb_init(&b, budget_alloc, &budget);
    bool ok = fmt_float(&b, 1e300, &s, err, sizeof err);
    CHECK(!ok && strcmp(err, "out of memory") == 0 && budget.refused > 0,
          "expected 'out of memory', got %s", ok ? "success" : err);
    sb_free(&b);
    CHECK(budget.live == 0, "%zu bytes still live after a refusal", budget.live);

    /* A refused output buffer marks it failed. */
    budget.allowed = 16;
    sb_init(&b, budget_alloc, &budget);
    fmt_parse_spec(">100", 4, &s, err, sizeof err);
    fmt_int(&b, 7, &s, err, sizeof err);
    CHECK(b.failed, "a refused output buffer must be marked failed");
    sb_free(&b);
    CHECK(budget.live == 0, "%zu bytes still live", budget.live);
}

int main(void)
{
    test_repr_matches_python();
    test_repr_round_trips_random_bits();
    test_repr_truncates_to_buffer();
    test_format_matches_python();
    test_parse_fields();
    test_parse_errors();
    test_type_errors();
    test_appends();
    test_utf8_length();
    test_large_precision_uses_the_hook();
    if (failures) {
        fprintf(stderr, "test_format: %d failure(s)\n", failures);
        return 1;
    }
    size_t n_repr, n_format;
    repr_cases(&n_repr);
    format_cases(&n_format);
    printf("test_format: %zu repr cases, %zu format cases, 1e6 round trips: ok\n", n_repr,
           n_format);
    return 0;
}

/* ---- the tables ------------------------------------------------------- */

/* BEGIN GENERATED CASES (tests/unit/gen_format_cases.py) */
static const ReprCase REPR_CASES[] = {
    {0x0.0p+0, "0.0"},
    {-0x0.0p+0, "-0.0"},
    {INFINITY, "inf"},
    {-INFINITY, "-inf"},
    {NAN, "nan"},
    {0x1.0000000000000p+0, "1.0"},
    {-0x1.0000000000000p+0, "-1.0"},
    {0x1.999999999999ap-4, "0.1"},
    {0x1.999999999999ap-3, "0.2"},
    {0x1.3333333333334p-2, "0.30000000000000004"},
    {0x1.5555555555555p-2, "0.3333333333333333"},
    {0x1.5555555555555p-1, "0.6666666666666666"},
    {0x1.1c37937e08000p+53, "1e+16"},
    {-0x1.1c37937e08000p+53, "-1e+16"},
    {0x1.c6bf526340000p+49, "1000000000000000.0"},
    {0x1.1c37937e07fffp+53, "9999999999999998.0"},
    {0x1.1c37937e08002p+54, "2.000000000000001e+16"},
    {0x1.6345785d8a000p+56, "1e+17"},
    {0x1.0f0cf064dd592p+73, "1e+22"},
    {0x1.52d02c7e14af6p+76, "1e+23"},
    {0x1.249ad2594c37dp+332, "1e+100"},
    {0x1.7e43c8800759cp+996, "1e+300"},
    {0x1.a36e2eb1c432dp-14, "0.0001"},
    {0x1.4f8b588e368f1p-17, "1e-05"},
    {0x1.f75104d551d69p-17, "1.5e-05"},
    {0x1.02c9dedbc309dp-13, "0.0001234"},
    {0x1.9e0fcaf9380fcp-17, "1.234e-05"},
    {0x1.ad7f29abcaf48p-24, "1e-07"},
    {0x1.d6f3454000000p+26, "123456789.0"},
    {0x1.18b54f22aeb00p+50, "1234567890123456.0"},
    {0x1.5ee2a2eb5a5c4p+53, "1.2345678901234568e+16"},
    {0x0.0000000000001p-1022, "5e-324"},
    {0x0.0000000000002p-1022, "1e-323"},
    {0x0.fffffffffffffp-1022, "2.225073858507201e-308"},
    {0x1.0000000000000p-1022, "2.2250738585072014e-308"},
    {0x1.fffffffffffffp+1023, "1.7976931348623157e+308"},
    {0x1.0000000000000p+53, "9007199254740992.0"},
    {0x1.0000000000001p+53, "9007199254740994.0"},
    {0x1.0000000000000p+63, "9.223372036854776e+18"},
    {0x1.0000000000000p+64, "1.8446744073709552e+19"},
    {0x1.0000000000000p-1022, "2.2250738585072014e-308"},
    {0x0.0000000000001p-1022, "5e-324"},
    {0x1.9000000000000p+6, "100.0"},
    {0x1.e848000000000p+19, "1000000.0"},
    {0x1.0000000000000p-1, "0.5"},
    {0x1.4000000000000p+1, "2.5"},
    {0x1.921f9f01b866ep+1, "3.14159"},
    {0x1.fe185ca57c517p+78, "6.02214076e+23"},
    {0x1.7a4da290c1653p-63, "1.602176634e-19"},
    {0x1.0000000000000p-20, "9.5367431640625e-07"},
    {0x1.1666666666666p+2, "4.35"},
    {0x1.3333333333333p-2, "0.3"},
    {0x1.6666666666666p-1, "0.7"},
    {0x1.199999999999ap+0, "1.1"},
    {0x1.5666666666666p+1, "2.675"},
    {0x1.b7cdfd9d7bdbbp-34, "1e-10"},
    {0x1.edd2f1a9fbe77p+6, "123.456"},
    {-0x1.edd3c0ca600b0p+9, "-987.654321"},
    {0x1.235a1e58e1b1cp+516, "2.441494999204605e+155"},
    {0x1.2b34f4e26ea8ep+631, "1.0414989766097382e+190"},
    {-0x1.1abe05b1b90b4p-921, "-6.230526898715033e-278"},
    {0x1.1072c1e753a93p+647, "6.215145294404808e+194"},
    {-0x1.a1b729ffe1d99p-642, "-8.94094437889084e-194"},
    {-0x1.8e95fb8d058eap-918, "-7.026611036348231e-277"},
    {0x1.a5acef0867ff7p-180, "1.0748285820495111e-54"},
    {-0x1.eb86f95b686c5p+173, "-2.2987771825314225e+52"},
    {-0x1.1aecb511609d7p-829, "-3.087197386747746e-250"},
    {0x1.071a93b4ed972p+929, "4.663942141080057e+279"},
    {0x1.543633822dce7p+505, "1.3920573253274706e+152"},
    {-0x1.4cddd432a8933p+295, "-8.27711272937829e+88"},
    {-0x1.96afd054b7eefp-114, "-7.648928060448913e-35"},
    {0x1.94e16150e5651p+954, "2.408255950349256e+287"},
    {-0x1.80b6a8c10562bp+292, "-1.1957935569867676e+88"},
    {0x1.b44b3fcba4843p-771, "1.3721846625640267e-232"},
    {0x1.7f2143e4f1740p-972, "3.749301308590527e-293"},
    {0x1.4857e61f3a5b5p+257, "2.9702783654702176e+77"},
    {0x1.b3d8cc6487799p+39, "935974023747.7374"},
    {0x1.9b215bdf4cb40p+360, "3.7717071705628334e+108"},
    {0x1.5e9a10f422b96p-161, "4.685380874883408e-49"},
    {0x1.9a0be3336e39fp+577, "7.923199182017435e+173"},
    {-0x1.c55f70f49279ap+291, "-7.046026150182277e+87"},
    {-0x1.5f9331da21c2dp+816, "-6.001426014961312e+245"},
    {0x1.589e6bc182f77p-86, "1.73988047072314e-26"},
    {0x1.5ebfa2d7017ebp+894, "1.8095562091742157e+269"},
    {0x1.924e99e0691b3p-247, "6.948782738449595e-75"},
    {-0x1.ba5d5babe3ec5p+63, "-1.5937867265709844e+19"},
    {-0x1.15772111b8802p-821, "-7.750725352789286e-248"},
    {-0x1.ff762aff624d2p+887, "-2.0614804289258562e+267"},
    {-0x1.fd65ce1181284p-1019, "-3.542023286158013e-307"},
    {-0x1.ce856ca0833ddp-708, "-1.3416978930615857e-213"},
    {0x1.bcd42101034a8p-859, "4.520500165069547e-259"},
    {0x1.992a83e470134p+1008, "4.384249711496811e+303"},
    {0x1.c6010b9ae8a03p-88, "5.730337154395294e-27"},
    {-0x1.c5d2425266511p+132, "-9.651712153572285e+39"},
    {0x1.0ed2a37ffff52p+631, "9.426978883810016e+189"},
    {-0x1.7b6c8a2d2466dp+363, "-2.7846668185905256e+109"},
    {-0x1.aeebd745da064p+399, "-2.173332723540297e+120"},
    {0x1.6ef5270fbb2e8p+429, "1.9872115081775688e+129"},
    {0x1.e1a625db1e199p-197, "9.366591186736687e-60"},
    {0x1.9e68e9142e874p-344, "4.5172232022678016e-104"},
    {-0x1.ca0f3a6427061p+238, "-7.903525938358312e+71"},
    {-0x1.26514595e8078p+133, "-1.2518880581420001e+40"},
    {-0x1.9196352ee06fdp-196, "-1.5619252965469572e-59"},
    {0x1.bc7aa88c25af3p-740, "3.002027190990871e-223"},
    {-0x1.2e05adb32f148p-594, "-1.8196231384555797e-179"},
    {-0x1.68cc8f863e145p-957, "-1.156963312656768e-288"},
    {-0x1.34bcd79a24020p-354, "-3.286481444829727e-107"},
    {0x1.06ac50f947e6dp-11, "0.0005010091983059358"},
    {-0x1.0d9dd38f7053dp+952, "-4.0092430828867026e+286"},
    {0x1.51aed1c29cabdp-68, "4.469195812783108e-21"},
    {-0x1.c80c8099f6569p+510, "-5.971303923063532e+153"},
    {0x1.597a5c50314f2p+847, "1.2664461337538145e+255"},
    {-0x1.0bd1829087675p+659, "-2.502462544887099e+198"},
    {-0x1.67aa80159f55cp+722, "-3.0996760627366474e+217"},
    {-0x1.9b4d7f781a349p-92, "-3.2446064096906376e-28"},
    {0x1.49a02fe866910p+898, "2.720929234639833e+270"},
    {-0x1.b82db7842ae8cp+820, "-1.2022239782480186e+247"},
    {0x1.08dd1d5424a1fp-30, "9.63568632033283e-10"},
    {0x1.0000000000000p+407, "3.305279843951243e+122"},
    {0x1.0000000000000p+965, "3.118500483648e+290"},
    {0x1.0000000000000p-307, "3.835229269763849e-93"},
    {0x1.0000000000000p+295, "6.365737426045269e+88"},
    {0x1.0000000000000p-420, "3.6931914471142943e-127"},
    {0x1.0000000000000p+739, "2.891790293717215e+222"},
    {0x1.0000000000000p-411, "1.8909140209225187e-124"},
    {0x1.0000000000000p+768, "1.552518092300709e+231"},
    {0x1.0000000000000p+503, "2.6187124863169135e+151"},
    {0x1.0000000000000p+63, "9.223372036854776e+18"},
    {0x1.0000000000000p-357, "3.4063678720065206e-108"},
    {0x1.0000000000000p+61, "2.305843009213694e+18"},
    {0x1.0000000000000p-33, "1.1641532182693481e-10"},
    {0x1.0000000000000p+1020, "1.1235582092889474e+307"},
    {0x1.0000000000000p-56, "1.3877787807814457e-17"},
    {0x1.0000000000000p+137, "1.742245718635205e+41"},
    {0x1.0000000000000p-316, "7.490682167507517e-96"},
    {0x1.0000000000000p-853, "1.664997932743918e-257"},
    {0x1.0000000000000p+496, "2.0458691299350887e+149"},
    {0x1.0000000000000p+498, "8.183476519740355e+149"},
    {0x1.0000000000000p-1017, "7.120236347223045e-307"},
    {0x1.0000000000000p-1007, "7.291122019556398e-304"},
    {0x1.0000000000000p-957, "8.209073602596753e-289"},
    {0x1.0000000000000p-921, "5.641232424577593e-278"},
    {0x1.0000000000000p-808, "5.858190679279809e-244"},
    {0x1.0000000000000p-791, "7.678447687145631e-239"},
    {0x1.0000000000000p-788, "6.142758149716505e-238"},
    {0x1.0000000000000p-778, "6.290184345309701e-235"},
    {0x1.0000000000000p-705, "5.940911144672375e-213"},
    {0x1.0000000000000p-695, "6.083493012144512e-210"},
    {0x1.0000000000000p-662, "5.225680706521042e-200"},
    {0x1.0000000000000p-652, "5.351097043477547e-197"},
    {0x1.0000000000000p-549, "5.426657103235053e-166"},
    {0x1.0000000000000p-509, "5.966672584960166e-154"},
    {0x1.0000000000000p-496, "4.887898181599368e-150"},
    {0x1.0000000000000p-489, "6.256509672447191e-148"},
    {0x1.0000000000000p-383, "5.075883674631299e-116"},
    {0x1.0000000000000p-366, "6.653062250012736e-111"},
    {0x1.0000000000000p-296, "7.854549544476363e-90"},
    {0x1.0000000000000p-140, "7.174648137343064e-43"},
    {0x1.0000000000000p-97, "6.310887241768095e-30"},
    {0x1.0000000000000p-77, "6.617444900424222e-24"},
    {0x1.0000000000000p-44, "5.684341886080802e-14"},
    {0x1.0000000000000p-24, "5.960464477539063e-08"},
    {0x1.0000000000000p+89, "6.189700196426902e+26"},
    {0x1.0000000000000p+122, "5.316911983139664e+36"},
    {0x1.0000000000000p+132, "5.444517870735016e+39"},
    {0x1.0000000000000p+172, "5.986310706507379e+51"},
    {0x1.0000000000000p+182, "6.129982163463556e+54"},
    {0x1.0000000000000p+275, "6.070840288205404e+82"},
    {0x1.0000000000000p+305, "6.518515124270356e+91"},
    {0x1.0000000000000p+345, "7.167183174968974e+103"},
    {0x1.0000000000000p+378, "6.156563468186638e+113"},
    {0x1.0000000000000p+398, "6.455624695217272e+119"},
    {0x1.0000000000000p+405, "8.263199609878108e+121"},
    {0x1.0000000000000p+481, "6.243497100631985e+144"},
    {0x1.0000000000000p+534, "5.623642243178996e+160"},
    {0x1.0000000000000p+544, "5.758609657015292e+163"},
    {0x1.0000000000000p+554, "5.896816288783659e+166"},
    {0x1.0000000000000p+574, "6.183260036827614e+172"},
    {0x1.0000000000000p+594, "6.483618076376552e+178"},
    {0x1.0000000000000p+710, "5.386379163185535e+213"},
    {0x1.0000000000000p+803, "5.334411546303884e+241"},
    {0x1.0000000000000p+863, "6.150157786156811e+259"},
    {0x1.0000000000000p+896, "5.282945311356653e+269"},
    {0x1.0000000000000p+976, "6.386688990511104e+293"},
    {0x1.a584f98fc5048p+19, "863271.7988"},
    {0x1.b7bb4b851eb85p+18, "450285.18"},
    {0x1.18507373f5657p+19, "574083.6079051"},
    {-0x1.37c33b42c3c9fp+19, "-638489.8519"},
    {0x1.25bd400000000p+18, "300789.0"},
    {0x1.a1a4e00000000p+19, "855335.0"},
    {0x1.ab1fda68b19a4p+19, "874750.82528"},
    {-0x1.ab4c033b1d0c8p+18, "-437552.050483"},
    {-0x1.01b78f8183f92p+16, "-65975.56057"},
    {0x1.2364865a9a805p+17, "149193.04964"},
    {0x1.ae7c125c91d15p+19, "881632.5738"},
    {-0x1.cd21c00000000p+19, "-944398.0"},
    {-0x1.66b69306290efp+18, "-367322.297251"},
    {0x1.04026d916872bp+15, "33281.214"},
    {0x1.c1231b1906ccap+19, "919832.846805"},
    {-0x1.b06ad1374bc6ap+18, "-442795.269"},
    {-0x1.e565f3b71758ep+19, "-994095.6161"},
    {-0x1.9b10133333333p+19, "-841856.6"},
    {-0x1.a9e32d819a69ap+19, "-872217.4220707"},
    {0x1.7295e7e425aeep+18, "379479.6233"},
    {-0x1.4fd3c64ea8da8p+19, "-687774.197102"},
    {0x1.71ab257655c7bp+16, "94635.1463369"},
    {0x1.39fe9edfcd1a2p+19, "643060.96481948"},
    {-0x1.462ed6d27b2ccp+19, "-668022.7131935"},
    {-0x1.82eb8d1c08744p+18, "-396206.204836"},
    {-0x1.e8999d23a29c7p+18, "-500326.4553"},
    {0x1.b371a5aa98c56p+18, "445894.5885374"},
    {0x1.c0dd3e093532ep+19, "919273.938624"},
    {0x1.e69f779581062p+19, "996603.737"},
    {0x1.511975ffb6998p+19, "690379.687465"},
    {0x1.e5db926177491p+19, "995036.5743977"},
    {-0x1.982af7525460bp+17, "-208981.9322"},
    {0x1.9ac9400000000p+18, "420645.0"},
    {0x1.1650400000000p+19, "569986.0"},
    {0x1.d139800000000p+19, "952780.0"},
    {-0x1.8ee69a431121cp+17, "-204237.20517172"},
    {-0x1.ed6702b020c4ap+17, "-252622.021"},
    {0x1.fbcdc4c229658p+18, "519991.07435069"},
    {0x1.c8d9221cac083p+18, "467812.533"},
    {-0x1.d7c8000000000p+15, "-60388.0"},
    {0x1.d2eec2600f5ffp-33, "2.1233638718999998e-10"},
    {0x1.a0e1d8a725885p+43, "14323963738412.26"},
    {0x1.cfa7d195b45ccp+1, "3.62230892"},
    {0x1.7d78400000000p+26, "100000000.0"},
    {0x1.5ca1322cd5997p+122, "7.240755e+36"},
    {0x1.37ff8c38ef2dep+82, "5.89348e+24"},
    {0x1.b5ace71e059e7p-35, "4.9757932353000005e-11"},
    {0x1.0c7f5a0000000p+27, "140770000.0"},
    {0x1.4b8a8b0c5f3a7p+74, "2.44634215e+22"},
    {0x1.06eb455799448p+73, "9.7e+21"},
    {0x1.6ad7e0e000000p+35, "48700000000.0"},
    {0x1.984e894bac589p+71, "3.7659653598419285e+21"},
    {0x1.e97869067f824p+133, "2.0819766263349999e+40"},
    {0x1.ee5176d9e6000p+42, "8492322351000.0"},
    {0x1.42a537de23f36p+6, "80.661345931"},
    {0x1.e14403aa0b3cep+105, "7.625959115963212e+31"},
    {0x1.66a22aa2e50e5p+165, "6.551792418634613e+49"},
    {0x1.9564c456c6000p+49, "891470000000000.0"},
    {0x1.11b2084c00000p+36, "73469560000.0"},
    {0x1.e8612ac0532e7p+91, "4.72331726514e+27"},
};

/* kind, int value, float value, str value, spec, expected (NULL: an error) */
static const FormatCase FORMAT_CASES[] = {
    {'f', 0, 0x0.0000000000001p-1022, NULL, "", "5e-324"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "", "1234567.891"},
    {'f', 0, -0x0.0p+0, NULL, "", "-0.0"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "", "6.02214076e+23"},
    {'f', 0, 0x1.0000000000000p-1, NULL, ".3", "0.5"},
    {'f', 0, 0x1.0000000000000p-3, NULL, ".3", "0.125"},
    {'f', 0, 0x1.8000000000000p+0, NULL, ".3", "1.5"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, ".3", "2.23e-308"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, ".0", "2e+308"},
    {'f', 0, 0x1.8000000000000p+0, NULL, ".0", "2e+00"},
    {'f', 0, 0x1.8000000000000p-2, NULL, ".0", "0.4"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, ".0", "2e-308"},
    {'f', 0, -INFINITY, NULL, ".1", "-inf"},
    {'f', 0, 0x1.0000000000000p-3, NULL, ".1", "0.1"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, ".1", "1e+05"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, ".1", "1e-05"},
    {'f', 0, 0x1.999999999999ap-4, NULL, ".16", "0.1"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, ".16", "9.9999"},
    {'f', 0, 0x1.0000000000000p+0, NULL, ".16", "1.0"},
    {'f', 0, 0x1.4000000000000p+1, NULL, ".16", "2.5"},
    {'f', 0, -0x1.0000000000000p+0, NULL, ".17", "-1.0"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, ".17", "4.9406564584124654e-324"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, ".17", "1.0000000000000001e-05"},
    {'f', 0, 0x1.3333333333334p-2, NULL, ".17", "0.30000000000000004"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, ".20", "1234.5"},
    {'f', 0, 0x0.0p+0, NULL, ".20", "0.0"},
    {'f', 0, 0x1.0000000000000p-3, NULL, ".20", "0.125"},
    {'f', 0, 0x1.8000000000000p+0, NULL, ".20", "1.5"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "f", "3.141593"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, "f", "10000000000000000000000.000000"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "f", "0.125000"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "f", "100000000000000000000.000000"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ".2f", "10000000000000000.00"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, ".2f", "0.00"},
    {'f', 0, 0x1.999999999999ap-4, NULL, ".2f", "0.10"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, ".2f", "0.00"},
    {'f', 0, 0x1.4000000000000p+1, NULL, ".0f", "2"},
    {'f', 0, 0x1.d6f3454000000p+26, NULL, ".0f", "123456789"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, ".0f", "0"},
    {'f', 0, 0x1.8000000000000p-2, NULL, ".0f", "0"},
    {'f', 0, -0x1.5bf0995aaf790p+1, NULL, "#.0f", "-3."},
    {'f', 0, INFINITY, NULL, "#.0f", "inf"},
    {'f', 0, 0x1.4000000000000p+1, NULL, "#.0f", "2."},
    {'f', 0, -INFINITY, NULL, "#.0f", "-inf"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, ".10f", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0000000000"},
    {'f', 0, -INFINITY, NULL, ".10f", "-inf"},
    {'f', 0, 0x1.0000000000000p-1, NULL, ".10f", "0.5000000000"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, ".10f", "3.1415926536"},
    {'f', 0, 0x1.4000000000000p+1, NULL, ".60f", "2.500000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, ".60f", "10000000000000000000000.000000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, ".60f", "9.999900000000000233058017329312860965728759765625000000000000"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, ".60f", "1234.500000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, -0x0.0p+0, NULL, ",.2f", "-0.00"},
    {'f', 0, 0x1.0000000000000p-3, NULL, ",.2f", "0.12"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ",.2f", "10,000,000,000,000,000.00"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, ",.2f", "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368.00"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, "_.3f", "179_769_313_486_231_570_814_527_423_731_704_356_798_070_567_525_844_996_598_917_476_803_157_260_780_028_538_760_589_558_632_766_878_171_540_458_953_514_382_464_234_321_326_889_464_182_768_467_546_703_537_516_986_049_910_576_551_282_076_245_490_090_389_328_944_075_868_508_455_133_942_304_583_236_903_222_948_165_808_559_332_123_348_274_797_826_204_144_723_168_738_177_180_919_299_881_250_404_026_184_124_858_368.000"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "_.3f", "3.142"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, "_.3f", "0.000"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "_.3f", "1_234_567.891"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "e", "1.234568e+06"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "e", "9.999999e+04"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "e", "1.000000e-05"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "e", "1.602177e-19"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, ".3e", "4.941e-324"},
    {'f', 0, 0x1.4000000000000p+1, NULL, ".3e", "2.500e+00"},
    {'f', 0, NAN, NULL, ".3e", "nan"},
    {'f', 0, 0x1.8000000000000p-2, NULL, ".3e", "3.750e-01"},
    {'f', 0, 0x1.4000000000000p+1, NULL, ".0e", "2e+00"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, ".0e", "6e+23"},
    {'f', 0, -0x0.0p+0, NULL, ".0e", "-0e+00"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ".0e", "1e+16"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "#.0e", "1.e-01"},
    {'f', 0, NAN, NULL, "#.0e", "nan"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "#.0e", "2.e-19"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "#.0e", "1.e+20"},
    {'f', 0, 0x1.8000000000000p-2, NULL, "E", "3.750000E-01"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "E", "1.500000E+00"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, "E", "1.000000E+22"},
    {'f', 0, -0x1.0000000000000p+0, NULL, "E", "-1.000000E+00"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, ".2E", "1.23E+06"},
    {'f', 0, -INFINITY, NULL, ".2E", "-INF"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ".2E", "1.00E+16"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, ".2E", "1.60E-19"},
    {'f', 0, -INFINITY, NULL, "g", "-inf"},
    {'f', 0, 0x1.d6f3454000000p+26, NULL, "g", "1.23457e+08"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "g", "100000"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "g", "1e-05"},
    {'f', 0, -INFINITY, NULL, ".3g", "-inf"},
    {'f', 0, 0x1.0000000000000p-3, NULL, ".3g", "0.125"},
    {'f', 0, 0x1.0000000000000p+0, NULL, ".3g", "1"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, ".3g", "1e+20"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "#g", "4.94066e-324"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "#g", "1.00000"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, "#g", "9.99990"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "#g", "6.02214e+23"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, "#.3g", "0.000123"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "#.3g", "6.02e+23"},
    {'f', 0, -0x0.0p+0, NULL, "#.3g", "-0.00"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "#.3g", "4.94e-324"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, "G", "0.00012345"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "G", "1E+20"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "G", "6.02214E+23"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "G", "100000"},
    {'f', 0, 0x1.0000000000000p-1, NULL, ".10g", "0.5"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, ".10g", "1234.5"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, ".10g", "1234567.891"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, ".10g", "4.940656458e-324"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, ".0g", "1e+03"},
    {'f', 0, 0x1.0000000000000p-3, NULL, ".0g", "0.1"},
    {'f', 0, 0x1.8000000000000p+0, NULL, ".0g", "2"},
    {'f', 0, 0x0.0p+0, NULL, ".0g", "0"},
    {'f', 0, 0x1.0000000000000p-1, NULL, "%", "50.000000%"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "%", "0.000000%"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "%", "10000000000000000000000.000000%"},
    {'f', 0, 0x1.3333333333334p-2, NULL, "%", "30.000000%"},
    {'f', 0, INFINITY, NULL, ".1%", "inf%"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, ".1%", "0.0%"},
    {'f', 0, 0x1.0000000000000p+0, NULL, ".1%", "100.0%"},
    {'f', 0, 0x1.8000000000000p+0, NULL, ".1%", "150.0%"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, ",.0%", "314%"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, ",.0%", "123,450%"},
    {'f', 0, -0x1.0000000000000p+0, NULL, ",.0%", "-100%"},
    {'f', 0, -INFINITY, NULL, ",.0%", "-inf%"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, "F", "0.000000"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "F", "1.000000"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, "F", "9.999900"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "F", "0.000000"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, ".3F", "3.142"},
    {'f', 0, -0x0.0p+0, NULL, ".3F", "-0.000"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, ".3F", "0.000"},
    {'f', 0, 0x1.999999999999ap-4, NULL, ".3F", "0.100"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "n", "100000"},
    {'f', 0, 0x0.0p+0, NULL, "n", "0"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, "n", "1e+16"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "n", "1"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, ".3n", "1.23e+06"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, ".3n", "1.8e+308"},
    {'f', 0, 0x1.999999999999ap-4, NULL, ".3n", "0.1"},
    {'f', 0, INFINITY, NULL, ".3n", "inf"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, "012n", "0000009.9999"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "012n", "4.94066e-324"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "012n", "06.02214e+23"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "012n", "000003.14159"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "#", "1.e+20"},
    {'f', 0, 0x0.0p+0, NULL, "#", "0.0"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "#", "1.5"},
    {'f', 0, -0x1.5bf0995aaf790p+1, NULL, "#", "-2.71828"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, "#.3", "1.00e+16"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "#.3", "6.02e+23"},
    {'f', 0, NAN, NULL, "#.3", "nan"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "#.3", "1.50"},
    {'f', 0, 0x1.3333333333334p-2, NULL, ",", "0.30000000000000004"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ",", "1e+16"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, ",", "1e-05"},
    {'f', 0, 0x1.0000000000000p-1, NULL, ",", "0.5"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, "_", "-1_234.5"},
    {'f', 0, -INFINITY, NULL, "_", "-inf"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, "_", "2.2250738585072014e-308"},
    {'f', 0, INFINITY, NULL, "_", "inf"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "10", "1234567.891"},
    {'f', 0, 0x1.4000000000000p+1, NULL, "10", "       2.5"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "10", "1.602176634e-19"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, "10", "     1e+16"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, "<10", "-1234.5   "},
    {'f', 0, 0x1.34a0000000000p+10, NULL, "<10", "1234.5    "},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, "<10", "1e+16     "},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "<10", "5e-324    "},
    {'f', 0, -0x1.0000000000000p+0, NULL, "^10", "   -1.0   "},
    {'f', 0, 0x1.4000000000000p+1, NULL, "^10", "   2.5    "},
    {'f', 0, -0x0.0p+0, NULL, "^10", "   -0.0   "},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, "^10", "1.7976931348623157e+308"},
    {'f', 0, 0x0.0p+0, NULL, ">12.3", "         0.0"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, ">12.3", "        10.0"},
    {'f', 0, 0x1.3333333333334p-2, NULL, ">12.3", "         0.3"},
    {'f', 0, 0x1.0000000000000p-1, NULL, ">12.3", "         0.5"},
    {'f', 0, 0x1.d6f3454000000p+26, NULL, "=12.3", "    1.23e+08"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, "=12.3", "       1e+22"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "=12.3", "       1e-05"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "=12.3", "    1.23e+06"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, "+", "+1234.5"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "+", "+1e+20"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "+", "+1e-05"},
    {'f', 0, 0x1.8000000000000p-2, NULL, "+", "+0.375"},
    {'f', 0, 0x1.4000000000000p+1, NULL, " ", " 2.5"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, " ", "-1234.5"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, " ", " 1e+16"},
    {'f', 0, 0x1.0000000000000p+0, NULL, " ", " 1.0"},
    {'f', 0, 0x1.8000000000000p-2, NULL, "-", "0.375"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "-", "1.602176634e-19"},
    {'f', 0, 0x0.0p+0, NULL, "-", "0.0"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "-", "3.14159265358979"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, "+.2f", "+1234.50"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "+.2f", "+99999.99"},
    {'f', 0, -0x1.0000000000000p+0, NULL, "+.2f", "-1.00"},
    {'f', 0, -INFINITY, NULL, "+.2f", "-inf"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, " .2e", " 1.60e-19"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, " .2e", " 1.80e+308"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, " .2e", " 6.02e+23"},
    {'f', 0, -0x0.0p+0, NULL, " .2e", "-0.00e+00"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "010.2f", "602214075999999987023872.00"},
    {'f', 0, 0x1.4000000000000p+1, NULL, "010.2f", "0000002.50"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, "010.2f", "0001234.50"},
    {'f', 0, 0x0.0p+0, NULL, "010.2f", "0000000.00"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, "-012.3f", "-0001234.500"},
    {'f', 0, -0x0.0p+0, NULL, "-012.3f", "-0000000.000"},
    {'f', 0, NAN, NULL, "-012.3f", "000000000nan"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, "-012.3f", "00000000.000"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "+012,.2f", "+0,000,000.00"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "+012,.2f", "+0,000,001.00"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "+012,.2f", "+0,000,000.12"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "+012,.2f", "+0,000,000.00"},
    {'f', 0, 0x1.999999999999ap-4, NULL, "012,.2f", "0,000,000.10"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "012,.2f", "1,234,567.89"},
    {'f', 0, NAN, NULL, "012,.2f", "000000000nan"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, "012,.2f", "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368.00"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "020,.2f", "100,000,000,000,000,000,000.00"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, "020,.2f", "10,000,000,000,000,000,000,000.00"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "020,.2f", "0,000,000,099,999.99"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, "020,.2f", "0,000,000,000,010.00"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "*^20.4e", "*****1.0000e+20*****"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "*^20.4e", "*****1.0000e-05*****"},
    {'f', 0, NAN, NULL, "*^20.4e", "********nan*********"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "*^20.4e", "*****1.2500e-01*****"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "\342\210\207>14.2f", "\342\210\207\342\210\207\342\210\207\342\210\2071234567.89"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "\342\210\207>14.2f", "100000000000000000000.00"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "\342\210\207>14.2f", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\2070.00"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "\342\210\207>14.2f", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\2071.50"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "0<12.3", "4.94e-324000"},
    {'f', 0, 0x1.999999999999ap-4, NULL, "0<12.3", "0.1000000000"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "0<12.3", "1.0000000000"},
    {'f', 0, -0x0.0p+0, NULL, "0<12.3", "-0.000000000"},
    {'f', 0, 0x1.4000000000000p+1, NULL, "0^12.3", "00002.500000"},
    {'f', 0, -0x1.0000000000000p+0, NULL, "0^12.3", "0000-1.00000"},
    {'f', 0, -INFINITY, NULL, "0^12.3", "0000-inf0000"},
    {'f', 0, -0x0.0p+0, NULL, "0^12.3", "0000-0.00000"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "x=+15.3g", "+xxxxxxxxx0.125"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "x=+15.3g", "+xxxxxxx1.6e-19"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "x=+15.3g", "+xxxxx4.94e-324"},
    {'f', 0, -INFINITY, NULL, "x=+15.3g", "-xxxxxxxxxxxinf"},
    {'f', 0, 0x1.0000000000000p-3, NULL, ">20,.1f", "                 0.1"},
    {'f', 0, 0x1.3333333333334p-2, NULL, ">20,.1f", "                 0.3"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, ">20,.1f", "            -1,234.5"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, ">20,.1f", "                 0.0"},
    {'f', 0, 0x0.0p+0, NULL, "015", "0000000000000.0"},
    {'f', 0, 0x1.3333333333334p-2, NULL, "015", "0.30000000000000004"},
    {'f', 0, 0x1.0000000000000p-1, NULL, "015", "0000000000000.5"},
    {'f', 0, -0x1.0000000000000p+0, NULL, "015", "-000000000001.0"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, "016_", "1.7976931348623157e+308"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "016_", "0_000_000_000.125"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, "016_", "000_000_009.9999"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "016_", "01.602176634e-19"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ",.3e", "1.000e+16"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, ",.3e", "2.225e-308"},
    {'f', 0, 0x1.0000000000000p+0, NULL, ",.3e", "1.000e+00"},
    {'f', 0, -INFINITY, NULL, ",.3e", "-inf"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "_g", "1.5"},
    {'f', 0, -0x0.0p+0, NULL, "_g", "-0"},
    {'f', 0, INFINITY, NULL, "_g", "inf"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "_g", "6.02214e+23"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "30.20e", "    3.14159265358979000737e+00"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, "30.20e", "   2.22507385850720138309e-308"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, "30.20e", "    1.23449999999999992031e-04"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "30.20e", "    1.25000000000000000000e-01"},
    {'f', 0, 0x1.0000000000000p-1, NULL, ",.1f", "0.5"},
    {'f', 0, 0x0.0p+0, NULL, ",.1f", "0.0"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, ",.1f", "0.0"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, ",.1f", "100,000.0"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, ".400e", "1.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+22"},
    {'f', 0, -INFINITY, NULL, ".400e", "-inf"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, ".400e", "9.9999990000000005238689482212066650390625000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+04"},
    {'f', 0, -0x1.5bf0995aaf790p+1, NULL, ".400e", "-2.7182800000000000295585778076201677322387695312500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+00"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "#.500g", "100000000000000000000.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "#.500g", "1.5000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "#.500g", "1.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, "#.500g", "1234567.8910000000614672899246215820312500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, 0x0.0p+0, NULL, "=12.3", "         0.0"},
    {'f', 0, 0x0.0p+0, NULL, "-012.3f", "00000000.000"},
    {'f', 0, -0x0.0p+0, NULL, "F", "-0.000000"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "e", "1.000000e+00"},
    {'f', 0, 0x1.0000000000000p+0, NULL, "x=+15.3g", "+xxxxxxxxxxxxx1"},
    {'f', 0, -0x1.0000000000000p+0, NULL, "0<12.3", "-1.000000000"},
    {'f', 0, -0x1.0000000000000p+0, NULL, "e", "-1.000000e+00"},
    {'f', 0, -0x1.0000000000000p+0, NULL, ".10f", "-1.0000000000"},
    {'f', 0, 0x1.0000000000000p-1, NULL, ".0", "0.5"},
    {'f', 0, 0x1.0000000000000p-1, NULL, "10", "       0.5"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "012n", "0000000001.5"},
    {'f', 0, 0x1.8000000000000p+0, NULL, ".3e", "1.500e+00"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "x=+15.3g", "+xxxxxxxxxxx1.5"},
    {'f', 0, 0x1.4000000000000p+1, NULL, "#.500g", "2.5000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {'f', 0, 0x1.4000000000000p+1, NULL, "020,.2f", "0,000,000,000,002.50"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "015", "00000000000.125"},
    {'f', 0, 0x1.0000000000000p-3, NULL, "<10", "0.125     "},
    {'f', 0, 0x1.0000000000000p-3, NULL, "#g", "0.125000"},
    {'f', 0, 0x1.8000000000000p-2, NULL, "#g", "0.375000"},
    {'f', 0, 0x1.8000000000000p-2, NULL, "g", "0.375"},
    {'f', 0, 0x1.999999999999ap-4, NULL, "", "0.1"},
    {'f', 0, 0x1.999999999999ap-4, NULL, "G", "0.1"},
    {'f', 0, 0x1.999999999999ap-4, NULL, "#.3g", "0.100"},
    {'f', 0, 0x1.3333333333334p-2, NULL, "n", "0.3"},
    {'f', 0, 0x1.3333333333334p-2, NULL, "30.20e", "    3.00000000000000044409e-01"},
    {'f', 0, 0x1.3333333333334p-2, NULL, "10", "0.30000000000000004"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, "#", "1234.5"},
    {'f', 0, 0x1.34a0000000000p+10, NULL, "012n", "0000001234.5"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, ".0g", "-1e+03"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, ".1%", "-123450.0%"},
    {'f', 0, -0x1.34a0000000000p+10, NULL, ".400e", "-1.2345000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+03"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, ",.3e", "1.235e+06"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, ".3e", "1.235e+06"},
    {'f', 0, 0x1.2d687e4189375p+20, NULL, ",", "1,234,567.891"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ".3n", "1e+16"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, ".16", "1e+16"},
    {'f', 0, 0x1.1c37937e08000p+53, NULL, "g", "1e+16"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, ".17", "1e+20"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "E", "1.000000E+20"},
    {'f', 0, 0x1.5af1d78b58c40p+66, NULL, "", "1e+20"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "n", "1e-05"},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "#", "1.e-05"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, " ", " 0.00012345"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, "=12.3", "    0.000123"},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, ".60f", "0.000123449999999999992031374240752938931109383702278137207031"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, ".10g", "9.9999"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, "010.2f", "0000010.00"},
    {'f', 0, 0x1.3fff2e48e8a72p+3, NULL, "n", "9.9999"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, ".17", "99999.990000000005"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "*^20.4e", "*****1.0000e+05*****"},
    {'f', 0, 0x1.869ffd70a3d71p+16, NULL, "0<12.3", "1e+050000000"},
    {'f', 0, 0x1.d6f3454000000p+26, NULL, "+.2f", "+123456789.00"},
    {'f', 0, 0x1.d6f3454000000p+26, NULL, ".20", "123456789.0"},
    {'f', 0, 0x1.d6f3454000000p+26, NULL, ".2f", "123456789.00"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, ">20,.1f", "                 0.0"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, ">12.3", "   4.94e-324"},
    {'f', 0, 0x0.0000000000001p-1022, NULL, "#.3", "4.94e-324"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, "+.2f", "+179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.00"},
    {'f', 0, 0x1.fffffffffffffp+1023, NULL, "#", "1.7976931348623157e+308"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, ",.2f", "0.00"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, "E", "2.225074E-308"},
    {'f', 0, 0x1.0000000000000p-1022, NULL, "012n", "2.22507e-308"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, " ", " 1e+22"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, "016_", "0_000_000_001e+22"},
    {'f', 0, 0x1.0f0cf064dd592p+73, NULL, ".0", "1e+22"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "10", "3.14159265358979"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "%", "314.159265%"},
    {'f', 0, 0x1.921fb54442d11p+1, NULL, "=12.3", "        3.14"},
    {'f', 0, -0x1.5bf0995aaf790p+1, NULL, "_.3f", "-2.718"},
    {'f', 0, -0x1.5bf0995aaf790p+1, NULL, "015", "-00000002.71828"},
    {'f', 0, -0x1.5bf0995aaf790p+1, NULL, "+", "-2.71828"},
    {'f', 0, INFINITY, NULL, ".16", "inf"},
    {'f', 0, INFINITY, NULL, ",", "inf"},
    {'f', 0, -INFINITY, NULL, "015", "-00000000000inf"},
    {'f', 0, -INFINITY, NULL, ".3", "-inf"},
    {'f', 0, -INFINITY, NULL, "*^20.4e", "********-inf********"},
    {'f', 0, NAN, NULL, "#g", "nan"},
    {'f', 0, NAN, NULL, ".0g", "nan"},
    {'f', 0, NAN, NULL, ".3n", "nan"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "_", "6.02214076e+23"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "\342\210\207>14.2f", "602214075999999987023872.00"},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "x=+15.3g", "+xxxxxx6.02e+23"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, ">20,.1f", "                 0.0"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, ".3", "1.6e-19"},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "g", "1.60218e-19"},
    {'f', 0, 0x1.8000000000000p+0, NULL, "d", NULL},
    {'f', 0, -INFINITY, NULL, "x", NULL},
    {'f', 0, -0x1.0000000000000p+0, NULL, "b", NULL},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, "s", NULL},
    {'f', 0, -0x0.0p+0, NULL, "c", NULL},
    {'f', 0, 0x1.3333333333334p-2, NULL, "o", NULL},
    {'f', 0, 0x1.4f8b588e368f1p-17, NULL, ",n", NULL},
    {'f', 0, 0x1.0000000000000p-1, NULL, "_n", NULL},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, ".f", NULL},
    {'f', 0, 0x1.02e4b6ce5dc68p-13, NULL, ",_", NULL},
    {'f', 0, 0x1.fe185ca57c517p+78, NULL, "_,", NULL},
    {'f', 0, NAN, NULL, "10.3fx", NULL},
    {'f', 0, -0x1.34a0000000000p+10, NULL, ".2q", NULL},
    {'f', 0, -INFINITY, NULL, "=s", NULL},
    {'f', 0, 0x1.7a4da290c1653p-63, NULL, "#=^10", NULL},
    {'i', INT64_MIN, 0, NULL, "", "-9223372036854775808"},
    {'i', INT64_C(10), 0, NULL, "", "10"},
    {'i', INT64_C(99), 0, NULL, "", "99"},
    {'i', INT64_C(-1), 0, NULL, "d", "-1"},
    {'i', INT64_C(10), 0, NULL, "d", "10"},
    {'i', INT64_C(4096), 0, NULL, "d", "4096"},
    {'i', INT64_C(-2147483648), 0, NULL, "n", "-2147483648"},
    {'i', INT64_C(8711), 0, NULL, "n", "8711"},
    {'i', INT64_C(7), 0, NULL, "n", "7"},
    {'i', INT64_C(65), 0, NULL, "5", "   65"},
    {'i', INT64_C(1000), 0, NULL, "5", " 1000"},
    {'i', INT64_C(-255), 0, NULL, "5", " -255"},
    {'i', INT64_C(42), 0, NULL, "<5", "42   "},
    {'i', INT64_C(100), 0, NULL, "<5", "100  "},
    {'i', INT64_C(65), 0, NULL, "<5", "65   "},
    {'i', INT64_C(65535), 0, NULL, "^7", " 65535 "},
    {'i', INT64_C(-42), 0, NULL, "^7", "  -42  "},
    {'i', INT64_C(128512), 0, NULL, "^7", "128512 "},
    {'i', INT64_C(99), 0, NULL, ">7", "     99"},
    {'i', INT64_C(65535), 0, NULL, ">7", "  65535"},
    {'i', INT64_C(8711), 0, NULL, ">7", "   8711"},
    {'i', INT64_C(955), 0, NULL, "=7", "    955"},
    {'i', INT64_C(10), 0, NULL, "=7", "     10"},
    {'i', INT64_C(-42), 0, NULL, "=7", "-    42"},
    {'i', INT64_C(1), 0, NULL, "+", "+1"},
    {'i', INT64_C(1000), 0, NULL, "+", "+1000"},
    {'i', INT64_C(1234567890123), 0, NULL, "+", "+1234567890123"},
    {'i', INT64_C(1), 0, NULL, " ", " 1"},
    {'i', INT64_C(-2147483648), 0, NULL, " ", "-2147483648"},
    {'i', INT64_C(1234567890123), 0, NULL, " ", " 1234567890123"},
    {'i', INT64_C(42), 0, NULL, "-", "42"},
    {'i', INT64_C(9), 0, NULL, "-", "9"},
    {'i', INT64_C(-255), 0, NULL, "-", "-255"},
    {'i', INT64_C(2147483647), 0, NULL, "+d", "+2147483647"},
    {'i', INT64_C(255), 0, NULL, "+d", "+255"},
    {'i', INT64_C(-42), 0, NULL, "+d", "-42"},
    {'i', INT64_C(65), 0, NULL, " 5", "   65"},
    {'i', INT64_C(-42), 0, NULL, " 5", "  -42"},
    {'i', INT64_C(8711), 0, NULL, " 5", " 8711"},
    {'i', INT64_C(1234567890123), 0, NULL, "05", "1234567890123"},
    {'i', INT64_C(955), 0, NULL, "05", "00955"},
    {'i', INT64_C(100), 0, NULL, "05", "00100"},
    {'i', INT64_C(9), 0, NULL, "010", "0000000009"},
    {'i', INT64_C(-42), 0, NULL, "010", "-000000042"},
    {'i', INT64_C(955), 0, NULL, "010", "0000000955"},
    {'i', INT64_C(1000), 0, NULL, "-010", "0000001000"},
    {'i', INT64_C(42), 0, NULL, "-010", "0000000042"},
    {'i', INT64_C(100), 0, NULL, "-010", "0000000100"},
    {'i', INT64_C(-255), 0, NULL, "+010", "-000000255"},
    {'i', INT64_MIN, 0, NULL, "+010", "-9223372036854775808"},
    {'i', INT64_C(-123456789), 0, NULL, "+010", "-123456789"},
    {'i', INT64_C(-2147483648), 0, NULL, "*<8", "-2147483648"},
    {'i', INT64_C(-123456789), 0, NULL, "*<8", "-123456789"},
    {'i', INT64_C(1234567890123), 0, NULL, "*<8", "1234567890123"},
    {'i', INT64_C(1234567890123), 0, NULL, "*^9", "1234567890123"},
    {'i', INT64_C(955), 0, NULL, "*^9", "***955***"},
    {'i', INT64_C(255), 0, NULL, "*^9", "***255***"},
    {'i', INT64_C(65), 0, NULL, "\342\210\207>8", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\20765"},
    {'i', INT64_C(-1), 0, NULL, "\342\210\207>8", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207-1"},
    {'i', INT64_C(-123456789), 0, NULL, "\342\210\207>8", "-123456789"},
    {'i', INT64_C(9), 0, NULL, "0<6", "900000"},
    {'i', INT64_C(4096), 0, NULL, "0<6", "409600"},
    {'i', INT64_C(-2147483648), 0, NULL, "0<6", "-2147483648"},
    {'i', INT64_C(-42), 0, NULL, "0^7", "00-4200"},
    {'i', INT64_C(4096), 0, NULL, "0^7", "0409600"},
    {'i', INT64_C(0), 0, NULL, "0^7", "0000000"},
    {'i', INT64_MIN, 0, NULL, ",", "-9,223,372,036,854,775,808"},
    {'i', INT64_C(7), 0, NULL, ",", "7"},
    {'i', INT64_C(955), 0, NULL, ",", "955"},
    {'i', INT64_C(42), 0, NULL, "_", "42"},
    {'i', INT64_C(65), 0, NULL, "_", "65"},
    {'i', INT64_C(955), 0, NULL, "_", "955"},
    {'i', INT64_C(0), 0, NULL, ",d", "0"},
    {'i', INT64_C(123456789), 0, NULL, ",d", "123,456,789"},
    {'i', INT64_C(128512), 0, NULL, ",d", "128,512"},
    {'i', INT64_C(1234567890123), 0, NULL, "_d", "1_234_567_890_123"},
    {'i', INT64_C(955), 0, NULL, "_d", "955"},
    {'i', INT64_C(42), 0, NULL, "_d", "42"},
    {'i', INT64_C(999), 0, NULL, "010,", "00,000,999"},
    {'i', INT64_C(0), 0, NULL, "010,", "00,000,000"},
    {'i', INT64_C(955), 0, NULL, "010,", "00,000,955"},
    {'i', INT64_C(4096), 0, NULL, "011,", "000,004,096"},
    {'i', INT64_C(7), 0, NULL, "011,", "000,000,007"},
    {'i', INT64_C(999), 0, NULL, "011,", "000,000,999"},
    {'i', INT64_C(1000), 0, NULL, "012,", "0,000,001,000"},
    {'i', INT64_C(255), 0, NULL, "012,", "0,000,000,255"},
    {'i', INT64_C(999), 0, NULL, "012,", "0,000,000,999"},
    {'i', INT64_C(65), 0, NULL, "09_", "0_000_065"},
    {'i', INT64_C(128512), 0, NULL, "09_", "0_128_512"},
    {'i', INT64_C(65535), 0, NULL, "09_", "0_065_535"},
    {'i', INT64_C(999), 0, NULL, "0=13,", "0,000,000,999"},
    {'i', INT64_C(99), 0, NULL, "0=13,", "0,000,000,099"},
    {'i', INT64_C(955), 0, NULL, "0=13,", "0,000,000,955"},
    {'i', INT64_C(9), 0, NULL, "+015,", "+00,000,000,009"},
    {'i', INT64_C(-2147483648), 0, NULL, "+015,", "-02,147,483,648"},
    {'i', INT64_C(955), 0, NULL, "+015,", "+00,000,000,955"},
    {'i', INT64_C(9007199254740993), 0, NULL, "x", "20000000000001"},
    {'i', INT64_C(9), 0, NULL, "x", "9"},
    {'i', INT64_C(99), 0, NULL, "x", "63"},
    {'i', INT64_C(-2147483648), 0, NULL, "X", "-80000000"},
    {'i', INT64_C(65535), 0, NULL, "X", "FFFF"},
    {'i', INT64_C(955), 0, NULL, "X", "3BB"},
    {'i', INT64_C(-255), 0, NULL, "#x", "-0xff"},
    {'i', INT64_C(42), 0, NULL, "#x", "0x2a"},
    {'i', INT64_C(9223372036854775807), 0, NULL, "#x", "0x7fffffffffffffff"},
    {'i', INT64_C(-42), 0, NULL, "#X", "-0X2A"},
    {'i', INT64_C(4096), 0, NULL, "#X", "0X1000"},
    {'i', INT64_C(-255), 0, NULL, "#X", "-0XFF"},
    {'i', INT64_C(10), 0, NULL, "#010x", "0x0000000a"},
    {'i', INT64_C(4096), 0, NULL, "#010x", "0x00001000"},
    {'i', INT64_C(65535), 0, NULL, "#010x", "0x0000ffff"},
    {'i', INT64_C(0), 0, NULL, "#012_x", "0x0_0000_0000"},
    {'i', INT64_C(99), 0, NULL, "#012_x", "0x0_0000_0063"},
    {'i', INT64_C(2147483647), 0, NULL, "#012_x", "0x0_7fff_ffff"},
    {'i', INT64_C(-255), 0, NULL, "_x", "-ff"},
    {'i', INT64_C(255), 0, NULL, "_x", "ff"},
    {'i', INT64_C(1), 0, NULL, "_x", "1"},
    {'i', INT64_C(1000), 0, NULL, "#_b", "0b11_1110_1000"},
    {'i', INT64_C(128512), 0, NULL, "#_b", "0b1_1111_0110_0000_0000"},
    {'i', INT64_C(255), 0, NULL, "#_b", "0b1111_1111"},
    {'i', INT64_C(2147483647), 0, NULL, "b", "1111111111111111111111111111111"},
    {'i', INT64_C(7), 0, NULL, "b", "111"},
    {'i', INT64_C(65535), 0, NULL, "b", "1111111111111111"},
    {'i', INT64_C(1000), 0, NULL, "#b", "0b1111101000"},
    {'i', INT64_C(-42), 0, NULL, "#b", "-0b101010"},
    {'i', INT64_C(-255), 0, NULL, "#b", "-0b11111111"},
    {'i', INT64_MIN, 0, NULL, "o", "-1000000000000000000000"},
    {'i', INT64_C(1000), 0, NULL, "o", "1750"},
    {'i', INT64_C(0), 0, NULL, "o", "0"},
    {'i', INT64_C(9223372036854775807), 0, NULL, "#o", "0o777777777777777777777"},
    {'i', INT64_C(955), 0, NULL, "#o", "0o1673"},
    {'i', INT64_C(100), 0, NULL, "#o", "0o144"},
    {'i', INT64_C(100), 0, NULL, "_o", "144"},
    {'i', INT64_C(123456789), 0, NULL, "_o", "7_2674_6425"},
    {'i', INT64_C(955), 0, NULL, "_o", "1673"},
    {'i', INT64_C(-255), 0, NULL, "#_X", "-0XFF"},
    {'i', INT64_C(100), 0, NULL, "#_X", "0X64"},
    {'i', INT64_C(7), 0, NULL, "#_X", "0X7"},
    {'i', INT64_C(955), 0, NULL, "=+#20_x", "+0x              3bb"},
    {'i', INT64_MIN, 0, NULL, "=+#20_x", "-0x8000_0000_0000_0000"},
    {'i', INT64_C(42), 0, NULL, "=+#20_x", "+0x               2a"},
    {'i', INT64_C(1000), 0, NULL, "c", "\317\250"},
    {'i', INT64_C(955), 0, NULL, "c", "\316\273"},
    {'i', INT64_C(999), 0, NULL, "c", "\317\247"},
    {'i', INT64_C(128512), 0, NULL, "c", "\360\237\230\200"},
    {'i', INT64_C(65535), 0, NULL, "c", "\357\277\277"},
    {'i', INT64_C(99), 0, NULL, "^5c", "  c  "},
    {'i', INT64_C(128512), 0, NULL, "^5c", "  \360\237\230\200  "},
    {'i', INT64_C(1000), 0, NULL, "^5c", "  \317\250  "},
    {'i', INT64_C(4096), 0, NULL, "*>4c", "***\341\200\200"},
    {'i', INT64_C(255), 0, NULL, "*>4c", "***\303\277"},
    {'i', INT64_C(8711), 0, NULL, "*>4c", "***\342\210\207"},
    {'i', INT64_C(-2147483648), 0, NULL, "e", "-2.147484e+09"},
    {'i', INT64_C(7), 0, NULL, "e", "7.000000e+00"},
    {'i', INT64_C(10), 0, NULL, "e", "1.000000e+01"},
    {'i', INT64_C(1), 0, NULL, ".2e", "1.00e+00"},
    {'i', INT64_C(99), 0, NULL, ".2e", "9.90e+01"},
    {'i', INT64_C(42), 0, NULL, ".2e", "4.20e+01"},
    {'i', INT64_C(955), 0, NULL, "f", "955.000000"},
    {'i', INT64_C(9223372036854775807), 0, NULL, "f", "9223372036854775808.000000"},
    {'i', INT64_C(1000), 0, NULL, "f", "1000.000000"},
    {'i', INT64_C(65), 0, NULL, ".2f", "65.00"},
    {'i', INT64_C(1), 0, NULL, ".2f", "1.00"},
    {'i', INT64_C(1000), 0, NULL, ".2f", "1000.00"},
    {'i', INT64_C(9223372036854775807), 0, NULL, ",.2f", "9,223,372,036,854,775,808.00"},
    {'i', INT64_C(123456789), 0, NULL, ",.2f", "123,456,789.00"},
    {'i', INT64_C(2147483647), 0, NULL, ",.2f", "2,147,483,647.00"},
    {'i', INT64_C(-2147483648), 0, NULL, "g", "-2.14748e+09"},
    {'i', INT64_C(4096), 0, NULL, "g", "4096"},
    {'i', INT64_C(9), 0, NULL, "g", "9"},
    {'i', INT64_C(10), 0, NULL, ".3g", "10"},
    {'i', INT64_C(42), 0, NULL, ".3g", "42"},
    {'i', INT64_C(123456789), 0, NULL, ".3g", "1.23e+08"},
    {'i', INT64_C(1), 0, NULL, "G", "1"},
    {'i', INT64_C(2147483647), 0, NULL, "G", "2.14748E+09"},
    {'i', INT64_C(-1), 0, NULL, "G", "-1"},
    {'i', INT64_C(955), 0, NULL, "%", "95500.000000%"},
    {'i', INT64_C(123456789), 0, NULL, "%", "12345678900.000000%"},
    {'i', INT64_C(65), 0, NULL, "%", "6500.000000%"},
    {'i', INT64_C(8711), 0, NULL, ".1%", "871100.0%"},
    {'i', INT64_C(42), 0, NULL, ".1%", "4200.0%"},
    {'i', INT64_C(4096), 0, NULL, ".1%", "409600.0%"},
    {'i', INT64_C(-1), 0, NULL, "020,.3e", "-000,000,001.000e+00"},
    {'i', INT64_C(8711), 0, NULL, "020,.3e", "0,000,000,008.711e+03"},
    {'i', INT64_C(255), 0, NULL, "020,.3e", "0,000,000,002.550e+02"},
    {'i', INT64_C(128512), 0, NULL, "012n", "000000128512"},
    {'i', INT64_C(-123456789), 0, NULL, "012n", "-00123456789"},
    {'i', INT64_C(65535), 0, NULL, "012n", "000000065535"},
    {'i', INT64_C(9), 0, NULL, "+,", "+9"},
    {'i', INT64_MIN, 0, NULL, "+,", "-9,223,372,036,854,775,808"},
    {'i', INT64_C(255), 0, NULL, "+,", "+255"},
    {'i', INT64_C(1000), 0, NULL, "^+10,", "  +1,000  "},
    {'i', INT64_C(1234567890123), 0, NULL, "^+10,", "+1,234,567,890,123"},
    {'i', INT64_C(42), 0, NULL, "^+10,", "   +42    "},
    {'i', INT64_C(0), 0, NULL, "_x", "0"},
    {'i', INT64_C(0), 0, NULL, "X", "0"},
    {'i', INT64_C(0), 0, NULL, "#x", "0x0"},
    {'i', INT64_C(1), 0, NULL, "09_", "0_000_001"},
    {'i', INT64_C(1), 0, NULL, "+010", "+000000001"},
    {'i', INT64_C(1), 0, NULL, "012,", "0,000,000,001"},
    {'i', INT64_C(-1), 0, NULL, "*^9", "***-1****"},
    {'i', INT64_C(-1), 0, NULL, "n", "-1"},
    {'i', INT64_C(-1), 0, NULL, "o", "-1"},
    {'i', INT64_C(7), 0, NULL, ">7", "      7"},
    {'i', INT64_C(7), 0, NULL, "#010x", "0x00000007"},
    {'i', INT64_C(7), 0, NULL, "\342\210\207>8", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\2077"},
    {'i', INT64_C(9), 0, NULL, "012,", "0,000,000,009"},
    {'i', INT64_C(9), 0, NULL, "012n", "000000000009"},
    {'i', INT64_C(10), 0, NULL, ",d", "10"},
    {'i', INT64_C(10), 0, NULL, "+010", "+000000010"},
    {'i', INT64_C(10), 0, NULL, "012,", "0,000,000,010"},
    {'i', INT64_C(42), 0, NULL, "%", "4200.000000%"},
    {'i', INT64_C(42), 0, NULL, "+015,", "+00,000,000,042"},
    {'i', INT64_C(42), 0, NULL, "_o", "52"},
    {'i', INT64_C(-42), 0, NULL, "b", "-101010"},
    {'i', INT64_C(-42), 0, NULL, ".2f", "-42.00"},
    {'i', INT64_C(-42), 0, NULL, "012,", "-000,000,042"},
    {'i', INT64_C(99), 0, NULL, "012n", "000000000099"},
    {'i', INT64_C(99), 0, NULL, "+015,", "+00,000,000,099"},
    {'i', INT64_C(99), 0, NULL, "-010", "0000000099"},
    {'i', INT64_C(100), 0, NULL, ".3g", "100"},
    {'i', INT64_C(100), 0, NULL, "o", "144"},
    {'i', INT64_C(255), 0, NULL, "0^7", "0025500"},
    {'i', INT64_C(255), 0, NULL, "=7", "    255"},
    {'i', INT64_C(255), 0, NULL, "<5", "255  "},
    {'i', INT64_C(-255), 0, NULL, ",.2f", "-255.00"},
    {'i', INT64_C(-255), 0, NULL, "o", "-377"},
    {'i', INT64_C(-255), 0, NULL, ".2f", "-255.00"},
    {'i', INT64_C(999), 0, NULL, "#b", "0b1111100111"},
    {'i', INT64_C(999), 0, NULL, "#x", "0x3e7"},
    {'i', INT64_C(999), 0, NULL, ",", "999"},
    {'i', INT64_C(1000), 0, NULL, "020,.3e", "0,000,000,001.000e+03"},
    {'i', INT64_C(1000), 0, NULL, "0<6", "100000"},
    {'i', INT64_C(4096), 0, NULL, "#o", "0o10000"},
    {'i', INT64_C(4096), 0, NULL, "", "4096"},
    {'i', INT64_C(4096), 0, NULL, ",", "4,096"},
    {'i', INT64_C(65535), 0, NULL, "020,.3e", "0,000,000,006.554e+04"},
    {'i', INT64_C(65535), 0, NULL, "#b", "0b1111111111111111"},
    {'i', INT64_C(65535), 0, NULL, "e", "6.553500e+04"},
    {'i', INT64_C(123456789), 0, NULL, "+015,", "+00,123,456,789"},
    {'i', INT64_C(123456789), 0, NULL, ".2e", "1.23e+08"},
    {'i', INT64_C(123456789), 0, NULL, "#012_x", "0x0_075b_cd15"},
    {'i', INT64_C(-123456789), 0, NULL, "x", "-75bcd15"},
    {'i', INT64_C(-123456789), 0, NULL, "010", "-123456789"},
    {'i', INT64_C(-123456789), 0, NULL, "0<6", "-123456789"},
    {'i', INT64_C(1234567890123), 0, NULL, " 5", " 1234567890123"},
    {'i', INT64_C(1234567890123), 0, NULL, "#012_x", "0x11f_71fb_04cb"},
    {'i', INT64_C(2147483647), 0, NULL, "n", "2147483647"},
    {'i', INT64_C(2147483647), 0, NULL, "=7", "2147483647"},
    {'i', INT64_C(2147483647), 0, NULL, "o", "17777777777"},
    {'i', INT64_C(-2147483648), 0, NULL, "#010x", "-0x80000000"},
    {'i', INT64_C(-2147483648), 0, NULL, "_x", "-8000_0000"},
    {'i', INT64_C(-2147483648), 0, NULL, "_d", "-2_147_483_648"},
    {'i', INT64_C(9007199254740993), 0, NULL, "+,", "+9,007,199,254,740,993"},
    {'i', INT64_C(9007199254740993), 0, NULL, "e", "9.007199e+15"},
    {'i', INT64_C(9007199254740993), 0, NULL, "b", "100000000000000000000000000000000000000000000000000001"},
    {'i', INT64_C(9223372036854775807), 0, NULL, "012,", "9,223,372,036,854,775,807"},
    {'i', INT64_C(9223372036854775807), 0, NULL, "#012_x", "0x7fff_ffff_ffff_ffff"},
    {'i', INT64_C(9223372036854775807), 0, NULL, "09_", "9_223_372_036_854_775_807"},
    {'i', INT64_MIN, 0, NULL, "010", "-9223372036854775808"},
    {'i', INT64_C(65), 0, NULL, "^7", "  65   "},
    {'i', INT64_C(65), 0, NULL, "-", "65"},
    {'i', INT64_C(65), 0, NULL, "", "65"},
    {'i', INT64_C(955), 0, NULL, " ", " 955"},
    {'i', INT64_C(955), 0, NULL, ".2f", "955.00"},
    {'i', INT64_C(8711), 0, NULL, ".2e", "8.71e+03"},
    {'i', INT64_C(8711), 0, NULL, "012n", "000000008711"},
    {'i', INT64_C(8711), 0, NULL, "#b", "0b10001000000111"},
    {'i', INT64_C(128512), 0, NULL, ".2f", "128512.00"},
    {'i', INT64_C(128512), 0, NULL, "#X", "0X1F600"},
    {'i', INT64_C(128512), 0, NULL, "#012_x", "0x0_0001_f600"},
    {'i', INT64_C(100), 0, NULL, ".2", NULL},
    {'i', INT64_C(-255), 0, NULL, ".2d", NULL},
    {'i', INT64_C(99), 0, NULL, "s", NULL},
    {'i', INT64_C(99), 0, NULL, ",c", NULL},
    {'i', INT64_C(128512), 0, NULL, "+c", NULL},
    {'i', INT64_C(0), 0, NULL, "#c", NULL},
    {'i', INT64_C(1), 0, NULL, "#", "1"},
    {'i', INT64_MIN, 0, NULL, ",x", NULL},
    {'i', INT64_C(255), 0, NULL, ",b", NULL},
    {'i', INT64_C(65), 0, NULL, ",n", NULL},
    {'i', INT64_C(7), 0, NULL, "_n", NULL},
    {'i', INT64_C(-42), 0, NULL, ",_d", NULL},
    {'i', INT64_C(1000), 0, NULL, "q", NULL},
    {'i', INT64_C(9223372036854775807), 0, NULL, ".x", NULL},
    {'i', INT64_C(-1), 0, NULL, "c", NULL},
    {'i', INT64_C(1114112), 0, NULL, "c", NULL},
    {'s', 0, 0, "", "", ""},
    {'s', 0, 0, "a", "", "a"},
    {'s', 0, 0, "hello", "", "hello"},
    {'s', 0, 0, "h\303\251llo", "", "h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "", "\342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", "", "abcdefghijkl"},
    {'s', 0, 0, "", "s", ""},
    {'s', 0, 0, "a", "s", "a"},
    {'s', 0, 0, "hello", "s", "hello"},
    {'s', 0, 0, "h\303\251llo", "s", "h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "s", "\342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", "s", "abcdefghijkl"},
    {'s', 0, 0, "", "10", "          "},
    {'s', 0, 0, "a", "10", "a         "},
    {'s', 0, 0, "hello", "10", "hello     "},
    {'s', 0, 0, "h\303\251llo", "10", "h\303\251llo     "},
    {'s', 0, 0, "\342\210\207x\342\210\207", "10", "\342\210\207x\342\210\207       "},
    {'s', 0, 0, "abcdefghijkl", "10", "abcdefghijkl"},
    {'s', 0, 0, "", "<10", "          "},
    {'s', 0, 0, "a", "<10", "a         "},
    {'s', 0, 0, "hello", "<10", "hello     "},
    {'s', 0, 0, "h\303\251llo", "<10", "h\303\251llo     "},
    {'s', 0, 0, "\342\210\207x\342\210\207", "<10", "\342\210\207x\342\210\207       "},
    {'s', 0, 0, "abcdefghijkl", "<10", "abcdefghijkl"},
    {'s', 0, 0, "", ">10", "          "},
    {'s', 0, 0, "a", ">10", "         a"},
    {'s', 0, 0, "hello", ">10", "     hello"},
    {'s', 0, 0, "h\303\251llo", ">10", "     h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", ">10", "       \342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", ">10", "abcdefghijkl"},
    {'s', 0, 0, "", "^10", "          "},
    {'s', 0, 0, "a", "^10", "    a     "},
    {'s', 0, 0, "hello", "^10", "  hello   "},
    {'s', 0, 0, "h\303\251llo", "^10", "  h\303\251llo   "},
    {'s', 0, 0, "\342\210\207x\342\210\207", "^10", "   \342\210\207x\342\210\207    "},
    {'s', 0, 0, "abcdefghijkl", "^10", "abcdefghijkl"},
    {'s', 0, 0, "", "^11", "           "},
    {'s', 0, 0, "a", "^11", "     a     "},
    {'s', 0, 0, "hello", "^11", "   hello   "},
    {'s', 0, 0, "h\303\251llo", "^11", "   h\303\251llo   "},
    {'s', 0, 0, "\342\210\207x\342\210\207", "^11", "    \342\210\207x\342\210\207    "},
    {'s', 0, 0, "abcdefghijkl", "^11", "abcdefghijkl"},
    {'s', 0, 0, "", "*^9", "*********"},
    {'s', 0, 0, "a", "*^9", "****a****"},
    {'s', 0, 0, "hello", "*^9", "**hello**"},
    {'s', 0, 0, "h\303\251llo", "*^9", "**h\303\251llo**"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "*^9", "***\342\210\207x\342\210\207***"},
    {'s', 0, 0, "abcdefghijkl", "*^9", "abcdefghijkl"},
    {'s', 0, 0, "", "\342\210\207>7", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207"},
    {'s', 0, 0, "a", "\342\210\207>7", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207a"},
    {'s', 0, 0, "hello", "\342\210\207>7", "\342\210\207\342\210\207hello"},
    {'s', 0, 0, "h\303\251llo", "\342\210\207>7", "\342\210\207\342\210\207h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "\342\210\207>7", "\342\210\207\342\210\207\342\210\207\342\210\207\342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", "\342\210\207>7", "abcdefghijkl"},
    {'s', 0, 0, "", ".3", ""},
    {'s', 0, 0, "a", ".3", "a"},
    {'s', 0, 0, "hello", ".3", "hel"},
    {'s', 0, 0, "h\303\251llo", ".3", "h\303\251l"},
    {'s', 0, 0, "\342\210\207x\342\210\207", ".3", "\342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", ".3", "abc"},
    {'s', 0, 0, "", "10.3", "          "},
    {'s', 0, 0, "a", "10.3", "a         "},
    {'s', 0, 0, "hello", "10.3", "hel       "},
    {'s', 0, 0, "h\303\251llo", "10.3", "h\303\251l       "},
    {'s', 0, 0, "\342\210\207x\342\210\207", "10.3", "\342\210\207x\342\210\207       "},
    {'s', 0, 0, "abcdefghijkl", "10.3", "abc       "},
    {'s', 0, 0, "", ".0", ""},
    {'s', 0, 0, "a", ".0", ""},
    {'s', 0, 0, "hello", ".0", ""},
    {'s', 0, 0, "h\303\251llo", ".0", ""},
    {'s', 0, 0, "\342\210\207x\342\210\207", ".0", ""},
    {'s', 0, 0, "abcdefghijkl", ".0", ""},
    {'s', 0, 0, "", "05", "00000"},
    {'s', 0, 0, "a", "05", "a0000"},
    {'s', 0, 0, "hello", "05", "hello"},
    {'s', 0, 0, "h\303\251llo", "05", "h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "05", "\342\210\207x\342\210\20700"},
    {'s', 0, 0, "abcdefghijkl", "05", "abcdefghijkl"},
    {'s', 0, 0, "", "0>5", "00000"},
    {'s', 0, 0, "a", "0>5", "0000a"},
    {'s', 0, 0, "hello", "0>5", "hello"},
    {'s', 0, 0, "h\303\251llo", "0>5", "h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "0>5", "00\342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", "0>5", "abcdefghijkl"},
    {'s', 0, 0, "", "^", ""},
    {'s', 0, 0, "a", "^", "a"},
    {'s', 0, 0, "hello", "^", "hello"},
    {'s', 0, 0, "h\303\251llo", "^", "h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "^", "\342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", "^", "abcdefghijkl"},
    {'s', 0, 0, "", "3", "   "},
    {'s', 0, 0, "a", "3", "a  "},
    {'s', 0, 0, "hello", "3", "hello"},
    {'s', 0, 0, "h\303\251llo", "3", "h\303\251llo"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "3", "\342\210\207x\342\210\207"},
    {'s', 0, 0, "abcdefghijkl", "3", "abcdefghijkl"},
    {'s', 0, 0, "", "x<8s", "xxxxxxxx"},
    {'s', 0, 0, "a", "x<8s", "axxxxxxx"},
    {'s', 0, 0, "hello", "x<8s", "helloxxx"},
    {'s', 0, 0, "h\303\251llo", "x<8s", "h\303\251lloxxx"},
    {'s', 0, 0, "\342\210\207x\342\210\207", "x<8s", "\342\210\207x\342\210\207xxxxx"},
    {'s', 0, 0, "abcdefghijkl", "x<8s", "abcdefghijkl"},
    {'s', 0, 0, "", ">5.2", "     "},
    {'s', 0, 0, "a", ">5.2", "    a"},
    {'s', 0, 0, "hello", ">5.2", "   he"},
    {'s', 0, 0, "h\303\251llo", ">5.2", "   h\303\251"},
    {'s', 0, 0, "\342\210\207x\342\210\207", ">5.2", "   \342\210\207x"},
    {'s', 0, 0, "abcdefghijkl", ">5.2", "   ab"},
    {'s', 0, 0, "abc", "=10", NULL},
    {'s', 0, 0, "abc", "+", NULL},
    {'s', 0, 0, "abc", " ", NULL},
    {'s', 0, 0, "abc", "#", NULL},
    {'s', 0, 0, "abc", ",", NULL},
    {'s', 0, 0, "abc", "_", NULL},
    {'s', 0, 0, "abc", "d", NULL},
    {'s', 0, 0, "abc", "x", NULL},
    {'s', 0, 0, "abc", "f", NULL},
    {'s', 0, 0, "abc", ".s", NULL},
    {'s', 0, 0, "abc", "10.2d", NULL},
    {'s', 0, 0, "x", ",s", NULL},
    {'s', 0, 0, "hello", ",s", NULL},
};
/* END GENERATED CASES */

static const ReprCase *repr_cases(size_t *n)
{
    *n = sizeof REPR_CASES / sizeof REPR_CASES[0];
    return REPR_CASES;
}

static const FormatCase *format_cases(size_t *n)
{
    *n = sizeof FORMAT_CASES / sizeof FORMAT_CASES[0];
    return FORMAT_CASES;
}
