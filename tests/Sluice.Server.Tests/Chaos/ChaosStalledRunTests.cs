using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// Chaos: the database fails a run's next step after it stored a job's result. The result is kept, but the decision
/// that follows it (queue the next job) was not carried out, and nothing else will come for that run: the server that
/// failed must take it up again by itself once the database works, and when that server is gone, the other replica.
/// </summary>
/// <remarks>
/// The failure is injected where it is deterministic: a trigger in the test's schema refuses to queue the job
/// <c>ship</c> until the test lifts it. A PostgreSQL that goes away for longer than the store's retries just after a
/// result's commit, or a replica killed between a result's commit and the next step, ends the same way, but at a moment
/// no test can pick.
/// </remarks>
[Collection(FleetCollection.Name)]
public sealed class ChaosStalledRunTests : PostgresFleetTest
{
    private const string Refusal = "chaos: the database refused to queue job ship";

    private readonly ChaosLoad _load;

    public ChaosStalledRunTests() => _load = new ChaosLoad(Fleet);

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_run_whose_next_job_the_database_refused_to_queue_goes_on_once_the_database_takes_it()
    {
        var (_, urlB) = await StartAsync();
        await Fleet.StartAgentAtAsync($"{Fleet.Url},{urlB}", "agent-a", new Dictionary<string, string?>(), []);
        await RefuseToQueueShipAsync();

        var run = (await Fleet.TriggerAsync(ChaosLoad.Repository, "load.yml")).Id;
        await Fleet.Server!.WaitForLineAsync(l => l.Contains(Refusal, StringComparison.Ordinal), "the refused queueing of ship", Fleet.Patience);
        await AssertStalledAsync(run);
        await Schema.ExecuteAsync($"DROP TRIGGER chaos_refuse ON {Schema.Name}.jobs");

        await AssertRunOnceAsync(run);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_run_whose_replica_died_before_its_next_step_is_taken_up_by_the_other_replica()
    {
        var (replicaB, urlB) = await StartAsync();
        using var apiB = new ApiClient(urlB, Fleet.AdminToken, Fleet.Patience);
        await Fleet.StartAgentAtAsync($"{urlB},{Fleet.Url}", "agent-b", new Dictionary<string, string?>(), []);
        await RefuseToQueueShipAsync();

        // B stores build's result and fails to queue ship; it dies before it could try again.
        var run = await _load.TriggerAsync("load.yml", apiB);
        await replicaB.WaitForLineAsync(l => l.Contains(Refusal, StringComparison.Ordinal), "the refused queueing of ship on B", Fleet.Patience);
        replicaB.Kill();
        await replicaB.WaitForExitAsync(Fleet.Patience);
        await AssertStalledAsync(run);
        await Schema.ExecuteAsync($"DROP TRIGGER chaos_refuse ON {Schema.Name}.jobs");

        // Nothing about the run reaches A (no job of it is left to report): A's sweep of stalled runs finds it.
        await AssertRunOnceAsync(run);
    }

    /// <summary>Replicas A (the fleet's server) and B on the test's schema, 6 s leases (B's retries every second, A's sweep every 6 s).</summary>
    private async Task<(LiveSluice Replica, string Url)> StartAsync()
    {
        Fleet.Database = Schema.Database;
        await Fleet.StartServerAsync(leaseSeconds: 6);
        var replica = await Fleet.StartReplicaAsync("server-b");
        await _load.AddAsync();
        return replica;
    }

    private Task RefuseToQueueShipAsync() => Schema.ExecuteAsync($$"""
        CREATE FUNCTION {{Schema.Name}}.chaos_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.key = 'ship' THEN
                RAISE EXCEPTION 'chaos: the database refused to queue job %', NEW.key;
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER chaos_refuse BEFORE INSERT ON {{Schema.Name}}.jobs FOR EACH ROW EXECUTE FUNCTION {{Schema.Name}}.chaos_refuse();
        """);

    private async Task AssertStalledAsync(long run)
    {
        var stalled = await Fleet.RunAsync(run);
        Assert.Equal([("build", "success")], stalled.Jobs.Select(j => (j.Key, j.Conclusion)));
        Assert.Equal("in_progress", stalled.Status);
    }

    private async Task AssertRunOnceAsync(long run)
    {
        var ended = Assert.Single(await _load.AssertEachSucceededOnceAsync([run]));
        ChaosLoad.AssertNoJobRanAgain([ended]);
        Assert.Equal(["build", "ship"], ended.Jobs.Select(j => j.Key).Order(StringComparer.Ordinal));
    }
}
