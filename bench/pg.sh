#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, started here and always removed on exit
# (the way .ci/run starts one): DATABASE_URL is set for the command.
#
#   bench/pg.sh .venv/bin/python bench/pages.py          # the real pages benchmark
#   bench/pg.sh bash                                     # a shell with DATABASE_URL set
#
# Environment: PG_BIN (default /usr/lib/postgresql/15/bin), PG_OS_USER (the system user that
# runs PostgreSQL when this script runs as root; default jalons-ci, created when missing).
# Durability is off (fsync, synchronous_commit): the data is thrown away.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_OS_USER="${PG_OS_USER:-jalons-ci}"
test -x "$PG_BIN/initdb" || { echo "PostgreSQL not found in $PG_BIN (set PG_BIN)" >&2; exit 1; }
[ "$#" -gt 0 ] || { echo "usage: bench/pg.sh COMMAND [ARGS…]" >&2; exit 2; }

PG_TMP=""
PG_PID=""
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$PG_TMP" && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd "$PG_TMP" && "$@")
  fi
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -n "$PG_PID" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -t 60 -w stop >/dev/null 2>&1 \
      || kill "$PG_PID" 2>/dev/null || true
    wait "$PG_PID" 2>/dev/null || true
  fi
  [ -n "$PG_TMP" ] && rm -rf "$PG_TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ "$(id -u)" -eq 0 ] && ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OS_USER"
fi
PG_TMP=$(mktemp -d /tmp/jalons-bench-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown "$PG_OS_USER:" "$PG_TMP"
chmod 700 "$PG_TMP"
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PG_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
as_pg "$PG_BIN/initdb" --pgdata="$PG_TMP/data" --username=postgres --encoding=UTF8 --no-locale \
  --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$PG_TMP/initdb.log" 2>&1 \
  || { cat "$PG_TMP/initdb.log" >&2; exit 1; }
cat >>"$PG_TMP/data/postgresql.conf" <<EOF

# --- bench/pg.sh: throwaway benchmark cluster ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_TMP'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
shared_buffers = 256MB
work_mem = 16MB
maintenance_work_mem = 256MB
EOF
as_pg "$PG_BIN/postgres" -D "$PG_TMP/data" >"$PG_TMP/postgres.log" 2>&1 &
PG_PID=$!
for attempt in $(seq 120); do
  "$PG_BIN/pg_isready" --quiet --host=127.0.0.1 --port="$PG_PORT" && break
  if ! kill -0 "$PG_PID" 2>/dev/null || [ "$attempt" -eq 120 ]; then
    cat "$PG_TMP/postgres.log" >&2
    exit 1
  fi
  sleep 0.5
done
psql_admin() {
  as_pg "$PG_BIN/psql" --no-psqlrc --quiet -v ON_ERROR_STOP=1 -h "$PG_TMP" -p "$PG_PORT" \
    -U postgres -d postgres "$@"
}
psql_admin -c "CREATE ROLE jalons LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
psql_admin -c "CREATE DATABASE jalons OWNER jalons"
echo "bench/pg.sh: PostgreSQL $(as_pg "$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (removed on exit)" >&2
export DATABASE_URL="postgres://jalons:$PG_PASSWORD@127.0.0.1:$PG_PORT/jalons"
"$@"
