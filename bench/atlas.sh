#!/bin/sh
# atlas.sh - csmap atlas on a county-sized generated dataset (600 areas,
# 100,000 concern records, build/gen-northbridge): pages per second, the
# peak memory of any one process (the parent or a worker), and what
# resuming a finished run costs.  Reports; never fails because a target is
# missed.  Separate from run.sh (the MapServer comparison).
#
#   bench/atlas.sh                 # -j 2
#   BENCH_JOBS=4 bench/atlas.sh
#
# Everything it writes goes to bench/out/atlas/ (not in git).
set -eu

cd "$(dirname "$0")/.."
B=${B:-build}
JOBS=${BENCH_JOBS:-2}
OUT=$PWD/bench/out/atlas

for tool in "$B/csmap" "$B/gen-northbridge"; do
    [ -x "$tool" ] || { echo "bench: '$tool' is missing: make $tool" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt install time)" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
"$B/gen-northbridge" -n 600 -p 100000 -o "$OUT/county" >/dev/null
sed -e "s|\.\./layers/northbridge/|$OUT/county/|" examples/area-profiles.yaml \
    >"$OUT/county.yaml"

# "<wall s> <user s> <sys s> <max RSS KB>" of one run
timed() {
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$B/csmap" atlas \
        "$OUT/county.yaml" --quiet -j "$JOBS" "$@" >/dev/null
    cat "$OUT/time"
}

set -- $(timed -o "$OUT/county.pdf")
wall=$1 cpu=$(echo "$2 $3" | awk '{print $1 + $2}') rss=$4
pages=$(pdfinfo "$OUT/county.pdf" | awk '/^Pages:/ {print $2}')
set -- $(timed -o "$OUT/county.pdf" --resume)
rwall=$1
set -- $(timed -o "$OUT/folder")
fwall=$1

awk -v p="$pages" -v w="$wall" -v c="$cpu" -v r="$rss" -v rw="$rwall" \
    -v fw="$fwall" -v j="$JOBS" 'BEGIN {
    printf "csmap atlas, 600 areas, 100,000 records, -j %d\n", j
    printf "  one PDF:        %d pages in %.1f s: %.1f pages/s (%.1f CPU s)\n", p, w, p / w, c
    printf "  one file each:  %.1f s: %.1f areas/s\n", fw, 600 / fw
    printf "  peak memory:    %.0f MB in the largest process (target < 200)\n", r / 1024
    printf "  resume, done:   %.2f s, %.1f%% of the full run (target < 5%%)\n", rw, 100 * rw / w
}'
