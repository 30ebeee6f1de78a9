#!/bin/sh
# usage: progress.sh NABLA LESSONS_DIR
# The progress file: a damaged line costs only itself; progress made
# against an older version of a lesson resumes by step id; a save leaves no
# temporary file behind; and a folder that cannot be made is a note, not a
# crash.
nabla=$1
lessons=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
HOME="$tmp"
XDG_STATE_HOME="$tmp/state"
XDG_DATA_HOME="$tmp/data"
NO_COLOR=1
NABLA_LESSONS="$lessons"
export HOME XDG_STATE_HOME XDG_DATA_HOME NO_COLOR NABLA_LESSONS
fail() { echo "FAIL: $1"; echo "--- output:"; cat "$tmp/out"; exit 1; }

mkdir -p "$tmp/data/nabla"
printf 'nabla-progress 1\nthis line is damaged\ntiny 0000000000000000 started double start\n' \
    > "$tmp/data/nabla/progress"
printf ':lessons\n' | "$nabla" --transcript > "$tmp/out" 2>&1
grep -q "▶  1  tiny  A tiny lesson for the tests  at step 2 of 3" "$tmp/out" \
    || fail "the valid line after a damaged one was not read"

printf ':lesson tiny\ny\n:status\n' | "$nabla" --transcript > "$tmp/out" 2>&1
grep -q 'Welcome back! You were at step 2/3, "Doubling"' "$tmp/out" \
    || fail "progress from another version of the lesson did not resume by step id"
grep -q "^\[tiny 2/3\]> :status" "$tmp/out" || fail "did not resume at step 2"

ls "$tmp/data/nabla" > "$tmp/files"
[ "$(cat "$tmp/files")" = "progress" ] || { cat "$tmp/files" > "$tmp/out"; fail "files other than progress were left"; }
head -1 "$tmp/data/nabla/progress" | grep -q "^nabla-progress 1$" || fail "the saved file lost its header"
grep -q "^tiny [0-9a-f]\{16\} started double start" "$tmp/data/nabla/progress" \
    || { cat "$tmp/data/nabla/progress" > "$tmp/out"; fail "the saved line is not what was expected"; }

XDG_DATA_HOME=/dev/null/nowhere
export XDG_DATA_HOME
printf ':lesson tiny\n:next\n:status\n' | "$nabla" --transcript > "$tmp/out" 2>&1
status=$?
[ "$status" -eq 0 ] || fail "exit status $status when progress cannot be saved"
grep -q "note: cannot make /dev/null/nowhere/nabla" "$tmp/out" || fail "no note that progress cannot be saved"
[ "$(grep -c 'note: ' "$tmp/out")" -eq 1 ] || fail "the note should be given once"
grep -q "^\[tiny 2/3\]> :status" "$tmp/out" || fail "the lesson did not go on without saving"
exit 0
