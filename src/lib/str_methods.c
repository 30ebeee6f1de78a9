/*
 * str_methods.c - the str class: its constructor and methods (split, join,
 * strip, find, replace, format, ...).
 *
 * Strings are UTF-8; every index a method takes or returns counts
 * characters (code points), as Python's do, while the work happens on
 * bytes.  Pure-ASCII text, the common case, skips the character counting.
 * Case mapping and character classes cover ASCII and the Latin, Greek and
 * Cyrillic letters; other scripts count as letters without case.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stdio.h>
#include <string.h>

#include "core/format.h"
#include "core/memory.h"
#include "lib/args.h"
#include "lib/lib.h"

/* ---- helpers shared by the methods */

static bool sb_to_value(VM *vm, StrBuf *b, Value *out)
{
    if (b->failed) {
        sb_free(b);
        return vm_raise_oom(vm);
    }
    ObjString *s = str_new_fresh(vm, b->data ? b->data : "", b->len); /* text, not a name */
    sb_free(b);
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

static bool new_str(VM *vm, const char *s, size_t len, Value *out)
{
    ObjString *o = str_new(vm, s, len);
    if (!o)
        return false;
    *out = OBJ_VAL(o);
    return true;
}

/* The receiver: str.upper(5) reaches here with a non-str. */
static bool self_str(VM *vm, Value *argv, const char *fn, ObjString **out)
{
    if (IS_STR(argv[0])) {
        *out = AS_STR(argv[0]);
        return true;
    }
    vm_raise(vm, vm->exc.type_error, "str.%s() needs a str to work on, not %s", fn,
             value_type_name(vm, argv[0]));
    return false; /* stated here so the compiler sees *out is set when true */
}

/* An optional parameter given by position or keyword; None counts as absent. */
static bool opt_arg(VM *vm, int argc, Value *argv, ObjDict *kwargs, int i, const char *fn,
                    const char *name, Value *out)
{
    bool present;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, i, fn, name, out, &present))
        return false;
    if (!present)
        *out = NONE_VAL;
    return true;
}

static bool opt_int(VM *vm, Value v, const char *fn, const char *name, int64_t dflt, int64_t *out)
{
    if (IS_NONE(v)) {
        *out = dflt;
        return true;
    }
    return arg_int(vm, &v, 0, fn, name, out);
}

static bool opt_str(VM *vm, Value v, const char *fn, const char *name, ObjString **out)
{
    if (IS_NONE(v)) {
        *out = NULL;
        return true;
    }
    return arg_str(vm, &v, 0, fn, name, out);
}

static bool is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if ((size_t)n > len || c >= 0xF8 || (c >= 0x80 && c < 0xC0))
        n = 1;
    uint32_t v = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int i = 1; i < n; i++)
        v = (v << 6) | (s[i] & 0x3F);
    *cp = v;
    return n;
}

static void put_cp(StrBuf *b, uint32_t cp)
{
    sb_put_utf8(b, cp);
}

/* Byte offset of character index idx (0 <= idx <= length in characters). */
static size_t char_to_byte(const char *s, size_t len, bool ascii, int64_t idx)
{
    if (ascii)
        return (size_t)idx;
    size_t i = 0;
    for (int64_t n = 0; i < len && n < idx; n++) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* Python's slice clamping of start/end against n characters. */
static void clamp_range(int64_t *start, int64_t *end, int64_t n)
{
    if (*start < 0)
        *start = *start + n < 0 ? 0 : *start + n;
    if (*end < 0)
        *end = *end + n < 0 ? 0 : *end + n;
    if (*end > n)
        *end = n;
}

/* The [start, end) window of a find/count/startswith call, in bytes.  False
   with *empty set when start is past the end (no match is possible). */
typedef struct Window {
    size_t b0, b1;      /* byte range */
    int64_t c0;         /* character index of b0 */
    bool ascii;
    bool empty;         /* start > end: even "" does not match */
} Window;

static bool get_window(VM *vm, ObjString *s, Value start_v, Value end_v, const char *fn, Window *w)
{
    bool ascii = is_ascii(s->chars, (size_t)s->length);
    int64_t n = ascii ? s->length : (int64_t)utf8_length(s->chars, (size_t)s->length);
    int64_t start, end;
    if (!opt_int(vm, start_v, fn, "start", 0, &start) || !opt_int(vm, end_v, fn, "end", n, &end))
        return false;
    clamp_range(&start, &end, n);
    w->ascii = ascii;
    w->empty = start > n || start > end;
    if (w->empty)
        start = end = 0;
    w->c0 = start;
    w->b0 = char_to_byte(s->chars, (size_t)s->length, ascii, start);
    w->b1 = w->b0 + char_to_byte(s->chars + w->b0, (size_t)s->length - w->b0, ascii, end - start);
    return true;
}

static int64_t byte_to_char(const char *s, size_t off, bool ascii)
{
    return ascii ? (int64_t)off : (int64_t)utf8_length(s, off);
}

/* ---- character classes and case */

/* Byte length of a whitespace character at p (Python's str.isspace set), or 0. */
static int space_len(const unsigned char *p, size_t avail)
{
    if (*p < 0x80)
        return (*p == ' ' || (*p >= '\t' && *p <= '\r') || (*p >= 0x1C && *p <= 0x1F)) ? 1 : 0;
    uint32_t cp;
    int n = utf8_decode(p, avail, &cp);
    bool ws = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
              cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    return ws ? n : 0;
}

static bool is_space_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp >= 0x1C && cp <= 0x1F);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static uint32_t cp_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c % 2 == 0 ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return c % 2 == 1 ? c + 1 : c;
    if (c == 0x130)
        return 'i';
    if (c == 0x178)
        return 0xFF;
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF))
        return c % 2 == 0 ? c + 1 : c;
    return c;
}

static uint32_t cp_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c == 0xB5)
        return 0x39C;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 32;
    if (c == 0xFF)
        return 0x178;
    if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c % 2 == 1 ? c - 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return c % 2 == 0 ? c - 1 : c;
    if (c == 0x131)
        return 'I';
    if (c == 0x17F)
        return 'S';
    if (c == 0x3AC)
        return 0x386;
    if (c >= 0x3AD && c <= 0x3AF)
        return c - 37;
    if (c == 0x3CC)
        return 0x38C;
    if (c == 0x3CD || c == 0x3CE)
        return c - 63;
    if (c == 0x3C2)
        return 0x3A3;
    if (c >= 0x3B1 && c <= 0x3CB)
        return c - 32;
    if (c >= 0x430 && c <= 0x44F)
        return c - 32;
    if (c >= 0x450 && c <= 0x45F)
        return c - 80;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF))
        return c % 2 == 1 ? c - 1 : c;
    return c;
}

static bool is_upper_cp(uint32_t c) { return cp_lower(c) != c; }
static bool is_lower_cp(uint32_t c) { return cp_upper(c) != c || c == 0xDF; }
static bool is_cased(uint32_t c) { return is_upper_cp(c) || is_lower_cp(c); }

static bool is_alpha_cp(uint32_t c)
{
    if (c < 0x80)
        return (c | 32) >= 'a' && (c | 32) <= 'z';
    return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c <= 0x2AF && c != 0xD7 && c != 0xF7) ||
           (c >= 0x370 && c <= 0x3FF && c != 0x375 && c != 0x37E && c != 0x384 && c != 0x385 &&
            c != 0x387) ||
           (c >= 0x400 && c <= 0x52F && !(c >= 0x482 && c <= 0x489)) ||
           (c >= 0x5D0 && c <= 0x5EA) || (c >= 0x620 && c <= 0x64A) ||
           (c >= 0x904 && c <= 0x939) || (c >= 0x1E00 && c <= 0x1FFF) ||
           (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

static bool is_decimal_cp(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9) ||
           (c >= 0x966 && c <= 0x96F) || (c >= 0xFF10 && c <= 0xFF19);
}

