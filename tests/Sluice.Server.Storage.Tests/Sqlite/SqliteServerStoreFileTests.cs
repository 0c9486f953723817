using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Sluice.Server.Storage.Sqlite;

namespace Sluice.Server.Storage.Tests;

/// <summary>What only the SQLite provider promises: its file, its journal, its schema version, its writers.</summary>
public sealed class SqliteServerStoreFileTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Tables =
        ["agents", "attempts", "audit", "cache_entries", "concurrency", "deliveries", "deployment_reviews", "deployment_samples", "deployments", "environment_secrets", "environment_variables", "environments", "expired_blobs", "gate_reports", "job_summaries", "jobs", "logs", "quality_benchmarks", "quality_quarantine", "quality_runs", "quality_tests", "repositories", "run_events", "runs", "schedule_slots", "secrets", "tokens"];

    private readonly ScratchFolder folder = new();

    private static CancellationToken None => CancellationToken.None;

    public void Dispose() => folder.Dispose();

    /// <summary>Asks the file directly, on a connection of its own, as another process would.</summary>
    private static async Task<T> ScalarAsync<T>(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(None).Timed();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(None).Timed())!;
    }

    private static async Task<RunRecord> NewRunAsync(IServerStore store, long repositoryId) =>
        await store.CreateRunAsync(new NewRun(repositoryId, "CI", "ci.yml", "on: push", "push", "refs/heads/main", "abc", "{}", "alice", true), Start, None).Timed();

    private static NewJob Job(RunRecord run, string key) => new(run.Id, key, key, key, ["linux"], "{}", null, false);

    [Fact]
    public async Task An_empty_file_is_migrated_to_the_current_schema_and_reopening_keeps_everything()
    {
        var path = folder.NewDatabase();
        await File.WriteAllBytesAsync(path, [], None).Timed();
        long runId;
        await using (var store = await SqliteServerStore.OpenAsync(path, None).Timed())
        {
            var repository = await store.AddRepositoryAsync("shop", "/srv/git/shop", 30, null, Start, None).Timed();
            runId = (await NewRunAsync(store, repository.Id)).Id;
            await store.EndLegWithoutRunningAsync(Job((await store.RunAsync(runId, None).Timed())!, "lint"), "skipped", "{}", Start, None).Timed();
        }

        Assert.Equal((long)SqliteSchema.Version, await ScalarAsync<long>(path, "PRAGMA user_version;"));
        await using var reopened = await SqliteServerStore.OpenAsync(path, None).Timed();

        Assert.Equal(Tables, await TableNamesAsync(path));
        Assert.Equal((long)SqliteSchema.Version, await ScalarAsync<long>(path, "PRAGMA user_version;"));
        Assert.Equal("shop", Assert.Single(await reopened.RepositoriesAsync(None).Timed()).Name);
        Assert.Equal([new RunEvent(1, "leg", "lint", "skipped", "{}")], await reopened.RunEventsAsync(runId, 0, None).Timed());
        Assert.Equal(2, (await NewRunAsync(reopened, (await reopened.RepositoryAsync("shop", None).Timed())!.Id)).Number);
    }

    private static async Task<List<string>> TableNamesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(None).Timed();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(None).Timed();
        var names = new List<string>();
        while (await reader.ReadAsync(None).Timed())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task Opening_a_path_in_a_missing_folder_creates_the_folder_and_a_wal_database()
    {
        var path = Path.Combine(folder.Path, "data", "nested", "sluice.db");

        await using var store = await SqliteServerStore.OpenAsync(path, None).Timed();

        Assert.Equal(path, store.Path);
        Assert.True(File.Exists(path));
        Assert.Equal("wal", await ScalarAsync<string>(path, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task A_database_from_a_newer_sluice_is_refused_untouched_with_a_message_that_says_what_to_do()
    {
        var path = folder.NewDatabase();
        var newer = SqliteSchema.Version + 1;
        await ScalarAsync<long>(path, $"CREATE TABLE future (id INTEGER); PRAGMA user_version = {newer}; SELECT 0;");

        var refused = await Assert.ThrowsAsync<StoreException>(() => SqliteServerStore.OpenAsync(path, None).Timed());

        Assert.Equal($"the server database '{path}' has schema version {newer}, newer than this sluice knows ({SqliteSchema.Version}); run a newer sluice", refused.Message);
        Assert.Equal((long)newer, await ScalarAsync<long>(path, "PRAGMA user_version;"));
        Assert.Equal(["future"], await TableNamesAsync(path));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_with_a_message_naming_it()
    {
        var path = folder.NewDatabase();
        var text = string.Concat(Enumerable.Repeat("this is a text file, not a database\n", 200));
        await File.WriteAllTextAsync(path, text, None).Timed();

        var refused = await Assert.ThrowsAsync<StoreException>(() => SqliteServerStore.OpenAsync(path, None).Timed());

        Assert.Equal($"'{path}' is not a SQLite database; move it away or give the server another data folder", refused.Message);
        Assert.Equal(text, await File.ReadAllTextAsync(path, None).Timed());
    }

    [Fact]
    public async Task A_folder_in_place_of_the_database_is_refused_with_a_message_naming_it()
    {
        var path = Directory.CreateDirectory(Path.Combine(folder.Path, "sluice.db")).FullName;

        var refused = await Assert.ThrowsAsync<StoreException>(() => SqliteServerStore.OpenAsync(path, None).Timed());

        Assert.StartsWith($"the server database '{path}' cannot be opened for writing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_token_is_not_found_and_cannot_be_used()
    {
        var path = folder.NewDatabase();
        await using var store = await SqliteServerStore.OpenAsync(path, None).Timed();
        var token = await store.AddTokenAsync("slc_ab12", SHA256.HashData("token"u8), "agent", [], "admin", null, null, Start, None).Timed();

        await ScalarAsync<long>(path, $"UPDATE tokens SET revoked = 1 WHERE id = {token.Id}; SELECT changes();");

        Assert.Null(await store.TokenByHashAsync(SHA256.HashData("token"u8), None).Timed());
        Assert.False(await store.UseTokenOnceAsync(token.Id, Start, None).Timed());
    }

    [Fact]
    public async Task Many_tasks_writing_at_once_all_succeed()
    {
        const int Tasks = 16;
        const int Rounds = 20;
        await using var store = await SqliteServerStore.OpenAsync(folder.NewDatabase(), None).Timed();
        var repository = await store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed();
        var agent = await store.RegisterAgentAsync("agent", ["linux"], [1], null, Start, None).Timed();

        async Task WriteAsync(int task)
        {
            for (var round = 0; round < Rounds; round++)
            {
                var run = await NewRunAsync(store, repository.Id);
                await store.QueueJobsAsync([Job(run, "build")], Start, None).Timed();
                var lease = new[] { (byte)task, (byte)round };
                var claim = await store.ClaimJobAsync(agent.Id, _ => true, lease, Start, Start.AddMinutes(1), None).Timed();
                await store.AppendLogsAsync(claim!.Job.Id, 1, lease, [new LogEntryRow(1, "line", null, "hello", null)], None).Timed();
                Assert.Equal(FenceResult.Accepted, await store.CompleteJobAsync(claim.Job.Id, 1, lease, new JobOutcome("success", "{}", "[]"), Start, None).Timed());
                await store.AuditAsync($"task {task}", null, "run.trigger", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, Start, None).Timed();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(() => WriteAsync(task)))).Timed(Deadlines.Long);

        var runs = await store.RunsAsync("shop", 1_000, None).Timed();
        Assert.Equal(Enumerable.Range(1, Tasks * Rounds).Select(n => (long)n), runs.Select(r => r.Number).Order());
        Assert.Equal(Tasks * Rounds, (await store.AuditLogAsync(1_000, None).Timed()).Count);
        Assert.Empty(await store.QueuedJobsAsync(10, None).Timed());
        foreach (var run in runs)
        {
            Assert.Equal("success", Assert.Single(await store.RunEventsAsync(run.Id, 0, None).Timed()).Conclusion);
        }
    }

    [Fact]
    public async Task Two_stores_on_one_file_claiming_at_once_wait_for_each_other_and_never_share_a_job()
    {
        const int Jobs = 60;
        var path = folder.NewDatabase();
        await using var first = await SqliteServerStore.OpenAsync(path, None).Timed();
        await using var second = await SqliteServerStore.OpenAsync(path, None).Timed();
        var repository = await first.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed();
        var run = await NewRunAsync(first, repository.Id);
        await first.QueueJobsAsync([.. Enumerable.Range(0, Jobs).Select(i => Job(run, $"leg {i}"))], Start, None).Timed();
        var agent = await second.RegisterAgentAsync("agent", ["linux"], [1], null, Start, None).Timed();
        IServerStore[] stores = [first, second];

        async Task<long?> ClaimAndCompleteAsync(int i)
        {
            var store = stores[i % 2];
            var lease = BitConverter.GetBytes(i);
            var claim = await store.ClaimJobAsync(agent.Id, _ => true, lease, Start, Start.AddMinutes(1), None).Timed();
            await store.AuditAsync("agent", null, "claim", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null, Start, None).Timed();
            if (claim is null)
            {
                return null;
            }

            Assert.Equal(FenceResult.Accepted, await store.CompleteJobAsync(claim.Job.Id, 1, lease, new JobOutcome("success", "{}", "[]"), Start, None).Timed());
            return claim.Job.Id;
        }

        var claimed = await Task.WhenAll(Enumerable.Range(0, Jobs * 2).Select(i => Task.Run(() => ClaimAndCompleteAsync(i)))).Timed(Deadlines.Long);

        var given = claimed.OfType<long>().ToList();
        Assert.Equal(Jobs, given.Count);
        Assert.Equal(Jobs, given.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, Jobs).Select(seq => (long)seq), (await second.RunEventsAsync(run.Id, 0, None).Timed()).Select(e => e.Seq));
        Assert.Equal(Jobs * 2, (await first.AuditLogAsync(1_000, None).Timed()).Count);
    }

    [Fact]
    public async Task A_write_blocked_past_the_busy_timeout_by_another_process_is_unavailable_and_writes_nothing()
    {
        var path = folder.NewDatabase();
        await using var store = await SqliteServerStore.OpenAsync(path, TimeSpan.FromMilliseconds(200), None).Timed();
        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync(None).Timed();
        await using (var hold = other.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync(None).Timed();
        }

        var refused = await Assert.ThrowsAsync<StoreException>(() => store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed());
        await using (var release = other.CreateCommand())
        {
            release.CommandText = "ROLLBACK";
            await release.ExecuteNonQueryAsync(None).Timed();
        }

        Assert.True(refused.Unavailable);
        Assert.False(refused.InDoubt);
        Assert.Equal($"the SQLite database '{path}' stayed locked by another process past the busy timeout (SQLite Error 5: 'database is locked'.); nothing was changed, try again", refused.Message);
        Assert.Null(await store.RepositoryAsync("shop", None).Timed());
        await store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed();
        Assert.NotNull(await store.RepositoryAsync("shop", None).Timed());
    }
}
