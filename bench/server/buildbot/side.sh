#!/usr/bin/env bash
# The Buildbot side of bench/server: dispatch latency with 2 idle workers, then throughput with 4 workers, each on a
# fresh master (setup.sh), and one JSON line with both on standard output (the keys in bench/server/README.md).
# Tables and progress go to standard error.
#
#   bench/server/buildbot/side.sh [--db sqlite|postgresql] [--dispatch-count N] [--builds N] [--via rest|trigger]
#                                 [--skip-dispatch] [--skip-throughput]
#
#   --db               the master's database, default sqlite (see setup.sh)
#   --dispatch-count   builds measured one at a time, default 200 (after 10 warm-up builds)
#   --builds           builds for throughput, default 1000
#   --via              how the throughput builds are queued (measure.py throughput --via), default rest
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
db=sqlite dispatch_count=200 builds=1000 via=rest skip_dispatch=0 skip_throughput=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) db="${2:-}"; shift 2 ;;
    --dispatch-count) dispatch_count="${2:-}"; shift 2 ;;
    --builds) builds="${2:-}"; shift 2 ;;
    --via) via="${2:-}"; shift 2 ;;
    --skip-dispatch) skip_dispatch=1; shift ;;
    --skip-throughput) skip_throughput=1; shift ;;
    *) echo "usage: bench/server/buildbot/side.sh [--db sqlite|postgresql] [--dispatch-count N] [--builds N] [--via rest|trigger] [--skip-dispatch] [--skip-throughput]" >&2
       exit 2 ;;
  esac
done

lines=()
if [[ $skip_dispatch -eq 0 ]]; then
  lines+=("$(bash "$here/setup.sh" --workers 2 --db "$db" -- \
    python3 "$here/measure.py" dispatch --count "$dispatch_count")")
fi
if [[ $skip_throughput -eq 0 ]]; then
  lines+=("$(bash "$here/setup.sh" --workers 4 --db "$db" -- \
    python3 "$here/measure.py" throughput --builds "$builds" --via "$via")")
fi
printf '%s\n' '{"peer": "buildbot", "dispatch_p50_ms": null, "dispatch_p99_ms": null, "throughput_jobs_per_s": null}' \
  "${lines[@]}" | python3 "$here/measure.py" merge