/* Digits include superscripts and circled digits, which are not decimal. */
static bool is_digit_cp(uint32_t c)
{
    return is_decimal_cp(c) || c == 0xB2 || c == 0xB3 || c == 0xB9 || c == 0x2070 ||
           (c >= 0x2074 && c <= 0x2079) || (c >= 0x2080 && c <= 0x2089) ||
           (c >= 0x2460 && c <= 0x2468);
}

/* Numeric adds fractions, Roman numerals and CJK numerals. */
static bool is_numeric_cp(uint32_t c)
{
    static const uint32_t cjk[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                   0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07};
    if (is_digit_cp(c) || (c >= 0xBC && c <= 0xBE) || (c >= 0x2150 && c <= 0x2189))
        return true;
    for (size_t i = 0; i < sizeof cjk / sizeof cjk[0]; i++)
        if (c == cjk[i])
            return true;
    return false;
}

/* ---- the constructor */

static bool str_construct(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "str"))
        return false;
    if (argc > 1)
        return vm_raise(vm, vm->exc.type_error, "str() takes at most 1 argument, but %d were given",
                        argc);
    if (argc == 0)
        return new_str(vm, "", 0, out);
    if (IS_STR(argv[0])) {
        *out = argv[0];
        return true;
    }
    ObjString *s = value_to_str(vm, argv[0]);
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

/* ---- split, rsplit, splitlines, partition, join */

static bool push_piece(VM *vm, ObjList *l, const char *s, size_t len)
{
    ObjString *piece = str_new(vm, s, len);
    return piece && list_append(vm, l, OBJ_VAL(piece));
}

static bool split_args(VM *vm, int argc, Value *argv, ObjDict *kwargs, const char *fn,
                       ObjString **sep, int64_t *maxsplit)
{
    static const char *const allowed[] = {"sep", "maxsplit", NULL};
    Value sep_v, max_v;
    if (!kwargs_check(vm, kwargs, fn, allowed) ||
        !opt_arg(vm, argc, argv, kwargs, 1, fn, "sep", &sep_v) ||
        !opt_arg(vm, argc, argv, kwargs, 2, fn, "maxsplit", &max_v) ||
        !opt_str(vm, sep_v, fn, "sep", sep) || !opt_int(vm, max_v, fn, "maxsplit", -1, maxsplit))
        return false;
    if (*sep && (*sep)->length == 0)
        return vm_raise(vm, vm->exc.value_error,
                        "%s(): the separator is empty: use list(s) to get the characters", fn);
    if (*maxsplit < 0)
        *maxsplit = INT64_MAX;
    return true;
}

static bool str_split(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s, *sep;
    int64_t maxsplit;
    if (!self_str(vm, argv, "split", &s) ||
        !split_args(vm, argc, argv, kwargs, "str.split", &sep, &maxsplit))
        return false;
    Value *r = roots_open(vm, 1);
    ObjList *l = list_new(vm, 4);
    if (!l)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(l);
    const unsigned char *p = (const unsigned char *)s->chars;
    size_t len = (size_t)s->length, i = 0;
    if (!sep) {
        /* runs of whitespace separate; leading and trailing runs give nothing */
        for (;;) {
            int w;
            while (i < len && (w = space_len(p + i, len - i)) > 0)
                i += (size_t)w;
            if (i >= len)
                break;
            if (maxsplit-- == 0) {
                if (!push_piece(vm, l, (const char *)p + i, len - i))
                    return roots_close(vm, r, false);
                break;
            }
            size_t start = i;
            while (i < len && space_len(p + i, len - i) == 0)
                i++;
            if (!push_piece(vm, l, (const char *)p + start, i - start))
                return roots_close(vm, r, false);
        }
    } else {
        size_t n = (size_t)sep->length;
        for (;;) {
            const char *hit = maxsplit-- > 0 ? memmem(p + i, len - i, sep->chars, n) : NULL;
            size_t end = hit ? (size_t)(hit - (const char *)p) : len;
            if (!push_piece(vm, l, (const char *)p + i, end - i))
                return roots_close(vm, r, false);
            if (!hit)
                break;
            i = end + n;
        }
    }
    *out = r[0];
    return roots_close(vm, r, true);
}

/* Start of the character that ends at byte end. */
static size_t char_start_before(const unsigned char *p, size_t end)
{
    size_t q = end - 1;
    while (q > 0 && (p[q] & 0xC0) == 0x80)
        q--;
    return q;
}

static bool space_before(const unsigned char *p, size_t end, size_t *start)
{
    size_t q = char_start_before(p, end);
    if (space_len(p + q, end - q) != (int)(end - q))
        return false;
    *start = q;
    return true;
}

static bool str_rsplit(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s, *sep;
    int64_t maxsplit;
    if (!self_str(vm, argv, "rsplit", &s) ||
        !split_args(vm, argc, argv, kwargs, "str.rsplit", &sep, &maxsplit))
        return false;
    Value *r = roots_open(vm, 1);
    ObjList *l = list_new(vm, 4);
    if (!l)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(l);
    const unsigned char *p = (const unsigned char *)s->chars;
    size_t end = (size_t)s->length, q;
    /* collect pieces from the right, then reverse */
    if (!sep) {
        for (;;) {
            while (end > 0 && space_before(p, end, &q))
                end = q;
            if (end == 0)
                break;
            if (maxsplit-- == 0) {
                if (!push_piece(vm, l, (const char *)p, end))
                    return roots_close(vm, r, false);
                break;
            }
            size_t start = end;
            while (start > 0 && !space_before(p, start, &q))
                start = char_start_before(p, start);
            if (!push_piece(vm, l, (const char *)p + start, end - start))
                return roots_close(vm, r, false);
            end = start;
        }
    } else {
        size_t n = (size_t)sep->length;
        for (;;) {
            const char *hit = NULL;
            if (maxsplit-- > 0)
                for (size_t k = end >= n ? end - n + 1 : 0; k-- > 0;)
                    if (memcmp(p + k, sep->chars, n) == 0) {
                        hit = (const char *)p + k;
                        break;
                    }
            size_t start = hit ? (size_t)(hit - (const char *)p) + n : 0;
            if (!push_piece(vm, l, (const char *)p + start, end - start))
                return roots_close(vm, r, false);
            if (!hit)
                break;
            end = start - n;
        }
    }
    Value *items = l->items.items;
    for (int i = 0, j = l->items.count - 1; i < j; i++, j--) {
        Value t = items[i];
        items[i] = items[j];
        items[j] = t;
    }
    *out = r[0];
    return roots_close(vm, r, true);
}

/* Byte length of a line break at p ("\r\n" counts as one), or 0. */
static int line_break_len(const unsigned char *p, size_t avail)
{
    if (*p == '\r')
        return avail > 1 && p[1] == '\n' ? 2 : 1;
    if (*p == '\n' || *p == '\v' || *p == '\f' || (*p >= 0x1C && *p <= 0x1E))
        return 1;
    if (*p < 0x80)
        return 0;
    uint32_t cp;
    int n = utf8_decode(p, avail, &cp);
    return cp == 0x85 || cp == 0x2028 || cp == 0x2029 ? n : 0;
}

