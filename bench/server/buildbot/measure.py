#!/usr/bin/env python3
"""Measures a running Buildbot master (started by setup.sh) for Sluice's server benchmark. Standard library only.

  measure.py dispatch [--count 200] [--warmup 10] [--pause-ms 100]
      One build of `true` at a time, forced over the REST API with the workers idle and waiting; per build, the time
      from its build request being submitted to its `true` step starting. Prints p50/p99 in ms.
  measure.py throughput [--builds 1000]
      One forced build of `fanout`, which queues --builds builds of `true` at once; builds per second from the force
      request to the last build's completion.
  measure.py merge          reads JSON lines on standard input and prints them merged into one
  measure.py wait-workers --count N [--timeout S]      waits until N workers are connected (used by setup.sh)
  measure.py smoke          forces one build and checks that it succeeded (setup.sh without a command)

The REST API and the event log come from setup.sh's BUILDBOT_API and BUILDBOT_EVENTS. dispatch and throughput print
one JSON line of figures on standard output and a table on standard error.

Where the times come from: Buildbot stores submitted_at and started_at in whole seconds (its REST API serves the same
integers), too coarse for milliseconds. master.cfg's EventRecorder writes the master's own message-queue events,
stamped with the master's clock (time.time(), the clock this script reads too: same machine). A build request's
"request_new" event is the one Buildbot's BotMaster itself reacts to when it looks for a worker; the `true` step's
"step_started" is when the master starts that step. After measuring, every build is checked against the REST API
(/api/v2/buildrequests, /api/v2/builds/{id}/steps): it succeeded, and the REST API's whole-second times agree with the
event times.
"""

import argparse
import concurrent.futures
import json
import math
import os
import sys
import time
import urllib.error
import urllib.request

SUCCESS = 0
TRIVIAL_STEP = "true"


def fail(message):
    print(f"measure.py: {message}", file=sys.stderr)
    sys.exit(1)


def api_base():
    base = os.environ.get("BUILDBOT_API")
    if not base:
        fail("BUILDBOT_API is not set: run me through bench/server/buildbot/setup.sh")
    return base.rstrip("/")


def http(method, path, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api_base() + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        fail(f"{method} {path} answered {error.code}: {error.read()[:500]!r}")
    except (urllib.error.URLError, TimeoutError) as error:
        fail(f"{method} {path} failed: {error}")


def get(path):
    return http("GET", path)


def builder_id(name):
    builders = get(f"/builders?name={name}")["builders"]
    if len(builders) != 1:
        fail(f"the master has no builder named {name!r}")
    return builders[0]["builderid"]


def force(scheduler, builderid, **params):
    """Forces a build through the REST API's JSON-RPC; returns the new build request's id."""
    reply = http("POST", f"/forceschedulers/{scheduler}",
                 {"jsonrpc": "2.0", "method": "force", "id": 1, "params": {"builderid": str(builderid), **params}})
    if "error" in reply:
        fail(f"forcing {scheduler} failed: {reply['error']}")
    _, brids = reply["result"]
    return int(brids[str(builderid)])


class Events:
    """Follows the master's event log (BUILDBOT_EVENTS) as the master appends to it."""

    def __init__(self):
        path = os.environ.get("BUILDBOT_EVENTS")
        if not path:
            fail("BUILDBOT_EVENTS is not set: run me through bench/server/buildbot/setup.sh")
        self.file = open(path, encoding="utf-8")
        self.partial = ""
        self.requests = {}  # brid -> request_new event
        self.builds = {}  # buildid -> {"brid", "new", "finished", "results", "steps": {name: {...}}}
        self.finished = []  # build_finished events in order
        self.complete_buildsets = set()

    def poll(self):
        chunk = self.file.read()
        if not chunk:
            return False
        lines = (self.partial + chunk).split("\n")
        self.partial = lines.pop()
        for line in lines:
            self.record(json.loads(line))
        return True

    def record(self, event):
        kind = event["e"]
        if kind == "request_new":
            self.requests[event["brid"]] = event
            return
        if kind == "buildset_complete":
            self.complete_buildsets.add(event["bsid"])
            return
        build = self.builds.setdefault(event["buildid"], {"steps": {}})
        if kind == "build_new":
            build.update(brid=event["brid"], builderid=event["builderid"], new=event["t"])
        elif kind == "build_finished":
            build.update(brid=event["brid"], builderid=event["builderid"], finished=event["t"],
                         results=event["results"])
            self.finished.append(event)
        elif kind in ("step_started", "step_finished"):
            build["steps"].setdefault(event["name"], {})[kind] = event["t"]

    def wait_until(self, condition, timeout, what):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                fail(f"timed out after {timeout} s waiting for {what}")
            if not self.poll():
                time.sleep(0.002)

    def done(self, brid):
        """The build of this request finished and Buildbot has completed its buildset (its last bookkeeping)."""
        request = self.requests.get(brid)
        return request is not None and request["bsid"] in self.complete_buildsets

    def build_of(self, brid):
        for buildid, build in self.builds.items():
            if build.get("brid") == brid:
                return buildid, build
        return None, None


def master_cpu_seconds():
    """User plus system CPU time the master process has used so far (Linux /proc), or None where unknown."""
    pid = os.environ.get("BUILDBOT_MASTER_PID")
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # Fields 14 and 15 of proc(5) (utime, stime), counted after the parenthesised command name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_ms_per_build(before, after, builds):
    if before is None or after is None:
        return None
    return round((after - before) * 1000 / builds, 2)


def percentile(values, p):
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values):
    return {"p50": percentile(values, 50), "p99": percentile(values, 99), "mean": sum(values) / len(values),
            "min": min(values), "max": max(values)}


