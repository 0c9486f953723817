#!/usr/bin/env bash
# Restores, builds and runs every test, prints the conformance counts, and ends with one line: "N passed, N failed".
# Exits non-zero when any test fails (or nothing could be run).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
require_dotnet
require_npm
command -v git >/dev/null 2>&1 || ensure_apt_packages git || true
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Each phase says when it starts, so a log cut short shows where the time went.
progress() {
  echo "test.sh: $(date -u +%H:%M:%S) $*"
}

progress "restoring and building"
dotnet restore Sluice.slnx --verbosity quiet
dotnet build Sluice.slnx --no-restore --verbosity quiet -consoleLoggerParameters:NoSummary

# The container tests run against a real Docker-compatible engine: podman's API service, started (once) on a unix socket.
# Its endpoint comes through a file, not $(...): a process the script leaves running (the service) can then never keep
# this script waiting for the end of its output; and the set-up is bounded.
progress "setting up the container engine"
engine_file="$results/container-engine"
engine_status=0
timeout --kill-after=30 1200 scripts/container-engine.sh </dev/null >"$engine_file" || engine_status=$?
if [[ $engine_status -ne 0 ]]; then
  echo "test.sh: scripts/container-engine.sh failed (exit $engine_status; 124 is a timeout after 20 minutes): the container tests will fail and say why" >&2
fi
export SLUICE_TEST_DOCKER_HOST="$(head -n 1 "$engine_file")"

# The storage tests run against a real PostgreSQL too (scripts/postgres.sh): started here on loopback in a folder of
# its own, its URL in SLUICE_TEST_POSTGRES, stopped when this script ends however it ends; its start is bounded.
progress "starting PostgreSQL"
export SLUICE_POSTGRES_DIR="${SLUICE_POSTGRES_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sluice-test-postgres.XXXXXX")}"
trap 'timeout --kill-after=10 90 scripts/postgres.sh stop "$SLUICE_POSTGRES_DIR" </dev/null || true' EXIT
postgres_file="$results/postgres-url"
postgres_status=0
timeout --kill-after=30 600 scripts/postgres.sh start "$SLUICE_POSTGRES_DIR" </dev/null >"$postgres_file" || postgres_status=$?
if [[ $postgres_status -ne 0 ]]; then
  echo "test.sh: scripts/postgres.sh failed (exit $postgres_status; 124 is a timeout after 10 minutes): the PostgreSQL tests will fail and say why" >&2
fi
export SLUICE_TEST_POSTGRES="$(head -n 1 "$postgres_file")"

# The container image of deploy/container (a Debian base made with mmdebstrap, the Native AOT binary) is built here,
# before the tests, so that its minutes of publishing do not compete with tests that run in parallel; its test then
# finds it built (the script builds only what changed). A failure here is reported by that test.
progress "building the container image"
image_status=0
timeout --kill-after=30 1800 deploy/container/build-image.sh </dev/null >"$results/container-image.log" 2>&1 || image_status=$?
if [[ $image_status -ne 0 ]]; then
  echo "test.sh: deploy/container/build-image.sh failed (exit $image_status; 124 is a timeout after 30 minutes; log: $results/container-image.log): the image test will fail and say why" >&2
fi

# The dashboard's browser tests drive Debian's Chromium (a browser download cannot work on these machines), with fonts
# so that pages and their screenshots show text.
progress "installing the browser"
ensure_apt_packages chromium fonts-dejavu-core fonts-liberation </dev/null ||
  echo "test.sh: chromium could not be installed: the dashboard's browser tests will fail and say why" >&2
# promtool (Debian's prometheus package) checks and unit-tests deploy/monitoring's alerting rules and dashboard queries.
ensure_apt_packages prometheus </dev/null ||
  echo "test.sh: prometheus could not be installed: the monitoring tests will fail and say why" >&2

# A test that hangs is stopped after 20 minutes and named (the blame collector's Sequence file), and the run goes on.
progress "running the tests"
status=0
dotnet test Sluice.slnx --no-build --results-directory "$results" \
  --logger "console;verbosity=minimal" --logger trx --collect:"XPlat Code Coverage" \
  --blame-hang-timeout 20m --blame-hang-dump-type none || status=$?
progress "tests finished"

shopt -s nullglob
trx_files=("$results"/*.trx)
if [[ ${#trx_files[@]} -eq 0 ]]; then
  echo "test.sh: no test results were written to $results" >&2
  echo "0 passed, 0 failed"
  exit 1
fi

echo
# The conformance suites print their counts to standard output, which the TRX files keep.
grep -ho '[A-Za-z]* conformance: [^<&]*' "${trx_files[@]}" | sort -u || true

# Sluice judges its own results: its quality gate (.sluice/gate.yml) over its own TRX and coverage reports.
gate_status=0
echo
dotnet src/Sluice.Cli/bin/Debug/net10.0/sluice.dll gate "$results/*.trx" "$results/**/coverage.cobertura.xml" \
  --gate .sluice/gate.yml --markdown "$root/artifacts/gate.md" --junit "$root/artifacts/gate.xml" || gate_status=$?
echo

read -r passed failed < <(scripts/trx-counts.sh "${trx_files[@]}")
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "test.sh: dotnet test exited with $status though no recorded test failed: a test project could not run (see above)" >&2
fi
echo "$passed passed, $failed failed"

if [[ $status -ne 0 || $failed -ne 0 || ( $gate_status -ne 0 && $gate_status -ne 3 ) ]]; then
  exit 1
fi
