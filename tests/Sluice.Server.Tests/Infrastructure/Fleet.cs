using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.Server.Tests.Infrastructure;

/// <summary>
/// A real server and real agents on loopback, each a <c>sluice</c> process, with their data, work folders and git
/// repositories in one temp folder. Everything the fleet started is killed (process trees) when the test ends.
/// </summary>
public sealed partial class Fleet : IDisposable
{
    /// <summary>The longest any one thing the tests wait for may take (the machine running them may be busy).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly List<LiveSluice> _agents = [];
    private readonly List<LiveSluice> _replicas = [];
    private ApiClient? _api;
    private int? _leaseSeconds;

    public Fleet()
    {
        Root = new TempDirectory();
        DataDirectory = Path.Combine(Root.Path, "data");
    }

    public TempDirectory Root { get; }

    public string DataDirectory { get; }

    public LiveSluice? Server { get; private set; }

    public string Url { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>The server's <c>--database</c> (PostgreSQL); null keeps its records in SQLite in <see cref="DataDirectory"/>.</summary>
    public string? Database { get; set; }

    public string AdminToken => File.ReadAllText(Path.Combine(DataDirectory, "admin.token")).Trim();

    /// <summary>The API as the admin token sees it.</summary>
    public ApiClient Api => _api ?? throw new InvalidOperationException("start the server first");

    public IReadOnlyList<LiveSluice> Agents => _agents;

    /// <summary>Options the server starts with besides the fleet's (kept across restarts).</summary>
    public IReadOnlyList<string> ServerOptions { get; set; } = [];

    /// <summary>Variables the server starts with besides the fleet's (kept across restarts).</summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment { get; set; } = new Dictionary<string, string?>();

    /// <summary>Starts <c>sluice server</c> on a free loopback port (or <see cref="Port"/> again after <see cref="KillServer"/>).</summary>
    public async Task StartServerAsync(int? leaseSeconds = null)
    {
        _leaseSeconds = leaseSeconds;
        Server = LiveSluice.Start("server", Root.Path, false, ServerEnvironment, ServerArguments(Port));
        Url = await ListeningUrlAsync(Server);
        Port = new Uri(Url).Port;
        _api?.Dispose();
        _api = new ApiClient(Url, AdminToken, Patience);
    }

    /// <summary>
    /// Starts another <c>sluice server</c> (a replica) on the same data folder, database and options as the fleet's
    /// server (its lease too, as <see cref="StartServerAsync"/> was given it), on a free loopback port, and returns it
    /// with its URL once it listens. It may start while the fleet's server starts (replicas starting together) or
    /// after; it is killed when the test ends.
    /// </summary>
    public async Task<(LiveSluice Replica, string Url)> StartReplicaAsync(string name)
    {
        var replica = LiveSluice.Start(name, Root.Path, false, ServerEnvironment, ServerArguments(0));
        _replicas.Add(replica);
        return (replica, await ListeningUrlAsync(replica));
    }

    private string[] ServerArguments(int port)
    {
        var args = new List<string> { "server", "--data", DataDirectory, "--listen", $"127.0.0.1:{port}", "--log-format", "json" };
        if (_leaseSeconds is { } lease)
        {
            args.AddRange(["--lease-seconds", lease.ToString(CultureInfo.InvariantCulture)]);
        }

        if (Database is { } database)
        {
            args.AddRange(["--database", database]);
        }

        return [.. args, .. ServerOptions];
    }

    private static async Task<string> ListeningUrlAsync(LiveSluice server)
    {
        var line = await server.WaitForLineAsync(l => l.StartsWith("sluice server listening on ", StringComparison.Ordinal), "its address", Patience);
        return ListeningOn().Match(line).Groups["url"].Value;
    }

    /// <summary>
    /// Waits for an entry of the server's structured log (<c>--log-format json</c>, one object per line) with this event
    /// id whose fields satisfy <paramref name="match"/>, and returns its fields.
    /// </summary>
    public async Task<JsonElement> WaitForServerLogAsync(int eventId, Func<JsonElement, bool> match, string what)
    {
        var server = Server ?? throw new InvalidOperationException("no server is running");
        var line = await server.WaitForLineAsync(l => Fields(l, eventId) is { } state && match(state), what, Patience);
        return Fields(line, eventId)!.Value;

        static JsonElement? Fields(string line, int eventId)
        {
            if (!line.StartsWith('{'))
            {
                return null;
            }

            using var entry = JsonDocument.Parse(line);
            return entry.RootElement.TryGetProperty("EventId", out var id) && id.GetInt32() == eventId && entry.RootElement.TryGetProperty("State", out var state)
                ? state.Clone()
                : null;
        }
    }

    /// <summary>kill -9 of the server and everything it started.</summary>
    public async Task KillServerAsync()
    {
        var server = Server ?? throw new InvalidOperationException("no server is running");
        server.Kill();
        await server.WaitForExitAsync(Patience);
        server.Dispose();
        Server = null;
    }

    /// <summary>Starts the server again on the same data folder and port.</summary>
    public Task RestartServerAsync() => StartServerAsync(_leaseSeconds);

    /// <summary>
    /// Starts the server again on the same data folder at another address (<paramref name="url"/>, from
    /// <see cref="FreeLoopbackUrl"/>): the stand-in for a second replica taking over, one after the other on one database.
    /// </summary>
    public Task StartServerAtAsync(string url)
    {
        Port = new Uri(url).Port;
        return StartServerAsync(_leaseSeconds);
    }

    /// <summary>A loopback URL where nothing listens now (a port that was free a moment ago).</summary>
    public static string FreeLoopbackUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>Starts <c>sluice agent</c> with a fresh registration token, and waits until it asks for work.</summary>
    public Task<LiveSluice> StartAgentAsync(string name, params string[] labels) =>
        StartAgentAsync(name, new Dictionary<string, string?>(), labels.Length > 0 ? ["--labels", string.Join(',', labels)] : []);

    /// <summary>Starts <c>sluice agent</c> with these variables and options besides the fleet's, and waits until it asks for work.</summary>
    public Task<LiveSluice> StartAgentAsync(string name, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> options) =>
        StartAgentAtAsync(Url, name, environment, options);

    /// <summary>Starts <c>sluice agent --server <paramref name="servers"/></c> (one URL or several), and waits until it asks for work.</summary>
    public async Task<LiveSluice> StartAgentAtAsync(string servers, string name, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> options)
    {
        var token = await Api.SendAsync(HttpMethod.Post, "api/v1/tokens", new TokenCreate("agent", null, $"test agent {name}"), ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenCreated, CancellationToken.None);
        string[] args = ["agent", "--server", servers, "--token", token!.Token, "--name", name, "--work", AgentWork(name), .. options];
        var agent = LiveSluice.Start(name, Root.Path, false, environment, args);
        _agents.Add(agent);
        await agent.WaitForLineAsync(l => l.Contains(" is ready; waiting for jobs", StringComparison.Ordinal), "its first request for work", Patience);
        return agent;
    }

    /// <summary>The work folder of the agent of this name.</summary>
    public string AgentWork(string name) => Path.Combine(Root.Path, "agents", name);

    /// <summary>A git repository of this test, with these files committed on main.</summary>
    public TestRepository Repository(string name, params (string Path, string Content)[] files)
    {
        var repository = new TestRepository(Path.Combine(Root.Path, "served"), Path.Combine(Root.Path, "work"), "tests", name);
        repository.Commit("initial", files);
        return repository;
    }

    /// <summary>The file a <see cref="HoldingRepository"/> job waits for.</summary>
    public string ReleaseFile => Path.Combine(Root.Path, "release");

    /// <summary>
    /// A repository whose one workflow (<c>hold.yml</c>, on push) has one job, <c>hold</c>: it says "holding", waits
    /// until <see cref="ReleaseFile"/> exists, then says "released".
    /// </summary>
    public TestRepository HoldingRepository(string name) => Repository(name, (".github/workflows/hold.yml", $$"""
        on: push
        jobs:
          hold:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  echo "holding"
                  while [ ! -e "{{ReleaseFile}}" ]; do sleep 0.05; done
                  echo "released"
        """));

    /// <summary>Runs a client verb against this server with the admin token (<c>--server URL --token T</c> are added).</summary>
    public Task<SluiceResult> CliAsync(params string[] args) => CliWithInputAsync(null, args);

    public Task<SluiceResult> CliWithInputAsync(string? stdin, params string[] args) =>
        SluiceProcess.RunAsync(Root.Path, Patience, new Dictionary<string, string?> { ["SLUICE_SERVER"] = null, ["SLUICE_TOKEN"] = null }, stdin, [.. args, "--server", Url, "--token", AdminToken]);

    /// <summary>Runs a client verb with the admin token and these variables (SLUICE_SERVER, for one), without <c>--server</c>.</summary>
    public Task<SluiceResult> CliWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        SluiceProcess.RunAsync(Root.Path, Patience, environment, null, [.. args, "--token", AdminToken]);

    /// <summary>Adds a repository with <c>sluice repo add</c>.</summary>
    public async Task AddRepositoryAsync(string name, TestRepository repository)
    {
        var added = await CliAsync("repo", "add", name, repository.Work);
        Assert.True(added.ExitCode == 0, added.ToString());
    }

    /// <summary>Starts the runs of a repository through the API (the fleet's server's, or <paramref name="through"/>) and returns the one run it started.</summary>
    public async Task<RunView> TriggerAsync(string repository, string? workflow = null, ApiClient? through = null)
    {
        var response = await (through ?? Api).SendAsync(HttpMethod.Post, $"api/v1/repos/{repository}/runs", new TriggerRequest(null, null, null, workflow), ProtocolJson.Default.TriggerRequest, ProtocolJson.Default.TriggerResponse, CancellationToken.None);
        return Assert.Single(response!.Runs);
    }

    public async Task<RunView> RunAsync(long id) => (await Api.GetAsync($"api/v1/runs/{id}", ProtocolJson.Default.RunView, CancellationToken.None))!;

    public Task<RunView> WaitForEndAsync(long id) => WaitForRunAsync(id, r => r.Status == "completed", "the end of the run");

    /// <summary>
    /// Waits until the run's view satisfies <paramref name="until"/>. Between looks it waits on the server's long poll
    /// of the run's log, which answers as soon as anything about the run changes (a line, a job claimed or ended).
    /// </summary>
    public async Task<RunView> WaitForRunAsync(long id, Func<RunView, bool> until, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        long after = 0;
        while (true)
        {
            var view = await Api.GetAsync($"api/v1/runs/{id}", ProtocolJson.Default.RunView, deadline.Token).WaitAsync(deadline.Token);
            if (until(view!))
            {
                return view!;
            }

            if (view!.Status == "completed")
            {
                throw new InvalidOperationException($"run {id} ended ({view.Conclusion}) before {what}:\n{Describe(view)}\n{await LogTextAsync(id)}");
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"run {id}: no {what} within {Patience.TotalSeconds} s:\n{Describe(view)}");
            }

            var page = await Api.GetAsync($"api/v1/runs/{id}/logs?after={after}&wait=5", ProtocolJson.Default.LogPage, deadline.Token).WaitAsync(deadline.Token);
            after = page!.Next;
        }
    }

