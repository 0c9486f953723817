namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task An_attempt_abandoned_below_the_limit_queues_the_job_again_and_records_why()
    {
        var (run, job) = await RunningBuildAsync(now: At(1));

        Assert.True(await Store.AbandonAttemptAsync(job.Id, 1, "failed-to-start", "the agent could not start a worker", 3, At(8), None).Timed());

        var queued = await JobAsync(job.Id);
        Assert.Equal((JobStatuses.Queued, (string?)null, (long?)null, (DateTimeOffset?)null, (DateTimeOffset?)null), (queued.Status, queued.Conclusion, queued.AgentId, queued.LeaseExpiresAt, queued.FinishedAt));
        Assert.Equal([new AttemptRow(job.Id, 1, job.AgentId, job.AgentName, "failed-to-start", "the agent could not start a worker", At(1), At(8))], await Store.AttemptsAsync(run.Id, None).Timed());
        Assert.Equal([job.Id], (await Store.QueuedJobsAsync(10, None).Timed()).Select(j => j.Id));
        Assert.Empty(await EventsAsync(run));
    }

    [Fact]
    public async Task An_attempt_abandoned_at_the_limit_fails_the_job_with_a_run_event()
    {
        var run = await NewRunAsync();
        var job = (await QueueAsync(run, "build"))[0];
        var agent = await AgentAsync();
        await ClaimAsync(agent, "lease-1");
        Assert.True(await Store.AbandonAttemptAsync(job.Id, 1, "lost", "lease expired", 2, At(61), None).Timed());
        await ClaimAsync(agent, "lease-2", At(62));

        Assert.True(await Store.AbandonAttemptAsync(job.Id, 2, "lost", "lease expired", 2, At(123), None).Timed());

        var failed = await JobAsync(job.Id);
        Assert.Equal((JobStatuses.Completed, "failure", (DateTimeOffset?)At(123), 2), (failed.Status, failed.Conclusion, failed.FinishedAt, failed.Attempt));
        Assert.Equal([new RunEvent(1, "leg", "build", "failure", "{}")], await EventsAsync(run));
        Assert.Null(await ClaimAsync(agent, "lease-3"));
        Assert.Equal(["lost", "lost"], (await Store.AttemptsAsync(run.Id, None).Timed()).Select(a => a.Outcome));
    }

    [Fact]
    public async Task An_abandoned_attempt_of_a_job_asked_to_stop_ends_it_cancelled()
    {
        var (run, job) = await RunningBuildAsync();
        await Store.RequestJobCancelAsync(job.Id, At(2), None).Timed();

        Assert.True(await Store.AbandonAttemptAsync(job.Id, 1, "lost", "lease expired", 3, At(61), None).Timed());

        var cancelled = await JobAsync(job.Id);
        Assert.Equal((JobStatuses.Completed, "cancelled"), (cancelled.Status, cancelled.Conclusion));
        Assert.Equal([new RunEvent(1, "leg", "build", "cancelled", "{}")], await EventsAsync(run));
    }

    [Fact]
    public async Task Abandoning_an_attempt_that_is_not_the_running_one_changes_nothing()
    {
        var run = await NewRunAsync();
        var jobs = await QueueAsync(run, "build", "test", "lint");
        var agent = await AgentAsync();
        var build = (await ClaimAsync(agent, "lease-build"))!.Job;
        await ClaimAsync(agent, "lease-test");
        await Store.CompleteJobAsync(jobs[1].Id, 1, Hash("lease-test"), Outcome("success"), At(3), None).Timed();
        var before = await Store.JobsAsync(run.Id, None).Timed();
        var attemptsBefore = await Store.AttemptsAsync(run.Id, None).Timed();

        Assert.False(await Store.AbandonAttemptAsync(build.Id, 2, "lost", "stale", 3, At(9), None).Timed());
        Assert.False(await Store.AbandonAttemptAsync(build.Id, 0, "lost", "stale", 3, At(9), None).Timed());
        Assert.False(await Store.AbandonAttemptAsync(jobs[1].Id, 1, "lost", "completed already", 3, At(9), None).Timed());
        Assert.False(await Store.AbandonAttemptAsync(jobs[2].Id, 0, "lost", "never claimed", 3, At(9), None).Timed());
        Assert.False(await Store.AbandonAttemptAsync(4242, 1, "lost", "unknown", 3, At(9), None).Timed());

        var after = await Store.JobsAsync(run.Id, None).Timed();
        Assert.Equal(before.Count, after.Count);
        foreach (var (expected, actual) in before.Zip(after))
        {
            SameJob(expected, actual);
        }

        Assert.Equal(attemptsBefore, await Store.AttemptsAsync(run.Id, None).Timed());
        Assert.Single(await EventsAsync(run));
    }

    [Fact]
    public async Task An_attempt_is_abandoned_once()
    {
        var (run, job) = await RunningBuildAsync();

        Assert.True(await Store.AbandonAttemptAsync(job.Id, 1, "lost", "lease expired", 1, At(61), None).Timed());
        Assert.False(await Store.AbandonAttemptAsync(job.Id, 1, "lost", "lease expired", 1, At(62), None).Timed());

        Assert.Single(await EventsAsync(run));
        Assert.Equal(At(61), Assert.Single(await Store.AttemptsAsync(run.Id, None).Timed()).EndedAt);
    }

    [Fact]
    public async Task A_lease_has_expired_only_once_its_end_has_passed()
    {
        var run = await NewRunAsync();
        var jobs = await QueueAsync(run, "build", "test", "lint");
        var agent = await AgentAsync();
        await Store.ClaimJobAsync(agent.Id, _ => true, Hash("lease-build"), Start, At(60), None).Timed();
        await Store.ClaimJobAsync(agent.Id, _ => true, Hash("lease-test"), Start, At(120), None).Timed();

        Assert.Empty(await Store.ExpiredLeasesAsync(At(60), None).Timed());
        Assert.Equal([jobs[0].Id], (await Store.ExpiredLeasesAsync(At(60).AddMilliseconds(1), None).Timed()).Select(j => j.Id));
        Assert.Equal([jobs[0].Id, jobs[1].Id], (await Store.ExpiredLeasesAsync(At(121), None).Timed()).Select(j => j.Id));

        await Store.RenewLeaseAsync(jobs[0].Id, 1, Hash("lease-build"), At(200), None).Timed();
        Assert.Equal([jobs[1].Id], (await Store.ExpiredLeasesAsync(At(121), None).Timed()).Select(j => j.Id));

        await Store.CompleteJobAsync(jobs[1].Id, 1, Hash("lease-test"), Outcome("success"), At(130), None).Timed();
        var expired = Assert.Single(await Store.ExpiredLeasesAsync(At(10_000), None).Timed());
        Assert.Equal((jobs[0].Id, 1, (DateTimeOffset?)At(200)), (expired.Id, expired.Attempt, expired.LeaseExpiresAt));
    }
}
