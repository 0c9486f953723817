using Sluice.Engine.Execution.Actions.Policy;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// Where a job's actions of other repositories come from and which may run, as <c>sluice run</c> has them: the action
/// settings, the hand-filled folder of <c>--action-cache</c>, and the repositories (that folder, then the action store
/// with its cache and actions host). Disposing releases what the job held of the store's cache.
/// </summary>
public sealed class JobActions(ActionSettings settings, string? cacheFolder, ActionRepositories repositories, IReadOnlyList<string> masks, IDisposable? owner) : IDisposable
{
    public ActionSettings Settings { get; } = settings;

    public string? CacheFolder { get; } = cacheFolder;

    public ActionRepositories Repositories { get; } = repositories;

    /// <summary>What must never show in the job's log: the token for private action repositories.</summary>
    public IReadOnlyList<string> Masks { get; } = masks;

    public void Dispose() => owner?.Dispose();
}

/// <summary>
/// Opens a job's <see cref="JobActions"/>. <paramref name="settingsRoot"/> is a folder holding the repository's
/// <c>.sluice/actions.yml</c> as it is at the job's commit (null when the commit has none); <paramref name="secrets"/>
/// are the job's, where the token for private action repositories may be. Throws <see cref="JobActionsException"/>
/// when the settings or options cannot be used.
/// </summary>
public delegate JobActions JobActionsSource(string? settingsRoot, IReadOnlyDictionary<string, string> secrets);

/// <summary>The job's action settings cannot be used (a broken <c>.sluice/actions.yml</c>, say); the message says where and why.</summary>
public sealed class JobActionsException(string message) : Exception(message);
