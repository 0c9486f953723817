#!/usr/bin/env python3
"""Measures a running Sluice server (started by side.sh) for bench/server. Standard library only.

  measure.py dispatch [--count 200] [--warmup 10] [--pause-ms 100]
      One run of dispatch.yml (one job, one step `true`) at a time, with the agents idle and waiting; per run, from
      its job being queued (the server's queuedAt) to its first step starting (the `at` of the job's first `step` log
      line, stamped by the agent on this machine). Prints p50/p99 in ms.
  measure.py throughput [--builds 1000]
      One trigger of throughput.yml (its jobs are all `true`); jobs per second from the trigger request being sent
      to the last job's completion (its finishedAt).
  measure.py wait-agents --count N [--timeout S]      waits until N agents are idle (used by side.sh)

The server, its admin token and the repository come from side.sh's SLUICE_SERVER, SLUICE_TOKEN and SLUICE_REPO;
SLUICE_SERVER_PID (SLUICE_SERVER_PIDS with replicas), when set, is read for the server's CPU time per job. With
several replicas (SLUICE_SERVERS, space-separated; agent bench-k talks to replica ((k - 1) mod n) + 1), dispatch
triggers run k through replica ((k - 1) mod n) + 1 and also reports p50/p99 per replica the run was triggered
through, and per path: claimed through the same replica or through another (woken by PostgreSQL's NOTIFY). dispatch and throughput print one JSON line
of figures on standard output and a table on standard error. Every run is checked: it succeeded, with all its jobs.
"""

import argparse
import datetime
import json
import math
import os
import sys
import time
import urllib.error
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def fail(message):
    print(f"measure.py: {message}", file=sys.stderr)
    sys.exit(1)


def environment(name):
    value = os.environ.get(name)
    if not value:
        fail(f"{name} is not set: run me through bench/server/sluice/side.sh")
    return value


def servers():
    return os.environ.get("SLUICE_SERVERS", "").split() or [environment("SLUICE_SERVER")]


