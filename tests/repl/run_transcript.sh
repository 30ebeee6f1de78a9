#!/bin/sh
# usage: run_transcript.sh NABLA LESSONS_DIR SCRIPT.in
#
# Runs a scripted REPL session (--transcript echoes each prompt and the line
# typed at it) with fresh, private data and state folders, and compares the
# output with SCRIPT.out.  A line "#--- new session ---" in the script ends
# one nabla process and starts another with the same progress file, so
# quitting and resuming across sessions is part of the transcript.
# UPDATE_GOLDEN=1 rewrites the golden file instead of comparing.
set -u
nabla=$1
lessons=$2
script=$3
golden=${script%.in}.out
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
XDG_DATA_HOME="$tmp/data"
XDG_STATE_HOME="$tmp/state"
HOME="$tmp"
NO_COLOR=1
NABLA_LESSONS="$lessons"
export XDG_DATA_HOME XDG_STATE_HOME HOME NO_COLOR NABLA_LESSONS
awk -v dir="$tmp" 'BEGIN { n = 1 } /^#--- new session ---$/ { n++; next } { print > (dir "/part" n) }' "$script"
n=1
while [ -f "$tmp/part$n" ]; do
    [ "$n" -gt 1 ] && echo "#--- new session ---" >> "$tmp/out"
    "$nabla" --transcript < "$tmp/part$n" >> "$tmp/out" 2>&1
    echo "[exit status $?]" >> "$tmp/out"
    n=$((n + 1))
done
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/out" "$golden"
    echo "wrote $golden"
    exit 0
fi
if ! diff -u "$golden" "$tmp/out"; then
    echo "FAIL: the transcript of $script differs from $golden (- expected, + got)"
    exit 1
fi
