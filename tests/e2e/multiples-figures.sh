#!/bin/sh
# multiples-figures.sh - every count a page of small multiples prints
# (period maps, time-of-day panels, the change table) passes the policy
# (PRIVACY.md section 9 test 6): 0, not shown ("—"), or at least MIN and a
# multiple of BASE; at least one count is shown.  Signed changes (+10,
# −5) are not counts and are left alone, but in the change table a change
# may only stand beside two shown counts (the first and the last of
# NPERIODS, default 2: a change is the last period's less the first's).  Scale, dates, years and the
# legend's class ranges are not counts either.
#   usage: multiples-figures.sh FILE.pdf [MIN] [BASE] [NPERIODS]
pdf=$1 min=${2:-8} base=${3:-5} np=${4:-2}
pdftotext -raw "$pdf" - | awk -v min="$min" -v base="$base" -v np="$np" '
    /km|Scale|Date:|Sources:|Anonymisation:|children|Up by|Down by|under|Counts rounded|Comparing|[0-9][0-9]:[0-9][0-9]/ { next }
    {
        for (i = 1; i <= NF; i++) {
            v = $i
            if (v !~ /^[0-9]+$/ || v ~ /^(19|20)[0-9][0-9]$/) continue
            n++
            if (v + 0 != 0) shown++
            if (v + 0 != 0 && (v + 0 < min || v % base))
                { print "figure \"" v "\" breaks the policy: " $0; bad = 1 }
        }
    }
    # a change table row ends "A B CHANGE": a change needs both sides
    NF > np + 1 && $NF ~ /^([+−][0-9]+|0)$/ &&
        ($(NF-1) == "—" || $(NF-np) == "—") {
        print "change beside a hidden count: " $0; bad = 1
    }
    END {
        if (!shown) { print "no count shown at all"; bad = 1 }
        exit bad
    }'