def check_against_rest(samples):
    """Every measured build succeeded according to the REST API, and its whole-second times there agree with the
    event times (each REST time is the event time truncated to the second, taken a moment earlier)."""
    for sample in samples:
        request = get(f"/buildrequests/{sample['brid']}")["buildrequests"][0]
        if not request["complete"] or request["results"] != SUCCESS:
            fail(f"build request {sample['brid']} did not succeed: {request}")
        steps = get(f"/builds/{sample['buildid']}/steps")["steps"]
        step = next((s for s in steps if s["name"] == TRIVIAL_STEP), None)
        if step is None or step["results"] != SUCCESS:
            fail(f"build {sample['buildid']} has no successful `{TRIVIAL_STEP}` step: {steps}")
        rest_seconds = step["started_at"] - request["submitted_at"]
        event_seconds = sample["dispatch_ms"] / 1000
        if not rest_seconds - 1 <= event_seconds <= rest_seconds + 1:
            fail(f"build {sample['buildid']}: REST says {rest_seconds} s from submit to step start, the events "
                 f"{event_seconds:.3f} s")


def dispatch(args):
    trivial = builder_id("trivial")
    events = Events()
    samples = []
    cpu_before = None
    for index in range(args.warmup + args.count):
        if index == args.warmup:
            cpu_before = master_cpu_seconds()
        # The previous buildset is complete; a pause more lets the master settle, with the workers idle and waiting.
        time.sleep(args.pause_ms / 1000)
        events.poll()
        posted = time.time()
        brid = force("force-trivial", trivial)
        events.wait_until(lambda: events.done(brid), args.timeout, f"build request {brid} to finish")
        buildid, build = events.build_of(brid)
        if build["results"] != SUCCESS:
            fail(f"build {buildid} (request {brid}) ended with results {build['results']}")
        step = build["steps"].get(TRIVIAL_STEP, {})
        if "step_started" not in step or "step_finished" not in step:
            fail(f"build {buildid} has no `{TRIVIAL_STEP}` step events: {build}")
        submitted = events.requests[brid]["t"]
        if index < args.warmup:
            continue
        samples.append({
            "brid": brid,
            "buildid": buildid,
            "dispatch_ms": (step["step_started"] - submitted) * 1000,
            "post_to_step_ms": (step["step_started"] - posted) * 1000,
            "step_finished_ms": (step["step_finished"] - submitted) * 1000,
            "build_started_ms": (build["new"] - submitted) * 1000,
        })
    cpu_after = master_cpu_seconds()
    check_against_rest(samples)

    dispatch_ms = summary([s["dispatch_ms"] for s in samples])
    post_ms = summary([s["post_to_step_ms"] for s in samples])
    finished_ms = summary([s["step_finished_ms"] for s in samples])
    build_ms = summary([s["build_started_ms"] for s in samples])
    figures = {
        "peer": "buildbot",
        "version": os.environ.get("BUILDBOT_VERSION", ""),
        "config": os.environ.get("BUILDBOT_DB", ""),
        "dispatch_workers": int(os.environ.get("BUILDBOT_WORKERS", "0")),
        "dispatch_n": len(samples),
        "dispatch_p50_ms": round(dispatch_ms["p50"], 2),
        "dispatch_p99_ms": round(dispatch_ms["p99"], 2),
        "dispatch_mean_ms": round(dispatch_ms["mean"], 2),
        "dispatch_max_ms": round(dispatch_ms["max"], 2),
        "trigger_to_step_p50_ms": round(post_ms["p50"], 2),
        "trigger_to_step_p99_ms": round(post_ms["p99"], 2),
        "dispatch_to_step_finished_p50_ms": round(finished_ms["p50"], 2),
        "dispatch_to_build_started_p50_ms": round(build_ms["p50"], 2),
        "dispatch_master_cpu_ms_per_job": cpu_ms_per_build(cpu_before, cpu_after, len(samples)),
    }
    print(json.dumps(figures))
    rows = [("submitted -> `true` step started (dispatch)", dispatch_ms),
            ("submitted -> build started", build_ms),
            ("force request sent -> `true` step started", post_ms),
            ("submitted -> `true` step finished", finished_ms)]
    print(f"\nBuildbot {figures['version']} on {figures['config']}, {figures['dispatch_workers']} workers idle, "
          f"{len(samples)} builds one at a time (after {args.warmup} warm-up), ms:", file=sys.stderr)
    print(f"{'':46} {'p50':>8} {'p99':>8} {'mean':>8} {'min':>8} {'max':>8}", file=sys.stderr)
    for label, s in rows:
        print(f"{label:46} {s['p50']:8.1f} {s['p99']:8.1f} {s['mean']:8.1f} {s['min']:8.1f} {s['max']:8.1f}",
              file=sys.stderr)
    print(f"master CPU time per build: {figures['dispatch_master_cpu_ms_per_job']} ms", file=sys.stderr)


