#!/usr/bin/env python3
"""Reads `sluice run --format json` on stdin, stamps each event with the time it arrived (the events carry no
clock of their own), and prints where the wall time went: start-up before the first job, the span from the
first job's start to the last job's end, the end after it, and the jobs' own durations as the engine reports
them. The clock starts at --t0 (epoch seconds, e.g. `date +%s.%N` taken just before sluice starts), or when
this script starts; events written before the script is reading are stamped late by its start-up.

--exit-stamp FILE names a file holding the epoch seconds at which sluice itself exited (written after it exits,
before its output closes): sluice removes its run folder with a detached rm, which holds the output open, so the end
of the output alone would count that clean-up as sluice's time.

usage: sluice run --format json ... | timeline.py [--label TEXT] [--t0 EPOCH_SECONDS] [--exit-stamp FILE]
"""
import argparse
import json
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="sluice run --format json")
    parser.add_argument("--t0", type=float, default=None)
    parser.add_argument("--exit-stamp", default=None)
    args = parser.parse_args()
    t0 = args.t0 if args.t0 is not None else time.time()
    started: dict[str, float] = {}
    finished: dict[str, float] = {}
    durations: list[float] = []
    run_finished = None
    run_started = None
    for raw in sys.stdin:
        now = time.time() - t0
        try:
            event = json.loads(raw)
        except json.JSONDecodeError:
            continue
        kind = event.get("event") or event.get("type")
        if kind == "run_started" and run_started is None:
            run_started = now
        elif kind == "job_started":
            started[event["job"]] = now
        elif kind == "job_finished":
            finished[event["job"]] = now
            durations.append(float(event.get("duration_seconds", 0)))
        elif kind == "run_finished":
            run_finished = (now, event.get("result"), float(event.get("duration_seconds", 0)))
    end = time.time() - t0
    if not started or not finished:
        print(f"{args.label}: no job events seen (is the event name field different?)", file=sys.stderr)
        return 1

    first_start = min(started.values())
    last_finish = max(finished.values())
    ms = lambda s: f"{s * 1000:,.0f} ms"
    print(f"{args.label}: {len(finished)} jobs, stdin closed at {ms(end)}")
    if run_started is not None:
        print(f"  start-up, until run_started              {ms(run_started)}")
    print(f"  start-up, until the first job_started    {ms(first_start)}")
    print(f"  first job_started .. last job_finished   {ms(last_finish - first_start)}"
          f"  ({(last_finish - first_start) * 1000 / len(finished):.2f} ms per job)")
    exited = None
    if args.exit_stamp:
        try:
            with open(args.exit_stamp) as stamp:
                exited = float(stamp.read().strip()) - t0
        except (OSError, ValueError):
            exited = None
    if run_finished:
        print(f"  last job_finished .. run_finished        {ms(run_finished[0] - last_finish)}")
        if exited is not None:
            print(f"  run_finished .. sluice exited            {ms(exited - run_finished[0])}")
            print(f"  sluice exited .. output closed           {ms(end - exited)}  (the detached clean-up)")
        else:
            print(f"  run_finished .. output closed (clean-up) {ms(end - run_finished[0])}")
        print(f"  run_finished: {run_finished[1]}, engine duration {ms(run_finished[2])}")
    print(f"  job duration_seconds as reported: median {statistics.median(durations) * 1000:.1f} ms,"
          f" max {max(durations) * 1000:.1f} ms, sum {ms(sum(durations))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
