#!/bin/sh
# run.sh - time csmap against MapServer's map2img on the same generated
# town, to A4 300-dpi PNG and to A4 PDF.  Run by `make bench`, which builds
# build/csmap and build/gen-northbridge first.  Reports; never fails
# because a target is missed.
#
#   bench/run.sh              # 5 runs of each command, the median reported
#   BENCH_RUNS=11 bench/run.sh
#
# Everything it writes goes to bench/out/ (not in git).
set -eu

cd "$(dirname "$0")/.."
B=${B:-build}
RUNS=${BENCH_RUNS:-5}
OUT=$PWD/bench/out
TOWN=$OUT/town

for tool in "$B/csmap" "$B/gen-northbridge"; do
    [ -x "$tool" ] || { echo "bench: '$tool' is missing: run make bench" >&2; exit 1; }
done
for tool in map2img ogr2ogr; do
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "bench: '$tool' is missing: run scripts/install-deps --with-bench" >&2; exit 1; }
done

# The town, written once into one GeoPackage that both tools read.
rm -rf "$TOWN"
mkdir -p "$TOWN"
"$B/gen-northbridge" -n 60 -p 5000 -o "$TOWN"
ogr2ogr -f GPKG "$TOWN/town.gpkg" "$TOWN/neighbourhoods.geojson" \
    -nln areas -nlt POLYGON
ogr2ogr -update "$TOWN/town.gpkg" "$TOWN/base.geojson" \
    -nln roads -nlt LINESTRING -where "class = 'main road'"
ogr2ogr -update "$TOWN/town.gpkg" "$TOWN/points.csv" \
    -nln points -nlt POINT -a_srs EPSG:27700 \
    -oo X_POSSIBLE_NAMES=easting -oo Y_POSSIBLE_NAMES=northing \
    -oo KEEP_GEOM_COLUMNS=NO

# The PDF mapfile: town.map with each line marked "# pdf: X" replaced by X
# (A4 in points at 72 dpi, and paths seen from bench/out/).
sed -E 's/^( *)[^#]*# pdf: (.*)$/\1\2/' bench/town.map >"$OUT/town-pdf.map"

CSMAP_PNG="$B/csmap render bench/town.yaml -o $OUT/csmap.png"
CSMAP_PDF="$B/csmap render bench/town.yaml -o $OUT/csmap.pdf"
MS_PNG="map2img -m bench/town.map -i png -o $OUT/map2img.png"
MS_PDF="map2img -m $OUT/town-pdf.map -i pdf -o $OUT/map2img.pdf"

now() { date +%s.%N; }

# median_time CMD: run CMD once to warm caches, then RUNS times; print the
# median wall time in seconds.
median_time()
{
    $1 >/dev/null 2>"$OUT/stderr" || {
        echo "bench: failed: $1" >&2
        cat "$OUT/stderr" >&2
        exit 1
    }
    i=0
    : >"$OUT/times"
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(now)
        $1 >/dev/null 2>&1
        t1=$(now)
        echo "$t0 $t1" | awk '{ printf "%.4f\n", $2 - $1 }' >>"$OUT/times"
        i=$((i + 1))
    done
    sort -g "$OUT/times" | awk '{ t[NR] = $1 }
        END { if (NR % 2) print t[(NR + 1) / 2];
              else printf "%.4f\n", (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

# peak_rss CMD: maximum resident set size in MB, or "-" without GNU time.
peak_rss()
{
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v $1 2>&1 >/dev/null |
            awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024 }'
    else
        echo "-"
    fi
}

size() { stat -c %s "$1"; }

echo "bench: $RUNS runs each, median wall time; $(nproc) cores; $(date +%Y-%m-%d)"
echo "bench: $(map2img -v | cut -d' ' -f1-3)"
t_cpng=$(median_time "$CSMAP_PNG")
t_mpng=$(median_time "$MS_PNG")
t_cpdf=$(median_time "$CSMAP_PDF")
t_mpdf=$(median_time "$MS_PDF")
r_cpng=$(peak_rss "$CSMAP_PNG")
r_mpng=$(peak_rss "$MS_PNG")
r_cpdf=$(peak_rss "$CSMAP_PDF")
r_mpdf=$(peak_rss "$MS_PDF")
s_cpng=$(size "$OUT/csmap.png")
s_mpng=$(size "$OUT/map2img.png")
s_cpdf=$(size "$OUT/csmap.pdf")
s_mpdf=$(size "$OUT/map2img.pdf")

awk -v tcp="$t_cpng" -v tmp="$t_mpng" -v tcd="$t_cpdf" -v tmd="$t_mpdf" \
    -v rcp="$r_cpng" -v rmp="$r_mpng" -v rcd="$r_cpdf" -v rmd="$r_mpdf" \
    -v scp="$s_cpng" -v smp="$s_mpng" -v scd="$s_cpdf" -v smd="$s_mpdf" '
function verdict(ok) { return ok ? "ok" : "MISSED" }
function row(f, c, m, rc, rm, sc, sm) {
    printf "%-6s %9.3f %9.3f %7.2f  %-6s %8s %8s %9.0f %9.0f %7.2f\n",
        f, c, m, c / m, verdict(c / m <= 0.8), rc, rm, sc / 1024, sm / 1024,
        sc / sm
}
BEGIN {
    printf "%-6s %9s %9s %7s  %-6s %8s %8s %9s %9s %7s\n", "format",
        "csmap s", "map2img s", "ratio", "<=0.8", "csmap MB", "ms MB",
        "csmap kB", "ms kB", "kB c/m"
    row("PNG", tcp, tmp, rcp, rmp, scp, smp)
    row("PDF", tcd, tmd, rcd, rmd, scd, smd)
    printf "PDF size: csmap %.0f kB, map2img %.0f kB: %s (target: csmap no larger)\n",
        scd / 1024, smd / 1024, verdict(scd <= smd)
}'
labels=$($CSMAP_PDF --verbose 2>&1 | sed -n "s/^csmap: labels \([^;]*\);.*/\1/p")
echo "csmap area labels: $labels (a label never covers a symbol; map2img draws"
echo "  its labels over the markers)"
echo "outputs: $OUT/csmap.{png,pdf} and $OUT/map2img.{png,pdf}"
echo "ratio = csmap / map2img wall time; MB = peak resident set size"
