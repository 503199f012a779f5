#!/bin/sh
# shown-counts.sh - PRIVACY.md section 9 test 6 on an export: every count
# it shows (each Integer value ogrinfo prints) is empty (suppressed), 0,
# or at least MIN and a multiple of BASE; and at least one is shown, so
# the check cannot pass on an empty file.
#   shown-counts.sh FILE MIN BASE
ogrinfo -al -q "$1" 2>/dev/null |
    grep -E '\((Integer|Integer64)\) = ' |
    awk -v min="$2" -v base="$3" '
        $NF == "(null)" { next }
        { v = $NF + 0; n++ }
        v != 0 && (v < min || v % base != 0) {
            print "shown-counts: " $0 > "/dev/stderr"; bad = 1
        }
        END { exit bad || n == 0 }'