    /// <summary>Waits until the run's log has a line that matches, and returns it.</summary>
    public async Task<LogLineView> WaitForLogAsync(long id, Func<LogLineView, bool> match, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        long after = 0;
        while (true)
        {
            LogPage page;
            try
            {
                page = (await Api.GetAsync($"api/v1/runs/{id}/logs?after={after}&wait=5", ProtocolJson.Default.LogPage, deadline.Token).WaitAsync(deadline.Token))!;
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"run {id}: no {what} within {Patience.TotalSeconds} s:\n{await LogTextAsync(id)}");
            }

            if (page.Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (page.Done)
            {
                throw new InvalidOperationException($"run {id} ended before {what}:\n{await LogTextAsync(id)}");
            }

            after = page.Next;
        }
    }

    /// <summary>Every stored line of the run's log, in order.</summary>
    public async Task<IReadOnlyList<LogLineView>> LogsAsync(long id)
    {
        var lines = new List<LogLineView>();
        long after = 0;
        while (true)
        {
            var page = (await Api.GetAsync($"api/v1/runs/{id}/logs?after={after}", ProtocolJson.Default.LogPage, CancellationToken.None))!;
            lines.AddRange(page.Lines);
            if (page.Lines.Count == 0)
            {
                return lines;
            }

            after = page.Next;
        }
    }

    /// <summary>The run's log as text (for failure messages).</summary>
    public async Task<string> LogTextAsync(long id) =>
        string.Join('\n', (await LogsAsync(id)).Select(l => $"[{l.Job} #{l.Attempt} {l.Kind} {l.Step}] {l.Text}"));

    public static string Describe(RunView run) =>
        $"run {run.Id} {run.Status} {run.Conclusion}: " + string.Join("; ", run.Jobs.Select(j => $"{j.Key} {j.Status} {j.Conclusion} attempt {j.Attempt} on {j.Agent}"));

    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }

        Server?.Dispose();
        _api?.Dispose();
        Root.Dispose();
    }

    [GeneratedRegex(@"listening on (?<url>http://[^ ]+)")]
    private static partial Regex ListeningOn();
}
