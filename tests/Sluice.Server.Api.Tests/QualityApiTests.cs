using System.Net;
using System.Text;
using System.Text.Json;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// Quality on the server over real HTTP: a job's gate uploads its report, and people read a run's reports and tests,
/// a test's history, the quarantine and benchmark trends, with the access checks of the rest of the API.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class QualityApiTests(ApiServer api) : IDisposable
{
    private const string Hostile = "ns/Cart \"quoted\" <script>alert(1)</script> & 'x'.y";

    private readonly CancellationTokenSource _deadline = new(ApiServer.Timeout);

    public void Dispose() => _deadline.Dispose();

    [Fact]
    public async Task A_gate_report_is_uploaded_per_attempt_replaced_by_a_later_one_and_read_back_per_run()
    {
        var (runId, build, lint) = await TwoJobRunAsync("gates");
        var recorded = await RecordAsync(build, Tests(("A", "Passed", 1), ("B", "Failed", 1)));

        var kept = await SendAsync(HttpMethod.Post, build.AttemptPath + "/history/report", build.LeaseToken, Report(recorded, "failed"), HttpStatusCode.Created);
        await SendAsync(HttpMethod.Post, lint.AttemptPath + "/history/report", lint.LeaseToken, Report(null, "passed"), HttpStatusCode.Created);
        await SendAsync(HttpMethod.Post, build.AttemptPath + "/history/report", build.LeaseToken, Report(recorded, "passed"), HttpStatusCode.Created);

        Assert.Equal(("build", "failed", recorded), (kept.GetProperty("job").GetString(), kept.GetProperty("verdict").GetString(), kept.GetProperty("historyRun").GetInt64()));
        var reports = (await ReadAsync($"/api/v1/runs/{runId}/quality")).GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal([("build", "passed"), ("lint", "passed")], reports.Select(r => (r.GetProperty("job").GetString(), r.GetProperty("verdict").GetString())));
        var report = reports[0];
        Assert.Equal((1, recorded, "build"), (report.GetProperty("attempt").GetInt32(), report.GetProperty("historyRun").GetInt64(), report.GetProperty("jobName").GetString()));
        Assert.Equal("coverage.line >= 80", report.GetProperty("conditions")[0].GetProperty("expression").GetString());
        var file = report.GetProperty("patch").GetProperty("files")[0];
        Assert.Equal([11, 12], Numbers(file.GetProperty("coveredLines")));
        Assert.Equal([14], Numbers(file.GetProperty("missedLines")));
        Assert.Equal((Hostile, 7), (report.GetProperty("newFailures")[0].GetProperty("test").GetString(), report.GetProperty("newFailureCount").GetInt32()));
        Assert.Equal("regressed", report.GetProperty("benchmarks")[0].GetProperty("status").GetString());
        Assert.False(reports[1].TryGetProperty("historyRun", out _));
    }

    [Fact]
    public async Task A_report_is_refused_when_it_names_another_attempts_history_run_or_breaks_the_shape()
    {
        var (_, build, lint) = await TwoJobRunAsync("refusals");
        var lintsRun = await RecordAsync(lint, Tests(("A", "Passed", 1)));

        var foreign = await SendAsync(HttpMethod.Post, build.AttemptPath + "/history/report", build.LeaseToken, Report(lintsRun, "passed"), HttpStatusCode.BadRequest);
        var verdict = await SendAsync(HttpMethod.Post, build.AttemptPath + "/history/report", build.LeaseToken, Report(null, "green"), HttpStatusCode.BadRequest);
        var tooMany = Report(null, "failed").Replace("\"newFailureCount\": 7", "\"newFailureCount\": 0", StringComparison.Ordinal);
        var count = await SendAsync(HttpMethod.Post, build.AttemptPath + "/history/report", build.LeaseToken, tooMany, HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Post, build.AttemptPath + "/history/report", "not-the-lease", Report(null, "passed"), HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Post, "/api/v1/jobs/987654321/attempts/1/history/report", build.LeaseToken, Report(null, "passed"), HttpStatusCode.NotFound);

        Assert.Contains($"history run {lintsRun}", foreign.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("verdict is 'green'", verdict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("newFailureCount", count.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_larger_than_the_limit_is_refused_with_413()
    {
        var (_, build, _) = await TwoJobRunAsync("huge");
        var huge = Report(null, "passed").Replace("\"flaky\": []", "\"flaky\": [], \"padding\": \"" + new string('x', 9 * 1024 * 1024) + "\"", StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, build.AttemptPath + "/history/report") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", build.LeaseToken);
        // As a careful client sends a large body: the server refuses it from its headers, before it is sent.
        request.Headers.ExpectContinue = true;
        using var answer = await api.Http.SendAsync(request, Deadline());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await ReadAsync($"/api/v1/runs/{build.RunId}/quality")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task A_runs_tests_come_failures_first_then_flaky_then_by_id_and_page_with_a_total()
    {
        var (runId, build, lint) = await TwoJobRunAsync("failures");
        var recorded = await RecordAsync(build, Tests(("d", "Passed", 1), ("c", "Flaky", 2), (Hostile, "Failed", 1), ("a", "Passed", 1), ("b", "Errored", 1), ("e", "Skipped", 1)));
        await RecordAsync(lint, Tests(("lint-check", "Failed", 1)));
        await SendAsync(HttpMethod.Post, build.AttemptPath + "/history/report", build.LeaseToken, Report(recorded, "failed"), HttpStatusCode.Created);

        var first = await ReadAsync($"/api/v1/runs/{runId}/tests?limit=3");
        var second = await ReadAsync($"/api/v1/runs/{runId}/tests?limit=3&offset=3");
        var failing = await ReadAsync($"/api/v1/runs/{runId}/tests?outcome=failing&job=build");

        Assert.Equal(7, first.GetProperty("total").GetInt32());
        Assert.Equal(["b", "lint-check", Hostile], Ids(first));
        Assert.Equal(["c", "a", "d"], Ids(second));
        Assert.Equal(["b", Hostile, "c"], Ids(failing));
        var hostile = failing.GetProperty("tests")[1];
        Assert.Equal(("Failed", "build", true), (hostile.GetProperty("outcome").GetString(), hostile.GetProperty("job").GetString(), hostile.GetProperty("newFailure").GetBoolean()));
        Assert.True(failing.GetProperty("tests")[2].GetProperty("flaky").GetBoolean());
        Assert.Equal(2, failing.GetProperty("tests")[2].GetProperty("attempts").GetInt32());
        await ReadAsync($"/api/v1/runs/{runId}/tests?job=nope", HttpStatusCode.NotFound);
        foreach (var bad in new[] { "limit=0", "limit=2001", "limit=abc", "offset=-1", "outcome=red", "limit=1&limit=2" })
        {
            var refused = await ReadAsync($"/api/v1/runs/{runId}/tests?{bad}", HttpStatusCode.BadRequest);
            Assert.Contains(bad.Split('=')[0], refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_tests_history_is_newest_first_with_links_to_the_runs_that_recorded_it()
    {
        var (firstRun, build, _) = await TwoJobRunAsync("history");
        var older = await RecordAsync(build, Tests((Hostile, "Failed", 3)));
        await build.CompleteAsync("failure");
        var secondRun = await api.TriggerAsync("history", null, Deadline());
        var again = await ClaimOfRunAsync("history", secondRun);
        var newer = await RecordAsync(again, Tests((Hostile, "Passed", 2)));

        var history = await ReadAsync($"/api/v1/repos/history/tests/history?test={Uri.EscapeDataString(Hostile)}");
        var one = await ReadAsync($"/api/v1/repos/history/tests/history?test={Uri.EscapeDataString(Hostile)}&limit=1&branch=main");

        Assert.Equal(Hostile, history.GetProperty("test").GetString());
        Assert.Equal(
            [(newer, secondRun, "Passed", 2.0), (older, firstRun, "Failed", 3.0)],
            history.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("historyRun").GetInt64(), p.GetProperty("run").GetInt64(), p.GetProperty("outcome").GetString(), p.GetProperty("durationSeconds").GetDouble())));
        Assert.Single(one.GetProperty("points").EnumerateArray());
        Assert.Empty((await ReadAsync("/api/v1/repos/history/tests/history?test=never")).GetProperty("points").EnumerateArray());
        await ReadAsync("/api/v1/repos/history/tests/history", HttpStatusCode.BadRequest);
        await ReadAsync("/api/v1/repos/history/tests/history?test=a&limit=201", HttpStatusCode.BadRequest);
        await ReadAsync("/api/v1/repos/nowhere/tests/history?test=a", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Quarantine_from_the_api_is_audited_refused_to_readers_and_visitors_and_seen_by_the_jobs_gate()
    {
        var (runId, build, _) = await TwoJobRunAsync("quarantine");
        await RecordAsync(build, Tests((Hostile, "Failed", 1)));
        var path = $"/api/v1/repos/quarantine/quarantine?test={Uri.EscapeDataString(Hostile)}";

        await SendAsync(HttpMethod.Put, path, api.ReadToken, """{"reason": "mine"}""", HttpStatusCode.Forbidden);
        await SendAsync(HttpMethod.Put, path, null, """{"reason": "mine"}""", HttpStatusCode.Unauthorized);
        await SendAsync(HttpMethod.Put, path, api.TriggerToken, """{"reason": " "}""", HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Put, "/api/v1/repos/quarantine/quarantine", api.TriggerToken, """{"reason": "no test"}""", HttpStatusCode.BadRequest);
        var entry = await SendAsync(HttpMethod.Put, path, api.TriggerToken, """{"reason": "fails one run in ten: <b>issue</b> 42"}""", HttpStatusCode.OK);

        Assert.Equal((Hostile, "fails one run in ten: <b>issue</b> 42"), (entry.GetProperty("test").GetString(), entry.GetProperty("reason").GetString()));
        var listed = Assert.Single((await ReadAsync("/api/v1/repos/quarantine/quarantine")).EnumerateArray());
        Assert.Equal(Hostile, listed.GetProperty("test").GetString());
        var seenByTheJob = await SendAsync(HttpMethod.Get, build.AttemptPath + "/history/quarantine", build.LeaseToken, null, HttpStatusCode.OK);
        Assert.Equal(Hostile, Assert.Single(seenByTheJob.EnumerateArray()).GetProperty("test").GetString());
        Assert.True((await ReadAsync($"/api/v1/runs/{runId}/tests")).GetProperty("tests")[0].GetProperty("quarantined").GetBoolean());
        var history = await ReadAsync($"/api/v1/repos/quarantine/tests/history?test={Uri.EscapeDataString(Hostile)}");
        Assert.Equal(entry.GetProperty("addedBy").GetString(), history.GetProperty("quarantine").GetProperty("addedBy").GetString());
        var audit = (await SendAsync(HttpMethod.Get, "/api/v1/audit", api.AdminToken, null, HttpStatusCode.OK)).EnumerateArray()
            .First(a => a.GetProperty("action").GetString() == "quality.quarantine" && a.GetProperty("target").GetString() == $"quarantine {Hostile}");
        Assert.Equal(entry.GetProperty("addedBy").GetString(), audit.GetProperty("actor").GetString());

        await SendAsync(HttpMethod.Delete, path, api.ReadToken, null, HttpStatusCode.Forbidden);
        await SendAsync(HttpMethod.Delete, path, api.TriggerToken, null, HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Delete, path, api.TriggerToken, null, HttpStatusCode.NotFound);
        Assert.Empty((await ReadAsync("/api/v1/repos/quarantine/quarantine")).EnumerateArray());
        Assert.Contains((await SendAsync(HttpMethod.Get, "/api/v1/audit", api.AdminToken, null, HttpStatusCode.OK)).EnumerateArray(), a => a.GetProperty("action").GetString() == "quality.release");
        await ReadAsync("/api/v1/repos/quarantine/quarantine", HttpStatusCode.Unauthorized, token: null);
    }

    [Fact]
    public async Task Benchmarks_come_oldest_first_with_the_gates_band_and_a_regression_flagged()
    {
        var (runId, build, _) = await TwoJobRunAsync("benchmarks");
        double[] means = [100, 101, 99, 100, 102, 98, 100, 150];
        var ids = new List<long>();
        foreach (var mean in means)
        {
            ids.Add(await RecordAsync(build, "[]", $$"""[{"name": "Parse", "meanNs": {{mean}}, "stdDevNs": 1, "samples": 10}]"""));
        }

        var series = Assert.Single((await ReadAsync("/api/v1/repos/benchmarks/benchmarks")).EnumerateArray());
        var last = Assert.Single((await ReadAsync("/api/v1/repos/benchmarks/benchmarks?branch=main&limit=1")).EnumerateArray()).GetProperty("points")[0];

        Assert.Equal("Parse", series.GetProperty("name").GetString());
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(ids, points.Select(p => p.GetProperty("historyRun").GetInt64()));
        Assert.All(points, p => Assert.Equal(runId, p.GetProperty("run").GetInt64()));
        Assert.False(points[0].TryGetProperty("baselineMeanNs", out _));
        Assert.False(points[1].TryGetProperty("upperBoundNs", out _));
        Assert.Equal([false, false, false, false, false, false, false, true], points.Select(p => p.GetProperty("regressed").GetBoolean()));
        Assert.Equal(100, points[7].GetProperty("baselineMeanNs").GetDouble(), 6);
        Assert.InRange(points[7].GetProperty("upperBoundNs").GetDouble(), 101, 149);
        Assert.Equal(ids[^1], last.GetProperty("historyRun").GetInt64());
        Assert.True(last.GetProperty("regressed").GetBoolean());
        Assert.Empty((await ReadAsync("/api/v1/repos/benchmarks/benchmarks?branch=elsewhere")).EnumerateArray());
        await ReadAsync("/api/v1/repos/benchmarks/benchmarks?limit=0", HttpStatusCode.BadRequest);
    }

    /// <summary>A repository of its own whose run has two jobs, <c>build</c> and <c>lint</c>, both claimed by an agent of its own.</summary>
    private async Task<(long RunId, ClaimedJob Build, ClaimedJob Lint)> TwoJobRunAsync(string name)
    {
        var workflow = $"name: ci\non: push\njobs:\n  build:\n    runs-on: {name}-label\n    steps:\n      - run: echo build\n  lint:\n    runs-on: {name}-label\n    steps:\n      - run: echo lint\n";
        await api.AddRepositoryAsync(name, workflow, Deadline());
        var runId = await api.TriggerAsync(name, null, Deadline());
        var agent = await ProbeAgent.RegisterAsync(api, name + "-agent", name + "-label");
        var jobs = new[] { await agent.ClaimAsync(), await agent.ClaimAsync() }.OrderBy(j => j.Key, StringComparer.Ordinal).ToArray();
        return (runId, jobs[0], jobs[1]);
    }

    private async Task<ClaimedJob> ClaimOfRunAsync(string name, long runId)
    {
        var agent = await ProbeAgent.RegisterAsync(api, $"{name}-agent-{runId}", name + "-label");
        var job = await agent.ClaimAsync();
        Assert.Equal(runId, job.RunId);
        return job;
    }

    private async Task<long> RecordAsync(ClaimedJob job, string tests, string benchmarks = "[]")
    {
        var body = $$"""{"commitSha": "c0ffee", "treeHash": "t-{{Guid.NewGuid():N}}", "branch": "main", "tests": {{tests}}, "benchmarks": {{benchmarks}}}""";
        return (await SendAsync(HttpMethod.Post, job.AttemptPath + "/history/runs", job.LeaseToken, body, HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    private static string Tests(params (string Id, string Outcome, int Attempts)[] tests) =>
        JsonSerializer.Serialize(tests.Select(t => new { id = t.Id, outcome = t.Outcome, durationSeconds = (double)t.Attempts, attempts = t.Attempts }));

    private static string Report(long? historyRun, string verdict) => $$"""
        {
          {{(historyRun is { } id ? $"\"historyRun\": {id}," : "")}}
          "commitSha": "c0ffee", "branch": "main", "verdict": "{{verdict}}",
          "conditions": [{"name": "coverage", "expression": "coverage.line >= 80", "outcome": "{{verdict}}", "measured": "72.5", "threshold": ">= 80"}],
          "tests": {"total": 3, "passed": 2, "failed": 1, "errored": 0, "skipped": 0, "flaky": 0, "durationSeconds": 1.5},
          "coverage": {"linesCovered": 725, "linesValid": 1000},
          "patch": {"coverableLines": 3, "coveredLines": 2, "files": [{"path": "src/Cart.cs", "coveredLines": [11, 12], "missedLines": [14]}]},
          "newFailures": [{"test": {{JsonSerializer.Serialize(Hostile)}}, "message": "expected 2"}], "newFailureCount": 7,
          "flaky": [],
          "benchmarks": [{"name": "Parse", "currentNs": 1200, "baselineMeanNs": 1000, "upperBoundNs": 1100, "relativeChange": 0.2, "samples": 12, "status": "regressed"}]
        }
        """;

    private async Task<JsonElement> ReadAsync(string path, HttpStatusCode expected = HttpStatusCode.OK, string? token = "read") =>
        await SendAsync(HttpMethod.Get, path, token is null ? null : api.ReadToken, null, expected);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var answer = await api.Http.SendAsync(request, Deadline());
        return await ProbeAgent.ReadAsync(answer, expected);
    }

    private CancellationToken Deadline() => _deadline.Token;

    private static List<string?> Ids(JsonElement page) => [.. page.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("test").GetString())];

    private static List<int> Numbers(JsonElement list) => [.. list.EnumerateArray().Select(n => n.GetInt32())];
}
