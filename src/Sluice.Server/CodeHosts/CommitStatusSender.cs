using Polly;
using Polly.Retry;
using Sluice.Server.Storage;

namespace Sluice.Server.CodeHosts;

/// <summary>
/// Drains the outbox of commit statuses: claims the due ones (so that servers sharing a database post each once),
/// posts each to its repository's host, and records how it went: sent; waiting again with a back-off, or until a rate
/// limit ends; or, refused for good or not taken for <see cref="CommitStatusOptions.GiveUpAfter"/>, given up with a
/// warning. Nothing here is on a run's way: a host that is down delays only its statuses.
/// </summary>
public sealed class CommitStatusSender
{
    /// <summary>The name a sealed token is kept under, beside the repository's name (what the seal is bound to).</summary>
    public const string TokenName = "commit-status-token";

    private readonly IServerStore _store;
    private readonly CodeHostClient _client;
    private readonly Sluice.Security.Secrets.SecretBox _secrets;
    private readonly TimeProvider _time;
    private readonly CommitStatusOptions _options;
    private readonly ServerEvents _events;
    private readonly ResiliencePipeline<PostOutcome> _quickRetries;
    private readonly string _claimant = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CommitStatusSender(IServerStore store, CodeHostClient client, Sluice.Security.Secrets.SecretBox secrets, TimeProvider time, CommitStatusOptions options, ServerEvents events)
    {
        _store = store;
        _client = client;
        _secrets = secrets;
        _time = time;
        _options = options;
        _events = events;
        var builder = new ResiliencePipelineBuilder<PostOutcome> { TimeProvider = time };
        if (options.QuickRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<PostOutcome>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Kind == PostOutcomeKind.Transient),
                MaxRetryAttempts = options.QuickRetries,
                Delay = options.QuickRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        _quickRetries = builder.Build();
    }

    /// <summary>Wakes the sender: a status was put in the outbox.</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Sends until <paramref name="stopping"/>: a round whenever woken, when the next status is due, or every <see cref="CommitStatusOptions.Round"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var woken = Volatile.Read(ref _wake).Task;
            var wait = _options.Round;
            try
            {
                await RoundAsync(stopping).ConfigureAwait(false);
                if (await _store.NextCommitStatusAtAsync(stopping).ConfigureAwait(false) is { } next)
                {
                    var until = next - _time.GetUtcNow();
                    wait = until < TimeSpan.Zero ? TimeSpan.Zero : until < wait ? until : wait;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _events.Problem($"commit statuses: a round of posts failed ({ex.Message}); trying again at the next round");
            }

            try
            {
                await Task.WhenAny(woken, Task.Delay(wait, _time, stopping)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Posts the statuses due now; returns how many it settled. The tests call it with a clock they move.</summary>
    public async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        while (true)
        {
            var now = _time.GetUtcNow();
            var due = await _store.ClaimCommitStatusesAsync(_claimant, now, now + _options.Claim, 20, cancellationToken).ConfigureAwait(false);
            if (due.Count == 0)
            {
                return settled;
            }

            var targets = new Dictionary<long, (CommitStatusTarget? Target, string? Token, string? Problem)>();
            foreach (var status in due)
            {
                if (!targets.TryGetValue(status.RepositoryId, out var target))
                {
                    target = await TargetAsync(status.RepositoryId, cancellationToken).ConfigureAwait(false);
                    targets[status.RepositoryId] = target;
                }

                await SendAsync(status, target, cancellationToken).ConfigureAwait(false);
                settled++;
            }
        }
    }

    private async Task<(CommitStatusTarget? Target, string? Token, string? Problem)> TargetAsync(long repositoryId, CancellationToken cancellationToken)
    {
        var target = await _store.CommitStatusTargetAsync(repositoryId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return (null, null, "the repository posts commit statuses no more");
        }

        var repository = (await _store.RepositoriesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == repositoryId);
        try
        {
            return (target, _secrets.Open(repository?.Name ?? "", TokenName, target.SealedToken), null);
        }
        catch (Sluice.Security.Secrets.SecretOpenException ex)
        {
            return (target, null, $"its token does not open ({ex.Message}); set it again with sluice repo statuses {repository?.Name} ... --token-stdin");
        }
    }

    private async Task SendAsync(CommitStatusRow status, (CommitStatusTarget? Target, string? Token, string? Problem) target, CancellationToken cancellationToken)
    {
        if (target.Problem is { } problem)
        {
            await GiveUpAsync(status, target.Target?.Host, problem, cancellationToken).ConfigureAwait(false);
            return;
        }

        var post = new CodeHostPost(target.Target!.Host, target.Target.ApiUrl, target.Target.Path, target.Token!, status.Sha, status.Context, status.State, status.Description, status.TargetUrl, status.Ref);
        var outcome = await _quickRetries.ExecuteAsync(async token => await _client.PostAsync(post, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        switch (outcome.Kind)
        {
            case PostOutcomeKind.Sent:
                await _store.SettleCommitStatusAsync(status.Id, status.Version, _claimant, CommitStatusOutcomes.Sent, null, null, cancellationToken).ConfigureAwait(false);
                break;
            case PostOutcomeKind.Refused:
                await GiveUpAsync(status, post.Host, outcome.Reason!, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var retryAt = outcome.RetryAt ?? now + Backoff(status.Attempts);
                if (retryAt - status.ChangedAt > _options.GiveUpAfter)
                {
                    await GiveUpAsync(status, post.Host, $"{outcome.Reason}, and it was not taken for {CommitStatusPlan.Duration(_options.GiveUpAfter)}", cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (outcome.Kind == PostOutcomeKind.RateLimited)
                {
                    _events.CommitStatusRateLimited(post.Host, status.Context, status.Sha, retryAt, outcome.Reason!);
                }

                await _store.SettleCommitStatusAsync(status.Id, status.Version, _claimant, CommitStatusOutcomes.Waiting, retryAt, outcome.Reason, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task GiveUpAsync(CommitStatusRow status, string? host, string reason, CancellationToken cancellationToken)
    {
        if (await _store.SettleCommitStatusAsync(status.Id, status.Version, _claimant, CommitStatusOutcomes.Abandoned, null, reason, cancellationToken).ConfigureAwait(false))
        {
            _events.CommitStatusAbandoned(host ?? "?", status.Context, status.Sha, status.RepositoryId, reason);
        }
    }

    /// <summary>The outbox's wait after the <paramref name="attempts"/>-th failed round: doubling from <see cref="CommitStatusOptions.Backoff"/>, at most <see cref="CommitStatusOptions.MaxBackoff"/>.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var wait = _options.Backoff * Math.Pow(2, Math.Min(attempts, 20));
        return wait > _options.MaxBackoff ? _options.MaxBackoff : wait;
    }
}
