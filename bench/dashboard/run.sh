#!/usr/bin/env bash
# The dashboard's budgets (issue 13) in headless Chromium against a real `sluice server` and agent:
#   bench/dashboard/run.sh [--sluice PATH] [--runs N] [--rounds N] [--log-lines N] [--live-lines N]
# PATH is the sluice binary to measure (default: Native AOT, published here with bench/publish-cli.sh); Chromium is
# Debian's (/usr/bin/chromium, installed by test.sh). Prints a Markdown table: median, min and max over rounds, and
# whether each median is within its budget.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
sluice=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sluice) sluice="${2:?}"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ -z "$sluice" ]]; then
  out="$root/artifacts/bench-dashboard"
  mkdir -p "$out"
  bench/publish-cli.sh "$out"
  sluice="$out/cli/sluice"
  [[ -x "$sluice" ]] || sluice="$out/cli/sluice.dll"
fi
dotnet build bench/Sluice.DashboardBudget -c Release -v quiet -nologo >/dev/null
dotnet bench/Sluice.DashboardBudget/bin/Release/net10.0/Sluice.DashboardBudget.dll --sluice "$sluice" "${args[@]}"
