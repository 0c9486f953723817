using Sluice.Expressions;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Caches;

/// <summary>
/// Which saved caches a run may restore, as on GitHub: those saved on its own ref, then, for a pull request, on the
/// branch it merges into, then on the repository's default branch; never another branch's. A run saves into its own ref.
/// </summary>
public static class CacheScopes
{
    public static IReadOnlyList<string> Of(RunRecord run, string? defaultBranch)
    {
        var scopes = new List<string> { run.Ref };
        var (github, _, _) = RunContextJson.Read(run.ContextJson);
        if (run.Event is "pull_request" or "pull_request_target" && github.TryGetValue("base_ref", out var baseRef) && baseRef.ToDisplayString() is { Length: > 0 } branch)
        {
            scopes.Add(BranchRef(branch));
        }

        if (defaultBranch is { Length: > 0 })
        {
            scopes.Add(BranchRef(defaultBranch));
        }

        return scopes.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string BranchRef(string branch) => branch.StartsWith("refs/", StringComparison.Ordinal) ? branch : "refs/heads/" + branch;
}
