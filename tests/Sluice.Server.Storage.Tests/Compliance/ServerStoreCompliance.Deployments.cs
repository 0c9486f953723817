namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    private static NewDeployment DeploymentOf(RunRecord run, string key, string status = "queued", string environment = "Production", IReadOnlyList<string>? reviewers = null, DateTimeOffset? waitUntil = null, long? rollbackOf = null) =>
        new(run.RepositoryId, environment, run.Id, key, run.Ref, run.Sha, "https://shop.example", status, null, run.TriggeredBy, At(-60), rollbackOf, waitUntil, reviewers ?? [], null);

    [Fact]
    public async Task An_environment_is_one_per_name_whatever_its_case_and_keeps_its_first_spelling()
    {
        var repository = await RepositoryAsync();
        await Store.SetEnvironmentAsync(repository.Id, new EnvironmentSettings("Production", ["alice"], 0, [], false), Start, None).Timed();
        var changed = await Store.SetEnvironmentAsync(repository.Id, new EnvironmentSettings("production", ["bob", "carol"], 300, ["main", "refs/tags/v*"], true), At(5), None).Timed();

        Assert.Equal(("Production", 300, true, Start), (changed.Name, changed.WaitTimerSeconds, changed.PreventSelfReview, changed.CreatedAt));
        Assert.Equal(["bob", "carol"], changed.Reviewers);
        Assert.Equal(["main", "refs/tags/v*"], changed.DeployRefs);
        var read = await Store.EnvironmentAsync(repository.Id, "PRODUCTION", None).Timed();
        Assert.Equal((changed.Id, changed.Name, changed.WaitTimerSeconds), (read!.Id, read.Name, read.WaitTimerSeconds));
        Assert.Equal(["bob", "carol"], read.Reviewers);
        Assert.Single(await Store.EnvironmentsAsync(repository.Id, None).Timed());
        Assert.Null(await Store.EnvironmentAsync((await RepositoryAsync("other")).Id, "production", None).Timed());
    }

    [Fact]
    public async Task Deleting_an_environment_takes_its_secrets_and_variables_with_it()
    {
        var repository = await RepositoryAsync();
        var environment = await Store.SetEnvironmentAsync(repository.Id, new EnvironmentSettings("staging", [], 0, [], false), Start, None).Timed();
        await Store.SetEnvironmentSecretAsync(environment.Id, "KEY", [1, 2, 3], Start, None).Timed();
        await Store.SetEnvironmentSecretAsync(environment.Id, "KEY", [4, 5], At(1), None).Timed();
        await Store.SetEnvironmentVariableAsync(environment.Id, "REGION", "eu", Start, None).Timed();

        var secret = Assert.Single(await Store.EnvironmentSecretsAsync(environment.Id, None).Timed());
        Assert.Equal((repository.Id, "KEY", At(1)), (secret.RepositoryId, secret.Name, secret.UpdatedAt));
        Assert.Equal(new byte[] { 4, 5 }, secret.Sealed);
        Assert.Equal("eu", Assert.Single(await Store.EnvironmentVariablesAsync(environment.Id, None).Timed()).Value);

        Assert.True(await Store.DeleteEnvironmentAsync(repository.Id, "STAGING", None).Timed());
        Assert.False(await Store.DeleteEnvironmentAsync(repository.Id, "staging", None).Timed());
        Assert.Empty(await Store.EnvironmentSecretsAsync(environment.Id, None).Timed());
        Assert.Empty(await Store.EnvironmentVariablesAsync(environment.Id, None).Timed());
    }

    [Fact]
    public async Task A_leg_has_one_deployment_however_often_it_begins()
    {
        var run = await NewRunAsync();
        var first = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy"), Start, None).Timed();
        var again = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy", status: "failure"), At(9), None).Timed();

        Assert.Equal(first, again);
        Assert.Equal(("queued", "Production", run.Number, Start, (DateTimeOffset?)At(-60)), (first.Status, first.Environment, first.RunNumber, first.CreatedAt, first.CommitAt));
        Assert.Equal(first, await Store.DeploymentOfLegAsync(run.Id, "deploy", None).Timed());
        Assert.Equal(first, await Store.DeploymentAsync(first.Id, None).Timed());
    }

    [Fact]
    public async Task A_change_of_status_happens_once_from_the_status_it_expects_and_can_record_the_verified_event()
    {
        var run = await NewRunAsync();
        var deployment = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy"), Start, None).Timed();
        var verifying = new DeploymentChange(["queued", "in_progress"], "verifying") { DeployedAt = At(5), HealthStartedAt = At(5), HealthUntil = At(65), NextSampleAt = At(15), HealthFailures = 0 };

        var changed = await Store.ChangeDeploymentAsync(deployment.Id, verifying, At(5), None).Timed();
        Assert.Null(await Store.ChangeDeploymentAsync(deployment.Id, verifying, At(6), None).Timed());
        Assert.Equal(("verifying", (DateTimeOffset?)At(65), (DateTimeOffset?)At(15)), (changed!.Status, changed.HealthUntil, changed.NextSampleAt));

        var failed = await Store.ChangeDeploymentAsync(deployment.Id, new DeploymentChange(["verifying"], "failure") { FailedAt = At(20), Detail = "error rate 0.4", VerifiedConclusion = "failure" }, At(20), None).Timed();
        Assert.Equal(("failure", "error rate 0.4", (DateTimeOffset?)At(20), (DateTimeOffset?)At(5)), (failed!.Status, failed.Detail, failed.FailedAt, failed.DeployedAt));
        Assert.Equal([new RunEvent(1, "verified", "deploy", "failure", null, "error rate 0.4")], await EventsAsync(run));
    }

    [Fact]
    public async Task One_approval_lets_a_waiting_deployment_go_and_a_second_review_is_not_recorded()
    {
        var run = await NewRunAsync();
        var deployment = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy", "waiting", reviewers: ["alice", "bob"]), Start, None).Timed();

        var approved = await Store.ReviewDeploymentAsync(deployment.Id, new DeploymentReviewRow("alice", true, "ok", At(3)), At(3), None).Timed();
        var late = await Store.ReviewDeploymentAsync(deployment.Id, new DeploymentReviewRow("bob", false, "no", At(4)), At(4), None).Timed();

        Assert.True(approved.Recorded);
        Assert.Equal("queued", approved.Deployment!.Status);
        Assert.Equal([new DeploymentReviewRow("alice", true, "ok", At(3))], approved.Deployment.Reviews);
        Assert.False(late.Recorded);
        Assert.Equal("queued", late.Deployment!.Status);
    }

    [Fact]
    public async Task A_rejection_fails_the_deployment_and_an_approval_before_its_timer_ends_leaves_it_waiting_until_due()
    {
        var run = await NewRunAsync();
        var rejected = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy-1", "waiting", reviewers: ["alice"]), Start, None).Timed();
        var timed = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy-2", "waiting", reviewers: ["alice"], waitUntil: At(300)), Start, None).Timed();
        var unreviewed = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy-3", "waiting", reviewers: ["alice"], waitUntil: At(10)), Start, None).Timed();

        var no = await Store.ReviewDeploymentAsync(rejected.Id, new DeploymentReviewRow("alice", false, "not now", At(1)), At(1), None).Timed();
        Assert.Equal(("failure", "Rejected by alice: not now"), (no.Deployment!.Status, no.Deployment.Detail));

        var yes = await Store.ReviewDeploymentAsync(timed.Id, new DeploymentReviewRow("alice", true, null, At(2)), At(2), None).Timed();
        Assert.Equal("waiting", yes.Deployment!.Status);
        Assert.Empty(await Store.DueDeploymentsAsync(At(299), 10, None).Timed());
        Assert.Equal([timed.Id], (await Store.DueDeploymentsAsync(At(300), 10, None).Timed()).Select(d => d.Id));
        Assert.DoesNotContain(unreviewed.Id, (await Store.DueDeploymentsAsync(At(400), 10, None).Timed()).Select(d => d.Id));
    }

    [Fact]
    public async Task The_last_healthy_deployment_is_found_and_a_newer_healthy_one_retires_the_others()
    {
        var repository = await RepositoryAsync();
        var runs = new List<RunRecord>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await NewRunAsync());
        }

        var old = await Store.CreateDeploymentAsync(DeploymentOf(runs[0], "deploy"), Start, None).Timed();
        var good = await Store.CreateDeploymentAsync(DeploymentOf(runs[1], "deploy", environment: "production"), Start, None).Timed();
        var bad = await Store.CreateDeploymentAsync(DeploymentOf(runs[2], "deploy"), Start, None).Timed();
        foreach (var (deployment, at) in new[] { (old, 10), (good, 20) })
        {
            await Store.ChangeDeploymentAsync(deployment.Id, new DeploymentChange(["queued"], "success") { DeployedAt = At(at), HealthyAt = At(at) }, At(at), None).Timed();
        }

        Assert.Equal(1, await Store.RetireDeploymentsAsync(repository.Id, "PRODUCTION", good.Id, None).Timed());
        Assert.Equal(good.Id, (await Store.LastHealthyDeploymentAsync(repository.Id, "production", bad.Id, None).Timed())!.Id);
        Assert.Equal(old.Id, (await Store.LastHealthyDeploymentAsync(repository.Id, "production", good.Id, None).Timed())!.Id);
        Assert.Null(await Store.LastHealthyDeploymentAsync(repository.Id, "staging", bad.Id, None).Timed());
        var listed = await Store.DeploymentsAsync(new DeploymentQuery(repository.Id, "Production", null, 2), None).Timed();
        Assert.Equal([(bad.Id, "queued"), (good.Id, "success")], listed.Select(d => (d.Id, d.Status)));
        Assert.Equal("inactive", (await Store.DeploymentAsync(old.Id, None).Timed())!.Status);
    }

    [Fact]
    public async Task A_held_job_waits_pending_until_it_is_released_and_cancelling_it_ends_it()
    {
        var run = await NewRunAsync();
        await Store.QueueJobsAsync([JobOf(run, "deploy") with { Hold = "Waiting for a review" }, JobOf(run, "other") with { Hold = "Waiting for a review" }], Start, None).Timed();
        await Store.QueueJobsAsync([JobOf(run, "deploy") with { Hold = "Waiting for a review" }], At(1), None).Timed();
        var held = (await Store.JobsAsync(run.Id, None).Timed()).Single(j => j.Key == "deploy");
        Assert.Equal((JobStatuses.Pending, "Waiting for a review"), (held.Status, held.Detail));
        Assert.Null(await ClaimAsync(await AgentAsync(), "lease"));

        Assert.True(await Store.ReleaseHeldJobAsync(run.Id, "deploy", None).Timed());
        Assert.False(await Store.ReleaseHeldJobAsync(run.Id, "deploy", None).Timed());
        Assert.Equal((JobStatuses.Queued, (string?)null), ((await JobAsync(held.Id)).Status, (await JobAsync(held.Id)).Detail));

        var other = (await Store.JobsAsync(run.Id, None).Timed()).Single(j => j.Key == "other");
        await Store.RequestJobCancelAsync(other.Id, At(2), None).Timed();
        Assert.Equal((JobStatuses.Completed, "cancelled"), ((await JobAsync(other.Id)).Status, (await JobAsync(other.Id)).Conclusion));
    }

    [Fact]
    public async Task Samples_are_kept_once_per_time_and_read_latest_last()
    {
        var run = await NewRunAsync();
        var deployment = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy"), Start, None).Timed();
        for (var i = 0; i < 5; i++)
        {
            await Store.AddDeploymentSampleAsync(new DeploymentSampleRow(deployment.Id, At(i * 10), i == 4 ? "failed" : "passed", $$"""{"n":{{i}}}"""), None).Timed();
        }

        await Store.AddDeploymentSampleAsync(new DeploymentSampleRow(deployment.Id, At(40), "passed", "{}"), None).Timed();

        var latest = await Store.DeploymentSamplesAsync(deployment.Id, 3, None).Timed();
        Assert.Equal([At(20), At(30), At(40)], latest.Select(s => s.At));
        Assert.Equal("failed", latest[^1].Verdict);
    }

    [Fact]
    public async Task Removing_a_repository_removes_its_environments_and_deployments()
    {
        var run = await NewRunAsync();
        var environment = await Store.SetEnvironmentAsync(run.RepositoryId, new EnvironmentSettings("production", [], 0, [], false), Start, None).Timed();
        await Store.SetEnvironmentSecretAsync(environment.Id, "KEY", [1], Start, None).Timed();
        var deployment = await Store.CreateDeploymentAsync(DeploymentOf(run, "deploy", "waiting", reviewers: ["alice"]), Start, None).Timed();
        await Store.ReviewDeploymentAsync(deployment.Id, new DeploymentReviewRow("alice", true, null, At(1)), At(1), None).Timed();
        await Store.AddDeploymentSampleAsync(new DeploymentSampleRow(deployment.Id, At(2), "passed", "{}"), None).Timed();
        await Store.FinishRunAsync(run.Id, "success", At(3), None).Timed();

        Assert.Equal(RemovalOutcome.Removed, (await Store.RemoveRepositoryAsync(run.RepositoryId, None).Timed()).Outcome);
        Assert.Null(await Store.DeploymentAsync(deployment.Id, None).Timed());
        Assert.Empty(await Store.EnvironmentSecretsAsync(environment.Id, None).Timed());
    }
}
