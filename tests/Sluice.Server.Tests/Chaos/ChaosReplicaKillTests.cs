using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// Chaos: kill -9 of one of two replicas on one PostgreSQL under a steady load of runs. The agents, given both URLs,
/// move to the other replica; the runs the killed one started and advanced are carried on by the other, rebuilt from
/// their stored events; every run completes with every job run once.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ChaosReplicaKillTests : PostgresFleetTest
{

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Killing_one_replica_under_load_loses_no_job_and_runs_none_twice()
    {
        var load = new ChaosLoad(Fleet);
        Fleet.Database = Schema.Database;
        await Fleet.StartServerAsync();
        var (replicaB, urlB) = await Fleet.StartReplicaAsync("server-b");
        using var apiA = new ApiClient(Fleet.Url, Fleet.AdminToken, Fleet.Patience);
        using var apiB = new ApiClient(urlB, Fleet.AdminToken, Fleet.Patience);
        await load.AddAsync();
        // Both agents talk to B first: B is the replica that dies.
        var servers = $"{urlB},{Fleet.Url}";
        var agents = new[]
        {
            await Fleet.StartAgentAtAsync(servers, "agent-1", new Dictionary<string, string?>(), []),
            await Fleet.StartAgentAtAsync(servers, "agent-2", new Dictionary<string, string?>(), []),
        };

        // The known point of the fault: a run started through B holds a job on one agent (its heartbeat held open by
        // B), while runs started through both replicas flow through the other agent.
        var held = await load.TriggerAsync("hold.yml", apiB);
        await Fleet.WaitForLogAsync(held, l => l.Text == "holding", "the held job");
        List<long> runs = [held];
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await load.TriggerAsync("load.yml", apiB));
            runs.Add(await load.TriggerAsync("load.yml", apiA));
        }

        replicaB.Kill();
        await replicaB.WaitForExitAsync(Fleet.Patience);
        File.WriteAllText(Fleet.ReleaseFile, "");
        for (var i = 0; i < 2; i++)
        {
            runs.Add(await load.TriggerAsync("load.yml", apiA));
        }

        var ended = await load.AssertEachSucceededOnceAsync(runs);
        ChaosLoad.AssertNoJobRanAgain(ended);
        Assert.Equal(runs.Count * 2, load.Recorded().Count);
        Assert.All(agents, agent => Assert.Contains($"moving to {Fleet.Url}", agent.Output, StringComparison.Ordinal));
        // The held run was started through B and its first job claimed through B; A, which never had it in memory,
        // queued its second job and concluded it.
        Assert.Equal(["after", "hold"], ended[0].Jobs.Select(j => j.Key).Order(StringComparer.Ordinal));
    }
}