static bool str_splitlines(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"keepends", NULL};
    ObjString *s;
    Value keep_v;
    bool keep = false;
    if (!self_str(vm, argv, "splitlines", &s) ||
        !kwargs_check(vm, kwargs, "str.splitlines", allowed) ||
        !opt_arg(vm, argc, argv, kwargs, 1, "str.splitlines", "keepends", &keep_v) ||
        !value_truthy(vm, keep_v, &keep))
        return false;
    Value *r = roots_open(vm, 1);
    ObjList *l = list_new(vm, 4);
    if (!l)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(l);
    const unsigned char *p = (const unsigned char *)s->chars;
    size_t len = (size_t)s->length, start = 0, i = 0;
    while (i < len) {
        int n = line_break_len(p + i, len - i);
        if (n == 0) {
            i++;
            continue;
        }
        if (!push_piece(vm, l, (const char *)p + start, i - start + (keep ? (size_t)n : 0)))
            return roots_close(vm, r, false);
        i += (size_t)n;
        start = i;
    }
    if (start < len && !push_piece(vm, l, (const char *)p + start, len - start))
        return roots_close(vm, r, false);
    *out = r[0];
    return roots_close(vm, r, true);
}

static bool make_triple(VM *vm, ObjString *s, size_t a, size_t b, Value *out)
{
    Value *r = roots_open(vm, 4);
    ObjTuple *t = tuple_new(vm, 3);
    if (!t)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(t);
    size_t bounds[4] = {0, a, b, (size_t)s->length};
    for (int k = 0; k < 3; k++) {
        ObjString *piece = str_new(vm, s->chars + bounds[k], bounds[k + 1] - bounds[k]);
        if (!piece)
            return roots_close(vm, r, false);
        t->items[k] = OBJ_VAL(piece);
    }
    *out = r[0];
    return roots_close(vm, r, true);
}

static bool partition(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out, bool right)
{
    const char *fn = right ? "str.rpartition" : "str.partition";
    ObjString *s, *sep;
    if (!self_str(vm, argv, right ? "rpartition" : "partition", &s) || !no_kwargs(vm, kwargs, fn) ||
        !arg_str(vm, argv, 1, fn, "sep", &sep))
        return false;
    if (sep->length == 0)
        return vm_raise(vm, vm->exc.value_error, "%s(): the separator is empty", fn);
    size_t len = (size_t)s->length, n = (size_t)sep->length;
    const char *hit = NULL;
    if (!right) {
        hit = memmem(s->chars, len, sep->chars, n);
    } else {
        for (size_t k = len >= n ? len - n + 1 : 0; k-- > 0;)
            if (memcmp(s->chars + k, sep->chars, n) == 0) {
                hit = s->chars + k;
                break;
            }
    }
    if (!hit)
        return right ? make_triple(vm, s, 0, 0, out) : make_triple(vm, s, len, len, out);
    size_t at = (size_t)(hit - s->chars);
    return make_triple(vm, s, at, at + n, out);
}

static bool str_partition(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return partition(vm, argc, argv, kwargs, out, false);
}

static bool str_rpartition(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return partition(vm, argc, argv, kwargs, out, true);
}

static bool str_join(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *sep;
    if (!self_str(vm, argv, "join", &sep) || !no_kwargs(vm, kwargs, "str.join"))
        return false;
    Value *r = roots_open(vm, 1);
    ObjList *l = NULL;
    Value *items;
    int n;
    if (IS_LIST(argv[1])) {
        items = AS_LIST(argv[1])->items.items;
        n = AS_LIST(argv[1])->items.count;
    } else if (IS_TUPLE(argv[1])) {
        items = AS_TUPLE(argv[1])->items;
        n = AS_TUPLE(argv[1])->count;
    } else {
        l = vm_to_list(vm, argv[1]);
        if (!l)
            return roots_close(vm, r, false);
        r[0] = OBJ_VAL(l);
        items = l->items.items;
        n = l->items.count;
    }
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        if (!IS_STR(items[i])) {
            const char *type = value_type_name(vm, items[i]);
            return roots_close(vm, r, vm_raise(vm, vm->exc.type_error,
                                               "str.join() item %d is %s %s, not a str: "
                                               "convert the items first, e.g. "
                                               "sep.join(map(str, items))",
                                               i, strchr("aeiou", type[0]) ? "an" : "a", type));
        }
        total += (size_t)AS_STR(items[i])->length + (i ? (size_t)sep->length : 0);
    }
    /* The length is known: write straight into the result. */
    ObjString *s = str_new_blank(vm, total);
    if (!s)
        return roots_close(vm, r, false);
    char *at = s->chars;
    size_t seplen = (size_t)sep->length;
    for (int i = 0; i < n; i++) {
        if (i && seplen) {
            memcpy(at, sep->chars, seplen);
            at += seplen;
        }
        size_t len = (size_t)AS_STR(items[i])->length;
        memcpy(at, AS_CSTR(items[i]), len);
        at += len;
    }
    *out = OBJ_VAL(s);
    return roots_close(vm, r, true);
}

/* ---- strip */

static bool in_chars(uint32_t cp, ObjString *chars)
{
    const unsigned char *p = (const unsigned char *)chars->chars;
    size_t len = (size_t)chars->length;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += (size_t)utf8_decode(p + i, len - i, &c);
        if (c == cp)
            return true;
    }
    return false;
}

static bool strip(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out, bool left,
                  bool right, const char *fn)
{
    ObjString *s, *chars;
    Value chars_v;
    char full[32];
    snprintf(full, sizeof full, "str.%s", fn);
    if (!self_str(vm, argv, fn, &s) || !no_kwargs(vm, kwargs, full) ||
        !opt_arg(vm, argc, argv, NULL, 1, full, "chars", &chars_v) ||
        !opt_str(vm, chars_v, full, "chars", &chars))
        return false;
    const unsigned char *p = (const unsigned char *)s->chars;
    size_t start = 0, end = (size_t)s->length;
    while (left && start < end) {
        uint32_t cp;
        int n = utf8_decode(p + start, end - start, &cp);
        if (chars ? !in_chars(cp, chars) : !is_space_cp(cp))
            break;
        start += (size_t)n;
    }
    while (right && end > start) {
        size_t q = char_start_before(p, end);
        uint32_t cp;
        utf8_decode(p + q, end - q, &cp);
        if (chars ? !in_chars(cp, chars) : !is_space_cp(cp))
            break;
        end = q;
    }
    if (start == 0 && end == (size_t)s->length) {
        *out = argv[0];
        return true;
    }
    return new_str(vm, s->chars + start, end - start, out);
}

static bool str_strip(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return strip(vm, argc, argv, kwargs, out, true, true, "strip");
}

static bool str_lstrip(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return strip(vm, argc, argv, kwargs, out, true, false, "lstrip");
}

static bool str_rstrip(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return strip(vm, argc, argv, kwargs, out, false, true, "rstrip");
}

static bool str_removeprefix(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s, *pre;
    if (!self_str(vm, argv, "removeprefix", &s) || !no_kwargs(vm, kwargs, "str.removeprefix") ||
        !arg_str(vm, argv, 1, "str.removeprefix", "prefix", &pre))
        return false;
    if (pre->length > s->length || memcmp(s->chars, pre->chars, (size_t)pre->length) != 0) {
        *out = argv[0];
        return true;
    }
    return new_str(vm, s->chars + pre->length, (size_t)(s->length - pre->length), out);
}

static bool str_removesuffix(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s, *suf;
    if (!self_str(vm, argv, "removesuffix", &s) || !no_kwargs(vm, kwargs, "str.removesuffix") ||
        !arg_str(vm, argv, 1, "str.removesuffix", "suffix", &suf))
        return false;
    size_t cut = (size_t)(s->length - suf->length);
    if (suf->length == 0 || suf->length > s->length ||
        memcmp(s->chars + cut, suf->chars, (size_t)suf->length) != 0) {
        *out = argv[0];
        return true;
    }
    return new_str(vm, s->chars, cut, out);
}

