using System.Net;
using System.Text.Json;

namespace Sluice.Server.Api.Tests.Deployments;

/// <summary>
/// An environment whose gate names a rollback workflow: a breach starts that workflow on the default branch with the
/// environment, the healthy commit and the failed deployment as its inputs, and its deploy job is the rollback (no review).
/// </summary>
public sealed class RollbackWorkflowTests : IDisposable
{
    private const string Deploy = $$$"""
        on: push
        jobs:
          deploy:
            runs-on: {{{DeploymentServer.Label}}}
            environment: production
            steps:
              - run: echo deployed
        """;

    private const string Rollback = $$$"""
        on:
          workflow_dispatch:
            inputs:
              environment: { required: true }
              sha: { required: true }
              deployment: { required: true }
        jobs:
          restore:
            runs-on: {{{DeploymentServer.Label}}}
            environment: ${{ inputs.environment }}
            steps:
              - run: ./restore.sh ${{ inputs.sha }}
        """;

    private readonly ProbeTarget _shop = new();

    public void Dispose() => _shop.Dispose();

    [Fact]
    public async Task A_breach_starts_the_named_rollback_workflow_with_the_healthy_commit_and_its_deploy_needs_no_review()
    {
        await using var server = await DeploymentServer.StartAsync(Deploy);
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production", server.Admin, HttpStatusCode.OK, new { reviewers = new[] { "alice" } });
        var alice = await server.TokenAsync("user:alice");
        server.Source.Commit("the gate and the rollback workflow", (".github/workflows/rollback.yml", Rollback), (".sluice/environments.yml", $$"""
            environments:
              production:
                window: 1m
                interval: 30s
                probes:
                  home: { url: "{{_shop.Url}}", timeout: 2s }
                conditions:
                  - probes.home.ok
                rollback:
                  workflow: rollback.yml
            """));
        server.Source.Publish();
        var goodSha = server.Source.Head;
        await server.TriggerAsync();
        await ApprovedDeployAsync(server, alice);
        await server.AdvanceUntilAsync(TimeSpan.FromMinutes(1), d => d[0].GetProperty("status").GetString() == "success", "the first window");
        server.Source.Commit("a bad change", ("README.md", "bad"));
        server.Source.Publish();
        var bad = await server.TriggerAsync();
        await ApprovedDeployAsync(server, alice);
        _shop.Status = 500;

        var breached = await server.AdvanceUntilAsync(TimeSpan.FromSeconds(30), d => d[0].GetProperty("status").GetString() == "queued", "the rollback workflow's deployment");

        var rollback = breached[0];
        var failed = breached.EnumerateArray().Single(d => d.GetProperty("runId").GetInt64() == bad);
        Assert.Equal(failed.GetProperty("id").GetInt64(), rollback.GetProperty("rollbackOf").GetInt64());
        Assert.Empty(rollback.GetProperty("reviewers").EnumerateArray());
        Assert.Contains("Rolling back: run ", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("of rollback.yml restores", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var claim = await server.RunJobAsync("restore");
        Assert.Equal(JsonValueKind.Object, claim.GetProperty("inputs").ValueKind);
        Assert.Equal(("production", goodSha, failed.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), (claim.GetProperty("inputs").GetProperty("environment").GetString(), claim.GetProperty("inputs").GetProperty("sha").GetString(), claim.GetProperty("inputs").GetProperty("deployment").GetString()));
        var run = await server.RunAsync(claim.GetProperty("runId").GetInt64());
        Assert.Equal(("workflow_dispatch", $"sluice (rollback of deployment {failed.GetProperty("id").GetInt64()})"), (run.GetProperty("event").GetString(), run.GetProperty("triggeredBy").GetString()));
    }

    private static async Task ApprovedDeployAsync(DeploymentServer server, string reviewer)
    {
        var waiting = (await server.DeploymentsAsync())[0];
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());
        await server.ExpectAsync(HttpMethod.Post, $"/api/v1/deployments/{waiting.GetProperty("id").GetInt64()}/review", reviewer, HttpStatusCode.OK, new { approve = true });
        await server.RunJobAsync("deploy");
    }
}
