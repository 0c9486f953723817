#!/usr/bin/env bash
# Starts a Buildbot master and N workers on loopback in a fresh temporary folder, runs COMMAND against them, and stops
# everything when COMMAND ends (or on Ctrl-C, or on any failure): nothing is left running and the folder is removed.
#
#   bench/server/buildbot/setup.sh [--workers N] [--db sqlite|postgresql] [--keep] [-- COMMAND [ARGS...]]
#
#   --workers N   workers connected to the master, default 2 (the throughput benchmark uses 4)
#   --db KIND     the master's database: sqlite (Buildbot's default, state.sqlite in the master's folder; the default
#                 here) or postgresql (what Buildbot's manual advises beyond small setups: a PostgreSQL server of
#                 Debian's, started for this run in the temporary folder with default settings, reached over a unix
#                 socket there and listening on no TCP port)
#   --keep        keep the temporary folder (master and worker logs, state.sqlite, events.jsonl) and print its path
#   COMMAND       runs with these variables set, and its exit status becomes this script's:
#                   BUILDBOT_API      http://127.0.0.1:PORT/api/v2 (the master's REST API)
#                   BUILDBOT_EVENTS   the master's event log (one JSON object a line; see master.cfg)
#                   BUILDBOT_WORKERS  N
#                   BUILDBOT_VERSION  the installed Debian package version
#                   BUILDBOT_DB       sqlite or postgresql
#                   BUILDBOT_MASTER_PID  the master's process (measure.py reads its CPU time from /proc)
#                 Without COMMAND it forces one build of `true` and checks that it succeeded (a smoke test).
#
# It installs Debian's buildbot and buildbot-worker with apt-get when missing (as root, or through sudo). The master
# (master.cfg beside this script) listens on 127.0.0.1 only: its REST API on one free port, the worker protocol (PB)
# on another; the workers connect over loopback.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workers=2
db=sqlite
keep=0
command=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) workers="${2:-}"; shift 2 ;;
    --db) db="${2:-}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; command=("$@"); break ;;
    *) echo "usage: bench/server/buildbot/setup.sh [--workers N] [--db sqlite|postgresql] [--keep] [-- COMMAND [ARGS...]]" >&2; exit 2 ;;
  esac
done
[[ $workers =~ ^[1-9][0-9]?$ ]] || { echo "setup.sh: --workers takes a number from 1 to 99, not '$workers'" >&2; exit 2; }
[[ $db == sqlite || $db == postgresql ]] || { echo "setup.sh: --db takes sqlite or postgresql, not '$db'" >&2; exit 2; }

fail() {
  echo "setup.sh: $*" >&2
  exit 1
}

# shellcheck source=../../../scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/scripts/lib.sh"

install_missing_packages() {
  ensure_apt_packages "$@" || fail "could not install $* with apt-get"
}

install_missing_packages buildbot buildbot-worker
[[ $db == postgresql ]] && install_missing_packages postgresql python3-psycopg2
version=$(dpkg-query --show --showformat '${Version}' buildbot)

run=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-buildbot.XXXXXX")
master="$run/master"
postgres="$run/postgres"
pg_bin=""
worker_dirs=()

# PostgreSQL refuses to run as root: as root, its commands run as Debian's postgres user, which owns its folder.
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x $bin/initdb ]] || fail "PostgreSQL's initdb is missing under /usr/lib/postgresql/*/bin"
  pg_bin=$bin
  mkdir -p "$postgres"
  if [[ $(id -u) -eq 0 ]]; then
    chmod 711 "$run"
    chown postgres: "$postgres"
  fi
  as_postgres "$bin/initdb" --pgdata "$postgres/data" --username buildbot --auth trust --encoding UTF8 \
    >"$run/initdb.log" 2>&1 || fail "initdb failed: $(tail -5 "$run/initdb.log")"
  as_postgres "$bin/pg_ctl" --pgdata "$postgres/data" --log "$postgres/server.log" --wait --timeout 60 \
    --options "-c listen_addresses='' -c unix_socket_directories='$postgres'" start >/dev/null ||
    fail "PostgreSQL did not start: $(tail -5 "$postgres/server.log" 2>/dev/null)"
  as_postgres "$bin/createdb" --host "$postgres" --username buildbot buildbot ||
    fail "could not create the buildbot database"
}

