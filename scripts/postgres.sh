#!/usr/bin/env bash
# A real PostgreSQL for the tests, in a folder of its own, listening on loopback only. Idempotent and quiet on success.
#
#   scripts/postgres.sh start [DIR]   starts it unless it already runs, and prints its URL on standard output:
#                                     postgres://sluice:PASSWORD@127.0.0.1:PORT/sluice (the user is a superuser, so a
#                                     test can make a database or schema of its own)
#   scripts/postgres.sh url [DIR]     prints the URL of the one running there (exit 1 when none runs)
#   scripts/postgres.sh pause [DIR]   stops it and keeps DIR, so that a later start brings the same database back on
#                                     the same port (the URL does not change): an outage, for tests of recovery
#   scripts/postgres.sh restart [DIR] restarts it on the same port (fast shutdown, which ends every session)
#   scripts/postgres.sh stop [DIR]    stops it and removes DIR
#
# DIR defaults to $SLUICE_POSTGRES_DIR or /tmp/sluice-postgres. It installs Debian's postgresql package with apt-get
# when PostgreSQL is missing. The server listens on 127.0.0.1 on a free port, with its unix socket in DIR; host
# connections need the password (scram-sha-256), kept in DIR. It is tuned for tests, not for keeping data: no fsync,
# no synchronous commit. PostgreSQL refuses to run as root, so as root its commands run as Debian's postgres user.
# Every wait is bounded: a start that takes over 60 seconds fails and says why.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

action="${1:-}"
dir="${2:-${SLUICE_POSTGRES_DIR:-/tmp/sluice-postgres}}"
data="$dir/data"
user=sluice
database=sluice

fail() {
  echo "postgres.sh: $*" >&2
  exit 1
}

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [[ ! -x $bin/initdb && ${1:-} == install ]]; then
    ensure_apt_packages postgresql || fail "PostgreSQL is missing and could not be installed with apt-get"
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  [[ -x $bin/initdb && -x $bin/pg_ctl ]] || fail "PostgreSQL's initdb and pg_ctl are missing under /usr/lib/postgresql/*/bin"
  echo "$bin"
}

running() {
  [[ -f $dir/port && -f $data/postmaster.pid ]] && as_postgres "$bin/pg_ctl" status --pgdata "$data" >/dev/null 2>&1
}

url() {
  echo "postgres://$user:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/$database"
}

# A port nothing listens on now; the start retries with another when one is taken between this probe and the start.
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  fail "found no free port on 127.0.0.1"
}

initialise() {
  rm -rf "$dir"
  mkdir -p "$dir"
  chmod 700 "$dir"
  # The password is hexadecimal, so it needs no escaping in a URL.
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$dir/password"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres: "$dir"
  fi
  as_postgres "$bin/initdb" --pgdata "$data" --username "$user" --pwfile "$dir/password" --auth-local trust \
    --auth-host scram-sha-256 --encoding UTF8 --locale C --no-sync >"$dir/initdb.log" 2>&1 ||
    fail "initdb failed: $(tail -5 "$dir/initdb.log")"
}

# pg_stat_statements, when this PostgreSQL has it, so that a benchmark can count the statements a server sends
# (CREATE EXTENSION pg_stat_statements in the database to read them).
preload() {
  local lib
  lib=$("$bin/pg_config" --pkglibdir 2>/dev/null || echo "$bin/../lib")
  [[ ! -f $lib/pg_stat_statements.so ]] || echo "-c shared_preload_libraries=pg_stat_statements"
}

start() {
  bin=$(postgres_bin install)
  if running; then
    url
    return 0
  fi
  [[ -f $data/PG_VERSION ]] || initialise
  local port attempt
  for attempt in 1 2 3; do
    # A paused server comes back on its port, so that those who hold its URL reach it again.
    if [[ $attempt -eq 1 && -f $dir/port ]]; then
      port=$(cat "$dir/port")
    else
      port=$(free_port)
    fi
    if as_postgres "$bin/pg_ctl" start --pgdata "$data" --wait --timeout 60 --log "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 $(preload)" \
      >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      as_postgres "$bin/psql" --host "$dir" --port "$port" --username "$user" --dbname postgres --quiet --no-psqlrc \
        --command "SELECT 1 FROM pg_database WHERE datname = '$database'" --tuples-only | grep -q 1 ||
        as_postgres "$bin/createdb" --host "$dir" --port "$port" --username "$user" "$database" ||
        fail "could not create the database '$database'"
      url
      return 0
    fi
    echo "postgres.sh: start attempt $attempt on port $port failed: $(tail -3 "$dir/server.log" 2>/dev/null)" >&2
  done
  fail "PostgreSQL did not start (its log: $dir/server.log)"
}

halt() {
  bin=$(postgres_bin)
  running || fail "no PostgreSQL runs in $dir"
  as_postgres "$bin/pg_ctl" stop --pgdata "$data" --mode fast --wait --timeout 60 >/dev/null 2>&1 ||
    fail "PostgreSQL did not stop (its log: $dir/server.log)"
}

restart() {
  bin=$(postgres_bin)
  running || fail "no PostgreSQL runs in $dir"
  as_postgres "$bin/pg_ctl" restart --pgdata "$data" --mode fast --wait --timeout 60 --log "$dir/server.log" >/dev/null 2>&1 ||
    fail "PostgreSQL did not restart (its log: $dir/server.log)"
}

stop() {
  if [[ -f $data/PG_VERSION ]]; then
    bin=$(postgres_bin)
    as_postgres "$bin/pg_ctl" stop --pgdata "$data" --mode fast --wait --timeout 60 >/dev/null 2>&1 ||
      as_postgres "$bin/pg_ctl" stop --pgdata "$data" --mode immediate --wait --timeout 30 >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  url)
    bin=$(postgres_bin)
    running || fail "no PostgreSQL runs in $dir; start one with scripts/postgres.sh start"
    url
    ;;
  pause) halt ;;
  restart) restart ;;
  stop) stop ;;
  *)
    echo "usage: scripts/postgres.sh start|pause|restart|stop|url [DIR]" >&2
    exit 2
    ;;
esac
