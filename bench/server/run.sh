#!/usr/bin/env bash
# Sluice's server beside Buildbot, in one run: dispatch latency (job ready -> first step started, agents idle) and
# throughput (1,000 trivial jobs from one trigger, 4 agents). Each round runs every side once, in turn; the table gives
# the medians over rounds. The contract each side follows is in bench/server/README.md.
#
#   bench/server/run.sh [--rounds N] [--throughput-rounds N] [--dispatch-count N] [--builds N]
#                       [--buildbot-db "postgresql sqlite"] [--buildbot-via rest|trigger] [--raw FILE]
#                       [--sluice-setups "sqlite postgresql postgresql:2"] [--skip-buildbot] [--skip-sluice]
#
#   --rounds N             rounds of dispatch latency, default 3
#   --throughput-rounds N  of those rounds, how many also measure throughput (the slow part), default 1
#   --dispatch-count N     jobs measured one at a time per round, default 200 (after 10 warm-up jobs)
#   --builds N             jobs for throughput, default 1000
#   --buildbot-db LIST     Buildbot's databases, each its own column: postgresql (what Buildbot's manual advises
#                          beyond small setups) and sqlite (its default); default "postgresql sqlite"
#   --buildbot-via HOW     rest (default): 1,000 force requests sent at once; trigger: one forced build whose
#                          Trigger step queues them all (slower on Buildbot; see the README)
#   --raw FILE             also keep every side's JSON line, tagged with its round, in FILE
#   --sluice-setups LIST   Sluice's setups, each its own column: sqlite (the default store), postgresql (one server on
#                          PostgreSQL), postgresql:N (N replicas on one database); default "sqlite postgresql
#                          postgresql:2". PostgreSQL is $SLUICE_DATABASE when set, else one that scripts/postgres.sh
#                          starts for the run on loopback (and stops at the end); each server start gets a fresh schema
#
# The Sluice side runs when bench/server/sluice/side.sh can (src/Sluice.Server exists and the side is written);
# otherwise it says why and the table has Buildbot alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds=3 throughput_rounds=1 dispatch_count=200 builds=1000 buildbot_dbs="postgresql sqlite" via=rest raw=""
sluice_setups="sqlite postgresql postgresql:2"
run_buildbot=1 run_sluice=1
usage="usage: bench/server/run.sh [--rounds N] [--throughput-rounds N] [--dispatch-count N] [--builds N] [--buildbot-db LIST] [--buildbot-via rest|trigger] [--raw FILE] [--sluice-setups LIST] [--skip-buildbot] [--skip-sluice]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="${2:-}"; shift 2 ;;
    --throughput-rounds) throughput_rounds="${2:-}"; shift 2 ;;
    --dispatch-count) dispatch_count="${2:-}"; shift 2 ;;
    --builds) builds="${2:-}"; shift 2 ;;
    --buildbot-db) buildbot_dbs="${2:-}"; shift 2 ;;
    --buildbot-via) via="${2:-}"; shift 2 ;;
    --raw) raw="${2:-}"; shift 2 ;;
    --sluice-setups) sluice_setups="${2:-}"; shift 2 ;;
    --skip-buildbot) run_buildbot=0; shift ;;
    --skip-sluice) run_sluice=0; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for number in "$rounds" "$dispatch_count" "$builds"; do
  [[ $number =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: expected a positive number, got '$number'" >&2; exit 2; }
done
[[ $throughput_rounds =~ ^[0-9]+$ ]] || { echo "run.sh: --throughput-rounds takes a number" >&2; exit 2; }
for db in $buildbot_dbs; do
  [[ $db == sqlite || $db == postgresql ]] || { echo "run.sh: --buildbot-db takes postgresql and/or sqlite" >&2; exit 2; }
done

needs_postgres=0
for setup in $sluice_setups; do
  [[ $setup == sqlite || $setup == postgresql || $setup =~ ^postgresql:[1-9][0-9]*$ ]] ||
    { echo "run.sh: --sluice-setups takes sqlite, postgresql and postgresql:N, not '$setup'" >&2; exit 2; }
  [[ $setup == sqlite ]] || needs_postgres=1
done

results=$(mktemp)
postgres_dir=""
cleanup() {
  rm -f "$results"
  [[ -z $postgres_dir ]] || bash "$here/../../scripts/postgres.sh" stop "$postgres_dir" || true
}
trap cleanup EXIT
sluice_database=${SLUICE_DATABASE:-}
if [[ $run_sluice -eq 1 && $needs_postgres -eq 1 && -z $sluice_database ]]; then
  postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-postgres.XXXXXX")
  sluice_database=$(bash "$here/../../scripts/postgres.sh" start "$postgres_dir") ||
    { echo "run.sh: could not start PostgreSQL for Sluice's PostgreSQL setups" >&2; exit 1; }
fi

# Runs one side and appends its JSON line, tagged with the round, to the results. A side that exits 3 cannot run here
# (it said why); it is skipped from then on.
sluice_available=$run_sluice
run_side() {
  local round=$1 label=$2 line status=0
  shift 2
  echo "== round $round/$rounds: $label ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  line=$("$@") || status=$?
  if [[ $status -eq 3 && $label == sluice* ]]; then
    sluice_available=0
    return 0
  fi
  [[ $status -eq 0 ]] || { echo "run.sh: the $label side failed (exit $status)" >&2; exit 1; }
  printf '%s\n' "$line" | python3 -c '
import json, sys
line = json.loads(sys.stdin.read())
line["round"] = int(sys.argv[1])
print(json.dumps(line))' "$round" >>"$results"
}

started=$(date +%s)
for round in $(seq 1 "$rounds"); do
  throughput=()
  [[ $round -le $throughput_rounds ]] || throughput=(--skip-throughput)
  if [[ $run_buildbot -eq 1 ]]; then
    for db in $buildbot_dbs; do
      run_side "$round" "buildbot ($db)" bash "$here/buildbot/side.sh" --db "$db" --dispatch-count "$dispatch_count" \
        --builds "$builds" --via "$via" "${throughput[@]}"
    done
  fi
  for setup in $sluice_setups; do
    [[ $sluice_available -eq 1 ]] || break
    if [[ $setup == sqlite ]]; then
      run_side "$round" "sluice (sqlite)" env -u SLUICE_DATABASE bash "$here/sluice/side.sh" \
        --dispatch-count "$dispatch_count" --builds "$builds" "${throughput[@]}"
    else
      replicas=1
      [[ $setup != *:* ]] || replicas=${setup#*:}
      run_side "$round" "sluice ($setup)" env SLUICE_DATABASE="$sluice_database" bash "$here/sluice/side.sh" \
        --dispatch-count "$dispatch_count" --builds "$builds" --replicas "$replicas" "${throughput[@]}"
    fi
  done
done
[[ $run_sluice -eq 0 || $sluice_available -eq 1 ]] || echo "run.sh: Sluice side not available yet" >&2
[[ -s $results ]] || { echo "run.sh: no side could run, so there are no figures" >&2; exit 1; }

[[ -z $raw ]] || cp "$results" "$raw"
echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(($(date +%s) - started)) s in all" >&2
python3 "$here/summarize.py" "$results"
