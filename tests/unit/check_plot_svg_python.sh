#!/bin/sh
# check_plot_svg_python.sh - the SVG files savefig() writes also parse with
# Python's XML parser, and their root is an SVG element.
#
#     sh tests/unit/check_plot_svg_python.sh <path-to-test_plot_svg>
#
# Prints "SKIP: ..." and exits 0 where python3 is missing.

TEST=${1:?usage: check_plot_svg_python.sh <test_plot_svg>}
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/nabla-svg.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT INT TERM

"$TEST" --keep "$dir" >/dev/null || { echo "check_plot_svg_python: $TEST failed"; exit 1; }
python3 - "$dir" <<'PY'
import os, sys
import xml.etree.ElementTree as ET

folder = sys.argv[1]
names = sorted(n for n in os.listdir(folder) if n.endswith(".svg"))
if len(names) < 5:
    sys.exit("expected at least 5 SVG files, found %d" % len(names))
bad = 0
for name in names:
    try:
        root = ET.parse(os.path.join(folder, name)).getroot()
    except ET.ParseError as e:
        print("%s: %s" % (name, e))
        bad += 1
        continue
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        print("%s: root is %s, not svg" % (name, root.tag))
        bad += 1
sys.exit(1 if bad else 0)
PY
