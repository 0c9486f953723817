namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task Renewing_the_lease_of_the_running_attempt_extends_it()
    {
        var (_, job) = await RunningBuildAsync();

        var renewed = await Store.RenewLeaseAsync(job.Id, 1, Hash("lease"), At(120), None).Timed();

        Assert.Equal((At(120), false, JobStatuses.Running), (renewed?.LeaseExpiresAt, renewed?.CancelRequested, renewed?.Status));
        Assert.Equal(At(120), (await JobAsync(job.Id)).LeaseExpiresAt);
    }

    [Theory]
    [InlineData(2, "lease")]
    [InlineData(0, "lease")]
    [InlineData(1, "another agent's lease")]
    public async Task Writes_with_a_wrong_attempt_or_lease_are_refused_and_change_nothing(int attempt, string lease)
    {
        var (run, job) = await RunningBuildAsync();

        Assert.Null(await Store.RenewLeaseAsync(job.Id, attempt, Hash(lease), At(600), None).Timed());
        Assert.Equal(FenceResult.Superseded, await Store.AppendLogsAsync(job.Id, attempt, Hash(lease), [Line(1)], None).Timed());
        Assert.Equal(FenceResult.Superseded, await Store.CompleteJobAsync(job.Id, attempt, Hash(lease), Outcome("success"), At(9), None).Timed());

        SameJob(job, await JobAsync(job.Id));
        Assert.Empty(await Store.LogsAsync(run.Id, 0, null, 100, None).Timed());
        Assert.Empty(await EventsAsync(run));
        Assert.Equal("running", Assert.Single(await Store.AttemptsAsync(run.Id, None).Timed()).Outcome);
    }

    [Fact]
    public async Task An_agent_whose_job_was_given_to_another_can_write_nothing()
    {
        var run = await NewRunAsync();
        var job = (await QueueAsync(run, "build"))[0];
        await ClaimAsync(await AgentAsync("late"), "late lease");
        await Store.AbandonAttemptAsync(job.Id, 1, "lost", "lease expired", 3, At(61), None).Timed();
        await ClaimAsync(await AgentAsync("new"), "new lease", At(62));

        foreach (var attempt in new[] { 1, 2 })
        {
            Assert.Null(await Store.RenewLeaseAsync(job.Id, attempt, Hash("late lease"), At(600), None).Timed());
            Assert.Equal(FenceResult.Superseded, await Store.AppendLogsAsync(job.Id, attempt, Hash("late lease"), [Line(1, "late")], None).Timed());
            Assert.Equal(FenceResult.Superseded, await Store.CompleteJobAsync(job.Id, attempt, Hash("late lease"), Outcome("failure"), At(70), None).Timed());
        }

        Assert.Equal(FenceResult.Accepted, await Store.CompleteJobAsync(job.Id, 2, Hash("new lease"), Outcome("success"), At(80), None).Timed());
        Assert.Empty(await Store.LogsAsync(run.Id, 0, null, 100, None).Timed());
        Assert.Equal([new RunEvent(1, "leg", "build", "success", Outcome("success").OutputsJson)], await EventsAsync(run));
    }

    [Fact]
    public async Task Writes_for_a_job_that_is_not_running_are_refused()
    {
        var run = await NewRunAsync();
        var jobs = await QueueAsync(run, "build", "test");
        await Store.QueueJobsAsync([JobOf(run, "lint", endsWithout: "skipped")], Start, None).Timed();
        var lint = (await Store.JobsAsync(run.Id, None).Timed())[2];
        var build = (await ClaimAsync(await AgentAsync(), "lease"))!.Job;
        await Store.CompleteJobAsync(build.Id, 1, Hash("lease"), Outcome("success"), At(5), None).Timed();

        foreach (var (id, attempt) in new[] { (build.Id, 1), (jobs[1].Id, 0), (jobs[1].Id, 1), (lint.Id, 0), (4242L, 1) })
        {
            Assert.Null(await Store.RenewLeaseAsync(id, attempt, Hash("lease"), At(600), None).Timed());
            Assert.Equal(FenceResult.Superseded, await Store.AppendLogsAsync(id, attempt, Hash("lease"), [Line(1)], None).Timed());
            Assert.Equal(FenceResult.Superseded, await Store.CompleteJobAsync(id, attempt, Hash("lease"), Outcome("failure"), At(9), None).Timed());
        }

        var after = await Store.JobsAsync(run.Id, None).Timed();
        Assert.Equal([(JobStatuses.Completed, "success"), (JobStatuses.Queued, null), (JobStatuses.Completed, "skipped")], after.Select(j => (j.Status, j.Conclusion)));
        Assert.Equal([new RunEvent(1, "leg", "build", "success", Outcome("success").OutputsJson)], await EventsAsync(run));
        Assert.Empty(await Store.LogsAsync(run.Id, 0, null, 100, None).Timed());
    }

    [Fact]
    public async Task Completing_records_the_outcome_the_attempts_end_and_the_legs_run_event()
    {
        var (run, job) = await RunningBuildAsync(now: At(1));
        var outcome = new JobOutcome("success", """{"version":"1.2.3"}""", """[{"name":"compile","conclusion":"success"}]""");

        Assert.Equal(FenceResult.Accepted, await Store.CompleteJobAsync(job.Id, 1, Hash("lease"), outcome, At(30), None).Timed());

        var done = await JobAsync(job.Id);
        Assert.Equal((JobStatuses.Completed, "success", outcome.OutputsJson, outcome.StepsJson), (done.Status, done.Conclusion, done.OutputsJson, done.StepsJson));
        Assert.Equal(((DateTimeOffset?)At(30), (DateTimeOffset?)null, (DateTimeOffset?)At(1)), (done.FinishedAt, done.LeaseExpiresAt, done.StartedAt));
        var attempt = Assert.Single(await Store.AttemptsAsync(run.Id, None).Timed());
        Assert.Equal(("completed", (DateTimeOffset?)At(30)), (attempt.Outcome, attempt.EndedAt));
        Assert.Equal([new RunEvent(1, "leg", "build", "success", outcome.OutputsJson)], await EventsAsync(run));
        Assert.Empty(await Store.ExpiredLeasesAsync(At(100_000), None).Timed());
    }

    [Fact]
    public async Task Completing_twice_records_one_run_event()
    {
        var (run, job) = await RunningBuildAsync();

        Assert.Equal(FenceResult.Accepted, await Store.CompleteJobAsync(job.Id, 1, Hash("lease"), Outcome("failure"), At(3), None).Timed());
        Assert.Equal(FenceResult.Superseded, await Store.CompleteJobAsync(job.Id, 1, Hash("lease"), Outcome("success"), At(4), None).Timed());

        Assert.Equal("failure", (await JobAsync(job.Id)).Conclusion);
        Assert.Equal(["failure"], (await EventsAsync(run)).Select(e => e.Conclusion));
    }
}
