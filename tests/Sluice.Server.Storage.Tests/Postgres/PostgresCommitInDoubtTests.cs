using Npgsql;
using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// The connection breaks after PostgreSQL committed a write but before its answer reached the store (a relay on
/// loopback drops it there). The store must not run that write again, since it was done; it says the change may or
/// may not have been saved, which the server answers as 504.
/// </summary>
public sealed class PostgresCommitInDoubtTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    private PostgresScratch _scratch = null!;
    private CommitCuttingProxy _proxy = null!;
    private string _direct = null!;
    private PostgresServerStore _store = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _scratch = new PostgresScratch();
        _direct = await _scratch.NewSchemaAsync();
        var database = new NpgsqlConnectionStringBuilder(_direct);
        _proxy = CommitCuttingProxy.To(database.Host!, database.Port);
        var relayed = new NpgsqlConnectionStringBuilder(_direct) { Host = "127.0.0.1", Port = _proxy.Port };
        _store = await PostgresServerStore.OpenAsync(relayed.ConnectionString, None).Timed(Deadlines.Long);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _proxy.DisposeAsync();
        await _scratch.DisposeAsync();
    }

    [Fact]
    public async Task A_write_whose_commit_answer_was_lost_is_in_doubt_and_is_not_run_again()
    {
        var cut = _proxy.CutNextCommit();

        var lost = await Assert.ThrowsAsync<StoreException>(() => _store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed());
        await cut.Timed();

        Assert.True(lost.InDoubt);
        Assert.True(lost.Unavailable);
        Assert.Contains("failed while a change was being committed", lost.Message, StringComparison.Ordinal);
        Assert.Contains("it may or may not have been saved", lost.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(_direct).Password!, lost.Message, StringComparison.Ordinal);
        // PostgreSQL did commit it, once: a retry would have met the name already taken, or added it twice.
        Assert.Equal(1L, await _scratch.ScalarAsync<long>(_direct, "SELECT count(*) FROM repositories WHERE name = 'shop'"));
        Assert.NotNull(await _store.RepositoryAsync("shop", None).Timed());
    }

    [Fact]
    public async Task Reads_and_writes_after_the_cut_go_on_through_new_connections()
    {
        var cut = _proxy.CutNextCommit();
        await Assert.ThrowsAsync<StoreException>(() => _store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed());
        await cut.Timed();

        await _store.AddRepositoryAsync("web", "/srv/git/web", null, null, Start, None).Timed();

        Assert.Equal(["shop", "web"], (await _store.RepositoriesAsync(None).Timed()).Select(r => r.Name).Order(StringComparer.Ordinal));
    }
}