/* ---- searching: find, rfind, index, rindex, count, startswith, endswith */

/* Byte offset of the first (or last) sub inside the window, or -1. */
static int64_t search(ObjString *s, ObjString *sub, const Window *w, bool last)
{
    if (w->empty)
        return -1;
    size_t n = (size_t)sub->length, span = w->b1 - w->b0;
    if (n > span)
        return -1;
    if (!last) {
        if (n == 0)
            return (int64_t)w->b0;
        const char *hit = memmem(s->chars + w->b0, span, sub->chars, n);
        return hit ? (int64_t)(hit - s->chars) : -1;
    }
    for (size_t k = w->b1 - n + 1; k-- > w->b0;) {
        if (memcmp(s->chars + k, sub->chars, n) == 0)
            return (int64_t)k;
    }
    return -1;
}

static bool find_common(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out,
                        const char *name, bool last, bool raise)
{
    char fn[32];
    snprintf(fn, sizeof fn, "str.%s", name);
    ObjString *s, *sub;
    Window w;
    if (!self_str(vm, argv, name, &s) || !no_kwargs(vm, kwargs, fn) ||
        !arg_str(vm, argv, 1, fn, "sub", &sub) ||
        !get_window(vm, s, argc > 2 ? argv[2] : NONE_VAL, argc > 3 ? argv[3] : NONE_VAL, fn, &w))
        return false;
    int64_t at = search(s, sub, &w, last);
    if (at < 0) {
        if (!raise) {
            *out = INT_VAL(-1);
            return true;
        }
        ObjString *rep = value_to_repr(vm, argv[1]);
        if (!rep)
            return false;
        return vm_raise(vm, vm->exc.value_error,
                        "%s(): substring %s not found (str.find returns -1 instead of raising)",
                        fn, rep->chars);
    }
    *out = INT_VAL(byte_to_char(s->chars, (size_t)at, w.ascii));
    return true;
}

static bool str_find(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return find_common(vm, argc, argv, kwargs, out, "find", false, false);
}

static bool str_rfind(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return find_common(vm, argc, argv, kwargs, out, "rfind", true, false);
}

static bool str_index(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return find_common(vm, argc, argv, kwargs, out, "index", false, true);
}

static bool str_rindex(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return find_common(vm, argc, argv, kwargs, out, "rindex", true, true);
}

static bool str_count(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s, *sub;
    Window w;
    if (!self_str(vm, argv, "count", &s) || !no_kwargs(vm, kwargs, "str.count") ||
        !arg_str(vm, argv, 1, "str.count", "sub", &sub) ||
        !get_window(vm, s, argc > 2 ? argv[2] : NONE_VAL, argc > 3 ? argv[3] : NONE_VAL,
                    "str.count", &w))
        return false;
    int64_t count = 0;
    if (w.empty) {
        count = 0;
    } else if (sub->length == 0) {
        /* "" occurs before each character and at the end */
        count = byte_to_char(s->chars + w.b0, w.b1 - w.b0, w.ascii) + 1;
    } else {
        size_t i = w.b0, n = (size_t)sub->length;
        const char *hit;
        while (i + n <= w.b1 && (hit = memmem(s->chars + i, w.b1 - i, sub->chars, n))) {
            count++;
            i = (size_t)(hit - s->chars) + n;
        }
    }
    *out = INT_VAL(count);
    return true;
}

static bool affix(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out, bool at_end)
{
    const char *name = at_end ? "endswith" : "startswith";
    const char *fn = at_end ? "str.endswith" : "str.startswith";
    ObjString *s;
    Window w;
    if (!self_str(vm, argv, name, &s) || !no_kwargs(vm, kwargs, fn) ||
        !get_window(vm, s, argc > 2 ? argv[2] : NONE_VAL, argc > 3 ? argv[3] : NONE_VAL, fn, &w))
        return false;
    Value *cands = &argv[1];
    int ncand = 1;
    if (IS_TUPLE(argv[1])) {
        cands = AS_TUPLE(argv[1])->items;
        ncand = AS_TUPLE(argv[1])->count;
    }
    for (int i = 0; i < ncand; i++) {
        if (!IS_STR(cands[i]))
            return vm_raise(vm, vm->exc.type_error,
                            "%s() takes a str or a tuple of str, not %s", fn,
                            value_type_name(vm, cands[i]));
        ObjString *a = AS_STR(cands[i]);
        size_t n = (size_t)a->length;
        if (w.empty || n > w.b1 - w.b0)
            continue;
        size_t at = at_end ? w.b1 - n : w.b0;
        if (memcmp(s->chars + at, a->chars, n) == 0) {
            *out = BOOL_VAL(true);
            return true;
        }
    }
    *out = BOOL_VAL(false);
    return true;
}

static bool str_startswith(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return affix(vm, argc, argv, kwargs, out, false);
}

static bool str_endswith(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return affix(vm, argc, argv, kwargs, out, true);
}

static bool str_replace(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"count", NULL};
    ObjString *s, *old, *new_;
    Value count_v;
    int64_t count;
    if (!self_str(vm, argv, "replace", &s) || !kwargs_check(vm, kwargs, "str.replace", allowed) ||
        !arg_str(vm, argv, 1, "str.replace", "old", &old) ||
        !arg_str(vm, argv, 2, "str.replace", "new", &new_) ||
        !opt_arg(vm, argc, argv, kwargs, 3, "str.replace", "count", &count_v) ||
        !opt_int(vm, count_v, "str.replace", "count", -1, &count))
        return false;
    if (count < 0)
        count = INT64_MAX;
    const char *p = s->chars;
    size_t len = (size_t)s->length, n = (size_t)old->length, i = 0;
    StrBuf b;
    sb_init_vm(vm, &b);
    if (n == 0) {
        /* "" matches before every character and at the end */
        while (i <= len) {
            if (count > 0) {
                sb_append(&b, new_->chars, (size_t)new_->length);
                count--;
            }
            if (i == len)
                break;
            size_t next = i + 1;
            while (next < len && ((unsigned char)p[next] & 0xC0) == 0x80)
                next++;
            sb_append(&b, p + i, next - i);
            i = next;
        }
        return sb_to_value(vm, &b, out);
    }
    const char *hit;
    while (count > 0 && (hit = memmem(p + i, len - i, old->chars, n))) {
        sb_append(&b, p + i, (size_t)(hit - (p + i)));
        sb_append(&b, new_->chars, (size_t)new_->length);
        i = (size_t)(hit - p) + n;
        count--;
    }
    sb_append(&b, p + i, len - i);
    return sb_to_value(vm, &b, out);
}

/* ---- case */

typedef enum CaseOp { CASE_UPPER, CASE_LOWER, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE } CaseOp;

static bool change_case(VM *vm, Value *argv, ObjDict *kwargs, Value *out, CaseOp op,
                        const char *name)
{
    ObjString *s;
    char fn[32];
    snprintf(fn, sizeof fn, "str.%s", name);
    if (!self_str(vm, argv, name, &s) || !no_kwargs(vm, kwargs, fn))
        return false;
    const unsigned char *p = (const unsigned char *)s->chars;
    size_t len = (size_t)s->length;
    StrBuf b;
    sb_init_vm(vm, &b);
    sb_reserve(&b, len);
    bool prev_cased = false, first = true;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += (size_t)utf8_decode(p + i, len - i, &c);
        uint32_t m = c;
        bool upper = false;
        switch (op) {
        case CASE_UPPER: upper = true; break;
        case CASE_LOWER: m = cp_lower(c); break;
        case CASE_SWAP:
            if (is_upper_cp(c))
                m = cp_lower(c);
            else
                upper = true;
            break;
        case CASE_TITLE:
            /* a cased character after an uncased one starts a word */
            if (prev_cased)
                m = cp_lower(c);
            else
                upper = true;
            prev_cased = is_cased(c);
            break;
        case CASE_CAPITALIZE:
            if (first)
                upper = true;
            else
                m = cp_lower(c);
            break;
        }
        first = false;
        if (upper && c == 0xDF) {
            sb_puts(&b, "SS"); /* ß has no one-letter capital */
            continue;
        }
        put_cp(&b, upper ? cp_upper(c) : m);
    }
    return sb_to_value(vm, &b, out);
}

