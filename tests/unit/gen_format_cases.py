#!/usr/bin/env python3
"""Regenerates the expected-output tables in test_format.c from Python 3.

The tests themselves do not need Python: the tables are committed inside
test_format.c between the GENERATED markers, and this script is only run
by hand when cases are added:

    python3 tests/unit/gen_format_cases.py tests/unit/test_format.c

Every expected string is what this Python prints for repr(x) or
format(value, spec); an expected NULL means Python raises ValueError or
OverflowError for that spec.  The 'z' option is left out: Nabla's format
specs do not have it.
"""
import math
import random
import struct
import sys

BEGIN = "/* BEGIN GENERATED CASES (tests/unit/gen_format_cases.py) */"
END = "/* END GENERATED CASES */"

rng = random.Random(20240501)


def bits_to_float(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def c_string(s):
    if s is None:
        return "NULL"
    out = []
    for byte in s.encode("utf-8"):
        ch = chr(byte)
        if ch in '"\\?':
            out.append("\\" + ch)
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append("\\%03o" % byte)
    return '"' + "".join(out) + '"'


def c_double(x):
    if math.isnan(x):
        return "NAN"
    if math.isinf(x):
        return "INFINITY" if x > 0 else "-INFINITY"
    return x.hex()


def c_int(v):
    if v == -2**63:
        return "INT64_MIN"
    return "INT64_C(%d)" % v


def py_format(value, spec):
    try:
        return format(value, spec)
    except (ValueError, OverflowError):
        return None


# ---- repr(float)
REPR_EDGE = [
    0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3,
    1e16, -1e16, 1e15, 9999999999999998.0, 2e16 + 8, 1e17, 1e22, 1e23, 1e100, 1e300,
    1e-4, 1e-5, 1.5e-5, 0.0001234, 0.00001234, 1e-7, 123456789.0, 1234567890123456.0,
    12345678901234567.0, 5e-324, 1e-323, 2.225073858507201e-308, 2.2250738585072014e-308,
    1.7976931348623157e308, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64, 2.0**-1022, 2.0**-1074,
    100.0, 1000000.0, 0.5, 2.5, 3.14159, 6.02214076e23, 1.602176634e-19, 9.5367431640625e-07,
    4.35, 0.3, 0.7, 1.1, 2.675, 1e-10, 123.456, -987.654321,
]


def significant_digits(r):
    mantissa = r.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    return len(mantissa.rstrip("0")) or 1


def lopsided_powers_of_two():
    """Powers of two whose shortest repr is not the nearest decimal of that
    length: below 2**k the doubles are twice as dense as above, so the
    shortest text may lie further above than the nearest one below."""
    found = []
    for k in range(-1074, 1024):
        x = math.ldexp(1.0, k)
        p = significant_digits(repr(x))
        if float("%.*e" % (p - 1, x)) != x:
            found.append(x)
    return found


def repr_cases():
    xs = list(REPR_EDGE)
    for _ in range(60):
        b = rng.getrandbits(64)
        x = bits_to_float(b)
        if not math.isnan(x):
            xs.append(x)
    for _ in range(20):  # powers of two: their rounding interval is lopsided
        xs.append(math.ldexp(1.0, rng.randint(-1074, 1023)))
    xs += lopsided_powers_of_two()
    for _ in range(40):
        xs.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 8)))
    for _ in range(20):
        xs.append(rng.randint(1, 10**rng.randint(1, 20)) * 10.0**rng.randint(-30, 30))
    return [(x, repr(x)) for x in xs]


# ---- format(value, spec)
FLOAT_VALUES = [
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 0.375, 0.1, 0.1 + 0.2, 1234.5, -1234.5,
    1234567.891, 1e16, 1e20, 1e-5, 0.00012345, 9.9999, 99999.99, 123456789.0, 5e-324,
    1.7976931348623157e308, 2.2250738585072014e-308, 1e22, 3.14159265358979, -2.71828,
    math.inf, -math.inf, math.nan, 6.02214076e23, 1.602176634e-19,
]
FLOAT_SPECS = [
    "", ".3", ".0", ".1", ".16", ".17", ".20", "f", ".2f", ".0f", "#.0f", ".10f", ".60f",
    ",.2f", "_.3f", "e", ".3e", ".0e", "#.0e", "E", ".2E", "g", ".3g", "#g", "#.3g", "G",
    ".10g", ".0g", "%", ".1%", ",.0%", "F", ".3F", "n", ".3n", "012n", "#", "#.3", ",",
    "_", "10", "<10", "^10", ">12.3", "=12.3", "+", " ", "-", "+.2f", " .2e", "010.2f",
    "-012.3f", "+012,.2f", "012,.2f", "020,.2f", "*^20.4e", "\u2207>14.2f", "0<12.3",
    "0^12.3", "x=+15.3g", ">20,.1f", "015", "016_", ",.3e", "_g", "30.20e", ",.1f",
    ".400e", "#.500g",
]
FLOAT_ERRORS = ["d", "x", "b", "s", "c", "o", ",n", "_n", ".f", ",_", "_,", "10.3fx", ".2q",
                "=s", "#=^10"]

