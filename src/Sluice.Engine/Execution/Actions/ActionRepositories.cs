using System.Collections.Concurrent;
using Sluice.Actions;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// Where a run finds the repositories its <c>owner/repo@ref</c> actions and reusable workflows live in: first the
/// hand-filled folder of <c>--action-cache DIR</c> (<c>DIR/owner/repo/ref</c>, for machines that keep their own
/// copies), then the <see cref="ActionStore"/>, which answers from its cache keyed by commit or fetches from the
/// actions host. A ref is looked up once per run, so every job of the run uses the same commit even if a tag moves
/// meanwhile, and jobs asking at the same time wait for one lookup. Thread-safe.
/// </summary>
public sealed class ActionRepositories(ActionCache? folder, ActionStore? store)
{
    /// <summary>The name of the secret or environment variable holding the token for private action repositories.</summary>
    public const string TokenVariable = "SLUICE_ACTIONS_TOKEN";

    private readonly ConcurrentDictionary<string, Lazy<Task<RepositoryLookup>>> _lookups = new(StringComparer.Ordinal);

    /// <summary>Nothing but the hand-filled folder (or nothing at all): what a run without an action store reads.</summary>
    public static ActionRepositories FolderOnly(string? directory) =>
        new(directory is { Length: > 0 } ? new ActionCache(directory) : null, null);

    public ActionCache? Folder { get; } = folder;

    public ActionStore? Store { get; } = store;

    /// <summary>Where the store fetches from, as users see it; null without a store.</summary>
    public string? Host => Store?.Host.ToString();

    /// <summary>The repository the reference names, at its ref, looked up (and fetched when needed) once per run.</summary>
    public Task<RepositoryLookup> GetAsync(ActionReference reference, CancellationToken cancellationToken)
    {
        // GitHub's owner and repository names ignore case; refs do not.
        var key = $"{reference.Owner.ToLowerInvariant()}/{reference.Repository.ToLowerInvariant()}@{reference.Ref}";
        var lookup = _lookups.GetOrAdd(key, _ => new Lazy<Task<RepositoryLookup>>(() => LookUpAsync(reference)));

        // The lookup itself is not tied to one caller's cancellation, since other jobs may wait for it too.
        return lookup.Value.WaitAsync(cancellationToken);
    }

    private async Task<RepositoryLookup> LookUpAsync(ActionReference reference)
    {
        if (Folder is not null && Directory.Exists(Folder.RepositoryFolder(reference)))
        {
            return RepositoryLookup.Found(new RepositoryCopy(Folder.RepositoryFolder(reference), null, RepositoryOrigin.ActionFolder, []));
        }

        if (Store is null)
        {
            var problem = Folder is null
                ? $"is not here: there is no action cache to read {reference.RepositoryName} at {reference.Ref} from and no actions host to fetch it from; put the repository's files in DIR/{reference.Owner}/{reference.Repository}/{reference.Ref} and pass --action-cache DIR (or set {ActionCache.EnvironmentVariable})"
                : $"is not in the action cache: put the files of {reference.RepositoryName} at {reference.Ref} in {Folder.RepositoryFolder(reference)} (for example a checkout of {reference.RepositoryName} at {reference.Ref})";
            return new RepositoryLookup(null, problem, CannotRunHere: true);
        }

        try
        {
            var fetched = await Store.GetAsync(new RepositoryRef(reference.Owner, reference.Repository, reference.Ref), CancellationToken.None).ConfigureAwait(false);
            return RepositoryLookup.Found(new RepositoryCopy(fetched.Folder, fetched.Commit, fetched.Downloaded ? RepositoryOrigin.Downloaded : RepositoryOrigin.Cache, fetched.Notes));
        }
        catch (ActionFetchException ex)
        {
            var advice = ex.Failure == ActionFetchFailure.AuthenticationFailed
                ? $"; a token for private action repositories is read from the secret or environment variable {TokenVariable}"
                : "";
            var mistake = ex.Failure is ActionFetchFailure.RefNotFound or ActionFetchFailure.RepositoryNotFound or ActionFetchFailure.InvalidReference;
            var notInFolder = Folder is null ? "" : $"is not in the action cache folder ({Folder.RepositoryFolder(reference)}) and ";
            return new RepositoryLookup(null, $"{notInFolder}cannot be fetched: {Reason(ex)}{advice}", CannotRunHere: !mistake, ex.Failure);
        }
    }

    /// <summary>The store's message, without its own "'owner/repo@ref' cannot be fetched: " where it starts so, since the caller says that.</summary>
    private static string Reason(ActionFetchException ex)
    {
        const string Prefix = " cannot be fetched: ";
        var at = ex.Message.IndexOf(Prefix, StringComparison.Ordinal);
        return ex.Message.StartsWith('\'') && at > 0 ? ex.Message[(at + Prefix.Length)..] : ex.Message;
    }
}