static bool str_upper(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return change_case(vm, argv, kwargs, out, CASE_UPPER, "upper");
}

static bool str_lower(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return change_case(vm, argv, kwargs, out, CASE_LOWER, "lower");
}

static bool str_swapcase(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return change_case(vm, argv, kwargs, out, CASE_SWAP, "swapcase");
}

static bool str_title(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return change_case(vm, argv, kwargs, out, CASE_TITLE, "title");
}

static bool str_capitalize(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return change_case(vm, argv, kwargs, out, CASE_CAPITALIZE, "capitalize");
}

/* ---- predicates */

typedef enum Pred {
    PRED_DIGIT, PRED_DECIMAL, PRED_NUMERIC, PRED_ALPHA, PRED_ALNUM, PRED_SPACE,
    PRED_UPPER, PRED_LOWER, PRED_TITLE, PRED_IDENTIFIER, PRED_ASCII
} Pred;

static bool pred_cp(Pred p, uint32_t c)
{
    switch (p) {
    case PRED_DIGIT: return is_digit_cp(c);
    case PRED_DECIMAL: return is_decimal_cp(c);
    case PRED_NUMERIC: return is_numeric_cp(c);
    case PRED_ALPHA: return is_alpha_cp(c);
    case PRED_ALNUM: return is_alpha_cp(c) || is_numeric_cp(c);
    case PRED_SPACE: return is_space_cp(c);
    case PRED_ASCII: return c < 0x80;
    default: return false;
    }
}

static bool predicate(VM *vm, Value *argv, ObjDict *kwargs, Value *out, Pred pred,
                      const char *name)
{
    ObjString *s;
    char fn[32];
    snprintf(fn, sizeof fn, "str.%s", name);
    if (!self_str(vm, argv, name, &s) || !no_kwargs(vm, kwargs, fn))
        return false;
    const unsigned char *p = (const unsigned char *)s->chars;
    size_t len = (size_t)s->length;
    bool result = pred == PRED_ASCII || len > 0;
    bool any_cased = false, prev_cased = false, first = true;
    for (size_t i = 0; i < len && result;) {
        uint32_t c;
        i += (size_t)utf8_decode(p + i, len - i, &c);
        switch (pred) {
        case PRED_UPPER:
        case PRED_LOWER:
            /* every cased character has the case, and there is at least one */
            if (pred == PRED_UPPER ? is_lower_cp(c) : is_upper_cp(c))
                result = false;
            any_cased = any_cased || is_cased(c);
            break;
        case PRED_TITLE:
            if (is_upper_cp(c)) {
                result = !prev_cased;
                prev_cased = any_cased = true;
            } else if (is_lower_cp(c)) {
                result = prev_cased;
                prev_cased = any_cased = true;
            } else {
                prev_cased = false;
            }
            break;
        case PRED_IDENTIFIER:
            result = c == '_' || is_alpha_cp(c) || (!first && is_decimal_cp(c));
            break;
        default:
            result = pred_cp(pred, c);
            break;
        }
        first = false;
    }
    if (pred == PRED_UPPER || pred == PRED_LOWER || pred == PRED_TITLE)
        result = result && any_cased;
    *out = BOOL_VAL(result);
    return true;
}

#define PREDICATE(fname, pred, name)                                                      \
    static bool fname(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)         \
    {                                                                                     \
        return predicate(vm, argv, kwargs, out, pred, name);                              \
    }
PREDICATE(str_isdigit, PRED_DIGIT, "isdigit")
PREDICATE(str_isdecimal, PRED_DECIMAL, "isdecimal")
PREDICATE(str_isnumeric, PRED_NUMERIC, "isnumeric")
PREDICATE(str_isalpha, PRED_ALPHA, "isalpha")
PREDICATE(str_isalnum, PRED_ALNUM, "isalnum")
PREDICATE(str_isspace, PRED_SPACE, "isspace")
PREDICATE(str_isupper, PRED_UPPER, "isupper")
PREDICATE(str_islower, PRED_LOWER, "islower")
PREDICATE(str_istitle, PRED_TITLE, "istitle")
PREDICATE(str_isidentifier, PRED_IDENTIFIER, "isidentifier")
PREDICATE(str_isascii, PRED_ASCII, "isascii")
#undef PREDICATE

/* ---- padding: center, ljust, rjust, zfill, expandtabs */

static bool pad(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out, char align,
                const char *name)
{
    char fn[32];
    snprintf(fn, sizeof fn, "str.%s", name);
    ObjString *s, *fill_s = NULL;
    int64_t width;
    if (!self_str(vm, argv, name, &s) || !no_kwargs(vm, kwargs, fn) ||
        !arg_int(vm, argv, 1, fn, "width", &width) ||
        (argc > 2 && !arg_str(vm, argv, 2, fn, "fillchar", &fill_s)))
        return false;
    uint32_t fill = ' ';
    if (fill_s) {
        size_t n = utf8_length(fill_s->chars, (size_t)fill_s->length);
        if (n != 1)
            return vm_raise(vm, vm->exc.type_error,
                            "%s(): the fill character must be exactly one character long, "
                            "not %zu",
                            fn, n);
        utf8_decode((const unsigned char *)fill_s->chars, (size_t)fill_s->length, &fill);
    }
    int64_t nchars = (int64_t)utf8_length(s->chars, (size_t)s->length);
    if (width <= nchars) {
        *out = argv[0];
        return true;
    }
    int64_t marg = width - nchars, left;
    if (align == '<')
        left = 0;
    else if (align == '>')
        left = marg;
    else
        left = marg / 2 + (marg & width & 1); /* Python's rounding for odd margins */
    StrBuf b;
    sb_init_vm(vm, &b);
    for (int64_t i = 0; i < left && !b.failed; i++)
        put_cp(&b, fill);
    sb_append(&b, s->chars, (size_t)s->length);
    for (int64_t i = left; i < marg && !b.failed; i++)
        put_cp(&b, fill);
    return sb_to_value(vm, &b, out);
}

static bool str_center(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return pad(vm, argc, argv, kwargs, out, '^', "center");
}

static bool str_ljust(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return pad(vm, argc, argv, kwargs, out, '<', "ljust");
}

static bool str_rjust(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return pad(vm, argc, argv, kwargs, out, '>', "rjust");
}

static bool str_zfill(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    int64_t width;
    if (!self_str(vm, argv, "zfill", &s) || !no_kwargs(vm, kwargs, "str.zfill") ||
        !arg_int(vm, argv, 1, "str.zfill", "width", &width))
        return false;
    int64_t nchars = (int64_t)utf8_length(s->chars, (size_t)s->length);
    if (width <= nchars) {
        *out = argv[0];
        return true;
    }
    /* zeros go after a leading sign: "-42".zfill(5) is "-0042" */
    size_t sign = s->length > 0 && (s->chars[0] == '+' || s->chars[0] == '-');
    StrBuf b;
    sb_init_vm(vm, &b);
    sb_append(&b, s->chars, sign);
    sb_repeat(&b, '0', (size_t)(width - nchars));
    sb_append(&b, s->chars + sign, (size_t)s->length - sign);
    return sb_to_value(vm, &b, out);
}