stop_postgres() {
  [[ -f $postgres/data/postmaster.pid ]] || return 0
  as_postgres "$pg_bin/pg_ctl" --pgdata "$postgres/data" --mode fast --wait --timeout 30 stop >/dev/null 2>&1 ||
    kill -KILL "$(head -1 "$postgres/data/postmaster.pid")" 2>/dev/null || true
}

# A daemon that has exited stays a zombie until the machine's init reaps it, which can take many seconds here.
running() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# Stops one twistd daemon by the pid in its folder's twistd.pid: SIGTERM, up to 20 s to exit, then SIGKILL.
stop_daemon() {
  local dir=$1 pid
  [[ -f $dir/twistd.pid ]] || return 0
  pid=$(cat "$dir/twistd.pid")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 200); do
    running "$pid" || return 0
    sleep 0.1
  done
  echo "setup.sh: $dir (pid $pid) did not stop in 20 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local dir
  for dir in "${worker_dirs[@]}"; do stop_daemon "$dir"; done
  stop_daemon "$master"
  stop_postgres
  if [[ $keep -eq 1 ]]; then
    echo "setup.sh: kept $run" >&2
  else
    rm -rf "$run"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two free loopback ports: the kernel picks them, and they are released just before the master binds them.
read -r web_port pb_port < <(python3 - <<'EOF'
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))
EOF
)
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
names=()
for i in $(seq 1 "$workers"); do names+=("worker-$i"); done

db_url="sqlite:///state.sqlite"
if [[ $db == postgresql ]]; then
  start_postgres
  db_url="postgresql+psycopg2://buildbot@/buildbot?host=$postgres"
fi

buildbot create-master --quiet --relocatable --db "$db_url" "$master" >"$run/create-master.log" 2>&1 ||
  fail "buildbot create-master failed: $(tail -5 "$run/create-master.log")"
cp "$here/master.cfg" "$master/master.cfg"
python3 - "$master/bench-settings.json" "$web_port" "$pb_port" "$password" "$master/events.jsonl" "$db_url" \
  "${names[@]}" <<'EOF'
import json, sys
path, web, pb, password, events, db_url, *workers = sys.argv[1:]
with open(path, "w", encoding="utf-8") as f:
    json.dump({"web_port": int(web), "pb_port": int(pb), "password": password, "events": events,
               "db_url": db_url, "workers": workers}, f)
EOF
: >"$master/events.jsonl"

# `buildbot start` follows twistd.log until the master says it is running (or failed), then returns.
PYTHONPATH="$here/api-only-www${PYTHONPATH:+:$PYTHONPATH}" buildbot start "$master" >"$run/start-master.log" 2>&1 ||
  fail "the Buildbot master did not start: $(tail -20 "$master/twistd.log" 2>/dev/null)"

for name in "${names[@]}"; do
  dir="$run/$name"
  buildbot-worker create-worker --quiet --relocatable "$dir" "127.0.0.1:$pb_port" "$name" "$password" \
    >"$run/create-$name.log" 2>&1 || fail "buildbot-worker create-worker failed: $(tail -5 "$run/create-$name.log")"
  worker_dirs+=("$dir")
  buildbot-worker start "$dir" >"$run/start-$name.log" 2>&1 ||
    fail "worker $name did not start: $(tail -20 "$dir/twistd.log" 2>/dev/null)"
done

export BUILDBOT_API="http://127.0.0.1:$web_port/api/v2"
export BUILDBOT_EVENTS="$master/events.jsonl"
export BUILDBOT_WORKERS="$workers"
export BUILDBOT_VERSION="$version"
export BUILDBOT_DB="$db"
BUILDBOT_MASTER_PID=$(cat "$master/twistd.pid")
export BUILDBOT_MASTER_PID

python3 "$here/measure.py" wait-workers --count "$workers" --timeout 60 ||
  fail "the workers did not connect within 60 s: $(tail -5 "$run/worker-1/twistd.log" 2>/dev/null)"
echo "setup.sh: Buildbot $version on $db, master on 127.0.0.1 (REST $web_port, PB $pb_port), $workers workers connected" >&2

if [[ ${#command[@]} -eq 0 ]]; then
  python3 "$here/measure.py" smoke
else
  "${command[@]}"
fi
