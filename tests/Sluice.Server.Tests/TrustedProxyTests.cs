using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>--trusted-proxy</c>: behind a trusted proxy the audit log and the throttling of failed authentication see the
/// client that <c>X-Forwarded-For</c> names (its right-most address that is not a trusted proxy); without one, or from
/// anywhere else, the header is ignored.
/// </summary>
public sealed class TrustedProxyTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _root = new();

    [Theory(Timeout = 120_000)]
    [InlineData(new string[0], "127.0.0.1")]
    [InlineData(new[] { "10.0.0.0/8" }, "127.0.0.1")]
    [InlineData(new[] { "127.0.0.1" }, "198.51.100.7")]
    [InlineData(new[] { "127.0.0.0/8", "198.51.100.0/24" }, "203.0.113.9")]
    public async Task The_audit_log_records_the_right_most_address_that_is_not_a_trusted_proxy(string[] proxies, string source)
    {
        await using var server = await StartAsync(proxies);
        using var http = Client(server);

        using var create = Request(HttpMethod.Post, "api/v1/tokens", server.NewAdminToken!, "203.0.113.9, 198.51.100.7");
        create.Content = new StringContent("""{"scope": "read"}""", Encoding.UTF8, "application/json");
        using var created = await http.SendAsync(create).WaitAsync(Within);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = (await server.State.Store.AuditLogAsync(10, CancellationToken.None)).Single(a => a.Action == "token.create");
        Assert.Equal(source, entry.Source);
    }

    [Fact(Timeout = 120_000)]
    public async Task Failed_authentication_behind_a_trusted_proxy_slows_down_the_forwarded_client_not_everyone_behind_the_proxy()
    {
        await using var server = await StartAsync(["127.0.0.1"]);
        using var http = Client(server);
        var unknown = Sluice.Security.Tokens.TokenIssuer.Issue(Sluice.Security.Tokens.TokenScope.Read).Text;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var guess = Request(HttpMethod.Get, "api/v1/repos", unknown, "203.0.113.9");
            using var answer = await http.SendAsync(guess).WaitAsync(Within);
            statuses.Add(answer.StatusCode);
        }

        using var other = Request(HttpMethod.Get, "api/v1/repos", unknown, "198.51.100.7");
        using var otherAnswer = await http.SendAsync(other).WaitAsync(Within);
        using var hostile = Request(HttpMethod.Get, "api/v1/repos", server.NewAdminToken!, "not-an-address, 203.0.113.9, ::zz");
        using var hostileAnswer = await http.SendAsync(hostile).WaitAsync(Within);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.Unauthorized, otherAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hostileAnswer.StatusCode);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("proxy.example.com")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.1/8")]
    [InlineData("")]
    public async Task A_trusted_proxy_that_is_not_an_address_or_network_is_refused_at_start(string proxy)
    {
        var result = await SluiceProcess.RunAsync(_root.Path, Within, null, null, "server", "--data", Path.Combine(_root.Path, "refused"), "--listen", "127.0.0.1:0", "--trusted-proxy", proxy);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--trusted-proxy", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("expected an IP address or a CIDR block", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();

    private Task<SluiceServer> StartAsync(string[] proxies) =>
        SluiceServer.StartAsync(
            new ServerOptions { DataDirectory = Path.Combine(_root.Path, "data-" + Guid.NewGuid().ToString("N")), Listen = "127.0.0.1:0", LogFormat = "none", TrustedProxies = proxies },
            TimeProvider.System,
            null,
            CancellationToken.None).WaitAsync(Within);

    private static HttpClient Client(SluiceServer server) => new() { BaseAddress = new Uri(server.Url + "/") };

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, string forwardedFor)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return request;
    }
}
