namespace Sluice.Server.Storage;

/// <summary>Commit statuses posted back to the code host: each repository's target, and the outbox the server's sender drains.</summary>
public partial interface IServerStore
{
    /// <summary>Sets where the repository's commit statuses go, or, with null, stops them (and drops the statuses not yet sent).</summary>
    Task SetCommitStatusTargetAsync(long repositoryId, CommitStatusTarget? target, CancellationToken cancellationToken);

    /// <summary>The ids of the repositories that post commit statuses.</summary>
    Task<IReadOnlyList<long>> CommitStatusRepositoriesAsync(CancellationToken cancellationToken);

    /// <summary>Where the repository's commit statuses go; null when it posts none.</summary>
    Task<CommitStatusTarget?> CommitStatusTargetAsync(long repositoryId, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a status in the outbox, to be sent from <paramref name="now"/>: it replaces the commit and context's state
    /// (sent or not: a newer state is sent once, in its turn). False, and nothing changed, when the commit and context
    /// have that state, description and target URL already, so that saying the same again posts nothing.
    /// </summary>
    Task<bool> EnqueueCommitStatusAsync(NewCommitStatus status, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="limit"/> waiting statuses due at <paramref name="now"/>, oldest change first, for
    /// <paramref name="claimant"/> until <paramref name="claimUntil"/>: a status claimed and not yet let go is given to
    /// no other claimant (so that servers sharing a database post it once), unless the claim ran out.
    /// </summary>
    Task<IReadOnlyList<CommitStatusRow>> ClaimCommitStatusesAsync(string claimant, DateTimeOffset now, DateTimeOffset claimUntil, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records how the claimant's post of <paramref name="version"/> went and lets the claim go: sent, abandoned (with
    /// why), or waiting again until <paramref name="retryAt"/> (with why). When the status changed meanwhile (a newer
    /// version), it stays waiting, due at once, and only the claim is let go. False when the claimant no longer held it.
    /// </summary>
    Task<bool> SettleCommitStatusAsync(long id, long version, string claimant, string outcome, DateTimeOffset? retryAt, string? error, CancellationToken cancellationToken);

    /// <summary>The repository's statuses of a commit, by context.</summary>
    Task<IReadOnlyList<CommitStatusRow>> CommitStatusesAsync(long repositoryId, string sha, CancellationToken cancellationToken);

    /// <summary>Deletes the statuses sent or given up that last changed before <paramref name="changedBefore"/>; returns how many.</summary>
    Task<int> DeleteSettledCommitStatusesAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken);

    /// <summary>When the next waiting status is due (a claimed one when its claim runs out); null when none waits.</summary>
    Task<DateTimeOffset?> NextCommitStatusAtAsync(CancellationToken cancellationToken);
}
