namespace Sluice.Engine.Execution;

/// <summary>Where the plan check found that a <c>uses:</c> comes from.</summary>
public enum ActionUseSource
{
    /// <summary>Sluice runs its own stand-in (checkout, artifacts, cache, setup-*).</summary>
    BuiltIn,

    /// <summary><c>./path</c>: the checked-out repository, read when the step runs.</summary>
    Local,

    /// <summary><c>docker://IMAGE</c>: an image the container engine has or pulls.</summary>
    ContainerImage,

    /// <summary>The hand-filled folder of <c>--action-cache</c>.</summary>
    ActionFolder,

    /// <summary>The action store's cache, at a known commit.</summary>
    Cache,

    /// <summary>Downloaded from the actions host by this check.</summary>
    Downloaded,

    /// <summary>Not in any cache: it would be fetched from the actions host (the check did not fetch).</summary>
    ToFetch,

    /// <summary>The action policy refuses it.</summary>
    Refused,

    /// <summary>It cannot be found or read; <see cref="ActionUse.Detail"/> says why.</summary>
    Failed,
}

/// <summary>
/// One <c>uses:</c> the plan check met (in a workflow, a called workflow or a composite action) and where it comes
/// from: what <c>sluice actions pull --list</c> shows.
/// </summary>
/// <param name="Place">Where it is written: "file:line: job 'id', step 'id'", and the composite action's file and line for a nested one.</param>
/// <param name="IsWorkflow">True for a job's <c>uses:</c> of a reusable workflow.</param>
/// <param name="Commit">The commit its repository is at, when known.</param>
/// <param name="Detail">The folder, the host, the policy rule or the problem, as fits <paramref name="Source"/>.</param>
public sealed record ActionUse(string Uses, string Place, bool IsWorkflow, ActionUseSource Source, string? Commit, string Detail)
{
    /// <summary>The run's copy of the repository it is in, when one was found.</summary>
    public Actions.RepositoryCopy? Copy { get; init; }
}
