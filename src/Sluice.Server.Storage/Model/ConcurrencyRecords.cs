namespace Sluice.Server.Storage;

/// <summary>
/// A run (<see cref="LegKey"/> empty: the workflow's <c>concurrency</c>) or one leg of it (a job's) asking for a
/// concurrency group of its repository.
/// </summary>
/// <param name="WaitingJob">For a leg, its job as it is shown while it waits (status <c>pending</c>); null for a run.</param>
public sealed record ConcurrencyClaim(long RunId, string LegKey, string Group, bool CancelInProgress, NewJob? WaitingJob);

/// <summary>What entering a group did: the member's state, and the other runs it displaced (their events changed).</summary>
public sealed record ConcurrencyEntry(string State, IReadOnlyList<long> AffectedRuns);

/// <summary>One member of a concurrency group, in the order members entered.</summary>
/// <param name="Reason">Why it was cancelled (a newer member took its place, or cancelled it in progress); null otherwise.</param>
public sealed record ConcurrencyMemberRow(long RunId, string LegKey, string Group, string State, bool CancelInProgress, string? Reason);

/// <summary>
/// A member <c>pending</c> waits for the group, <c>running</c> holds it, <c>cancelled</c> was displaced while it waited,
/// <c>done</c> left it (finished, or ended while it waited).
/// </summary>
public static class ConcurrencyStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Cancelled = "cancelled";
    public const string Done = "done";

    /// <summary>
    /// The name two groups are compared by: GitHub treats group names without regard to case ("prod" and "Prod" are one
    /// group). Every provider stores this key, so they agree on which names are one group.
    /// </summary>
    public static string Key(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.ToUpperInvariant();
    }
}
