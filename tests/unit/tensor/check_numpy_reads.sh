#!/bin/sh
# check_numpy_reads.sh TEST_IO - files Nabla writes load in NumPy.
#
# Runs `TEST_IO --write DIR` to write .npy, .npz and .csv files, then loads
# them with NumPy and compares dtypes, shapes and values with the same
# formulas (see write_for_numpy in test_io.c), and each .npy byte for byte
# with what np.save writes for the loaded array.  Needs Python 3 with NumPy;
# without it the check is skipped (exit 0) and says so.
set -eu

test_io=${1:?usage: check_numpy_reads.sh path/to/test_io}

python=
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import numpy' >/dev/null 2>&1; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "SKIP: python3-numpy not installed"
    exit 0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$test_io" --write "$dir"

"$python" - "$dir" <<'EOF'
import csv
import io
import math
import os
import sys
import zipfile

import numpy as np

d = sys.argv[1]
failures = []


def expect(name, got, want):
    if got.dtype != want.dtype or got.shape != want.shape:
        failures.append("%s: got %s%s, want %s%s" % (name, got.dtype, got.shape,
                                                     want.dtype, want.shape))
    elif not np.array_equal(got, want):
        failures.append("%s: values differ:\n%r\n%r" % (name, got, want))


big = np.arange(2100, dtype=np.float64).reshape(300, 7) * 0.25 - 100
want = {
    "w_f64.npy": np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5 - 2,
    "w_f32.npy": np.arange(5, dtype=np.float32) * np.float32(1.5) - np.float32(2),
    "w_i32.npy": np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 3,
    "w_u8.npy": (np.arange(10) * 37 % 256).astype(np.uint8),
    "w_bool.npy": np.arange(7) % 3 == 0,
    "w_i64.npy": np.array(-7, dtype=np.int64),
    "w_empty.npy": np.zeros((0, 3)),
    "w_big.npy": big,
    "w_fortran.npy": big.T,
    "w_strided.npy": big[::2],
}

for name, w in want.items():
    path = os.path.join(d, name)
    got = np.load(path)
    expect(name, got, w)
    # byte-identical to np.save of the same array (Fortran order kept)
    buf = io.BytesIO()
    np.save(buf, got)
    with open(path, "rb") as f:
        if f.read() != buf.getvalue():
            failures.append("%s: bytes differ from np.save's" % name)

npz_path = os.path.join(d, "w.npz")
with zipfile.ZipFile(npz_path) as z:
    bad = z.testzip()
    if bad is not None:
        failures.append("w.npz: CRC error in %s" % bad)
with np.load(npz_path) as z:
    if list(z.keys()) != list(want.keys()):
        failures.append("w.npz: keys %s" % list(z.keys()))
    for name, w in want.items():
        expect("w.npz[%s]" % name, z[name], w)

with open(os.path.join(d, "w.csv"), newline="") as f:
    rows = list(csv.reader(f))
if rows[0] != ["a", "b,c", 'd "q"']:
    failures.append("w.csv: header %r" % rows[0])
vals = [[float(x) for x in r] for r in rows[1:]]
want_csv = [[0.1, 1.0 / 3, math.nan], [-2.5, 1e300, math.inf]]
for r, (gr, wr) in enumerate(zip(vals, want_csv)):
    for c, (g, w) in enumerate(zip(gr, wr)):
        if not (g == w or (math.isnan(g) and math.isnan(w))):
            failures.append("w.csv[%d][%d]: %r != %r" % (r, c, g, w))
if len(vals) != 2:
    failures.append("w.csv: %d rows" % len(vals))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("NumPy %s read all %d files" % (np.__version__, len(want) + 2))
EOF
