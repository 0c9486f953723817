using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sluice.Security.Secrets;
using Sluice.Server.CodeHosts;
using Sluice.Server.Storage;
using Sluice.Server.Storage.Sqlite;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.CodeHosts;

/// <summary>
/// The sender against a fake host of each kind that checks every request against the host's documented API, on a real
/// SQLite outbox, with the test's clock: statuses arrive in each host's words; refusals are given up at once with a
/// warning; rate limits (GitHub's 403 with x-ratelimit-reset, GitLab's 429 with RateLimit-Reset, Retry-After) are
/// waited out to the second; a host that is down is retried with a growing back-off and given up after a bounded time.
/// </summary>
public sealed class CommitStatusSenderTests : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SecretBox _secrets = new(new SecretKeyRing([RandomNumberGenerator.GetBytes(32)], "test"));
    private readonly RecordingLogger _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private SqliteServerStore _store = null!;
    private RepositoryRecord _repository = null!;

    private static CommitStatusOptions Options => new() { QuickRetries = 0, Backoff = TimeSpan.FromSeconds(15), MaxBackoff = TimeSpan.FromMinutes(2), GiveUpAfter = TimeSpan.FromMinutes(5) };

    public async Task InitializeAsync()
    {
        _store = await SqliteServerStore.OpenAsync(Path.Combine(_root.Path, "sluice.db"), None);
        _repository = await _store.AddRepositoryAsync("shop", "/srv/shop", null, null, _clock.GetUtcNow(), None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _http.Dispose();
        _root.Dispose();
    }

    [Theory]
    [InlineData("github", "pending,success,failure,error,error", "")]
    [InlineData("gitlab", "running,success,failed,failed,canceled", "main")]
    [InlineData("gitea", "pending,success,failure,error,error", "")]
    public async Task Each_host_gets_the_statuses_in_its_own_words_and_shape(string kind, string expected, string gitlabRef)
    {
        await using var host = await FakeCodeHost.StartAsync(kind, path: kind == "gitlab" ? "tests/sub-group/shop" : "tests/shop");
        var sender = await SenderAsync(host, Options);
        string[] states = [CommitStatusStates.Running, CommitStatusStates.Success, CommitStatusStates.Failure, CommitStatusStates.Error, CommitStatusStates.Cancelled];
        for (var i = 0; i < states.Length; i++)
        {
            await EnqueueAsync($"sluice/ci/job {i}", states[i], $"described {i}");
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(5, await sender.RoundAsync(None).WaitAsync(Patience));

        Assert.Empty(host.Violations);
        Assert.Equal(expected.Split(','), host.Statuses.Select(s => s.State));
        Assert.Equal([.. Enumerable.Range(0, 5).Select(i => $"sluice/ci/job {i}")], host.Statuses.Select(s => s.Context));
        Assert.All(host.Statuses, s => Assert.Equal(("https://ci.example.test/runs/7", gitlabRef.Length == 0 ? null : gitlabRef), (s.TargetUrl, s.Ref)));
        Assert.All(await _store.CommitStatusesAsync(_repository.Id, Sha, None), r => Assert.Equal((CommitStatusOutcomes.Sent, 1), (r.Outcome, r.Attempts)));
    }

    [Fact]
    public async Task A_status_the_host_refuses_is_given_up_at_once_with_a_warning_that_says_what_to_fix()
    {
        await using var host = await FakeCodeHost.StartAsync("github");
        var sender = await SenderAsync(host, Options, token: "revoked-token");
        await EnqueueAsync("sluice/ci/build", CommitStatusStates.Pending, "Queued");

        await sender.RoundAsync(None).WaitAsync(Patience);
        _clock.Advance(TimeSpan.FromHours(1));
        await sender.RoundAsync(None).WaitAsync(Patience);

        Assert.Equal(1, host.Requests);
        var row = Assert.Single(await _store.CommitStatusesAsync(_repository.Id, Sha, None));
        Assert.Equal(CommitStatusOutcomes.Abandoned, row.Outcome);
        Assert.StartsWith("HTTP 401: Bad credentials; the token is not valid any more", row.LastError, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Id == 40 && e.Message.Contains("sluice/ci/build", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GitHubs_403_with_no_requests_remaining_is_waited_out_until_x_ratelimit_reset()
    {
        await using var host = await FakeCodeHost.StartAsync("github");
        var sender = await SenderAsync(host, Options with { GiveUpAfter = TimeSpan.FromHours(1) });
        var reset = _clock.GetUtcNow().AddMinutes(20);
        host.Then(403, new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ["x-ratelimit-limit"] = "5000" }, """{"message":"API rate limit exceeded for user ID 1."}""");
        await EnqueueAsync("sluice/ci/build", CommitStatusStates.Pending, "Queued");

        await sender.RoundAsync(None).WaitAsync(Patience);
        var waiting = Assert.Single(await _store.CommitStatusesAsync(_repository.Id, Sha, None));
        _clock.Advance(TimeSpan.FromMinutes(19));
        await sender.RoundAsync(None).WaitAsync(Patience);
        var requestsBeforeReset = host.Requests;
        _clock.SetUtcNow(reset);
        await sender.RoundAsync(None).WaitAsync(Patience);

        Assert.Equal((CommitStatusOutcomes.Waiting, reset), (waiting.Outcome, waiting.NextAt));
        Assert.Equal(1, requestsBeforeReset);
        Assert.Equal(["sluice/ci/build=pending (Queued)"], host.Statuses.Select(s => s.ToString()));
        Assert.Contains(_log.Entries, e => e.Id == 41 && e.Message.Contains("API rate limit exceeded", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gitlab", "RateLimit-Reset")]
    [InlineData("gitea", "Retry-After")]
    [InlineData("github", "Retry-After")]
    public async Task A_429_is_waited_out_until_the_time_the_host_names(string kind, string header)
    {
        await using var host = await FakeCodeHost.StartAsync(kind);
        var sender = await SenderAsync(host, Options);
        var until = _clock.GetUtcNow().AddSeconds(90);
        var value = header == "Retry-After" ? "90" : until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        host.Then(429, new Dictionary<string, string> { [header] = value }, """{"message":"Retry later"}""");
        await EnqueueAsync("sluice/ci/build", CommitStatusStates.Success, "Succeeded in 3s");

        await sender.RoundAsync(None).WaitAsync(Patience);
        _clock.Advance(TimeSpan.FromSeconds(89));
        await sender.RoundAsync(None).WaitAsync(Patience);
        var requestsBefore = host.Requests;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await sender.RoundAsync(None).WaitAsync(Patience);

        Assert.Equal(1, requestsBefore);
        Assert.Equal(2, host.Requests);
        Assert.Single(host.Statuses);
        Assert.Equal(CommitStatusOutcomes.Sent, Assert.Single(await _store.CommitStatusesAsync(_repository.Id, Sha, None)).Outcome);
    }

    [Fact]
    public async Task A_host_that_is_down_is_tried_again_with_a_growing_back_off_and_given_up_after_a_bounded_time()
    {
        var down = Fleet.FreeLoopbackUrl();
        await _store.SetCommitStatusTargetAsync(_repository.Id, new CommitStatusTarget(_repository.Id, "github", down, "tests/shop", _secrets.Seal("shop", CommitStatusSender.TokenName, "t"), _clock.GetUtcNow()), None);
        var sender = Sender(Options);
        await EnqueueAsync("sluice/ci/build", CommitStatusStates.Pending, "Queued");
        var start = _clock.GetUtcNow();

        var waits = new List<TimeSpan>();
        for (var round = 0; round < 10; round++)
        {
            await sender.RoundAsync(None).WaitAsync(Patience);
            var row = Assert.Single(await _store.CommitStatusesAsync(_repository.Id, Sha, None));
            if (row.Outcome != CommitStatusOutcomes.Waiting)
            {
                break;
            }

            waits.Add(row.NextAt - _clock.GetUtcNow());
            _clock.SetUtcNow(row.NextAt);
        }

        var last = Assert.Single(await _store.CommitStatusesAsync(_repository.Id, Sha, None));
        Assert.Equal([15, 30, 60, 120], waits.Select(w => (int)w.TotalSeconds));
        Assert.Equal(CommitStatusOutcomes.Abandoned, last.Outcome);
        Assert.True(_clock.GetUtcNow() - start <= TimeSpan.FromMinutes(5), $"gave up at {_clock.GetUtcNow() - start}");
        Assert.Contains("could not be reached", last.LastError, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Id == 40);
    }

    [Fact]
    public async Task A_500_is_retried_at_once_by_the_quick_retries_and_a_newer_state_replaces_one_not_sent()
    {
        await using var host = await FakeCodeHost.StartAsync("gitea");
        var sender = await SenderAsync(host, Options with { QuickRetries = 2, QuickRetryDelay = TimeSpan.Zero });
        host.Then(500);
        host.Then(502, body: "<html>bad gateway</html>");
        await EnqueueAsync("sluice/ci/build", CommitStatusStates.Pending, "Queued");
        await EnqueueAsync("sluice/ci/build", CommitStatusStates.Failure, "Failed after 4s");

        await sender.RoundAsync(None).WaitAsync(Patience);

        Assert.Equal(3, host.Requests);
        Assert.Equal(["sluice/ci/build=failure (Failed after 4s)"], host.Statuses.Select(s => s.ToString()));
    }

    [Fact]
    public async Task GitLabs_refusal_to_set_a_status_to_the_state_it_is_in_counts_as_sent()
    {
        await using var host = await FakeCodeHost.StartAsync("gitlab");
        var sender = await SenderAsync(host, Options);
        await EnqueueAsync("sluice/ci/deploy", CommitStatusStates.Pending, "Waiting for concurrency group 'prod' (run #2 holds it)");
        await sender.RoundAsync(None).WaitAsync(Patience);
        await EnqueueAsync("sluice/ci/deploy", CommitStatusStates.Pending, "Queued");
        await sender.RoundAsync(None).WaitAsync(Patience);

        Assert.Equal(2, host.Requests);
        Assert.Equal(["sluice/ci/deploy=pending (Waiting for concurrency group 'prod' (run #2 holds it))"], host.Statuses.Select(s => s.ToString()));
        var row = Assert.Single(await _store.CommitStatusesAsync(_repository.Id, Sha, None));
        Assert.True(row.Outcome == CommitStatusOutcomes.Sent, row.LastError);
        Assert.DoesNotContain(_log.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Two_senders_sharing_one_outbox_post_each_status_once()
    {
        await using var host = await FakeCodeHost.StartAsync("github");
        var first = await SenderAsync(host, Options);
        var second = Sender(Options);
        for (var i = 0; i < 30; i++)
        {
            await EnqueueAsync($"sluice/ci/job {i}", CommitStatusStates.Pending, "Queued");
        }

        await Task.WhenAll(first.RoundAsync(None), second.RoundAsync(None)).WaitAsync(Patience);

        Assert.Equal(30, host.Requests);
        Assert.Equal(30, host.Statuses.Select(s => s.Context).Distinct().Count());
    }

    private async Task<CommitStatusSender> SenderAsync(FakeCodeHost host, CommitStatusOptions options, string? token = null)
    {
        await _store.SetCommitStatusTargetAsync(_repository.Id, new CommitStatusTarget(_repository.Id, host.Kind, host.ApiUrl, host.Path, _secrets.Seal("shop", CommitStatusSender.TokenName, token ?? host.Token), _clock.GetUtcNow()), None);
        return Sender(options);
    }

    private CommitStatusSender Sender(CommitStatusOptions options)
    {
        var events = new ServerEvents();
        events.WriteTo(_log);
        return new CommitStatusSender(_store, new CodeHostClient(_http, _clock), _secrets, _clock, options, events);
    }

    private Task<bool> EnqueueAsync(string context, string state, string description) =>
        _store.EnqueueCommitStatusAsync(new NewCommitStatus(_repository.Id, Sha, context, state, description, "https://ci.example.test/runs/7", "refs/heads/main"), _clock.GetUtcNow(), None);

    private sealed class RecordingLogger : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<(LogLevel Level, int Id, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, int Id, string Message)> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _entries.Add((logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
