#!/bin/sh
# usage: expect_fail.sh NABLA LESSON.nbl TEXT
# A broken lesson must fail `nabla --check-lesson`, and say TEXT about why.
nabla=$1
lesson=$2
text=$3
out=$("$nabla" --check-lesson "$lesson" 2>&1)
status=$?
if [ "$status" -ne 1 ]; then
    echo "FAIL: expected exit status 1 from --check-lesson $lesson, got $status"
    echo "$out"
    exit 1
fi
case $out in
    *"$text"*) exit 0 ;;
esac
echo "FAIL: expected the report to say: $text"
echo "got:"
echo "$out"
exit 1
