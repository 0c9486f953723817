namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    private static ConcurrencyClaim RunClaim(RunRecord run, string group = "deploy", bool cancelInProgress = false) =>
        new(run.Id, "", group, cancelInProgress, null);

    private static ConcurrencyClaim LegClaim(RunRecord run, string key, string group = "deploy", bool cancelInProgress = false) =>
        new(run.Id, key, group, cancelInProgress, JobOf(run, key));

    private Task<ConcurrencyEntry> EnterAsync(ConcurrencyClaim claim) => Store.EnterConcurrencyGroupAsync(claim, Start, None).Timed();

    private async Task<string[]> MemberStatesAsync(string group = "deploy") =>
        [.. (await Store.ConcurrencyGroupAsync((await RepositoryAsync()).Id, group, None).Timed()).Select(m => $"{m.RunId}{(m.LegKey.Length > 0 ? "/" + m.LegKey : "")}:{m.State}")];

    [Fact]
    public async Task A_free_concurrency_group_is_taken_at_once_and_the_admission_is_a_run_event()
    {
        var run = await NewRunAsync();

        var entry = await EnterAsync(RunClaim(run));

        Assert.Equal((ConcurrencyStates.Running, 0), (entry.State, entry.AffectedRuns.Count));
        Assert.Equal([new RunEvent(1, "group", "", "admitted", null)], await EventsAsync(run));
        Assert.Equal([$"{run.Id}:running"], await MemberStatesAsync());
    }

    [Fact]
    public async Task A_run_that_finds_its_group_held_waits_pending_and_takes_it_when_the_holder_leaves()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        await EnterAsync(RunClaim(first));

        var entry = await EnterAsync(RunClaim(second));

        Assert.Equal(ConcurrencyStates.Pending, entry.State);
        var waiting = (await Store.RunAsync(second.Id, None).Timed())!;
        Assert.Equal((RunStatuses.Pending, $"waiting for concurrency group 'deploy' (run #{first.Number} holds it)"), (waiting.Status, waiting.Detail));
        Assert.Empty(await EventsAsync(second));

        Assert.Equal([second.Id], await Store.LeaveConcurrencyGroupAsync(first.Id, "", None).Timed());

        Assert.Equal([new RunEvent(1, "group", "", "admitted", null)], await EventsAsync(second));
        var admitted = (await Store.RunAsync(second.Id, None).Timed())!;
        Assert.NotEqual(RunStatuses.Pending, admitted.Status);
        Assert.Null(admitted.Detail);
        Assert.Equal([$"{first.Id}:done", $"{second.Id}:running"], await MemberStatesAsync());
    }

    [Fact]
    public async Task Concurrency_group_names_compare_without_regard_to_case_within_a_repository_only()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        var elsewhere = await NewRunAsync("other");
        await EnterAsync(RunClaim(first, "Deploy-Prod"));

        Assert.Equal(ConcurrencyStates.Pending, (await EnterAsync(RunClaim(second, "deploy-PROD"))).State);
        Assert.Equal(ConcurrencyStates.Running, (await EnterAsync(RunClaim(elsewhere, "Deploy-Prod"))).State);
        Assert.Equal(["Deploy-Prod", "deploy-PROD"], (await Store.ConcurrencyGroupAsync((await RepositoryAsync()).Id, "DEPLOY-prod", None).Timed()).Select(m => m.Group));
    }

    [Fact]
    public async Task A_newer_member_cancels_the_one_that_waited_and_says_why()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        var third = await NewRunAsync();
        await EnterAsync(RunClaim(first));
        await EnterAsync(RunClaim(second));

        var entry = await EnterAsync(RunClaim(third));

        Assert.Equal(ConcurrencyStates.Pending, entry.State);
        Assert.Equal([second.Id], entry.AffectedRuns);
        var reason = $"Canceled: a newer run #{third.Number} is waiting for the concurrency group 'deploy' and takes its place.";
        Assert.Equal([new RunEvent(1, "cancel", null, null, null, reason)], await EventsAsync(second));
        var cancelled = (await Store.RunAsync(second.Id, None).Timed())!;
        Assert.Equal((true, reason), (cancelled.CancelRequested, cancelled.Detail));
        Assert.Equal([$"{first.Id}:running", $"{second.Id}:cancelled", $"{third.Id}:pending"], await MemberStatesAsync());
        Assert.Equal(reason, (await Store.ConcurrencyGroupAsync((await RepositoryAsync()).Id, "deploy", None).Timed())[1].Reason);

        // The displaced run ends; leaving changes nothing, and the group goes from the holder to the newest member.
        Assert.Empty(await Store.LeaveConcurrencyGroupAsync(second.Id, "", None).Timed());
        Assert.Equal([third.Id], await Store.LeaveConcurrencyGroupAsync(first.Id, "", None).Timed());
        Assert.Equal([$"{first.Id}:done", $"{second.Id}:cancelled", $"{third.Id}:running"], await MemberStatesAsync());
    }

    [Fact]
    public async Task Cancel_in_progress_asks_the_holding_leg_to_stop_once_and_the_newcomer_waits_until_it_leaves()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        var third = await NewRunAsync();
        await EnterAsync(LegClaim(first, "deploy"));
        var running = (await QueueAsync(first, "deploy"))[0];

        var entry = await EnterAsync(LegClaim(second, "deploy", cancelInProgress: true));

        Assert.Equal(ConcurrencyStates.Pending, entry.State);
        Assert.Equal([first.Id], entry.AffectedRuns);
        var reason = $"Canceled: a newer job 'deploy' of run #{second.Number} in the concurrency group 'deploy' cancels the one in progress.";
        Assert.Equal([new RunEvent(1, "group", "deploy", "admitted", null), new RunEvent(2, "group", "deploy", "cancelled", null, reason)], await EventsAsync(first));
        Assert.Equal([$"{first.Id}/deploy:running", $"{second.Id}/deploy:pending"], await MemberStatesAsync());
        Assert.Equal((JobStatuses.Queued, reason), ((await JobAsync(running.Id)).Status, (await JobAsync(running.Id)).Detail));

        // A third with cancel-in-progress displaces the second (it waited) and does not ask the holder again.
        var again = await EnterAsync(LegClaim(third, "deploy", cancelInProgress: true));
        Assert.Equal([second.Id], again.AffectedRuns);
        Assert.Equal(2, (await EventsAsync(first)).Count);

        Assert.Equal([third.Id], await Store.LeaveConcurrencyGroupAsync(first.Id, "deploy", None).Timed());
        Assert.Equal([new RunEvent(1, "group", "deploy", "admitted", null)], await EventsAsync(third));
    }

    [Fact]
    public async Task A_waiting_leg_is_a_pending_job_no_agent_can_claim_until_it_is_queued()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        await EnterAsync(LegClaim(first, "deploy"));

        await EnterAsync(LegClaim(second, "deploy"));

        var pending = (await Store.JobsAsync(second.Id, None).Timed()).Single();
        Assert.Equal((JobStatuses.Pending, $"waiting for concurrency group 'deploy' (run #{first.Number} holds it)"), (pending.Status, pending.Detail));
        Assert.Null(await ClaimAsync(await AgentAsync(), "lease"));
        Assert.Empty(await Store.QueuedJobsAsync(10, None).Timed());

        await Store.QueueJobsAsync([JobOf(second, "deploy")], At(5), None).Timed();

        var queued = (await Store.JobsAsync(second.Id, None).Timed()).Single();
        Assert.Equal((pending.Id, JobStatuses.Queued, (string?)null, At(5)), (queued.Id, queued.Status, queued.Detail, queued.QueuedAt));
        Assert.Equal(queued.Id, (await ClaimAsync(await AgentAsync("agent-2"), "lease"))!.Job.Id);
    }

    [Fact]
    public async Task A_pending_job_cancelled_before_it_ran_ends_completed_with_one_leg_event()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        await EnterAsync(LegClaim(first, "deploy"));
        await EnterAsync(LegClaim(second, "deploy"));

        Assert.True(await Store.EndLegWithoutRunningAsync(JobOf(second, "deploy", endsWithout: "cancelled"), "cancelled", "{}", At(6), None).Timed());

        var ended = (await Store.JobsAsync(second.Id, None).Timed()).Single();
        Assert.Equal((JobStatuses.Completed, "cancelled", (string?)null), (ended.Status, ended.Conclusion, ended.Detail));
        Assert.Equal([new RunEvent(1, "leg", "deploy", "cancelled", "{}")], await EventsAsync(second));
        Assert.Empty(await Store.LeaveConcurrencyGroupAsync(second.Id, "deploy", None).Timed());
        Assert.Equal([$"{first.Id}/deploy:running", $"{second.Id}/deploy:done"], await MemberStatesAsync());
    }

    [Fact]
    public async Task Entering_or_leaving_again_changes_nothing()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        await EnterAsync(RunClaim(first));
        await EnterAsync(RunClaim(second, cancelInProgress: true));

        Assert.Equal((ConcurrencyStates.Pending, 0), ((await EnterAsync(RunClaim(second, cancelInProgress: true))).State, (await EnterAsync(RunClaim(second))).AffectedRuns.Count));
        Assert.Equal(ConcurrencyStates.Running, (await EnterAsync(RunClaim(first))).State);
        Assert.Single(await EventsAsync(first), e => e.Kind == "cancel");

        Assert.Equal([second.Id], await Store.LeaveConcurrencyGroupAsync(first.Id, "", None).Timed());
        Assert.Empty(await Store.LeaveConcurrencyGroupAsync(first.Id, "", None).Timed());
        Assert.Empty(await Store.LeaveConcurrencyGroupAsync(first.Id, "no-such-leg", None).Timed());
        Assert.Equal(ConcurrencyStates.Done, (await EnterAsync(RunClaim(first))).State);
        Assert.Equal([$"{first.Id}:done", $"{second.Id}:running"], await MemberStatesAsync());
    }

    [Fact]
    public async Task Two_members_entering_a_free_group_at_once_cannot_both_hold_it()
    {
        var runs = new List<RunRecord>();
        for (var i = 0; i < 8; i++)
        {
            runs.Add(await NewRunAsync());
        }

        var entries = await Task.WhenAll(runs.Select(run => Task.Run(() => Store.EnterConcurrencyGroupAsync(RunClaim(run), Start, None)))).Timed();

        Assert.Equal(1, entries.Count(e => e.State == ConcurrencyStates.Running));
        var states = await MemberStatesAsync();
        Assert.Equal((1, 1, 6), (states.Count(s => s.EndsWith(":running", StringComparison.Ordinal)), states.Count(s => s.EndsWith(":pending", StringComparison.Ordinal)), states.Count(s => s.EndsWith(":cancelled", StringComparison.Ordinal))));
    }
}
