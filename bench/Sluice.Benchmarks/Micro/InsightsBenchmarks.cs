using BenchmarkDotNet.Attributes;
using Sluice.Quality.History;
using Sluice.Quality.Reports;
using Sluice.Server.Storage;
using Sluice.Server.Storage.Sqlite;

namespace Sluice.Benchmarks.Micro;

/// <summary>
/// What <c>GET /api/v1/repos/{name}/insights</c> costs the store (SQLite) for a busy repository's year: 10,000 runs
/// (about 27 a day) with two started jobs each, 1,000 quality runs of 100 tests, and as many runs of another
/// repository; the last 30 days, the whole year, and 30 days of one branch.
/// </summary>
[MemoryDiagnoser]
public class InsightsBenchmarks
{
    private const int Runs = 10_000;
    private const int QualityRuns = 1_000;
    private const int Tests = 100;

    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private string _folder = string.Empty;
    private SqliteServerStore _store = null!;
    private long _shop;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var none = CancellationToken.None;
        _folder = Directory.CreateTempSubdirectory("sluice-bench-insights-").FullName;
        _store = await SqliteServerStore.OpenAsync(Path.Combine(_folder, "sluice.db"), none);
        _shop = (await _store.AddRepositoryAsync("shop", "https://git.example.test/shop.git", null, null, Now, none)).Id;
        var docs = (await _store.AddRepositoryAsync("docs", "https://git.example.test/docs.git", null, null, Now, none)).Id;
        var agent = await _store.RegisterAgentAsync("bench", ["linux"], new byte[32], null, Now, none);
        var year = TimeSpan.FromDays(365);
        for (var i = 0; i < 2 * Runs; i++)
        {
            var created = Now - year + (year * i / (2 * Runs));
            var run = await _store.CreateRunAsync(
                new NewRun(i % 2 == 0 ? _shop : docs, "CI", ".github/workflows/ci.yml", "on: push\njobs: {}\n", "push", i % 5 == 0 ? "refs/heads/feature" : "refs/heads/main", "0123456789abcdef", "{}", "bench", true),
                created,
                none);
            await _store.QueueJobsAsync([new NewJob(run.Id, "build", "build", "build", ["linux"], "{}", null, false), new NewJob(run.Id, "test", "test", "test", ["linux"], "{}", null, false)], created, none);
            for (var job = 0; job < 2; job++)
            {
                var started = created.AddSeconds(3 + (i % 40) + job);
                await _store.ClaimJobAsync(agent.Id, _ => true, BitConverter.GetBytes((long)((i * 2) + job)), started, started.AddMinutes(10), none);
            }

            await _store.FinishRunAsync(run.Id, i % 7 == 0 ? "failure" : "success", created.AddSeconds(60 + (i % 600)), none);
        }

        for (var q = 0; q < QualityRuns; q++)
        {
            var tests = Enumerable.Range(0, Tests)
                .Select(t => new QualityTestRow($"Shop.Tests.Case{t:000}", null, (q + t) % 97 == 0 ? TestOutcome.Failed : (q + t) % 89 == 0 ? TestOutcome.Flaky : TestOutcome.Passed, 0.01 * (t + 1), 1))
                .ToList();
            var header = new RunHeader($"commit{q}", $"tree{q}", q % 5 == 0 ? "feature" : "main", null);
            await _store.RecordQualityRunAsync(_shop, new NewQualityRun(header, tests, null, []), Now - year + (year * q / QualityRuns), none);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<RepositoryInsights> ThirtyDays() => _store.InsightsAsync(_shop, new InsightsQuery(Today.AddDays(-29), Today), CancellationToken.None);

    [Benchmark]
    public Task<RepositoryInsights> WholeYear() => _store.InsightsAsync(_shop, new InsightsQuery(Today.AddDays(-364), Today), CancellationToken.None);

    [Benchmark]
    public Task<RepositoryInsights> ThirtyDaysOfABranch() => _store.InsightsAsync(_shop, new InsightsQuery(Today.AddDays(-29), Today, Branch: "main"), CancellationToken.None);
}