static bool str_expandtabs(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"tabsize", NULL};
    ObjString *s;
    Value tab_v;
    int64_t tabsize;
    if (!self_str(vm, argv, "expandtabs", &s) ||
        !kwargs_check(vm, kwargs, "str.expandtabs", allowed) ||
        !opt_arg(vm, argc, argv, kwargs, 1, "str.expandtabs", "tabsize", &tab_v) ||
        !opt_int(vm, tab_v, "str.expandtabs", "tabsize", 8, &tabsize))
        return false;
    StrBuf b;
    sb_init_vm(vm, &b);
    int64_t col = 0;
    const unsigned char *p = (const unsigned char *)s->chars;
    size_t len = (size_t)s->length;
    for (size_t i = 0; i < len && !b.failed;) {
        if (p[i] == '\t') {
            if (tabsize > 0) {
                int64_t n = tabsize - col % tabsize;
                sb_repeat(&b, ' ', (size_t)n);
                col += n;
            }
            i++;
            continue;
        }
        if (p[i] == '\n' || p[i] == '\r')
            col = -1;
        size_t next = i + 1;
        while (next < len && (p[next] & 0xC0) == 0x80)
            next++;
        sb_append(&b, (const char *)p + i, next - i);
        col++;
        i = next;
    }
    return sb_to_value(vm, &b, out);
}

/* ---- format */

/*
 * str.format: replacement fields are
 *   "{" [name] ("." attr | "[" key "]")* ["!" ("r"|"s"|"a")] [":" spec] "}"
 * where name is empty (the next positional argument), a number or a keyword,
 * and spec may itself hold fields ("{:{width}}").  "{{" and "}}" are braces.
 */
typedef struct FormatState {
    VM *vm;
    int argc;           /* positional arguments, after the receiver */
    Value *args;
    ObjDict *kwargs;
    int next_auto;      /* -1 once a numbered field was used */
    bool numbered;
    Value format_fn;    /* the builtin format() */
} FormatState;

static bool fmt_error(VM *vm, const char *msg, ObjString *s)
{
    return vm_raise(vm, vm->exc.value_error, "str.format(): %s in %s", msg, s->chars);
}

/* Resolves the field name text[0..len) to a value (rooted in *slot). */
static bool resolve_field(FormatState *st, ObjString *self, const char *text, size_t len,
                          Value *slot)
{
    VM *vm = st->vm;
    size_t i = 0;
    while (i < len && text[i] != '.' && text[i] != '[')
        i++;
    if (i == 0) {
        if (st->numbered)
            return fmt_error(vm, "cannot mix automatic {} and numbered {0} fields", self);
        int k = st->next_auto++;
        if (k >= st->argc)
            return vm_raise(vm, vm->exc.index_error,
                            "str.format(): field {} number %d needs a positional argument, but "
                            "only %d were given",
                            k, st->argc);
        *slot = st->args[k];
    } else if (text[0] >= '0' && text[0] <= '9') {
        if (st->next_auto > 0)
            return fmt_error(vm, "cannot mix automatic {} and numbered {0} fields", self);
        st->numbered = true;
        int64_t k = 0;
        for (size_t j = 0; j < i; j++) {
            if (text[j] < '0' || text[j] > '9' || k > 1000000)
                return fmt_error(vm, "bad field number", self);
            k = k * 10 + (text[j] - '0');
        }
        if (k >= st->argc)
            return vm_raise(vm, vm->exc.index_error,
                            "str.format(): field {%lld} needs positional argument %lld, but "
                            "only %d were given",
                            (long long)k, (long long)k, st->argc);
        *slot = st->args[k];
    } else {
        char name[128];
        if (i >= sizeof name)
            return fmt_error(vm, "field name too long", self);
        memcpy(name, text, i);
        name[i] = '\0';
        if (!kwarg_get(vm, st->kwargs, name, slot))
            return vm_raise(vm, vm->exc.key_error,
                            "str.format(): no value for field {%s}: pass %s=... as a keyword "
                            "argument",
                            name, name);
    }
    while (i < len) {
        if (text[i] == '.') {
            size_t start = ++i;
            while (i < len && text[i] != '.' && text[i] != '[')
                i++;
            if (i == start)
                return fmt_error(vm, "empty attribute name", self);
            ObjString *attr = str_new(vm, text + start, i - start);
            if (!attr || !vm_get_attr(vm, *slot, attr, slot))
                return false;
        } else if (text[i] == '[') {
            size_t start = ++i;
            while (i < len && text[i] != ']')
                i++;
            if (i >= len || i == start)
                return fmt_error(vm, "bad [index] in a field", self);
            Value key;
            bool digits = true;
            int64_t k = 0;
            for (size_t j = start; j < i; j++) {
                digits = digits && text[j] >= '0' && text[j] <= '9' && k < 100000000;
                k = k * 10 + (text[j] - '0');
            }
            if (digits) {
                key = INT_VAL(k);
            } else {
                ObjString *ks = str_new(vm, text + start, i - start);
                if (!ks)
                    return false;
                key = OBJ_VAL(ks);
            }
            vm_push(vm, key);
            bool ok = vm_get_index(vm, *slot, key, slot);
            vm_pop(vm);
            if (!ok)
                return false;
            i++;
        } else {
            return fmt_error(vm, "bad field name", self);
        }
    }
    return true;
}

static bool format_into(FormatState *st, ObjString *self, const char *text, size_t len,
                        StrBuf *b, int depth);

/* One replacement field, text[0..len) being what is between the braces. */
static bool format_field(FormatState *st, ObjString *self, const char *text, size_t len,
                         StrBuf *b, int depth)
{
    VM *vm = st->vm;
    size_t name_end = 0;
    int bracket = 0;
    while (name_end < len && (bracket || (text[name_end] != '!' && text[name_end] != ':'))) {
        if (text[name_end] == '[')
            bracket = 1;
        else if (text[name_end] == ']')
            bracket = 0;
        name_end++;
    }
    char conv = 0;
    size_t spec_start = name_end;
    if (name_end < len && text[name_end] == '!') {
        /* "!" then one of r, s, a, then the end or ":" */
        if (name_end + 1 >= len || !strchr("rsa", text[name_end + 1]) ||
            (name_end + 2 < len && text[name_end + 2] != ':'))
            return fmt_error(vm, "expected !r, !s or !a in a field", self);
        conv = text[name_end + 1];
        spec_start = name_end + 2;
    }
    const char *spec = spec_start < len ? text + spec_start + 1 : "";
    size_t spec_len = spec_start < len ? len - spec_start - 1 : 0;

    Value *r = roots_open(vm, 3);  /* value, spec string, formatted text */
    if (!resolve_field(st, self, text, name_end, &r[0]))
        return roots_close(vm, r, false);
    if (conv) {
        ObjString *c = conv == 's' ? value_to_str(vm, r[0]) : value_to_repr(vm, r[0]);
        if (!c)
            return roots_close(vm, r, false);
        r[0] = OBJ_VAL(c);
    }
    if (spec_len == 0) {
        bool ok = value_str(vm, r[0], b);
        return roots_close(vm, r, ok);
    }
    StrBuf sb;
    sb_init_vm(vm, &sb);
    if (memchr(spec, '{', spec_len)) {
        if (depth > 0) {
            sb_free(&sb);
            return roots_close(vm, r, fmt_error(vm, "fields nested too deeply", self));
        }
        if (!format_into(st, self, spec, spec_len, &sb, depth + 1)) {
            sb_free(&sb);
            return roots_close(vm, r, false);
        }
    } else {
        sb_append(&sb, spec, spec_len);
    }
    if (!sb_to_value(vm, &sb, &r[1]))
        return roots_close(vm, r, false);
    if (!vm_call(vm, st->format_fn, 2, r, &r[2]))
        return roots_close(vm, r, false);
    if (IS_STR(r[2]))
        sb_append(b, AS_CSTR(r[2]), (size_t)AS_STR(r[2])->length);
    return roots_close(vm, r, true);
}

