#!/usr/bin/env bash
# Sluice against GitHub's TypeScript implementations, side by side in one run.
# Builds bench/Sluice.Benchmarks (Release), then runs the npm peer benches (bench/npm/run.sh) and
# Sluice's --compare mode back to back, interleaved (npm, sluice, npm, sluice, ...), and prints a
# table of medians with the ratio for: conformance workflows, large workflow, expression
# parse+eval and expression eval-only.
#
# usage: bench/run.sh [--rounds N] [--seconds S] [--warmup S] [--raw FILE]
#   --rounds N   interleaved rounds, default 2
#   --seconds S  measured time per benchmark and side, default 3 (passed to both sides; the npm
#                large-workflow bench runs at least 3 passes of ~3 s whatever S is)
#   --warmup S   warm-up per benchmark and side, default 1
#   --raw FILE   also keep every JSON line (tagged with its round) in FILE
# Takes about 2 minutes with the defaults on an idle 2-core machine (more when the cores are shared).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=2 seconds=3 warmup=1 raw=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --raw) raw="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--rounds N] [--seconds S] [--warmup S] [--raw FILE]" >&2; exit 2 ;;
  esac
done
cd "$root"

# Other projects may be mid-build in the same tree: retry a failed build a few times before giving up.
build() {
  for attempt in 1 2 3; do
    if dotnet build bench/Sluice.Benchmarks -c Release -v quiet -nologo >&2; then return 0; fi
    echo "build failed (attempt $attempt); retrying in 20 s" >&2
    sleep 20
  done
  return 1
}
echo "building bench/Sluice.Benchmarks (Release)..." >&2
build
sluice_dll="$root/bench/Sluice.Benchmarks/bin/Release/net10.0/Sluice.Benchmarks.dll"

lines="$(mktemp)"
trap 'rm -f "$lines"' EXIT
tag() { sed "s/^{/{\"round\":$1,\"side\":\"$2\",/"; }
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds: npm..." >&2
  bash bench/npm/run.sh --seconds "$seconds" --warmup "$warmup" | tag "$round" npm >>"$lines"
  echo "round $round/$rounds: sluice..." >&2
  dotnet "$sluice_dll" --compare --seconds "$seconds" --warmup "$warmup" | tag "$round" sluice >>"$lines"
done
[ -n "$raw" ] && cp "$lines" "$raw"

node - "$lines" <<'JS'
const fs = require("node:fs");
const rows = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map(l => JSON.parse(l));
const median = xs => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
// Each measure: which line, its median ms per pass, and its throughput (unit per second).
const measures = [
  ["conformance workflows (130 files)", r => r.input?.includes("conformance"), r => r.median_ms_per_pass, r => r.files_per_second, "files/s"],
  ["large workflow (2 MB, 500 jobs)", r => r.input?.includes("large-workflow"), r => r.median_ms_per_pass, r => r.mb_per_second, "MB/s"],
  ["expressions parse+eval (940)", r => "cases" in r, r => r.parse_and_eval.median_ms_per_pass, r => r.parse_and_eval_per_second, "exprs/s"],
  ["expressions eval-only (940)", r => "cases" in r, r => r.eval.median_ms_per_pass, r => r.evaluations_per_second, "evals/s"],
];
const fmt = x => x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(3);
const side = (s, pick) => rows.filter(r => r.side === s && pick(r));
const table = [["measure", "npm ms/pass", "sluice ms/pass", "npm throughput", "sluice throughput", "sluice/npm"]];
for (const [name, pick, ms, tp, unit] of measures) {
  const n = side("npm", pick), c = side("sluice", pick);
  if (!n.length || !c.length) { table.push([name, "-", "-", "-", "-", "missing"]); continue; }
  const nMs = median(n.map(ms)), cMs = median(c.map(ms));
  table.push([name, fmt(nMs), fmt(cMs), `${fmt(median(n.map(tp)))} ${unit}`, `${fmt(median(c.map(tp)))} ${unit}`, `${(nMs / cMs).toFixed(2)}x`]);
}
const widths = table[0].map((_, i) => Math.max(...table.map(r => r[i].length)));
const line = r => "| " + r.map((c, i) => i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])).join(" | ") + " |";
console.log(line(table[0]));
console.log("|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 1) : "-".repeat(w + 1) + ":")).join("|") + "|");
for (const r of table.slice(1)) console.log(line(r));
const rounds = new Set(rows.map(r => r.round)).size;
console.log(`\nMedians of ${rounds} interleaved round(s); each round's figure is the median ms per pass (throughput: work / sum of timed passes).`);
console.log("sluice/npm = npm median ms per pass / sluice median ms per pass (above 1x: Sluice is faster).");
const npmWf = rows.find(r => r.side === "npm" && r.input?.includes("conformance")), slWf = rows.find(r => r.side === "sluice" && r.input?.includes("conformance"));
if (npmWf && slWf) console.log(`files with errors in the conformance set: npm ${npmWf.files_with_errors}, sluice ${slWf.files_with_errors}`);
const ex = rows.find(r => r.side === "sluice" && "cases" in r);
if (ex) console.log(`sluice expression cases rejected: ${ex.parse_failures} at parse, ${ex.evaluation_failures} at evaluation`);
const rt = s => rows.find(r => r.side === s)?.runtime;
console.log(`runtimes: ${rt("npm")}, ${rt("sluice")}`);
JS
