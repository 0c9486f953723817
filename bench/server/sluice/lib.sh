#!/usr/bin/env bash
# Shared by bench/server/sluice/side.sh and bench/server/capacity/run.sh: the sluice executable, a server with its
# repository and agents in a temporary folder, and stopping them. Expects $root to be set by the sourcing script and,
# for the throughput workflow, $builds.
sluice_bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The sluice executable: run.sh builds it when stale (Native AOT, else a normal build) and --version runs it.
# SLUICE_BENCH_SLUICE names another executable instead (a build of your own, to compare two commits in one run), and
# SLUICE_BENCH_AGENT one for the agents alone (a Native AOT build of the same agent code, when the server under test is
# a normal build: a normal build's worker processes spend hundreds of milliseconds compiling before a job's first step).
find_sluice() {
  agent_sluice=${SLUICE_BENCH_AGENT:-}
  if [[ -n $agent_sluice && ! -x $agent_sluice ]]; then
    echo "Sluice side cannot run: SLUICE_BENCH_AGENT=$agent_sluice is not an executable" >&2
    exit 3
  fi
  if [[ -n ${SLUICE_BENCH_SLUICE:-} ]]; then
    [[ -x $SLUICE_BENCH_SLUICE ]] || { echo "Sluice side cannot run: SLUICE_BENCH_SLUICE=$SLUICE_BENCH_SLUICE is not an executable" >&2; exit 3; }
    sluice=$SLUICE_BENCH_SLUICE build=given
    return 0
  fi
  if ! "$root/run.sh" --version >/dev/null 2>"$1"; then
    echo "Sluice side cannot run: building sluice failed ($(tail -n 3 "$1" | tr '\n' ' '))" >&2
    exit 3
  fi
  if grep -q "falling back to a normal build" "$1"; then
    sluice="$root/artifacts/sluice-jit/sluice" build=jit
  else
    sluice="$root/artifacts/sluice/sluice" build=aot
  fi
}

# A workflow with one job of one step `true`, run by workflow_dispatch only.
write_dispatch_workflow() {
  cat >"$1/dispatch.yml" <<'YAML'
name: dispatch
on: workflow_dispatch
jobs:
  trivial:
    runs-on: self-hosted
    steps:
      - run: "true"
YAML
}

# A workflow with $2 jobs of `true`: 250-leg matrices (the most a job may have) when $2 is a multiple of 250.
write_throughput_workflow() {
  local folder=$1 count=$2 job
  printf 'name: throughput\non: workflow_dispatch\njobs:\n' >"$folder/throughput.yml"
  if ((count % 250 == 0)); then
    for ((job = 1; job <= count / 250; job++)); do
      printf '  fan%d:\n    runs-on: self-hosted\n    strategy:\n      matrix:\n        leg: [%s]\n    steps:\n      - run: "true"\n' \
        "$job" "$(seq -s, 1 250)" >>"$folder/throughput.yml"
    done
  else
    for ((job = 1; job <= count; job++)); do
      printf '  job%d:\n    runs-on: self-hosted\n    steps:\n      - run: "true"\n' "$job" >>"$folder/throughput.yml"
    done
  fi
}

