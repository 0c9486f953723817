#!/usr/bin/env bash
# Shared by bench/server/sluice/side.sh and bench/server/capacity/run.sh: the sluice executable, a server with its
# repository and agents in a temporary folder, and stopping them. Expects $root to be set by the sourcing script and,
# for the throughput workflow, $builds.
sluice_bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The sluice executable: run.sh builds it when stale (Native AOT, else a normal build) and --version runs it.
find_sluice() {
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

# Starts a server and $1 agents in a fresh folder, runs the rest of the arguments with SLUICE_SERVER, SLUICE_TOKEN,
# SLUICE_REPO and SLUICE_SERVER_PID set, and stops them all (each in its own process group, so that workers go too).
with_sluice() {
  local agents=$1 folder port status=0 agent token
  shift
  folder=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")
  groups=()
  # shellcheck disable=SC2064 # the folder is fixed now
  trap "stop_all; rm -rf '$folder'" EXIT
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  setsid "$sluice" server --data "$folder/data" --listen "127.0.0.1:$port" --log-format none \
    >"$folder/server.log" 2>&1 </dev/null &
  groups+=($!)
  export SLUICE_SERVER="http://127.0.0.1:$port" SLUICE_SERVER_PID=$! SLUICE_REPO=bench
  for _ in $(seq 1 300); do
    [[ -s $folder/data/admin.token ]] && curl -fsS "$SLUICE_SERVER/healthz" >/dev/null 2>&1 && break
    kill -0 "$SLUICE_SERVER_PID" 2>/dev/null || { cat "$folder/server.log" >&2; echo "side.sh: the server stopped" >&2; return 1; }
    sleep 0.1
  done
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
    setsid "$sluice" agent --server "$SLUICE_SERVER" --token "$token" --name "bench-$agent" --work "$folder/agent-$agent" \
      >"$folder/agent-$agent.log" 2>&1 </dev/null &
    groups+=($!)
  done
  python3 "$sluice_bench/measure.py" wait-agents --count "$agents" || status=$?
  [[ $status -ne 0 ]] || "$@" || status=$?
  if [[ $status -ne 0 ]]; then
    tail -n 20 "$folder"/*.log >&2
  fi
  stop_all
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

