using BenchmarkDotNet.Attributes;
using Sluice.Server.Storage;
using Sluice.Server.Storage.Sqlite;
using Sluice.Workflows;

namespace Sluice.Benchmarks.Micro;

/// <summary>
/// What the dashboard's reads cost with 10,000 runs stored (SQLite): the first page of a repository's runs, a page
/// 120 pages further (keyset: <c>before</c> an id), a branch's runs; and reading a 20-job workflow, which the server
/// does once per run for its graph (<c>JobGraphs</c>) rather than at every GET of the run.
/// </summary>
[MemoryDiagnoser]
public class DashboardReadBenchmarks
{
    private const int Runs = 10_000;

    private string _folder = string.Empty;
    private SqliteServerStore _store = null!;
    private long _deepCursor;
    private string _workflow = string.Empty;
    private readonly WorkflowReader _reader = new();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("sluice-bench-dashboard-").FullName;
        _store = await SqliteServerStore.OpenAsync(Path.Combine(_folder, "sluice.db"), CancellationToken.None);
        var shop = await _store.AddRepositoryAsync("shop", "https://git.example.test/shop.git", null, null, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var docs = await _store.AddRepositoryAsync("docs", "https://git.example.test/docs.git", null, null, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var ids = new List<long>();
        for (var i = 0; i < Runs; i++)
        {
            var run = new NewRun(i % 4 == 0 ? docs.Id : shop.Id, "CI", ".github/workflows/ci.yml", "on: push\njobs: {}\n", i % 10 == 0 ? "pull_request" : "push", i % 5 == 0 ? "refs/heads/feature" : "refs/heads/main", "0123456789abcdef", "{}", "bench", true);
            ids.Add((await _store.CreateRunAsync(run, DateTimeOffset.UnixEpoch.AddSeconds(i), CancellationToken.None)).Id);
        }

        // 120 pages of 50 of shop's 7,500 runs back from the newest.
        _deepCursor = ids.Where((_, i) => i % 4 != 0).Reverse().ElementAt(120 * 50);
        _workflow = "name: twenty\non: push\njobs:\n" + string.Concat(Enumerable.Range(1, 20).Select(i =>
            $"  job{i}:\n    name: Job {i}\n" + (i > 1 ? $"    needs: [job{i - 1}{(i > 2 ? $", job{i - 2}" : "")}]\n" : "") +
            "    runs-on: linux\n    strategy:\n      matrix:\n        os: [a, b]\n    steps:\n      - uses: actions/checkout@v4\n      - run: make build\n      - run: make test\n"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<RunRecord>> FirstPage() => _store.RunsAsync(new RunQuery(50, "shop"), CancellationToken.None);

    [Benchmark]
    public Task<IReadOnlyList<RunRecord>> Page120() => _store.RunsAsync(new RunQuery(50, "shop", BeforeId: _deepCursor), CancellationToken.None);

    [Benchmark]
    public Task<IReadOnlyList<RunRecord>> BranchAndEvent() => _store.RunsAsync(new RunQuery(50, "shop", Branch: "feature", Event: "pull_request"), CancellationToken.None);

    [Benchmark]
    public int TwentyJobGraph() => _reader.Read(".github/workflows/twenty.yml", _workflow).Workflow!.Jobs.Sum(j => j.Needs.Count);
}
