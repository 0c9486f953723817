#!/usr/bin/env bash
# Peer benchmarks against GitHub's TypeScript implementations (npm packages).
# Installs the locked packages once (npm ci) when node_modules is missing; the benches
# themselves need no network. Prints one JSON line per benchmark on stdout.
#
# usage: bench/npm/run.sh [--seconds S] [--warmup S]     (passed to every bench; default 5 / 1)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
inputs="../inputs"   # relative to bench/npm, where the benches run
cd "$here"

if [ ! -d node_modules/@actions/workflow-parser ] || [ ! -d node_modules/@actions/expressions ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

node workflow-bench.mjs "$@" "$inputs/conformance-workflows"
node workflow-bench.mjs "$@" "$inputs/large-workflow.yml"
node expression-bench.mjs "$@" "$inputs/expressions.json"
