#!/bin/sh
# postgis.sh - the PostGIS round trip, speaking TAP: a throwaway PostgreSQL
# cluster with PostGIS on loopback (a temporary folder, a free port, never
# the machine's own cluster), the Northbridge demo loaded into it with
# ogr2ogr, and examples/strategy-meeting.yaml rendered from it must be
# byte-identical to the map rendered from the files.  A wrong password, a
# missing table and a server that has gone each give one clear line that
# never holds the password.  Skips (one "ok ... # SKIP" line) when
# PostgreSQL or PostGIS is not installed: scripts/install-deps
# --with-postgis installs them, as .ci/run does.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=${B:-build}
CSMAP="$top/$B/csmap"
n=0
PASS=right-horse-battery   # the reader's password: a pgpass file only
WRONG=wrong-staple-42

say() { n=$((n + 1)); echo "$1 $n - $2"; }
check() { # status description [detail file]
    if [ "$1" -eq 0 ]; then
        say ok "$2"
    else
        say "not ok" "$2"
        [ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/# /' "$3" | head -n 5
    fi
}
skip_all() { echo "ok 1 - postgis round trip # SKIP $1"; echo "1..1"; exit 0; }

# --- find PostgreSQL and PostGIS --------------------------------------
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] ||
    skip_all "PostgreSQL is not installed (scripts/install-deps --with-postgis)"
ver=$(basename "$(dirname "$bin")")
ls /usr/share/postgresql/"$ver"/extension/postgis.control >/dev/null 2>&1 ||
    skip_all "PostGIS is not installed (scripts/install-deps --with-postgis)"
command -v psql >/dev/null 2>&1 || skip_all "psql is not installed"
command -v ogr2ogr >/dev/null 2>&1 || skip_all "ogr2ogr is not installed"
[ -x "$CSMAP" ] || skip_all "$B/csmap is not built"

