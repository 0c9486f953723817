#!/usr/bin/env bash
# Whole-process peak memory and time of `sluice gate` and `sluice report --format json` on large generated reports,
# beside the npm peers doing the read in node (fast-xml-parser on JUnit, lcov-parse on lcov), in one run, interleaved.
#
# Every measurement is one fresh process under /usr/bin/time: wall seconds, CPU seconds (user + system) and maximum
# resident set size. The gate runs with history: each round records into a fresh copy of a history that already
# holds --prefill earlier runs of the same report (so the flaky window and new failures have runs to read).
#
# usage: bench/memory/run.sh [--rounds N] [--prefill N] [--no-publish] [--before DIR] [--no-big] [--keep] [--out DIR]
#   --rounds N      interleaved rounds, default 2
#   --prefill N     earlier runs in the history before a measured gate run, default 3 (1 for the 1 GiB file)
#   --no-publish    reuse OUT/cli instead of publishing src/Sluice.Cli again (bench/publish-cli.sh)
#   --before DIR    also measure DIR/sluice (a publish of an earlier commit) in the same rounds, for before/after
#   --no-big        skip the 1 GiB JUnit file and the 512 MiB lcov file
#   --keep          keep the generated reports in OUT/inputs (reused by the next run)
#   --out DIR       where everything goes, default artifacts/bench-memory
# Prints one line per measurement and a table of medians. About 12 minutes with the defaults on a 2-core machine.
#
# The npm peers read and count only (bench/reports/measure.mjs, cold, without warm-up): what a gate does before it
# judges. Their line shares the gate scenario's name so that the table puts them side by side.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds=2 prefill=3 publish=1 before="" big=1 keep=0 out="$root/artifacts/bench-memory"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --prefill) prefill="$2"; shift 2 ;;
    --no-publish) publish=0; shift ;;
    --before) before="$(cd "$2" && pwd)"; shift 2 ;;
    --no-big) big=0; shift ;;
    --keep) keep=1; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/memory/run.sh [--rounds N] [--prefill N] [--no-publish] [--before DIR] [--no-big] [--keep] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
