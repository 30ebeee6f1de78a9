#!/bin/sh
# usage: colour.sh SCRIPT NABLA
# On a terminal (script(1) provides one) the REPL colours errors red and
# dims dtype footers; with NO_COLOR set it prints no escape codes at all.
script=$1
nabla=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
HOME="$tmp"
XDG_STATE_HOME="$tmp"
export HOME XDG_STATE_HOME
esc=$(printf '\033')
run() {
    (printf 'undefined_name\n[1.0, 2.0]\n'; sleep 1) | "$script" -qec "$nabla" /dev/null > "$tmp/out" 2>&1
}
unset NO_COLOR
run
if ! grep -q "${esc}\[31merror: name 'undefined_name' is not defined" "$tmp/out"; then
    echo "FAIL: no red error on a terminal"; od -c "$tmp/out" | head -20; exit 1
fi
if ! grep -q "${esc}\[2mf64\[2\]${esc}\[0m" "$tmp/out"; then
    echo "FAIL: the dtype footer is not dimmed on a terminal"; od -c "$tmp/out" | head -20; exit 1
fi
NO_COLOR=1
export NO_COLOR
run
if grep -q "$esc" "$tmp/out"; then
    echo "FAIL: escape codes with NO_COLOR set"; od -c "$tmp/out" | head -20; exit 1
fi
if ! grep -q "f64\[2\]" "$tmp/out"; then
    echo "FAIL: no output with NO_COLOR set"; cat "$tmp/out"; exit 1
fi
