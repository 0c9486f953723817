using System.Net;
using System.Text.Json;

namespace Sluice.Server.Api.Tests.Deployments;

/// <summary>
/// Health gates on a real server whose clock the test moves, probing a real service on loopback: a deployment stays
/// verifying (its leg and run wait) until its window passes; a breach fails it and its run, and deploys the last
/// healthy deployment again (a re-run of its run in which only the deploy job runs again); a rollback that breaches
/// stops there and raises the alarm.
/// </summary>
public sealed class HealthGateTests : IDisposable
{
    private const string Workflow = $$$"""
        on: push
        jobs:
          build:
            runs-on: {{{DeploymentServer.Label}}}
            steps:
              - run: echo built
          deploy:
            needs: build
            runs-on: {{{DeploymentServer.Label}}}
            environment: production
            steps:
              - run: echo deployed
        """;

    private readonly ProbeTarget _shop = new();

    public void Dispose() => _shop.Dispose();

    private string Environments => $$"""
        environments:
          production:
            window: 2m
            interval: 30s
            probes:
              home: { url: "{{_shop.Url}}", status: 200, timeout: 2s }
            conditions:
              - the shop answers: probes.home.ok
        """;

    [Fact]
    public async Task A_deployment_verifies_for_its_window_while_its_run_waits_and_becomes_healthy_when_the_window_passes()
    {
        await using var server = await StartAsync();
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/statuses", server.Admin, HttpStatusCode.OK, new { host = "github", apiUrl = "http://127.0.0.1:9", path = "acme/shop", token = "not-sent-anywhere" });
        var run = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");

        var verifying = Single(await server.DeploymentsAsync());
        Assert.Equal("verifying", verifying.GetProperty("status").GetString());
        Assert.Equal(DeploymentServer.Start.AddMinutes(2), verifying.GetProperty("health").GetProperty("until").GetDateTimeOffset());
        Assert.Equal("in_progress", (await server.RunAsync(run)).GetProperty("status").GetString());

        for (var sample = 1; sample <= 3; sample++)
        {
            var count = sample;
            await server.AdvanceUntilAsync(TimeSpan.FromSeconds(30), d => Samples(d[0]) == count, $"sample {count}");
        }

        Assert.Equal("in_progress", (await server.RunAsync(run)).GetProperty("status").GetString());
        var healthy = await server.AdvanceUntilAsync(TimeSpan.FromSeconds(30), d => d[0].GetProperty("status").GetString() == "success", "the end of the window");
        var deployment = await Deployment(server, healthy[0].GetProperty("id").GetInt64());
        Assert.Equal(DeploymentServer.Start.AddMinutes(2), deployment.GetProperty("healthyAt").GetDateTimeOffset());
        Assert.Equal("passed", deployment.GetProperty("health").GetProperty("verdict").GetString());
        Assert.Equal(4, Samples(deployment));
        var last = deployment.GetProperty("health").GetProperty("samples")[3];
        Assert.Equal(("passed", "the shop answers", "passed"), (last.GetProperty("verdict").GetString(), last.GetProperty("conditions")[0].GetProperty("name").GetString(), last.GetProperty("conditions")[0].GetProperty("outcome").GetString()));
        Assert.True(_shop.Requests >= 4);
        var ended = await WaitForRunAsync(server, run);
        Assert.Equal("success", ended.GetProperty("conclusion").GetString());
        var repository = await server.Server.State.Store.RepositoryAsync("shop", CancellationToken.None);
        var statuses = await server.Server.State.Store.CommitStatusesAsync(repository!.Id, server.Source.Head, CancellationToken.None);
        var deployStatus = Assert.Single(statuses, s => s.Context == "sluice/deploy/production");
        Assert.Equal(("success", "Healthy for 2m"), (deployStatus.State, deployStatus.Description));
    }

