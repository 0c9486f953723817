namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// A folder of other repositories' files, which a local run reads instead of downloading them. The layout is
/// <c>DIR/owner/repo/ref/</c> holding the repository's files at that ref (a checkout or a copy), so
/// <c>acme/greet@v1</c> is <c>DIR/acme/greet/v1/action.yml</c>, <c>acme/tools/lint@v2</c> is
/// <c>DIR/acme/tools/v2/lint/action.yml</c>, and the reusable workflow
/// <c>acme/shared/.github/workflows/deploy.yml@main</c> is <c>DIR/acme/shared/main/.github/workflows/deploy.yml</c>.
/// A ref with slashes (<c>releases/v1</c>) is nested folders.
/// </summary>
public sealed class ActionCache
{
    /// <summary>The environment variable that names the cache when <c>--action-cache</c> is not given.</summary>
    public const string EnvironmentVariable = "SLUICE_ACTION_CACHE";

    public ActionCache(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = System.IO.Path.GetFullPath(root);
    }

    /// <summary>The cache folder, absolute.</summary>
    public string Root { get; }

    /// <summary>The folder of the repository at the reference's ref: <c>DIR/owner/repo/ref</c>.</summary>
    public string RepositoryFolder(ActionReference reference) =>
        Inside(System.IO.Path.Combine([Root, reference.Owner, reference.Repository, .. reference.Ref.Split('/')]));

    /// <summary>
    /// The parts of a reference are checked when it is read; this is the second lock: whatever the parts, the
    /// result must be below the cache folder.
    /// </summary>
    private string Inside(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!full.StartsWith(Root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is outside the action cache {Root}");
        }

        return full;
    }
}
