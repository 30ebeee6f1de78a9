#!/bin/sh
# numpy_reads_nabla.sh - files that save() and savez() write from the language
# load in NumPy with the same dtypes, shapes and values, and each .npy is byte
# for byte what np.save writes for that array.
#
#     sh tests/lang/io/numpy_reads_nabla.sh <path-to-nabla>
#
# Needs Python 3 with NumPy; without it the check is skipped (exit 0) and
# says so.
set -eu

NABLA=${1:?usage: numpy_reads_nabla.sh <path-to-nabla>}

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

dir=$(mktemp -d "${TMPDIR:-/tmp}/nabla-npy.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

cat > "$dir/write.nbl" <<EOF
import random
d = "$dir/"
save(d + "f64", arange(12.0).reshape(3, 4) / 7)
save(d + "f32", array([[0.1, -2.5]], dtype=float32))
save(d + "i32", arange(24, dtype=int32).reshape(2, 3, 4) - 5)
save(d + "i64", array([-9223372036854775807, 0, 42]))
save(d + "u8", array([0, 7, 255], dtype=uint8))
save(d + "bool", [True, False, True])
save(d + "scalar", array(3.25))
save(d + "empty", zeros((0, 3)))
save(d + "view", (arange(12.0).reshape(3, 4)).T[::2])
save(d + "random", random.rng(5).normal(size=(4, 5)))
savez(d + "pair", [1, 2, 3], weights=ones((2, 2), dtype=float32))
EOF
"$NABLA" "$dir/write.nbl"

"$python" - "$dir" <<'EOF'
import io
import sys

import numpy as np

d = sys.argv[1] + "/"
expected = {
    "f64": np.arange(12.0).reshape(3, 4) / 7,
    "f32": np.array([[0.1, -2.5]], dtype=np.float32),
    "i32": np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 5,
    "i64": np.array([-9223372036854775807, 0, 42]),
    "u8": np.array([0, 7, 255], dtype=np.uint8),
    "bool": np.array([True, False, True]),
    "scalar": np.array(3.25),
    "empty": np.zeros((0, 3)),
    "view": np.arange(12.0).reshape(3, 4).T[::2],
}
bad = 0
for name, want in expected.items():
    path = d + name + ".npy"
    got = np.load(path)
    if got.dtype != want.dtype or got.shape != want.shape or not np.array_equal(got, want):
        print("FAIL %s: got %s %s %r" % (name, got.dtype, got.shape, got))
        bad += 1
        continue
    buf = io.BytesIO()
    np.save(buf, got)
    if open(path, "rb").read() != buf.getvalue():
        print("FAIL %s: the bytes differ from np.save's" % name)
        bad += 1
r = np.load(d + "random.npy")
if r.shape != (4, 5) or r.dtype != np.float64 or not np.isfinite(r).all():
    print("FAIL random: %s %s" % (r.dtype, r.shape))
    bad += 1
z = np.load(d + "pair.npz")
if sorted(z.files) != ["arr_0", "weights"] or z["arr_0"].tolist() != [1, 2, 3] \
        or z["weights"].dtype != np.float32 or z["weights"].shape != (2, 2):
    print("FAIL pair.npz: %r" % (z.files,))
    bad += 1
if bad:
    sys.exit(1)
print("numpy_reads_nabla: %d files load in NumPy %s" % (len(expected) + 2, np.__version__))
EOF
