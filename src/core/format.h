/*
 * format.h - number and string formatting as Python does it: the shortest
 * float repr that reads back exactly, and the format-spec mini-language
 * used by f-strings ({x:.3f}, {n:>5}, {v:,}).
 */
#ifndef NABLA_FORMAT_H
#define NABLA_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/*
 * Python's repr(float): the shortest digits that round-trip, with ".0" on
 * integral values, scientific when the exponent is < -4 or >= 16:
 * 0.1, 1.0, -0.0, 1e+16, 1.5e-05, 123456789.0, inf, -inf, nan.
 * Writes at most size bytes including the NUL; returns the length.
 */
int fmt_double_repr(char *buf, size_t size, double x);

/* [[fill]align][sign][#][0][width][grouping][.precision][type] */
typedef struct FormatSpec {
    uint32_t fill;      /* codepoint, default ' ' */
    char align;         /* 0 (default for the type), '<', '>', '^', '=' */
    char sign;          /* 0, '+', '-', ' ' */
    bool alternate;     /* '#' */
    bool zero_pad;      /* '0' before width */
    int width;          /* -1 when absent */
    char grouping;      /* 0, ',' or '_' */
    int precision;      /* -1 when absent */
    char type;          /* 0 or one of b c d e E f F g G n o s x X % */
} FormatSpec;

/* Parses spec[0..len).  On error returns false and writes a message like
   "invalid format spec '.3q': unknown format code 'q'" into err. */
bool fmt_parse_spec(const char *spec, size_t len, FormatSpec *out, char *err, size_t errsize);

/* Each appends the formatted value to out; on a spec that does not fit the
   type returns false with Python's message in err, e.g.
   "unknown format code 'd' for a float: use 'f', 'e', 'g' or '%'". */
bool fmt_int(StrBuf *out, int64_t v, const FormatSpec *spec, char *err, size_t errsize);
bool fmt_float(StrBuf *out, double v, const FormatSpec *spec, char *err, size_t errsize);
bool fmt_str(StrBuf *out, const char *s, size_t len, const FormatSpec *spec, char *err, size_t errsize);

/* Number of codepoints in UTF-8 text (for alignment). */
size_t utf8_length(const char *s, size_t len);

#endif
