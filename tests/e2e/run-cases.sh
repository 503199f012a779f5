#!/bin/sh
# run-cases.sh - run the declarative end-to-end cases in tests/e2e/*.case
# (or only the case files given as arguments, relative to the top of the
# tree) and speak TAP, one line per assertion.  Directives (one per line; '#'
# starts a comment; arguments are split like a shell's, with $OUT (a fresh
# folder per case), $SHARED (../shared/data/real) and $B expanded):
#   run ARGS...            csmap ARGS must exit 0
#   fails N ARGS...        csmap ARGS must exit N
#   stderr-has TEXT | stderr-lacks TEXT | stdout-has TEXT | stdout-lacks TEXT
#   stderr-lines N         the last run printed exactly N lines on stderr
#   exists FILE | absent FILE
#   no-temp DIR            no temporary files left in DIR
#   has FILE TEXT | lacks FILE TEXT          raw bytes of a file
#   pdf-has FILE TEXT | pdf-lacks FILE TEXT  pdftotext of a PDF
#   pdf-count FILE TEXT N  TEXT occurs N times in the PDF's text
#   meta-lacks FILE TEXT   pdfinfo -meta / exiftool-free metadata check
#   png-mm FILE DPI X_MM Y_MM RRGGBB [TOL]   pixel at a page position
#   png-world FILE DPI E N RRGGBB [TOL]      pixel at a map coordinate,
#                          using the frame/extent the last --verbose run
#                          printed
#   same FILE1 FILE2       byte-identical files
#   sh COMMAND             any shell command must succeed
#   needs-shared           skip the rest of the case when ../shared is absent
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=${B:-build}
CSMAP="$top/$B/csmap"
PROBE="$top/$B/pngprobe"
SHARED=$(cd "$top/.." && pwd)/shared/data/real
export B SHARED
n=0
tmproot=$(mktemp -d "${TMPDIR:-/tmp}/csmap-e2e.XXXXXX")
trap 'rm -rf "$tmproot"' EXIT

say() { # ok|not ok, description
    n=$((n + 1))
    echo "$1 $n - $2"
}
check() { # condition-exit-status description [detail]
    if [ "$1" -eq 0 ]; then
        say ok "$2"
    else
        say "not ok" "$2"
        [ -n "${3:-}" ] && printf '# %s\n' "$3" | head -n 5
    fi
    return 0
}
hexdist() { # RRGGBB RRGGBB -> max channel difference
    awk -v a="$1" -v b="$2" 'function h(s,i){return index("0123456789ABCDEF",toupper(substr(s,i,1)))-1}
        function c(s,i){return h(s,i)*16+h(s,i+1)}
        BEGIN{m=0;for(i=1;i<=5;i+=2){d=c(a,i)-c(b,i);if(d<0)d=-d;if(d>m)m=d};print m}'
}

