#!/bin/sh
# make_corpus.sh - rebuilds the committed seed corpus in tests/fuzz/corpus/:
#   scripts/  every tests/lang script, plus a few edge cases (compile, eval)
#   npy/      .npy and .npz files of each dtype, order, version, endianness
#   csv/      CSV and text tables, well-formed and not
# The .npy seeds need python3 with numpy; without it only the test data is
# copied.  Run from anywhere; the result is small (well under 2 MB).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$HERE/corpus
rm -rf "$OUT"
mkdir -p "$OUT/scripts" "$OUT/npy" "$OUT/csv"

# ---- scripts: the language tests, named by their folder
find "$ROOT/tests/lang" -name '*.nbl' | sort | while read -r f; do
    rel=${f#"$ROOT/tests/lang/"}
    cp "$f" "$OUT/scripts/$(echo "$rel" | tr '/' '_')"
done
printf 'x = %s1%s\n' "$(printf '(%.0s' $(seq 200))" "$(printf ')%.0s' $(seq 200))" > "$OUT/scripts/edge_nested_parens.nbl"
printf 'def f(n):\n    return f(n + 1)\nf(0)\n' > "$OUT/scripts/edge_recursion.nbl"
printf 's = "ab"\nwhile True:\n    s = s + s\n' > "$OUT/scripts/edge_string_doubling.nbl"
printf 'x = f"{1:{2}}{[*range(3)]!r:>{10}}"\ny = f"{x=}"\n' > "$OUT/scripts/edge_fstring.nbl"
printf 'λ = "∇ ñ 日本"\nprint(λ[::-1], len(λ))\n' > "$OUT/scripts/edge_unicode.nbl"
printf 'zeros((2**62, 4))\n' > "$OUT/scripts/edge_huge_shape.nbl"

# ---- npy: the test data, and what numpy writes
cp "$ROOT"/tests/lang/io/data/*.npy "$ROOT"/tests/lang/io/data/*.npz "$OUT/npy/" 2>/dev/null || true
for py in /usr/bin/python3 python3; do
    if "$py" -c 'import numpy' 2>/dev/null; then
        "$py" - "$OUT/npy" <<'PY'
import io, struct, sys
import numpy as np
out = sys.argv[1]
def save(name, a, version=None):
    b = io.BytesIO()
    if version is None:
        np.save(b, a)
    else:
        np.lib.format.write_array(b, a, version=version)
    open(f"{out}/{name}.npy", "wb").write(b.getvalue())
for dt in ["?", "u1", "<i4", "<i8", "<f4", "<f8", ">i4", ">f8"]:
    save("dt_" + dt.replace("<", "le").replace(">", "be").replace("?", "bool"),
         np.arange(6).astype(dt).reshape(2, 3))
save("scalar", np.array(3.5))
save("empty", np.zeros((0, 4)))
save("fortran", np.asfortranarray(np.arange(12.0).reshape(3, 4)))
save("v2", np.arange(4, dtype="<i8"), version=(2, 0))
save("v3", np.arange(4, dtype="<f8"), version=(3, 0))
save("dims8", np.zeros((1, 2, 1, 2, 1, 2, 1, 2)))
np.savez(f"{out}/two.npz", a=np.arange(3), b=np.eye(2))
PY
        break
    fi
done

# ---- csv: the test data, and tables that bend the rules
cp "$ROOT"/tests/lang/io/data/*.csv "$ROOT"/tests/lang/io/data/*.txt "$OUT/csv/" 2>/dev/null || true
printf 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n' > "$OUT/csv/ragged.csv"
printf '\357\273\277x,"y ""q""",z\r\n1,"2,5",NA\r\n\r\n3,,nan\r\n' > "$OUT/csv/bom_crlf_quotes.csv"
printf 'name,score\n"multi\nline",1e308\nbob,-inf\n' > "$OUT/csv/multiline_text.csv"
printf 'x;y\n1;2\n3;4\n' > "$OUT/csv/semicolon.csv"
printf '"unterminated,1\n2,3\n' > "$OUT/csv/unterminated_quote.csv"
printf '# c\n1 2 3\n4 5 6 # trailing\n\n7 8 9\n' > "$OUT/csv/loadtxt.txt"
echo "corpus: $(find "$OUT" -type f | wc -l) files, $(cat "$OUT"/*/* | wc -c) bytes"
