#!/bin/sh
# atlas.sh - csmap atlas against a per-area loop of MapServer's map2img on
# a county-sized generated dataset (600 areas, 100,000 concern records,
# build/gen-northbridge -n 600 -p 100000), with the same number of
# processes.  Prints pages per second for both, the ratio, the peak memory
# of the largest worker, and what resuming a finished run costs; says
# whether each target of issue 5 is met.  Run by `make bench` after run.sh
# and aggregate.sh.  Reports; never fails because a target is missed.
#
#   bench/atlas.sh                       # -j 2, best of 2 rounds
#   BENCH_JOBS=4 bench/atlas.sh
#   BENCH_ATLAS_ROUNDS=3 bench/atlas.sh
#   B=build-x bench/atlas.sh             # another build folder
#
# Everything it writes goes to bench/out/atlas/ (not in git).
set -eu

cd "$(dirname "$0")/.."
B=${B:-build}
JOBS=${BENCH_JOBS:-2}
ROUNDS=${BENCH_ATLAS_ROUNDS:-2}
OUT=$PWD/bench/out/atlas
MS=$OUT/ms # the mapfile's SHAPEPATH, seen from bench/

for tool in "$B/csmap" "$B/gen-northbridge"; do
    [ -x "$tool" ] || { echo "bench: '$tool' is missing: make $tool" >&2; exit 1; }
done
for tool in map2img ogr2ogr pdfinfo; do
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "bench: '$tool' is missing: run scripts/install-deps --with-bench" >&2; exit 1; }
done

# --- the data, made once (not timed) -------------------------------------

rm -rf "$OUT"
mkdir -p "$OUT" "$MS"
"$B/gen-northbridge" -n 600 -p 100000 -o "$OUT/county" >/dev/null
sed -e "s|\.\./layers/northbridge/|$OUT/county/|" examples/area-profiles.yaml \
    >"$OUT/county.yaml"

# MapServer cannot count distinct children per area, so csmap does it once
# for it, under the same policy as the atlas: each area's protected count
# and band.  The layers map2img draws go into one GeoPackage.
"$B/csmap" anonymise "$OUT/county/concerns.csv" --method area \
    --areas "$OUT/county/neighbourhoods.geojson" --area-id name \
    --subject subject_id --category harm --x easting --y northing \
    --crs EPSG:27700 -o "$OUT/counts.gpkg" >/dev/null
G=$MS/atlas.gpkg
ogr2ogr -f GPKG "$G" "$OUT/counts.gpkg" -nln areas
ogr2ogr -update "$G" "$OUT/county/base.geojson" -nln base \
    -nlt LINESTRING -where "class <> 'park'"
ogr2ogr -update "$G" "$OUT/county/routes.geojson" -nln routes
for l in schools hubs protective; do
    ogr2ogr -update "$G" "$OUT/county/$l.csv" -nln $l -nlt POINT \
        -a_srs EPSG:27700 -oo X_POSSIBLE_NAMES=easting \
        -oo Y_POSSIBLE_NAMES=northing -oo KEEP_GEOM_COLUMNS=NO
done

# One line of map2img arguments per area, in order of name: the area's box
# with csmap's margin (12% of its longer side, at least 100 m); map2img
# widens it to the page's shape.
ogr2ogr -f CSV /vsistdout/ "$G" -sql "SELECT fid + 0 AS k, ST_MinX(geom),
    ST_MinY(geom), ST_MaxX(geom), ST_MaxY(geom) FROM areas ORDER BY name" |
    tail -n +2 | tr -d '"' | awk -F, -v out="$MS/pages" '{
        s = $4 - $2 > $5 - $3 ? $4 - $2 : $5 - $3
        m = 0.12 * s < 100 ? 100 : 0.12 * s
        printf "-o %s/%04d.pdf -e %.0f %.0f %.0f %.0f", out, NR,
            $2 - m, $3 - m, $4 + m, $5 + m
        printf " -d area \"SELECT * FROM areas WHERE fid = %d\"\n", $1
    }' >"$MS/args"
areas=$(wc -l <"$MS/args")

# --- the runs --------------------------------------------------------------

now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{ printf "%.3f\n", $2 - $1 }'; }

# csmap atlas ARGS: into $OUT/result its wall time, then the peaks (MB) of its main process
# and of its largest worker, as --verbose reports them (each process's own
# getrusage; a worker's includes what it shares with the main process).
atlas() {
    t0=$(now)
    "$B/csmap" atlas "$OUT/county.yaml" --quiet --verbose -j "$JOBS" "$@" \
        2>"$OUT/stderr" >/dev/null || {
        echo "bench: csmap atlas $* failed:" >&2
        cat "$OUT/stderr" >&2
        exit 1
    }
    wall=$(since "$t0")
    main=$(awk '/main process peaked/ { print $(NF - 1) }' "$OUT/stderr")
    worker=$(awk '/workers, the largest/ { print $(NF - 1) }' "$OUT/stderr")
    echo "$wall ${main:-0} ${worker:-0}" >"$OUT/result"
}