run_case() {
    case_file=$1
    cname=$(basename "$case_file" .case)
    OUT="$tmproot/$cname"
    mkdir -p "$OUT"
    export OUT
    skip=0
    lineno=0
    while IFS= read -r line || [ -n "$line" ]; do
        lineno=$((lineno + 1))
        case "$line" in '' | '#'*) continue ;; esac
        if [ "$skip" -eq 1 ]; then
            say ok "$cname:$lineno # SKIP ../shared is absent"
            continue
        fi
        eval "set -- $line"
        d=$1
        shift
        what="$cname:$lineno: $d $*"
        case "$d" in
        run | fails)
            want=0
            if [ "$d" = fails ]; then want=$1; shift; fi
            "$CSMAP" "$@" >"$OUT/.stdout" 2>"$OUT/.stderr"
            rc=$?
            [ "$rc" -eq "$want" ]
            check $? "$what" "exit $rc, wanted $want: $(head -c 400 "$OUT/.stderr")"
            ;;
        stderr-has) grep -qF -- "$1" "$OUT/.stderr"; check $? "$what" "stderr: $(head -c 300 "$OUT/.stderr")" ;;
        stderr-lacks) ! grep -qF -- "$1" "$OUT/.stderr"; check $? "$what" ;;
        stdout-has) grep -qF -- "$1" "$OUT/.stdout"; check $? "$what" "stdout: $(head -c 300 "$OUT/.stdout")" ;;
        stdout-lacks) ! grep -qF -- "$1" "$OUT/.stdout"; check $? "$what" ;;
        stderr-lines)
            got=$(wc -l <"$OUT/.stderr")
            [ "$got" -eq "$1" ]
            check $? "$what" "got $got lines: $(head -c 300 "$OUT/.stderr")"
            ;;
        exists) [ -s "$1" ]; check $? "$what" ;;
        absent) [ ! -e "$1" ]; check $? "$what" ;;
        no-temp)
            left=$(find "$1" -maxdepth 1 \( -name '*.tmp*' -o -name '.*.tmp*' -o -name '.csm*' \) 2>/dev/null | head -n 3)
            [ -z "$left" ]
            check $? "$what" "left: $left"
            ;;
        has) grep -aqF -- "$2" "$1"; check $? "$what" ;;
        lacks) [ -e "$1" ] && ! grep -aqF -- "$2" "$1"; check $? "$what" ;;
        pdf-has) pdftotext -layout "$1" - 2>/dev/null | grep -qF -- "$2"; check $? "$what" ;;
        pdf-lacks)
            [ -e "$1" ] && ! pdftotext "$1" - 2>/dev/null | grep -qF -- "$2"
            check $? "$what"
            ;;
        pdf-count)
            got=$(pdftotext -layout "$1" - 2>/dev/null | grep -oF -- "$2" | wc -l)
            [ "$got" -eq "$3" ]
            check $? "$what" "counted $got"
            ;;
        meta-lacks)
            ! { pdfinfo -meta "$1" 2>/dev/null; pdfinfo "$1" 2>/dev/null; } | grep -qF -- "$2"
            check $? "$what"
            ;;
        png-mm | png-world)
            f=$1 dpi=$2 xa=$3 ya=$4 want=$5 tol=${6:-40}
            if [ "$d" = png-world ]; then
                geo=$(grep -o 'frame [-0-9. ]* mm, extent [-0-9. ]* m' "$OUT/.stderr" | tail -n 1)
                set -- $(echo "$geo" | awk -v e="$xa" -v nn="$ya" '{
                    fx0=$2; fy0=$3; fx1=$4; fy1=$5; ex0=$8; ey0=$9; ex1=$10; ey1=$11;
                    s=(fx1-fx0)/(ex1-ex0); printf "%.4f %.4f\n", fx0+(e-ex0)*s, fy1-(nn-ey0)*s }')
                xa=${1:-0} ya=${2:-0}
            fi
            px=$(awk -v m="$xa" -v d="$dpi" 'BEGIN{printf "%d", m/25.4*d}')
            py=$(awk -v m="$ya" -v d="$dpi" 'BEGIN{printf "%d", m/25.4*d}')
            got=$("$PROBE" "$f" "$px" "$py" 2>&1)
            dist=$(hexdist "$got" "$want" 2>/dev/null || echo 999)
            [ "${dist:-999}" -le "$tol" ]
            check $? "$what" "pixel ($px,$py) is $got, wanted $want"
            ;;
        same) cmp -s "$1" "$2"; check $? "$what" ;;
        sh) sh -c "$1" >/dev/null 2>&1; check $? "$what" ;;
        needs-shared) [ -d "$SHARED" ] || skip=1 ;;
        *) say "not ok" "$cname:$lineno: unknown directive '$d'" ;;
        esac
    done <"$case_file"
}

# With arguments, only the case files named (e.g. tests/e2e/pack.case).
[ "$#" -eq 0 ] && set -- tests/e2e/*.case
for c in "$@"; do
    [ -e "$c" ] || continue
    run_case "$c"
done
echo "1..$n"
