namespace Sluice.Engine.Planning;

/// <summary>The event a run is for.</summary>
/// <param name="Name">The event name as written under <c>on:</c>, such as <c>push</c> or <c>pull_request</c>.</param>
/// <param name="Ref">
/// For <c>push</c> the pushed ref (<c>refs/heads/main</c>, <c>refs/tags/v1.2</c>); for <c>pull_request</c> the BASE branch;
/// for <c>workflow_run</c> the head branch of the triggering run. Null when unknown: ref filters then do not filter.
/// </param>
/// <param name="ChangedPaths">The changed files relative to the repository root; null when the diff is unknown, and then
/// path filters let the event through, as GitHub does when it cannot compute a diff.</param>
/// <param name="Action">The activity type (<c>opened</c>, <c>synchronize</c>, ...) or, for <c>repository_dispatch</c>, the event type;
/// null when the event has none, and then <c>types</c> do not filter.</param>
public sealed record EventInfo(string Name, string? Ref, IReadOnlyList<string>? ChangedPaths, string? Action);
