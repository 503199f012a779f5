#!/bin/sh
# atlas-figures.sh - every figure an atlas prints passes the policy
# (PRIVACY.md section 9 test 6): each count in index.csv and in the PDF's
# tables, index and charts is 0, not shown, or at least 8 and a multiple
# of 5.  Rates (decimals) and the public counts of schools and hubs are
# not counts of children and are left alone.
#   usage: atlas-figures.sh index.csv atlas.pdf [MIN] [BASE]
csv=$1 pdf=$2 min=${3:-8} base=${4:-5}
fail=0

# index.csv: area (quoted), file, children, incidents, rate, schools, hubs
sed -e 1d -e 's/^"[^"]*",//' "$csv" | awk -F, -v min="$min" -v base="$base" '
    function check(v) {
        if (v == "" || v == "not shown") return
        if (v !~ /^[0-9]+$/ || (v + 0 != 0 && (v + 0 < min || v % base)))
            { print "index.csv: figure \"" v "\" breaks the policy"; bad = 1 }
    }
    $1 == "not produced" { next }
    { check($2); check($3) }
    END { exit bad }' || fail=1

# The PDF, in drawing order: the figures table (up to the public places),
# the index rows, and the chart labels.
pdftotext -raw "$pdf" - | awk -v min="$min" -v base="$base" '
    function check(v) {
        gsub(/,/, "", v)
        if (v == "*") return
        if (v !~ /^[0-9]+$/ || (v + 0 != 0 && (v + 0 < min || v % base)))
            { print "PDF: figure \"" v "\" breaks the policy: " $0; bad = 1 }
        n++
    }
    function count(v) { return v == "*" || v ~ /^[0-9][0-9,]*$/ }
    /^Figures This area/ { table = 1; next }
    /^Places / { table = 0; next }
    /^Children with concerns per month/ { chart = 1; next }
    /^Hatched: / { chart = 0; next }
    /^Children and incidents as shown/ { index_ = 0; next }
    /Page Children Incidents/ { index_ = 1; has_rate = /Per 1,000/; next }
    # the rate label (it may wrap, and it names ages) up to its values
    table && (/per 1,000/ || / per$/) { rate_row = 1 }
    rate_row { if (/\./ || /^[*-]( [*-])*$/) rate_row = 0; next }
    table { for (i = 1; i <= NF; i++) if (count($i)) check($i); next }
    index_ && NF >= 4 { k = has_rate ? NF - 1 : NF
        if (count($k)) { check($k); check($(k - 1)) } next }
    chart { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9][0-9,]*$/) check($i) }
    END { if (n == 0) { print "PDF: no figures found"; bad = 1 }; exit bad }
' || fail=1
exit $fail
