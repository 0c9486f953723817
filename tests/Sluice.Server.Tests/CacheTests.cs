using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>actions/cache</c> through the server: a cache saved by a job on one agent is restored by a job of a later run
/// on the other agent, as jobs on GitHub's runners share a repository's caches.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class CacheTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_cache_saved_on_one_agent_is_restored_by_a_later_run_on_the_other()
    {
        var repository = _fleet.Repository(
            "shop",
            (".github/workflows/save.yml", """
                name: save
                on: push
                jobs:
                  build:
                    runs-on: left
                    steps:
                      - uses: actions/cache@v4
                        id: cache
                        with:
                          path: deps
                          key: deps-linux-1
                      - run: mkdir -p deps && echo "built on the left agent" > deps/lib.txt
                      - run: echo "first hit='${{ steps.cache.outputs.cache-hit }}'"
                """),
            (".github/workflows/restore.yml", """
                name: restore
                on: push
                jobs:
                  test:
                    runs-on: right
                    outputs:
                      hit: ${{ steps.cache.outputs.cache-hit }}
                      matched: ${{ steps.cache.outputs.cache-matched-key }}
                      content: ${{ steps.read.outputs.content }}
                    steps:
                      - uses: actions/cache@v4
                        id: cache
                        with:
                          path: deps
                          key: deps-linux-1
                          restore-keys: deps-
                      - id: read
                        run: echo "content=$(cat deps/lib.txt)" >> "$GITHUB_OUTPUT"
                      - uses: actions/cache/save@v4
                        with:
                          path: deps
                          key: deps-linux-1
                """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a", "left");
        await _fleet.StartAgentAsync("agent-b", "right");
        await _fleet.AddRepositoryAsync("shop", repository);

        var saved = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop", "save.yml")).Id);
        Assert.True(saved.Conclusion == "success", Fleet.Describe(saved) + "\n" + await _fleet.LogTextAsync(saved.Id));
        Assert.Equal("agent-a", Assert.Single(saved.Jobs).Agent);
        var savedLog = await _fleet.LogTextAsync(saved.Id);
        Assert.Contains("first hit=''", savedLog, StringComparison.Ordinal);
        Assert.Contains("Cache saved with key: deps-linux-1", savedLog, StringComparison.Ordinal);

        var restored = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop", "restore.yml")).Id);

        Assert.True(restored.Conclusion == "success", Fleet.Describe(restored) + "\n" + await _fleet.LogTextAsync(restored.Id));
        var job = Assert.Single(restored.Jobs);
        Assert.Equal("agent-b", job.Agent);
        Assert.Equal("true", job.Outputs["hit"]);
        Assert.Equal("deps-linux-1", job.Outputs["matched"]);
        Assert.Equal("built on the left agent", job.Outputs["content"]);

        // An exact hit saves nothing more, and saving the key again is refused with a warning, not a failure: the
        // repository holds the one entry, saved on the run's branch.
        Assert.Contains("a cache entry for key 'deps-linux-1' already exists", await _fleet.LogTextAsync(restored.Id), StringComparison.Ordinal);
        var entries = await _fleet.Api.GetAsync("api/v1/repos/shop/caches", ProtocolJson.Default.IReadOnlyListCacheEntryView, CancellationToken.None);
        var entry = Assert.Single(entries!);
        Assert.Equal(("deps-linux-1", "refs/heads/main"), (entry.Key, entry.Ref));
        Assert.True(entry.LastUsedAt > entry.CreatedAt, $"the restore did not mark the entry used: {entry}");
    }

    public void Dispose() => _fleet.Dispose();
}
