#!/usr/bin/env bash
# The cost of orchestration: `sluice run` on a generated 200-job workflow (10 layers of 20, 2-3 needs per
# job, one `run: true` step each) against `make -j` on the same graph (generate.py), at the same
# parallelism. Both start one `bash --noprofile --norc -eo pipefail -c true` per job. Rounds are
# interleaved (make, sluice, make, sluice, ...) after one untimed warm-up of each; each command runs under
# /usr/bin/time -v for wall time, CPU time (user + system, its children included) and peak RSS. sluice removes
# its run folder with a detached rm after it exits; every timed command first waits until the previous sluice
# run's folders are gone, so that no command shares the machine with that clean-up. Prints per-round figures,
# medians, the ratio sluice/make and the overhead per job, then (unless --no-diagnose) where Sluice's time goes,
# from its JSON events.
#
# usage: bench/orchestration/run.sh [--rounds N] [--parallel P] [--layers L] [--width W] [--out DIR] [--no-publish] [--no-diagnose]
#   --rounds N      timed rounds of each side, default 5
#   --parallel P    make -j P and sluice run --parallel P, default nproc
#   --layers/--width  the graph's shape, default 10 x 20 = 200 jobs
#   --out DIR       CLI publish folder, generated repository and logs, default artifacts/bench-orchestration
#   --no-publish    reuse the CLI already in DIR/cli
#   --no-diagnose   skip the --format json and --parallel 1 runs after the timed rounds
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=5 parallel="$(nproc)" layers=10 width=20 out="artifacts/bench-orchestration" publish=1 diagnose=1
usage="usage: bench/orchestration/run.sh [--rounds N] [--parallel P] [--layers L] [--width W] [--out DIR] [--no-publish] [--no-diagnose]"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --parallel) parallel="$2"; shift 2 ;;
    --layers) layers="$2"; shift 2 ;;
    --width) width="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-publish) publish=0; shift ;;
    --no-diagnose) diagnose=0; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
cd "$root"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
bin="$out/cli/sluice"
jobs=$((layers * width))

if [ ! -x /usr/bin/time ]; then
  echo "installing time (for /usr/bin/time -v)..." >&2
  apt-get install -y time >&2 || { apt-get update -q >&2 && apt-get install -y time >&2; }
fi

if [ "$publish" = 1 ]; then
  bash bench/publish-cli.sh "$out"
fi
[ -x "$bin" ] || { echo "no CLI at $bin; run without --no-publish" >&2; exit 1; }
mode="$(cat "$out/cli/.mode" 2>/dev/null || echo unknown)"

# The real interpreter, not a version manager's shim (a shim's start-up would skew timeline.py's clock).
py="$(python3 -c 'import sys; print(sys.executable)')"

repo="$out/repo"
rm -rf "$repo"
"$py" bench/orchestration/generate.py "$repo" --layers "$layers" --width "$width"

# sluice names its run folder (under $TMPDIR/sluice-runs) and its scratch folder (under /dev/shm/sluice-scratch) after
# its pid, and removes both with a detached rm after it exits. Each timed command runs through `sh -c 'echo $$ ...;
# exec ...'` (make too, for the same cost), so the next command can wait until the last one's folders are gone:
# no command shares the machine with the previous one's clean-up, and other users' runs are not waited for.
pid_file="$out/pid.txt"
: >"$pid_file"
wait_for_cleanup() {
  local pid i
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] || return 0
  for i in $(seq 1200); do
    compgen -G "${TMPDIR:-/tmp}/sluice-runs/*-$pid" >/dev/null || compgen -G "/dev/shm/sluice-scratch/*-${pid}_*" >/dev/null || return 0
    sleep 0.05
  done
  echo "warning: the clean-up of sluice run $pid did not finish within 60 s" >&2
}

# One measured command: prints "WALL_SECONDS MAX_RSS_KB CPU_SECONDS" from /usr/bin/time -v; its own output goes to
# LOG. ru_maxrss is the largest single process waited for (make or sluice itself here, not a sum with the shells);
# CPU is user + system time of the command and all its children (every bash included).
measure() {
  local log="$1"; shift
  local tv="$out/time.txt"
  wait_for_cleanup
  if ! (cd "$repo" && /usr/bin/time -v -o "$tv" sh -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "$@" >"$log" 2>&1); then
    echo "FAILED: $* (log: $log)" >&2; tail -n 20 "$log" >&2; exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /User time \(seconds\)/ { cpu += $2 }
    /System time \(seconds\)/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %d %.2f\n", wall, rss, cpu }' "$tv"
}

