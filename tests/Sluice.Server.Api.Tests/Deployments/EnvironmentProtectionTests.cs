using System.Net;
using System.Text.Json;

namespace Sluice.Server.Api.Tests.Deployments;

/// <summary>
/// Jobs with an <c>environment</c> on a real server: each is a recorded deployment; the environment's reviewers, wait
/// timer and deploy refs hold it back or refuse it, and a run waits visibly meanwhile; its secrets and variables reach
/// only its jobs. The server's clock is the test's.
/// </summary>
public sealed class EnvironmentProtectionTests
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
            environment:
              name: ${{ github.ref_name == 'main' && 'Production' || 'staging' }}
              url: https://shop.example/${{ github.sha }}
            steps:
              - run: echo deployed
        """;

    [Fact]
    public async Task A_deployment_waits_for_a_reviewer_shows_why_and_goes_on_when_one_of_them_approves()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production", server.Admin, HttpStatusCode.OK, new { reviewers = new[] { "alice", "automation:release-bot" } });
        var alice = await server.TokenAsync("user:alice");
        var bob = await server.TokenAsync("user:bob");
        var run = await server.TriggerAsync();
        await server.RunJobAsync("build");

        Assert.Null(await server.ClaimAsync());
        var deploy = Job(await server.RunAsync(run), "deploy");
        Assert.Equal("pending", deploy.GetProperty("status").GetString());
        var deployment = Assert.Single((await server.DeploymentsAsync()).EnumerateArray());
        var id = deployment.GetProperty("id").GetInt64();
        Assert.Equal($"Waiting for a review by alice or automation:release-bot to deploy to 'production' (deployment {id}).", deploy.GetProperty("waiting").GetString());
        Assert.Equal("waiting", deployment.GetProperty("status").GetString());
        Assert.Equal("production", deployment.GetProperty("environment").GetString());
        Assert.Equal($"https://shop.example/{server.Source.Head}", deployment.GetProperty("url").GetString());
        Assert.Equal(["alice", "automation:release-bot"], deployment.GetProperty("reviewers").EnumerateArray().Select(r => r.GetString()));

        var (refused, problem) = await server.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/review", bob, new { approve = true });
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("only alice, automation:release-bot may review deployments to 'production': 'user:bob' is not one of them", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var approved = await server.ExpectAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/review", alice, HttpStatusCode.OK, new { approve = true, comment = "ship it" });
        Assert.Equal("queued", approved.GetProperty("status").GetString());
        var review = Assert.Single(approved.GetProperty("reviews").EnumerateArray());
        Assert.Equal(("alice", true, "ship it"), (review.GetProperty("reviewer").GetString(), review.GetProperty("approved").GetBoolean(), review.GetProperty("comment").GetString()));
        var (again, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/review", alice, new { approve = false });
        Assert.Equal(HttpStatusCode.Conflict, again);

        var claim = (await server.ClaimAsync())!.Value;
        Assert.Equal("deploy", claim.GetProperty("legKey").GetString());
        Assert.Equal("in_progress", (await Deployment(server, id)).GetProperty("status").GetString());
        await server.CompleteAsync(claim, "success");

        var done = await Deployment(server, id);
        Assert.Equal("success", done.GetProperty("status").GetString());
        Assert.Equal(DeploymentServer.Start, done.GetProperty("deployedAt").GetDateTimeOffset());
        Assert.Equal(DeploymentServer.Start, done.GetProperty("healthyAt").GetDateTimeOffset());
        Assert.Equal("success", (await server.RunAsync(run)).GetProperty("conclusion").GetString());
        var audit = await server.Server.State.Store.AuditLogAsync(20, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "deployment.approve" && a.Target == $"shop/production deployment {id}" && a.Detail == "ship it");
    }

    [Fact]
    public async Task A_rejected_deployment_fails_its_job_without_running_and_the_run_with_it()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/Production", server.Admin, HttpStatusCode.OK, new { reviewers = new[] { "alice" } });
        var alice = await server.TokenAsync("user:alice");
        var run = await server.TriggerAsync();
        await server.RunJobAsync("build");
        var id = Assert.Single((await server.DeploymentsAsync()).EnumerateArray()).GetProperty("id").GetInt64();

        var rejected = await server.ExpectAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/review", alice, HttpStatusCode.OK, new { approve = false, comment = "not during the sale" });

        Assert.Equal("failure", rejected.GetProperty("status").GetString());
        Assert.Equal("Rejected by alice: not during the sale", rejected.GetProperty("detail").GetString());
        Assert.False(rejected.TryGetProperty("failedAt", out _));
        var ended = await server.RunAsync(run);
        Assert.Equal("failure", ended.GetProperty("conclusion").GetString());
        Assert.Equal("failure", Job(ended, "deploy").GetProperty("conclusion").GetString());
        Assert.Null(await server.ClaimAsync());
    }

    [Fact]
    public async Task A_wait_timer_holds_the_deployment_until_the_clock_passes_it()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production", server.Admin, HttpStatusCode.OK, new { waitTimerSeconds = 300 });
        var run = await server.TriggerAsync();
        await server.RunJobAsync("build");
        var waiting = Assert.Single((await server.DeploymentsAsync()).EnumerateArray());
        Assert.Equal(DeploymentServer.Start.AddMinutes(5), waiting.GetProperty("waitUntil").GetDateTimeOffset());
        Assert.Contains("the wait timer (until 2026-06-01 09:05:00 UTC)", Job(await server.RunAsync(run), "deploy").GetProperty("waiting").GetString(), StringComparison.Ordinal);

        await server.AdvanceUntilAsync(TimeSpan.FromSeconds(299), _ => true, "a round");
        Assert.Null(await server.ClaimAsync());
        await server.AdvanceUntilAsync(TimeSpan.FromSeconds(1), d => d[0].GetProperty("status").GetString() == "queued", "the timer's end");

        await server.RunJobAsync("deploy");
        Assert.Equal("success", (await server.DeploymentsAsync())[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_ref_the_environment_does_not_allow_fails_the_deploy_job_without_running_it()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production", server.Admin, HttpStatusCode.OK, new { deployRefs = new[] { "release/*", "refs/tags/v*" } });
        var run = await server.TriggerAsync();
        await server.RunJobAsync("build");

        var ended = await server.RunAsync(run);
        Assert.Equal("failure", ended.GetProperty("conclusion").GetString());
        var deployment = Assert.Single((await server.DeploymentsAsync()).EnumerateArray());
        Assert.Equal("failure", deployment.GetProperty("status").GetString());
        Assert.Equal("'refs/heads/main' may not deploy to the environment 'production': its rules allow 'release/*', 'refs/tags/v*'.", deployment.GetProperty("detail").GetString());
        Assert.Null(await server.ClaimAsync());
    }

    [Fact]
    public async Task The_environment_secrets_and_variables_reach_its_jobs_over_the_repository_s_and_no_other_job()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/secrets/API_KEY", server.Admin, HttpStatusCode.NoContent, new { value = "repository-key" });
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production", server.Admin, HttpStatusCode.OK, new { });
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production/secrets/API_KEY", server.Admin, HttpStatusCode.NoContent, new { value = "production-key" });
        await server.ExpectAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production/variables/REGION", server.Admin, HttpStatusCode.NoContent, new { value = "eu-west" });
        await server.TriggerAsync();

        var build = await server.RunJobAsync("build");
        Assert.Equal("repository-key", build.GetProperty("secrets").GetProperty("API_KEY").GetString());
        Assert.False(build.GetProperty("vars").TryGetProperty("REGION", out _));
        var deploy = await server.RunJobAsync("deploy");
        Assert.Equal("production-key", deploy.GetProperty("secrets").GetProperty("API_KEY").GetString());
        Assert.Equal("eu-west", deploy.GetProperty("vars").GetProperty("REGION").GetString());

        var listed = Assert.Single((await server.ExpectAsync(HttpMethod.Get, "/api/v1/repos/shop/environments", server.Admin, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(["API_KEY"], listed.GetProperty("secrets").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain("production-key", listed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_healthy_deployment_makes_the_one_before_inactive_and_each_run_deploys_once_to_its_environment()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        var first = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");
        server.Source.Commit("a change", ("README.md", "v2"));
        server.Source.Publish();
        var second = await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");

        var deployments = (await server.DeploymentsAsync("?env=PRODUCTION")).EnumerateArray().ToList();
        Assert.Equal([second, first], deployments.Select(d => d.GetProperty("runId").GetInt64()));
        Assert.Equal(["success", "inactive"], deployments.Select(d => d.GetProperty("status").GetString()));
        Assert.Equal(server.Source.Head, deployments[0].GetProperty("sha").GetString());
        Assert.Empty((await server.DeploymentsAsync("?env=staging")).EnumerateArray());
    }

    [Fact]
    public async Task A_healthy_deployment_marked_as_needing_a_fix_counts_as_a_failed_change_until_the_next_healthy_one()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");
        var id = (await server.DeploymentsAsync())[0].GetProperty("id").GetInt64();
        var alice = await server.TokenAsync("user:alice");

        server.Clock.Advance(TimeSpan.FromMinutes(5));
        var failed = await server.ExpectAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/fail", alice, HttpStatusCode.OK, new { reason = "coupons broke checkout" });
        Assert.Equal("failure", failed.GetProperty("status").GetString());
        Assert.StartsWith("Marked as needing a fix by user:alice (", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(DeploymentServer.Start.AddMinutes(5), failed.GetProperty("failedAt").GetDateTimeOffset());
        var (again, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/fail", alice, new { reason = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again);

        server.Clock.Advance(TimeSpan.FromMinutes(20));
        server.Source.Commit("the fix", ("README.md", "fixed"));
        server.Source.Publish();
        await server.TriggerAsync();
        await server.RunJobAsync("build");
        await server.RunJobAsync("deploy");

        var dora = await server.ExpectAsync(HttpMethod.Get, "/api/v1/repos/shop/dora?env=production&since=1d", server.Admin, HttpStatusCode.OK);
        Assert.Equal(0.5, dora.GetProperty("changeFailureRate").GetProperty("value").GetDouble());
        Assert.Equal(20 * 60, dora.GetProperty("timeToRestore").GetProperty("value").GetDouble());
        Assert.Equal(2, dora.GetProperty("deploymentFrequency").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Bad_environment_settings_and_reviews_are_refused_with_what_to_do()
    {
        await using var server = await DeploymentServer.StartAsync(Workflow);
        var (wait, waitProblem) = await server.SendAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production", server.Admin, new { waitTimerSeconds = 31 * 24 * 3600 });
        Assert.Equal(HttpStatusCode.BadRequest, wait);
        Assert.Contains("the wait timer is 0 to 2592000 seconds (30 days)", waitProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (slash, _) = await server.SendAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/%20production", server.Admin, new { });
        Assert.Equal(HttpStatusCode.BadRequest, slash);
        var (missing, missingProblem) = await server.SendAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/nowhere/secrets/KEY", server.Admin, new { value = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("sluice env list --repo shop", missingProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var trigger = await server.TokenAsync("user:alice");
        var (notAdmin, _) = await server.SendAsync(HttpMethod.Put, "/api/v1/repos/shop/environments/production", trigger, new { });
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin);
        var (none, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/deployments/999/review", trigger, new { approve = true });
        Assert.Equal(HttpStatusCode.NotFound, none);
    }

    private static JsonElement Job(JsonElement run, string key) =>
        run.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("key").GetString() == key);

    private static Task<JsonElement> Deployment(DeploymentServer server, long id) =>
        server.ExpectAsync(HttpMethod.Get, $"/api/v1/deployments/{id}", server.Admin, HttpStatusCode.OK);
}
