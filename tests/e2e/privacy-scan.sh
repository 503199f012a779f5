#!/bin/sh
# privacy-scan.sh - PRIVACY.md section 9 checks on output files, for the
# e2e cases (used through their `sh` directive).  Every text a file holds
# is extracted - pdftotext, PDF Info and XMP, PNG text chunks, SVG, DBF
# and GeoPackage text, JSON, CSV - and searched.
#
#   privacy-scan.sh canaries LIST FILE...
#       test 1: no line of LIST (the input's own identifiers: names,
#       subject ids, planted values) occurs in any file, and the section
#       5.2 detectors (e-mail, mobile numbers, NHS-style numbers, full
#       postcodes) find nothing.
#   privacy-scan.sh day-dates ALLOWED FILE...
#       test 11: no day-precision date (2026-03-14, 14/03/2026,
#       14 March 2026) except those in ALLOWED (comma separated: the map's
#       own release date, GeoPackage's fixed timestamp).
#
# Exit 0 when clean; otherwise 1, naming the file and what matched (the
# values are test fixtures, never real data).
mode=$1
arg=$2
shift 2
tmp=$(mktemp "${TMPDIR:-/tmp}/csm-scan.XXXXXX")
trap 'rm -f "$tmp"' EXIT

text_of() { # FILE -> its text on stdout
    case "$1" in
    *.pdf)
        pdftotext "$1" - 2>/dev/null
        pdfinfo "$1" 2>/dev/null
        pdfinfo -meta "$1" 2>/dev/null
        ;;
    *.gpkg)
        # blobs (geometry) as X'' so their hex cannot look like anything
        sqlite3 "$1" .dump 2>/dev/null | sed "s/X'[0-9A-Fa-f]*'/X''/g"
        ;;
    *.png | *.dbf | *.shp | *.shx) strings -n 3 "$1" ;;
    *) cat "$1" ;;
    esac
}

bad=0
for f in "$@"; do
    [ -f "$f" ] || continue
    text_of "$f" >"$tmp"
    case "$mode" in
    canaries)
        # raw bytes too: whatever an extractor misses, grep -a does not
        if grep -aF -f "$arg" "$tmp" "$f" >/dev/null 2>&1; then
            echo "privacy-scan: canary in '$f': $(grep -aoF -f "$arg" "$tmp" "$f" | head -n 1)" >&2
            bad=1
        fi
        case "$f" in *.shp | *.shx) continue ;; esac # geometry only
        hit=$(grep -aoE \
            -e '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}' \
            -e '(^|[^0-9.])(\+44 ?7|07)[0-9]{3} ?[0-9]{3} ?[0-9]{3}([^0-9]|$)' \
            -e '(^|[^0-9])[0-9]{3}[ -][0-9]{3}[ -][0-9]{4}([^0-9]|$)' \
            -e '(^|[^A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}([^A-Za-z0-9]|$)' \
            "$tmp" | head -n 1)
        if [ -n "$hit" ]; then
            echo "privacy-scan: personal data pattern in '$f': $hit" >&2
            bad=1
        fi
        ;;
    day-dates)
        hit=$(grep -aoE \
            -e '[0-9]{4}-[0-9]{2}-[0-9]{2}' \
            -e '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}' \
            -e '[0-9]{1,2}(st|nd|rd|th)? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* [0-9]{4}' \
            "$tmp" | tr ',' '\n' | sort -u)
        for h in $(echo "$hit" | tr ' ' '_'); do
            case ",$arg," in *",$(echo "$h" | tr '_' ' '),"*) continue ;; esac
            echo "privacy-scan: day-precision date in '$f': $h" >&2
            bad=1
        done
        ;;
    *)
        echo "usage: privacy-scan.sh canaries|day-dates ARG FILE..." >&2
        exit 2
        ;;
    esac
done
exit "$bad"
