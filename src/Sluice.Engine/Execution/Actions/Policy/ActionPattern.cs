namespace Sluice.Engine.Execution.Actions.Policy;

/// <summary>
/// One entry of an allow or deny list, in the syntax of GitHub's "Allow specified actions and reusable workflows":
/// <c>owner/repo@ref</c> with <c>*</c> matching any characters (<c>actions/*</c>, <c>space-org*/*</c>,
/// <c>*/octocat*@*</c>, <c>acme/deploy@v2</c>, <c>acme/shared/.github/workflows/release.yml@main</c>). An entry
/// without <c>@</c> stands for everything under it at any ref: <c>acme</c> is every repository of acme,
/// <c>acme/tools</c> every action and workflow of that repository. Owner, repository and path ignore case, as GitHub's
/// names do; the ref does not.
/// </summary>
public sealed class ActionPattern
{
    private readonly string _name;
    private readonly string? _ref;

    private ActionPattern(string text, string name, string? gitRef)
    {
        Text = text;
        _name = name;
        _ref = gitRef;
    }

    /// <summary>The entry as written.</summary>
    public string Text { get; }

    /// <summary>The entry read, or null with what is wrong in <paramref name="problem"/>.</summary>
    public static ActionPattern? Parse(string text, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problem = $"'{text}' is not an action pattern: write owner, owner/repo or owner/repo[/path]@ref, with * for any characters (such as actions/* or acme/deploy@v2)";
            return null;
        }

        var at = trimmed.LastIndexOf('@');
        var name = at < 0 ? trimmed : trimmed[..at];
        var gitRef = at < 0 ? null : trimmed[(at + 1)..];
        if (name.Length == 0 || name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal) || gitRef is { Length: 0 } || name.Contains('@', StringComparison.Ordinal))
        {
            problem = $"'{text}' is not an action pattern: write owner, owner/repo or owner/repo[/path]@ref, with * for any characters (such as actions/* or acme/deploy@v2)";
            return null;
        }

        return new ActionPattern(trimmed, name, gitRef);
    }

    /// <summary>Whether the reference <c>owner/repo[/path]@ref</c> is one this entry names.</summary>
    public bool Matches(ActionReference reference)
    {
        var name = reference.Path.Length == 0 ? reference.RepositoryName : $"{reference.RepositoryName}/{reference.Path}";
        if (_ref is null)
        {
            // Everything under the name: the name itself, or anything below it.
            return Wildcard.Matches(_name, name, ignoreCase: true) || Wildcard.Matches(_name + "/*", name, ignoreCase: true);
        }

        return Wildcard.Matches(_name, name, ignoreCase: true) && Wildcard.Matches(_ref, reference.Ref, ignoreCase: false);
    }

    public override string ToString() => Text;
}
