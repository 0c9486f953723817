using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Tests.Infrastructure;
using Sluice.Server.Triggers;

namespace Sluice.Server.Tests;

/// <summary>
/// Triggers on two servers that share one PostgreSQL schema (in this process, with the test's clock): one webhook
/// delivery sent to both at once starts one run, and a cron slot that both servers' schedule rounds find due fires once.
/// </summary>
public sealed class ReplicaTriggerTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));
    private PostgresTestSchema _schema = null!;
    private SluiceServer _first = null!;
    private SluiceServer _second = null!;
    private TestRepository _repository = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresTestSchema.CreateAsync();
        _repository = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "shop");
        _repository.Commit(
            "initial",
            (".github/workflows/ci.yml", "on:\n  push:\n  schedule:\n    - cron: '*/5 * * * *'\njobs:\n  a:\n    runs-on: nobody-has-this\n    steps:\n      - run: echo ${{ github.event_name }}\n"));
        // Both on one data folder, as a replica's copy of the repository is not the subject here.
        _first = await InProcessReplica.StartAsync(_schema, Path.Combine(_root.Path, "data"), _clock);
        _second = await InProcessReplica.StartAsync(_schema, Path.Combine(_root.Path, "data"), _clock);
        var added = await _first.State.Store.AddRepositoryAsync("shop", _repository.Work, null, Encoding.UTF8.GetBytes("hush"), _clock.GetUtcNow(), None).WaitAsync(Fleet.Patience);
        await _first.State.Mirror.FetchAsync(added, None).WaitAsync(Fleet.Patience);
        await _first.State.Store.SetRepositoryPolledAsync(added.Id, "main", null, None).WaitAsync(Fleet.Patience);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _schema.DisposeAsync();
        _root.Dispose();
    }

    [Fact(Timeout = 300_000)]
    public async Task One_delivery_sent_to_both_replicas_at_once_starts_one_run()
    {
        var sha = _repository.Commit("second commit", ("README.md", "more"));
        var body = $$$"""
            {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"{{{sha}}}",
             "repository":{"full_name":"tests/shop","name":"shop","owner":{"login":"tests"},"default_branch":"main"},
             "head_commit":{"id":"{{{sha}}}","message":"second commit"},"commits":[],"sender":{"login":"alice"},"pusher":{"name":"alice"}}
            """;
        using var first = new HttpClient { BaseAddress = new Uri(_first.Url) };
        using var second = new HttpClient { BaseAddress = new Uri(_second.Url) };

        var answers = await Task.WhenAll(first.SendAsync(Delivery(body)), second.SendAsync(Delivery(body))).WaitAsync(Fleet.Patience);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Accepted], answers.Select(a => a.StatusCode).Order());
        var run = Assert.Single(await _first.State.Store.RunsAsync("shop", 100, None).WaitAsync(Fleet.Patience));
        Assert.Equal(("push", sha), (run.Event, run.Sha));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task A_cron_slot_both_replicas_find_due_fires_once()
    {
        var rounds = new[] { new ScheduleLoop(_first.State), new ScheduleLoop(_second.State) };
        await Task.WhenAll(rounds.Select(r => r.RoundAsync(None))).WaitAsync(Fleet.Patience);
        Assert.Empty(await _first.State.Store.RunsAsync("shop", 100, None).WaitAsync(Fleet.Patience));

        _clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 5, 10, TimeSpan.Zero));
        await Task.WhenAll(rounds.Select(r => r.RoundAsync(None))).WaitAsync(Fleet.Patience);
        await Task.WhenAll(rounds.Select(r => r.RoundAsync(None))).WaitAsync(Fleet.Patience);

        var run = Assert.Single(await _first.State.Store.RunsAsync("shop", 100, None).WaitAsync(Fleet.Patience));
        Assert.Equal("schedule", run.Event);
        var audit = await _second.State.Store.AuditLogAsync(10, None).WaitAsync(Fleet.Patience);
        Assert.Equal(["schedule '*/5 * * * *' at 2026-01-01 00:05:00Z for .github/workflows/ci.yml"], audit.Where(a => a.Actor == "schedule").Select(a => a.Detail!));
    }

    private static HttpRequestMessage Delivery(string body) => GitHubDelivery.Push("shop", body, "delivery-1", GitHubDelivery.Sign(body, "hush"));
}
