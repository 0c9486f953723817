#!/usr/bin/env bash
# The Sluice side of bench/server: dispatch latency with 2 idle agents, then throughput with 4 agents, each on a fresh
# `sluice server` (SQLite in a temporary folder) with real `sluice agent` processes, and one JSON line with both on
# standard output (the keys in bench/server/README.md). Tables and progress go to standard error.
#
#   bench/server/sluice/side.sh [--dispatch-count N] [--builds N] [--replicas N] [--skip-dispatch] [--skip-throughput]
#
#   --replicas N       N `sluice server` processes on one PostgreSQL database, default 1 (more need SLUICE_DATABASE);
#                      the agents are spread over them and dispatch runs are triggered through each in turn
#
# With SLUICE_DATABASE=postgres://... the servers keep their records in a fresh schema of that database (lib.sh); the
# JSON line's "config" says which store and how many replicas (sqlite, postgresql, postgresql x2).
#   --dispatch-count   runs measured one at a time, default 200 (after 10 warm-up runs)
#   --builds           jobs for throughput, default 1000 (a multiple of 250 uses 250-leg matrices; any other number
#                      is that many plain jobs)
#
# sluice is the Native AOT build that ./run.sh makes (artifacts/sluice/sluice), built first when stale; when Native AOT
# cannot be built here, run.sh's normal build (artifacts/sluice-jit). The JSON line says which in "build".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
dispatch_count=200 builds=1000 skip_dispatch=0 skip_throughput=0 replicas=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dispatch-count) dispatch_count="${2:-}"; shift 2 ;;
    --builds) builds="${2:-}"; shift 2 ;;
    --replicas) replicas="${2:-}"; shift 2 ;;
    --skip-dispatch) skip_dispatch=1; shift ;;
    --skip-throughput) skip_throughput=1; shift ;;
    *) echo "usage: bench/server/sluice/side.sh [--dispatch-count N] [--builds N] [--replicas N] [--skip-dispatch] [--skip-throughput]" >&2
       exit 2 ;;
  esac
done
for number in "$dispatch_count" "$builds" "$replicas"; do
  [[ $number =~ ^[1-9][0-9]*$ ]] || { echo "side.sh: expected a positive number, got '$number'" >&2; exit 2; }
done

if [[ ! -d $root/src/Sluice.Server ]]; then
  echo "Sluice side not available yet (there is no src/Sluice.Server)" >&2
  exit 3
fi

# shellcheck source=bench/server/sluice/lib.sh
source "$here/lib.sh"

measure_sluice() {
  local build_log lines=()
  build_log=$(mktemp)
  find_sluice "$build_log"
  rm -f "$build_log"
  echo "sluice: $build build ($sluice)${agent_sluice:+, agents $agent_sluice}, ${SLUICE_DATABASE:+PostgreSQL }${SLUICE_DATABASE:-SQLite}, $replicas replica(s)" | sed -E 's#://[^:@/]*:[^@]*@#://***@#' >&2
  local config=sqlite
  [[ -z ${SLUICE_DATABASE:-} ]] || config=postgresql
  [[ $replicas -eq 1 ]] || config="$config x$replicas"
  if [[ $skip_dispatch -eq 0 ]]; then
    lines+=("$(with_sluice 2 python3 "$here/measure.py" dispatch --count "$dispatch_count")")
  fi
  if [[ $skip_throughput -eq 0 ]]; then
    lines+=("$(with_sluice 4 python3 "$here/measure.py" throughput --builds "$builds")")
  fi
  printf '%s\n' "{\"peer\": \"sluice\", \"config\": \"$config\", \"build\": \"$build\", \"dispatch_p50_ms\": null, \"dispatch_p99_ms\": null, \"throughput_jobs_per_s\": null}" \
    "${lines[@]}" | python3 "$here/../buildbot/measure.py" merge
}

measure_sluice
