using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Storage;
using Sluice.Server.Storage.Sqlite;

namespace Sluice.Server.Tests;

/// <summary>
/// Leases that ran out while the server was down are not ended at its start: the agents that kept their jobs get a
/// whole lease to renew them, and only the leases still expired after that are ended (with the test's clock).
/// </summary>
public sealed class LeaseGraceTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _root = new();

    private string Data => Path.Combine(_root.Path, "data");

    [Fact(Timeout = 300_000)]
    public async Task Leases_that_ran_out_while_the_server_was_down_get_a_whole_lease_to_be_renewed()
    {
        // Before the server starts: two jobs claimed at Start under 30 s leases; then the server is down for a minute.
        var (kept, gone) = await TwoRunningJobsAsync();
        var clock = new FakeTimeProvider(Start.AddMinutes(1));
        var options = new ServerOptions { DataDirectory = Data, Listen = "127.0.0.1:0", LogFormat = "none", Lease = Lease, ScheduleRound = Timeout.InfiniteTimeSpan, RetentionSweep = Timeout.InfiniteTimeSpan };
        await using var server = await SluiceServer.StartAsync(options, clock, null, None).WaitAsync(Within);
        var store = server.State.Store;

        await Background.ReapAsync(server.State, None).WaitAsync(Within);
        Assert.Equal((JobStatuses.Running, 1), await StateAsync(store, kept.Job));
        Assert.Equal((JobStatuses.Running, 1), await StateAsync(store, gone.Job));
        Assert.Equal(Start.AddMinutes(1).Add(Lease), server.State.LeaseGrace.WaitUntil());

        // The agent that kept its job renews it a second after the start (its heartbeat); the other never comes back.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.RenewLeaseAsync(kept.Job, 1, kept.Lease, clock.GetUtcNow().Add(Lease), None).WaitAsync(Within));
        clock.Advance(Lease - TimeSpan.FromSeconds(2));
        await Background.ReapAsync(server.State, None).WaitAsync(Within);
        Assert.Equal((JobStatuses.Running, 1), await StateAsync(store, gone.Job));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(server.State.LeaseGrace.WaitUntil());
        await Background.ReapAsync(server.State, None).WaitAsync(Within);
        Assert.Equal((JobStatuses.Running, 1), await StateAsync(store, kept.Job));
        Assert.Equal((JobStatuses.Queued, 1), await StateAsync(store, gone.Job));

        // A request that fails for want of the database starts the grace again.
        server.State.LeaseGrace.Lapsed();
        Assert.Equal(clock.GetUtcNow().Add(Lease), server.State.LeaseGrace.WaitUntil());
    }

    private async Task<((long Job, byte[] Lease) Kept, (long Job, byte[] Lease) Gone)> TwoRunningJobsAsync()
    {
        await using var store = await SqliteServerStore.OpenAsync(Path.Combine(Data, "sluice.db"), None).WaitAsync(Within);
        var shop = await store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).WaitAsync(Within);
        var workflow = "on: push\njobs:\n  build:\n    runs-on: linux\n    steps:\n      - run: echo built\n  test:\n    runs-on: linux\n    steps:\n      - run: echo tested\n";
        var run = await store.CreateRunAsync(new NewRun(shop.Id, "CI", ".github/workflows/ci.yml", workflow, "push", "refs/heads/main", "0123456789abcdef", """{"github":{},"inputs":{},"vars":{}}""", "alice", true), Start, None).WaitAsync(Within);
        await store.QueueJobsAsync([new NewJob(run.Id, "build", "build", "build", ["linux"], "{}", null, false), new NewJob(run.Id, "test", "test", "test", ["linux"], "{}", null, false)], Start, None).WaitAsync(Within);
        var claims = new List<(long, byte[])>();
        foreach (var name in new[] { "keeper", "goner" })
        {
            var agent = await store.RegisterAgentAsync(name, ["linux"], Hash(name), null, Start, None).WaitAsync(Within);
            var lease = Hash($"lease-{name}");
            var claim = await store.ClaimJobAsync(agent.Id, _ => true, lease, Start, Start.Add(Lease), None).WaitAsync(Within);
            claims.Add((claim!.Job.Id, lease));
        }

        return (claims[0], claims[1]);
    }

    private static async Task<(string Status, int Attempt)> StateAsync(IServerStore store, long jobId)
    {
        var job = (await store.JobAsync(jobId, None).WaitAsync(Within))!;
        return (job.Status, job.Attempt);
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    public void Dispose() => _root.Dispose();
}
