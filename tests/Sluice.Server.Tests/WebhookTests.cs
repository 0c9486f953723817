using System.Net;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>Signed pushes start runs once; redeliveries and forged deliveries start nothing.</summary>
[Collection(FleetCollection.Name)]
public sealed class WebhookTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_signed_push_starts_its_run_once_a_redelivery_starts_nothing_and_a_bad_signature_is_refused()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo pushed ${{ github.event.head_commit.message }}\n"));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        var added = await _fleet.CliAsync("repo", "add", "shop", repository.Work, "--webhook-secret", "hush");
        Assert.True(added.ExitCode == 0, added.ToString());
        var sha = repository.Commit("second commit", ("README.md", "more"));
        var body = $$$"""
            {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"{{{sha}}}",
             "repository":{"full_name":"tests/shop","name":"shop","owner":{"login":"tests"},"default_branch":"main"},
             "head_commit":{"id":"{{{sha}}}","message":"second commit"},"commits":[],"sender":{"login":"alice"},"pusher":{"name":"alice"}}
            """;
        using var http = new HttpClient { BaseAddress = new Uri(_fleet.Url) };

        using var first = await http.SendAsync(GitHubDelivery.Push("shop", body, "delivery-1", GitHubDelivery.Sign(body, "hush")));
        using var again = await http.SendAsync(GitHubDelivery.Push("shop", body, "delivery-1", GitHubDelivery.Sign(body, "hush")));
        using var forged = await http.SendAsync(GitHubDelivery.Push("shop", body, "delivery-2", GitHubDelivery.Sign(body, "wrong")));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        var runs = (await _fleet.Api.GetAsync("api/v1/runs", ProtocolJson.Default.IReadOnlyListRunView, CancellationToken.None))!;
        var run = Assert.Single(runs);
        Assert.Equal((sha, "refs/heads/main"), (run.Sha, run.Ref));
        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.Equal("success", ended.Conclusion);
        Assert.Contains(await _fleet.LogsAsync(run.Id), l => l.Text == "pushed second commit");
        var audit = await _fleet.CliAsync("audit");
        Assert.Contains("webhook:GitHub", audit.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
