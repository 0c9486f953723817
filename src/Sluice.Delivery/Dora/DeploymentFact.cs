namespace Sluice.Delivery.Dora;

/// <summary>
/// What DORA's four keys are computed from: one deployment record, as the server stores it, reduced to its times.
/// <see cref="Status"/> is the deployment's status word (<c>success</c>, <c>failure</c>, <c>rolled_back</c>, ...).
/// </summary>
/// <param name="DeployedAt">When its deploy job succeeded: the change reached the environment.</param>
/// <param name="HealthyAt">When it passed its health gate (its job's end when the environment has none).</param>
/// <param name="FailedAt">When its job failed, its health gate breached, or someone marked it as needing a fix.</param>
/// <param name="CommitAt">When the oldest commit it brings was made.</param>
/// <param name="RollbackOf">For a rollback: the failed deployment it restores from; a rollback is not a change.</param>
public sealed record DeploymentFact(
    long Id,
    string Environment,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeployedAt,
    DateTimeOffset? HealthyAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? CommitAt,
    long? RollbackOf)
{
    /// <summary>The status of a deployment that failed its health gate and was rolled back.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>A change: not a rollback, and it reached the environment (its deploy job succeeded).</summary>
    public bool IsChange => RollbackOf is null && DeployedAt is not null;

    /// <summary>A change that failed once it was deployed: its health gate breached, it was rolled back, or it needed a fix.</summary>
    public bool IsFailedChange => IsChange && (FailedAt is not null || Status == RolledBack);
}
