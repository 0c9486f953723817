using Sluice.Cli.Quality.Remote;
using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Quality.History.Tests;
using Sluice.Server;
using Sluice.Testing.Git;

namespace Sluice.Cli.Tests.Quality;

/// <summary>
/// The quality history's compliance suite, the one the CLI's SQLite file passes, against the history a real server
/// keeps for a repository, reached as a job's <c>sluice gate</c> reaches it: over loopback HTTP under a job attempt's
/// lease token. The server's clock is the suite's, so recorded times are the suite's.
/// </summary>
public sealed class RemoteQualityHistoryComplianceTests : QualityHistoryComplianceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("sluice-remote-history-").FullName;
    private readonly List<RemoteQualityHistory> _opened = [];
    private SluiceServer? _server;
    private (string Url, string Token)? _history;

    protected override async Task<IQualityHistory> OpenStoreAsync(TimeProvider time)
    {
        var (url, token) = _history ??= await StartJobAsync(time);
        var history = new RemoteQualityHistory(url, token);
        _opened.Add(history);
        return history;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var history in _opened)
        {
            history.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().AsTask().WaitAsync(Patience);
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A server, a repository with a run, and an agent holding its job: the history routes of that attempt.</summary>
    private async Task<(string Url, string Token)> StartJobAsync(TimeProvider time)
    {
        using var deadline = new CancellationTokenSource(Patience);
        var options = new ServerOptions
        {
            DataDirectory = Path.Combine(_root, "data"),
            Listen = "127.0.0.1:0",
            LogFormat = "none",
            ClaimWait = TimeSpan.Zero,
            // The suite moves its clock by hours; the lease must outlast that.
            Lease = TimeSpan.FromDays(30),
        };
        _server = await SluiceServer.StartAsync(options, time, null, deadline.Token);
        using var admin = new ApiClient(_server.Url, _server.NewAdminToken);
        var source = new TestRepository(Path.Combine(_root, "served"), Path.Combine(_root, "work"), "tests", "shop");
        source.Commit("a workflow", (".github/workflows/ci.yml", "on: push\njobs:\n  gate:\n    runs-on: history-probe\n    steps:\n      - run: echo gate\n"));
        await admin.SendAsync(HttpMethod.Post, "api/v1/repos", new RepositoryCreate("shop", source.Work, null, null), ProtocolJson.Default.RepositoryCreate, ProtocolJson.Default.RepositoryView, deadline.Token);
        await admin.SendAsync(HttpMethod.Post, "api/v1/repos/shop/runs", new TriggerRequest(null, null, null, null), ProtocolJson.Default.TriggerRequest, ProtocolJson.Default.TriggerResponse, deadline.Token);
        var registration = await admin.SendAsync(HttpMethod.Post, "api/v1/tokens", new TokenCreate("agent", null, null), ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenCreated, deadline.Token);
        using var agent = new ApiClient(_server.Url, registration!.Token);
        var registered = await agent.SendAsync(HttpMethod.Post, "api/v1/agents/register", new RegisterRequest("probe", ["history-probe"], "1"), ProtocolJson.Default.RegisterRequest, ProtocolJson.Default.RegisterResponse, deadline.Token);
        agent.Token = registered!.Credential;
        var job = await agent.SendAsync(HttpMethod.Post, "api/v1/agent/claim", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.JobAssignment, deadline.Token);
        Assert.NotNull(job);
        return ($"{_server.Url.TrimEnd('/')}/api/v1/jobs/{job.JobId}/attempts/{job.Attempt}/history", job.LeaseToken);
    }
}
