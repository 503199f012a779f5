#!/bin/sh
# run.sh - run test programs that speak TAP; count "ok"/"not ok" lines and
# end with "N passed, N failed".  A program that crashes or exits non-zero
# without reporting a failure counts as one failure.
pass=0
fail=0
skip=0
export CMOCKA_MESSAGE_OUTPUT=TAP
for t in "$@"; do
    out=$("$t" 2>&1)
    rc=$?
    # a skip is "ok N # SKIP" (TAP) or "not ok N # SKIP" (cmocka's TAP)
    p=$(printf '%s\n' "$out" | grep '^ok ' | grep -vc '# *[Ss][Kk][Ii][Pp]')
    s=$(printf '%s\n' "$out" | grep -c '^\(not \)\{0,1\}ok .*# *[Ss][Kk][Ii][Pp]')
    f=$(printf '%s\n' "$out" | grep '^not ok ' | grep -vc '# *[Ss][Kk][Ii][Pp]')
    printf '%s\n' "$out" | grep -E '^(not ok|#)|ERROR|runtime error|Sanitizer' | grep -v '# *SKIP' | sed "s|^|$(basename "$t"): |"
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "$(basename "$t"): exited with status $rc"
        printf '%s\n' "$out" | tail -n 20
        f=1
    fi
    pass=$((pass + p))
    skip=$((skip + s))
    fail=$((fail + f))
done
if [ "$skip" -gt 0 ]; then
    echo "$pass passed, $fail failed, $skip skipped"
else
    echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
