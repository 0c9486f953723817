#!/usr/bin/env bash
# Whole-process timing of `sluice validate ONE_FILE`: publishes the CLI with Native AOT (falls back to a
# plain Release publish, and says so, when AOT fails), then times it with hyperfine, next to node running
# GitHub's parser on the same file (npm-validate-one.mjs). Prints median and mean ms for each.
#
# usage: bench/process/run.sh [--runs N] [--file WORKFLOW] [--out DIR] [--no-publish]
#   --runs N      timed runs per command, default 30 (after 3 warm-up runs)
#   --file F      default bench/inputs/conformance-workflows/job-basic.yml (valid, 1 job)
#   --out DIR     publish folder and hyperfine JSON, default artifacts/bench-process
#   --no-publish  reuse the CLI already published in DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=30 file="bench/inputs/conformance-workflows/job-basic.yml" out="artifacts/bench-process" publish=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --file) file="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-publish) publish=0; shift ;;
    *) echo "usage: bench/process/run.sh [--runs N] [--file WORKFLOW] [--out DIR] [--no-publish]" >&2; exit 2 ;;
  esac
done
cd "$root"
mkdir -p "$out"
bin="$out/cli/sluice"

if [ "$publish" = 1 ]; then
  bash bench/publish-cli.sh "$out"
fi
[ -x "$bin" ] || { echo "no CLI at $bin; run without --no-publish" >&2; exit 1; }
mode="$(cat "$out/cli/.mode" 2>/dev/null || echo unknown)"

if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine..." >&2
  apt-get install -y hyperfine >&2 || { apt-get update -q >&2 && apt-get install -y hyperfine >&2; }
fi
if [ ! -d bench/npm/node_modules/@actions/workflow-parser ]; then
  (cd bench/npm && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# Both must accept the file, or hyperfine would time the error path.
"$bin" validate "$file" >/dev/null
node bench/process/npm-validate-one.mjs "$file" >/dev/null

hyperfine --warmup 3 --runs "$runs" --style basic --export-json "$out/hyperfine.json" \
  -n "sluice validate ($mode)" "$bin validate $file" \
  -n "node @actions/workflow-parser" "node bench/process/npm-validate-one.mjs $file" >&2

node - "$out/hyperfine.json" "$file" "$runs" <<'JS'
const [json, file, runs] = process.argv.slice(2);
const { results } = JSON.parse(require("node:fs").readFileSync(json, "utf8"));
const ms = s => (s * 1000).toFixed(1);
console.log(`file: ${file}, ${runs} runs each (3 warm-up)`);
console.log("| command | median ms | mean ms | stddev ms | min ms | max ms |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of results) console.log(`| ${r.command} | ${ms(r.median)} | ${ms(r.mean)} | ${ms(r.stddev)} | ${ms(r.min)} | ${ms(r.max)} |`);
JS
