using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Storage;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Two servers on one PostgreSQL schema, in this process with the test's clock: the one that concludes a run announces
/// its end once; the other, which advanced the run earlier, holds its state until it has been idle for a minute and
/// then lets it go, since the store says the run is completed.
/// </summary>
public sealed class ReplicaRunStateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private PostgresTestSchema _schema = null!;
    private SluiceServer _first = null!;
    private SluiceServer _second = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresTestSchema.CreateAsync();
        _first = await InProcessReplica.StartAsync(_schema, Path.Combine(_root.Path, "first"), _clock);
        _second = await InProcessReplica.StartAsync(_schema, Path.Combine(_root.Path, "second"), _clock);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _schema.DisposeAsync();
        _root.Dispose();
    }

    [Fact(Timeout = 300_000)]
    public async Task Only_the_replica_that_concludes_a_run_announces_its_end_and_the_other_lets_its_state_go_once_idle()
    {
        var ended = new List<(string Server, long Run, string Conclusion)>();
        _first.State.Coordinator.RunConcluded += (id, conclusion) => ended.Add(("first", id, conclusion));
        _second.State.Coordinator.RunConcluded += (id, conclusion) => ended.Add(("second", id, conclusion));
        var idle = await CancelledElsewhereAsync();
        var caughtUp = await CancelledElsewhereAsync();

        // One run is advanced again by the first (a late event through it): it finds the run concluded, says nothing.
        await _first.State.Coordinator.AdvanceAsync(caughtUp, None).WaitAsync(Fleet.Patience);
        Assert.Equal([("second", idle, "cancelled"), ("second", caughtUp, "cancelled")], ended);
        Assert.Equal([idle], _first.State.Coordinator.HeldRuns);
        Assert.Empty(_second.State.Coordinator.HeldRuns);

        // The other is left alone: the first keeps it while it is recent, and lets it go after a minute idle.
        _clock.Advance(Runs.RunCoordinator.IdleBeforeCheck - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _first.State.Coordinator.ForgetEndedElsewhereAsync(None).WaitAsync(Fleet.Patience));
        Assert.Equal([idle], _first.State.Coordinator.HeldRuns);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await _first.State.Coordinator.ForgetEndedElsewhereAsync(None).WaitAsync(Fleet.Patience));
        Assert.Empty(_first.State.Coordinator.HeldRuns);
        Assert.Equal(2, ended.Count);
    }

    /// <summary>A run the first server starts (queueing its job) and the second cancels and concludes.</summary>
    private async Task<long> CancelledElsewhereAsync()
    {
        var store = _first.State.Store;
        var shop = await store.RepositoryAsync("shop", None).WaitAsync(Fleet.Patience)
            ?? await store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).WaitAsync(Fleet.Patience);
        var run = await store.CreateRunAsync(
            new NewRun(shop.Id, "CI", ".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: nobody-has-this\n    steps:\n      - run: echo built\n", "push", "refs/heads/main", "0123456789abcdef", """{"github":{},"inputs":{},"vars":{}}""", "alice", true),
            _clock.GetUtcNow(),
            None).WaitAsync(Fleet.Patience);
        await _first.State.Coordinator.AdvanceAsync(run.Id, None).WaitAsync(Fleet.Patience);
        Assert.Single(await store.JobsAsync(run.Id, None).WaitAsync(Fleet.Patience));
        Assert.True(await store.CancelRunAsync(run.Id, None).WaitAsync(Fleet.Patience));
        await _second.State.Coordinator.AdvanceAsync(run.Id, None).WaitAsync(Fleet.Patience);
        Assert.Equal(RunStatuses.Completed, (await store.RunAsync(run.Id, None).WaitAsync(Fleet.Patience))!.Status);
        return run.Id;
    }
}