INT_VALUES = [
    0, 1, -1, 7, 9, 10, 42, -42, 99, 100, 255, -255, 999, 1000, 4096, 65535, 123456789,
    -123456789, 1234567890123, 2**31 - 1, -2**31, 2**53 + 1, 2**63 - 1, -2**63, 65, 955,
    0x2207, 0x1F600,
]
INT_SPECS = [
    "", "d", "n", "5", "<5", "^7", ">7", "=7", "+", " ", "-", "+d", " 5", "05", "010",
    "-010", "+010", "*<8", "*^9", "\u2207>8", "0<6", "0^7", ",", "_", ",d", "_d", "010,",
    "011,", "012,", "09_", "0=13,", "+015,", "x", "X", "#x", "#X", "#010x", "#012_x", "_x",
    "#_b", "b", "#b", "o", "#o", "_o", "#_X", "=+#20_x", "c", "c", "^5c", "*>4c", "e",
    ".2e", "f", ".2f", ",.2f", "g", ".3g", "G", "%", ".1%", "020,.3e", "012n", "+,", "^+10,",
]
INT_ERRORS = [".2", ".2d", "s", ",c", "+c", "#c", "#", ",x", ",b", ",n", "_n", ",_d", "q",
              ".x"]

STR_VALUES = ["", "a", "hello", "h\u00e9llo", "\u2207x\u2207", "abcdefghijkl"]
STR_SPECS = [
    "", "s", "10", "<10", ">10", "^10", "^11", "*^9", "\u2207>7", ".3", "10.3", ".0", "05",
    "0>5", "^", "3", "x<8s", ">5.2",
]
STR_ERRORS = ["=10", "+", " ", "#", ",", "_", "d", "x", "f", ".s", "10.2d"]


def format_cases():
    cases = []
    seen = set()

    def add(kind, value, spec):
        key = (kind, repr(value), spec)
        if key in seen:
            return
        seen.add(key)
        cases.append((kind, value, spec, py_format(value, spec)))

    # Every spec with a few values, every value with a few specs.
    for spec in FLOAT_SPECS:
        for v in rng.sample(FLOAT_VALUES, 4):
            add("f", v, spec)
    for v in FLOAT_VALUES:
        for spec in rng.sample(FLOAT_SPECS, 3):
            add("f", v, spec)
    for spec in FLOAT_ERRORS:
        add("f", rng.choice(FLOAT_VALUES), spec)
    for spec in INT_SPECS:
        values = [v for v in INT_VALUES if "c" not in spec or 32 <= v <= 0x10FFFF]
        for v in rng.sample(values, 3):
            add("i", v, spec)
    for v in INT_VALUES:
        for spec in rng.sample([s for s in INT_SPECS if "c" not in s], 3):
            add("i", v, spec)
    for spec in INT_ERRORS:
        add("i", rng.choice(INT_VALUES), spec)
    add("i", -1, "c")
    add("i", 0x110000, "c")
    for spec in STR_SPECS:
        for v in STR_VALUES:
            add("s", v, spec)
    for spec in STR_ERRORS:
        add("s", "abc", spec)
    for v in ["x", "hello"]:
        add("s", v, ",s")
    return cases


def render():
    lines = [BEGIN, "static const ReprCase REPR_CASES[] = {"]
    for x, r in repr_cases():
        lines.append("    {%s, %s}," % (c_double(x), c_string(r)))
    lines.append("};")
    lines.append("")
    lines.append("/* kind, int value, float value, str value, spec, expected (NULL: an error) */")
    lines.append("static const FormatCase FORMAT_CASES[] = {")
    for kind, v, spec, want in format_cases():
        i = c_int(v) if kind == "i" else "0"
        f = c_double(v) if kind == "f" else "0"
        s = c_string(v) if kind == "s" else "NULL"
        lines.append("    {'%s', %s, %s, %s, %s, %s}," % (kind, i, f, s, c_string(spec),
                                                       c_string(want)))
    lines.append("};")
    lines.append(END)
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_format_cases.py tests/unit/test_format.c")
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start, stop = text.index(BEGIN), text.index(END) + len(END)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:start] + render() + text[stop:])


if __name__ == "__main__":
    main()
