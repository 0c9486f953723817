namespace Sluice.Protocol;

/// <summary>
/// A job of the run's workflow, whether or not it has legs yet: what the graph of a run is drawn from, before and
/// while its jobs are queued. <see cref="Key"/> is the <see cref="JobView.Group"/> of its legs.
/// </summary>
public sealed record PlannedJobView(string Key, string Name, IReadOnlyList<string> Needs);

/// <summary>What the filters of a repository's list of runs can take: its branches (or whole refs), workflows and events, most recent first.</summary>
public sealed record RunFacetsView(IReadOnlyList<string> Branches, IReadOnlyList<string> Workflows, IReadOnlyList<string> Events);

/// <summary>
/// A step of a job's attempt as its log tells it: <see cref="Status"/> <c>running</c> until its end is logged, then
/// <c>completed</c> with its <see cref="Conclusion"/>; a step whose end never came (its job was lost or cancelled) is
/// <c>completed</c> without one once the attempt is over.
/// </summary>
/// <param name="Id">The step's id in the job (its <c>id:</c>, or the one the runner gave it).</param>
/// <param name="LogLine">The id of the log line that started it, for a link into the log.</param>
public sealed record StepView(string Id, string Name, string Status, string? Conclusion, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long LogLine);

/// <summary>The steps of one attempt of a job (<see cref="Attempt"/> is the job's current one, or the one asked for).</summary>
public sealed record JobStepsView(string Job, int Attempt, string Status, IReadOnlyList<StepView> Steps);

/// <summary>
/// An annotation of a run (<c>::error file=a.cs,line=3::message</c>, or one the runner made): its job, level, message,
/// and the file and line it points at when it names them. <see cref="LogLine"/> is its line in the run's log.
/// </summary>
public sealed record AnnotationView(string Job, int Attempt, string Level, string Message, string? File, int? Line, long LogLine);

/// <summary>A live event of <c>GET /api/v1/events</c>: what may have changed since the last one (look again at it), and when it was sent.</summary>
public sealed record ChangeEvent(bool Runs, bool Agents, DateTimeOffset At);
