#!/bin/sh
# atlas-resume.sh - an atlas killed half-way with SIGKILL (the parent and
# its workers, mid-write) and then run again with --resume ends with the
# same bytes as a run that was never interrupted.
#   usage: atlas-resume.sh SPEC REFERENCE OUT
# REFERENCE and OUT are both folders (-o DIR) or both PDFs (-o FILE.pdf);
# REFERENCE was made without interruption.  Run from the repository top.
csmap=$(pwd)/${B:-build}/csmap
spec=$1 ref=$2 out=$3

case "$out" in
*.pdf) work=$(dirname "$out")/.$(basename "$out").atlas ;;
*) work=$out/.atlas ;;
esac
# A loaded machine may let the run finish (or not start a page) before
# the kill lands: that attempt tests nothing, so try again, up to 3 times.
attempt=0
while :; do
    attempt=$((attempt + 1))
    rm -rf "$out" "$work"
    # In its own process group, so that one kill takes the workers too.
    setsid "$csmap" atlas "$spec" -o "$out" -j 2 --quiet >/dev/null 2>&1 &
    pid=$!
    tries=0
    while [ "$(ls "$work" 2>/dev/null | grep -c '\.part$')" -lt 4 ] &&
        [ $tries -lt 500 ]; do
        sleep 0.02
        tries=$((tries + 1))
    done
    kill -9 -"$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    made=$(ls "$work" 2>/dev/null | grep -c '\.part$')
    total=$(grep -c '^area	' "$work/run" 2>/dev/null)
    [ "$made" -ge 1 ] && [ "$made" -lt "${total:-0}" ] && break
    if [ $attempt -ge 3 ]; then
        echo "not killed half-way in 3 attempts: $made of $total pages made" >&2
        exit 1
    fi
done

"$csmap" atlas "$spec" -o "$out" -j 2 --quiet --resume || exit 1
if [ -d "$ref" ]; then
    diff -r -x .atlas "$ref" "$out" >&2
else
    cmp "$ref" "$out" >&2
fi
