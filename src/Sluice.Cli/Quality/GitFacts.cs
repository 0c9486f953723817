using Sluice.Quality.Patch;

namespace Sluice.Cli.Quality;

/// <summary>What the gate needs to know about the repository; null fields when there is no git repository.</summary>
internal sealed record GitFacts(string? Root, string? Commit, string? Tree, string? Branch, string? BaseBranch, string? BaseRef, string? Problem)
{
    /// <param name="baseRef">The <c>--base</c> given; by default the merge-base with the default branch.</param>
    /// <param name="branch">The <c>--branch</c> given; by default the current branch (or CI's variables on a detached HEAD).</param>
    public static async Task<GitFacts> ReadAsync(string workingDirectory, string? baseRef, string? branch, CancellationToken cancellationToken)
    {
        var git = new GitRepository(workingDirectory);
        try
        {
            var root = await git.TopLevelAsync(cancellationToken);
            var commit = await git.HeadAsync(cancellationToken);
            var tree = await git.TreeAsync(cancellationToken);
            branch ??= await git.BranchAsync(cancellationToken) ?? FromCi();
            var defaultBranch = await git.DefaultBranchAsync(cancellationToken);
            string? resolvedBase = baseRef;
            string? problem = null;
            if (resolvedBase is null && defaultBranch is not null)
            {
                resolvedBase = await git.MergeBaseAsync(defaultBranch, cancellationToken);
            }
            else if (resolvedBase is null)
            {
                problem = "no default branch (origin/HEAD, main or master) to compare with; pass --base REF";
            }

            return new GitFacts(root, commit, tree, branch ?? "HEAD", ShortBranch(defaultBranch), resolvedBase, problem);
        }
        catch (GitException ex)
        {
            return new GitFacts(null, null, null, branch, null, baseRef, $"not a git repository, or git failed: {ex.Message}");
        }
    }

    /// <summary>On a detached HEAD, CI names the branch: GitHub Actions, GitLab.</summary>
    private static string? FromCi() =>
        Environment.GetEnvironmentVariable("GITHUB_HEAD_REF") is { Length: > 0 } head ? head
        : Environment.GetEnvironmentVariable("GITHUB_REF_NAME") is { Length: > 0 } name ? name
        : Environment.GetEnvironmentVariable("CI_COMMIT_REF_NAME") is { Length: > 0 } gitlab ? gitlab
        : null;

    private static string? ShortBranch(string? branch) =>
        branch is not null && branch.StartsWith("origin/", StringComparison.Ordinal) ? branch["origin/".Length..] : branch;
}
