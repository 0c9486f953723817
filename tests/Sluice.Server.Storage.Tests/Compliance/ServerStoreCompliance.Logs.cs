namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task Log_entries_are_stored_once_per_attempt_and_number_and_read_back_in_order()
    {
        var (run, job) = await RunningBuildAsync();

        Assert.Equal(FenceResult.Accepted, await Store.AppendLogsAsync(job.Id, 1, Hash("lease"), [Line(1), Line(2), new LogEntryRow(3, "step-start", null, "Run tests", "info", At(5))], None).Timed());
        Assert.Equal(FenceResult.Accepted, await Store.AppendLogsAsync(job.Id, 1, Hash("lease"), [new LogEntryRow(3, "line", "resent", "resent", null), Line(4)], None).Timed());

        var logs = await Store.LogsAsync(run.Id, 0, null, 100, None).Timed();
        Assert.Equal([1L, 2L, 3L, 4L], logs.Select(l => l.Seq));
        Assert.Equal(logs.Select(l => l.Id).Order(), logs.Select(l => l.Id));
        Assert.Equal(logs.Count, logs.Select(l => l.Id).Distinct().Count());
        Assert.Equal(new LogRow(logs[2].Id, job.Id, "build", 1, 3, "step-start", null, "Run tests", "info", At(5)), logs[2]);
        Assert.Equal(new LogRow(logs[0].Id, job.Id, "build", 1, 1, "line", "build", "line 1", null, null), logs[0]);
    }

    [Fact]
    public async Task A_new_attempt_keeps_its_own_log_entries_beside_the_earlier_attempts()
    {
        var run = await NewRunAsync();
        var job = (await QueueAsync(run, "build"))[0];
        await ClaimAsync(await AgentAsync(), "lease-1");
        await Store.AppendLogsAsync(job.Id, 1, Hash("lease-1"), [Line(1, "first try"), Line(2, "first try")], None).Timed();
        await Store.AbandonAttemptAsync(job.Id, 1, "lost", "lease expired", 3, At(61), None).Timed();
        await ClaimAsync(await AgentAsync("agent-2"), "lease-2", At(62));
        await Store.AppendLogsAsync(job.Id, 2, Hash("lease-2"), [Line(1, "second try"), Line(2, "second try")], None).Timed();

        var logs = await Store.LogsAsync(run.Id, 0, null, 100, None).Timed();

        Assert.Equal([(1, 1L, "first try"), (1, 2L, "first try"), (2, 1L, "second try"), (2, 2L, "second try")], logs.Select(l => (l.Attempt, l.Seq, l.Text)));
    }

    [Fact]
    public async Task Logs_are_read_for_one_job_after_an_id_and_up_to_a_limit()
    {
        var run = await NewRunAsync();
        var other = await NewRunAsync();
        await QueueAsync(run, "a", "b");
        await QueueAsync(other, "a");
        var agent = await AgentAsync();
        var a = (await ClaimAsync(agent, "lease-a"))!.Job;
        var b = (await ClaimAsync(agent, "lease-b"))!.Job;
        var otherA = (await ClaimAsync(agent, "lease-other"))!.Job;
        foreach (var (job, lease, seq) in new[] { (a, "lease-a", 1), (b, "lease-b", 1), (otherA, "lease-other", 1), (a, "lease-a", 2), (b, "lease-b", 2), (a, "lease-a", 3) })
        {
            await Store.AppendLogsAsync(job.Id, 1, Hash(lease), [Line(seq, $"{job.Key}{seq}")], None).Timed();
        }

        var all = await Store.LogsAsync(run.Id, 0, null, 100, None).Timed();

        Assert.Equal(["a1", "b1", "a2", "b2", "a3"], all.Select(l => l.Text));
        Assert.Equal(["a1", "a2", "a3"], (await Store.LogsAsync(run.Id, 0, "a", 100, None).Timed()).Select(l => l.Text));
        Assert.Equal(["a2", "b2", "a3"], (await Store.LogsAsync(run.Id, all[1].Id, null, 100, None).Timed()).Select(l => l.Text));
        Assert.Equal(["a1", "b1"], (await Store.LogsAsync(run.Id, 0, null, 2, None).Timed()).Select(l => l.Text));
        Assert.Equal(["a3"], (await Store.LogsAsync(run.Id, all[2].Id, "a", 1, None).Timed()).Select(l => l.Text));
        Assert.Empty(await Store.LogsAsync(run.Id, all[^1].Id, null, 100, None).Timed());
        Assert.Empty(await Store.LogsAsync(run.Id, 0, "c", 100, None).Timed());
        Assert.Equal(["a1"], (await Store.LogsAsync(other.Id, 0, null, 100, None).Timed()).Select(l => l.Text));

        // Parts of a log by id, read beside each other, and where a job's log ends so far.
        Assert.Equal(["a2", "b2"], (await Store.LogsAsync(run.Id, all[1].Id, all[3].Id, null, 100, None).Timed()).Select(l => l.Text));
        Assert.Equal(["a1", "a2"], (await Store.LogsAsync(run.Id, 0, all[3].Id, "a", 100, None).Timed()).Select(l => l.Text));
        Assert.Equal(["a2"], (await Store.LogsAsync(run.Id, all[0].Id, all[^1].Id, "a", 1, None).Timed()).Select(l => l.Text));
        Assert.Empty(await Store.LogsAsync(run.Id, all[2].Id, all[2].Id, null, 100, None).Timed());
        Assert.Equal(all[^1].Id, await Store.LastLogIdAsync(run.Id, "a", None).Timed());
        Assert.Equal(all[3].Id, await Store.LastLogIdAsync(run.Id, "b", None).Timed());
        Assert.Equal(all[^1].Id, await Store.LastLogIdAsync(run.Id, null, None).Timed());
        Assert.Equal(0, await Store.LastLogIdAsync(run.Id, "c", None).Timed());
        Assert.Equal(0, await Store.LastLogIdAsync((await NewRunAsync()).Id, null, None).Timed());
    }

    [Fact]
    public async Task Log_text_is_stored_exactly_as_sent()
    {
        var (run, job) = await RunningBuildAsync();
        string[] texts = ["", "  leading and trailing  ", "'; DROP TABLE logs; --", "line one\nline two\r\n", "naïve ✓ 日本語 🚀", "$run $job @p :x ?1", new string('x', 100_000)];

        await Store.AppendLogsAsync(job.Id, 1, Hash("lease"), [.. texts.Select((text, i) => new LogEntryRow(i + 1, "line", null, text, null))], None).Timed();

        Assert.Equal(texts, (await Store.LogsAsync(run.Id, 0, null, 100, None).Timed()).Select(l => l.Text));
    }
}
