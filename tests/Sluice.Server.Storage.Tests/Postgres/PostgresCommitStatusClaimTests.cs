using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Tests;

/// <summary>Replicas on one PostgreSQL database draining one outbox of commit statuses at once: each status is taken by one.</summary>
public sealed class PostgresCommitStatusClaimTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    private PostgresScratch scratch = null!;

    public Task InitializeAsync()
    {
        scratch = new PostgresScratch();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scratch.DisposeAsync();

    [Fact]
    public async Task Replicas_claiming_side_by_side_take_each_commit_status_once()
    {
        var database = await scratch.NewSchemaAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresServerStore.OpenAsync(database, CancellationToken.None))).Timed(Deadlines.Long);
        try
        {
            var shop = await stores[0].AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, CancellationToken.None).Timed();
            for (var i = 0; i < 60; i++)
            {
                await stores[0].EnqueueCommitStatusAsync(new NewCommitStatus(shop.Id, "abc", $"sluice/ci/job {i}", "pending", "Queued", null, null), Start, CancellationToken.None).Timed();
            }

            var claims = await Task.WhenAll(stores.Select((store, n) => Task.Run(async () =>
            {
                var mine = new List<long>();
                while ((await store.ClaimCommitStatusesAsync($"replica-{n}", Start.AddSeconds(1), Start.AddMinutes(2), 5, CancellationToken.None)) is { Count: > 0 } taken)
                {
                    mine.AddRange(taken.Select(t => t.Id));
                }

                return mine;
            }))).Timed(Deadlines.Long);

            var all = claims.SelectMany(c => c).ToList();
            Assert.Equal(60, all.Count);
            Assert.Equal(60, all.Distinct().Count());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }
}
