using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// Chaos: kill -9 of one of two replicas on one PostgreSQL under a steady load of runs. The agents, given both URLs,
/// move to the other replica; the runs the killed one started and advanced are carried on by the other, rebuilt from
/// their stored events; every run completes with every job run once.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ChaosReplicaKillTests : IAsyncLifetime
{
    private readonly Fleet _fleet = new();
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateAsync();

    /// <summary>The fleet's processes are stopped before their schema is dropped (xunit calls this before any Dispose).</summary>
    public async Task DisposeAsync()
    {
        _fleet.Dispose();
        await _schema.DisposeAsync();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Killing_one_replica_under_load_loses_no_job_and_runs_none_twice()
    {
        var load = new ChaosLoad(_fleet);
        _fleet.Database = _schema.Database;
        await _fleet.StartServerAsync();
        var (replicaB, urlB) = await _fleet.StartReplicaAsync("server-b");
        using var apiA = new ApiClient(_fleet.Url, _fleet.AdminToken, Fleet.Patience);
        using var apiB = new ApiClient(urlB, _fleet.AdminToken, Fleet.Patience);
        await load.AddAsync();
        // Both agents talk to B first: B is the replica that dies.
        var servers = $"{urlB},{_fleet.Url}";
        var agents = new[]
        {
            await _fleet.StartAgentAtAsync(servers, "agent-1", new Dictionary<string, string?>(), []),
            await _fleet.StartAgentAtAsync(servers, "agent-2", new Dictionary<string, string?>(), []),
        };

        // The known point of the fault: a run started through B holds a job on one agent (its heartbeat held open by
        // B), while runs started through both replicas flow through the other agent.
        var held = await load.TriggerAsync("hold.yml", apiB);
        await _fleet.WaitForLogAsync(held, l => l.Text == "holding", "the held job");
        List<long> runs = [held];
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await load.TriggerAsync("load.yml", apiB));
            runs.Add(await load.TriggerAsync("load.yml", apiA));
        }

        replicaB.Kill();
        await replicaB.WaitForExitAsync(Fleet.Patience);
        File.WriteAllText(_fleet.ReleaseFile, "");
        for (var i = 0; i < 2; i++)
        {
            runs.Add(await load.TriggerAsync("load.yml", apiA));
        }

        var ended = await load.AssertEachSucceededOnceAsync(runs);
        ChaosLoad.AssertNoJobRanAgain(ended);
        Assert.Equal(runs.Count * 2, load.Recorded().Count);
        Assert.All(agents, agent => Assert.Contains($"moving to {_fleet.Url}", agent.Output, StringComparison.Ordinal));
        // The held run was started through B and its first job claimed through B; A, which never had it in memory,
        // queued its second job and concluded it.
        Assert.Equal(["after", "hold"], ended[0].Jobs.Select(j => j.Key).Order(StringComparer.Ordinal));
    }
}
