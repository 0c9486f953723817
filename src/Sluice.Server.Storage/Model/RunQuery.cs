namespace Sluice.Server.Storage;

/// <summary>
/// Which runs to list, newest first: each filter that is set narrows the list, and <see cref="BeforeId"/> continues a
/// list where its previous page ended (a keyset cursor, so that a late page costs what the first does).
/// </summary>
/// <param name="Repositories">The repositories the caller may see (a limited token), or null for all.</param>
/// <param name="Branch">A branch name (<c>main</c>, matching the ref <c>refs/heads/main</c>) or a whole ref (<c>refs/tags/v1</c>).</param>
/// <param name="Workflow">The workflow's name, its file (<c>.github/workflows/ci.yml</c>) or its file name (<c>ci.yml</c>).</param>
/// <param name="Status">A run status (<see cref="RunStatuses"/>) or a conclusion of completed runs (<c>success</c>, <c>failure</c>...).</param>
public sealed record RunQuery(
    int Limit,
    string? Repository = null,
    IReadOnlyList<string>? Repositories = null,
    string? Branch = null,
    string? Workflow = null,
    string? Event = null,
    string? Status = null,
    long? BeforeId = null);

/// <summary>The values a repository's runs have, newest first, for the filter menus of a list of runs.</summary>
public sealed record RunFacets(IReadOnlyList<string> Branches, IReadOnlyList<string> Workflows, IReadOnlyList<string> Events);