# PostgreSQL refuses to run as root: CI is root, so the server runs as
# the postgres user and only the clients run as us
as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || skip_all "no postgres user to run the server"
    as_pg() { runuser -u postgres -- "$@"; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/csmap-pg.XXXXXX") || exit 1
chmod 755 "$tmp"
pg=$tmp/pg # the server's own: data, socket and log
mkdir "$pg" "$pg/sock" "$tmp/out"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$pg"
stop() { as_pg "$bin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1; }
trap 'stop; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

# --- a throwaway cluster: local trust for set-up, passwords on TCP ------
as_pg "$bin/initdb" -D "$pg/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C >"$tmp/initdb.log" 2>&1
check $? "initdb a throwaway cluster" "$tmp/initdb.log"
# a free loopback port in the private range: a taken one fails to start
rc=1
for p in $(awk -v s="$$" 'BEGIN { srand(s); for (i = 0; i < 5; i++)
        printf "%d ", 40000 + int(rand() * 20000) }'); do
    port=$p
    as_pg "$bin/pg_ctl" -D "$pg/data" -w -t 30 -l "$pg/server.log" \
        -o "-k $pg/sock -h 127.0.0.1 -p $port -c fsync=off" start \
        >/dev/null 2>&1 && rc=0 && break
done
check $rc "start PostgreSQL on 127.0.0.1:$port" "$pg/server.log"
[ $rc -eq 0 ] || { echo "1..$n"; exit 1; }

export PGHOST="$pg/sock" PGPORT="$port" PGUSER=postgres
psql -q -X -v ON_ERROR_STOP=1 -d postgres >"$tmp/psql.log" 2>&1 <<EOF
CREATE DATABASE csmap;
\\c csmap
CREATE EXTENSION postgis;
CREATE ROLE csmap_reader LOGIN PASSWORD '$PASS';
EOF
check $? "create a database with PostGIS and a reader role" "$tmp/psql.log"

# --- load every Northbridge file the demo spec reads --------------------
srcs=$(sed -n 's#^ *source: *\.\./layers/northbridge/\([A-Za-z0-9_-]*\.\(csv\|geojson\)\) *$#\1#p' \
    examples/strategy-meeting.yaml | sort -u)
ok=0
for f in $srcs; do
    t=${f%.*}
    set -- -f PostgreSQL "PG:dbname=csmap" "layers/northbridge/$f" -nln "$t" \
        -lco GEOMETRY_NAME=geom
    case "$f" in
    *.csv) set -- "$@" -oo X_POSSIBLE_NAMES=easting -oo Y_POSSIBLE_NAMES=northing \
        -a_srs EPSG:27700 ;;
    esac
    ogr2ogr "$@" >>"$tmp/load.log" 2>&1 || ok=1
done
psql -q -X -d csmap -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO csmap_reader" \
    >>"$tmp/load.log" 2>&1 || ok=1
[ -n "$srcs" ] || ok=1
check $ok "load the Northbridge demo with ogr2ogr ($(echo $srcs | wc -w) tables)" "$tmp/load.log"

# --- anonymise into a table: counts by area, and a replace that is atomic
anon() { # table, then any extra arguments
    t=$1; shift
    (cd "$tmp/out" && "$CSMAP" anonymise "$top/layers/northbridge/concerns.csv" \
        -o "PG:dbname=csmap" --table "$t" --method area \
        --areas "$top/layers/northbridge/neighbourhoods.geojson" --area-id name \
        --subject subject_id --category harm --date month \
        --x easting --y northing --crs EPSG:27700 --as-of 2026-11-01 "$@")
}
anon concerns_by_area >"$tmp/anon.log" 2>&1 &&
    ogrinfo -ro -al "PG:dbname=csmap tables=concerns_by_area" >"$tmp/anon.txt" 2>&1
check $? "anonymise -o PG: writes a table, read back with ogrinfo" "$tmp/anon.log"
grep -q "^Feature Count: [1-9]" "$tmp/anon.txt" &&
    grep -q "^name: String" "$tmp/anon.txt" &&
    grep -q "^children: Integer" "$tmp/anon.txt" &&
    grep -q "^band: String" "$tmp/anon.txt" &&
    grep -q "MULTIPOLYGON\|POLYGON" "$tmp/anon.txt"
check $? "the table holds areas with name, children and band" "$tmp/anon.txt"
psql -q -X -A -t -d csmap -c "SELECT * FROM concerns_by_area" >"$tmp/anon.rows" 2>&1 &&
    ! grep -q "S-[0-9A-F]\{6\}" "$tmp/anon.rows" "$tmp/anon.txt" &&
    ! grep -q "Jordan Testcase" "$tmp/anon.rows" "$tmp/anon.txt" &&
    ! grep -q "R0000" "$tmp/anon.rows" "$tmp/anon.txt"
check $? "no subject id, record id or canary name in the table" "$tmp/anon.rows"
grep -q '"concerns_by_area"' "$tmp/out/concerns_by_area.json" &&
    ! grep -q "dbname" "$tmp/out/concerns_by_area.json" &&
    ! grep -q "dbname" "$tmp/anon.log"
check $? "its record names the table, never the connection" "$tmp/out/concerns_by_area.json"
n1=$(psql -X -A -t -d csmap -c "SELECT count(*) FROM concerns_by_area" 2>&1)
anon concerns_by_area >"$tmp/anon2.log" 2>&1 &&
    [ "$(psql -X -A -t -d csmap -c "SELECT count(*) FROM concerns_by_area")" = "$n1" ] &&
    [ "$(psql -X -A -t -d csmap -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE '%csmap_tmp%'")" = 0 ]
check $? "a second run replaces the table ($n1 rows), leaving no temporary" "$tmp/anon2.log"
anon "Bad-Name" >"$tmp/anon4.log" 2>&1
[ $? -ne 0 ] && [ "$(wc -l <"$tmp/anon4.log")" -eq 1 ] &&
    grep -q "table 'Bad-Name'" "$tmp/anon4.log" &&
    [ "$(psql -X -A -t -d csmap -c "SELECT count(*) FROM concerns_by_area")" = "$n1" ]
check $? "a bad table name is one line, and the old table stands" "$tmp/anon4.log"
(cd "$tmp/out" && PGPASSWORD=$WRONG "$CSMAP" anonymise \
    "$top/layers/northbridge/concerns.csv" \
    -o "PG:host=127.0.0.1 port=$port dbname=csmap user=csmap_reader" \
    --table concerns_by_area --method area \
    --areas "$top/layers/northbridge/neighbourhoods.geojson" --area-id name \
    --subject subject_id --x easting --y northing --crs EPSG:27700) \
    >"$tmp/anon5.log" 2>&1
[ $? -eq 1 ] && [ "$(wc -l <"$tmp/anon5.log")" -eq 1 ] &&
    grep -q "PG: connection" "$tmp/anon5.log" && ! grep -qF -- "$WRONG" "$tmp/anon5.log" &&
    ! grep -q "host=" "$tmp/anon5.log"
check $? "a wrong password is one line, without the password" "$tmp/anon5.log"

# the reader connects over TCP with a password from a pgpass file, named
# by a service file: neither the spec nor csmap ever sees it
unset PGHOST PGPORT PGUSER
cat >"$tmp/pg_service.conf" <<EOF
[csmap_e2e]
host=127.0.0.1
port=$port
dbname=csmap
user=csmap_reader
sslmode=disable
EOF
echo "127.0.0.1:$port:csmap:csmap_reader:$PASS" >"$tmp/pgpass"
echo "127.0.0.1:$port:csmap:csmap_reader:$WRONG" >"$tmp/pgpass.wrong"
chmod 600 "$tmp/pgpass" "$tmp/pgpass.wrong"
export PGSERVICEFILE="$tmp/pg_service.conf" PGPASSFILE="$tmp/pgpass"

# the demo spec with every Northbridge file replaced by its table; other
# relative paths made to point back at examples/
awk -v ex="$top/examples" '
/^ *source: *\.\.\/layers\/northbridge\/[A-Za-z0-9_-]+\.(csv|geojson) *$/ {
    ind = $0; sub(/[^ ].*$/, "", ind)
    t = $0; sub(/^.*northbridge\//, "", t); sub(/\.(csv|geojson) *$/, "", t)
    print ind "source: \"PG:service=csmap_e2e\""
    print ind "layer: " t
    next
}
/^   +(x|y|crs): / { next }
match($0, /^ *[a-z_]+: */) && substr($0, RLENGTH + 1) ~ /^\.\.?\// {
    print substr($0, 1, RLENGTH) ex "/" substr($0, RLENGTH + 1)
    next
}
{ print }
' examples/strategy-meeting.yaml >"$tmp/pg.yaml"
grep -q "PG:service=csmap_e2e" "$tmp/pg.yaml"
check $? "a PostGIS variant of examples/strategy-meeting.yaml"

"$CSMAP" render examples/strategy-meeting.yaml -o "$tmp/out/files.pdf" \
    >"$tmp/files.log" 2>&1
check $? "render the demo from files" "$tmp/files.log"
"$CSMAP" render "$tmp/pg.yaml" -o "$tmp/out/pg.pdf" >"$tmp/pg.log" 2>&1
check $? "render the demo from PostGIS" "$tmp/pg.log"
cmp -s "$tmp/out/files.pdf" "$tmp/out/pg.pdf"
check $? "the PostGIS map is byte-identical to the file map"
"$CSMAP" render examples/strategy-meeting.yaml -o "$tmp/out/files.png" \
    --dpi 72 >/dev/null 2>&1 &&
    "$CSMAP" render "$tmp/pg.yaml" -o "$tmp/out/pg.png" --dpi 72 \
        >/dev/null 2>&1 && cmp -s "$tmp/out/files.png" "$tmp/out/pg.png"
check $? "and so is the PNG"

# --- failures: one line each, never the password -------------------------
one_line() { # log, text that must be there
    [ "$(wc -l <"$1")" -eq 1 ] && grep -qF -- "$2" "$1" &&
        ! grep -qF -- "$PASS" "$1" && ! grep -qF -- "$WRONG" "$1"
}
spec_with() { # file, source, layer: a one-layer spec
    cat >"$1" <<EOF
title: PostGIS failures
layers:
  - name: areas
    source: "$2"
    layer: $3
    kind: area
EOF
}
spec_with "$tmp/missing.yaml" "PG:service=csmap_e2e" no_such_table
"$CSMAP" render "$tmp/missing.yaml" -o "$tmp/out/x.pdf" >"$tmp/e1.log" 2>&1
[ $? -eq 1 ] && one_line "$tmp/e1.log" "no layer 'no_such_table' in 'PG:(connection) service=csmap_e2e' (layers:"
check $? "a missing table is one line listing the tables" "$tmp/e1.log"

PGPASSFILE="$tmp/pgpass.wrong" "$CSMAP" render "$tmp/pg.yaml" \
    -o "$tmp/out/x.pdf" >"$tmp/e2.log" 2>&1
[ $? -eq 1 ] && one_line "$tmp/e2.log" "password authentication failed"
check $? "a wrong password is one line, without the password" "$tmp/e2.log"

spec_with "$tmp/inline.yaml" "PG:service=csmap_e2e password=$PASS" neighbourhoods
"$CSMAP" render "$tmp/inline.yaml" -o "$tmp/out/x.pdf" >"$tmp/e3.log" 2>&1
[ $? -eq 1 ] && one_line "$tmp/e3.log" "holds a password"
check $? "a password in a spec is refused, without repeating it" "$tmp/e3.log"

spec_with "$tmp/closed.yaml" "PG:host=127.0.0.1 port=1 dbname=csmap user=csmap_reader" neighbourhoods
"$CSMAP" render "$tmp/closed.yaml" -o "$tmp/out/x.pdf" >"$tmp/e4.log" 2>&1
[ $? -eq 1 ] && one_line "$tmp/e4.log" "cannot open 'PG:(connection) dbname=csmap'"
check $? "a closed port is one line" "$tmp/e4.log"

cat >"$tmp/sql.yaml" <<EOF
title: PostGIS query
date: 2026-11
layers:
  - name: riverside
    source: "PG:service=csmap_e2e"
    sql: "SELECT geom, name FROM neighbourhoods WHERE name LIKE 'R%'"
    kind: area
    label: name
EOF
"$CSMAP" render "$tmp/sql.yaml" -o "$tmp/out/sql.pdf" >"$tmp/sql.log" 2>&1 &&
    pdftotext "$tmp/out/sql.pdf" - | grep -q "^R"
check $? "a layer read with sql:" "$tmp/sql.log"
sed -e "s/neighbourhoods WHERE name LIKE 'R%'/no_such_table WHERE name = 'Secret Close'/" \
    "$tmp/sql.yaml" >"$tmp/badsql.yaml"
"$CSMAP" render "$tmp/badsql.yaml" -o "$tmp/out/x.pdf" >"$tmp/e6.log" 2>&1
[ $? -eq 1 ] && one_line "$tmp/e6.log" "its sql: failed in 'PG:(connection) service=csmap_e2e'" &&
    ! grep -q "Secret Close" "$tmp/e6.log"
check $? "a failing query is one line, without the query's values" "$tmp/e6.log"

stop
"$CSMAP" render "$tmp/pg.yaml" -o "$tmp/out/x.pdf" >"$tmp/e5.log" 2>&1
[ $? -eq 1 ] && one_line "$tmp/e5.log" "cannot open 'PG:(connection) service=csmap_e2e'"
check $? "a server that has gone is one line" "$tmp/e5.log"
[ ! -e "$tmp/out/x.pdf" ]
check $? "no map is written when the database fails"

echo "1..$n"
