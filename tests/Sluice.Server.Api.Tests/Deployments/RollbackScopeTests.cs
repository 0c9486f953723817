using System.Net;
using System.Text.Json;

namespace Sluice.Server.Api.Tests.Deployments;

/// <summary>
/// What a rollback runs again: the jobs that deployed to the environment that breached and what needs them, but not
/// a job that deploys to another environment after it (production after staging), which was not rolled back and
/// keeps its deployment. The server's clock is the test's.
/// </summary>
public sealed class RollbackScopeTests : IDisposable
{
    private const string Workflow = $$$"""
        on: push
        jobs:
          build:
            runs-on: {{{DeploymentServer.Label}}}
            steps:
              - run: echo built
          staging:
            needs: build
            runs-on: {{{DeploymentServer.Label}}}
            environment: staging
            steps:
              - run: echo deployed to staging
          smoke:
            needs: staging
            runs-on: {{{DeploymentServer.Label}}}
            steps:
              - run: echo smoke-tested staging
          production:
            needs: staging
            runs-on: {{{DeploymentServer.Label}}}
            environment: production
            steps:
              - run: echo deployed to production
        """;

    private readonly ProbeTarget _shop = new();

    public void Dispose() => _shop.Dispose();

    [Fact]
    public async Task Rolling_back_staging_runs_its_deploy_and_smoke_test_again_but_leaves_production_as_it_was()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        server.Source.Commit("the health gate", (".sluice/environments.yml", $$"""
            environments:
              staging:
                window: 1m
                interval: 30s
                probes:
                  home: { url: "{{_shop.Url}}", status: 200, timeout: 2s }
                conditions:
                  - probes.home.ok
            """));
        server.Source.Publish();
        var good = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("staging");
        await server.AdvanceUntilAsync(TimeSpan.FromMinutes(1), d => Status(d, good, "staging") == "success", "staging healthy");
        await RunJobsAsync(server, "production", "smoke");

        server.Source.Commit("a bad change", ("README.md", "bad"));
        server.Source.Publish();
        var bad = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("staging");
        _shop.Status = 503;
        var breached = await server.AdvanceUntilAsync(TimeSpan.FromSeconds(30), d => Status(d, bad, "staging") == "failure" && Of(d, bad, "staging")!.Value.GetProperty("detail").GetString()!.Contains("Rolling back: ", StringComparison.Ordinal), "the breach and its rollback");
        _shop.Status = 200;
        var redeploy = await ClaimSoonAsync(server, "the rollback's staging deploy");
        Assert.Equal("staging", redeploy.GetProperty("legKey").GetString());
        await server.CompleteAsync(redeploy, "success");
        var rollback = redeploy.GetProperty("runId").GetInt64();
        await server.AdvanceUntilAsync(TimeSpan.FromMinutes(1), d => Status(d, rollback, "staging") == "success", "the rollback healthy");
        await RunJobsAsync(server, "smoke");

        Assert.Null(await server.ClaimAsync());
        var run = await server.RunAsync(rollback);
        Assert.Equal(("completed", "success"), (run.GetProperty("status").GetString(), run.GetProperty("conclusion").GetString()));
        var production = run.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("key").GetString() == "production");
        Assert.Equal("success", production.GetProperty("conclusion").GetString());
        Assert.False(production.TryGetProperty("agent", out _), "production keeps the healthy run's result; no agent ran it");
        var deployments = await server.DeploymentsAsync();
        Assert.Equal([good], deployments.EnumerateArray().Where(d => d.GetProperty("environment").GetString() == "production").Select(d => d.GetProperty("runId").GetInt64()));
        Assert.Equal("success", Status(deployments, good, "production"));
        Assert.Equal("rolled_back", Status(deployments, bad, "staging"));
        Assert.Equal(Of(breached, bad, "staging")!.Value.GetProperty("id").GetInt64(), Of(deployments, rollback, "staging")!.Value.GetProperty("rollbackOf").GetInt64());
    }

    /// <summary>
    /// Claims and completes as many jobs as <paramref name="keys"/> names, in whatever order the server gives them, each
    /// as soon as it is queued (a leg whose deployment turned healthy ends a moment later, and only then are the jobs
    /// that need it queued).
    /// </summary>
    private static async Task RunJobsAsync(DeploymentServer server, params string[] keys)
    {
        var ran = new List<string>();
        foreach (var _ in keys)
        {
            var claim = await ClaimSoonAsync(server, $"ran {string.Join(", ", ran)} of {string.Join(", ", keys)}");
            ran.Add(claim.GetProperty("legKey").GetString()!);
            await server.CompleteAsync(claim, "success");
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), ran.Order(StringComparer.Ordinal));
    }

    private static async Task<JsonElement> ClaimSoonAsync(DeploymentServer server, string what)
    {
        using var deadline = new CancellationTokenSource(Support.ApiServer.Timeout);
        while (true)
        {
            if (await server.ClaimAsync() is { } claim)
            {
                return claim;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"no job to claim within {Support.ApiServer.Timeout.TotalSeconds} s; {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    private static string? Status(JsonElement deployments, long run, string environment) =>
        Of(deployments, run, environment)?.GetProperty("status").GetString();

    private static JsonElement? Of(JsonElement deployments, long run, string environment) =>
        deployments.EnumerateArray()
            .Where(d => d.GetProperty("runId").GetInt64() == run && d.GetProperty("environment").GetString() == environment)
            .Select(d => (JsonElement?)d)
            .FirstOrDefault();
}
