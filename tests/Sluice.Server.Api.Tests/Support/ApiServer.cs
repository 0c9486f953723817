using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Testing.Git;

namespace Sluice.Server.Api.Tests.Support;

/// <summary>
/// A real server on loopback with its OpenAPI document fetched over HTTP, tokens of each scope, and a repository with a
/// run whose job waits for an agent labelled <see cref="JobLabel"/>. Every await has a deadline.
/// </summary>
public sealed class ApiServer : IAsyncLifetime
{
    public const string Repository = "probe";

    /// <summary>The <c>runs-on</c> of the probe's job: no agent has it unless a test registers one with it.</summary>
    public const string JobLabel = "probe-label";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The server's cache size per repository, small so that the tests can send an entry over it.</summary>
    public const int CacheBytes = 256 * 1024;

    private readonly string _root = Directory.CreateTempSubdirectory("sluice-api-tests-").FullName;

    public SluiceServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public OpenApiDocument Document { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public string TriggerToken { get; private set; } = null!;

    public string ReadToken { get; private set; } = null!;

    public long RunId { get; private set; }

    /// <summary>The bare git repository the probe is served from, for tests that add repositories of their own.</summary>
    public string SourcePath { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var options = new ServerOptions
        {
            DataDirectory = Path.Combine(_root, "data"),
            Listen = "127.0.0.1:0",
            LogFormat = "none",
            // Claims answer at once, and a heartbeat is held for a third of the lease: short, so the tests do not wait.
            ClaimWait = TimeSpan.Zero,
            Lease = TimeSpan.FromSeconds(9),
            CacheBytesPerRepository = CacheBytes,
        };
        Server = await SluiceServer.StartAsync(options, TimeProvider.System, null, deadline.Token);
        // Not a browser: the session cookies of a sign-in are not sent again behind the tests' backs.
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(Server.Url), Timeout = Timeout };
        using (var response = await Http.GetAsync("/openapi/v1.json", deadline.Token))
        {
            response.EnsureSuccessStatusCode();
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var parsed = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
            Document = new OpenApiDocument(parsed.RootElement.Clone());
        }

        AdminToken = Server.NewAdminToken!;
        ReadToken = await CreateTokenAsync("read", deadline.Token);
        TriggerToken = await CreateTokenAsync("trigger", deadline.Token);

        var source = new TestRepository(Path.Combine(_root, "served"), Path.Combine(_root, "work"), "probe", Repository);
        source.Commit("a workflow", (".github/workflows/ci.yml", $"name: ci\non: push\njobs:\n  build:\n    runs-on: {JobLabel}\n    steps:\n      - run: echo built\n"));
        source.Publish();
        SourcePath = source.Bare;
        await PostAsync("/api/v1/repos", AdminToken, $$"""{"name": "{{Repository}}", "url": "{{source.Bare}}", "webhookSecret": "probe-secret"}""", deadline.Token);
        RunId = await TriggerAsync(deadline.Token);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().AsTask().WaitAsync(Timeout);
        Directory.Delete(_root, recursive: true);
    }

    public async Task<string> CreateTokenAsync(string scope, CancellationToken cancellationToken)
    {
        var created = await PostAsync("/api/v1/tokens", AdminToken, $$"""{"scope": "{{scope}}", "description": "{{scope}} token of the tests"}""", cancellationToken);
        return created.GetProperty("token").GetString()!;
    }

    /// <summary>Adds a repository of its own to the server, serving <paramref name="workflow"/> as its <c>ci.yml</c>; returns its source to commit and branch in.</summary>
    public async Task<TestRepository> AddRepositoryAsync(string name, string workflow, CancellationToken cancellationToken)
    {
        var source = new TestRepository(Path.Combine(_root, "served"), Path.Combine(_root, "work"), "probe", name);
        source.Commit("a workflow", (".github/workflows/ci.yml", workflow));
        source.Publish();
        await PostAsync("/api/v1/repos", AdminToken, $$"""{"name": "{{name}}", "url": "{{source.Bare}}"}""", cancellationToken);
        return source;
    }

    /// <summary>Starts a push run of the repository's <paramref name="reference"/> (its default branch when null); returns its id.</summary>
    public async Task<long> TriggerAsync(string repository, string? reference, CancellationToken cancellationToken)
    {
        var body = reference is null ? "{}" : System.Text.Json.JsonSerializer.Serialize(new { @ref = reference });
        var started = await PostAsync($"/api/v1/repos/{repository}/runs", TriggerToken, body, cancellationToken);
        return started.GetProperty("runs")[0].GetProperty("id").GetInt64();
    }

    /// <summary>Starts a push run of the probe repository's default branch; returns its id.</summary>
    public async Task<long> TriggerAsync(CancellationToken cancellationToken)
    {
        var started = await PostAsync($"/api/v1/repos/{Repository}/runs", TriggerToken, "{}", cancellationToken);
        return started.GetProperty("runs")[0].GetProperty("id").GetInt64();
    }

    /// <summary>Sends a request and checks its answer against the document; see <see cref="DocumentedCall"/>.</summary>
    public DocumentedCall Calls() => new(this);

    private async Task<JsonElement> PostAsync(string path, string token, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        using var parsed = JsonDocument.Parse(text);
        return parsed.RootElement.Clone();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServer>
{
    public const string Name = "api server";
}