# map2img over every area, JOBS at a time: its wall time into $OUT/result.
mapserver() {
    rm -rf "$MS/pages"
    mkdir -p "$MS/pages"
    t0=$(now)
    xargs -P "$JOBS" -L 1 map2img -m bench/atlas.map <"$MS/args" \
        >/dev/null 2>"$OUT/ms-stderr" || {
        echo "bench: map2img failed:" >&2
        head "$OUT/ms-stderr" >&2
        exit 1
    }
    since "$t0" >"$OUT/result"
}

# Rounds of csmap (one PDF), csmap --resume of it, csmap (a folder) and
# map2img, interleaved so that both tools see the same load; the best
# round of each is kept.
: >"$OUT/rounds"
r=1
while [ "$r" -le "$ROUNDS" ]; do
    rm -rf "$OUT/atlas.pdf" "$OUT/.atlas.pdf.atlas" "$OUT/folder"
    atlas -o "$OUT/atlas.pdf"
    read -r pdf main worker <"$OUT/result"
    atlas -o "$OUT/atlas.pdf" --resume
    read -r resume x x <"$OUT/result"
    atlas -o "$OUT/folder"
    read -r dir dmain dworker <"$OUT/result"
    mapserver
    read -r ms <"$OUT/result"
    echo "$pdf $resume $dir $ms $main $worker $dmain $dworker" >>"$OUT/rounds"
    echo "$r $pdf $resume $dir $ms $areas" | awk '{ printf "bench: atlas " \
        "round %d: csmap one PDF %.2f s (%.2f x map2img), resume %.2f s, " \
        "a folder %.2f s (%.2f x); map2img %.2f s\n", $1, $2, $5 / $2, \
        $3, $4, $5 / $4, $5 }' >&2
    r=$((r + 1))
done

# The worker's peak must not grow with the areas it makes: the same data,
# only 60 of the 600 areas.
atlas -o "$OUT/small.pdf" --where "id <= 'N060'"
read -r x x small <"$OUT/result"

pages=$(pdfinfo "$OUT/atlas.pdf" | awk '/^Pages:/ { print $2 }')
mspages=$(ls "$MS/pages" | wc -l)

awk -v a="$areas" -v p="$pages" -v msp="$mspages" -v j="$JOBS" \
    -v small="$small" '
    function min(k, i, m) { m = v[1, k]; for (i = 2; i <= NR; i++)
        if (v[i, k] < m) m = v[i, k]; return m }
    function max(k, i, m) { m = v[1, k]; for (i = 2; i <= NR; i++)
        if (v[i, k] > m) m = v[i, k]; return m }
    function met(ok) { return ok ? "met" : "missed" }
    { for (k = 1; k <= NF; k++) v[NR, k] = $k }
    END {
        pdf = min(1); dir = min(3); ms = min(4)
        worker = max(6) > max(8) ? max(6) : max(8)
        main = max(5) > max(7) ? max(5) : max(7)
        # the resume of the round whose full run it followed
        res = v[1, 2] / v[1, 1]
        for (i = 2; i <= NR; i++) if (v[i, 2] / v[i, 1] > res) res = v[i, 2] / v[i, 1]
        printf "csmap atlas: %d areas, 100,000 concern records, %d processes (best of %d rounds)\n", a, j, NR
        printf "  csmap, one PDF:      %.2f s for %d pages (%d areas + cover and index): %.1f area pages/s\n", pdf, p, a, a / pdf
        printf "  csmap, a folder:     %.2f s for %d PDFs and thumbnails: %.1f pages/s\n", dir, a, a / dir
        printf "  map2img loop:        %.2f s for %d PDFs: %.1f pages/s\n", ms, msp, msp / ms
        printf "  pages/s, csmap / map2img: %.2f (one PDF), %.2f (a folder); target >= 2: %s\n", \
            (a / pdf) / (msp / ms), (a / dir) / (msp / ms), met((a / pdf) / (msp / ms) >= 2)
        printf "  peak memory, largest worker: %.1f MB (%.1f MB making 60 areas); target < 200: %s\n", \
            worker, small, met(worker < 200)
        printf "  peak memory, main process:   %.1f MB\n", main
        printf "  resume of a finished run: %.1f%% of the full run (worst round); target < 5%%: %s\n", \
            100 * res, met(res < 0.05)
    }' "$OUT/rounds"
