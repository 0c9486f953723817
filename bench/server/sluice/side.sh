#!/usr/bin/env bash
# The Sluice side of bench/server: the counterpart of bench/server/buildbot/side.sh, to be written with the server.
#
#   bench/server/sluice/side.sh [--dispatch-count N] [--builds N] [--skip-dispatch] [--skip-throughput]
#
# What it must do (bench/server/README.md has the whole contract):
#   dispatch     `sluice server` on 127.0.0.1 and 2 idle `sluice agent`s; a workflow with one job whose one step is
#                `run: true`; 10 warm-up runs, then --dispatch-count runs (default 200) one at a time, each started
#                100 ms after the previous run completed; per run, job ready (queued) -> its first step started, from
#                the server's own timestamps; nearest-rank p50 and p99 in ms.
#   throughput   a fresh server and 4 agents; one trigger of a workflow with --builds jobs (default 1000) of `run:
#                true`; jobs per second from the trigger request to the last job's completion.
#   output       one JSON line on standard output with at least
#                {"peer": "sluice", "dispatch_p50_ms": ..., "dispatch_p99_ms": ..., "throughput_jobs_per_s": ...}
#                (null for a part that was skipped), anything else as extra keys; tables and progress on standard
#                error. Everything listens on 127.0.0.1 and stops by itself (trap), as in buildbot/setup.sh.
#   exit 3       this side cannot run here; the message on standard error says why. run.sh then prints it and goes on.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"

measure_sluice() {
  echo "Sluice side not written yet: fill in measure_sluice in bench/server/sluice/side.sh" >&2
  exit 3
}

if [[ ! -d $root/src/Sluice.Server ]]; then
  echo "Sluice side not available yet (there is no src/Sluice.Server)" >&2
  exit 3
fi
measure_sluice "$@"
