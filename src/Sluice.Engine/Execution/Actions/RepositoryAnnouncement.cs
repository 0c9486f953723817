namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// The log lines that say which copy of another repository a job uses, worded as GitHub's runner words its "Set up
/// job" lines: <c>Download action repository 'owner/repo@ref' (SHA:commit)</c> for a download, and in the same shape
/// for a copy from the cache or from the hand-filled action folder; then the store's notes (a ref answered from the
/// cache because the host could not be reached, say).
/// </summary>
public static class RepositoryAnnouncement
{
    /// <summary>What a repository is called in these lines: <c>owner/repo@ref</c>, per repository as GitHub downloads them.</summary>
    public static string Key(ActionReference reference) => $"{reference.RepositoryName}@{reference.Ref}";

    public static IEnumerable<string> Lines(ActionReference reference, RepositoryCopy copy, string what = "action repository")
    {
        yield return copy.Origin switch
        {
            RepositoryOrigin.Downloaded => $"Download {what} '{Key(reference)}' (SHA:{copy.Commit})",
            RepositoryOrigin.Cache => $"Use {what} '{Key(reference)}' (SHA:{copy.Commit}) from the action cache",
            _ => $"Use {what} '{Key(reference)}' from the action folder {copy.Folder} (--action-cache; its commit is not known)",
        };

        foreach (var note in copy.Notes)
        {
            yield return $"'{Key(reference)}': {note}";
        }
    }
}