static bool format_into(FormatState *st, ObjString *self, const char *text, size_t len,
                        StrBuf *b, int depth)
{
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (c == '{' && i + 1 < len && text[i + 1] == '{' && depth == 0) {
            sb_putc(b, '{');
            i += 2;
        } else if (c == '}' && i + 1 < len && text[i + 1] == '}' && depth == 0) {
            sb_putc(b, '}');
            i += 2;
        } else if (c == '}') {
            return fmt_error(st->vm, "a single '}' (write '}}' for a literal brace)", self);
        } else if (c == '{') {
            size_t start = ++i;
            int level = 1;
            while (i < len && level > 0) {
                if (text[i] == '{')
                    level++;
                else if (text[i] == '}')
                    level--;
                if (level > 0)
                    i++;
            }
            if (i >= len)
                return fmt_error(st->vm, "a '{' is never closed (write '{{' for a literal brace)",
                                 self);
            if (!format_field(st, self, text + start, i - start, b, depth))
                return false;
            i++;
        } else {
            size_t start = i;
            while (i < len && text[i] != '{' && text[i] != '}')
                i++;
            sb_append(b, text + start, i - start);
        }
    }
    return true;
}

static bool str_format(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *self;
    if (!self_str(vm, argv, "format", &self))
        return false;
    ObjString *name = str_from_cstr(vm, "format");
    FormatState st = {vm, argc - 1, argv + 1, kwargs, 0, false, NONE_VAL};
    if (!name)
        return false;
    if (!dict_get_str(vm->builtins, name, &st.format_fn))
        return vm_raise(vm, vm->exc.runtime_error, "str.format(): the builtin format is missing");
    StrBuf b;
    sb_init_vm(vm, &b);
    if (!format_into(&st, self, self->chars, (size_t)self->length, &b, 0)) {
        sb_free(&b);
        return false;
    }
    return sb_to_value(vm, &b, out);
}

/* ---- the table */

