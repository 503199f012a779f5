#!/bin/sh
# swatch.sh PDF PNG DPI WORD - the outline pattern of a legend swatch, as
# a printed page shows it: the number of dark runs along the swatch's top
# edge ("1" solid, more for dashes).  The row is found in PDF by the word
# "Group" followed by WORD (e.g. "A:"); PNG is the same map at DPI.  Used
# to check that greyscale groups differ where colour cannot tell them.
pdf=$1 png=$2 dpi=$3 word=$4
B=${B:-build}
probe=$(cd "$(dirname "$0")/../.." && pwd)/$B/pngprobe

# the row's text: left edge and top, in points
set -- $(pdftotext -bbox "$pdf" - 2>/dev/null | awk -v w="$word" '
    /<word / {
        t = $0; sub(/^.*">/, "", t); sub(/<\/word>.*$/, "", t)
        x = $0; sub(/^.*xMin="/, "", x); sub(/".*$/, "", x)
        y = $0; sub(/^.*yMin="/, "", y); sub(/".*$/, "", y)
        if (t == w && prev == "Group") { print px, py; exit }
        prev = t; px = x; py = y
    }')
[ $# -eq 2 ] || { echo "none"; exit 0; }

# the swatch: 8 mm wide, ending 2 mm before the text (compose/legend.c).
# Scan its middle 6 mm, from 2 mm above the text's top to 1.6 mm below:
# inside the swatch a row is blank or an edge, and the last edge to start
# there is this row's top edge (one-line rows have it just above the text,
# two-line rows just below; the row above ends higher).
pts=$(awk -v tx="$1" -v ty="$2" -v d="$dpi" 'BEGIN {
    mm = d / 25.4; x0 = int((tx / 72 * 25.4 - 9) * mm); x1 = int((tx / 72 * 25.4 - 3) * mm)
    y0 = int((ty / 72 * 25.4 - 2) * mm); y1 = int((ty / 72 * 25.4 + 1.6) * mm)
    for (y = y0; y <= y1; y++) for (x = x0; x <= x1; x++) printf "%d %d ", x, y
    printf "\n%d %d\n", x1 - x0 + 1, y1 - y0 + 1 }')
grid=$(echo "$pts" | head -n 1)
set -- $(echo "$pts" | tail -n 1)
# shellcheck disable=SC2086
"$probe" "$png" $grid | awk -v w="$1" -v h="$2" '
    function hx(v, i) { return index("0123456789ABCDEF", toupper(substr(v, i, 1))) - 1 }
    function dark(v) { return (hx(v, 1) * 16 + hx(v, 2) + hx(v, 3) * 16 + hx(v, 4) + hx(v, 5) * 16 + hx(v, 6)) < 3 * 150 }
    { i = NR - 1; r = int(i / w); c = i % w; d[r, c] = dark($1); n[r] += d[r, c] }
    END {
        edge = -1
        for (r = 0; r < h; r++) if (n[r] > 0 && (r == 0 || n[r - 1] == 0)) edge = r
        if (edge < 0) { print "none"; exit }
        for (e = edge; e + 1 < h && n[e + 1] > 0; e++) ;
        r = int((edge + e) / 2)
        runs = 0; for (c = 0; c < w; c++) if (d[r, c] && (c == 0 || !d[r, c - 1])) runs++
        print runs
    }'
