using System.Text.Json;
using System.Net.Http.Headers;
using System.Text;
using Sluice.Server.Api.Tests.Support;
using static Sluice.Server.Api.Tests.Support.DocumentedCall;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// The document against the server's behaviour: a whole session of a user and an agent, with the tokens and bodies the
/// document names, gets only answers the document lists, in the content types and shapes it gives; and every operation
/// refuses a token one scope below the one it documents.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class DocumentedAnswerTests(ApiServer api)
{
    [Fact]
    public async Task A_session_of_a_user_and_an_agent_gets_only_documented_answers_and_calls_every_operation()
    {
        var calls = api.Calls();
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        (await calls.AsDocumentedAsync("GET", "/healthz")).Is(200);
        (await calls.AsDocumentedAsync("GET", "/readyz")).Is(200);
        (await calls.AsDocumentedAsync("GET", "/openapi/v1.json")).Is(200);

        await AUserAsync(calls);
        await AnAgentAsync(calls, deadline.Token);
        await APersonGetsTheArtifactsAsync(calls);
        await APersonListsTheCachesAsync(calls);
        await AnAdministratorDeletesTheCacheAsync(calls);
        await RerunsAsync(calls);
        await AnAdministratorRevokesAndRemovesAsync(calls, deadline.Token);
        await AnAdministratorChangesAndRemovesARepositoryAsync(calls);
        await AnAdministratorSetsUpAnEnvironmentAsync(calls);
        await AReviewerApprovesADeploymentAsync(calls, deadline.Token);
        await APersonSignsInAsync(calls);

        // Cancelling a run that has ended changes nothing; a run that waits cannot be run again, but can be cancelled.
        (await calls.AsDocumentedAsync("POST", "/api/v1/runs/{id}/cancel")).Is(200);
        var waiting = await api.TriggerAsync(deadline.Token);
        var busy = await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}");
        Assert.Contains($"{waiting}); cancel them first: sluice cancel RUN", busy.Is(409).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var rerun = api.Document.Find("POST", "/api/v1/runs/{id}/rerun")!;
        (await calls.SendToAsync(rerun, $"/api/v1/runs/{waiting}/rerun", api.TriggerToken, Json("""{"failedOnly": false}"""))).Is(409);
        var cancel = api.Document.Find("POST", "/api/v1/runs/{id}/cancel")!;
        var cancelled = await calls.SendToAsync(cancel, $"/api/v1/runs/{waiting}/cancel", api.TriggerToken);
        cancelled.Is(202);

        // Series the session gave a value (the queue's depth shows only while jobs wait, leases lost after the first loss).
        var metrics = await calls.AsDocumentedAsync("GET", "/metrics");
        var described = api.Document.Find("GET", "/metrics")!.Definition.GetProperty("description").GetString()!;
        foreach (var name in new[] { "sluice_jobs_running", "sluice_agents_online", "sluice_dispatch_latency_seconds", "sluice_job_duration_seconds", "sluice_webhook_deliveries_total", "sluice_runs_total" })
        {
            Assert.Contains(name, described, StringComparison.Ordinal);
            Assert.Contains(name, metrics.Text, StringComparison.Ordinal);
        }

        var never = api.Document.Operations().Select(o => o.ToString()).Except(calls.Called).Order().ToList();
        Assert.True(never.Count == 0, "operations this test does not call (add them, so that their answers are checked):\n" + string.Join("\n", never));
    }

    [Fact]
    public async Task Every_operation_refuses_a_token_one_scope_below_the_one_it_documents()
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        var below = new Dictionary<string, string>
        {
            ["read"] = await api.CreateTokenAsync("agent", deadline.Token),
            ["trigger"] = api.ReadToken,
            ["admin"] = api.TriggerToken,
        };
        var calls = api.Calls();
        var checkedOperations = 0;
        foreach (var operation in api.Document.Operations().Where(o => o.Security?.Scheme == "apiToken"))
        {
            var scope = Assert.Single(operation.Security!.Value.Roles);
            var body = operation.Definition.TryGetProperty("requestBody", out _) ? Json(operation.RequestExample()) : null;
            var answer = await calls.SendAsync(operation.Method, operation.Path, below[scope], body);
            Assert.True(answer.Status == 403, $"{operation} documents the {scope} scope, but a token below it got {answer.Status}: {answer.Text}");
            checkedOperations++;
        }

        Assert.True(checkedOperations >= 10, $"only {checkedOperations} operations take an API token");

        // The agent's endpoints take no user token, however strong.
        (await calls.SendAsync("POST", "/api/v1/agents/register", api.AdminToken, Json("""{"name": "x", "labels": [], "version": "1"}"""))).Is(401);
        (await calls.SendAsync("POST", "/api/v1/agent/claim", api.AdminToken, Json("""{"waitSeconds": 0}"""))).Is(401);
    }

    private async Task AUserAsync(DocumentedCall calls)
    {
        (await calls.AsDocumentedAsync("GET", "/api/v1/repos")).Is(200);

        // The example names a path that is not a repository: it is added, then reported unreachable; adding it again is a conflict.
        var add = Json(Example("POST", "/api/v1/repos"));
        (await calls.AsDocumentedAsync("POST", "/api/v1/repos", add)).Is(422);
        (await calls.AsDocumentedAsync("POST", "/api/v1/repos", Json(Example("POST", "/api/v1/repos")))).Is(409);

        var trigger = await calls.AsDocumentedAsync("POST", "/api/v1/repos/{name}/runs", Json(Example("POST", "/api/v1/repos/{name}/runs")));
        trigger.Is(200);
        Assert.Contains("deploy.yml", trigger.Json.GetProperty("message").GetString(), StringComparison.Ordinal);

        (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/secrets/{secret}", Json(Example("PUT", "/api/v1/repos/{name}/secrets/{secret}")))).Is(204);
        (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/secrets/{secret}", Json("[1"))).Is(400);
        var secrets = await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/secrets");
        Assert.Contains("PROBE_SECRET", secrets.Is(200).Json.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.DoesNotContain("s3cr3t-value", secrets.Text, StringComparison.Ordinal);
        var deleteSecret = api.Document.Find("DELETE", "/api/v1/repos/{name}/secrets/{secret}")!;
        var doomedSecret = $"/api/v1/repos/{ApiServer.Repository}/secrets/DOOMED_SECRET";
        (await calls.SendToAsync(api.Document.Find("PUT", "/api/v1/repos/{name}/secrets/{secret}")!, doomedSecret, api.AdminToken, Json("""{"value": "x"}"""))).Is(204);
        (await calls.SendToAsync(deleteSecret, doomedSecret, api.AdminToken)).Is(204);
        (await calls.SendToAsync(deleteSecret, doomedSecret, api.AdminToken)).Is(404);
        (await calls.SendToAsync(deleteSecret, $"/api/v1/repos/{ApiServer.Repository}/secrets/GITHUB_TOKEN", api.AdminToken)).Is(400);
        (await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/statuses")).Is(404);
        var statusTarget = Json("""{"host": "github", "apiUrl": "http://127.0.0.1:9/api/v3", "path": "acme/shop", "token": "probe-status-token"}""");
        Assert.DoesNotContain("probe-status-token", (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/statuses", statusTarget)).Is(200).Text, StringComparison.Ordinal);
        (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/statuses", Json("""{"host": "bitbucket", "apiUrl": "https://x.example", "path": "a/b", "token": "t"}"""))).Is(400);
        var shownTarget = await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/statuses");
        Assert.Equal("acme/shop", shownTarget.Is(200).Json.GetProperty("path").GetString());
        Assert.DoesNotContain("probe-status-token", shownTarget.Text, StringComparison.Ordinal);
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/statuses")).Is(204);
        (await calls.AsDocumentedAsync("GET", "/api/v1/runs", query: $"?repo={ApiServer.Repository}&limit=10")).Is(200);
        var filtered = await calls.AsDocumentedAsync("GET", "/api/v1/runs", query: $"?repo={ApiServer.Repository}&branch=main&workflow=ci.yml&event=push&before={long.MaxValue}&limit=1");
        Assert.Equal(ApiServer.Repository, Assert.Single(filtered.Is(200).Json.EnumerateArray()).GetProperty("repository").GetString());
        (await calls.AsDocumentedAsync("GET", "/api/v1/runs", query: "?status=red")).Is(400);
        var facets = await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/facets");
        Assert.Contains("main", facets.Is(200).Json.GetProperty("branches").EnumerateArray().Select(b => b.GetString()));
        var insights = await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/insights", query: "?days=7&branch=main&workflow=ci");
        Assert.Equal(7, insights.Is(200).Json.GetProperty("days").GetArrayLength());
        (await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/insights", query: "?days=0")).Is(400);
        (await calls.AsDocumentedAsync("GET", "/api/v1/events")).Is(200);
        (await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}")).Is(200);
        (await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/logs", query: "?after=0&job=build&wait=0")).Is(200);
        (await calls.AsDocumentedAsync("GET", "/api/v1/agents")).Is(200);
        var queue = await calls.AsDocumentedAsync("GET", "/api/v1/queue");
        Assert.Equal(JsonValueKind.Array, queue.Is(200).Json.GetProperty("groups").ValueKind);
        (await calls.AsDocumentedAsync("POST", "/api/v1/tokens", Json(Example("POST", "/api/v1/tokens")))).Is(201);
        (await calls.AsDocumentedAsync("POST", "/api/v1/tokens", Json("""{"scope": "agent-credential"}"""))).Is(400);
        (await calls.AsDocumentedAsync("GET", "/api/v1/audit", query: "?limit=5")).Is(200);
        (await calls.SendAsync("GET", "/api/v1/audit", null)).Is(401);

        // A delivery from no known host, and one for a repository the server does not have.
        (await calls.AsDocumentedAsync("POST", "/api/v1/hooks/{name}", Json("{}"))).Is(400);
        var hooks = api.Document.Find("POST", "/api/v1/hooks/{name}")!;
        (await calls.SendToAsync(hooks, "/api/v1/hooks/absent", null, Json("{}"))).Is(404);
    }

    /// <summary>Signing in with the documented example (unknown) and a real token; who the caller is; signing out what is not a session.</summary>
    private async Task APersonSignsInAsync(DocumentedCall calls)
    {
        (await calls.AsDocumentedAsync("POST", "/api/v1/session", Json(Example("POST", "/api/v1/session")))).Is(401);
        var signedIn = await calls.AsDocumentedAsync("POST", "/api/v1/session", Json($$"""{"token": "{{api.ReadToken}}"}"""));
        Assert.Equal("read", signedIn.Is(200).Json.GetProperty("scope").GetString());
        Assert.Equal("bearer", (await calls.AsDocumentedAsync("GET", "/api/v1/session")).Is(200).Json.GetProperty("via").GetString());
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/session")).Is(409);
        (await calls.SendAsync("DELETE", "/api/v1/session", null)).Is(401);
    }

    private async Task AnAgentAsync(DocumentedCall calls, CancellationToken cancellationToken)
    {
        var registration = await api.CreateTokenAsync("agent", cancellationToken);
        var register = Json($$"""{"name": "probe-agent", "labels": ["self-hosted", "{{ApiServer.JobLabel}}"], "version": "1"}""");
        var registered = await calls.SendAsync("POST", "/api/v1/agents/register", registration, register);
        registered.Is(200);
        (await calls.SendAsync("POST", "/api/v1/agents/register", registration, Json($$"""{"name": "again", "labels": [], "version": "1"}"""))).Is(401);
        var credential = registered.Json.GetProperty("credential").GetString()!;

        var claim = await calls.SendAsync("POST", "/api/v1/agent/claim", credential, Json(Example("POST", "/api/v1/agent/claim")));
        claim.Is(200);
        Assert.Equal(api.RunId, claim.Json.GetProperty("runId").GetInt64());
        var lease = claim.Json.GetProperty("leaseToken").GetString()!;
        var attempt = $"/api/v1/jobs/{claim.Json.GetProperty("jobId").GetInt64()}/attempts/{claim.Json.GetProperty("attempt").GetInt32()}";
        Task<Answer> Attempt(string method, string route, string token, HttpContent? body = null, string? path = null) =>
            calls.SendToAsync(api.Document.Find(method, "/api/v1/jobs/{job}/attempts/{attempt}/" + route)!, $"{attempt}/{path ?? route}", token, body);

        var source = await Attempt("GET", "source", lease);
        source.Is(200);
        Assert.StartsWith("# v", Encoding.ASCII.GetString(source.Bytes, 0, 3), StringComparison.Ordinal);
        var beat = await Attempt("POST", "heartbeat", lease);
        beat.Is(200);
        Assert.False(beat.Json.GetProperty("cancel").GetBoolean());
        (await Attempt("POST", "heartbeat", "not-the-lease-token")).Is(409);

        // A batch sent twice (a dropped connection) is stored once.
        var batch = Example("POST", "/api/v1/jobs/{job}/attempts/{attempt}/logs");
        for (var send = 0; send < 2; send++)
        {
            var ack = await Attempt("POST", "logs", lease, Json(batch));
            ack.Is(200);
            Assert.Equal(batch.GetProperty("entries").GetArrayLength(), ack.Json.GetProperty("through").GetInt64());
        }

        var logs = await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/logs", query: "?job=build&limit=20000");
        Assert.Equal(batch.GetProperty("entries").GetArrayLength(), logs.Json.GetProperty("lines").GetArrayLength());
        await APersonReadsTheStepsAndAnnotationsAsync(calls);
        (await Attempt("POST", "logs", lease, Json("""{"entries": "none"}"""))).Is(400);

        await AJobSharesArtifactsAsync(Attempt, lease);
        await AJobSharesCachesAsync(Attempt, lease);
        await AJobKeepsQualityHistoryAsync(Attempt, lease, attempt);
        await AJobReportsItsGateAsync(Attempt, lease);
        await APersonReadsTheQualityOfTheRunAsync(calls);

        (await Attempt("POST", "complete", lease, Json(Example("POST", "/api/v1/jobs/{job}/attempts/{attempt}/complete")))).Is(204);
        var reason = new StringContent("the worker died", Encoding.UTF8, new MediaTypeHeaderValue("text/plain"));
        (await Attempt("POST", "abandon", lease, reason)).Is(409);
        (await Attempt("POST", "complete", lease, Json(Example("POST", "/api/v1/jobs/{job}/attempts/{attempt}/complete")))).Is(409);
        (await calls.SendAsync("POST", "/api/v1/agent/claim", credential, Json("""{"waitSeconds": 0}"""))).Is(204);
        (await Attempt("GET", "artifacts", lease)).Is(409);

        (await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/logs/stream", query: "?job=build&after=0")).Is(200);
        var text = await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/logs", query: "?job=build&format=text&attempt=1");
        Assert.Contains("2025-01-01T12:00:01.0000000Z Restored 3 projects\n", text.Is(200).Text, StringComparison.Ordinal);
        (await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/logs", query: "?format=text")).Is(400);

        var summaries = await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/summaries");
        var summary = Assert.Single(summaries.Is(200).Json.EnumerateArray());
        Assert.Equal(("build", 1, "## Build\n1 project built"), (summary.GetProperty("job").GetString(), summary.GetProperty("step").GetInt32(), summary.GetProperty("markdown").GetString()));

        var run = await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}");
        Assert.Equal("completed", run.Json.GetProperty("status").GetString());
        Assert.Equal("success", run.Json.GetProperty("conclusion").GetString());
        var job = run.Json.GetProperty("jobs")[0];
        Assert.Equal("probe-agent", job.GetProperty("agent").GetString());
        Assert.Equal("1.4.2", job.GetProperty("outputs").GetProperty("version").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetArrayLength());
    }

    /// <summary>A person reads the steps of the job the agent runs, with their times, and the annotation its log carries, with its file and line.</summary>
    private async Task APersonReadsTheStepsAndAnnotationsAsync(DocumentedCall calls)
    {
        var stepsOperation = api.Document.Find("GET", "/api/v1/runs/{id}/jobs/{job}/steps")!;
        var steps = await calls.SendToAsync(stepsOperation, $"/api/v1/runs/{api.RunId}/jobs/build/steps", api.ReadToken);
        var step = Assert.Single(steps.Is(200).Json.GetProperty("steps").EnumerateArray());
        Assert.Equal(("build", "Build", "completed", "success"), (step.GetProperty("id").GetString(), step.GetProperty("name").GetString(), step.GetProperty("status").GetString(), step.GetProperty("conclusion").GetString()));
        Assert.Equal(TimeSpan.FromSeconds(3), step.GetProperty("finishedAt").GetDateTimeOffset() - step.GetProperty("startedAt").GetDateTimeOffset());
        (await calls.SendToAsync(stepsOperation, $"/api/v1/runs/{api.RunId}/jobs/absent/steps", api.ReadToken)).Is(404);

        var annotation = Assert.Single((await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/annotations")).Is(200).Json.EnumerateArray());
        Assert.Equal(("build", "warning", "src/Shop/Cart.cs", 42, "Possible null reference"), (annotation.GetProperty("job").GetString(), annotation.GetProperty("level").GetString(), annotation.GetProperty("file").GetString(), annotation.GetProperty("line").GetInt32(), annotation.GetProperty("message").GetString()));
    }

    /// <summary>
    /// The job's worker uploads an artifact as a tar archive under its lease token, is refused a second one of the
    /// same name unless it replaces or merges, a bad name and an archive that would unpack outside its folder; then
    /// lists the run's artifacts and downloads it back, as a later job of the run would.
    /// </summary>
    private static async Task AJobSharesArtifactsAsync(Func<string, string, string, HttpContent?, string?, Task<Answer>> attempt, string lease)
    {
        const string Upload = "artifacts/{name}";
        var first = await attempt("PUT", Upload, lease, TarArchive.Of(("report.txt", "all green"), ("sub/coverage.xml", "<coverage/>")), "artifacts/probe-output");
        first.Is(201);
        Assert.Equal(1, first.Json.GetProperty("id").GetInt32());
        var taken = await attempt("PUT", Upload, lease, TarArchive.Of(("report.txt", "again")), "artifacts/probe-output?mode=refuse");
        Assert.Contains("already exists", taken.Is(409).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var merged = await attempt("PUT", Upload, lease, TarArchive.Of(("extra.txt", "merged in")), "artifacts/probe-output?mode=merge");
        Assert.Equal(1, merged.Is(201).Json.GetProperty("id").GetInt32());
        var other = await attempt("PUT", Upload, lease, TarArchive.Of(("a.txt", "first")), "artifacts/replaced");
        var replaced = await attempt("PUT", Upload, lease, TarArchive.Of(("b.txt", "second")), "artifacts/replaced?mode=replace");
        Assert.NotEqual(other.Is(201).Json.GetProperty("id").GetInt32(), replaced.Is(201).Json.GetProperty("id").GetInt32());
        (await attempt("PUT", Upload, lease, TarArchive.Of(("a.txt", "x")), "artifacts/bad:name")).Is(400);
        (await attempt("PUT", Upload, lease, TarArchive.Of(("../outside.txt", "escaped")), "artifacts/escape")).Is(400);

        var names = await attempt("GET", "artifacts", lease, null, null);
        Assert.Equal(["probe-output", "replaced"], names.Is(200).Json.EnumerateArray().Select(n => n.GetString()));
        var downloaded = await attempt("GET", "artifacts/{name}", lease, null, "artifacts/probe-output");
        Assert.Equal(ProbeOutput, TarArchive.Files(downloaded.Is(200).Bytes));
        var swapped = await attempt("GET", "artifacts/{name}", lease, null, "artifacts/replaced");
        Assert.Equal(new Dictionary<string, string> { ["b.txt"] = "second" }, TarArchive.Files(swapped.Is(200).Bytes));
        (await attempt("GET", "artifacts/{name}", lease, null, "artifacts/absent")).Is(404);
    }

    /// <summary>
    /// The job's worker saves a cache entry under its lease token and is refused a second save of the key, an entry
    /// over the repository's cache size (with and without a declared length) and bad keys; it finds the entry by its
    /// key and by a restore-key prefix, misses with other paths (version), and downloads it back byte for byte.
    /// </summary>
    private static async Task AJobSharesCachesAsync(Func<string, string, string, HttpContent?, string?, Task<Answer>> attempt, string lease)
    {
        var archive = Encoding.UTF8.GetBytes("the server keeps an entry's bytes as they come");
        var saved = await attempt("PUT", "caches", lease, Gzip(archive), "caches?key=deps-linux-1&version=v1");
        var id = saved.Is(201).Json.GetProperty("id").GetInt64();
        Assert.Equal(archive.Length, saved.Json.GetProperty("size").GetInt64());
        Assert.StartsWith("refs/heads/", saved.Json.GetProperty("ref").GetString(), StringComparison.Ordinal);
        var again = await attempt("PUT", "caches", lease, Gzip([1, 2, 3]), "caches?key=deps-linux-1&version=v1");
        Assert.Contains("already exists", again.Is(409).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Sent as the agent sends it (Expect: 100-continue), an entry over the limit is refused from its length alone.
        var declared = await attempt("PUT", "caches", lease, Gzip(new byte[ApiServer.CacheBytes + 1]), "caches?key=big&version=v1");
        Assert.Contains("--retention-cache-size", declared.Is(413).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Without a length, the server reads up to the limit, answers 413 and closes the connection; the client may see
        // the answer or only the closed connection, depending on how much it had sent. Either way nothing is stored.
        try
        {
            (await attempt("PUT", "caches", lease, new StreamContent(new UnknownLength(new byte[ApiServer.CacheBytes + 1])), "caches?key=big-chunked&version=v1")).Is(413);
        }
        catch (HttpRequestException)
        {
            // The connection closed under the upload: the refusal the test checks below.
        }

        (await attempt("GET", "caches", lease, null, "caches?key=big&version=v1&restoreKeys=big-chunked")).Is(204);
        (await attempt("PUT", "caches", lease, Gzip(archive), "caches?key=a,b&version=v1")).Is(400);
        (await attempt("PUT", "caches", lease, Gzip(archive), "caches?key=no-version")).Is(400);

        var exact = await attempt("GET", "caches", lease, null, "caches?key=deps-linux-1&version=v1");
        Assert.Equal(id, exact.Is(200).Json.GetProperty("id").GetInt64());
        var prefix = await attempt("GET", "caches", lease, null, "caches?key=deps-linux-2&version=v1&restoreKeys=deps-macos-&restoreKeys=deps-linux-");
        Assert.Equal("deps-linux-1", prefix.Is(200).Json.GetProperty("key").GetString());
        (await attempt("GET", "caches", lease, null, "caches?key=deps-linux-1&version=other-paths")).Is(204);
        (await attempt("GET", "caches", lease, null, "caches?key=deps-linux-1&version=v1&restoreKeys=")).Is(400);
        Assert.Equal(archive, (await attempt("GET", "caches/{id}", lease, null, $"caches/{id}")).Is(200).Bytes);
        (await attempt("GET", "caches/{id}", lease, null, $"caches/{long.MaxValue}")).Is(404);
        (await attempt("GET", "caches", "not-the-lease-token", null, "caches?key=deps-linux-1&version=v1")).Is(409);
    }

    private static ByteArrayContent Gzip(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return content;
    }

    /// <summary>After the run, a person with a read token lists the repository's cache entries.</summary>
    private static async Task APersonListsTheCachesAsync(DocumentedCall calls)
    {
        var entries = await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/caches");
        Assert.Equal(["deps-linux-1"], entries.Is(200).Json.EnumerateArray().Select(e => e.GetProperty("key").GetString()));
    }

    /// <summary>
    /// An administrator deletes the run's cache entry: a ref and an id it does not have find nothing, the key in every
    /// ref finds it, and its archive goes with it.
    /// </summary>
    private async Task AnAdministratorDeletesTheCacheAsync(DocumentedCall calls)
    {
        var byId = api.Document.Find("DELETE", "/api/v1/repos/{name}/caches/{id}")!;
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/caches", query: "?key=deps-linux-1&ref=refs/heads/elsewhere")).Is(404);
        (await calls.SendToAsync(byId, $"/api/v1/repos/{ApiServer.Repository}/caches/{long.MaxValue}", api.AdminToken)).Is(404);
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/caches", query: "?key=")).Is(400);
        var deleted = await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/caches", query: "?key=deps-linux-1");
        var entry = Assert.Single(deleted.Is(200).Json.EnumerateArray());
        Assert.Equal("deps-linux-1", entry.GetProperty("key").GetString());
        Assert.Empty((await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/caches")).Is(200).Json.EnumerateArray());
        Assert.Empty(await api.Server.State.Blobs.ListAsync("caches/", CancellationToken.None).WaitAsync(ApiServer.Timeout));
        (await calls.SendToAsync(byId, $"/api/v1/repos/{ApiServer.Repository}/caches/{entry.GetProperty("id").GetInt64()}", api.AdminToken)).Is(404);
    }

    /// <summary>
    /// A second repository changed (a URL that cannot be fetched is kept and reported, polling turned on and off, the
    /// webhook secret set and removed) and removed; nothing to change, a poll out of range and an absent repository are refused.
    /// </summary>
    private async Task AnAdministratorChangesAndRemovesARepositoryAsync(DocumentedCall calls)
    {
        (await calls.SendAsync("POST", "/api/v1/repos", api.AdminToken, Json($$"""{"name": "scratch", "url": "{{api.SourcePath}}"}"""))).Is(201);
        var edit = api.Document.Find("PATCH", "/api/v1/repos/{name}")!;
        var remove = api.Document.Find("DELETE", "/api/v1/repos/{name}")!;
        var unreachable = await calls.SendToAsync(edit, "/api/v1/repos/scratch", api.AdminToken, Json("""{"url": "/nonexistent/sluice-api-tests"}"""));
        Assert.Contains("the change was kept", unreachable.Is(422).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var polled = await calls.SendToAsync(edit, "/api/v1/repos/scratch", api.AdminToken, Json($$"""{"url": "{{api.SourcePath}}", "pollSeconds": 300, "webhookSecret": "edited-secret"}"""));
        Assert.Equal((api.SourcePath, 300), (polled.Is(200).Json.GetProperty("url").GetString(), polled.Json.GetProperty("pollSeconds").GetInt32()));
        Assert.Equal("main", polled.Json.GetProperty("defaultBranch").GetString());
        var quiet = await calls.SendToAsync(edit, "/api/v1/repos/scratch", api.AdminToken, Json("""{"pollSeconds": 0, "webhookSecret": ""}"""));
        Assert.False(quiet.Is(200).Json.TryGetProperty("pollSeconds", out _));
        (await calls.SendToAsync(edit, "/api/v1/repos/scratch", api.AdminToken, Json("{}"))).Is(400);
        (await calls.SendToAsync(edit, "/api/v1/repos/scratch", api.AdminToken, Json("""{"pollSeconds": 4}"""))).Is(400);
        (await calls.SendToAsync(edit, "/api/v1/repos/absent", api.AdminToken, Json("""{"pollSeconds": 60}"""))).Is(404);

        var removed = await calls.SendToAsync(remove, "/api/v1/repos/scratch", api.AdminToken);
        Assert.Equal(("scratch", 0), (removed.Is(200).Json.GetProperty("name").GetString(), removed.Json.GetProperty("runs").GetInt32()));
        (await calls.SendToAsync(remove, "/api/v1/repos/scratch", api.AdminToken)).Is(404);

        var audit = (await calls.SendAsync("GET", "/api/v1/audit", api.AdminToken, query: "?limit=20")).Is(200);
        var edits = audit.Json.EnumerateArray().Where(a => a.GetProperty("action").GetString() == "repository.edit").Select(a => a.GetProperty("detail").GetString()).ToList();
        Assert.Contains("poll 300s -> off; webhook secret removed", edits);
        Assert.Contains(edits, e => e!.Contains("poll off -> 300s; webhook secret set", StringComparison.Ordinal));
        Assert.DoesNotContain("edited-secret", audit.Text, StringComparison.Ordinal);
        Assert.Contains(audit.Json.EnumerateArray(), a => a.GetProperty("action").GetString() == "repository.remove" && a.GetProperty("target").GetString() == "scratch");
    }

    /// <summary>An administrator gives the repository an environment with rules, a secret and a variable, lists it, and takes them away again.</summary>
    private async Task AnAdministratorSetsUpAnEnvironmentAsync(DocumentedCall calls)
    {
        var set = await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/environments/{env}", Json("""{"reviewers": ["alice"], "waitTimerSeconds": 60, "deployRefs": ["main"]}"""));
        Assert.Equal(("staging", 60), (set.Is(200).Json.GetProperty("name").GetString(), set.Json.GetProperty("waitTimerSeconds").GetInt32()));
        (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/environments/{env}", Json("""{"waitTimerSeconds": -1}"""))).Is(400);
        (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/environments/{env}/secrets/{secret}", Json("""{"value": "staging-key"}"""))).Is(204);
        (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/environments/{env}/variables/{variable}", Json("""{"value": "eu-west-1"}"""))).Is(204);
        (await calls.SendToAsync(api.Document.Find("PUT", "/api/v1/repos/{name}/environments/{env}/variables/{variable}")!, $"/api/v1/repos/{ApiServer.Repository}/environments/absent/variables/REGION", api.AdminToken, Json("""{"value": "x"}"""))).Is(404);
        var listed = Assert.Single((await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/environments")).Is(200).Json.EnumerateArray());
        Assert.Equal("eu-west-1", listed.GetProperty("variables").GetProperty("REGION").GetString());
        Assert.DoesNotContain("staging-key", listed.GetRawText(), StringComparison.Ordinal);
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/environments/{env}/variables/{variable}")).Is(204);
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/environments/{env}/secrets/{secret}")).Is(204);
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/environments/{env}")).Is(204);
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/environments/{env}")).Is(404);
    }

    /// <summary>A run of a repository whose deploy job needs a review: its deployment is listed, read, approved once and refused a second review.</summary>
    private async Task AReviewerApprovesADeploymentAsync(DocumentedCall calls, CancellationToken cancellationToken)
    {
        await api.AddRepositoryAsync("deploys", "on: push\njobs:\n  deploy:\n    runs-on: nobody-has-this\n    environment: production\n    steps:\n      - run: echo deployed\n", cancellationToken);
        (await calls.SendToAsync(api.Document.Find("PUT", "/api/v1/repos/{name}/environments/{env}")!, "/api/v1/repos/deploys/environments/production", api.AdminToken, Json("""{"reviewers": ["admin"]}"""))).Is(200);
        await api.TriggerAsync("deploys", null, cancellationToken);
        var list = await calls.SendToAsync(api.Document.Find("GET", "/api/v1/repos/{name}/deployments")!, "/api/v1/repos/deploys/deployments?env=production&limit=10", api.ReadToken);
        var deployment = Assert.Single(list.Is(200).Json.EnumerateArray());
        Assert.Equal("waiting", deployment.GetProperty("status").GetString());
        var id = deployment.GetProperty("id").GetInt64();
        (await calls.SendToAsync(api.Document.Find("GET", "/api/v1/repos/{name}/deployments")!, "/api/v1/repos/deploys/deployments?limit=0", api.ReadToken)).Is(400);
        var one = await calls.SendToAsync(api.Document.Find("GET", "/api/v1/deployments/{id}")!, $"/api/v1/deployments/{id}", api.ReadToken);
        Assert.Equal(["admin"], one.Is(200).Json.GetProperty("reviewers").EnumerateArray().Select(r => r.GetString()));
        (await calls.SendToAsync(api.Document.Find("GET", "/api/v1/deployments/{id}")!, "/api/v1/deployments/999999", api.ReadToken)).Is(404);
        var review = api.Document.Find("POST", "/api/v1/deployments/{id}/review")!;
        var approved = await calls.SendToAsync(review, $"/api/v1/deployments/{id}/review", api.TriggerToken, Json(Example("POST", "/api/v1/deployments/{id}/review")));
        Assert.Equal("queued", approved.Is(200).Json.GetProperty("status").GetString());
        (await calls.SendToAsync(review, $"/api/v1/deployments/{id}/review", api.TriggerToken, Json("""{"approve": false}"""))).Is(409);
        (await calls.SendToAsync(review, $"/api/v1/deployments/{id}/review", api.ReadToken, Json("""{"approve": true}"""))).Is(403);
        (await calls.SendToAsync(review, $"/api/v1/deployments/{id}/review", api.TriggerToken, Json("""{"approve": "yes"}"""))).Is(400);
        var fail = api.Document.Find("POST", "/api/v1/deployments/{id}/fail")!;
        (await calls.SendToAsync(fail, $"/api/v1/deployments/{id}/fail", api.TriggerToken, Json(Example("POST", "/api/v1/deployments/{id}/fail")))).Is(409);
        (await calls.SendToAsync(fail, $"/api/v1/deployments/{id}/fail", api.TriggerToken, Json("""{"reason": " "}"""))).Is(400);
        var dora = api.Document.Find("GET", "/api/v1/repos/{name}/dora")!;
        var figures = await calls.SendToAsync(dora, "/api/v1/repos/deploys/dora?env=production&since=7d", api.ReadToken);
        Assert.Equal((7 + 1, 0), (figures.Is(200).Json.GetProperty("days").GetArrayLength(), figures.Json.GetProperty("deploymentFrequency").GetProperty("count").GetInt32()));
        (await calls.SendToAsync(dora, "/api/v1/repos/deploys/dora?since=1y", api.ReadToken)).Is(400);
    }

    /// <summary>The job's <c>sluice gate</c> sends what it judged, for the run's page; a report of the wrong shape is refused.</summary>
    private async Task AJobReportsItsGateAsync(Func<string, string, string, HttpContent?, string?, Task<Answer>> attempt, string lease)
    {
        var example = Example("POST", "/api/v1/jobs/{job}/attempts/{attempt}/history/report");
        var report = await attempt("POST", "history/report", lease, Json(example), null);
        Assert.Equal("failed", report.Is(201).Json.GetProperty("verdict").GetString());
        (await attempt("POST", "history/report", lease, Json("""{"verdict": "failed"}"""), null)).Is(400);
        (await attempt("POST", "history/report", "not-the-lease-token", Json(example), null)).Is(409);
    }

    /// <summary>A person reads the run's gate report and tests, a test's history, the quarantine and benchmark trends, and quarantines a test.</summary>
    private async Task APersonReadsTheQualityOfTheRunAsync(DocumentedCall calls)
    {
        var quality = await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/quality");
        Assert.Equal("build", Assert.Single(quality.Is(200).Json.GetProperty("reports").EnumerateArray()).GetProperty("job").GetString());
        var tests = await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/tests", query: "?outcome=failing&limit=10");
        Assert.Equal("Shop.CartTests.Adds_items", tests.Is(200).Json.GetProperty("tests")[0].GetProperty("test").GetString());
        (await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/tests", query: "?limit=0")).Is(400);
        var history = await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/tests/history", query: "?test=Shop.CartTests.Adds_items&limit=5");
        Assert.NotEmpty(history.Is(200).Json.GetProperty("points").EnumerateArray());
        (await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/tests/history")).Is(400);
        (await calls.AsDocumentedAsync("PUT", "/api/v1/repos/{name}/quarantine", Json(Example("PUT", "/api/v1/repos/{name}/quarantine")), "?test=Shop.CartTests.Adds_items")).Is(200);
        Assert.Single((await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/quarantine")).Is(200).Json.EnumerateArray());
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/quarantine", query: "?test=Shop.CartTests.Adds_items")).Is(204);
        (await calls.AsDocumentedAsync("DELETE", "/api/v1/repos/{name}/quarantine", query: "?test=Shop.CartTests.Adds_items")).Is(404);
        (await calls.AsDocumentedAsync("GET", "/api/v1/repos/{name}/benchmarks", query: "?branch=main&limit=10")).Is(200);
    }

    /// <summary>
    /// The job's <c>sluice gate</c> records a run in its repository's quality history and reads back what the analyses
    /// need: the runs of a branch, the results of tests, a benchmark's series, durations, and the quarantine list.
    /// </summary>
    private async Task AJobKeepsQualityHistoryAsync(Func<string, string, string, HttpContent?, string?, Task<Answer>> attempt, string lease, string attemptPath)
    {
        var recorded = await attempt("POST", "history/runs", lease, Json(Example("POST", "/api/v1/jobs/{job}/attempts/{attempt}/history/runs")), null);
        var id = recorded.Is(201).Json.GetProperty("id").GetInt64();
        (await attempt("POST", "history/runs", lease, Json("""{"commitSha": "c", "treeHash": "t", "branch": "main", "tests": [{"id": "A", "outcome": "Sideways", "durationSeconds": 1, "attempts": 1}], "benchmarks": []}"""), null)).Is(400);
        var runs = await attempt("GET", "history/runs", lease, null, "history/runs?branch=main&limit=5");
        Assert.Equal([id], runs.Is(200).Json.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        var results = await attempt("POST", "history/results", lease, Json($$"""{"runs": [{{id}}], "tests": null, "failingOnly": true}"""), null);
        var failing = Assert.Single(results.Is(200).Json.EnumerateArray());
        Assert.Equal(("Shop.CartTests.Adds_items", "Failed"), (failing.GetProperty("test").GetString(), failing.GetProperty("outcome").GetString()));
        (await attempt("GET", "history/benchmarks", lease, null, "history/benchmarks?name=Parse&branch=main")).Is(200);
        (await attempt("GET", "history/benchmarks", lease, null, "history/benchmarks")).Is(400);
        var durations = await attempt("GET", "history/durations", lease, null, "history/durations?branch=main");
        Assert.Equal(0.12, Assert.Single(durations.Is(200).Json.EnumerateArray()).GetProperty("seconds").GetDouble());
        var quarantine = Json(Example("PUT", "/api/v1/jobs/{job}/attempts/{attempt}/history/quarantine"));
        (await attempt("PUT", "history/quarantine", lease, quarantine, "history/quarantine?test=Shop.CartTests.Adds_items")).Is(200);
        Assert.Single((await attempt("GET", "history/quarantine", lease, null, null)).Is(200).Json.EnumerateArray());
        (await attempt("DELETE", "history/quarantine", lease, null, "history/quarantine?test=Shop.CartTests.Adds_items")).Is(204);
        (await attempt("DELETE", "history/quarantine", lease, null, "history/quarantine?test=Shop.CartTests.Adds_items")).Is(404);
        (await attempt("GET", "history/quarantine", "not-the-lease-token", null, null)).Is(409);

        // Hostile uploads: over the request limit, and a test given twice; neither records anything.
        var huge = $$"""{"commitSha": "c", "treeHash": "t", "branch": "main", "tests": [{"id": "{{new string('x', 33 * 1024 * 1024)}}", "outcome": "Passed", "durationSeconds": 1, "attempts": 1}], "benchmarks": []}""";
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"{attemptPath}/history/runs") { Content = new StringContent(huge, Encoding.UTF8, "application/json") })
        {
            // As a careful client sends a large body: the server refuses it from its headers, before it is sent.
            request.Headers.ExpectContinue = true;
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", lease);
            using var response = await api.Http.SendAsync(request);
            Assert.Equal(413, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        (await attempt("POST", "history/runs", lease, Json("""{"commitSha": "c", "treeHash": "t", "branch": "main", "tests": [{"id": "A", "outcome": "Passed", "durationSeconds": 1, "attempts": 1}, {"id": "A", "outcome": "Failed", "durationSeconds": 1, "attempts": 1}], "benchmarks": []}"""), null)).Is(400);
        Assert.Single((await attempt("GET", "history/runs", lease, null, null)).Is(200).Json.EnumerateArray());

        // A step summary over GitHub's 1 MiB is refused, and the job is not completed by it.
        var oversized = $$"""{"conclusion": "success", "outputs": {}, "steps": [], "summaries": ["{{new string('s', (1024 * 1024) + 1)}}"], "durationSeconds": 1}""";
        (await attempt("POST", "complete", lease, Json(oversized), null)).Is(400);
    }

    private static readonly Dictionary<string, string> ProbeOutput = new()
    {
        ["extra.txt"] = "merged in",
        ["report.txt"] = "all green",
        ["sub/coverage.xml"] = "<coverage/>",
    };

    /// <summary>After the run, a person with a read token lists its artifacts and downloads one.</summary>
    private async Task APersonGetsTheArtifactsAsync(DocumentedCall calls)
    {
        var names = await calls.AsDocumentedAsync("GET", "/api/v1/runs/{id}/artifacts");
        Assert.Equal(["probe-output", "replaced"], names.Is(200).Json.EnumerateArray().Select(n => n.GetString()));
        var download = api.Document.Find("GET", "/api/v1/runs/{id}/artifacts/{name}")!;
        var token = calls.DocumentedToken("GET", download.Path);
        var artifact = await calls.SendToAsync(download, $"/api/v1/runs/{api.RunId}/artifacts/probe-output", token);
        Assert.Equal(ProbeOutput, TarArchive.Files(artifact.Is(200).Bytes));
        (await calls.SendToAsync(download, $"/api/v1/runs/{api.RunId}/artifacts/absent", token)).Is(404);
        (await calls.SendToAsync(download, $"/api/v1/runs/{long.MaxValue}/artifacts/probe-output", token)).Is(404);
    }

    /// <summary>The finished run again: all of it (its job queued anew), then only what failed (nothing, so its job is kept).</summary>
    private async Task RerunsAsync(DocumentedCall calls)
    {
        const string Rerun = "/api/v1/runs/{id}/rerun";
        var all = await calls.AsDocumentedAsync("POST", Rerun, Json("""{"failedOnly": false}"""));
        var again = all.Is(201).Json;
        Assert.NotEqual(api.RunId, again.GetProperty("id").GetInt64());
        Assert.Equal(api.RunId, again.GetProperty("rerunOf").GetInt64());
        Assert.Equal(2, again.GetProperty("runAttempt").GetInt32());
        Assert.Equal(1, again.GetProperty("number").GetInt64());
        Assert.Equal("queued", again.GetProperty("jobs")[0].GetProperty("status").GetString());

        Assert.True(Example("POST", Rerun).GetProperty("failedOnly").GetBoolean());
        var failedOnly = await calls.AsDocumentedAsync("POST", Rerun, Json(Example("POST", Rerun)));
        var kept = failedOnly.Is(201).Json.GetProperty("jobs")[0];
        Assert.Equal("success", kept.GetProperty("conclusion").GetString());
        Assert.Equal($"kept from run {api.RunId}", kept.GetProperty("waiting").GetString());
        Assert.Equal("1.4.2", kept.GetProperty("outputs").GetProperty("version").GetString());
        (await calls.AsDocumentedAsync("POST", Rerun, Json("[1"))).Is(400);
    }

    /// <summary>
    /// Tokens listed and revoked (a revoked token is refused at once), the probe agent disabled, enabled and removed
    /// (its credential refused at once), and the names and ids of neither refused as the document says.
    /// </summary>
    private async Task AnAdministratorRevokesAndRemovesAsync(DocumentedCall calls, CancellationToken cancellationToken)
    {
        var listed = await calls.AsDocumentedAsync("GET", "/api/v1/tokens");
        Assert.Contains(listed.Is(200).Json.EnumerateArray(), t => t.GetProperty("scope").GetString() == "admin" && t.GetProperty("owner").GetString() == "user:admin");

        var doomed = await api.CreateTokenAsync("read", cancellationToken);
        var revoke = api.Document.Find("DELETE", "/api/v1/tokens/{token}")!;
        var admin = api.AdminToken;
        var revoked = await calls.SendToAsync(revoke, "/api/v1/tokens/" + doomed[..16], admin);
        Assert.Equal(doomed[..16], revoked.Is(200).Json.GetProperty("prefix").GetString());
        (await calls.SendAsync("GET", "/api/v1/repos", doomed)).Is(401);
        (await calls.SendToAsync(revoke, "/api/v1/tokens/" + doomed, admin)).Is(409);
        (await calls.SendToAsync(revoke, "/api/v1/tokens/slu_rdo_", admin)).Is(400);
        (await calls.SendToAsync(revoke, "/api/v1/tokens/slu_xyz_AbCd1234", admin)).Is(400);
        (await calls.SendToAsync(revoke, "/api/v1/tokens/%E2%80%AE1", admin)).Is(400);
        (await calls.SendToAsync(revoke, "/api/v1/tokens/987654321", admin)).Is(404);
        (await calls.SendToAsync(revoke, "/api/v1/tokens/slu_agc_zzzz", admin)).Is(404);

        Task<Answer> Agent(string method, string route, string name) =>
            calls.SendToAsync(api.Document.Find(method, "/api/v1/agents/{agent}" + route)!, $"/api/v1/agents/{name}{route}", admin);
        var disabled = await Agent("POST", "/disable", "probe-agent");
        Assert.True(disabled.Is(200).Json.GetProperty("disabled").GetBoolean());
        Assert.StartsWith("slu_agc_", disabled.Json.GetProperty("credential").GetString(), StringComparison.Ordinal);
        Assert.False((await Agent("POST", "/enable", "probe-agent")).Is(200).Json.GetProperty("disabled").GetBoolean());
        (await Agent("POST", "/disable", "absent")).Is(404);
        (await Agent("POST", "/enable", new string('a', 101))).Is(400);
        var removed = await Agent("DELETE", "", "probe-agent");
        Assert.Equal("probe-agent", removed.Is(200).Json.GetProperty("name").GetString());
        Assert.Equal(0, removed.Json.GetProperty("requeuedJobs").GetArrayLength());
        (await Agent("DELETE", "", "probe-agent")).Is(404);
        (await Agent("DELETE", "", "%0A")).Is(400);
    }

    private System.Text.Json.JsonElement Example(string method, string template) => api.Document.Find(method, template)!.RequestExample();
}
