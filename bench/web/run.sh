#!/usr/bin/env bash
# Web benchmark: a throwaway PostgreSQL, the reference geography, 100,000 organisations,
# 5,000 networks, 300,000 memberships, the platform served by waitress, a load generator on
# loopback. Prints p50/p95/p99 per page and writes bench/web/results.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d); PGPORT=54330
chown postgres "$PGDIR" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR" start >/dev/null
cleanup() { kill "${SERVER:-0}" 2>/dev/null || true; as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
# KEEP=1 leaves the database running for profiling (stop it with pg_ctl -D "$PGDIR/data" stop).
if [ "${KEEP:-0}" = 1 ]; then echo "database kept: $PGDIR, port $PGPORT"; else trap cleanup EXIT; fi
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p $PGPORT -U postgres grappe
export GRAPPE_DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/grappe"
export GRAPPE_DATA_DIR=$(mktemp -d)
.venv/bin/grappe migrate
.venv/bin/grappe reference load
$PY bench/web/generate.py --organisations "${ORGS:-100000}" --networks "${NETS:-5000}" --memberships "${MEMBERS:-300000}"
as_pg "$PGBIN/psql" -h 127.0.0.1 -p $PGPORT -U postgres -d grappe -qc "VACUUM ANALYZE"
.venv/bin/grappe serve --port 8765 >"$GRAPPE_DATA_DIR/server.log" 2>&1 & SERVER=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:8765/ >/dev/null && break; sleep 0.2; done
# Two clients at once (server, database and load generator share the 2 cores), then one.
$PY bench/web/load.py --base http://127.0.0.1:8765 --requests "${REQUESTS:-300}" --concurrency 2 \
  --networks "${NETS:-5000}" --json bench/web/results.json
$PY bench/web/load.py --base http://127.0.0.1:8765 --requests "${REQUESTS:-200}" --concurrency 1 \
  --networks "${NETS:-5000}" --json bench/web/results-concurrency-1.json
