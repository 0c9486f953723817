using System.Collections.Concurrent;
using System.Threading.Channels;
using Sluice.Server.Api;
using Sluice.Server.Storage;

namespace Sluice.Server.CodeHosts;

/// <summary>
/// Commit statuses back to the code host, for repositories that have a target: each run's job legs and gate verdicts
/// become statuses in the outbox (<see cref="IServerStore.EnqueueCommitStatusAsync"/>), which <see cref="Sender"/>
/// posts. A run's change is only noted here (<see cref="RunChanged"/> returns at once); the statuses are worked out
/// and stored by this server's loop right after, so that no job's state change waits for the database or the host.
/// Unfinished runs are looked at again every round, so that a job that began running, or a change whose note was lost
/// with a restart, is posted too.
/// </summary>
public sealed class CommitStatuses
{
    private readonly IServerStore _store;
    private readonly TimeProvider _time;
    private readonly ServerEvents _events;
    private readonly CommitStatusOptions _options;
    private readonly Channel<long> _changed = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = false });

    // What this server put in the outbox last, per repository, commit and context: saying the same again is skipped
    // without a write. Bounded; forgetting only costs a write that changes nothing.
    private readonly ConcurrentDictionary<(long, string, string), (string, string, string?)> _enqueued = new();

    public CommitStatuses(IServerStore store, CommitStatusSender sender, TimeProvider time, ServerEvents events, CommitStatusOptions options)
    {
        _store = store;
        _time = time;
        _events = events;
        _options = options;
        Sender = sender;
    }

    public CommitStatusSender Sender { get; }

    /// <summary>The dashboard's address that statuses link to (<c>{url}/runs/{id}</c>): <c>--public-url</c>, else the address the server listens on.</summary>
    public string DashboardUrl { get; set; } = "http://127.0.0.1:8990";

    /// <summary>The dashboard page of a run, which each of its statuses links to.</summary>
    public string RunUrl(long runId) => $"{DashboardUrl.TrimEnd('/')}/runs/{runId}";

    /// <summary>
    /// Puts a status for a commit of the repository in the outbox, when the repository posts statuses (false when it
    /// does not, or when the commit and context have this state already): for deployments and anything else that
    /// reports on a commit. <paramref name="state"/> is one of <see cref="CommitStatusStates"/>; the context and
    /// description are cut to what the hosts take. Returns once stored; the post happens in the background.
    /// </summary>
    public async Task<bool> EnqueueAsync(long repositoryId, string sha, string context, string state, string description, string? targetUrl, CancellationToken cancellationToken, string? gitRef = null)
    {
        if (!CommitStatusStates.All.Contains(state, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{state}' is not a commit status state ({string.Join(", ", CommitStatusStates.All)})", nameof(state));
        }

        if (await _store.CommitStatusTargetAsync(repositoryId, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        return await EnqueueOneAsync(new NewCommitStatus(repositoryId, sha, CodeHostKinds.Cut(context, CodeHostKinds.MaxContext), state, CommitStatusPlan.Describe(description), targetUrl, gitRef), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Notes that the run changed (a job queued or ended, a gate reported); returns at once, never throws.</summary>
    public void RunChanged(long runId) => _changed.Writer.TryWrite(runId);

    /// <summary>Works out the statuses of changed runs and posts the outbox until <paramref name="stopping"/>.</summary>
    public Task RunAsync(CancellationToken stopping) =>
        Task.WhenAll(Sender.RunAsync(stopping), WatchAsync(stopping));

    /// <summary>Brings the outbox up to date with the run's jobs and gate reports, when its repository posts statuses.</summary>
    public async Task RefreshRunAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await _store.RunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null || await _store.CommitStatusTargetAsync(run.RepositoryId, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var jobs = await _store.JobsAsync(runId, cancellationToken).ConfigureAwait(false);
        var reports = await _store.GateReportsAsync(runId, cancellationToken).ConfigureAwait(false);
        var gates = GateReportViews.Latest(jobs, reports).Select(p => (p.Job, GateReportViews.Document(p.Row))).ToList();
        var any = false;
        foreach (var status in CommitStatusPlan.Of(run, jobs, gates))
        {
            any |= await EnqueueOneAsync(new NewCommitStatus(run.RepositoryId, run.Sha, status.Context, status.State, status.Description, RunUrl(run.Id), run.Ref), cancellationToken).ConfigureAwait(false);
        }

        if (any)
        {
            Sender.Wake();
        }
    }

    private async Task<bool> EnqueueOneAsync(NewCommitStatus status, CancellationToken cancellationToken)
    {
        var key = (status.RepositoryId, status.Sha, status.Context);
        var value = (status.State, status.Description, status.TargetUrl);
        if (_enqueued.TryGetValue(key, out var last) && last == value)
        {
            return false;
        }

        var changed = await _store.EnqueueCommitStatusAsync(status, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (_enqueued.Count > 50_000)
        {
            _enqueued.Clear();
        }

        _enqueued[key] = value;
        if (changed)
        {
            Sender.Wake();
        }

        return changed;
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        var nextSweep = _time.GetUtcNow();
        var nextPrune = _time.GetUtcNow();
        Task<bool>? waiting = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var changed = new HashSet<long>();
                while (_changed.Reader.TryRead(out var runId))
                {
                    changed.Add(runId);
                }

                if (_time.GetUtcNow() >= nextPrune)
                {
                    nextPrune = _time.GetUtcNow() + TimeSpan.FromHours(1);
                    await _store.DeleteSettledCommitStatusesAsync(_time.GetUtcNow() - _options.KeepSettled, stopping).ConfigureAwait(false);
                }

                if (_time.GetUtcNow() >= nextSweep)
                {
                    nextSweep = _time.GetUtcNow() + _options.Round;
                    var posting = (await _store.CommitStatusRepositoriesAsync(stopping).ConfigureAwait(false)).ToHashSet();
                    if (posting.Count > 0)
                    {
                        changed.UnionWith((await _store.UnfinishedRunsAsync(stopping).ConfigureAwait(false)).Where(r => posting.Contains(r.RepositoryId)).Select(r => r.Id));
                    }
                }

                foreach (var runId in changed)
                {
                    try
                    {
                        await RefreshRunAsync(runId, stopping).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!stopping.IsCancellationRequested)
                    {
                        _events.Problem($"commit statuses of run {runId} could not be worked out ({ex.Message}); trying again at the next change or round");
                    }
                }

                // One wait for a change at a time, kept across rounds that end by time, so that waits do not pile up.
                waiting = waiting is { IsCompleted: false } ? waiting : _changed.Reader.WaitToReadAsync(stopping).AsTask();
                using var round = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                var delay = Task.Delay(_options.Round, _time, round.Token);
                await Task.WhenAny(waiting, delay).ConfigureAwait(false);
                await round.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                _events.Problem($"commit statuses: a look at runs failed ({ex.Message}); trying again at the next round");
            }
        }
    }
}