make_cmd=(make -j "$parallel" -f Makefile all)
sluice_cmd=("$bin" run push --parallel "$parallel" -W .github/workflows/orchestration.yml)

echo "warm-up (untimed): one run of each" >&2
measure "$out/make.log" "${make_cmd[@]}" >/dev/null
measure "$out/sluice.log" "${sluice_cmd[@]}" >/dev/null
grep -q "success" "$out/sluice.log" || { echo "sluice run did not succeed (log: $out/sluice.log)" >&2; exit 1; }

results="$out/results.txt"
: >"$results"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  m="$(measure "$out/make.log" "${make_cmd[@]}")"
  s="$(measure "$out/sluice.log" "${sluice_cmd[@]}")"
  echo "$r $m $s" >>"$results"
  echo "round $r: make ${m%% *} s, sluice ${s%% *} s" >&2
done

echo
echo "$jobs jobs ($layers layers of $width), parallel $parallel, $rounds interleaved rounds, sluice CLI: $mode"
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo), load average $load_start at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(date -u '+%Y-%m-%d %H:%M UTC'), $(ls /proc | grep -c '^[0-9]') processes"
"$py" - "$results" "$jobs" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
jobs = int(sys.argv[2])
print("| round | make -j wall s | make CPU s | make peak RSS MB | sluice run wall s | sluice CPU s | sluice peak RSS MB | sluice/make |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
mw, mr, mc, sw, sr, sc = [], [], [], [], [], []
for r, a, b, e, c, d, f in rows:
    a, b, e, c, d, f = float(a), int(b), float(e), float(c), int(d), float(f)
    mw.append(a); mr.append(b); mc.append(e); sw.append(c); sr.append(d); sc.append(f)
    print(f"| {r} | {a:.3f} | {e:.2f} | {b / 1024:.1f} | {c:.3f} | {f:.2f} | {d / 1024:.1f} | {c / a:.2f}x |")
m, s = statistics.median(mw), statistics.median(sw)
print(f"| median | {m:.3f} | {statistics.median(mc):.2f} | {statistics.median(mr) / 1024:.1f} | {s:.3f} | {statistics.median(sc):.2f} | {statistics.median(sr) / 1024:.1f} | {s / m:.2f}x |")
print()
print(f"ratio of medians sluice/make: {s / m:.2f}x (target: at most 1.5x: {'MET' if s / m <= 1.5 else 'NOT MET'})")
print(f"overhead per job: ({s:.3f} - {m:.3f}) s / {jobs} = {(s - m) * 1000 / jobs:.2f} ms")
print(f"sluice peak RSS: median {statistics.median(sr) / 1024:.1f} MB, max {max(sr) / 1024:.1f} MB")
print(f"CPU, user + system with children, medians: make {statistics.median(mc):.2f} s, sluice {statistics.median(sc):.2f} s"
      f" ({(statistics.median(sc) - statistics.median(mc)) * 1000 / jobs:.2f} ms more per job)")
PY

if [ "$diagnose" = 1 ]; then
  echo
  echo "where the time goes (one run each, not part of the figures above):"
  for p in "$parallel" 1; do
    t="$(measure "$out/make.log" make -j "$p" -f Makefile all)"
    echo "  make -j $p: ${t%% *} s"
    wait_for_cleanup
    # sluice's own exit is stamped apart from the end of its output: the detached clean-up keeps the pipe open.
    t0="$(date +%s.%N)"
    { (cd "$repo" && sh -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "$bin" run push --parallel "$p" -W .github/workflows/orchestration.yml --format json); date +%s.%N >"$out/exit-stamp.txt"; } \
      | "$py" bench/orchestration/timeline.py --t0 "$t0" --exit-stamp "$out/exit-stamp.txt" --label "sluice run --parallel $p --format json" | sed 's/^/  /'
  done
fi
