using System.Formats.Tar;
using System.Globalization;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Two <c>sluice server</c> processes (replicas A and B) on one PostgreSQL schema, each with a data folder of its own,
/// as Kubernetes pods with an <c>emptyDir</c>: artifacts and caches are in the database, so a job on an agent of one
/// replica reads what a job on an agent of the other wrote, people download through either, and a removal through
/// one is seen through the other.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ReplicaBlobsTests : IAsyncLifetime, IDisposable
{
    private readonly Fleet _fleet = new();
    private PostgresTestSchema _schema = null!;
    private LiveSluice? _replicaB;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    public void Dispose()
    {
        _replicaB?.Dispose();
        _fleet.Dispose();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task An_artifact_and_a_cache_written_through_one_replica_are_read_through_the_other_without_a_shared_folder()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", """
            on: push
            jobs:
              build:
                runs-on: left
                steps:
                  - run: mkdir -p out deps && echo "report built through A" > out/report.txt && echo "deps built through A" > deps/lib.txt
                  - uses: actions/upload-artifact@v4
                    with:
                      name: report
                      path: out
                  - uses: actions/cache/save@v4
                    with:
                      path: deps
                      key: deps-1
              test:
                needs: build
                runs-on: right
                outputs:
                  report: ${{ steps.read.outputs.report }}
                  deps: ${{ steps.read.outputs.deps }}
                  hit: ${{ steps.cache.outputs.cache-hit }}
                steps:
                  - uses: actions/download-artifact@v4
                    with:
                      name: report
                      path: got
                  - uses: actions/cache/restore@v4
                    id: cache
                    with:
                      path: deps
                      key: deps-1
                  - id: read
                    run: |
                      echo "report=$(cat got/report.txt)" >> "$GITHUB_OUTPUT"
                      echo "deps=$(cat deps/lib.txt)" >> "$GITHUB_OUTPUT"
            """));
        var key = new Dictionary<string, string?> { ["SLUICE_SECRETS_KEY"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()) };
        _fleet.Database = _schema.Database;
        _fleet.ServerEnvironment = key;
        await _fleet.StartServerAsync();
        var dataB = Path.Combine(_fleet.Root.Path, "data-b");
        var urlB = await StartReplicaBAsync(dataB, key);
        await _fleet.AddRepositoryAsync("shop", repository);
        await _fleet.StartAgentAsync("agent-a", "left");
        await _fleet.StartAgentAtAsync(urlB, "agent-b", new Dictionary<string, string?>(), ["--labels", "right"]);

        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);

        Assert.True(run.Conclusion == "success", Fleet.Describe(run) + "\n" + await _fleet.LogTextAsync(run.Id));
        var test = run.Jobs.Single(j => j.Key == "test");
        Assert.Equal(("agent-a", "agent-b"), (run.Jobs.Single(j => j.Key == "build").Agent, test.Agent));
        Assert.Equal("report built through A", test.Outputs["report"]);
        Assert.Equal("deps built through A", test.Outputs["deps"]);
        Assert.Equal("true", test.Outputs["hit"]);

        // People download through either replica; neither data folder holds a blob.
        using var apiB = new ApiClient(urlB, _fleet.AdminToken, Fleet.Patience);
        Assert.Equal(["report"], await apiB.GetAsync($"api/v1/runs/{run.Id}/artifacts", ProtocolJson.Default.IReadOnlyListString, CancellationToken.None));
        Assert.Equal("report built through A\n", await DownloadAsync(urlB, run.Id, "report.txt"));
        Assert.Equal("report built through A\n", await DownloadAsync(_fleet.Url, run.Id, "report.txt"));
        Assert.Equal(2L, await _schema.FirstRowAsync($"SELECT count(*) FROM {_schema.Name}.blobs WHERE name IS NOT NULL", r => r.GetInt64(0)));
        foreach (var data in new[] { _fleet.DataDirectory, dataB })
        {
            Assert.False(Directory.Exists(Path.Combine(data, "artifacts")), $"{data} has artifacts");
            Assert.False(Directory.Exists(Path.Combine(data, "caches")), $"{data} has caches");
        }

        // B started on an empty folder and found the first admin token in the database: it issued none of its own.
        Assert.False(File.Exists(Path.Combine(dataB, "admin.token")));

        // The cache deleted through A is gone through B, with its blob.
        var deleted = await _fleet.CliAsync("cache", "delete", "--repo", "shop", "--key", "deps-1");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Empty((await apiB.GetAsync("api/v1/repos/shop/caches", ProtocolJson.Default.IReadOnlyListCacheEntryView, CancellationToken.None))!);
        Assert.Equal(0L, await _schema.FirstRowAsync($"SELECT count(*) FROM {_schema.Name}.blobs WHERE name LIKE 'caches/%'", r => r.GetInt64(0)));
    }

    /// <summary>Replica B: the same database and secrets key as A, a data folder and port of its own.</summary>
    private async Task<string> StartReplicaBAsync(string data, IReadOnlyDictionary<string, string?> environment)
    {
        _replicaB = LiveSluice.Start("server-b", _fleet.Root.Path, false, environment,
            "server", "--data", data, "--listen", "127.0.0.1:0", "--log-format", "json", "--database", _schema.Database);
        var line = await _replicaB.WaitForLineAsync(l => l.StartsWith("sluice server listening on ", StringComparison.Ordinal), "replica B's address", Fleet.Patience);
        return line["sluice server listening on ".Length..].Split(' ')[0];
    }

    /// <summary>One file of a run's artifact, downloaded as a person (admin token) through the replica at <paramref name="url"/>.</summary>
    private async Task<string> DownloadAsync(string url, long run, string file)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Fleet.Patience };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _fleet.AdminToken);
        await using var tar = await http.GetStreamAsync(new Uri($"api/v1/runs/{run.ToString(CultureInfo.InvariantCulture)}/artifacts/report", UriKind.Relative));
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') == file && entry.DataStream is { } data)
            {
                using var text = new StreamReader(data);
                return await text.ReadToEndAsync();
            }
        }

        throw new InvalidOperationException($"the artifact of run {run} through {url} has no {file}");
    }
}
