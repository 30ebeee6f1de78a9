#!/bin/sh
# doc_examples.sh - runs the example in the doc of every tensor builtin, method
# and linalg/random function, and checks that the REPL prints what the doc says.
#
#     sh tests/lang/tensor/doc_examples.sh <path-to-nabla> <src/lib folder>
#
# The names come from the spec tables of the binding's sources; each doc's
# "Example:" lines (">>> code", then the expected output) are fed to a fresh
# REPL.  Prints one line per failure; exits 1 if any example fails, 0 when all
# pass (and says how many ran).

NABLA=${1:?usage: doc_examples.sh <nabla> <src/lib>}
SRC=${2:?usage: doc_examples.sh <nabla> <src/lib>}
dir=$(mktemp -d "${TMPDIR:-/tmp}/nabla-docs.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT INT TERM

# every name in a spec table: {"name", ...}, UN(.., "name", BIN(.., "name", METHOD("name"
cat "$SRC"/tensor_*.c "$SRC"/linalg_module.c "$SRC"/random_module.c "$SRC"/io_module.c |
    sed -n -e 's/^ *{"\([a-z_][a-z0-9_]*\)", .*/\1/p' \
           -e 's/^ *UN(TN_[A-Z0-9_]*, "\([a-z0-9_]*\)".*/\1/p' \
           -e 's/^ *BIN(TN_[A-Z0-9_]*, "\([a-z0-9_]*\)".*/\1/p' \
           -e 's/^ *METHOD("\([a-z_][a-z0-9_]*\)".*/\1/p' |
    sort -u > "$dir/names"

{
    echo 'import linalg'
    echo 'import random'
    echo 'def dump(label, f):'
    echo '    d = f.__doc__'
    echo '    if d != None and "Example:" in d:'
    echo '        print("@@@ " + label)'
    echo '        print(d)'
    while read -r n; do
        echo 'try:'
        echo "    dump(\"$n\", $n)"
        echo 'except NameError:'
        echo '    pass'
        echo "for holder in [tensor, linalg, random]:"
        echo "    if hasattr(holder, \"$n\"):"
        echo "        dump(\"$n\", getattr(holder, \"$n\"))"
    done < "$dir/names"
} > "$dir/dump.nbl"

"$NABLA" "$dir/dump.nbl" > "$dir/docs" 2> "$dir/dump.err" || {
    echo "doc_examples: listing the docs failed:"
    cat "$dir/dump.err"
    exit 1
}

# split into one input and one expected-output file per example
awk -v dir="$dir" '
    /^@@@ / { name = substr($0, 5); inex = 0; next }
    /^Example:/ { n++; inex = 1; printf "%s\n", name > (dir "/ex" n ".name"); close(dir "/ex" n ".name");
                  printf "" > (dir "/ex" n ".in"); printf "" > (dir "/ex" n ".out"); next }
    inex && /^    >>> / { print substr($0, 9) >> (dir "/ex" n ".in"); next }
    inex && /^    / { print substr($0, 5) >> (dir "/ex" n ".out"); next }
    { inex = 0 }
    END { print n + 0 > (dir "/count") }
' "$dir/docs"

count=$(cat "$dir/count")
fail=0
i=1
while [ "$i" -le "$count" ]; do
    (cd "$dir" && { printf 'import linalg\nimport random\n'; cat "ex$i.in"; } |
        "$NABLA" > "ex$i.got" 2>&1)
    if ! cmp -s "$dir/ex$i.out" "$dir/ex$i.got"; then
        fail=$((fail + 1))
        echo "FAIL example of $(cat "$dir/ex$i.name"):"
        sed 's/^/    >>> /' "$dir/ex$i.in"
        echo "  expected:"
        sed 's/^/    /' "$dir/ex$i.out"
        echo "  got:"
        sed 's/^/    /' "$dir/ex$i.got"
    fi
    i=$((i + 1))
done
if [ "$fail" -gt 0 ]; then
    echo "doc_examples: $fail of $count examples failed"
    exit 1
fi
if [ "$count" -lt 100 ]; then
    echo "doc_examples: only $count examples found; the name scan is broken"
    exit 1
fi
echo "doc_examples: all $count examples pass"
