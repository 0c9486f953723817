#!/usr/bin/env bash
# Issue 11's server capacity, Sluice alone: claim-and-complete cycles per second over the real HTTP protocol with
# simulated agents, and the server's memory with many idle agents connected. The server is `sluice server` (the Native
# AOT build of ./run.sh) on SQLite in a temporary folder on 127.0.0.1, or with SLUICE_DATABASE=postgres://... on
# PostgreSQL (a fresh schema of that database per server start); the agents are simulated by
# bench/Sluice.ServerCapacity (one JSON line of figures per measure on standard output, tables on standard error).
#
#   bench/server/capacity/run.sh [--agents K] [--seconds S] [--rounds R] [--idle-agents N] [--idle-seconds S]
#                                [--replicas N] [--skip-cycles] [--skip-memory]
#
#   --replicas N      N `sluice server` processes on one PostgreSQL database (needs SLUICE_DATABASE), default 1; the
#                     simulated agents are spread over them (agent k on replica k mod N); memory is the first replica's
#   --agents K        simulated agents claiming and completing, default 16
#   --seconds S       length of a round of cycles, default 10; --rounds R, default 3 (the median is reported); every
#                     round is run twice, without and with one log batch per job
#   --idle-agents N   agents holding a claim open for the memory measure, default 200, for --idle-seconds (default 30)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
agents=16 seconds=10 rounds=3 idle_agents=200 idle_seconds=30 skip_cycles=0 skip_memory=0 builds=1000 replicas=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agents) agents="${2:-}"; shift 2 ;;
    --seconds) seconds="${2:-}"; shift 2 ;;
    --rounds) rounds="${2:-}"; shift 2 ;;
    --idle-agents) idle_agents="${2:-}"; shift 2 ;;
    --idle-seconds) idle_seconds="${2:-}"; shift 2 ;;
    --replicas) replicas="${2:-}"; shift 2 ;;
    --skip-cycles) skip_cycles=1; shift ;;
    --skip-memory) skip_memory=1; shift ;;
    *) echo "usage: bench/server/capacity/run.sh [--agents K] [--seconds S] [--rounds R] [--idle-agents N] [--idle-seconds S] [--replicas N] [--skip-cycles] [--skip-memory]" >&2
       exit 2 ;;
  esac
done
[[ $replicas =~ ^[1-9][0-9]*$ ]] || { echo "capacity/run.sh: --replicas takes a positive number" >&2; exit 2; }
if [[ $replicas -gt 1 && -z ${SLUICE_DATABASE:-} ]]; then
  echo "capacity/run.sh: --replicas $replicas needs PostgreSQL: set SLUICE_DATABASE=postgres://..." >&2
  exit 2
fi
# shellcheck source=bench/server/sluice/lib.sh
source "$root/bench/server/sluice/lib.sh"

build_log=$(mktemp)
find_sluice "$build_log"
rm -f "$build_log"
echo "sluice: $build build ($sluice)" >&2
dotnet build "$root/bench/Sluice.ServerCapacity" -c Release --verbosity quiet -consoleLoggerParameters:NoSummary >&2
capacity="$root/bench/Sluice.ServerCapacity/bin/Release/net10.0/Sluice.ServerCapacity.dll"

# Runs the capacity program against the servers that with_sluice started.
capacity() {
  dotnet "$capacity" "$1" --server "${SLUICE_SERVERS// /,}" --token "$SLUICE_TOKEN" --pid "${SLUICE_SERVER_PIDS// /,}" "${@:2}"
}

echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${SLUICE_DATABASE:+PostgreSQL, }${SLUICE_DATABASE:-SQLite}, $replicas replica(s)" | sed -E 's#://[^:@/]*:[^@]*@#://***@#' >&2
if [[ $skip_cycles -eq 0 ]]; then
  with_sluice 0 capacity cycles --repo bench --workflow throughput.yml --agents "$agents" --seconds "$seconds" --rounds "$rounds"
  with_sluice 0 capacity cycles --repo bench --workflow throughput.yml --agents "$agents" --seconds "$seconds" --rounds "$rounds" --log-batch
fi
if [[ $skip_memory -eq 0 ]]; then
  with_sluice 0 capacity memory --agents "$idle_agents" --seconds "$idle_seconds"
fi
echo "== load $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
