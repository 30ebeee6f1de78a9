#!/bin/sh
# usage: cli.sh NABLA LESSONS_DIR
# From the shell: `nabla lessons` lists the lessons with their progress, and
# `nabla --lesson NAME` starts the REPL inside one.
nabla=$1
lessons=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
HOME="$tmp"
XDG_STATE_HOME="$tmp/state"
XDG_DATA_HOME="$tmp/data"
NO_COLOR=1
export HOME XDG_STATE_HOME XDG_DATA_HOME NO_COLOR
fail() { echo "FAIL: $1"; echo "--- output:"; cat "$tmp/out"; exit 1; }

NABLA_LESSONS="$lessons" "$nabla" lessons > "$tmp/out" 2>&1 || fail "nabla lessons failed"
grep -q "^  ·  1  tiny  A tiny lesson for the tests  3 steps$" "$tmp/out" || fail "nabla lessons: no new lesson listed"

printf ':next\n:status\n' | "$nabla" --transcript --lessons-dir "$lessons" --lesson tiny > "$tmp/out" 2>&1 \
    || fail "nabla --lesson failed"
grep -q "^\[tiny 2/3\]> :status$" "$tmp/out" || fail "nabla --lesson tiny did not start the lesson"

NABLA_LESSONS="$lessons" "$nabla" lessons > "$tmp/out" 2>&1
grep -q "^  ▶  1  tiny  A tiny lesson for the tests  at step 2 of 3$" "$tmp/out" \
    || fail "nabla lessons does not show the progress just made"
exit 0