def throughput(args):
    trivial = builder_id("trivial")
    fanout = builder_id("fanout")
    events = Events()
    events.poll()
    cpu_before = master_cpu_seconds()
    posted = time.time()
    fanout_brid = None
    if args.via == "trigger":
        fanout_brid = force("force-fanout", fanout, count=args.builds)
    else:
        with concurrent.futures.ThreadPoolExecutor(args.connections) as pool:
            list(pool.map(lambda _: force("force-trivial", trivial), range(args.builds)))
    events.wait_until(
        lambda: sum(1 for e in events.finished if e["builderid"] == trivial) >= args.builds,
        args.timeout, f"{args.builds} builds of `true` to finish")
    done = [e for e in events.finished if e["builderid"] == trivial]
    failed = [e for e in done if e["results"] != SUCCESS]
    if failed:
        fail(f"{len(failed)} of {len(done)} builds did not succeed, e.g. {failed[0]}")
    cpu_after = master_cpu_seconds()
    trivial_requests = [e for e in events.requests.values() if e["builderid"] == trivial]
    first_request = min(e["t"] for e in trivial_requests)
    last_request = max(e["t"] for e in trivial_requests)
    last_finished = max(e["t"] for e in done)
    fanout_build = events.build_of(fanout_brid)[1] if fanout_brid else None

    builds = get(f"/builders/{trivial}/builds?field=buildid&field=results&field=complete")["builds"]
    succeeded = sum(1 for b in builds if b["complete"] and b["results"] == SUCCESS)
    if succeeded != args.builds or len(builds) != args.builds:
        fail(f"the REST API lists {len(builds)} builds of `true`, {succeeded} succeeded; expected {args.builds}")

    seconds = last_finished - posted
    figures = {
        "peer": "buildbot",
        "version": os.environ.get("BUILDBOT_VERSION", ""),
        "config": os.environ.get("BUILDBOT_DB", ""),
        "throughput_via": args.via,
        "throughput_workers": int(os.environ.get("BUILDBOT_WORKERS", "0")),
        "throughput_jobs": args.builds,
        "throughput_seconds": round(seconds, 3),
        "throughput_jobs_per_s": round(args.builds / seconds, 2),
        "throughput_queued_seconds": round(last_request - posted, 3),
        "throughput_from_first_request_jobs_per_s": round(args.builds / (last_finished - first_request), 2),
        "throughput_master_cpu_ms_per_job": cpu_ms_per_build(cpu_before, cpu_after, args.builds),
    }
    print(json.dumps(figures))
    print(f"\nBuildbot {figures['version']} on {figures['config']}, {figures['throughput_workers']} workers, "
          f"{args.builds} builds of `true` "
          + ("from one forced fan-out build:" if args.via == "trigger" else
             f"from {args.builds} force requests sent at once over {args.connections} connections:"),
          file=sys.stderr)
    rows = []
    if fanout_build:
        rows.append(("force request sent -> fan-out build started", f"{(fanout_build['new'] - posted) * 1000:.1f} ms"))
    rows += [("first force request sent -> first build queued", f"{(first_request - posted) * 1000:.1f} ms"),
             ("first force request sent -> last build queued", f"{(last_request - posted) * 1000:.1f} ms"),
             ("first force request sent -> last build finished", f"{seconds * 1000:.1f} ms"),
             ("builds per second over that time", f"{figures['throughput_jobs_per_s']:.2f}"),
             ("master CPU time per build", f"{figures['throughput_master_cpu_ms_per_job']} ms")]
    for label, value in rows:
        print(f"  {label:48} {value:>12}", file=sys.stderr)


