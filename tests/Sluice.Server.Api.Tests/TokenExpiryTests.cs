using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>Tokens that expire, on a server of their own whose clock the test moves.</summary>
public sealed class TokenExpiryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("sluice-token-expiry-").FullName;
    private readonly FakeTimeProvider _clock = new(Start);
    private SluiceServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var options = new ServerOptions
        {
            DataDirectory = Path.Combine(_root, "data"),
            Listen = "127.0.0.1:0",
            LogFormat = "none",
            ScheduleRound = Timeout.InfiniteTimeSpan,
            RetentionSweep = Timeout.InfiniteTimeSpan,
        };
        _server = await SluiceServer.StartAsync(options, _clock, null, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        _http = new HttpClient { BaseAddress = new Uri(_server.Url), Timeout = ApiServer.Timeout };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync().AsTask().WaitAsync(ApiServer.Timeout);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_token_given_thirty_days_works_until_then_and_is_refused_after_with_the_date_it_expired()
    {
        var (status, created) = await SendAsync(HttpMethod.Post, "/api/v1/tokens", _server.NewAdminToken!, """{"scope": "read", "expiresInSeconds": 2592000}""");
        Assert.Equal(201, status);
        Assert.Equal(Start.AddDays(30), created.GetProperty("expiresAt").GetDateTimeOffset());
        var token = created.GetProperty("token").GetString()!;

        _clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/api/v1/repos", token)).Status);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var (refused, problem) = await SendAsync(HttpMethod.Get, "/api/v1/repos", token);
        Assert.Equal(401, refused);
        Assert.Equal("Token expired", problem.GetProperty("title").GetString());
        Assert.Contains("expired on 2026-03-31 12:00:00 UTC", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (_, listed) = await SendAsync(HttpMethod.Get, "/api/v1/tokens", _server.NewAdminToken!);
        var row = Assert.Single(listed.EnumerateArray(), t => t.GetProperty("scope").GetString() == "read");
        Assert.Equal(Start.AddDays(30), row.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.False(Assert.Single(listed.EnumerateArray(), t => t.GetProperty("scope").GetString() == "admin").TryGetProperty("expiresAt", out _));
        var audit = await _server.State.Store.AuditLogAsync(10, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "token.create" && a.Detail == "read, owner user:admin, expires 2026-03-31 12:00:00Z");
    }

    [Fact]
    public async Task An_expired_token_is_told_so_every_time_and_is_not_slowed_down_like_guesses_while_unknown_tokens_are()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, "/api/v1/tokens", _server.NewAdminToken!, """{"scope": "trigger", "expiresInSeconds": 60}""");
        var expired = created.GetProperty("token").GetString()!;
        _clock.Advance(TimeSpan.FromMinutes(2));

        for (var attempt = 0; attempt < 30; attempt++)
        {
            var (status, problem) = await SendAsync(HttpMethod.Get, "/api/v1/repos", expired);
            Assert.True(status == 401, $"attempt {attempt}: {status}");
            Assert.Equal("Token expired", problem.GetProperty("title").GetString());
        }

        // An unknown token of a valid shape is another answer, and many of them are slowed down.
        var unknown = Sluice.Security.Tokens.TokenIssuer.Issue(Sluice.Security.Tokens.TokenScope.Read).Text;
        var (first, firstProblem) = await SendAsync(HttpMethod.Get, "/api/v1/repos", unknown);
        Assert.Equal(401, first);
        Assert.Contains("not known to this server", firstProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var statuses = new List<int>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            statuses.Add((await SendAsync(HttpMethod.Get, "/api/v1/repos", unknown)).Status);
        }

        Assert.Contains(429, statuses);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("315360001")]
    [InlineData("\"30d\"")]
    public async Task A_lifetime_out_of_range_or_not_a_number_of_seconds_is_refused(string seconds)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/v1/tokens", _server.NewAdminToken!, $$"""{"scope": "read", "expiresInSeconds": {{seconds}}}""");
        Assert.Equal(400, status);
        Assert.True(problem.TryGetProperty("detail", out _));
        Assert.Single(await _server.State.Store.TokensAsync(CancellationToken.None).WaitAsync(ApiServer.Timeout));
    }

    private async Task<(int Status, JsonElement Json)> SendAsync(HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        using var response = await _http.SendAsync(request, deadline.Token);
        var text = await response.Content.ReadAsStringAsync(deadline.Token);
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }
}
