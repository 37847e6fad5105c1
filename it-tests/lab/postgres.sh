#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the JDBC token store's tests (root, after install.sh): initdb and pg_ctl
# as the unprivileged user nobody, data in $LAB/postgres, listening on 127.0.0.1:15432 only (and a socket in
# $LAB/postgres-run), database and role mailoauth2 with a password (scram-sha-256). No fsync: nothing in it
# outlives a test run. Debian's system cluster is never created or started.
# Usage: postgres.sh start|stop|restart   (start is idempotent; start.sh and stop.sh call it)
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || die "must run as root (the cluster runs as nobody)"
PG_PORT=15432
PG_DATA=$LAB/postgres
PG_RUN=$LAB/postgres-run
PG_USER=mailoauth2 PG_DB=mailoauth2 PG_PASSWORD=mailoauth2-lab
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PG_BIN" ] || die "PostgreSQL is not installed. run: sudo it-tests/lab/install.sh"
as_nobody() { runuser -u nobody -- "$@"; }
pg_pid() { our_pid "$PG_DATA/postmaster.pid" "$PG_DATA"; }

start() {
  if pg_pid >/dev/null; then log "postgres: already running"; return; fi
  port_busy $PG_PORT && die "port $PG_PORT (postgres) is in use by a process not started from $LAB; stop it first"
  mkdir -p "$PG_RUN" && touch "$LAB/postgres.log" && chown nobody "$PG_RUN" "$LAB/postgres.log"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA" && mkdir -p "$PG_DATA" && chown nobody "$PG_DATA"
    pwfile=$PG_RUN/pw && echo "$PG_PASSWORD" >"$pwfile" && chown nobody "$pwfile"
    as_nobody "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --no-sync >"$LAB/postgres-initdb.log" 2>&1 \
      || { cat "$LAB/postgres-initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
  fi
  as_nobody "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LAB/postgres.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_RUN -c fsync=off" 9>&- >/dev/null
  if [ ! -e "$PG_DATA/mailoauth2.created" ]; then   # the role and database, once
    as_nobody "$PG_BIN/psql" -q -h "$PG_RUN" -p $PG_PORT -U postgres -d postgres -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null
    touch "$PG_DATA/mailoauth2.created"
  fi
  log "postgres: ready on 127.0.0.1:$PG_PORT (database $PG_DB)"
}

stop() {
  pg_pid >/dev/null || return 0
  log "stopping postgres"
  as_nobody "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) die "usage: $0 start|stop|restart" ;;
esac
