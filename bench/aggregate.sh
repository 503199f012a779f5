#!/bin/sh
# aggregate.sh - the issue-3 protection benchmark: csm_anonymise_areas
# (1,000,000 points into 35,000 polygons), csm_anonymise_grid (500 m
# hexagons) and csm_anonymise_donut on generated data, timed in-process by
# bench/aggregate.c, side by side with the same area join done by
# `ogr2ogr -dialect SQLite` on a GeoPackage of the same data.  Reports;
# never fails because a target is missed.  Run by `make bench` after
# run.sh; needs build/libcsmap.a (make builds it).
#
#   bench/aggregate.sh
#   BENCH_SKIP_OGR=1 bench/aggregate.sh      # csmap only (no GeoPackage)
#   BENCH_DONUT_CONTAINED=1 bench/aggregate.sh   # also donut with containment
#   BENCH_AGG_RUNS=5 bench/aggregate.sh      # best of 5 (default 3)
#
# Everything it writes goes to bench/out/aggregate/ (not in git).
set -eu

cd "$(dirname "$0")/.."
B=${B:-build}
OUT=$PWD/bench/out/aggregate
DRIVER=$B/bench-aggregate
LIMIT=300

[ -f "$B/libcsmap.a" ] || { echo "bench: '$B/libcsmap.a' is missing: make $B/libcsmap.a" >&2; exit 1; }

# The driver, with the project's flags: libcsmap.a and the Makefile's PKGS.
if [ ! -x "$DRIVER" ] || [ bench/aggregate.c -nt "$DRIVER" ] ||
   [ "$B/libcsmap.a" -nt "$DRIVER" ]; then
    PKGS=$(sed -n '/^PKGS *=/,/[^\\]$/p' Makefile | sed 's/^PKGS *=//; s/\\//g' | tr '\n' ' ')
    echo "  CC    $DRIVER"
    ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L ${CFLAGS:--O2 -g} \
        -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla -Iinclude \
        -o "$DRIVER" bench/aggregate.c "$B/libcsmap.a" \
        $(pkg-config --libs $PKGS) -lm
fi

rm -rf "$OUT"
mkdir -p "$OUT"
echo "bench: protection (issue 3); $(nproc) cores; $(date +%Y-%m-%d)"
"$DRIVER" "$OUT" >"$OUT/driver.txt"
grep -v '^time ' "$OUT/driver.txt" | sed 's/^/  /'
t_areas=$(sed -n 's/^time areas //p' "$OUT/driver.txt")
t_hex=$(sed -n 's/^time hex //p' "$OUT/driver.txt")
t_donut=$(sed -n 's/^time donut //p' "$OUT/driver.txt")
t_donut_c=$(sed -n 's/^time donut-contained //p' "$OUT/driver.txt")

now() { date +%s.%N; }

# The same join in SQLite (SpatiaLite's ST_Intersects) through OGR.  The
# GeoPackage's R*Tree on the points (rtree_points_geom) does the bounding
# box search; CROSS JOIN fixes SQLite's join order (areas, then the index,
# then the point rows by fid): without it SQLite scans the R*Tree on the
# outside and the query does not finish in 300 s.
SQL="SELECT a.id, COUNT(DISTINCT p.subject) AS subjects
FROM areas a CROSS JOIN rtree_points_geom r CROSS JOIN points p
WHERE r.minx <= ST_MaxX(a.geom) AND r.maxx >= ST_MinX(a.geom)
  AND r.miny <= ST_MaxY(a.geom) AND r.maxy >= ST_MinY(a.geom)
  AND p.fid = r.id AND ST_Intersects(a.geom, p.geom)
GROUP BY a.id"

t_ogr=-
if [ -n "${BENCH_SKIP_OGR:-}" ]; then
    echo "  ogr2ogr: skipped (BENCH_SKIP_OGR)"
elif ! command -v ogr2ogr >/dev/null 2>&1; then
    echo "  ogr2ogr: not found, skipped"
else
    t0=$(now)
    ogr2ogr -f GPKG "$OUT/agg.gpkg" "$OUT/areas.csv" -nln areas \
        -nlt POLYGON -a_srs EPSG:27700 -oo GEOM_POSSIBLE_NAMES=wkt \
        -oo KEEP_GEOM_COLUMNS=NO
    ogr2ogr -update "$OUT/agg.gpkg" "$OUT/points.csv" -nln points \
        -nlt POINT -a_srs EPSG:27700 -oo X_POSSIBLE_NAMES=x \
        -oo Y_POSSIBLE_NAMES=y -oo KEEP_GEOM_COLUMNS=NO -gt 100000
    t1=$(now)
    echo "  GeoPackage written in $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }') s (not timed below)"
    t0=$(now)
    if timeout "$LIMIT" ogr2ogr -f CSV "$OUT/ogr-join.csv" "$OUT/agg.gpkg" \
        -dialect SQLite -sql "$SQL" 2>"$OUT/ogr-stderr"; then
        t1=$(now)
        t_ogr=$(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }')
        echo "  ogr2ogr join: $(($(wc -l <"$OUT/ogr-join.csv") - 1)) areas with points"
    else
        t_ogr=">$LIMIT"
        echo "  ogr2ogr join: did not finish in $LIMIT s (or failed: $OUT/ogr-stderr)"
    fi
fi

awk -v ta="$t_areas" -v th="$t_hex" -v td="$t_donut" -v tdc="$t_donut_c" \
    -v to="$t_ogr" -v lim="$LIMIT" '
function row(task, c, target, o,   v, r) {
    v = (target == "-") ? "-" : ((c <= target) ? "ok" : "MISSED")
    if (o == "-") r = "-"
    else if (o ~ /^>/) r = sprintf("<%.3f", c / lim)
    else r = sprintf("%.3f", c / o)
    printf "%-16s %9.3f %9s %-6s %10s %10s\n", task, c,
        (target == "-") ? "-" : "<= " target, v, (o ~ /^>/) ? "> " lim : o, r
}
BEGIN {
    printf "%-16s %9s %9s %-6s %10s %10s\n", "task", "csmap s", "target",
        "", "ogr2ogr s", "csmap/ogr"
    row("areas 35k x 1M", ta, 5, to)
    row("hex 500 m", th, 1, "-")
    row("donut", td, 1, "-")
    if (tdc != "") row("donut contained", tdc, "-", "-")
}'
echo "csmap s: in-process, monotonic clock, best of BENCH_AGG_RUNS (3) runs (data"
echo "  generation not counted); ogr2ogr s: wall time of one ogr2ogr run"
