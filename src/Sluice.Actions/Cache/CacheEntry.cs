namespace Sluice.Actions.Cache;

/// <summary>
/// One repository at one commit in the cache, and the files that go with it: <c>owner/repo/COMMIT/</c> holds the
/// repository's files (present only when complete); beside it <c>COMMIT.lock</c> is held shared by every process
/// using the entry and exclusively while it is downloaded or evicted; <c>COMMIT.size</c> records its size;
/// <c>COMMIT.partial/</c> is a download in progress (or what a crash left, removed by the next one to take the lock).
/// </summary>
internal sealed record CacheEntry(string Owner, string Repository, string Commit, string Folder)
{
    public string LockFile => Folder + ".lock";

    public string SizeFile => Folder + ".size";

    public string PartialFolder => Folder + ".partial";

    public string Key => $"{Owner}/{Repository}/{Commit}";
}