def merge(_args):
    merged = {}
    for line in sys.stdin:
        if line.strip():
            merged.update(json.loads(line))
    print(json.dumps(merged))


def wait_workers(args):
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            with urllib.request.urlopen(api_base() + "/workers", timeout=5) as response:
                workers = json.loads(response.read())["workers"]
            if sum(1 for w in workers if w["connected_to"]) >= args.count:
                return
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            pass  # the web port opens a moment after `buildbot start` returns
        if time.monotonic() > deadline:
            fail(f"fewer than {args.count} workers connected after {args.timeout} s")
        time.sleep(0.2)


def smoke(args):
    events = Events()
    brid = force("force-trivial", builder_id("trivial"))
    events.wait_until(lambda: events.done(brid), args.timeout, f"build request {brid} to finish")
    buildid, build = events.build_of(brid)
    if build["results"] != SUCCESS:
        fail(f"build {buildid} ended with results {build['results']}")
    print(f"build {buildid} of `true` succeeded", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("dispatch")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--pause-ms", type=int, default=100)
    p.add_argument("--timeout", type=float, default=60, help="seconds to wait for one build")
    p.set_defaults(run=dispatch)
    p = commands.add_parser("throughput")
    p.add_argument("--builds", type=int, default=1000)
    p.add_argument("--via", choices=["trigger", "rest"], default="trigger",
                   help="trigger: one forced fan-out build queues them all; rest: one force request per build")
    p.add_argument("--connections", type=int, default=8, help="concurrent force requests with --via rest")
    p.add_argument("--timeout", type=float, default=1800, help="seconds to wait for all builds")
    p.set_defaults(run=throughput)
    p = commands.add_parser("merge")
    p.set_defaults(run=merge)
    p = commands.add_parser("wait-workers")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--timeout", type=float, default=60)
    p.set_defaults(run=wait_workers)
    p = commands.add_parser("smoke")
    p.add_argument("--timeout", type=float, default=60)
    p.set_defaults(run=smoke)
    args = parser.parse_args()
    if getattr(args, "count", 1) < 1 or getattr(args, "builds", 1) < 1:
        parser.error("--count and --builds take a positive number")
    args.run(args)


if __name__ == "__main__":
    main()
