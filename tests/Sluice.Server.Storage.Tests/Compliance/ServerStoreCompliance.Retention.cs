namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task Runs_finished_before_the_cutoff_are_offered_for_expiry_once_per_kind_oldest_first()
    {
        var old = await NewRunAsync();
        var older = await NewRunAsync();
        var recent = await NewRunAsync();
        var running = await NewRunAsync();
        await Store.FinishRunAsync(old.Id, "success", At(20), None).Timed();
        await Store.FinishRunAsync(older.Id, "failure", At(10), None).Timed();
        await Store.FinishRunAsync(recent.Id, "success", At(100), None).Timed();

        Assert.Equal([older.Id, old.Id], await Store.RunsToExpireAsync(RunBlobKind.Artifacts, At(50), 10, None).Timed());
        Assert.Equal([older.Id], await Store.RunsToExpireAsync(RunBlobKind.Artifacts, At(50), 1, None).Timed());

        await Store.ExpireRunBlobsAsync(RunBlobKind.Artifacts, [older.Id], At(60), None).Timed();
        await Store.ExpireRunBlobsAsync(RunBlobKind.Artifacts, [older.Id], At(70), None).Timed();

        Assert.Equal([old.Id], await Store.RunsToExpireAsync(RunBlobKind.Artifacts, At(50), 10, None).Timed());
        Assert.Equal([older.Id, old.Id], await Store.RunsToExpireAsync(RunBlobKind.Logs, At(50), 10, None).Timed());
        Assert.Equal(At(60), await Store.RunBlobsExpiredAtAsync(older.Id, RunBlobKind.Artifacts, None).Timed());
        Assert.Null(await Store.RunBlobsExpiredAtAsync(older.Id, RunBlobKind.Logs, None).Timed());
        Assert.Null(await Store.RunBlobsExpiredAtAsync(running.Id, RunBlobKind.Artifacts, None).Timed());
        Assert.DoesNotContain(running.Id, await Store.RunsToExpireAsync(RunBlobKind.Logs, At(1_000_000), 10, None).Timed());
    }

    [Fact]
    public async Task Expiring_a_runs_logs_deletes_its_lines_and_no_other_runs()
    {
        var (run, job) = await RunningBuildAsync();
        await Store.AppendLogsAsync(job.Id, 1, Hash("lease"), [Line(1), Line(2)], None).Timed();
        var other = await NewRunAsync();
        await QueueAsync(other, "test");
        var otherJob = (await ClaimAsync(await AgentAsync("agent-2"), "lease-2"))!.Job;
        await Store.AppendLogsAsync(otherJob.Id, 1, Hash("lease-2"), [Line(1, "kept")], None).Timed();

        await Store.ExpireRunBlobsAsync(RunBlobKind.Logs, [run.Id], At(5), None).Timed();

        Assert.Empty(await Store.LogsAsync(run.Id, 0, null, 100, None).Timed());
        Assert.Equal(["kept"], (await Store.LogsAsync(other.Id, 0, null, 100, None).Timed()).Select(l => l.Text));
        Assert.Equal(At(5), await Store.RunBlobsExpiredAtAsync(run.Id, RunBlobKind.Logs, None).Timed());
    }
}
