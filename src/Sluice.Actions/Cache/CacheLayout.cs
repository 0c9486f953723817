namespace Sluice.Actions.Cache;

/// <summary>
/// Where things are in the cache folder:
/// <list type="bullet">
/// <item><c>owner/repo/COMMIT/</c> and its companions (see <see cref="CacheEntry"/>);</item>
/// <item><c>.refs/HOST/owner/repo/REF</c>: the commit a tag or branch last resolved to on that host, and when;</item>
/// <item><c>.eviction.lock</c>: held by the one process evicting at a time;</item>
/// <item><c>.home/</c>: the empty home folder git runs with, so no user configuration reaches it.</item>
/// </list>
/// Owners never start with '.', so the store's own folders cannot meet a repository's.
/// </summary>
internal sealed class CacheLayout
{
    public CacheLayout(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Home => Path.Combine(Root, ".home");

    public string EvictionLock => Path.Combine(Root, ".eviction.lock");

    public string RefsFolder(string hostKey, string owner, string repository) => Path.Combine(Root, ".refs", hostKey, owner, repository);

    public CacheEntry Entry(string owner, string repository, string commit) =>
        new(owner, repository, commit, Path.Combine(Root, owner, repository, commit));

    /// <summary>Every complete entry: <c>owner/repo/COMMIT</c> folders.</summary>
    public IEnumerable<CacheEntry> Entries()
    {
        foreach (var owner in SubFolders(Root).Where(name => !name.StartsWith('.')))
        {
            foreach (var repository in SubFolders(Path.Combine(Root, owner)))
            {
                foreach (var commit in SubFolders(Path.Combine(Root, owner, repository)).Where(ReferenceRules.IsCommit))
                {
                    yield return Entry(owner, repository, commit);
                }
            }
        }
    }

    /// <summary>Downloads or evictions a crashed process left behind: <c>owner/repo/COMMIT.partial</c> folders.</summary>
    public IEnumerable<CacheEntry> Leftovers()
    {
        const string suffix = ".partial";
        foreach (var owner in SubFolders(Root).Where(name => !name.StartsWith('.')))
        {
            foreach (var repository in SubFolders(Path.Combine(Root, owner)))
            {
                foreach (var name in SubFolders(Path.Combine(Root, owner, repository)))
                {
                    if (name.EndsWith(suffix, StringComparison.Ordinal) && ReferenceRules.IsCommit(name[..^suffix.Length]))
                    {
                        yield return Entry(owner, repository, name[..^suffix.Length]);
                    }
                }
            }
        }
    }

    private static IEnumerable<string> SubFolders(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).EnumerateDirectories()
                .Where(d => !d.Attributes.HasFlag(FileAttributes.ReparsePoint))
                .Select(d => d.Name)
                .ToList();
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
