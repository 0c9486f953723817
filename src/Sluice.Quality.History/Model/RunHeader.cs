namespace Sluice.Quality.History;

/// <summary>
/// What identifies a gate run: the commit, its tree (two commits with one tree ran the same code), the branch and
/// the branch it started from, if any.
/// </summary>
public sealed record RunHeader(string CommitSha, string TreeHash, string Branch, string? BaseBranch)
{
    /// <summary>Throws for a header no provider should store: a blank commit, tree or branch.</summary>
    public void Validate()
    {
        Require(CommitSha, nameof(CommitSha));
        Require(TreeHash, nameof(TreeHash));
        Require(Branch, nameof(Branch));
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A gate run needs a {name}.", name);
        }
    }
}
