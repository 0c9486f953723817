using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sluice.Engine.Execution.Artifacts;
using Sluice.Server.Api;
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
        Assert.False(Directory.Exists(ArtifactEndpoints.RunFolder(server.State, old)));

        Assert.Equal(["built"], (await api.GetAsync($"api/v1/runs/{recent}/logs", ProtocolJson.Default.LogPage, None).WaitAsync(Within))!.Lines.Select(l => l.Text));
        Assert.Equal(["report"], await api.GetAsync($"api/v1/runs/{recent}/artifacts", ProtocolJson.Default.IReadOnlyListString, None).WaitAsync(Within));

        Assert.Equal([lastUsed.Id], (await store.CacheEntriesAsync(shop.Id, None).WaitAsync(Within)).Select(e => e.Id));
        Assert.False(File.Exists(server.State.CacheBlobs.PathOf(stale.Blob)));
        Assert.False(File.Exists(server.State.CacheBlobs.PathOf(lessRecentlyUsed.Blob)));
        Assert.True(File.Exists(server.State.CacheBlobs.PathOf(lastUsed.Blob)));

        // A second sweep finds nothing more; past the last entry's seven unused days, it goes too.
        Assert.Equal(new RetentionResult(0, 0, 0), await Retention.SweepAsync(server.State, None).WaitAsync(Within));
        clock.SetUtcNow(Start.AddDays(93).AddMilliseconds(1));
        Assert.Equal(new RetentionResult(0, 0, 1), await Retention.SweepAsync(server.State, None).WaitAsync(Within));
        Assert.False(File.Exists(server.State.CacheBlobs.PathOf(lastUsed.Blob)));
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
        var artifacts = new ArtifactStore(ArtifactEndpoints.RunFolder(server.State, run.Id));
        var staging = artifacts.CreateStaging();
        await File.WriteAllTextAsync(Path.Combine(staging, "report.txt"), "green", None);
        artifacts.Publish("report", staging, ExistingArtifact.Refuse);
        return run.Id;
    }

    private static async Task<CacheEntryRow> CacheAsync(SluiceServer server, RepositoryRecord repository, string key, int size, DateTimeOffset savedAt)
    {
        var (blob, incoming) = server.State.CacheBlobs.NewUpload();
        await File.WriteAllBytesAsync(incoming, new byte[size], None);
        server.State.CacheBlobs.Keep(blob, incoming);
        return (await server.State.Store.AddCacheEntryAsync(new NewCacheEntry(repository.Id, "refs/heads/main", key, "v1", blob, size), savedAt, None).WaitAsync(Within))!;
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    public void Dispose() => _root.Dispose();
}
