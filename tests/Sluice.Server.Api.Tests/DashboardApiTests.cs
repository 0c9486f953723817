using System.Globalization;
using System.Net;
using System.Text.Json;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// What the dashboard's pages read, over HTTP from the real server: lists of runs filtered and paged, the graph of a
/// matrix run, a job's steps and a run's annotations, live events, and a log that streams, ends and resumes.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class DashboardApiTests(ApiServer api)
{
    private const string HostileBranch = "evil/<i>'%_\"x&";

    [Fact]
    public async Task Runs_are_filtered_by_branch_even_a_hostile_one_and_paged_through_link_headers_without_gaps()
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        var source = await api.AddRepositoryAsync("pages", Workflow("pages-label", "build"), deadline.Token);
        source.Branch(HostileBranch);
        source.Publish();
        var main = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            main.Add(await api.TriggerAsync("pages", null, deadline.Token));
        }

        var hostile = await api.TriggerAsync("pages", HostileBranch, deadline.Token);

        var onBranch = await GetAsync($"/api/v1/runs?repo=pages&branch={Uri.EscapeDataString(HostileBranch)}");
        var run = Assert.Single(onBranch.Json.EnumerateArray());
        Assert.Equal((hostile, "refs/heads/" + HostileBranch), (run.GetProperty("id").GetInt64(), run.GetProperty("ref").GetString()));
        Assert.Empty((await GetAsync("/api/v1/runs?repo=pages&branch=%25")).Json.EnumerateArray());
        Assert.Empty((await GetAsync("/api/v1/runs?repo=pages&branch=evil%2F%3Ci%3E'%25_%22x%26%27%20OR%20'1'%3D'1")).Json.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/api/v1/runs?branch=main%00", HttpStatusCode.BadRequest)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/api/v1/runs?before=-3", HttpStatusCode.BadRequest)).Status);

        var paged = new List<long>();
        var next = "/api/v1/runs?repo=pages&branch=main&workflow=ci&event=push&status=queued&limit=2";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetAsync(next);
            paged.AddRange(page.Json.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
            next = page.Next;
            pages++;
            Assert.True(pages <= 4, "the Link headers do not end");
        }

        main.Reverse();
        Assert.Equal(main, paged);
        Assert.Equal(3, pages);

        var facets = await GetAsync("/api/v1/repos/pages/facets");
        Assert.Equal([HostileBranch, "main"], facets.Json.GetProperty("branches").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(["ci"], facets.Json.GetProperty("workflows").EnumerateArray().Select(b => b.GetString()));
    }

    [Fact]
    public async Task A_run_shows_the_graph_of_its_workflow_and_its_matrix_legs_with_their_group_and_needs()
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        const string Workflow = """
            name: graph
            on: push
            jobs:
              lint:
                if: false
                runs-on: graph-label
                steps:
                  - run: echo lint
              test:
                name: Unit tests
                needs: lint
                if: always()
                strategy:
                  matrix:
                    os: [linux, mac]
                runs-on: graph-label
                steps:
                  - run: echo test
              deploy:
                needs: [lint, test]
                runs-on: graph-label
                steps:
                  - run: echo deploy
            """;
        await api.AddRepositoryAsync("graph", Workflow, deadline.Token);
        var id = await api.TriggerAsync("graph", null, deadline.Token);

        var run = (await GetAsync($"/api/v1/runs/{id}")).Json;

        var graph = run.GetProperty("graph").EnumerateArray().Select(j => (j.GetProperty("key").GetString(), j.GetProperty("name").GetString(), Needs(j))).ToList();
        Assert.Equal([("lint", "lint", ""), ("test", "Unit tests", "lint"), ("deploy", "deploy", "lint,test")], graph);
        var jobs = run.GetProperty("jobs").EnumerateArray().Select(j => (j.GetProperty("key").GetString(), j.GetProperty("group").GetString(), Needs(j), j.GetProperty("status").GetString())).OrderBy(j => j.Item1).ToList();
        Assert.Equal([("lint", "lint", "", "completed"), ("test-1", "test", "lint", "queued"), ("test-2", "test", "lint", "queued")], jobs);
    }

    [Fact]
    public async Task A_log_streams_its_lines_then_new_ones_then_done_and_resumes_after_the_last_event_id()
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        await api.AddRepositoryAsync("stream", Workflow("stream-label", "build"), deadline.Token);
        var runId = await api.TriggerAsync("stream", null, deadline.Token);
        var agent = await ProbeAgent.RegisterAsync(api, "stream-agent", "stream-label");
        var job = await agent.ClaimAsync();
        Assert.Equal(runId, job.RunId);
        await job.LogAsync(Entry(1, "step", "Compile", step: "compile"), Entry(2, "line", "compiling 3 files", step: "compile"));

        await using (var stream = await ServerSentEvents.OpenAsync(api.Http, $"/api/v1/runs/{runId}/logs/stream?job=build", api.ReadToken))
        {
            var first = await stream.NextAsync("lines");
            Assert.Equal(["Compile", "compiling 3 files"], Texts(first));
            Assert.Equal(LastId(first), long.Parse(first.Id!, CultureInfo.InvariantCulture));

            await job.LogAsync(
                Entry(3, "annotation", "src/old.cs:7: an agent before file and line", level: "warning"),
                Entry(4, "annotation", "Error: no tests ran", level: "error"),
                Entry(5, "annotation", "src/new.cs:12: unused variable", level: "notice", file: "src/new.cs", line: 12),
                Entry(6, "step-end", "Compile: failure", step: "compile"));
            var second = await stream.NextAsync("lines");
            Assert.Equal(["src/old.cs:7: an agent before file and line", "Error: no tests ran", "src/new.cs:12: unused variable", "Compile: failure"], Texts(second));

            var running = (await GetAsync($"/api/v1/runs/{runId}/jobs/build/steps")).Json;
            Assert.Equal(("running", "completed", "failure"), (running.GetProperty("status").GetString(), running.GetProperty("steps")[0].GetProperty("status").GetString(), running.GetProperty("steps")[0].GetProperty("conclusion").GetString()));
            Assert.Equal(TimeSpan.FromSeconds(5), running.GetProperty("steps")[0].GetProperty("finishedAt").GetDateTimeOffset() - running.GetProperty("steps")[0].GetProperty("startedAt").GetDateTimeOffset());

            await job.CompleteAsync("failure");
            var done = await stream.NextAsync("done");
            Assert.Equal(("completed", "failure"), (JsonDocument.Parse(done.Data).RootElement.GetProperty("status").GetString(), JsonDocument.Parse(done.Data).RootElement.GetProperty("conclusion").GetString()));
            Assert.Null(await stream.NextAsync());

            await using var resumed = await ServerSentEvents.OpenAsync(api.Http, $"/api/v1/runs/{runId}/logs/stream?job=build&after=0", api.ReadToken, lastEventId: first.Id);
            Assert.Equal(Texts(second), Texts(await resumed.NextAsync("lines")));
            Assert.Equal("done", (await resumed.NextAsync())!.Name);
        }

        var annotations = (await GetAsync($"/api/v1/runs/{runId}/annotations")).Json.EnumerateArray()
            .Select(a => (a.GetProperty("level").GetString(), a.TryGetProperty("file", out var f) ? f.GetString() : null, a.TryGetProperty("line", out var l) ? l.GetInt32() : 0, a.GetProperty("message").GetString()))
            .ToList();
        Assert.Equal([("warning", "src/old.cs", 7, "an agent before file and line"), ("error", null, 0, "Error: no tests ran"), ("notice", "src/new.cs", 12, "unused variable")], annotations);

        using var download = await ProbeAgent.SendAsync(api, HttpMethod.Get, $"/api/v1/runs/{runId}/logs?job=build&format=text", api.ReadToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"run-{runId}-build-attempt-1.log", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = await download.Content.ReadAsStringAsync(deadline.Token);
        Assert.Equal(
            "2025-01-01T12:00:00.0000000Z ##[group]Compile\n2025-01-01T12:00:01.0000000Z compiling 3 files\n" +
            "2025-01-01T12:00:02.0000000Z ##[warning]src/old.cs:7: an agent before file and line\n2025-01-01T12:00:03.0000000Z ##[error]Error: no tests ran\n" +
            "2025-01-01T12:00:04.0000000Z ##[notice]src/new.cs:12: unused variable\n2025-01-01T12:00:05.0000000Z ##[endgroup]Compile: failure\n",
            text);
    }

    [Fact]
    public async Task Live_events_say_that_runs_and_agents_changed_and_need_a_token()
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        using (var anonymous = await api.Http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await using var events = await ServerSentEvents.OpenAsync(api.Http, "/api/v1/events", api.ReadToken);
        await api.TriggerAsync(deadline.Token);
        Assert.True(await ChangedAsync(events, "runs"));

        await ProbeAgent.RegisterAsync(api, "events-agent", "events-label");
        Assert.True(await ChangedAsync(events, "agents"));
    }

    /// <summary>Reads events until one says <paramref name="what"/> changed (others may come first: the tests share the server).</summary>
    private static async Task<bool> ChangedAsync(ServerSentEvents events, string what)
    {
        while (true)
        {
            var changed = await events.NextAsync("changed");
            using var data = JsonDocument.Parse(changed.Data);
            Assert.True(data.RootElement.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
            if (data.RootElement.GetProperty(what).GetBoolean())
            {
                return true;
            }
        }
    }

    private static string Workflow(string label, string job) => $"name: ci\non: push\njobs:\n  {job}:\n    runs-on: {label}\n    steps:\n      - run: echo {job}\n";

    private static object Entry(long seq, string kind, string text, string? step = null, string? level = null, string? file = null, int? line = null) =>
        new { seq, kind, step, text, level, at = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(seq - 1), file, line };

    private static string Needs(JsonElement job) => string.Join(",", job.GetProperty("needs").EnumerateArray().Select(n => n.GetString()));

    private static List<string?> Texts(StreamEvent lines) => [.. JsonDocument.Parse(lines.Data).RootElement.EnumerateArray().Select(l => l.GetProperty("text").GetString())];

    private static long LastId(StreamEvent lines) => JsonDocument.Parse(lines.Data).RootElement.EnumerateArray().Last().GetProperty("id").GetInt64();

    private async Task<(HttpStatusCode Status, JsonElement Json, string? Next)> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var answer = await ProbeAgent.SendAsync(api, HttpMethod.Get, path, api.ReadToken);
        var json = await ProbeAgent.ReadAsync(answer, expected);
        var link = answer.Headers.TryGetValues("Link", out var values) ? values.Single() : null;
        return (answer.StatusCode, json, link is null ? null : link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)]);
    }
}
