using System.Net.Sockets;
using Npgsql;
using Sluice.Server.Storage.Postgres;
using Sluice.Testing.Cli;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// The PostgreSQL store on a database of its own that the test stops and starts (never the shared test database): it
/// rides out an outage shorter than its retries, and says clearly when one lasts longer.
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly PauseWatch _time = new();
    private PrivatePostgres _postgres = null!;
    private PostgresServerStore _store = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync().Timed(Deadlines.Long);
        _store = await PostgresServerStore.OpenAsync(_postgres.Url, None, _time).Timed();
        await _store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _postgres.DisposeAsync().AsTask().Timed(Deadlines.Long);
    }

    [Fact]
    public async Task A_read_during_an_outage_waits_and_is_answered_once_postgresql_is_back()
    {
        await _postgres.PauseAsync().Timed(Deadlines.Long);

        var read = _store.RepositoriesAsync(None);
        var pause = await _time.NextPauseAsync();
        Assert.False(read.IsCompleted);
        await _postgres.ResumeAsync().Timed(Deadlines.Long);
        _time.Advance(pause);

        Assert.Equal(["shop"], (await read.Timed()).Select(r => r.Name));
    }

    [Fact]
    public async Task A_write_during_an_outage_that_outlasts_the_retries_is_a_store_error_that_says_so_and_changes_nothing()
    {
        await _postgres.PauseAsync().Timed(Deadlines.Long);

        var write = _store.AddRepositoryAsync("late", "/srv/git/late", null, null, Start, None);
        var pauses = new List<TimeSpan>();
        for (var retry = 0; retry < PostgresServerStore.TransientRetries; retry++)
        {
            pauses.Add(await _time.NextPauseAsync());
            _time.Advance(pauses[^1]);
        }

        var refused = await Assert.ThrowsAsync<StoreException>(() => write.Timed());
        var ping = await Assert.ThrowsAsync<StoreException>(() => _store.PingAsync(None).Timed());
        await _postgres.ResumeAsync().Timed(Deadlines.Long);
        await _store.PingAsync(None).Timed();

        Assert.True(refused.Unavailable);
        Assert.StartsWith($"the PostgreSQL database '127.0.0.1:", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"cannot be reached (Connection refused); tried {PostgresServerStore.TransientRetries + 1} times, nothing was changed", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(PostgresDatabase.Parse(_postgres.Url).ConnectionString).Password!, refused.Message, StringComparison.Ordinal);
        Assert.All(pauses, pause => Assert.InRange(pause, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(3)));
        Assert.True(ping.Unavailable);
        Assert.Null(await _store.RepositoryAsync("late", None).Timed());
        Assert.NotNull(await _store.RepositoryAsync("shop", None).Timed());
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.TooManyConnections, true)]
    [InlineData(PostgresErrorCodes.SerializationFailure, false)]
    [InlineData(PostgresErrorCodes.UniqueViolation, false)]
    [InlineData(PostgresErrorCodes.UndefinedTable, false)]
    public void Only_failures_of_the_connection_are_transient_not_conflicts_or_mistakes(string sqlState, bool transient) =>
        Assert.Equal(transient, PostgresServerStore.Transient(new PostgresException("message", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void A_refused_or_reset_socket_is_transient()
    {
        Assert.True(PostgresServerStore.Transient(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(PostgresServerStore.Transient(new NpgsqlException("Exception while reading from stream", new IOException("reset"))));
        Assert.False(PostgresServerStore.Transient(new NpgsqlException("The connection is not open")));
    }
}
