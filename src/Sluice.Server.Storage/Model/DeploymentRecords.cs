namespace Sluice.Server.Storage;

/// <summary>
/// An environment of a repository and its protection rules: who must approve a deployment (any one of
/// <see cref="Reviewers"/>), how long a deployment waits before it starts, and which refs may deploy to it
/// (<see cref="DeployRefs"/>: patterns such as <c>main</c>, <c>release/*</c> or <c>refs/tags/v*</c>; none: any).
/// </summary>
public sealed record EnvironmentRow(
    long Id,
    long RepositoryId,
    string Name,
    IReadOnlyList<string> Reviewers,
    int WaitTimerSeconds,
    IReadOnlyList<string> DeployRefs,
    bool PreventSelfReview,
    DateTimeOffset CreatedAt);

/// <summary>What <c>sluice env set</c> gives an environment (the rest of its row is kept).</summary>
public sealed record EnvironmentSettings(string Name, IReadOnlyList<string> Reviewers, int WaitTimerSeconds, IReadOnlyList<string> DeployRefs, bool PreventSelfReview);

/// <summary>A variable of an environment: unlike a secret, readable by anyone who may read the repository.</summary>
public sealed record EnvironmentVariableRow(string Name, string Value, DateTimeOffset UpdatedAt);

/// <summary>
/// A deployment as stored: one per leg of a job with an <c>environment</c> (a run's job key is unique in it). Its status
/// moves queued/waiting → in_progress → verifying → success or failure; success becomes inactive when a newer deployment
/// of the environment becomes healthy, failure becomes rolled_back when a rollback restores the environment. The health
/// columns hold the window's state while it is verifying (<see cref="HealthText"/> is the <c>.sluice/environments.yml</c>
/// read from the default branch when the deployment was created).
/// </summary>
public sealed record DeploymentRow(
    long Id,
    long RepositoryId,
    string Repository,
    string Environment,
    long RunId,
    long RunNumber,
    string JobKey,
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
    IReadOnlyList<string> Reviewers)
{
    public string? HealthText { get; init; }

    public DateTimeOffset? HealthStartedAt { get; init; }

    public DateTimeOffset? HealthUntil { get; init; }

    public DateTimeOffset? NextSampleAt { get; init; }

    public int HealthFailures { get; init; }

    public int HealthInconclusive { get; init; }

    public IReadOnlyList<DeploymentReviewRow> Reviews { get; init; } = [];
}

/// <summary>A reviewer's answer to a waiting deployment.</summary>
public sealed record DeploymentReviewRow(string Reviewer, bool Approved, string? Comment, DateTimeOffset At);

/// <summary>A deployment that begins: its leg, what it deploys and how it starts (<see cref="Status"/> queued, waiting or failure).</summary>
public sealed record NewDeployment(
    long RepositoryId,
    string Environment,
    long RunId,
    string JobKey,
    string Ref,
    string Sha,
    string? Url,
    string Status,
    string? Detail,
    string TriggeredBy,
    DateTimeOffset? CommitAt,
    long? RollbackOf,
    DateTimeOffset? WaitUntil,
    IReadOnlyList<string> Reviewers,
    string? HealthText);

/// <summary>Which deployments to list: of a repository, of one environment or all, created since a time or ever, newest first.</summary>
public sealed record DeploymentQuery(long RepositoryId, string? Environment, DateTimeOffset? Since, int Limit);

/// <summary>
/// A change of a deployment's status, made only when its status is one of <see cref="From"/> (so that two replicas
/// deciding the same thing change it once). Null fields are left as they are.
/// </summary>
public sealed record DeploymentChange(IReadOnlyList<string> From, string Status)
{
    public string? Detail { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? DeployedAt { get; init; }

    public DateTimeOffset? HealthyAt { get; init; }

    public DateTimeOffset? FailedAt { get; init; }

    public string? Url { get; init; }

    public DateTimeOffset? HealthStartedAt { get; init; }

    public DateTimeOffset? HealthUntil { get; init; }

    public DateTimeOffset? NextSampleAt { get; init; }

    public int? HealthFailures { get; init; }

    public int? HealthInconclusive { get; init; }

    /// <summary>In the same transaction, a run event of the deployment's leg: <c>verified</c> with this conclusion (the health gate's verdict).</summary>
    public string? VerifiedConclusion { get; init; }
}

/// <summary>How a review went: recorded (with the deployment as it is now), or refused because the deployment no longer waits for reviewers.</summary>
public sealed record DeploymentReviewOutcome(bool Recorded, DeploymentRow? Deployment);

/// <summary>One sample of a deployment's health gate, as the dashboard shows it (<see cref="Document"/> is its JSON).</summary>
public sealed record DeploymentSampleRow(long DeploymentId, DateTimeOffset At, string Verdict, string Document);
