#!/usr/bin/env bash
# Report reading: Sluice's streaming readers (JUnit, Cobertura, lcov) against widely used npm readers on the same
# generated files, in one run: junit2json and fast-xml-parser on JUnit, fast-xml-parser on Cobertura, lcov-parse on
# lcov. Then Sluice alone on a 1 GB JUnit file for the memory target (and one attempt of the npm readers on it).
#
# Every measurement is a fresh process (node bench/reports/measure.mjs, or Sluice.Benchmarks --reports) that reads
# a 256 KiB file of the same kind to warm up (for 1 s and at least 40 times), then the large file once, and prints one JSON line: wall time of the read,
# MB/s, the counts it found (test cases / lines, so the work is used and both sides can be checked) and the process's
# peak RSS (VmHWM). Rounds are interleaved (per file: npm, sluice; then the next round); the table shows medians.
#
# usage: bench/reports/run.sh [--mb N] [--big-mb N] [--rounds N] [--no-big] [--breakdown] [--keep] [--raw FILE]
#   --mb N       size of each throughput file in MiB, default 32 (the npm readers take minutes at 100)
#   --big-mb N   size of the large JUnit file for the memory target, default 1024
#   --rounds N   interleaved rounds, default 2
#   --no-big     skip the large JUnit file
#   --breakdown  also time a bare XmlReader / newline count on each file (where Sluice's time goes)
#   --keep       keep the generated files in artifacts/bench-reports/ (reused by the next run)
#   --raw FILE   also keep every JSON line (tagged with its round) in FILE
# Takes about 4 minutes with the defaults on a 2-core machine (node's readers are most of it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mb=32 big_mb=1024 rounds=2 big=1 breakdown=0 keep=0 raw=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb="$2"; shift 2 ;;
    --big-mb) big_mb="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --no-big) big=0; shift ;;
    --breakdown) breakdown=1; shift ;;
    --keep) keep=1; shift ;;
    --raw) raw="$2"; shift 2 ;;
    *) echo "usage: bench/reports/run.sh [--mb N] [--big-mb N] [--rounds N] [--no-big] [--breakdown] [--keep] [--raw FILE]" >&2; exit 2 ;;
  esac
done
cd "$root"
data="$root/artifacts/bench-reports"
mkdir -p "$data"
lines="$(mktemp)"
generated=()
cleanup() {
  rm -f "$lines"
  if [ "$keep" = 0 ] && [ ${#generated[@]} -gt 0 ]; then rm -f "${generated[@]}"; fi
}
trap cleanup EXIT

if [ ! -d "$here/node_modules/junit2json" ] || [ ! -d "$here/node_modules/fast-xml-parser" ] || [ ! -d "$here/node_modules/lcov-parse" ]; then
  echo "npm ci in bench/reports..." >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# Generated files are deterministic (fixed seed): an existing file of the same name is reused.
declare -A warm file
generate() { # kind mb variable: generates artifacts/bench-reports/KIND-MBmb.KIND unless there, sets variable to its path
  local path="$data/$1-$2mb.$1"
  if [ ! -s "$path" ]; then node "$here/generate.mjs" --kind "$1" --mb "$2" --out "$path" >&2; fi
  generated+=("$path")
  printf -v "$3" '%s' "$path"
}
for kind in junit cobertura lcov; do
  generate "$kind" 0.25 "warm[$kind]"
  generate "$kind" "$mb" "file[$kind]"
done

build() {
  # Other projects may be mid-build in the same tree: retry a failed build a few times before giving up.
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

# node gets a 16 GB heap limit so that a large file fails only where node itself must (string length), not on
# V8's default heap limit.
npm_read() { node --max-old-space-size=16384 "$here/measure.mjs" --reader "$1" --file "$2" --warmup-file "$3" || true; }
sluice_read() { dotnet "$sluice_dll" --reports --kind "$1" --file "$2" --warmup-file "$3" "${@:4}" || true; }
tag() { sed "s/^{/{\"round\":$1,/"; }

declare -A npm_readers=([junit]="junit2json fxp-junit" [cobertura]="fxp-cobertura" [lcov]="lcov-parse")
for round in $(seq 1 "$rounds"); do
  for kind in junit cobertura lcov; do
    for reader in ${npm_readers[$kind]}; do
      echo "round $round/$rounds: $kind, npm $reader..." >&2
      npm_read "$reader" "${file[$kind]}" "${warm[$kind]}" | tag "$round" >>"$lines"
    done
    echo "round $round/$rounds: $kind, sluice..." >&2
    sluice_read "$kind" "${file[$kind]}" "${warm[$kind]}" | tag "$round" >>"$lines"
  done
done

if [ "$breakdown" = 1 ]; then
  for kind in junit cobertura lcov; do
    echo "breakdown: $kind, bare reader..." >&2
    sluice_read "$kind" "${file[$kind]}" "${warm[$kind]}" --baseline | tag 0 >>"$lines"
  done
fi

if [ "$big" = 1 ]; then
  generate junit "$big_mb" big_file
  echo "large file: sluice junit on $big_mb MiB..." >&2
  sluice_read junit "$big_file" "${warm[junit]}" | sed 's/^{/{"round":0,"big":true,/' >>"$lines"
  for reader in junit2json fxp-junit; do
    echo "large file: npm $reader on $big_mb MiB (expected to fail: node strings stop at 512 MiB)..." >&2
    npm_read "$reader" "$big_file" "${warm[junit]}" | sed 's/^{/{"round":0,"big":true,/' >>"$lines"
  done
fi
[ -n "$raw" ] && cp "$lines" "$raw"

node "$here/table.mjs" "$lines"
