#!/usr/bin/env bash
# Experiences benchmark: a throwaway PostgreSQL 15, the reference geography and NAF codes,
# 5,000 networks and 50,000 generated experiences imported through the general importer, then
# search (p95 target < 150 ms) and similar cases (target < 300 ms). Writes
# bench/experiences/results.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d); PGPORT=${PGPORT:-54340}
chown postgres "$PGDIR" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR" start >/dev/null
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap cleanup EXIT
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p $PGPORT -U postgres grappe
export GRAPPE_DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/grappe"
export GRAPPE_DATA_DIR=$(mktemp -d)
.venv/bin/grappe migrate
.venv/bin/grappe reference load
$PY bench/experiences/generate.py --experiences "${EXPERIENCES:-50000}" --networks "${NETS:-5000}" \
  --file "$GRAPPE_DATA_DIR/experiences.json"
as_pg "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d grappe -qc "VACUUM ANALYZE"
$PY bench/experiences/measure.py --rounds "${ROUNDS:-5}" --similar "${SIMILAR:-200}" \
  --json bench/experiences/results.json