static const NativeSpec str_methods[] = {
    {"split", str_split, 1, 3, "str.split(sep=None, maxsplit=-1)",
     "Return a list of the pieces of the string between occurrences of sep. Without sep,\n"
     "runs of whitespace separate and leading/trailing whitespace gives no empty pieces.\n"
     "At most maxsplit splits are made (-1: no limit).\n\n"
     "Example:\n"
     "    >>> \"a,b,,c\".split(\",\"), \"  x  y \".split()\n"
     "    (['a', 'b', '', 'c'], ['x', 'y'])"},
    {"rsplit", str_rsplit, 1, 3, "str.rsplit(sep=None, maxsplit=-1)",
     "Like split, but the maxsplit splits are made from the right.\n\n"
     "Example:\n"
     "    >>> \"a.b.c\".rsplit(\".\", 1)\n"
     "    ['a.b', 'c']"},
    {"splitlines", str_splitlines, 1, 2, "str.splitlines(keepends=False)",
     "Return a list of the lines, split at \\n, \\r\\n, \\r and the other line breaks;\n"
     "with keepends=True each line keeps its break.\n\n"
     "Example:\n"
     "    >>> \"one\\ntwo\\r\\n\".splitlines()\n"
     "    ['one', 'two']"},
    {"partition", str_partition, 2, 2, "str.partition(sep)",
     "Split at the first sep into (before, sep, after); if sep is absent, (s, '', '').\n\n"
     "Example:\n"
     "    >>> \"key=value=x\".partition(\"=\")\n"
     "    ('key', '=', 'value=x')"},
    {"rpartition", str_rpartition, 2, 2, "str.rpartition(sep)",
     "Split at the last sep into (before, sep, after); if sep is absent, ('', '', s).\n\n"
     "Example:\n"
     "    >>> \"a/b/c\".rpartition(\"/\")\n"
     "    ('a/b', '/', 'c')"},
    {"join", str_join, 2, 2, "str.join(iterable)",
     "Concatenate the strings of an iterable with this string between them.\n\n"
     "Example:\n"
     "    >>> \", \".join([\"a\", \"b\", \"c\"])\n"
     "    'a, b, c'"},
    {"strip", str_strip, 1, 2, "str.strip(chars=None)",
     "Return the string without leading and trailing whitespace (or characters in chars).\n\n"
     "Example:\n"
     "    >>> \"  hi \\n\".strip(), \"xxhixx\".strip(\"x\")\n"
     "    ('hi', 'hi')"},
    {"lstrip", str_lstrip, 1, 2, "str.lstrip(chars=None)",
     "Return the string without leading whitespace (or characters in chars).\n\n"
     "Example:\n"
     "    >>> \"007\".lstrip(\"0\")\n"
     "    '7'"},
    {"rstrip", str_rstrip, 1, 2, "str.rstrip(chars=None)",
     "Return the string without trailing whitespace (or characters in chars).\n\n"
     "Example:\n"
     "    >>> \"line\\n\".rstrip()\n"
     "    'line'"},
    {"removeprefix", str_removeprefix, 2, 2, "str.removeprefix(prefix)",
     "Return the string without prefix if it starts with it, else the string unchanged.\n\n"
     "Example:\n"
     "    >>> \"test_loss\".removeprefix(\"test_\")\n"
     "    'loss'"},
    {"removesuffix", str_removesuffix, 2, 2, "str.removesuffix(suffix)",
     "Return the string without suffix if it ends with it, else the string unchanged.\n\n"
     "Example:\n"
     "    >>> \"data.csv\".removesuffix(\".csv\")\n"
     "    'data'"},
    {"find", str_find, 2, 4, "str.find(sub, start=None, end=None)",
     "Return the index of the first occurrence of sub within s[start:end], or -1.\n\n"
     "Example:\n"
     "    >>> \"banana\".find(\"an\"), \"banana\".find(\"x\")\n"
     "    (1, -1)"},
    {"rfind", str_rfind, 2, 4, "str.rfind(sub, start=None, end=None)",
     "Return the index of the last occurrence of sub within s[start:end], or -1.\n\n"
     "Example:\n"
     "    >>> \"banana\".rfind(\"an\")\n"
     "    3"},
    {"index", str_index, 2, 4, "str.index(sub, start=None, end=None)",
     "Like find, but raise ValueError when sub is not found.\n\n"
     "Example:\n"
     "    >>> \"banana\".index(\"n\")\n"
     "    2"},
    {"rindex", str_rindex, 2, 4, "str.rindex(sub, start=None, end=None)",
     "Like rfind, but raise ValueError when sub is not found.\n\n"
     "Example:\n"
     "    >>> \"banana\".rindex(\"n\")\n"
     "    4"},
    {"count", str_count, 2, 4, "str.count(sub, start=None, end=None)",
     "Return the number of non-overlapping occurrences of sub within s[start:end].\n\n"
     "Example:\n"
     "    >>> \"aaaa\".count(\"aa\")\n"
     "    2"},
    {"startswith", str_startswith, 2, 4, "str.startswith(prefix, start=None, end=None)",
     "Return whether the string (or s[start:end]) starts with prefix, which may be a tuple\n"
     "of candidates.\n\n"
     "Example:\n"
     "    >>> \"train.csv\".startswith((\"test\", \"train\"))\n"
     "    True"},
    {"endswith", str_endswith, 2, 4, "str.endswith(suffix, start=None, end=None)",
     "Return whether the string (or s[start:end]) ends with suffix, which may be a tuple\n"
     "of candidates.\n\n"
     "Example:\n"
     "    >>> \"model.nbl\".endswith(\".nbl\")\n"
     "    True"},
    {"replace", str_replace, 3, 4, "str.replace(old, new, count=-1)",
     "Return a copy with occurrences of old replaced by new, at most count of them\n"
     "(-1: all).\n\n"
     "Example:\n"
     "    >>> \"a-b-c\".replace(\"-\", \"+\", 1)\n"
     "    'a+b-c'"},
    {"upper", str_upper, 1, 1, "str.upper()",
     "Return a copy with every letter in upper case.\n\n"
     "Example:\n"
     "    >>> \"Straße\".upper()\n"
     "    'STRASSE'"},
    {"lower", str_lower, 1, 1, "str.lower()",
     "Return a copy with every letter in lower case.\n\n"
     "Example:\n"
     "    >>> \"ÉCOLE\".lower()\n"
     "    'école'"},
    {"swapcase", str_swapcase, 1, 1, "str.swapcase()",
     "Return a copy with upper-case letters made lower case and the other way round.\n\n"
     "Example:\n"
     "    >>> \"aBc\".swapcase()\n"
     "    'AbC'"},
    {"title", str_title, 1, 1, "str.title()",
     "Return a copy where each word starts upper case and continues lower case; a word\n"
     "is a run of letters.\n\n"
     "Example:\n"
     "    >>> \"hello wORLD\".title()\n"
     "    'Hello World'"},
    {"capitalize", str_capitalize, 1, 1, "str.capitalize()",
     "Return a copy with the first character upper case and the rest lower case.\n\n"
     "Example:\n"
     "    >>> \"hELLO\".capitalize()\n"
     "    'Hello'"},
    {"isdigit", str_isdigit, 1, 1, "str.isdigit()",
     "Return whether the string is non-empty and all its characters are digits.\n\n"
     "Example:\n"
     "    >>> \"2024\".isdigit(), \"-1\".isdigit()\n"
     "    (True, False)"},
    {"isdecimal", str_isdecimal, 1, 1, "str.isdecimal()",
     "Return whether the string is non-empty and all its characters are decimal digits\n"
     "(superscripts are digits but not decimal).\n\n"
     "Example:\n"
     "    >>> \"42\".isdecimal()\n"
     "    True"},
    {"isnumeric", str_isnumeric, 1, 1, "str.isnumeric()",
     "Return whether the string is non-empty and all its characters are numeric\n"
     "(digits, fractions like ½, numerals).\n\n"
     "Example:\n"
     "    >>> \"½\".isnumeric()\n"
     "    True"},
    {"isalpha", str_isalpha, 1, 1, "str.isalpha()",
     "Return whether the string is non-empty and all its characters are letters.\n\n"
     "Example:\n"
     "    >>> \"café\".isalpha(), \"a1\".isalpha()\n"
     "    (True, False)"},
    {"isalnum", str_isalnum, 1, 1, "str.isalnum()",
     "Return whether the string is non-empty and all its characters are letters or\n"
     "digits.\n\n"
     "Example:\n"
     "    >>> \"a1\".isalnum()\n"
     "    True"},
    {"isspace", str_isspace, 1, 1, "str.isspace()",
     "Return whether the string is non-empty and all its characters are whitespace.\n\n"
     "Example:\n"
     "    >>> \" \\t\\n\".isspace()\n"
     "    True"},
    {"isupper", str_isupper, 1, 1, "str.isupper()",
     "Return whether the string has a cased letter and all its cased letters are upper\n"
     "case.\n\n"
     "Example:\n"
     "    >>> \"ABC1\".isupper()\n"
     "    True"},
    {"islower", str_islower, 1, 1, "str.islower()",
     "Return whether the string has a cased letter and all its cased letters are lower\n"
     "case.\n\n"
     "Example:\n"
     "    >>> \"abc1\".islower()\n"
     "    True"},
    {"istitle", str_istitle, 1, 1, "str.istitle()",
     "Return whether the string is title case: each word starts with an upper-case\n"
     "letter followed by lower-case ones.\n\n"
     "Example:\n"
     "    >>> \"Hello World\".istitle()\n"
     "    True"},
    {"isidentifier", str_isidentifier, 1, 1, "str.isidentifier()",
     "Return whether the string is a valid name: a letter or _ then letters, digits or _.\n\n"
     "Example:\n"
     "    >>> \"learning_rate\".isidentifier(), \"2x\".isidentifier()\n"
     "    (True, False)"},
    {"isascii", str_isascii, 1, 1, "str.isascii()",
     "Return whether every character is ASCII (True for the empty string).\n\n"
     "Example:\n"
     "    >>> \"abc\".isascii()\n"
     "    True"},
    {"center", str_center, 2, 3, "str.center(width, fillchar=' ')",
     "Return the string centred in width characters, padded with fillchar.\n\n"
     "Example:\n"
     "    >>> \"hi\".center(6, \"*\")\n"
     "    '**hi**'"},
    {"ljust", str_ljust, 2, 3, "str.ljust(width, fillchar=' ')",
     "Return the string left-aligned in width characters, padded with fillchar.\n\n"
     "Example:\n"
     "    >>> \"ab\".ljust(4, \".\")\n"
     "    'ab..'"},
    {"rjust", str_rjust, 2, 3, "str.rjust(width, fillchar=' ')",
     "Return the string right-aligned in width characters, padded with fillchar.\n\n"
     "Example:\n"
     "    >>> \"7\".rjust(3, \"0\")\n"
     "    '007'"},
    {"zfill", str_zfill, 2, 2, "str.zfill(width)",
     "Return the string padded on the left with zeros to width characters, after any\n"
     "sign.\n\n"
     "Example:\n"
     "    >>> \"-42\".zfill(6)\n"
     "    '-00042'"},
    {"expandtabs", str_expandtabs, 1, 2, "str.expandtabs(tabsize=8)",
     "Return a copy where each tab is replaced by spaces up to the next multiple of\n"
     "tabsize columns.\n\n"
     "Example:\n"
     "    >>> \"a\\tb\".expandtabs(4)\n"
     "    'a   b'"},
    {"format", str_format, 1, -1, "str.format(*args, **kwargs)",
     "Return the string with each {} field replaced by an argument: {} takes the next\n"
     "positional one, {0} a numbered one, {name} a keyword one; {x.attr} and {x[key]}\n"
     "reach inside, !r uses repr, and :spec formats as in f-strings. {{ and }} are braces.\n\n"
     "Example:\n"
     "    >>> \"{} has {n:.1f}%\".format(\"acc\", n=97.25)\n"
     "    'acc has 97.2%'"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char str_doc[] =
    "str(x='')\n\n"
    "Immutable UTF-8 text. str(x) is the text print shows for x; indexes count\n"
    "characters, not bytes.\n\n"
    "Example:\n"
    "    >>> str(1.5) + \"!\"\n"
    "    '1.5!'";

bool lib_open_str(VM *vm)
{
    ObjClass *k = vm->types.str;
    vm_define_methods(vm, k, str_methods);
    k->construct = str_construct;
    ObjString *doc = str_from_cstr(vm, str_doc);
    if (!doc)
        return false;
    k->doc = doc;
    ObjString *name = str_from_cstr(vm, "str");
    return name && dict_set_str(vm, vm->builtins, name, OBJ_VAL(k));
}
