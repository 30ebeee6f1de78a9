/*
 * format.c - see format.h.
 *
 * Output matches Python 3 to the character.  The digits come from the C
 * library (printf rounds correctly, ties to even, exactly as Python's dtoa
 * does) and from a shortest-round-trip search checked with strtod; the
 * layout of those digits (where the point goes, when to switch to an
 * exponent, '#' and the ".0" of integral floats) and the padding/grouping
 * rules follow Python's float formatting and format-spec implementation
 * step by step, so corner cases such as '010,' agree as well.
 */
#include "format.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errsize, const char *fmt, ...)
{
    if (err && errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return false;
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* ---- UTF-8 ------------------------------------------------------------ */

size_t utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Byte offset of codepoint number ncp (or len when the text is shorter). */
static size_t utf8_offset(const char *s, size_t len, size_t ncp)
{
    size_t i = 0;
    for (; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ncp-- == 0)
            break;
    return i;
}

/* Decodes one well-formed codepoint; returns its byte count, 0 if malformed. */
static size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    if (n == 0 || n > len || u[0] > 0xF4)
        return 0;
    uint32_t c = u[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min_for_len[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

static size_t utf8_encode(uint32_t cp, char u[4])
{
    if (cp < 0x80) {
        u[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- the spec --------------------------------------------------------- */

static bool is_align(char c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* Reads a decimal number; returns digits consumed, -1 past INT_MAX. */
static int parse_count(const char *s, size_t len, size_t *pos, int *out)
{
    int n = 0;
    int64_t v = 0;
    while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9') {
        v = v * 10 + (s[*pos] - '0');
        if (v > INT_MAX)
            return -1;
        (*pos)++;
        n++;
    }
    *out = (int)v;
    return n;
}

/* Grouping is allowed with the decimal-style codes; '_' also with the
   power-of-two bases, where it groups by four (PEP 378, PEP 515). */
static bool grouping_fits(char grouping, char type)
{
    if (!grouping)
        return true;
    if (strchr("defgEFG%", type) || type == 0)
        return true;
    return grouping == '_' && strchr("boxX", type);
}

/* format_spec ::= [[fill]align][sign][#][0][width][grouping][.precision][type]
   A '0' before the width means fill '0' (and '=' alignment for numbers)
   unless a fill was given. */
bool fmt_parse_spec(const char *spec, size_t len, FormatSpec *out, char *err, size_t errsize)
{
    FormatSpec f = {.fill = ' ', .width = -1, .precision = -1};
    size_t pos = 0;
    uint32_t cp = 0;
    size_t k = utf8_decode(spec, len, &cp);
    bool fill_given = false;

    if (k && k < len && is_align(spec[k])) {
        f.fill = cp;
        f.align = spec[k];
        fill_given = true;
        pos = k + 1;
    } else if (len > 0 && is_align(spec[0])) {
        f.align = spec[0];
        pos = 1;
    }
    if (pos < len && (spec[pos] == '+' || spec[pos] == '-' || spec[pos] == ' '))
        f.sign = spec[pos++];
    if (pos < len && spec[pos] == '#') {
        f.alternate = true;
        pos++;
    }
    if (!fill_given && pos < len && spec[pos] == '0') {
        f.zero_pad = true;
        pos++;
    }
    int n = parse_count(spec, len, &pos, &f.width);
    if (n < 0)
        return fail(err, errsize, "invalid format spec '%.*s': width too large", (int)len, spec);
    if (n == 0)
        f.width = -1;
    if (pos < len && (spec[pos] == ',' || spec[pos] == '_')) {
        f.grouping = spec[pos++];
        if (pos < len && (spec[pos] == ',' || spec[pos] == '_') && spec[pos] != f.grouping)
            return fail(err, errsize, "invalid format spec '%.*s': cannot use both ',' and '_'",
                        (int)len, spec);
    }
    if (pos < len && spec[pos] == '.') {
        pos++;
        n = parse_count(spec, len, &pos, &f.precision);
        if (n < 0)
            return fail(err, errsize, "invalid format spec '%.*s': precision too large", (int)len,
                        spec);
        if (n == 0)
            return fail(err, errsize, "invalid format spec '%.*s': missing precision after '.'",
                        (int)len, spec);
    }
    if (len - pos > 1)
        return fail(err, errsize, "invalid format spec '%.*s': unexpected '%.*s'", (int)len, spec,
                    (int)(len - pos), spec + pos);
    if (len - pos == 1) {
        f.type = spec[pos];
        if (!strchr("bcdeEfFgGnosxX%", f.type) || f.type == 0)
            return fail(err, errsize, "invalid format spec '%.*s': unknown format code '%c'",
                        (int)len, spec, f.type);
    }
    if (!grouping_fits(f.grouping, f.type))
        return fail(err, errsize, "invalid format spec '%.*s': cannot use '%c' with '%c'",
                    (int)len, spec, f.grouping, f.type);
    *out = f;
    return true;
}

/* ---- scratch memory --------------------------------------------------- */

/* Room for the digits of one number: on the stack in the common case, from
   the output's allocator when a large precision asks for more. */
typedef struct Scratch {
    char *p;
    size_t size;
    StrBuf *owner;
    char local[400];
} Scratch;

static char *scratch_get(Scratch *s, StrBuf *owner, size_t size)
{
    s->owner = owner;
    s->size = size;
    if (size <= sizeof s->local)
        return s->p = s->local;
    s->p = owner->alloc(owner->ud, NULL, 0, size);
    if (!s->p)
        owner->failed = true;
    return s->p;
}

static void scratch_free(Scratch *s)
{
    if (s->p && s->p != s->local)
        s->owner->alloc(s->owner->ud, s->p, s->size, 0);
    s->p = NULL;
}

/* ---- digits of a double ----------------------------------------------- */

/* Every result below describes a finite ax >= 0 as the digit string
   d[0..n) (no leading zero unless ax == 0, no trailing zeros) with
   ax ~= 0.d * 10^decpt: the convention of Python's dtoa. */

enum { REF_DIGITS = 25, MAX_SHORTEST = 17 };

static int trim_trailing_zeros(const char *d, int n)
{
    while (n > 1 && d[n - 1] == '0')
        n--;
    return n;
}

/* Parses printf's "%.*e" output "D.DDDe+XX" into digits and decpt. */
static int split_exp_form(const char *s, char *d, int *decpt)
{
    int n = 0;
    const char *p = s;
    for (; *p != 'e'; p++)
        if (*p != '.')
            d[n++] = *p;
    *decpt = atoi(p + 1) + 1;
    return trim_trailing_zeros(d, n);
}

static bool reads_back(double ax, const char *d, int n, int decpt)
{
    char text[MAX_SHORTEST + 16];
    int k = 0;
    text[k++] = d[0];
    text[k++] = '.';
    memcpy(text + k, d + 1, (size_t)n - 1);
    k += n - 1;
    snprintf(text + k, sizeof text - (size_t)k, "e%d", decpt - 1);
    return strtod(text, NULL) == ax;
}

/* Adds one unit in the last of the p digits; returns the new decpt. */
static int bump_up(char *d, int p, int decpt)
{
    int i = p - 1;
    while (i >= 0 && d[i] == '9')
        d[i--] = '0';
    if (i >= 0) {
        d[i]++;
        return decpt;
    }
    d[0] = '1';
    return decpt + 1;
}

/* The p-digit decimal nearest ax, from the REF_DIGITS-digit rounding ref.
   Rounding an already rounded string twice is only wrong when the dropped
   tail reads exactly 5000...: then printf rounds ax itself.  Sets *down
   when the result is below ax. */
static int nearest_digits(double ax, const char *ref, int ref_decpt, int p, char *d, bool *down)
{
    int decpt = ref_decpt;
    memcpy(d, ref, (size_t)p);
    bool up = ref[p] > '5';
    if (ref[p] == '5') {
        up = false;
        for (int i = p + 1; i < REF_DIGITS; i++)
            up |= ref[i] != '0';
        if (!up) {
            char buf[REF_DIGITS + 16];
            char exact[REF_DIGITS];
            snprintf(buf, sizeof buf, "%.*e", p - 1, ax);
            int n = split_exp_form(buf, exact, &decpt);
            up = decpt != ref_decpt || memcmp(exact, ref, (size_t)n) != 0;
            memcpy(d, exact, (size_t)n);
            memset(d + n, '0', (size_t)(p - n));
            *down = !up;
            return decpt;
        }
    }
    *down = !up;
    return up ? bump_up(d, p, decpt) : decpt;
}

/* Whether some p-digit decimal reads back as ax; if so it is left in d
   (the nearest such).  Only when ax is a power of two is the interval of
   decimals that read back lopsided (twice as wide above as below), so
   only then can the nearest miss while the next one up still fits. */
static bool try_digits(double ax, const char *ref, int ref_decpt, bool lopsided, int p, char *d,
                       int *decpt)
{
    bool down;
    *decpt = nearest_digits(ax, ref, ref_decpt, p, d, &down);
    if (reads_back(ax, d, p, *decpt))
        return true;
    if (lopsided && down) {
        *decpt = bump_up(d, p, *decpt);
        return reads_back(ax, d, p, *decpt);
    }
    return false;
}

/* Python's repr digits: the fewest that read back as ax, the nearest of
   those.  Whether p digits suffice is monotone in p (p-digit decimals are
   also (p+1)-digit ones), so the count is found by bisection; 17 always
   suffice for a double. */
static int shortest_digits(double ax, char *d, int *decpt)
{
    if (ax == 0) {
        d[0] = '0';
        *decpt = 1;
        return 1;
    }
    char buf[REF_DIGITS + 16], ref[REF_DIGITS + 1];
    snprintf(buf, sizeof buf, "%.*e", REF_DIGITS - 1, ax);
    int ref_decpt;
    int n = split_exp_form(buf, ref, &ref_decpt);
    memset(ref + n, '0', (size_t)(REF_DIGITS - n));

    int exp2;
    double m = frexp(ax, &exp2);
    bool lopsided = m == 0.5 && exp2 > DBL_MIN_EXP;

    char cand[MAX_SHORTEST];
    int lo = 1, hi = MAX_SHORTEST, found = 0;
    while (lo < hi) {
        int mid = (lo + hi) / 2, cd;
        if (try_digits(ax, ref, ref_decpt, lopsided, mid, cand, &cd)) {
            hi = mid;
            found = mid;
            memcpy(d, cand, (size_t)mid);
            *decpt = cd;
        } else {
            lo = mid + 1;
        }
    }
    if (found != lo)
        try_digits(ax, ref, ref_decpt, lopsided, lo, d, decpt);
    return trim_trailing_zeros(d, lo);
}

/* Digits for printf-style codes: 'e' mode keeps ndigits significant
   digits, 'f' mode ndigits after the point.  d needs ndigits + 8 bytes in
   'e' mode, ndigits + 320 in 'f' mode; tmp the same. */
static int rounded_digits(double ax, char mode, int ndigits, char *d, char *tmp, size_t tmpsize,
                          int *decpt)
{
    if (mode == 'e') {
        snprintf(tmp, tmpsize, "%.*e", ndigits - 1, ax);
        return split_exp_form(tmp, d, decpt);
    }
    snprintf(tmp, tmpsize, "%.*f", ndigits, ax);
    int n = 0, int_digits = -1;
    for (const char *p = tmp; *p; p++) {
        if (*p == '.')
            int_digits = n;
        else
            d[n++] = *p;
    }
    if (int_digits < 0)
        int_digits = n;
    int lead = 0;
    while (lead < n && d[lead] == '0')
        lead++;
    if (lead == n) {
        d[0] = '0';
        *decpt = 1;
        return 1;
    }
    memmove(d, d + lead, (size_t)(n - lead));
    *decpt = int_digits - lead;
    return trim_trailing_zeros(d, n - lead);
}

/* ---- laying out digits ------------------------------------------------ */

/* Python's float layout.  code: 'e' (precision = significant digits), 'f'
   (precision = digits after the point), 'g' (precision = significant
   digits, exponent when decpt <= -4 or decpt > precision), 'r' (repr:
   exponent when decpt <= -4 or decpt > 16).  add_dot_0 keeps one digit
   after the point on integral values; alt keeps trailing zeros ('g') and a
   bare point.  The text is the digit string d padded with zeros on both
   sides, sliced to [vstart, vend) with the point inserted at decpt. */
typedef struct FloatLayout {
    bool use_exp;
    int exp;
    int64_t decpt, vstart, vend;
} FloatLayout;

static FloatLayout plan_layout(int n, int decpt, char code, int64_t precision, bool add_dot_0,
                               bool alt)
{
    FloatLayout L = {.decpt = decpt, .vend = n};
    switch (code) {
    case 'e':
        L.use_exp = true;
        L.vend = precision;
        break;
    case 'f':
        L.vend = decpt + precision;
        break;
    case 'g':
        L.use_exp = decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision);
        if (alt)
            L.vend = precision;
        break;
    default: /* 'r' */
        L.use_exp = decpt <= -4 || decpt > 16;
        break;
    }
    if (L.use_exp) {
        L.exp = decpt - 1;
        L.decpt = 1;
    }
    L.vstart = L.decpt <= 0 ? L.decpt - 1 : 0;
    int64_t least = !L.use_exp && add_dot_0 ? L.decpt + 1 : L.decpt;
    if (L.vend < least)
        L.vend = least;
    return L;
}

/* Bytes enough for the text, a '%' and the NUL (the sign is written apart). */
static size_t layout_size(const FloatLayout *L)
{
    return (size_t)(4 + (L->vend - L->vstart) + (L->use_exp ? 6 : 0));
}

static size_t write_layout(char *out, const FloatLayout *L, const char *d, int n, bool alt,
                           bool upper)
{
    char *p = out;
    int64_t decpt = L->decpt;
    if (decpt <= 0) {
        memset(p, '0', (size_t)(decpt - L->vstart));
        p += decpt - L->vstart;
        *p++ = '.';
        memset(p, '0', (size_t)-decpt);
        p += -decpt;
    } else {
        memset(p, '0', (size_t)-L->vstart);
        p += -L->vstart;
    }
    if (decpt > 0 && decpt <= n) {
        memcpy(p, d, (size_t)decpt);
        p += decpt;
        *p++ = '.';
        memcpy(p, d + decpt, (size_t)(n - decpt));
        p += n - decpt;
    } else {
        memcpy(p, d, (size_t)n);
        p += n;
    }
    if (n < decpt) {
        memset(p, '0', (size_t)(decpt - n));
        p += decpt - n;
        *p++ = '.';
        memset(p, '0', (size_t)(L->vend - decpt));
        p += L->vend - decpt;
    } else {
        memset(p, '0', (size_t)(L->vend - n));
        p += L->vend - n;
    }
    if (p[-1] == '.' && !alt)
        p--;
    if (L->use_exp) {
        *p++ = upper ? 'E' : 'e';
        p += sprintf(p, "%+.02d", L->exp);
    }
    return (size_t)(p - out);
}

int fmt_double_repr(char *buf, size_t size, double x)
{
    char text[64];
    size_t len = 0;
    if (isnan(x)) {
        memcpy(text, "nan", 3);
        len = 3;
    } else {
        if (signbit(x))
            text[len++] = '-';
        if (isinf(x)) {
            memcpy(text + len, "inf", 3);
            len += 3;
        } else {
            char d[MAX_SHORTEST];
            int decpt;
            int n = shortest_digits(fabs(x), d, &decpt);
            FloatLayout L = plan_layout(n, decpt, 'r', 0, true, false);
            len += write_layout(text + len, &L, d, n, false, false);
        }
    }
    if (size) {
        size_t k = len < size ? len : size - 1;
        memcpy(buf, text, k);
        buf[k] = '\0';
    }
    return (int)len;
}

/* ---- padding, sign and grouping --------------------------------------- */

/* A number split as Python's formatter splits it:
   [sign][prefix][integer digits][.][rest]
   where only the integer digits are grouped and zero-padded, and rest is
   what follows the point (fraction, exponent, '%') or, for 'c', the
   character itself. */
typedef struct NumParts {
    bool negative;
    const char *prefix;
    int n_prefix;
    const char *digits;
    int64_t n_digits;
    bool has_decimal;
    const char *rest;
    size_t rest_bytes;
    int64_t rest_width; /* in codepoints */
} NumParts;

/* Writes digits grouped right to left ending at end (when end is not NULL)
   and returns the length.  Zeros are added on the left until min_width is
   reached, and take separators like real digits: 1234 formatted with
   '010,' is 00,001,234.  group 0 means no separators. */
static int64_t group_digits(char *end, const char *digits, int64_t n_digits, int64_t min_width,
                            int group, char sep)
{
    int64_t count = 0, remaining = n_digits;
    const char *src = digits + n_digits;
    bool use_sep = false;
    min_width = max64(min_width, 0);
    for (;;) {
        int64_t len = max64(max64(remaining, min_width), 1);
        if (group > 0)
            len = min64(group, len);
        int64_t zeros = max64(0, len - remaining);
        int64_t chars = max64(0, min64(remaining, len));
        count += use_sep + zeros + chars;
        if (end) {
            if (use_sep)
                *--end = sep;
            end -= chars;
            src -= chars;
            memcpy(end, src, (size_t)chars);
            end -= zeros;
            memset(end, '0', (size_t)zeros);
        }
        if (group <= 0)
            return count;
        use_sep = true;
        remaining -= chars;
        min_width -= len;
        if (remaining <= 0 && min_width <= 0)
            return count;
        min_width -= 1;
    }
}

static void put_fill(StrBuf *out, const char *fill, size_t fill_len, int64_t n)
{
    if (n <= 0)
        return;
    if (fill_len == 1) {
        sb_repeat(out, fill[0], (size_t)n);
        return;
    }
    if (!sb_reserve(out, (size_t)n * fill_len))
        return;
    while (n--)
        sb_append(out, fill, fill_len);
}

/* The fill and alignment a spec asks for, after the '0' flag's rule. */
static void resolve_fill(const FormatSpec *spec, bool numeric, uint32_t *fill, char *align)
{
    *fill = spec->zero_pad ? '0' : spec->fill ? spec->fill : ' ';
    if (spec->align)
        *align = spec->align;
    else
        *align = numeric ? (spec->zero_pad ? '=' : '>') : '<';
}

/* Layout: [lpad][sign][prefix][spad][grouped digits][.][rest][rpad]; only
   one of the paddings is non-empty. */
static void put_number(StrBuf *out, const NumParts *np, const FormatSpec *spec, int group, char sep)
{
    uint32_t fill;
    char align;
    resolve_fill(spec, true, &fill, &align);
    char fill_utf8[4];
    size_t fill_len = utf8_encode(fill, fill_utf8);

    char sign = 0;
    if (spec->sign == '+')
        sign = np->negative ? '-' : '+';
    else if (spec->sign == ' ')
        sign = np->negative ? '-' : ' ';
    else if (np->negative)
        sign = '-';

    int64_t width = spec->width;
    int64_t fixed = (sign != 0) + np->n_prefix + np->has_decimal + np->rest_width;
    int64_t min_width = fill == '0' && align == '=' ? width - fixed : 0;
    int64_t grouped = np->n_digits ? group_digits(NULL, np->digits, np->n_digits, min_width,
                                                  group, sep)
                                   : 0;
    int64_t lpad = 0, spad = 0, rpad = 0, pad = width - (fixed + grouped);
    if (pad > 0) {
        switch (align) {
        case '<': rpad = pad; break;
        case '^': lpad = pad / 2; rpad = pad - lpad; break;
        case '=': spad = pad; break;
        default: lpad = pad; break;
        }
    }

    put_fill(out, fill_utf8, fill_len, lpad);
    if (sign)
        sb_putc(out, sign);
    sb_append(out, np->prefix, (size_t)np->n_prefix);
    put_fill(out, fill_utf8, fill_len, spad);
    if (grouped && sb_reserve(out, (size_t)grouped)) {
        group_digits(out->data + out->len + grouped, np->digits, np->n_digits, min_width, group,
                     sep);
        out->len += (size_t)grouped;
        out->data[out->len] = '\0';
    }
    if (np->has_decimal)
        sb_putc(out, '.');
    sb_append(out, np->rest, np->rest_bytes);
    put_fill(out, fill_utf8, fill_len, rpad);
}

/* ---- floats ----------------------------------------------------------- */

static bool float_code_ok(char t) { return t == 0 || strchr("eEfFgGn%", t); }

bool fmt_float(StrBuf *out, double v, const FormatSpec *spec, char *err, size_t errsize)
{
    char type = spec->type;
    if (!float_code_ok(type))
        return fail(err, errsize, "unknown format code '%c' for a float: use 'f', 'e', 'g' or '%%'",
                    type);
    if (!grouping_fits(spec->grouping, type))
        return fail(err, errsize, "cannot use '%c' with format code '%c'", spec->grouping, type);

    /* No code: repr's digits, or with a precision 'g' that keeps one
       digit after the point (format(1.0, '') is '1.0', format(1e20, '.3')
       is '1e+20'). */
    char code = type;
    bool add_dot_0 = false, percent = false, alt = spec->alternate;
    bool upper = type == 'E' || type == 'F' || type == 'G';
    int64_t precision = spec->precision, default_precision = 6;
    if (type == 0) {
        code = 'r';
        add_dot_0 = true;
        default_precision = 0;
    } else if (type == 'n') {
        code = 'g';
    } else if (type == '%') {
        code = 'f';
        v *= 100;
        percent = true;
    } else if (upper) {
        code = (char)(type - 'A' + 'a');
    }
    if (precision < 0)
        precision = default_precision;
    else if (code == 'r')
        code = 'g';
    if (precision > INT_MAX / 2)
        return fail(err, errsize, "precision too big");

    /* Python drops the sign of a nan but keeps -inf and -0.0. */
    NumParts np = {.negative = signbit(v) && !isnan(v)};
    if (!isfinite(v)) {
        const char *word = isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        char text[4];
        memcpy(text, word, 3);
        size_t n = 3;
        if (percent)
            text[n++] = '%';
        np.rest = text;
        np.rest_bytes = n;
        np.rest_width = (int64_t)n;
        put_number(out, &np, spec, spec->grouping ? 3 : 0, spec->grouping);
        return true;
    }

    double ax = fabs(v);
    int ndigits = 0; /* significant digits in 'e' mode, decimals in 'f' mode */
    char mode = 'e';
    if (code == 'e') {
        ndigits = (int)precision + 1;
        precision = ndigits;
    } else if (code == 'g') {
        if (precision == 0)
            precision = 1;
        ndigits = (int)precision;
    } else if (code == 'f') {
        mode = 'f';
        ndigits = (int)precision;
    }

    Scratch sd, st, sl;
    size_t dsize = code == 'r' ? MAX_SHORTEST : (size_t)ndigits + (mode == 'f' ? 320 : 8);
    char *d = scratch_get(&sd, out, dsize);
    char *tmp = code == 'r' ? NULL : scratch_get(&st, out, dsize);
    if (!d || (code != 'r' && !tmp)) {
        scratch_free(&sd);
        if (code != 'r')
            scratch_free(&st);
        return fail(err, errsize, "out of memory");
    }
    int decpt, n;
    if (code == 'r')
        n = shortest_digits(ax, d, &decpt);
    else
        n = rounded_digits(ax, mode, ndigits, d, tmp, dsize, &decpt);

    FloatLayout L = plan_layout(n, decpt, code, precision, add_dot_0, alt);
    char *text = scratch_get(&sl, out, layout_size(&L) + 1);
    bool ok = text != NULL;
    if (ok) {
        size_t len = write_layout(text, &L, d, n, alt, upper);
        if (percent)
            text[len++] = '%';
        size_t i = 0;
        while (i < len && text[i] >= '0' && text[i] <= '9')
            i++;
        np.digits = text;
        np.n_digits = (int64_t)i;
        np.has_decimal = i < len && text[i] == '.';
        np.rest = text + i + np.has_decimal;
        np.rest_bytes = len - i - np.has_decimal;
        np.rest_width = (int64_t)np.rest_bytes;
        int group = type == 'n' || !spec->grouping ? 0 : 3;
        put_number(out, &np, spec, group, spec->grouping);
    }
    scratch_free(&sl);
    scratch_free(&sd);
    if (code != 'r')
        scratch_free(&st);
    if (!ok)
        return fail(err, errsize, "out of memory");
    return true;
}

/* ---- ints ------------------------------------------------------------- */

bool fmt_int(StrBuf *out, int64_t v, const FormatSpec *spec, char *err, size_t errsize)
{
    char type = spec->type ? spec->type : 'd';
    switch (type) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
        return fmt_float(out, (double)v, spec, err, errsize);
    case 'b': case 'c': case 'd': case 'n': case 'o': case 'x': case 'X':
        break;
    default:
        return fail(err, errsize,
                    "unknown format code '%c' for an int: use 'd', 'x', 'o', 'b', 'c' or a "
                    "float code",
                    type);
    }
    if (spec->precision >= 0)
        return fail(err, errsize, "precision not allowed with an int (use a float code like '.2f')");
    if (!grouping_fits(spec->grouping, type))
        return fail(err, errsize, "cannot use '%c' with format code '%c'", spec->grouping, type);

    NumParts np = {0};
    char text[72];
    if (type == 'c') {
        if (spec->sign)
            return fail(err, errsize, "sign not allowed with format code 'c'");
        if (spec->alternate)
            return fail(err, errsize, "alternate form (#) not allowed with format code 'c'");
        if (v < 0 || v > 0x10FFFF)
            return fail(err, errsize, "format code 'c' needs a value in range(0x110000)");
        if (v >= 0xD800 && v <= 0xDFFF)
            return fail(err, errsize, "format code 'c': %#llx is a surrogate, not a character",
                        (long long)v);
        np.rest = text;
        np.rest_bytes = utf8_encode((uint32_t)v, text);
        np.rest_width = 1;
        put_number(out, &np, spec, 0, 0);
        return true;
    }

    int base = type == 'b' ? 2 : type == 'o' ? 8 : type == 'x' || type == 'X' ? 16 : 10;
    const char *digit_chars = type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    char *end = text + sizeof text, *p = end;
    do {
        *--p = digit_chars[mag % (unsigned)base];
        mag /= (unsigned)base;
    } while (mag);
    np.negative = v < 0;
    np.digits = p;
    np.n_digits = end - p;
    if (spec->alternate && base != 10) {
        np.prefix = type == 'b' ? "0b" : type == 'o' ? "0o" : type == 'x' ? "0x" : "0X";
        np.n_prefix = 2;
    }
    int group = 0;
    if (spec->grouping && type != 'n')
        group = base == 10 ? 3 : 4;
    put_number(out, &np, spec, group, spec->grouping);
    return true;
}

/* ---- strings ---------------------------------------------------------- */

bool fmt_str(StrBuf *out, const char *s, size_t len, const FormatSpec *spec, char *err,
             size_t errsize)
{
    if (spec->type && spec->type != 's')
        return fail(err, errsize, "unknown format code '%c' for a str: use 's' or none",
                    spec->type);
    if (spec->grouping)
        return fail(err, errsize, "cannot use '%c' with a str", spec->grouping);
    if (spec->sign)
        return fail(err, errsize, "%s not allowed with a str",
                    spec->sign == ' ' ? "space sign" : "sign");
    if (spec->alternate)
        return fail(err, errsize, "alternate form (#) not allowed with a str");
    if (spec->align == '=')
        return fail(err, errsize, "'=' alignment not allowed with a str");

    size_t bytes = len;
    int64_t chars = (int64_t)utf8_length(s, len);
    if (spec->precision >= 0 && chars > spec->precision) {
        bytes = utf8_offset(s, len, (size_t)spec->precision);
        chars = spec->precision;
    }
    uint32_t fill;
    char align;
    resolve_fill(spec, false, &fill, &align);
    char fill_utf8[4];
    size_t fill_len = utf8_encode(fill, fill_utf8);
    int64_t pad = spec->width - chars, lpad = 0;
    if (pad < 0)
        pad = 0;
    if (align == '>')
        lpad = pad;
    else if (align == '^')
        lpad = pad / 2;
    put_fill(out, fill_utf8, fill_len, lpad);
    sb_append(out, s, bytes);
    put_fill(out, fill_utf8, fill_len, pad - lpad);
    return true;
}
