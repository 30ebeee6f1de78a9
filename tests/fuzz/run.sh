#!/bin/sh
# run.sh - builds the libFuzzer harnesses (clang, ASan + UBSan) in their own
# build folder and fuzzes each for a bounded time.
#
#   tests/fuzz/run.sh [SECONDS] [HARNESS...]
#
# SECONDS per harness (default 60); HARNESS among compile eval npy csv
# (default all).  NABLA_FUZZ_BUILD picks the build folder (default
# build-fuzz at the top of the tree).  Each harness starts from the
# committed seeds (tests/fuzz/corpus) and keeps what it learns in the build
# folder.  A crash leaves its input in $BUILD/artifacts and makes the script
# fail: copy the input into tests/fuzz/regressions/HARNESS/ (it is then
# replayed by ctest) and fix the bug.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SECS=${1:-60}
[ $# -gt 0 ] && shift
HARNESSES=${*:-compile eval npy csv}
BUILD=${NABLA_FUZZ_BUILD:-$ROOT/build-fuzz}
CC=${CC_FUZZ:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

command -v "$CC" >/dev/null || { echo "run.sh: $CC not found (apt-get install clang)"; exit 1; }

# The library, instrumented for coverage but without libFuzzer's main.
mkdir -p "$BUILD"
CC="$CC" cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link $SAN" >"$BUILD/configure.log" 2>&1 ||
    { cat "$BUILD/configure.log"; exit 1; }
cmake --build "$BUILD" --target nabla nabla_tensor -j2 >"$BUILD/build.log" 2>&1 ||
    { tail -40 "$BUILD/build.log"; exit 1; }

LIBS="$BUILD/libnabla.a $BUILD/libnabla_tensor.a $(pkg-config --libs openblas libpcre2-8) -lm"
INC="-I$ROOT/include -I$ROOT/src -I$ROOT/src/tensor -I$BUILD/generated"
mkdir -p "$BUILD/fuzzers" "$BUILD/artifacts"
for h in $HARNESSES; do
    # shellcheck disable=SC2086
    "$CC" -g -O1 -fsanitize=fuzzer $SAN $INC "$HERE/fuzz_$h.c" $LIBS -o "$BUILD/fuzzers/fuzz_$h"
done

seeds_of() {
    case $1 in
        compile|eval) echo "$HERE/corpus/scripts" ;;
        npy) echo "$HERE/corpus/npy" ;;
        csv) echo "$HERE/corpus/csv" ;;
    esac
}

status=0
for h in $HARNESSES; do
    work="$BUILD/corpus/$h"
    mkdir -p "$work"
    regressions="$HERE/regressions/$h"
    extra=""
    [ -d "$regressions" ] && extra=$regressions
    dict=""
    case $h in compile|eval) dict="-dict=$HERE/nabla.dict" ;; esac
    echo "== fuzz_$h for ${SECS}s"
    # shellcheck disable=SC2086
    if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        "$BUILD/fuzzers/fuzz_$h" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2560 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$h-" $dict \
            "$work" "$(seeds_of "$h")" $extra >"$BUILD/fuzz_$h.log" 2>&1; then
        status=1
        echo "fuzz_$h FOUND A PROBLEM (log: $BUILD/fuzz_$h.log):"
        grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$BUILD/fuzz_$h.log" | head -20
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$BUILD/fuzz_$h.log" | tr '\n' ' '
    echo
done
exit $status
