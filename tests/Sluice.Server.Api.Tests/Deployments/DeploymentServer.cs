using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Api.Tests.Support;
using Sluice.Testing.Git;

namespace Sluice.Server.Api.Tests.Deployments;

/// <summary>
/// A real server on loopback whose clock the test moves, with a repository named <c>shop</c> and an agent of the tests
/// (speaking the protocol over HTTP) that claims and completes the jobs labelled <see cref="Label"/>.
/// </summary>
public sealed class DeploymentServer : IAsyncDisposable
{
    public const string Label = "deploy-probe";

    public static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("sluice-deployments-").FullName;
    private string _agent = "";

    private DeploymentServer()
    {
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public SluiceServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string Admin => Server.NewAdminToken!;

    public TestRepository Source { get; private set; } = null!;

    public static async Task<DeploymentServer> StartAsync(string workflow)
    {
        var server = new DeploymentServer();
        var options = new ServerOptions
        {
            DataDirectory = Path.Combine(server._root, "data"),
            Listen = "127.0.0.1:0",
            LogFormat = "none",
            ClaimWait = TimeSpan.Zero,
            ScheduleRound = Timeout.InfiniteTimeSpan,
            RetentionSweep = Timeout.InfiniteTimeSpan,
            // The test runs the deployments' and DORA's rounds itself, after it moved the clock: no race with a loop's timer.
            DeploymentRound = Timeout.InfiniteTimeSpan,
            DoraRound = Timeout.InfiniteTimeSpan,
        };
        server.Server = await SluiceServer.StartAsync(options, server.Clock, null, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        server.Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(server.Server.Url), Timeout = ApiServer.Timeout };
        server.Source = new TestRepository(Path.Combine(server._root, "served"), Path.Combine(server._root, "work"), "acme", "shop");
        server.Source.Commit("the workflow", (".github/workflows/deploy.yml", workflow));
        server.Source.Publish();
        await server.ExpectAsync(HttpMethod.Post, "/api/v1/repos", server.Admin, HttpStatusCode.Created, new { name = "shop", url = server.Source.Bare });
        var registration = (await server.ExpectAsync(HttpMethod.Post, "/api/v1/tokens", server.Admin, HttpStatusCode.Created, new { scope = "agent" })).GetProperty("token").GetString()!;
        var agent = await server.ExpectAsync(HttpMethod.Post, "/api/v1/agents/register", registration, HttpStatusCode.OK, new { name = "probe", labels = new[] { Label }, version = "1" });
        server._agent = agent.GetProperty("credential").GetString()!;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().AsTask().WaitAsync(ApiServer.Timeout);
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A trigger token owned by <paramref name="owner"/> (<c>user:alice</c>).</summary>
    public async Task<string> TokenAsync(string owner, string scope = "trigger") =>
        (await ExpectAsync(HttpMethod.Post, "/api/v1/tokens", Admin, HttpStatusCode.Created, new { scope, owner })).GetProperty("token").GetString()!;

    public async Task<long> TriggerAsync(string? reference = null)
    {
        var started = await ExpectAsync(HttpMethod.Post, "/api/v1/repos/shop/runs", Admin, HttpStatusCode.Created, reference is null ? new { } : new { @ref = reference });
        return started.GetProperty("runs")[0].GetProperty("id").GetInt64();
    }

    /// <summary>The agent claims the oldest job it may run; null when none waits for it.</summary>
    public async Task<JsonElement?> ClaimAsync()
    {
        var (status, claim) = await SendAsync(HttpMethod.Post, "/api/v1/agent/claim", _agent, new { waitSeconds = 0 });
        return status == HttpStatusCode.NoContent ? null : status == HttpStatusCode.OK ? claim : throw new InvalidOperationException($"claim: {(int)status} {claim}");
    }

    /// <summary>Claims a job, which must be the leg <paramref name="key"/>, and completes it with <paramref name="conclusion"/>.</summary>
    public async Task<JsonElement> RunJobAsync(string key, string conclusion = "success")
    {
        var claim = await ClaimAsync() ?? throw new InvalidOperationException($"no job to claim; expected '{key}'");
        Assert.Equal(key, claim.GetProperty("legKey").GetString());
        await CompleteAsync(claim, conclusion);
        return claim;
    }

    public async Task CompleteAsync(JsonElement claim, string conclusion)
    {
        var path = $"/api/v1/jobs/{claim.GetProperty("jobId").GetInt64()}/attempts/{claim.GetProperty("attempt").GetInt32()}/complete";
        var body = new { conclusion, outputs = new Dictionary<string, string>(), steps = Array.Empty<object>(), summaries = Array.Empty<string>(), durationSeconds = 1 };
        await ExpectAsync(HttpMethod.Post, path, claim.GetProperty("leaseToken").GetString()!, HttpStatusCode.NoContent, body);
    }

    public async Task<JsonElement> RunAsync(long id) => await ExpectAsync(HttpMethod.Get, $"/api/v1/runs/{id}", Admin, HttpStatusCode.OK);

    public async Task<JsonElement> DeploymentsAsync(string query = "") => await ExpectAsync(HttpMethod.Get, "/api/v1/repos/shop/deployments" + query, Admin, HttpStatusCode.OK);

    /// <summary>Moves the clock, runs the server's deployment round at the new time, and returns the deployments, which must satisfy <paramref name="until"/>.</summary>
    public async Task<JsonElement> AdvanceUntilAsync(TimeSpan by, Func<JsonElement, bool> until, string what)
    {
        Clock.Advance(by);
        await Server.State.Deployments.RoundAsync(CancellationToken.None).WaitAsync(ApiServer.Timeout);
        var deployments = await DeploymentsAsync();
        Assert.True(until(deployments), $"no {what} after the round at {Clock.GetUtcNow():u}: {deployments}");
        return deployments;
    }

    public async Task<JsonElement> ExpectAsync(HttpMethod method, string path, string token, HttpStatusCode expected, object? body = null)
    {
        var (status, answer) = await SendAsync(method, path, token, body);
        Assert.True(status == expected, $"{method} {path}: {(int)status} {answer}");
        return answer;
    }

    public async Task<(HttpStatusCode Status, JsonElement Answer)> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        using var response = await Http.SendAsync(request, deadline.Token);
        var text = await response.Content.ReadAsStringAsync(deadline.Token);
        if (text.Length == 0)
        {
            return (response.StatusCode, default);
        }

        using var parsed = JsonDocument.Parse(text);
        return (response.StatusCode, parsed.RootElement.Clone());
    }
}
