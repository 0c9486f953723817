using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Tests;

/// <summary>What only the PostgreSQL provider promises: replicas on one database migrating and claiming side by side, and clear errors.</summary>
public sealed class PostgresServerStoreDatabaseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Tables =
        ["agents", "attempts", "audit", "blob_chunks", "blobs", "cache_entries", "concurrency", "deliveries", "deployment_reviews", "deployment_samples", "deployments", "environment_secrets", "environment_variables", "environments", "expired_blobs", "gate_reports", "job_summaries", "jobs", "logs", "quality_benchmarks", "quality_quarantine", "quality_runs", "quality_tests", "repositories", "run_events", "runs", "schedule_slots", "secrets", "sluice_schema", "tokens"];

    private PostgresScratch scratch = null!;

    private static CancellationToken None => CancellationToken.None;

    public Task InitializeAsync()
    {
        scratch = new PostgresScratch();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scratch.DisposeAsync();

    private static async Task<RunRecord> NewRunAsync(IServerStore store, long repositoryId) =>
        await store.CreateRunAsync(new NewRun(repositoryId, "CI", "ci.yml", "on: push", "push", "refs/heads/main", "abc", "{}", "alice", true), Start, None).Timed();

    private static NewJob Job(RunRecord run, string key) => new(run.Id, key, key, key, ["linux"], "{}", null, false);

    [Fact]
    public async Task Replicas_starting_together_on_an_empty_database_run_each_migration_once()
    {
        const int Replicas = 6;
        var database = await scratch.NewSchemaAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, Replicas).Select(_ => Task.Run(() => PostgresServerStore.OpenAsync(database, None)))).Timed(Deadlines.Long);
        try
        {
            Assert.Equal(PostgresSchema.Version, stores.Sum(store => store.MigrationsApplied));
            Assert.Equal(PostgresSchema.Version, await scratch.ScalarAsync<int>(database, "SELECT max(version) FROM sluice_schema"));
            Assert.Equal(1L, await scratch.ScalarAsync<long>(database, "SELECT count(*) FROM sluice_schema"));
            Assert.Equal(Tables, await TableNamesAsync(database));

            var repository = await stores[0].AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed();
            Assert.Equal("shop", Assert.Single(await stores[^1].RepositoriesAsync(None).Timed()).Name);
            await using var reopened = await PostgresServerStore.OpenAsync(database, None).Timed();
            Assert.Equal(0, reopened.MigrationsApplied);
            Assert.Equal(repository, await reopened.RepositoryAsync("shop", None).Timed());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Claims_from_many_replicas_and_agents_at_once_never_give_one_job_twice()
    {
        const int Jobs = 120;
        const int Claims = Jobs * 2;
        var database = await scratch.NewSchemaAsync();
        var stores = new List<PostgresServerStore>();
        for (var i = 0; i < 3; i++)
        {
            stores.Add(await PostgresServerStore.OpenAsync(database, None).Timed());
        }

        try
        {
            var repository = await stores[0].AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed();
            var run = await NewRunAsync(stores[0], repository.Id);
            await stores[0].QueueJobsAsync([.. Enumerable.Range(0, Jobs).Select(i => Job(run, $"leg {i}"))], Start, None).Timed();
            var agents = new List<AgentRow>();
            for (var i = 0; i < 12; i++)
            {
                agents.Add(await stores[i % 3].RegisterAgentAsync($"agent-{i}", ["linux"], [(byte)i], null, Start, None).Timed());
            }

            async Task<(long JobId, long AgentId)?> ClaimAndCompleteAsync(int i)
            {
                var store = stores[i % stores.Count];
                var agent = agents[i % agents.Count];
                var lease = BitConverter.GetBytes(i);
                var claim = await store.ClaimJobAsync(agent.Id, _ => true, lease, Start, Start.AddMinutes(1), None).Timed(Deadlines.Long);
                if (claim is null)
                {
                    return null;
                }

                Assert.Equal(agent.Id, claim.Job.AgentId);
                Assert.Equal(FenceResult.Accepted, await store.CompleteJobAsync(claim.Job.Id, 1, lease, new JobOutcome("success", "{}", "[]"), Start, None).Timed(Deadlines.Long));
                return (claim.Job.Id, agent.Id);
            }

            var claimed = await Task.WhenAll(Enumerable.Range(0, Claims).Select(i => Task.Run(() => ClaimAndCompleteAsync(i)))).Timed(Deadlines.Long);

            var given = claimed.OfType<(long JobId, long AgentId)>().ToList();
            Assert.Equal(Jobs, given.Count);
            Assert.Equal(Jobs, given.Select(g => g.JobId).Distinct().Count());
            var jobs = await stores[1].JobsAsync(run.Id, None).Timed();
            Assert.All(jobs, job => Assert.Equal((JobStatuses.Completed, 1), (job.Status, job.Attempt)));
            var attempts = await stores[2].AttemptsAsync(run.Id, None).Timed();
            Assert.Equal(Jobs, attempts.Count);
            Assert.All(attempts, attempt => Assert.Equal(1, attempt.Attempt));
            Assert.Equal(Enumerable.Range(1, Jobs).Select(seq => (long)seq), (await stores[0].RunEventsAsync(run.Id, 0, None).Timed()).Select(e => e.Seq));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_database_with_a_newer_schema_is_refused_and_left_as_it_is()
    {
        var database = await scratch.NewSchemaAsync();
        await using (var store = await PostgresServerStore.OpenAsync(database, None).Timed())
        {
            await using var source = NpgsqlDataSource.Create(database);
            await using var command = source.CreateCommand($"UPDATE sluice_schema SET version = {PostgresSchema.Version + 1}");
            await command.ExecuteNonQueryAsync().Timed();
        }

        var refused = await Assert.ThrowsAsync<StoreException>(() => PostgresServerStore.OpenAsync(database, None).Timed());

        var where = PostgresDatabase.Describe(PostgresDatabase.Parse(database));
        Assert.Equal($"the server database {where} has schema version {PostgresSchema.Version + 1}, newer than this sluice knows ({PostgresSchema.Version}); run a newer sluice", refused.Message);
        Assert.Equal(PostgresSchema.Version + 1, await scratch.ScalarAsync<int>(database, "SELECT version FROM sluice_schema"));
    }

    [Fact]
    public async Task A_database_nothing_listens_for_is_a_clear_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var refused = await Assert.ThrowsAsync<StoreException>(() => PostgresServerStore.OpenAsync($"postgres://sluice:secret-word@127.0.0.1:{port}/sluice", None).Timed());

        Assert.StartsWith($"cannot reach the PostgreSQL database '127.0.0.1:{port}/sluice' (", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("); check the address and that PostgreSQL runs", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_a_clear_error_that_does_not_show_the_password()
    {
        var wrong = new NpgsqlConnectionStringBuilder(scratch.Database.ConnectionString) { Password = "not-the-password" };

        var refused = await Assert.ThrowsAsync<StoreException>(() => PostgresServerStore.OpenAsync(wrong.ConnectionString, None).Timed());

        Assert.StartsWith($"the PostgreSQL database {PostgresDatabase.Describe(wrong)} refused the user '{wrong.Username}' (", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_is_a_clear_error()
    {
        var missing = new NpgsqlConnectionStringBuilder(scratch.Database.ConnectionString) { Database = "no_such_database" };

        var refused = await Assert.ThrowsAsync<StoreException>(() => PostgresServerStore.OpenAsync(missing.ConnectionString, None).Timed());

        Assert.StartsWith($"the PostgreSQL database {PostgresDatabase.Describe(missing)} does not exist (", refused.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> TableNamesAsync(string database)
    {
        await using var source = NpgsqlDataSource.Create(database);
        await using var command = source.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name");
        await using var reader = await command.ExecuteReaderAsync().Timed();
        var names = new List<string>();
        while (await reader.ReadAsync().Timed())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
