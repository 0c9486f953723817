namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_queued_job_comes_back_with_everything_it_was_queued_with()
    {
        var run = await NewRunAsync();
        var job = JobOf(run, "build (linux, 20)", ["linux", "x64"], cancelled: true);

        await Store.QueueJobsAsync([job], At(2), None).Timed();
        var listed = Assert.Single(await Store.JobsAsync(run.Id, None).Timed());

        Assert.Equal((run.Id, job.Key, job.JobName, job.DisplayName, job.PayloadJson), (listed.RunId, listed.Key, listed.JobName, listed.DisplayName, listed.PayloadJson));
        Assert.Equal(["linux", "x64"], listed.Labels);
        Assert.Equal((JobStatuses.Queued, (string?)null, 0, (long?)null, (string?)null), (listed.Status, listed.Conclusion, listed.Attempt, listed.AgentId, listed.AgentName));
        Assert.Equal(((DateTimeOffset?)null, false, (string?)null, (string?)null), (listed.LeaseExpiresAt, listed.CancelRequested, listed.OutputsJson, listed.StepsJson));
        Assert.Equal((At(2), (DateTimeOffset?)null, (DateTimeOffset?)null, true), (listed.QueuedAt, listed.StartedAt, listed.FinishedAt, listed.StartCancelled));
        SameJob(listed, await JobAsync(listed.Id));
    }

    [Fact]
    public async Task Jobs_are_listed_in_the_order_they_were_queued()
    {
        var run = await NewRunAsync();
        await QueueAsync(run, "test", "build");
        await QueueAsync(run, "deploy");

        Assert.Equal(["test", "build", "deploy"], (await Store.JobsAsync(run.Id, None).Timed()).Select(j => j.Key));
    }

    [Fact]
    public async Task Queueing_a_key_the_run_has_already_leaves_that_job_as_it_is()
    {
        var run = await NewRunAsync();
        var build = (await QueueAsync(run, "build"))[0];
        var claimed = (await ClaimAsync(await AgentAsync(), "lease"))!.Job;

        await Store.QueueJobsAsync([JobOf(run, "build") with { PayloadJson = "{\"replayed\":true}" }, JobOf(run, "test")], At(9), None).Timed();

        var jobs = await Store.JobsAsync(run.Id, None).Timed();
        Assert.Equal(["build", "test"], jobs.Select(j => j.Key));
        Assert.Equal(build.Id, claimed.Id);
        SameJob(claimed, jobs[0]);
        Assert.Equal(JobStatuses.Queued, jobs[1].Status);
    }

    [Fact]
    public async Task The_same_key_in_another_run_is_another_job()
    {
        var first = (await QueueAsync(await NewRunAsync(), "build"))[0];
        var second = (await QueueAsync(await NewRunAsync(), "build"))[0];

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([first.Id, second.Id], (await Store.QueuedJobsAsync(10, None).Timed()).Select(j => j.Id));
    }

    [Fact]
    public async Task A_job_queued_as_ending_without_running_is_completed_with_its_conclusion_and_no_run_event()
    {
        var run = await NewRunAsync();

        await Store.QueueJobsAsync([JobOf(run, "lint", endsWithout: "skipped"), JobOf(run, "build")], At(4), None).Timed();

        var lint = (await Store.JobsAsync(run.Id, None).Timed())[0];
        Assert.Equal((JobStatuses.Completed, "skipped", At(4), 0), (lint.Status, lint.Conclusion, lint.FinishedAt, lint.Attempt));
        Assert.Equal(["build"], (await Store.QueuedJobsAsync(10, None).Timed()).Select(j => j.Key));
        Assert.Equal("build", (await ClaimAsync(await AgentAsync(), "lease"))!.Job.Key);
        Assert.Null(await ClaimAsync(await AgentAsync("agent-2"), "lease-2"));
        Assert.Empty(await EventsAsync(run));
    }

    [Fact]
    public async Task A_leg_that_ends_without_running_is_a_completed_job_with_one_run_event_the_first_time_only()
    {
        var run = await NewRunAsync();

        Assert.True(await Store.EndLegWithoutRunningAsync(JobOf(run, "call"), "failure", "{}", At(6), None).Timed());
        var recorded = Assert.Single(await Store.JobsAsync(run.Id, None).Timed());
        Assert.False(await Store.EndLegWithoutRunningAsync(JobOf(run, "call"), "cancelled", "{}", At(8), None).Timed());

        Assert.Equal((JobStatuses.Completed, "failure", At(6)), (recorded.Status, recorded.Conclusion, recorded.FinishedAt));
        SameJob(recorded, Assert.Single(await Store.JobsAsync(run.Id, None).Timed()));
        Assert.Equal([new RunEvent(1, "leg", "call", "failure", "{}")], await EventsAsync(run));
        Assert.Empty(await Store.QueuedJobsAsync(10, None).Timed());
    }

    [Fact]
    public async Task Ending_without_running_a_leg_that_is_queued_already_changes_nothing()
    {
        var run = await NewRunAsync();
        var build = (await QueueAsync(run, "build"))[0];

        Assert.False(await Store.EndLegWithoutRunningAsync(JobOf(run, "build"), "cancelled", "{}", At(3), None).Timed());

        SameJob(build, await JobAsync(build.Id));
        Assert.Empty(await EventsAsync(run));
    }

    [Fact]
    public async Task Queued_jobs_are_only_the_waiting_ones_oldest_first_up_to_the_limit()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        var a = await QueueAsync(first, "a", "b");
        var c = await QueueAsync(second, "c", "d");
        await QueueAsync(first, "e");
        await Store.EndLegWithoutRunningAsync(JobOf(second, "skipped"), "skipped", "{}", Start, None).Timed();
        await ClaimAsync(await AgentAsync(), "lease");

        Assert.Equal(["b", "c"], (await Store.QueuedJobsAsync(2, None).Timed()).Select(j => j.Key));
        Assert.Equal(["b", "c", "d", "e"], (await Store.QueuedJobsAsync(10, None).Timed()).Select(j => j.Key));
        Assert.Equal(JobStatuses.Running, (await JobAsync(a[0].Id)).Status);
        Assert.Equal(JobStatuses.Queued, (await JobAsync(c[1].Id)).Status);
    }
}
