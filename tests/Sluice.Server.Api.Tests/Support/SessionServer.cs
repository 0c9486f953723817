using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Testing.Git;

namespace Sluice.Server.Api.Tests.Support;

/// <summary>
/// A server of a test's own for web sessions, on a clock the test moves: options of the test's choosing, the admin
/// token, and a repository with one waiting run (a job no agent can take), to read and to cancel.
/// </summary>
public sealed class SessionServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root;

    private SessionServer(string root, SluiceServer server, FakeTimeProvider clock)
    {
        _root = root;
        Server = server;
        Clock = clock;
        // The test is the browser: it sends the cookies it means to, not those a cookie container kept.
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(server.Url), Timeout = ApiServer.Timeout };
    }

    public SluiceServer Server { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public string AdminToken => Server.NewAdminToken!;

    public long RunId { get; private set; }

    /// <summary>The server's own origin, as a browser on its pages sends it.</summary>
    public string Origin => Server.Url.TrimEnd('/');

    public static async Task<SessionServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null)
    {
        var root = Directory.CreateTempSubdirectory("sluice-sessions-").FullName;
        var clock = new FakeTimeProvider(Start);
        var options = new ServerOptions
        {
            DataDirectory = Path.Combine(root, "data"),
            Listen = "127.0.0.1:0",
            LogFormat = "none",
            ClaimWait = TimeSpan.Zero,
            ScheduleRound = Timeout.InfiniteTimeSpan,
            RetentionSweep = Timeout.InfiniteTimeSpan,
        };
        var server = await SluiceServer.StartAsync(configure?.Invoke(options) ?? options, clock, null, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        var started = new SessionServer(root, server, clock);
        var source = new TestRepository(Path.Combine(root, "served"), Path.Combine(root, "work"), "probe", ApiServer.Repository);
        source.Commit("a workflow", (".github/workflows/ci.yml", $"name: ci\non: push\njobs:\n  build:\n    runs-on: {ApiServer.JobLabel}\n    steps:\n      - run: echo built\n"));
        source.Publish();
        (await started.SendAsync(HttpMethod.Post, "/api/v1/repos", started.AdminToken, $$"""{"name": "{{ApiServer.Repository}}", "url": "{{source.Bare}}"}""")).Is(201);
        var triggered = await started.SendAsync(HttpMethod.Post, $"/api/v1/repos/{ApiServer.Repository}/runs", started.AdminToken, "{}");
        started.RunId = triggered.Is(201).Json.GetProperty("runs")[0].GetProperty("id").GetInt64();
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().AsTask().WaitAsync(ApiServer.Timeout);
        Directory.Delete(_root, recursive: true);
    }

    public async Task<string> CreateTokenAsync(string json)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/tokens", AdminToken, json);
        return created.Is(201).Json.GetProperty("token").GetString()!;
    }

    /// <summary>Signs in with <paramref name="token"/>; the answer carries the cookies.</summary>
    public Task<Reply> SignInAsync(string token, Action<HttpRequestMessage>? adjust = null) =>
        SendAsync(HttpMethod.Post, "/api/v1/session", null, JsonSerializer.Serialize(new { token }), adjust);

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? bearer, string? json = null, Action<HttpRequestMessage>? adjust = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        adjust?.Invoke(request);
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        using var response = await Http.SendAsync(request, deadline.Token);
        var text = await response.Content.ReadAsStringAsync(deadline.Token);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(SetCookie.Parse).ToList() : [];
        return new Reply((int)response.StatusCode, text, cookies);
    }

    /// <summary>What a browser sends: the session's cookies, and optionally the CSRF header and an Origin.</summary>
    public static Action<HttpRequestMessage> Browser(string? session, string? csrfCookie, string? csrfHeader = null, string? origin = null) => request =>
    {
        var cookies = new List<string>();
        if (session is not null)
        {
            cookies.Add($"sluice_session={session}");
        }

        if (csrfCookie is not null)
        {
            cookies.Add($"sluice_csrf={csrfCookie}");
        }

        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies));
        }

        if (csrfHeader is not null)
        {
            request.Headers.Add("X-Sluice-Csrf", csrfHeader);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
    };
}

/// <summary>An answer: status, body, and the cookies it sets.</summary>
public sealed record Reply(int Status, string Text, IReadOnlyList<SetCookie> Cookies)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Text);
            return document.RootElement.Clone();
        }
    }

    public string Detail => Json.GetProperty("detail").GetString()!;

    public Reply Is(int status)
    {
        Assert.True(Status == status, $"expected {status}, got {Status}: {Text}");
        return this;
    }

    public SetCookie Cookie(string name) => Assert.Single(Cookies, c => c.Name == name);
}

/// <summary>One Set-Cookie header: name, value, and its attributes by lower-case name (flags with an empty value).</summary>
public sealed record SetCookie(string Name, string Value, IReadOnlyDictionary<string, string> Attributes)
{
    public bool Has(string attribute) => Attributes.ContainsKey(attribute.ToLowerInvariant());

    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute.ToLowerInvariant());

    public static SetCookie Parse(string header)
    {
        var parts = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var equals = parts[0].IndexOf('=', StringComparison.Ordinal);
        var attributes = parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].ToLowerInvariant(), p => p.Length > 1 ? p[1] : "");
        return new SetCookie(parts[0][..equals], parts[0][(equals + 1)..], attributes);
    }
}