mkdir -p "$out/inputs"
out="$(cd "$out" && pwd)"
inputs="$out/inputs" results="$out/results.tsv"
command -v /usr/bin/time >/dev/null || { echo "bench/memory: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
cleanup() { if [ "$keep" = 0 ]; then rm -rf "$inputs"; fi; }
trap cleanup EXIT

if [ ! -d bench/reports/node_modules/fast-xml-parser ] || [ ! -d bench/reports/node_modules/lcov-parse ]; then
  echo "npm ci in bench/reports..." >&2
  (cd bench/reports && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
if [ "$publish" = 1 ]; then bash bench/publish-cli.sh "$out"; fi
echo "sluice under test: $(cat "$out/cli/.mode") build in $out/cli" >&2

# Deterministic inputs (fixed seed): an existing file of the same name is reused.
generate() { # kind mib file
  if [ ! -s "$3" ]; then node bench/reports/generate.mjs --kind "$1" --mb "$2" --out "$3" >&2; fi
}
generate junit 100 "$inputs/junit-100mb.xml"
generate lcov 50 "$inputs/lcov-50mb.info"
if [ "$big" = 1 ]; then
  generate junit 1024 "$inputs/junit-1gb.xml"
  generate lcov 512 "$inputs/lcov-512mb.info"
fi

# The gate runs in a git repository of one commit, so that it records history (commit, tree, branch main).
repo="$out/repo"
if [ ! -d "$repo/.git" ]; then
  mkdir -p "$repo"
  git -C "$repo" init -q -b main
  echo "bench" >"$repo/README.md"
  git -C "$repo" add README.md
  git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -q -m "bench"
fi

tools=(after)
declare -A binary=([after]="$out/cli/sluice")
if [ -n "$before" ]; then tools=(before after); binary[before]="$before/sluice"; fi

# One measured process: scenario tool round command... ; appends a line to results.tsv and prints it.
measure() {
  local scenario="$1" tool="$2" round="$3"; shift 3
  local timing="$out/time.txt" status=0
  (cd "$repo" && /usr/bin/time -o "$timing" -f "%e %U %S %M" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt") || status=$?
  read -r wall user sys rss_kb <"$timing"
  # The npm side says in its JSON line when node could not read the file (a string over 512 MiB).
  if grep -q '"ok":false' "$out/stdout.txt"; then status="failed"; fi
  local bytes; bytes=$(stat -c %s "$out/stdout.txt")
  local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\n' "$scenario" "$tool" "$round" "$wall" "$cpu" "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" "$status" "$bytes" | tee -a "$results"
}

# A history holding `count` earlier gate runs of `report`, made once per tool, scenario and count.
prefilled() { # tool report condition count -> path
  local path="$out/history-$1-$(basename "$2")-$4.db"
  if [ ! -s "$path" ]; then
    rm -f "$path" "$path-wal" "$path-shm"
    for _ in $(seq 1 "$4"); do
      (cd "$repo" && "${binary[$1]}" gate "$2" -c "$3" --history "$path" >/dev/null) || true
    done
  fi
  echo "$path"
}

gate_with_history() { # scenario tool round report condition count
  local history; history=$(prefilled "$2" "$4" "$5" "$6")
  local scratch="$out/history-scratch.db"
  rm -f "$scratch" "$scratch-wal" "$scratch-shm"
  cp "$history" "$scratch"
  measure "$1" "$2" "$3" "${binary[$2]}" gate "$4" -c "$5" --history "$scratch"
  rm -f "$scratch" "$scratch-wal" "$scratch-shm"
}

printf 'scenario\ttool\tround\twall_s\tcpu_s\tpeak_rss_mb\texit\tstdout_bytes\n' >"$results"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ { print $2 }') GB; load at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$rounds"); do
  for tool in "${tools[@]}"; do
    gate_with_history gate-junit-100mb-history "$tool" "$round" "$inputs/junit-100mb.xml" "tests.total > 0" "$prefill"
    measure gate-junit-100mb-no-history "$tool" "$round" "${binary[$tool]}" gate "$inputs/junit-100mb.xml" -c "tests.total > 0" --no-history
    gate_with_history gate-lcov-50mb-history "$tool" "$round" "$inputs/lcov-50mb.info" "coverage.line > 0" "$prefill"
    measure report-json-junit-100mb "$tool" "$round" "${binary[$tool]}" report --format json "$inputs/junit-100mb.xml"
    measure report-json-lcov-50mb "$tool" "$round" "${binary[$tool]}" report --format json "$inputs/lcov-50mb.info"
  done
  measure gate-junit-100mb-history fast-xml-parser "$round" node "$root/bench/reports/measure.mjs" --reader fxp-junit --file "$inputs/junit-100mb.xml"
  measure gate-lcov-50mb-history lcov-parse "$round" node "$root/bench/reports/measure.mjs" --reader lcov-parse --file "$inputs/lcov-50mb.info"
done

# The 1 GiB JUnit file and a 512 MiB lcov file: after only (the code before this work needs about 4 GB and minutes
# for the first), one round.
if [ "$big" = 1 ]; then
  gate_with_history gate-junit-1gb-history after 1 "$inputs/junit-1gb.xml" "tests.total > 0" 1
  measure report-json-junit-1gb after 1 "${binary[after]}" report --format json "$inputs/junit-1gb.xml"
  measure report-json-lcov-512mb after 1 "${binary[after]}" report --format json "$inputs/lcov-512mb.info"
  measure gate-junit-1gb-history fast-xml-parser 1 node --max-old-space-size=16384 "$root/bench/reports/measure.mjs" --reader fxp-junit --file "$inputs/junit-1gb.xml"
fi
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

node "$here/table.mjs" "$results"
