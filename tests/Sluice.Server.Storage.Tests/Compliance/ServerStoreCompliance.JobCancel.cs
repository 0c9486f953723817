namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task Cancelling_a_queued_job_ends_it_cancelled_with_one_run_event()
    {
        var run = await NewRunAsync();
        var job = (await QueueAsync(run, "build"))[0];

        await Store.RequestJobCancelAsync(job.Id, At(7), None).Timed();
        await Store.RequestJobCancelAsync(job.Id, At(8), None).Timed();

        var cancelled = await JobAsync(job.Id);
        Assert.Equal((JobStatuses.Completed, "cancelled", true, (DateTimeOffset?)At(7)), (cancelled.Status, cancelled.Conclusion, cancelled.CancelRequested, cancelled.FinishedAt));
        Assert.Equal([new RunEvent(1, "leg", "build", "cancelled", "{}")], await EventsAsync(run));
        Assert.Null(await ClaimAsync(await AgentAsync(), "lease"));
    }

    [Fact]
    public async Task Cancelling_a_running_job_asks_its_agent_at_the_next_renewal()
    {
        var (run, job) = await RunningBuildAsync();

        await Store.RequestJobCancelAsync(job.Id, At(7), None).Timed();

        var renewed = await Store.RenewLeaseAsync(job.Id, 1, Hash("lease"), At(90), None).Timed();
        Assert.Equal((JobStatuses.Running, true, (string?)null), (renewed?.Status, renewed?.CancelRequested, renewed?.Conclusion));
        Assert.Empty(await EventsAsync(run));

        Assert.Equal(FenceResult.Accepted, await Store.CompleteJobAsync(job.Id, 1, Hash("lease"), Outcome("cancelled"), At(8), None).Timed());
        Assert.Equal(["cancelled"], (await EventsAsync(run)).Select(e => e.Conclusion));
    }

    [Fact]
    public async Task Cancelling_a_completed_or_unknown_job_changes_nothing()
    {
        var (run, job) = await RunningBuildAsync();
        await Store.CompleteJobAsync(job.Id, 1, Hash("lease"), Outcome("success"), At(5), None).Timed();
        var completed = await JobAsync(job.Id);

        await Store.RequestJobCancelAsync(job.Id, At(9), None).Timed();
        await Store.RequestJobCancelAsync(4242, At(9), None).Timed();

        SameJob(completed, await JobAsync(job.Id));
        Assert.Equal(["success"], (await EventsAsync(run)).Select(e => e.Conclusion));
    }
}
