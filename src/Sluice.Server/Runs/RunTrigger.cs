namespace Sluice.Server.Runs;

/// <summary>
/// Something that may start runs of a repository's workflows: a push or pull request heard from a webhook, a new commit
/// found by polling, a schedule slot, or a request (<c>sluice trigger</c>, the API, <c>workflow_dispatch</c>).
/// </summary>
/// <param name="Ref">The full ref the event is about (<c>refs/heads/main</c>); for a pull request its merge ref.</param>
/// <param name="FilterRef">What branch and tag filters look at: the pushed ref, or for a pull request its base branch.</param>
/// <param name="PayloadJson">The event as <c>github.event</c> shows it; null for a synthesized one.</param>
/// <param name="SecretsAllowed">False for pull requests from forks: their runs get no secrets, as on GitHub.</param>
/// <param name="Workflow">Only this workflow file (<c>workflow_dispatch</c>, or <c>sluice trigger --workflow</c>).</param>
public sealed record RunTrigger(
    string Event,
    string Ref,
    string Sha,
    string? Before,
    string? FilterRef,
    string? Action,
    string? PayloadJson,
    IReadOnlyDictionary<string, string> Inputs,
    string Actor,
    bool SecretsAllowed,
    string? Workflow = null,
    IReadOnlyList<string>? ChangedPaths = null)
{
    /// <summary>The failed deployment a rollback workflow's run restores from (its deployments wait for no review).</summary>
    public long? RollbackOf { get; init; }

    /// <summary>A run trigger for an event heard from a host (a webhook delivery, a schedule slot).</summary>
    public static RunTrigger From(Sluice.Triggers.TriggerEvent e, string fallbackActor, string? workflow = null) =>
        new(e.Name, e.Ref, e.Sha, e.Before, e.FilterRef, e.Action, e.PayloadJson, new Dictionary<string, string>(), e.Actor ?? fallbackActor, e.SecretsAllowed, workflow, e.ChangedPaths);
}
