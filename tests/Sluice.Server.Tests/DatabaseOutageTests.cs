using System.Net;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// A server on a PostgreSQL of its own that goes away and comes back while a job runs: requests meanwhile get 503 with
/// the reason, <c>/readyz</c> says not ready, and then ready again without anyone touching the server, and the run ends
/// with its job done once.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DatabaseOutageTests : IAsyncLifetime, IDisposable
{
    private readonly Fleet _fleet = new();
    private PrivatePostgres _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PrivatePostgres.StartAsync().WaitAsync(Fleet.Patience);

    public async Task DisposeAsync() => await _postgres.DisposeAsync().AsTask().WaitAsync(Fleet.Patience);

    public void Dispose() => _fleet.Dispose();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_replica_that_loses_its_database_answers_503_and_is_not_ready_then_recovers_by_itself_and_the_run_completes_once()
    {
        _fleet.Database = _postgres.Url;
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("hold", _fleet.HoldingRepository("hold"));
        var run = await _fleet.TriggerAsync("hold");
        await _fleet.WaitForLogAsync(run.Id, l => l.Text == "holding", "the job holding");
        using var http = new HttpClient { BaseAddress = new Uri(_fleet.Url + "/"), Timeout = Fleet.Patience };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _fleet.AdminToken);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await GetAsync(http, "readyz"));

        await _postgres.PauseAsync().WaitAsync(Fleet.Patience);
        // A request during the outage is retried until the store gives up, then answered 503 with the reason; that
        // failure makes /readyz look again at once instead of trusting its last probe.
        var (status, problem) = await GetAsync(http, $"api/v1/runs/{run.Id}");
        var (notReady, why) = await GetAsync(http, "readyz");
        var healthy = await GetAsync(http, "healthz");
        await _postgres.ResumeAsync().WaitAsync(Fleet.Patience);
        var ready = await GetAsync(http, "readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("\"status\":503", problem, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady);
        Assert.StartsWith("not ready: the PostgreSQL database '127.0.0.1:", why, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", why, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), healthy);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), ready);

        File.WriteAllText(_fleet.ReleaseFile, "");
        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended) + "\n" + await _fleet.LogTextAsync(run.Id));
        var job = Assert.Single(ended.Jobs);
        Assert.Equal((1, "agent-a"), (job.Attempt, job.Agent));
        Assert.Single(job.Attempts);
        var log = await _fleet.LogsAsync(run.Id);
        Assert.Equal([1], log.Where(l => l.Text == "holding").Select(l => l.Attempt));
        Assert.Equal([1], log.Where(l => l.Text == "released").Select(l => l.Attempt));
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path).WaitAsync(Fleet.Patience);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
