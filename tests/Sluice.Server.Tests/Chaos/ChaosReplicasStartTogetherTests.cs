using System.Net;
using System.Text.RegularExpressions;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// Chaos: two replicas started at once on an empty PostgreSQL schema and an empty data folder. Both become ready, the
/// schema is migrated once in all, and a run started through either replica runs.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed partial class ChaosReplicasStartTogetherTests : PostgresFleetTest
{

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Two_replicas_starting_together_on_an_empty_database_migrate_it_once_and_both_serve()
    {
        Fleet.Database = Schema.Database;
        var startingA = Fleet.StartServerAsync();
        var startingB = Fleet.StartReplicaAsync("server-b");
        await Task.WhenAll(startingA, startingB).WaitAsync(Fleet.Patience);
        var (replicaB, urlB) = await startingB;

        // Each migration was applied by one of them: what each says it applied adds up to the schema's version once.
        var said = new[] { Fleet.Server!, replicaB }.Select(server => MigrationsApplied().Match(server.Output)).ToList();
        Assert.All(said, match => Assert.True(match.Success, string.Join("\n---\n", Fleet.Server!.Output, replicaB.Output)));
        var (rows, version) = await Schema.FirstRowAsync($"SELECT count(*), max(version) FROM {Schema.Name}.sluice_schema", r => (r.GetInt64(0), r.GetInt32(1)));
        Assert.Equal(1L, rows);
        Assert.All(said, match => Assert.Equal(version, Number(match, "version")));
        Assert.Equal(version, said.Sum(match => Number(match, "applied")));
        Assert.True(version >= 6, $"schema version {version}");
        // One admin token for both (the one in the data folder), shown by the one that wrote it; no half-made file left.
        Assert.Single(new[] { Fleet.Server!, replicaB }, server => server.Output.Contains("admin token (shown once", StringComparison.Ordinal));
        Assert.Equal(["admin.token", "secrets.key"], Directory.GetFiles(Fleet.DataDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var url in new[] { Fleet.Url, urlB })
        {
            using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = Fleet.Patience };
            using var ready = await http.GetAsync("readyz").WaitAsync(Fleet.Patience);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // One admin token works on both; a run started through each is run by an agent of the other.
        var load = new ChaosLoad(Fleet);
        using var apiA = new ApiClient(Fleet.Url, Fleet.AdminToken, Fleet.Patience);
        using var apiB = new ApiClient(urlB, Fleet.AdminToken, Fleet.Patience);
        await load.AddAsync();
        await Fleet.StartAgentAtAsync(Fleet.Url, "agent-a", new Dictionary<string, string?>(), []);
        await Fleet.StartAgentAtAsync(urlB, "agent-b", new Dictionary<string, string?>(), []);
        var ended = await load.AssertEachSucceededOnceAsync([await load.TriggerAsync("load.yml", apiB), await load.TriggerAsync("load.yml", apiA)]);
        ChaosLoad.AssertNoJobRanAgain(ended);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"schema version (?<version>\d+), (?<applied>\d+) migrations applied by this server")]
    private static partial Regex MigrationsApplied();
}
