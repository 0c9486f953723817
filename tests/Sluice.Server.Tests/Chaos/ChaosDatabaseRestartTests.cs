using System.Net;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// Chaos: the PostgreSQL of two replicas restarts under a steady load of runs (a cluster of the test's own, stopped and
/// started on the same port). Both replicas reconnect by themselves; every run completes with every job run once.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ChaosDatabaseRestartTests : IAsyncLifetime
{
    private readonly Fleet _fleet = new();
    private PrivatePostgres _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PrivatePostgres.StartAsync().WaitAsync(Fleet.Patience);

    /// <summary>The fleet's processes are stopped before their database is (xunit calls this before any Dispose).</summary>
    public async Task DisposeAsync()
    {
        _fleet.Dispose();
        await _postgres.DisposeAsync().AsTask().WaitAsync(Fleet.Patience);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_database_restart_under_load_is_ridden_out_by_both_replicas_and_every_run_completes_once()
    {
        var load = new ChaosLoad(_fleet);
        _fleet.Database = _postgres.Url;
        await _fleet.StartServerAsync();
        var (_, urlB) = await _fleet.StartReplicaAsync("server-b");
        using var apiA = new ApiClient(_fleet.Url, _fleet.AdminToken, Fleet.Patience);
        using var apiB = new ApiClient(urlB, _fleet.AdminToken, Fleet.Patience);
        await load.AddAsync();
        await _fleet.StartAgentAtAsync($"{_fleet.Url},{urlB}", "agent-1", new Dictionary<string, string?>(), []);
        await _fleet.StartAgentAtAsync($"{urlB},{_fleet.Url}", "agent-2", new Dictionary<string, string?>(), []);

        var held = await load.TriggerAsync("hold.yml", apiA);
        await _fleet.WaitForLogAsync(held, l => l.Text == "holding", "the held job");
        List<long> runs = [held];
        for (var i = 0; i < 2; i++)
        {
            runs.Add(await load.TriggerAsync("load.yml", apiA));
            runs.Add(await load.TriggerAsync("load.yml", apiB));
        }

        // Stopped (fast shutdown: every session ends) and started again while those runs' jobs are claimed, heartbeats
        // are held and results come in.
        await _postgres.PauseAsync().WaitAsync(Fleet.Patience);
        await _postgres.ResumeAsync().WaitAsync(Fleet.Patience);

        // Both replicas answer from the database again without a restart of their own.
        foreach (var url in new[] { _fleet.Url, urlB })
        {
            using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = Fleet.Patience };
            http.DefaultRequestHeaders.Authorization = new("Bearer", _fleet.AdminToken);
            using var runsPage = await http.GetAsync("api/v1/runs").WaitAsync(Fleet.Patience);
            Assert.True(runsPage.StatusCode == HttpStatusCode.OK, $"{url}: {runsPage.StatusCode} {await runsPage.Content.ReadAsStringAsync()}");
            using var ready = await http.GetAsync("readyz").WaitAsync(Fleet.Patience);
            Assert.True(ready.StatusCode == HttpStatusCode.OK, $"{url}/readyz: {ready.StatusCode} {await ready.Content.ReadAsStringAsync()}");
        }

        File.WriteAllText(_fleet.ReleaseFile, "");
        runs.Add(await load.TriggerAsync("load.yml", apiB));
        runs.Add(await load.TriggerAsync("load.yml", apiA));

        var ended = await load.AssertEachSucceededOnceAsync(runs);
        ChaosLoad.AssertNoJobRanAgain(ended);
        Assert.Equal(runs.Count * 2, load.Recorded().Count);
    }
}