# A server's PostgreSQL: with SLUICE_DATABASE (a postgres:// URL) set, each with_sluice gets a fresh schema of that
# database (bench_<random>), dropped when it is done, so that every measure starts from an empty store as on SQLite.
# $bench_schema is the schema, empty on SQLite.
bench_schema=""
create_bench_schema() {
  bench_schema=""
  [[ -n ${SLUICE_DATABASE:-} ]] || return 0
  [[ $SLUICE_DATABASE == postgres://* || $SLUICE_DATABASE == postgresql://* ]] ||
    { echo "side.sh: SLUICE_DATABASE must be a postgres:// URL for the bench (it makes a schema per server start)" >&2; return 1; }
  bench_schema="bench_$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')"
  psql "$SLUICE_DATABASE" --quiet --no-psqlrc --command "CREATE SCHEMA $bench_schema" >/dev/null ||
    { echo "side.sh: could not create the schema $bench_schema (is psql installed and the database reachable?)" >&2; return 1; }
}

drop_bench_schema() {
  [[ -n $bench_schema ]] || return 0
  psql "$SLUICE_DATABASE" --quiet --no-psqlrc --command "DROP SCHEMA $bench_schema CASCADE" >/dev/null 2>&1 || true
  bench_schema=""
}

# The --database argument for the bench's schema (nothing on SQLite).
database_arguments() {
  [[ -n $bench_schema ]] || return 0
  local separator='?'
  [[ $SLUICE_DATABASE != *\?* ]] || separator='&'
  printf '%s\n' --database "$SLUICE_DATABASE${separator}search_path=$bench_schema"
}

# Starts $replicas servers (default 1; more only with SLUICE_DATABASE, all on one database and one data folder, as
# replicas behind a load balancer would be) and $1 agents in a fresh folder, runs the rest of the arguments with
# SLUICE_SERVER (the first replica), SLUICE_SERVERS (every replica, space-separated), SLUICE_TOKEN, SLUICE_REPO,
# SLUICE_SERVER_PID and SLUICE_SERVER_PIDS set, and stops them all (each in its own process group, so that workers go
# too). Agent k talks to replica ((k - 1) mod replicas) + 1 first and fails over to the others.
with_sluice() {
  local agents=$1 folder port status=0 agent token replica urls=() pids=() database=() order
  shift
  folder=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")
  groups=()
  # shellcheck disable=SC2064 # the folder is fixed now
  trap "stop_all; drop_bench_schema; rm -rf '$folder'" EXIT
  create_bench_schema || return 1
  mapfile -t database < <(database_arguments)
  if [[ ${replicas:-1} -gt 1 && -z $bench_schema ]]; then
    echo "side.sh: several replicas need PostgreSQL: set SLUICE_DATABASE to a postgres:// URL" >&2
    return 1
  fi
  for ((replica = 1; replica <= ${replicas:-1}; replica++)); do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    SLUICE_DATABASE="" setsid "$sluice" server --data "$folder/data" --listen "127.0.0.1:$port" --log-format none "${database[@]}" \
      >"$folder/server-$replica.log" 2>&1 </dev/null &
    groups+=($!)
    pids+=($!)
    urls+=("http://127.0.0.1:$port")
    for _ in $(seq 1 300); do
      [[ -s $folder/data/admin.token ]] && curl -fsS "${urls[-1]}/healthz" >/dev/null 2>&1 && break
      kill -0 "${pids[-1]}" 2>/dev/null || { cat "$folder/server-$replica.log" >&2; echo "side.sh: server $replica stopped" >&2; return 1; }
      sleep 0.1
    done
  done
  export SLUICE_SERVER="${urls[0]}" SLUICE_SERVERS="${urls[*]}" SLUICE_SERVER_PID="${pids[0]}" SLUICE_SERVER_PIDS="${pids[*]}" SLUICE_REPO=bench
  SLUICE_TOKEN=$(cat "$folder/data/admin.token")
  export SLUICE_TOKEN

  mkdir -p "$folder/repo/.github/workflows"
  write_dispatch_workflow "$folder/repo/.github/workflows"
  write_throughput_workflow "$folder/repo/.github/workflows" "$builds"
  git -C "$folder/repo" init -q -b main
  git -C "$folder/repo" add -A
  git -C "$folder/repo" -c user.name=bench -c user.email=bench@localhost commit -q -m bench
  "$sluice" repo add bench "$folder/repo" >/dev/null

  for ((agent = 1; agent <= agents; agent++)); do
    token=$("$sluice" token create --scope agent --description "bench agent $agent" | grep -o 'slu[a-z]*_[A-Za-z0-9_-]*' | head -n 1)
    [[ -n $token ]] || { echo "side.sh: sluice token create printed no token" >&2; return 1; }
    order=("${urls[@]:$(((agent - 1) % ${#urls[@]}))}" "${urls[@]:0:$(((agent - 1) % ${#urls[@]}))}")
    setsid "${agent_sluice:-$sluice}" agent --server "$(IFS=,; echo "${order[*]}")" --token "$token" --name "bench-$agent" --work "$folder/agent-$agent" \
      >"$folder/agent-$agent.log" 2>&1 </dev/null &
    groups+=($!)
  done
  python3 "$sluice_bench/measure.py" wait-agents --count "$agents" || status=$?
  [[ $status -ne 0 ]] || "$@" || status=$?
  if [[ $status -ne 0 ]]; then
    tail -n 20 "$folder"/*.log >&2
  fi
  stop_all
  drop_bench_schema
  rm -rf "$folder"
  trap - EXIT
  return "$status"
}

stop_all() {
  local group
  for group in "${groups[@]}"; do
    kill -TERM -- "-$group" 2>/dev/null || true
  done
  for group in "${groups[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 -- "-$group" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$group" 2>/dev/null || true
  done
  groups=()
}

