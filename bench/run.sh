#!/usr/bin/env bash
# run.sh - times every workload in bench/*/ with each implementation there is.
#
#     bench/run.sh [--runs N] [FILTER...]
#
# A workload is a base name with up to three programs beside each other:
# NAME.nbl (run by nabla), NAME.lua (lua5.4) and NAME.py (python3; in
# bench/tensor/ the .py programs use NumPy).  Each program prints a
# checksum; every implementation must print the same one.  Each program runs
# N times (default 3) and the best wall-clock time counts.  A FILTER keeps
# the workloads whose folder/name contains it (e.g. "scalar/fib").
#
# A program may time its own kernel and print `time: SECONDS` (bench/tensor
# does, so array set-up and interpreter start-up stay out of the figure);
# that line is then the time that counts and is left out of the checksum.
#
# Implementations: nabla from $NABLA or ./build/nabla, lua from $LUA or
# lua5.4, python from $PYTHON or /usr/bin/python3.  One that is missing shows
# as '-'.  Exit status 1 when a checksum disagrees or a program fails.

set -u
root=$(cd "$(dirname "$0")/.." && pwd)
runs=3
filters=()
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) filters+=("$1"); shift ;;
    esac
done

find_tool() { # find_tool CANDIDATE...: the first one that runs
    local c
    for c in "$@"; do
        [ -n "$c" ] || continue
        if [ -x "$c" ] || command -v "$c" > /dev/null 2>&1; then
            echo "$c"
            return
        fi
    done
}
nabla=$(find_tool "${NABLA:-}" "$root/build/nabla")
lua=$(find_tool "${LUA:-}" lua5.4)
python=$(find_tool "${PYTHON:-}" /usr/bin/python3)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nabla-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# Wall clock in microseconds (bash 5 keeps it without forking).
now_us() {
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local t=${EPOCHREALTIME/[.,]/}
        echo $((10#$t))
    else
        echo $(($(date +%s%N) / 1000))
    fi
}

# best_of N CMD...: runs CMD N times with stdout to $tmp/out; sets BEST_US.
# Returns 1 (leaving stderr in $tmp/err) if any run fails.
best_of() {
    local n=$1 i start end t
    shift
    BEST_US=""
    for ((i = 0; i < n; i++)); do
        start=$(now_us)
        "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null || return 1
        end=$(now_us)
        t=$((end - start))
        if [ -z "$BEST_US" ] || [ "$t" -lt "$BEST_US" ]; then BEST_US=$t; fi
    done
}

seconds() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }
ratio() { # ratio A_US B_US: A/B, or '-' if either is missing
    if [ -z "$1" ] || [ -z "$2" ] || [ "$2" = 0 ]; then echo "-"; return; fi
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
}

selected() { # selected FOLDER/NAME
    [ ${#filters[@]} -eq 0 ] && return 0
    local f
    for f in "${filters[@]}"; do
        case $1 in *"$f"*) return 0 ;; esac
    done
    return 1
}

status=0
cell() { if [ -n "${us[$1]:-}" ]; then seconds "${us[$1]}"; else echo "-"; fi; }
row() { printf '%-16s | %9s | %9s | %9s | %9s | %12s\n' "$@"; }

echo "nabla:  ${nabla:-not found (build it, or set NABLA)}"
echo "lua:    ${lua:-not found}"
echo "python: ${python:-not found}"
echo "best of $runs wall-clock runs each"

for folder in "$root"/bench/*/; do
    folder=${folder%/}
    group=$(basename "$folder")
    names=$(for f in "$folder"/*.nbl "$folder"/*.lua "$folder"/*.py; do
                [ -e "$f" ] && basename "${f%.*}"
            done | sort -u)
    [ -n "$names" ] || continue
    header_done=0
    for name in $names; do
        selected "$group/$name" || continue
        if [ $header_done = 0 ]; then
            echo
            echo "== $group"
            row workload "nabla s" "lua s" "python s" nabla/lua nabla/python
            row "----------------" "---------" "---------" "---------" "---------" "------------"
            header_done=1
        fi
        declare -A us=() sums=()
        notes=""
        for impl in nabla lua python; do
            case $impl in
            nabla) tool=$nabla; file=$folder/$name.nbl ;;
            lua) tool=$lua; file=$folder/$name.lua ;;
            python) tool=$python; file=$folder/$name.py ;;
            esac
            [ -n "$tool" ] && [ -e "$file" ] || continue
            if best_of "$runs" "$tool" "$file"; then
                us[$impl]=$BEST_US
                own=$(awk '/^time: / { print int($2 * 1e6) }' "$tmp/out" | sort -n | head -1)
                [ -n "$own" ] && us[$impl]=$own
                sums[$impl]=$(grep -v '^time: ' "$tmp/out" | tr -d '[:space:]')
            else
                us[$impl]=""
                notes+="    $impl failed on $name: $(head -c 300 "$tmp/err" | tr '\n' ' ')"$'\n'
                status=1
            fi
        done
        # Every implementation must agree with the first one that ran.
        ref=""
        for impl in nabla lua python; do
            [ -n "${sums[$impl]:-}" ] || continue
            if [ -z "$ref" ]; then
                ref=${sums[$impl]}
                ref_impl=$impl
            elif [ "${sums[$impl]}" != "$ref" ]; then
                notes+="    checksum mismatch on $name: $ref_impl printed '$ref', $impl printed '${sums[$impl]}'"$'\n'
                status=1
            fi
        done
        row "$name" "$(cell nabla)" "$(cell lua)" "$(cell python)" \
            "$(ratio "${us[nabla]:-}" "${us[lua]:-}")" "$(ratio "${us[nabla]:-}" "${us[python]:-}")"
        [ -n "$notes" ] && printf '%s' "$notes"
        unset us sums
    done
done

# Startup: the time to run a trivial program, best of 20.
startup() { # startup LABEL TOOL ARGS...
    printf '%-16s | ' "$1"
    shift
    if [ -z "$1" ]; then
        echo "-"
    elif best_of 20 "$@"; then
        awk -v us="$BEST_US" 'BEGIN { printf "%.1f ms\n", us / 1e3 }'
    else
        echo "failed: $(head -c 200 "$tmp/err" | tr '\n' ' ')"
        status=1
    fi
}
if selected "startup"; then
    echo
    echo "== startup (best of 20)"
    startup "nabla -e 1" "$nabla" -e 1
    startup "lua5.4 -e ''" "$lua" -e ''
    startup "python3 -c 1" "$python" -c 1
fi
exit $status