    [Fact]
    public async Task A_breach_fails_the_deployment_and_its_run_and_the_last_healthy_deployment_comes_back()
    {
        await using var server = await StartAsync();
        var good = await DeployHealthyAsync(server);
        server.Source.Commit("a bad change", ("README.md", "bad"));
        server.Source.Publish();
        var bad = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");
        _shop.Status = 503;

        var breached = await server.AdvanceUntilAsync(TimeSpan.FromSeconds(30), Settled(bad), "the breach and its rollback");
        var failed = Of(breached, bad)!.Value;
        Assert.Equal(bad, failed.GetProperty("runId").GetInt64());
        Assert.StartsWith("Its health gate breached: ", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("the shop answers", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"Rolling back: run ", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(DeploymentServer.Start.AddSeconds(30 * 5), failed.GetProperty("failedAt").GetDateTimeOffset());
        var badRun = await WaitForRunAsync(server, bad);
        Assert.Equal("failure", badRun.GetProperty("conclusion").GetString());

        // The rollback: a re-run of the healthy run in which the build keeps its result and only the deploy job runs again.
        var runs = await server.ExpectAsync(HttpMethod.Get, "/api/v1/runs?repo=shop", server.Admin, HttpStatusCode.OK);
        var rollback = runs.EnumerateArray().First();
        Assert.Equal(good.Run, rollback.GetProperty("rerunOf").GetInt64());
        Assert.Equal($"sluice (rollback of deployment {failed.GetProperty("id").GetInt64()})", rollback.GetProperty("triggeredBy").GetString());
        _shop.Status = 200;
        var claim = await server.RunJobAsync("deploy");
        Assert.Equal(rollback.GetProperty("id").GetInt64(), claim.GetProperty("runId").GetInt64());
        Assert.Equal(good.Sha, claim.GetProperty("sha").GetString());

        var restored = await server.AdvanceUntilAsync(TimeSpan.FromMinutes(2), d => d[0].GetProperty("status").GetString() == "success", "the rollback's window");
        Assert.Equal(failed.GetProperty("id").GetInt64(), restored[0].GetProperty("rollbackOf").GetInt64());
        Assert.Equal(["success", "rolled_back", "inactive"], restored.EnumerateArray().Select(d => d.GetProperty("status").GetString()));
        Assert.Equal("success", (await WaitForRunAsync(server, rollback.GetProperty("id").GetInt64())).GetProperty("conclusion").GetString());
        var jobs = (await server.RunAsync(rollback.GetProperty("id").GetInt64())).GetProperty("jobs").EnumerateArray().ToList();
        var build = jobs.Single(j => j.GetProperty("key").GetString() == "build");
        Assert.Equal("success", build.GetProperty("conclusion").GetString());
        Assert.False(build.TryGetProperty("agent", out _), "the rollback's build keeps the healthy run's result; no agent ran it");

        // DORA from those records: two changes (the rollback is not one), one failed; restored when the rollback became healthy.
        var dora = await server.ExpectAsync(HttpMethod.Get, "/api/v1/repos/shop/dora?env=production&since=7d", server.Admin, HttpStatusCode.OK);
        Assert.Equal((0.5, 2), (dora.GetProperty("changeFailureRate").GetProperty("value").GetDouble(), dora.GetProperty("changeFailureRate").GetProperty("count").GetInt32()));
        var restoredAt = restored[0].GetProperty("healthyAt").GetDateTimeOffset();
        Assert.Equal((restoredAt - failed.GetProperty("failedAt").GetDateTimeOffset()).TotalSeconds, dora.GetProperty("timeToRestore").GetProperty("value").GetDouble());
        Assert.Equal(1, dora.GetProperty("deploymentFrequency").GetProperty("count").GetInt32());

        // The same on /metrics, once the minute's round has computed it.
        await server.Server.State.Dora.RoundAsync(CancellationToken.None);
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Matches("""sluice_dora_change_failure_ratio\{[^}]*environment="production"[^}]*repository="shop"[^}]*\} 0\.5""", metrics);
        var restore = dora.GetProperty("timeToRestore").GetProperty("value").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches("""sluice_dora_time_to_restore_seconds\{[^}]*environment="production"[^}]*\} """ + restore + "\n", metrics);
    }

    [Fact]
    public async Task A_rollback_that_breaches_too_is_not_rolled_back_again_and_raises_the_alarm()
    {
        await using var server = await StartAsync();
        await DeployHealthyAsync(server);
        server.Source.Commit("a bad change", ("README.md", "bad"));
        server.Source.Publish();
        var bad = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");
        _shop.Status = 500;
        await server.AdvanceUntilAsync(TimeSpan.FromSeconds(30), Settled(bad), "the breach and its rollback");
        var again = (await server.RunJobAsync("deploy")).GetProperty("runId").GetInt64();

        var stopped = await server.AdvanceUntilAsync(TimeSpan.FromSeconds(30), Settled(again), "the rollback's breach");

        var rollback = Of(stopped, again)!.Value;
        Assert.Equal(JsonValueKind.Number, rollback.GetProperty("rollbackOf").ValueKind);
        Assert.Contains("Not rolled back: the rollback (deployment", rollback.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("needs a person", rollback.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await server.ClaimAsync());
        var audit = await server.Server.State.Store.AuditLogAsync(20, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "deployment.alarm");
        Assert.Equal(3, (await server.DeploymentsAsync()).GetArrayLength());
    }

    private async Task<DeploymentServer> StartAsync()
    {
        var server = await DeploymentServer.StartAsync(Workflow);
        server.Source.Commit("the health gate", (".sluice/environments.yml", Environments));
        server.Source.Publish();
        return server;
    }

    /// <summary>A first deployment that passes its window; returns its run and commit.</summary>
    private static async Task<(long Run, string Sha)> DeployHealthyAsync(DeploymentServer server)
    {
        var run = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");
        await server.AdvanceUntilAsync(TimeSpan.FromMinutes(2), d => d[0].GetProperty("status").GetString() == "success", "the first window");
        return (run, server.Source.Head);
    }

    private static async Task<JsonElement> WaitForRunAsync(DeploymentServer server, long run)
    {
        using var deadline = new CancellationTokenSource(Support.ApiServer.Timeout);
        while (true)
        {
            var view = await server.RunAsync(run);
            if (view.GetProperty("status").GetString() == "completed")
            {
                return view;
            }

            deadline.Token.ThrowIfCancellationRequested();
            await server.ExpectAsync(HttpMethod.Get, $"/api/v1/runs/{run}/logs?wait=1", server.Admin, HttpStatusCode.OK);
        }
    }

    /// <summary>The deployment of the run breached and what follows was decided: a rollback started, or the alarm raised.</summary>
    private static Func<JsonElement, bool> Settled(long run) => deployments => Of(deployments, run) is { } deployment
        && deployment.GetProperty("status").GetString() == "failure"
        && deployment.GetProperty("detail").GetString() is { } detail
        && (detail.Contains("Rolling back: ", StringComparison.Ordinal) || detail.Contains("Not rolled back: ", StringComparison.Ordinal));

    private static JsonElement? Of(JsonElement deployments, long run) =>
        deployments.EnumerateArray().Where(d => d.GetProperty("runId").GetInt64() == run).Select(d => (JsonElement?)d).FirstOrDefault();

    private static JsonElement Single(JsonElement deployments) => Assert.Single(deployments.EnumerateArray());

    private static int Samples(JsonElement deployment) =>
        deployment.TryGetProperty("health", out var health) ? health.GetProperty("samples").GetArrayLength() : 0;

    private static Task<JsonElement> Deployment(DeploymentServer server, long id) =>
        server.ExpectAsync(HttpMethod.Get, $"/api/v1/deployments/{id}", server.Admin, HttpStatusCode.OK);
}
