namespace Sluice.Protocol;

/// <summary>
/// One deployment: a job with an <c>environment</c> that ran (or waits to run) in a run, with the commit it deploys and
/// where its status stands. <see cref="Status"/> is one of <see cref="DeploymentStatuses"/>.
/// </summary>
/// <param name="Job">The job's key in the run (the matrix leg's, such as <c>deploy-2</c>).</param>
/// <param name="DeployedAt">When the deploy job succeeded.</param>
/// <param name="HealthyAt">When the deployment passed its health gate (its deploy job's end when the environment has none).</param>
/// <param name="FailedAt">When its job failed, its health gate breached, or someone marked it as needing a fix.</param>
/// <param name="CommitAt">When the oldest commit it brings (that the environment's previous healthy deployment had not) was made.</param>
/// <param name="RollbackOf">For a rollback: the failed deployment it restores from.</param>
/// <param name="WaitUntil">While it waits for the environment's wait timer: when the timer ends.</param>
/// <param name="Reviewers">Who may approve it (the environment's required reviewers), while and after it waits for them.</param>
/// <param name="Health">Its health gate's window and latest sample, when the environment has one.</param>
public sealed record DeploymentView(
    long Id,
    string Repository,
    string Environment,
    long RunId,
    long RunNumber,
    string Job,
    string Ref,
    string Sha,
    string? Url,
    string Status,
    string? Detail,
    string TriggeredBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? DeployedAt,
    DateTimeOffset? HealthyAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? CommitAt,
    long? RollbackOf,
    DateTimeOffset? WaitUntil,
    IReadOnlyList<string> Reviewers,
    IReadOnlyList<DeploymentReviewView> Reviews,
    DeploymentHealthView? Health);

/// <summary>A reviewer's answer to a deployment waiting for approval.</summary>
public sealed record DeploymentReviewView(string Reviewer, bool Approved, string? Comment, DateTimeOffset At);

/// <summary>
/// A deployment's health gate: the window it must hold for, from <see cref="StartedAt"/> to <see cref="Until"/>, and
/// the verdict of each sample so far (the latest last, at most the last 20).
/// </summary>
public sealed record DeploymentHealthView(DateTimeOffset? StartedAt, DateTimeOffset? Until, string? Verdict, IReadOnlyList<HealthSampleView> Samples);

/// <summary>One sample of a health gate: when, its verdict (passed, failed, inconclusive) and each condition's.</summary>
public sealed record HealthSampleView(DateTimeOffset At, string Verdict, IReadOnlyList<HealthConditionView> Conditions);

/// <summary>One condition of a health sample: its name and expression, what was measured, its outcome and why.</summary>
public sealed record HealthConditionView(string Name, string Expression, string Outcome, string Measured, string? Reason);

/// <summary><c>POST /api/v1/deployments/{id}/review</c>: approve or reject a deployment waiting for its reviewers.</summary>
public sealed record DeploymentReviewRequest(bool Approve, string? Comment);

/// <summary>
/// A repository's DORA figures over a period, for one environment or all: the four keys computed from its deployment
/// records, each with the performance band (elite, high, medium, low) it falls in by DORA's published thresholds, and
/// per UTC day the deployments and failures, for charts.
/// </summary>
public sealed record DoraView(
    string Repository,
    string? Environment,
    DateTimeOffset From,
    DateTimeOffset To,
    DoraKeyView DeploymentFrequency,
    DoraKeyView LeadTime,
    DoraKeyView ChangeFailureRate,
    DoraKeyView TimeToRestore,
    IReadOnlyList<DoraDayView> Days);

/// <summary>
/// One of the four keys: its value (deployments per day; seconds for lead time and time to restore (median); a share
/// from 0 to 1 for the change failure rate), how many records it comes from, and its band; value and band are null
/// when there is nothing to compute it from.
/// </summary>
public sealed record DoraKeyView(double? Value, int Count, string? Band);

/// <summary>One UTC day: deployments that became healthy, those that failed, and the lead times' median that day in seconds.</summary>
public sealed record DoraDayView(DateOnly Day, int Deployments, int Failures, double? LeadTimeSeconds);

public static class DeploymentStatuses
{
    /// <summary>Its job waits for an agent (or for the environment's deployment before it).</summary>
    public const string Queued = "queued";

    /// <summary>Waits for the environment's required reviewers or its wait timer.</summary>
    public const string Waiting = "waiting";

    public const string InProgress = "in_progress";

    /// <summary>Its job succeeded; the environment's health gate is watching the window.</summary>
    public const string Verifying = "verifying";

    /// <summary>Deployed and healthy: what the environment runs now.</summary>
    public const string Success = "success";

    /// <summary>Its job failed, it was rejected, or its health gate breached.</summary>
    public const string Failure = "failure";

    /// <summary>It failed its health gate and a rollback brought the previous healthy deployment back.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>Healthy once, and a newer deployment of the environment replaced it (or it was cancelled before it deployed).</summary>
    public const string Inactive = "inactive";
}

/// <summary>
/// An environment of a repository with its protection rules, and the names of its secrets and its variables.
/// <see cref="WaitTimerSeconds"/>: how long a deployment waits before it starts; <see cref="DeployRefs"/>: which
/// branches and tags may deploy (none: any).
/// </summary>
public sealed record EnvironmentView(
    string Name,
    IReadOnlyList<string> Reviewers,
    int WaitTimerSeconds,
    IReadOnlyList<string> DeployRefs,
    bool PreventSelfReview,
    IReadOnlyList<string> Secrets,
    IReadOnlyDictionary<string, string> Variables,
    DateTimeOffset CreatedAt);

/// <summary><c>PUT /api/v1/repos/{name}/environments/{env}</c>: an environment's protection rules (what is left out is kept, or empty for a new one).</summary>
public sealed record EnvironmentRequest(IReadOnlyList<string>? Reviewers, int? WaitTimerSeconds, IReadOnlyList<string>? DeployRefs, bool? PreventSelfReview);

/// <summary><c>PUT /api/v1/repos/{name}/environments/{env}/variables/{variable}</c>: the variable's value.</summary>
public sealed record EnvironmentVariableValue(string Value);

/// <summary><c>POST /api/v1/deployments/{id}/fail</c>: a deployed change turned out to need a fix (an incident found after its gate passed).</summary>
public sealed record DeploymentFailureRequest(string Reason);
