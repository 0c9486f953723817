using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// Chaos: the database fails a run's next step after it stored a job's result. The job's result is kept, but the
/// server's decision that follows it (queue the next job) was not carried out; nothing else will come for that run, so
/// the server must take it up again by itself once the database works, not wait for a restart.
/// </summary>
/// <remarks>
/// The failure is injected where it is deterministic: a trigger in the test's schema refuses to queue the job
/// <c>ship</c> until the test lifts it. A PostgreSQL that goes away for longer than the store's retries, just after a
/// result's commit, ends the same way (the advance fails after the result is stored), but at a moment no test can pick.
/// </remarks>
[Collection(FleetCollection.Name)]
public sealed class ChaosStalledRunTests : IAsyncLifetime, IDisposable
{
    private readonly Fleet _fleet = new();
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    public void Dispose() => _fleet.Dispose();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_run_whose_next_job_the_database_refused_to_queue_goes_on_once_the_database_takes_it()
    {
        var load = new ChaosLoad(_fleet);
        _fleet.Database = _schema.Database;
        await _fleet.StartServerAsync(leaseSeconds: 6);
        var (_, urlB) = await _fleet.StartReplicaAsync("server-b");
        await load.AddAsync();
        await _fleet.StartAgentAtAsync($"{_fleet.Url},{urlB}", "agent-a", new Dictionary<string, string?>(), []);
        var schema = _schema.Name;
        await _schema.ExecuteAsync($$"""
            CREATE TABLE {{schema}}.chaos_refused (key TEXT NOT NULL);
            INSERT INTO {{schema}}.chaos_refused VALUES ('ship');
            CREATE FUNCTION {{schema}}.chaos_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM {{schema}}.chaos_refused WHERE key = NEW.key) THEN
                    RAISE EXCEPTION 'chaos: the database refused to queue job %', NEW.key;
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER chaos_refuse BEFORE INSERT ON {{schema}}.jobs FOR EACH ROW EXECUTE FUNCTION {{schema}}.chaos_refuse();
            """);

        var run = (await _fleet.TriggerAsync(ChaosLoad.Repository, "load.yml")).Id;
        await _fleet.Server!.WaitForLineAsync(l => l.Contains("chaos: the database refused to queue job ship", StringComparison.Ordinal), "the refused queueing of ship", Fleet.Patience);
        var stalled = await _fleet.RunAsync(run);
        Assert.Equal([("build", "success")], stalled.Jobs.Select(j => (j.Key, j.Conclusion)));
        await _schema.ExecuteAsync($"DELETE FROM {schema}.chaos_refused");

        var ended = Assert.Single(await load.AssertEachSucceededOnceAsync([run]));
        ChaosLoad.AssertNoJobRanAgain([ended]);
        Assert.Equal(["build", "ship"], ended.Jobs.Select(j => j.Key).Order(StringComparer.Ordinal));
    }
}
