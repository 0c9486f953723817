namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task Run_numbers_count_from_one_in_each_repository()
    {
        var runs = new List<RunRecord>();
        foreach (var repository in new[] { "a", "a", "b", "a", "b" })
        {
            runs.Add(await NewRunAsync(repository));
        }

        Assert.Equal([("a", 1L), ("a", 2L), ("b", 1L), ("a", 3L), ("b", 2L)], runs.Select(r => (r.Repository, r.Number)));
        Assert.Equal(5, runs.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_run_comes_back_with_everything_it_was_created_from()
    {
        var repository = await RepositoryAsync();
        var created = await Store.CreateRunAsync(RunOf(repository.Id) with { SecretsAllowed = false, Event = "pull_request" }, At(3), None).Timed();

        var read = await Store.RunAsync(created.Id, None).Timed();

        Assert.Equal(created, read);
        var expected = RunOf(repository.Id);
        Assert.Equal(
            (repository.Id, "shop", 1L, expected.WorkflowName, expected.WorkflowFile, expected.WorkflowText, "pull_request", expected.Ref, expected.Sha, expected.ContextJson, expected.TriggeredBy, false),
            (created.RepositoryId, created.Repository, created.Number, created.WorkflowName, created.WorkflowFile, created.WorkflowText, created.Event, created.Ref, created.Sha, created.ContextJson, created.TriggeredBy, created.SecretsAllowed));
        Assert.Equal((RunStatuses.Queued, (string?)null, false, At(3), (DateTimeOffset?)null), (created.Status, created.Conclusion, created.CancelRequested, created.CreatedAt, created.FinishedAt));
    }

    [Fact]
    public async Task A_run_for_an_unknown_repository_is_refused_with_a_store_exception()
    {
        await Assert.ThrowsAsync<StoreException>(() => Store.CreateRunAsync(RunOf(4242), Start, None).Timed());

        Assert.Empty(await Store.RunsAsync(null, 10, None).Timed());
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_for_one_repository_or_all_up_to_the_limit()
    {
        var a1 = await NewRunAsync("a");
        var b1 = await NewRunAsync("b");
        var a2 = await NewRunAsync("a");
        var a3 = await NewRunAsync("a");

        Assert.Equal([a3.Id, a2.Id, b1.Id, a1.Id], (await Store.RunsAsync(null, 10, None).Timed()).Select(r => r.Id));
        Assert.Equal([a3.Id, a2.Id], (await Store.RunsAsync("a", 2, None).Timed()).Select(r => r.Id));
        Assert.Empty(await Store.RunsAsync("nope", 10, None).Timed());
    }

    [Fact]
    public async Task Unfinished_runs_are_those_not_completed_oldest_first()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        var third = await NewRunAsync();

        await Store.FinishRunAsync(second.Id, "success", At(9), None).Timed();

        Assert.Equal([first.Id, third.Id], (await Store.UnfinishedRunsAsync(None).Timed()).Select(r => r.Id));
    }

    [Fact]
    public async Task A_run_is_finished_once_with_its_first_conclusion_and_time()
    {
        var run = await NewRunAsync();

        var first = await Store.FinishRunAsync(run.Id, "failure", At(10), None).Timed();
        var second = await Store.FinishRunAsync(run.Id, "success", At(20), None).Timed();

        var finished = (await Store.RunAsync(run.Id, None).Timed())!;
        Assert.Equal((RunStatuses.Completed, "failure", At(10)), (finished.Status, finished.Conclusion, finished.FinishedAt));
        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public async Task Run_events_are_numbered_from_one_in_each_run_and_read_after_a_number_in_order()
    {
        var run = await NewRunAsync();
        var other = await NewRunAsync();
        Assert.True(await Store.EndLegWithoutRunningAsync(JobOf(run, "lint"), "skipped", "{}", Start, None).Timed());
        Assert.True(await Store.EndLegWithoutRunningAsync(JobOf(other, "lint"), "failure", "{}", Start, None).Timed());
        Assert.True(await Store.EndLegWithoutRunningAsync(JobOf(run, "call"), "failure", "{}", Start, None).Timed());
        Assert.True(await Store.CancelRunAsync(run.Id, None).Timed());
        Assert.True(await Store.EndLegWithoutRunningAsync(JobOf(run, "deploy"), "cancelled", "{}", Start, None).Timed());

        var all = await EventsAsync(run);

        Assert.Equal(
            [
                new RunEvent(1, "leg", "lint", "skipped", "{}"),
                new RunEvent(2, "leg", "call", "failure", "{}"),
                new RunEvent(3, "cancel", null, null, null),
                new RunEvent(4, "leg", "deploy", "cancelled", "{}"),
            ],
            all);
        Assert.Equal([3L, 4L], (await Store.RunEventsAsync(run.Id, 2, None).Timed()).Select(e => e.Seq));
        Assert.Empty(await Store.RunEventsAsync(run.Id, 4, None).Timed());
        Assert.Equal([new RunEvent(1, "leg", "lint", "failure", "{}")], await EventsAsync(other));
    }

    [Fact]
    public async Task A_cancel_is_recorded_once_and_as_one_run_event()
    {
        var run = await NewRunAsync();

        Assert.True(await Store.CancelRunAsync(run.Id, None).Timed());
        Assert.False(await Store.CancelRunAsync(run.Id, None).Timed());

        Assert.True((await Store.RunAsync(run.Id, None).Timed())!.CancelRequested);
        Assert.Equal([new RunEvent(1, "cancel", null, null, null)], await EventsAsync(run));
    }

    [Fact]
    public async Task A_finished_run_is_not_cancelled()
    {
        var run = await NewRunAsync();
        await Store.FinishRunAsync(run.Id, "success", At(5), None).Timed();

        Assert.False(await Store.CancelRunAsync(run.Id, None).Timed());

        var read = (await Store.RunAsync(run.Id, None).Timed())!;
        Assert.Equal((false, "success"), (read.CancelRequested, read.Conclusion));
        Assert.Empty(await EventsAsync(run));
        Assert.False(await Store.CancelRunAsync(run.Id + 100, None).Timed());
    }
}