def http(method, path, body=None, timeout=60, server=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request((server or environment("SLUICE_SERVER")).rstrip("/") + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + environment("SLUICE_TOKEN"))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        fail(f"{method} {path} answered {error.code}: {error.read()[:500]!r}")
    except (urllib.error.URLError, TimeoutError) as error:
        fail(f"{method} {path} failed: {error}")


def instant(text):
    """The server's and agent's times (ISO 8601 with an offset) as seconds since the epoch."""
    return datetime.datetime.fromisoformat(text).timestamp()


def trigger(workflow, server=None):
    """Queues one run of the workflow; returns its id and the time the request was sent."""
    sent = time.time()
    reply = http("POST", f"/api/v1/repos/{environment('SLUICE_REPO')}/runs",
                 {"event": "workflow_dispatch", "workflow": workflow}, server=server)
    runs = reply["runs"]
    if len(runs) != 1:
        fail(f"triggering {workflow} started {len(runs)} runs: {reply.get('message')}")
    return runs[0]["id"], sent


def wait_run(run_id, poll, timeout):
    deadline = time.monotonic() + timeout
    while True:
        run = http("GET", f"/api/v1/runs/{run_id}")
        if run["status"] == "completed":
            if run["conclusion"] != "success" or any(job["conclusion"] != "success" for job in run["jobs"]):
                fail(f"run {run_id} did not succeed: {run['conclusion']}")
            return run
        if time.monotonic() > deadline:
            fail(f"run {run_id} did not finish in {timeout} s (status {run['status']})")
        time.sleep(poll)


def log_lines(run_id):
    lines, after = [], 0
    while True:
        page = http("GET", f"/api/v1/runs/{run_id}/logs?after={after}")
        lines.extend(page["lines"])
        if not page["lines"] or page["next"] == after:
            return lines
        after = page["next"]


def cpu_seconds():
    """The server's CPU time (every replica's, added up)."""
    pids = (os.environ.get("SLUICE_SERVER_PIDS") or os.environ.get("SLUICE_SERVER_PID") or "").split()
    if not pids:
        return None
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def agent_replica(name, count):
    """The replica agent bench-k talks to (side.sh's lib.sh spreads them so), 1-based."""
    try:
        return (int(name.rsplit("-", 1)[1]) - 1) % count + 1
    except (AttributeError, IndexError, ValueError):
        fail(f"cannot tell which replica agent {name!r} talks to")


def nearest_rank(values, percent):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def dispatch(arguments):
    latencies, from_trigger, to_finished, to_claimed = [], [], [], []
    replicas = servers()
    by_replica = {replica: [] for replica in range(1, len(replicas) + 1)}
    by_path = {"same": [], "across": []}
    cpu_before = None
    for number in range(arguments.warmup + arguments.count):
        if number == arguments.warmup:
            cpu_before = cpu_seconds()
        through = number % len(replicas) + 1
        run_id, sent = trigger("dispatch.yml", server=replicas[through - 1])
        run = wait_run(run_id, poll=0.01, timeout=60)
        job = run["jobs"][0]
        lines = log_lines(run_id)
        steps = [line for line in lines if line["kind"] == "step" and line.get("at")]
        ends = [line for line in lines if line["kind"] == "step-end" and line.get("at")]
        if not steps or not ends:
            fail(f"run {run_id} has no step lines with times in its log")
        if number >= arguments.warmup:
            step_started = instant(steps[0]["at"])
            latencies.append((step_started - instant(job["queuedAt"])) * 1000)
            from_trigger.append((step_started - sent) * 1000)
            to_finished.append((instant(ends[0]["at"]) - instant(job["queuedAt"])) * 1000)
            to_claimed.append((instant(job["startedAt"]) - instant(job["queuedAt"])) * 1000)
            by_replica[through].append(latencies[-1])
            by_path["same" if agent_replica(job.get("agent"), len(replicas)) == through else "across"].append(latencies[-1])
        time.sleep(arguments.pause_ms / 1000)
    cpu_after = cpu_seconds()
    figures = {
        "dispatch_p50_ms": round(nearest_rank(latencies, 50), 1),
        "dispatch_p99_ms": round(nearest_rank(latencies, 99), 1),
        "dispatch_min_ms": round(min(latencies), 1),
        "dispatch_max_ms": round(max(latencies), 1),
        "trigger_to_step_p50_ms": round(nearest_rank(from_trigger, 50), 1),
        "dispatch_to_step_finished_p50_ms": round(nearest_rank(to_finished, 50), 1),
        "queued_to_claimed_p50_ms": round(nearest_rank(to_claimed, 50), 1),
        "dispatch_runs": len(latencies),
    }
    if cpu_before is not None:
        figures["dispatch_master_cpu_ms_per_job"] = round((cpu_after - cpu_before) * 1000 / len(latencies), 1)
    rows = []
    if len(replicas) > 1:
        figures["replicas"] = len(replicas)
        for replica, values in by_replica.items():
            figures[f"dispatch_replica{replica}_p50_ms"] = round(nearest_rank(values, 50), 1)
            figures[f"dispatch_replica{replica}_p99_ms"] = round(nearest_rank(values, 99), 1)
            rows.append((f"triggered through replica {replica}: p50 / p99 (ms), {len(values)} runs",
                         f"{figures[f'dispatch_replica{replica}_p50_ms']} / {figures[f'dispatch_replica{replica}_p99_ms']}"))
        for path, values in by_path.items():
            figures[f"dispatch_{path}_runs"] = len(values)
            if values:
                figures[f"dispatch_{path}_p50_ms"] = round(nearest_rank(values, 50), 1)
                figures[f"dispatch_{path}_p99_ms"] = round(nearest_rank(values, 99), 1)
                rows.append((f"claimed through {'the same replica' if path == 'same' else 'the other replica'}: p50 / p99 (ms), {len(values)} runs",
                             f"{figures[f'dispatch_{path}_p50_ms']} / {figures[f'dispatch_{path}_p99_ms']}"))
    table([("dispatch p50 (ms), job queued -> first step started", figures["dispatch_p50_ms"]),
           ("dispatch p99 (ms)", figures["dispatch_p99_ms"]),
           ("min / max (ms)", f"{figures['dispatch_min_ms']} / {figures['dispatch_max_ms']}"),
           ("job queued -> claimed by an agent, p50 (ms)", figures["queued_to_claimed_p50_ms"]),
           ("trigger request -> first step started, p50 (ms)", figures["trigger_to_step_p50_ms"]),
           ("job queued -> first step finished, p50 (ms)", figures["dispatch_to_step_finished_p50_ms"])] + rows)
    print(json.dumps(figures))


def throughput(arguments):
    cpu_before = cpu_seconds()
    run_id, sent = trigger("throughput.yml")
    run = wait_run(run_id, poll=0.25, timeout=3600)
    cpu_after = cpu_seconds()
    jobs = run["jobs"]
    if len(jobs) != arguments.builds:
        fail(f"run {run_id} has {len(jobs)} jobs, expected {arguments.builds}")
    last = max(instant(job["finishedAt"]) for job in jobs)
    first_queued = min(instant(job["queuedAt"]) for job in jobs)
    figures = {
        "throughput_jobs_per_s": round(len(jobs) / (last - sent), 2),
        "throughput_from_first_request_jobs_per_s": round(len(jobs) / (last - first_queued), 2),
        "throughput_seconds": round(last - sent, 2),
        "throughput_jobs": len(jobs),
    }
    if cpu_before is not None:
        figures["throughput_master_cpu_ms_per_job"] = round((cpu_after - cpu_before) * 1000 / len(jobs), 1)
    table([("throughput (jobs/s), trigger request -> last job done", figures["throughput_jobs_per_s"]),
           ("throughput from the jobs being queued (jobs/s)", figures["throughput_from_first_request_jobs_per_s"]),
           ("seconds for all jobs", figures["throughput_seconds"])])
    print(json.dumps(figures))


def wait_agents(arguments):
    """Each replica knows the agents that talk to it: an agent counts as idle when any replica lists it so."""
    deadline = time.monotonic() + arguments.timeout
    while True:
        idle = {agent["name"] for server in servers() for agent in http("GET", "/api/v1/agents", server=server)
                if agent["status"] == "idle"}
        if len(idle) >= arguments.count:
            return
        if time.monotonic() > deadline:
            fail(f"only {len(idle)} of {arguments.count} agents were idle after {arguments.timeout} s")
        time.sleep(0.1)


def table(rows):
    print("| Sluice | |\n| --- | --- |", file=sys.stderr)
    for label, value in rows:
        print(f"| {label} | {value} |", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = parser.add_subparsers(dest="verb", required=True)
    verb = verbs.add_parser("dispatch")
    verb.add_argument("--count", type=int, default=200)
    verb.add_argument("--warmup", type=int, default=10)
    verb.add_argument("--pause-ms", type=int, default=100)
    verb = verbs.add_parser("throughput")
    verb.add_argument("--builds", type=int, default=1000)
    verb = verbs.add_parser("wait-agents")
    verb.add_argument("--count", type=int, required=True)
    verb.add_argument("--timeout", type=float, default=60)
    arguments = parser.parse_args()
    {"dispatch": dispatch, "throughput": throughput, "wait-agents": wait_agents}[arguments.verb](arguments)


if __name__ == "__main__":
    main()
