namespace Sluice.Actions;

/// <summary>
/// A repository of the actions host at a ref: a tag, a branch (by name, or in full as <c>refs/tags/x</c> or
/// <c>refs/heads/x</c>), or a full 40-digit commit SHA.
/// </summary>
public sealed record RepositoryRef(string Owner, string Repository, string Ref)
{
    /// <summary>True when <see cref="Ref"/> is a full commit SHA, which is taken as it is and never asked of the host.</summary>
    public bool IsCommit => ReferenceRules.IsCommit(Ref);

    /// <summary>
    /// What is wrong with this reference, or null when it is safe to give to git: owners and repositories are letters,
    /// digits, '-', '_' and '.'; a ref follows git's rules for ref names and cannot be read as an option.
    /// </summary>
    public string? Problem() => ReferenceRules.Problem(this);

    public override string ToString() => $"{Owner}/{Repository}@{Ref}";
}
