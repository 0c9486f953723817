using Sluice.Engine.Execution.Composite;

namespace Sluice.Engine.Execution.Actions;

/// <summary>An action found and its action.yml read: where its files are and what it runs.</summary>
internal sealed record ResolvedAction(ActionReference Reference, string Folder, ActionManifest Manifest)
{
    /// <summary><c>GITHUB_ACTION_REPOSITORY</c>: <c>owner/repo</c> for an action of another repository, else empty.</summary>
    public string Repository => Reference.RepositoryName;

    /// <summary><c>GITHUB_ACTION_REF</c>: the ref for an action of another repository, else empty.</summary>
    public string Ref => Reference.Ref;

    /// <summary>The run's copy of the action's repository; null for a local action or a container image.</summary>
    public RepositoryCopy? Copy { get; init; }
}

/// <summary>
/// The outcome of looking an action up: the action, or what is wrong. <see cref="CannotRunHere"/> tells a
/// limitation of this machine or of Sluice (not in the cache, a Docker action, no node), which
/// <c>--skip-unsupported</c> skips, from a mistake in the workflow or the action, which always fails the step.
/// </summary>
internal sealed record ActionResolution(ResolvedAction? Action, string? Problem, bool CannotRunHere, IReadOnlyList<Sluice.Workflows.WorkflowDiagnostic> ManifestErrors)
{
    public static ActionResolution Found(ResolvedAction action) => new(action, null, false, []);

    public static ActionResolution Unsupported(string problem) => new(null, problem, true, []);

    public static ActionResolution Failed(string problem) => new(null, problem, false, []);

    public static ActionResolution Invalid(IReadOnlyList<Sluice.Workflows.WorkflowDiagnostic> errors) =>
        new(null, string.Join("; ", errors.Select(e => e.Line is { } line ? $"{e.File}:{line}:{e.Column}: {e.Message}" : $"{e.File}: {e.Message}")), false, errors);
}
