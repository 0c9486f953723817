using Sluice.Protocol;

namespace Sluice.Server.Api.Tests.Failover;

/// <summary>
/// The client of the CLI and the agent given several server URLs, over real HTTP on loopback: a dead URL or a proxy
/// in front of a dead server moves it to the next URL; a request that may have been carried out is not sent twice
/// unless it is idempotent.
/// </summary>
public sealed class ApiClientFailoverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly FailoverPolicy OnePass = new(1, TimeSpan.Zero, TimeSpan.Zero);

    [Fact]
    public async Task A_dead_first_url_is_passed_over_and_later_requests_stay_on_the_live_one()
    {
        await using var live = new CannedHttpServer(200, """{"title":"live"}""");
        var dead = CannedHttpServer.DeadUrl();
        using var client = new ApiClient($"{dead},{live.Url}", null, Timeout, OnePass);
        var moves = new List<string>();
        client.MovedOn += (from, to, _) => moves.Add($"{from} -> {to}");

        var first = await client.GetAsync("api/v1/probe", ProtocolJson.Default.Problem, CancellationToken.None).WaitAsync(Timeout);
        var second = await client.SendAsync(HttpMethod.Post, "api/v1/trigger", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.Problem, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(("live", "live"), (first!.Title, second!.Title));
        Assert.Equal([$"{dead}/ -> {live.Url}/"], moves);
        Assert.Equal(new Uri(live.Url + "/"), client.BaseAddress);
        Assert.Equal(["GET /api/v1/probe HTTP/1.1", "POST /api/v1/trigger HTTP/1.1"], live.Requests);
    }

    [Fact]
    public async Task A_post_answered_502_is_not_sent_again_but_the_next_request_goes_to_the_next_url()
    {
        await using var proxy = new CannedHttpServer(502, """{"title":"Bad Gateway","detail":"upstream reset"}""");
        await using var live = new CannedHttpServer(200, """{"title":"live"}""");
        using var client = new ApiClient($"{proxy.Url},{live.Url}", null, Timeout, OnePass);

        var refused = await Assert.ThrowsAsync<ApiException>(() => client.SendAsync(HttpMethod.Post, "api/v1/repos/shop/runs", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.Problem, CancellationToken.None).WaitAsync(Timeout));
        var next = await client.SendAsync(HttpMethod.Post, "api/v1/repos/shop/runs", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.Problem, CancellationToken.None).WaitAsync(Timeout);

        // The 502 may have come after the upstream started the run: starting it again elsewhere could start it twice.
        Assert.Equal((502, "upstream reset"), (refused.Status, refused.Message));
        Assert.Single(proxy.Requests);
        Assert.Equal("live", next!.Title);
        Assert.Single(live.Requests);
    }

    [Fact]
    public async Task An_idempotent_post_answered_504_is_sent_again_to_the_next_url()
    {
        await using var proxy = new CannedHttpServer(504);
        await using var live = new CannedHttpServer(200, """{"title":"live"}""");
        using var client = new ApiClient($"{proxy.Url},{live.Url}", null, Timeout, OnePass);

        var answer = await client.SendAsync(HttpMethod.Post, "api/v1/jobs/1/attempts/1/logs", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.Problem, CancellationToken.None, idempotent: true).WaitAsync(Timeout);

        Assert.Equal("live", answer!.Title);
        Assert.Equal((1, 1), (proxy.Requests.Count, live.Requests.Count));
    }

    [Fact]
    public async Task A_post_answered_503_was_not_carried_out_and_is_sent_again_to_the_next_url()
    {
        await using var proxy = new CannedHttpServer(503);
        await using var live = new CannedHttpServer(200, """{"title":"live"}""");
        using var client = new ApiClient($"{proxy.Url},{live.Url}", null, Timeout, OnePass);

        var answer = await client.SendAsync(HttpMethod.Post, "api/v1/repos/shop/runs", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.Problem, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("live", answer!.Title);
    }

    [Fact]
    public async Task When_every_url_is_dead_the_error_names_them_all_and_the_request_goes_round_each_pass()
    {
        var (a, b) = (CannedHttpServer.DeadUrl(), CannedHttpServer.DeadUrl());
        using var client = new ApiClient($"{a},{b}", null, Timeout, new FailoverPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)));
        var moves = 0;
        client.MovedOn += (_, _, _) => moves++;

        var error = await Assert.ThrowsAsync<ApiException>(() => client.GetAsync("healthz", ProtocolJson.Default.Problem, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(0, error.Status);
        Assert.StartsWith($"cannot reach any of the servers ({a}, {b}): ", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, moves);
    }

    [Fact]
    public async Task A_refusal_of_the_server_itself_does_not_move_to_the_next_url()
    {
        await using var refusing = new CannedHttpServer(409, """{"title":"Conflict","detail":"the attempt is another agent's"}""");
        await using var other = new CannedHttpServer(200);
        using var client = new ApiClient($"{refusing.Url},{other.Url}", null, Timeout, OnePass);

        var error = await Assert.ThrowsAsync<ApiException>(() => client.SendAsync(HttpMethod.Post, "api/v1/jobs/1/attempts/1/complete", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.Problem, CancellationToken.None, idempotent: true).WaitAsync(Timeout));

        Assert.Equal(409, error.Status);
        Assert.Empty(other.Requests);
        Assert.Equal(new Uri(refusing.Url + "/"), client.BaseAddress);
    }
}
