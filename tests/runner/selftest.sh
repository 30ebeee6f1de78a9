#!/bin/sh
# selftest.sh - checks the script-test runner itself.
#
#     sh tests/runner/selftest.sh <path-to-nbtest>
#
# The interpreter is faked by /bin/sh: a test script is a shell script whose
# comments carry the runner's directives, so every directive, every kind of
# failure report, the timeout and the signal reports can be checked without
# Nabla.  Prints one line per case; exits 1 if any case misbehaves.

NBTEST=${1:?usage: selftest.sh <path-to-nbtest>}
case $NBTEST in /*) ;; *) NBTEST=$(pwd)/$NBTEST ;; esac
[ -x "$NBTEST" ] || { echo "selftest: $NBTEST is not executable" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/nbtest-selftest.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT INT TERM
ulimit -c 0 # the crash cases must not leave core files behind

fake=$dir/fake-nabla
printf '#!/bin/sh\nexec /bin/sh "$@"\n' > "$fake"
chmod +x "$fake"

pass=0
fail=0

# A killed process may linger as a zombie where nothing reaps orphans; it
# no longer runs, which is all that matters here.
still_running() {
    if [ -r "/proc/$1/stat" ]; then
        state=$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)
        [ "$state" != Z ] && [ "$state" != X ]
    else
        kill -0 "$1" 2>/dev/null
    fi
}

# check NAME WANT_STATUS [TEXT...]: the script comes on stdin; the runner
# must exit with WANT_STATUS, print nothing when it passes, and otherwise
# print a report containing every TEXT.
check() {
    name=$1
    want=$2
    shift 2
    cat > "$dir/$name.nbl"
    (cd "$dir" && "$NBTEST" "$fake" "$dir/$name.nbl") > "$dir/$name.report" 2>&1
    got=$?
    why=""
    [ "$got" = "$want" ] || why="$why; runner exited $got, wanted $want"
    if [ "$want" = 0 ] && [ -s "$dir/$name.report" ]; then
        why="$why; a passing test must print nothing"
    fi
    for text in "$@"; do
        grep -qF -- "$text" "$dir/$name.report" || why="$why; report lacks '$text'"
    done
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        echo "ok   $name"
    else
        fail=$((fail + 1))
        echo "FAIL $name${why}"
        head -n 40 "$dir/$name.report" | sed 's/^/     | /'
    fi
}

# ---- stdout
check expect_lines 0 <<'EOF'
echo hello      # expect: hello
echo 1 + 1 = 2  # expect: 1 + 1 = 2
EOF

check expect_empty_line 0 <<'EOF'
echo a  # expect: a
echo    # expect:
echo b  # expect: b
EOF

check expect_order_of_appearance 0 <<'EOF'
# expect: first
# expect: second
echo first
echo second
EOF

check nothing_expected_nothing_printed 0 <<'EOF'
true
EOF

check output_when_none_expected 1 'stdout should be empty' '1| surprise' <<'EOF'
echo surprise
EOF

check wrong_line 1 'stdout line 2 (expected at' 'expected "two"' 'got      "TWO"' \
    'wrong_line.nbl:2)' <<'EOF'
echo one    # expect: one
echo TWO    # expect: two
echo three  # expect: three
EOF

check missing_line 1 'stdout line 2' 'expected "two"' 'got      the end of the output' <<'EOF'
echo one  # expect: one
# expect: two
EOF

check extra_line 1 'stdout line 2: expected the end of the output, got "two"' <<'EOF'
echo one  # expect: one
echo two
EOF

check no_final_newline 1 'not ended by a newline' <<'EOF'
printf one  # expect: one
EOF

check trailing_spaces_count 1 'stdout line 1' <<'EOF'
echo 'a  '  # expect: a
EOF

printf 'printf "hi\\n"  # expect: hi\r\n' > "$dir/crlf.src"
check crlf_script 0 < "$dir/crlf.src"

# ---- stderr and exit status
check expect_error 0 <<'EOF'
echo "error: name 'lossses' is not defined" >&2
echo " --> train.nbl:12:9" >&2
exit 1
# expect error: name 'lossses' is not defined
# expect error: train.nbl:12:9
EOF

check error_text_missing 1 "stderr does not contain" '"ValueError"' '--- stderr' <<'EOF'
echo "error: TypeError" >&2
exit 1
# expect error: ValueError
EOF

check error_implies_status_1 1 'exit status: expected 1, got 0' <<'EOF'
echo "error: boom" >&2
# expect error: boom
EOF

check error_with_explicit_status 0 <<'EOF'
echo "usage: nabla file" >&2
exit 2
# expect error: usage
# expect exit: 2
EOF

check expect_exit 0 <<'EOF'
echo out   # expect: out
exit 3     # expect exit: 3
EOF

check wrong_exit 1 'exit status: expected 3, got 4' <<'EOF'
exit 4  # expect exit: 3
EOF

check unexpected_exit_1 1 'exit status: expected 0, got 1' <<'EOF'
exit 1
EOF

check stderr_must_be_empty 1 'stderr should be empty' '1| warning: noise' <<'EOF'
echo "warning: noise" >&2
EOF

# ---- args, stdin, environment, working directory
check args 0 <<'EOF'
# args: a b "c d"
printf '[%s]' "$@"; echo  # expect: [a][b][c d]
EOF

check stdin_lines 0 <<'EOF'
# stdin: first line
# stdin:
# stdin: third
cat
# expect: first line
# expect:
# expect: third
EOF

check stdin_is_dev_null 0 <<'EOF'
cat
echo done  # expect: done
EOF

yes 'unread input line' | head -n 200000 | sed 's/^/# stdin: /' > "$dir/unread.src"
echo 'echo hi  # expect: hi' >> "$dir/unread.src"
check stdin_left_unread 0 < "$dir/unread.src"

check no_color 0 <<'EOF'
echo "$NO_COLOR"  # expect: 1
EOF

check environment_kept 0 <<'EOF'
[ -n "$PATH" ] && echo has-path  # expect: has-path
EOF

check working_directory 0 <<EOF
pwd  # expect: $dir
EOF

# ---- crashes and timeouts
check segfault 1 'killed by signal 11 (SIGSEGV' <<'EOF'
echo before  # expect: before
kill -SEGV $$
EOF

check abort 1 'SIGABRT' <<'EOF'
kill -ABRT $$
EOF

check signal_even_with_error_expected 1 'SIGKILL' <<'EOF'
echo "error: x" >&2
kill -KILL $$
# expect error: x
EOF

start=$(date +%s)
check timeout 1 'timed out after 1 s' <<EOF
# timeout: 1
sleep 30 &
echo \$! > "$dir/grandchild.pid"
sleep 30
EOF
elapsed=$(( $(date +%s) - start ))
if [ "$elapsed" -gt 8 ]; then
    fail=$((fail + 1))
    echo "FAIL timeout took ${elapsed}s"
fi
if still_running "$(cat "$dir/grandchild.pid")"; then
    fail=$((fail + 1))
    echo "FAIL timeout left the script's own child running"
    kill "$(cat "$dir/grandchild.pid")"
else
    pass=$((pass + 1))
    echo "ok   timeout_kills_process_group"
fi

check fractional_timeout 1 'timed out after 0.5 s' <<'EOF'
# timeout: 0.5
sleep 10
EOF

# ---- large outputs: no deadlock, and the report is truncated
{
    echo 'seq 1 20000'
    seq 1 20000 | sed 's/^/# expect: /'
} > "$dir/big_pass.src"
check big_output_matches 0 < "$dir/big_pass.src"

check big_output_both_pipes 1 'stdout should be empty' '--- stdout (300000 line(s)):' \
    '... 299800 more line(s)' '--- stderr (300000 line(s)):' <<'EOF'
seq 1 300000 >&2 &
seq 1 300000
wait
EOF

# ---- bad input to the runner
check malformed_exit 1 'malformed directives' "needs a status from 0 to 255" <<'EOF'
exit 0  # expect exit: zero
EOF

check malformed_timeout 1 'needs a positive number of seconds' <<'EOF'
# timeout: soon
EOF

echo 'true' > "$dir/plain.nbl"
"$NBTEST" "$dir/no-such-nabla" "$dir/plain.nbl" > "$dir/missing.report" 2>&1
if [ $? = 1 ] && grep -qF 'cannot run' "$dir/missing.report"; then
    pass=$((pass + 1))
    echo "ok   missing_interpreter"
else
    fail=$((fail + 1))
    echo "FAIL missing_interpreter"
fi

"$NBTEST" "$fake" "$dir/no-such-script.nbl" > "$dir/noscript.report" 2>&1
if [ $? = 1 ] && grep -qF 'cannot read the script' "$dir/noscript.report"; then
    pass=$((pass + 1))
    echo "ok   missing_script"
else
    fail=$((fail + 1))
    echo "FAIL missing_script"
fi

"$NBTEST" > /dev/null 2>&1
if [ $? = 2 ]; then
    pass=$((pass + 1))
    echo "ok   usage"
else
    fail=$((fail + 1))
    echo "FAIL usage: wanted exit status 2"
fi

echo "selftest: $pass passed, $fail failed"
[ "$fail" = 0 ]
