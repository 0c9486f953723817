#!/usr/bin/env python3
"""Reads the JSON lines of bench/server/run.sh's sides (one per side and round, tagged with "round") and prints the
medians over rounds side by side: a Markdown table on standard error, one JSON line per side on standard output.

  summarize.py FILE
"""

import json
import statistics
import sys

MEASURES = [
    ("dispatch_p50_ms", "dispatch p50 (ms), job ready -> first step started", "{:.1f}"),
    ("dispatch_p99_ms", "dispatch p99 (ms)", "{:.1f}"),
    ("throughput_jobs_per_s", "throughput (jobs/s), 1 trigger -> last job done", "{:.2f}"),
]
EXTRAS = [
    ("trigger_to_step_p50_ms", "trigger request -> first step started, p50 (ms)", "{:.1f}"),
    ("dispatch_to_step_finished_p50_ms", "job ready -> first step finished, p50 (ms)", "{:.1f}"),
    ("throughput_from_first_request_jobs_per_s", "throughput from the first job queued (jobs/s)", "{:.2f}"),
    ("dispatch_master_cpu_ms_per_job", "server CPU per job, dispatch (ms)", "{:.1f}"),
    ("throughput_master_cpu_ms_per_job", "server CPU per job, throughput (ms)", "{:.1f}"),
    ("dispatch_replica1_p50_ms", "triggered through replica 1: dispatch p50 (ms)", "{:.1f}"),
    ("dispatch_replica1_p99_ms", "triggered through replica 1: dispatch p99 (ms)", "{:.1f}"),
    ("dispatch_replica2_p50_ms", "triggered through replica 2: dispatch p50 (ms)", "{:.1f}"),
    ("dispatch_replica2_p99_ms", "triggered through replica 2: dispatch p99 (ms)", "{:.1f}"),
    ("dispatch_across_runs", "runs claimed through the other replica than triggered", "{:.0f}"),
    ("dispatch_across_p50_ms", "claimed through the other replica: dispatch p50 (ms)", "{:.1f}"),
]


def side_name(line):
    config = line.get("config")
    return f"{line['peer']} ({config})" if config else line["peer"]


def ratios(medians, out):
    """Sluice against each other side: how many times faster (above 1 means Sluice is faster)."""
    for ours_name, ours in medians.items():
        if ours["peer"] == "sluice":
            ratios_of(ours_name, ours, medians, out)


def ratios_of(ours_name, ours, medians, out):
    for name, theirs in medians.items():
        if theirs["peer"] == "sluice":
            continue
        parts = []
        for key, label in (("dispatch_p50_ms", "dispatch p50"), ("dispatch_p99_ms", "dispatch p99")):
            if ours[key] and theirs[key]:
                parts.append(f"{label} {theirs[key] / ours[key]:.1f}x faster")
        if ours["throughput_jobs_per_s"] and theirs["throughput_jobs_per_s"]:
            parts.append(f"throughput {ours['throughput_jobs_per_s'] / theirs['throughput_jobs_per_s']:.1f}x")
        if parts:
            print(f"{ours_name} against {name}: " + ", ".join(parts), file=out)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: summarize.py FILE")
    sides = {}
    with open(sys.argv[1], encoding="utf-8") as lines:
        for number, text in enumerate(lines, 1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
                name = side_name(line)
            except (ValueError, KeyError) as error:
                sys.exit(f"summarize.py: {sys.argv[1]} line {number} is not a side's JSON line ({error}): {text!r}")
            sides.setdefault(name, []).append(line)
    if not sides:
        sys.exit("summarize.py: no side produced figures")

    medians = {}
    for name, lines in sides.items():
        figures = {"peer": lines[0]["peer"], "config": lines[0].get("config"), "version": lines[0].get("version")}
        for key, _, _ in MEASURES + EXTRAS:
            values = [line[key] for line in lines if line.get(key) is not None]
            figures[key] = round(statistics.median(values), 2) if values else None
            figures[key + "_rounds"] = len(values)
        medians[name] = figures

    names = list(medians)
    out = sys.stderr
    print("\n| measure (median of rounds) | " + " | ".join(names) + " |", file=out)
    print("|---|" + "---:|" * len(names), file=out)
    for key, label, fmt in MEASURES + EXTRAS:
        if all(medians[n][key] is None for n in names):
            continue
        cells = []
        for n in names:
            value, rounds = medians[n][key], medians[n][key + "_rounds"]
            cells.append("-" if value is None else f"{fmt.format(value)} ({rounds})")
        print(f"| {label} | " + " | ".join(cells) + " |", file=out)
    print("(in brackets: rounds the median is over)", file=out)
    ratios(medians, out)
    for name in names:
        print(json.dumps(medians[name]))


if __name__ == "__main__":
    main()
