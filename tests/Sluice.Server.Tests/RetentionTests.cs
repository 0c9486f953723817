using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sluice.Engine.Execution.Artifacts;
using Sluice.Server.Caches;
using Sluice.Server.Storage;

namespace Sluice.Server.Tests;

/// <summary>
/// The server's retention with its clock in the test's hands: a sweep removes the logs and artifacts of runs finished
/// longer ago than their retention (which then answer 410 Gone), cache entries unused for too long, and a repository's
/// least recently used entries past its cache size; everything younger stays.
/// </summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _root = new();

    [Fact(Timeout = 300_000)]
    public async Task A_sweep_removes_old_logs_artifacts_and_caches_and_keeps_the_rest()
    {
        var clock = new FakeTimeProvider(Start);
        // The background sweep never comes (an infinite wait), so only the test's own sweep runs.
        var options = new ServerOptions
        {
            DataDirectory = Path.Combine(_root.Path, "data"),
            Listen = "127.0.0.1:0",
            LogFormat = "none",
            ScheduleRound = Timeout.InfiniteTimeSpan,
            RetentionSweep = Timeout.InfiniteTimeSpan,
            CacheBytesPerRepository = 100,
        };
        await using var server = await SluiceServer.StartAsync(options, clock, null, None).WaitAsync(Within);
        var store = server.State.Store;
        var shop = await store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).WaitAsync(Within);
        var old = await FinishedRunAsync(server, shop, Start);
        var recent = await FinishedRunAsync(server, shop, Start.AddDays(80));
        var stale = await CacheAsync(server, shop, "stale", 10, Start);
        var lessRecentlyUsed = await CacheAsync(server, shop, "less-recently-used", 60, Start.AddDays(85));
        var lastUsed = await CacheAsync(server, shop, "last-used", 60, Start.AddDays(86));

        clock.SetUtcNow(Start.AddDays(91));
        var swept = await Retention.SweepAsync(server.State, None).WaitAsync(Within);

        Assert.Equal(new RetentionResult(RunLogs: 1, RunArtifacts: 1, CacheEntries: 2), swept);
        using var api = new ApiClient(server.Url, server.NewAdminToken);
        var logs = await Assert.ThrowsAsync<ApiException>(() => api.GetAsync($"api/v1/runs/{old}/logs", ProtocolJson.Default.LogPage, None).WaitAsync(Within));
        Assert.Equal(410, logs.Status);
        Assert.Contains("removed on 2026-04-02 by the server's retention (sluice server --retention-logs)", logs.Message, StringComparison.Ordinal);
        var artifacts = await Assert.ThrowsAsync<ApiException>(() => api.GetAsync($"api/v1/runs/{old}/artifacts", ProtocolJson.Default.IReadOnlyListString, None).WaitAsync(Within));
        Assert.Equal(410, artifacts.Status);
        Assert.Contains("--retention-artifacts", artifacts.Message, StringComparison.Ordinal);
        Assert.Empty(await server.State.Blobs.ListAsync($"artifacts/{old}/", None).WaitAsync(Within));

        Assert.Equal(["built"], (await api.GetAsync($"api/v1/runs/{recent}/logs", ProtocolJson.Default.LogPage, None).WaitAsync(Within))!.Lines.Select(l => l.Text));
        Assert.Equal(["report"], await api.GetAsync($"api/v1/runs/{recent}/artifacts", ProtocolJson.Default.IReadOnlyListString, None).WaitAsync(Within));

        Assert.Equal([lastUsed.Id], (await store.CacheEntriesAsync(shop.Id, None).WaitAsync(Within)).Select(e => e.Id));
        Assert.False(await KeptAsync(server, stale.Blob));
        Assert.False(await KeptAsync(server, lessRecentlyUsed.Blob));
        Assert.True(await KeptAsync(server, lastUsed.Blob));

        // A second sweep finds nothing more; past the last entry's seven unused days, it goes too.
        Assert.Equal(new RetentionResult(0, 0, 0), await Retention.SweepAsync(server.State, None).WaitAsync(Within));
        clock.SetUtcNow(Start.AddDays(93).AddMilliseconds(1));
        Assert.Equal(new RetentionResult(0, 0, 1), await Retention.SweepAsync(server.State, None).WaitAsync(Within));
        Assert.False(await KeptAsync(server, lastUsed.Blob));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_sweep_by_one_replica_removes_the_blobs_for_both_on_PostgreSQL()
    {
        await using var schema = await Infrastructure.PostgresTestSchema.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        ServerOptions Replica(string name) => new()
        {
            DataDirectory = Path.Combine(_root.Path, name),
            Database = schema.Database,
            Listen = "127.0.0.1:0",
            LogFormat = "none",
            ScheduleRound = Timeout.InfiniteTimeSpan,
            RetentionSweep = Timeout.InfiniteTimeSpan,
        };
        await using var a = await SluiceServer.StartAsync(Replica("data-a"), clock, null, None).WaitAsync(Within);
        await using var b = await SluiceServer.StartAsync(Replica("data-b"), clock, null, None).WaitAsync(Within);
        var shop = await a.State.Store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).WaitAsync(Within);
        var old = await FinishedRunAsync(a, shop, Start);
        var stale = await CacheAsync(a, shop, "stale", 10, Start);
        Assert.Equal(["report"], await b.State.Artifacts.NamesAsync(old, None).WaitAsync(Within));
        Assert.True(await KeptAsync(b, stale.Blob));

        clock.SetUtcNow(Start.AddDays(91));
        Assert.Equal(new RetentionResult(RunLogs: 1, RunArtifacts: 1, CacheEntries: 1), await Retention.SweepAsync(b.State, None).WaitAsync(Within));

        using var api = new ApiClient(a.Url, a.NewAdminToken);
        var artifacts = await Assert.ThrowsAsync<ApiException>(() => api.GetAsync($"api/v1/runs/{old}/artifacts", ProtocolJson.Default.IReadOnlyListString, None).WaitAsync(Within));
        Assert.Equal(410, artifacts.Status);
        Assert.Empty(await a.State.Artifacts.NamesAsync(old, None).WaitAsync(Within));
        Assert.False(await KeptAsync(a, stale.Blob));
        Assert.Equal(0L, await schema.FirstRowAsync($"SELECT count(*) FROM {schema.Name}.blobs", r => r.GetInt64(0)));
        Assert.Equal(new RetentionResult(0, 0, 0), await Retention.SweepAsync(a.State, None).WaitAsync(Within));
    }

    /// <summary>A run with one job that logged a line and one artifact, finished at <paramref name="finished"/>.</summary>
    private static async Task<long> FinishedRunAsync(SluiceServer server, RepositoryRecord repository, DateTimeOffset finished)
    {
        var store = server.State.Store;
        var run = await store.CreateRunAsync(new NewRun(repository.Id, "CI", ".github/workflows/ci.yml", "on: push\njobs: {}\n", "push", "refs/heads/main", "0123456789abcdef", """{"github":{},"inputs":{},"vars":{}}""", "alice", true), finished, None).WaitAsync(Within);
        await store.QueueJobsAsync([new NewJob(run.Id, "build", "build", "build", ["linux"], "{}", null, false)], finished, None).WaitAsync(Within);
        var agent = await store.RegisterAgentAsync($"agent-{run.Id}", ["linux"], Hash($"credential-{run.Id}"), null, finished, None).WaitAsync(Within);
        var lease = Hash($"lease-{run.Id}");
        var claim = await store.ClaimJobAsync(agent.Id, _ => true, lease, finished, finished.AddMinutes(1), None).WaitAsync(Within);
        await store.AppendLogsAsync(claim!.Job.Id, 1, lease, [new LogEntryRow(1, "line", null, "built", null)], None).WaitAsync(Within);
        await store.CompleteJobAsync(claim.Job.Id, 1, lease, new JobOutcome("success", "{}", "[]"), finished, None).WaitAsync(Within);
        await store.FinishRunAsync(run.Id, "success", finished, None).WaitAsync(Within);
        var staging = server.State.Artifacts.CreateStaging();
        await File.WriteAllTextAsync(Path.Combine(staging, "report.txt"), "green", None);
        await server.State.Artifacts.PublishAsync(run.Id, "report", staging, ExistingArtifact.Refuse, None).WaitAsync(Within);
        return run.Id;
    }

    private static async Task<CacheEntryRow> CacheAsync(SluiceServer server, RepositoryRecord repository, string key, int size, DateTimeOffset savedAt)
    {
        var blob = CacheBlobs.NewBlob();
        await server.State.CacheBlobs.SaveAsync(blob, new MemoryStream(new byte[size]), None).WaitAsync(Within);
        return (await server.State.Store.AddCacheEntryAsync(new NewCacheEntry(repository.Id, "refs/heads/main", key, "v1", blob, size), savedAt, None).WaitAsync(Within))!;
    }

    private static async Task<bool> KeptAsync(SluiceServer server, string blob)
    {
        await using var archive = await server.State.CacheBlobs.OpenAsync(blob, None).WaitAsync(Within);
        return archive is not null;
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    public void Dispose() => _root.Dispose();
}
