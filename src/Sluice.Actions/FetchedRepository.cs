namespace Sluice.Actions;

/// <summary>
/// A repository's files at one commit, in the cache. The folder stays in place (it is not evicted) until the
/// <see cref="ActionStore"/> that returned it is disposed or its process ends.
/// </summary>
/// <param name="Requested">What was asked for.</param>
/// <param name="Commit">The commit the ref resolved to (lowercase, 40 hex digits).</param>
/// <param name="Folder">The absolute path of the folder holding the repository's files at <paramref name="Commit"/>.</param>
/// <param name="Downloaded">True when the files were downloaded for this request (or for one it waited for in this process); false when they were in the cache.</param>
/// <param name="Notes">What a log should say besides the commit: a ref answered from the cache because the host could not be reached, links removed because they pointed outside the repository.</param>
public sealed record FetchedRepository(RepositoryRef Requested, string Commit, string Folder, bool Downloaded, IReadOnlyList<string> Notes);
