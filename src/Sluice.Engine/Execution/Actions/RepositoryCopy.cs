namespace Sluice.Engine.Execution.Actions;

/// <summary>Where a run's copy of another repository came from.</summary>
public enum RepositoryOrigin
{
    /// <summary>The folder of <c>--action-cache DIR</c> (<c>DIR/owner/repo/ref</c>), filled by hand; no commit is known.</summary>
    ActionFolder,

    /// <summary>The action store's cache, from an earlier download.</summary>
    Cache,

    /// <summary>Downloaded from the actions host for this run.</summary>
    Downloaded,
}

/// <summary>
/// Another repository's files at the ref a <c>uses:</c> names, as a run uses them: the folder, the commit the ref
/// resolved to (null for a hand-filled folder), where the files came from, and what the log should say besides.
/// </summary>
public sealed record RepositoryCopy(string Folder, string? Commit, RepositoryOrigin Origin, IReadOnlyList<string> Notes);

/// <summary>
/// The outcome of looking a repository up: its copy, or what is wrong (<see cref="Problem"/> reads after the reference:
/// "'uses: acme/x@v1' cannot be fetched: ...") and whether it is a limitation of this machine.
/// </summary>
/// <param name="CannotRunHere">True when the problem lies with this machine (no host answers, no token, nothing to fetch with) rather than with the reference, so <c>--skip-unsupported</c> may skip the step.</param>
/// <param name="Failure">Why the action store could not give the repository; null when it was not asked.</param>
public sealed record RepositoryLookup(RepositoryCopy? Copy, string? Problem, bool CannotRunHere, Sluice.Actions.ActionFetchFailure? Failure = null)
{
    public static RepositoryLookup Found(RepositoryCopy copy) => new(copy, null, false);
}
