namespace Sluice.Engine.Execution.Actions.Policy;

/// <summary>An entry of the allow or deny list and where it was set (<c>.sluice/actions.yml:4</c>, <c>--deny-action</c>).</summary>
public sealed record PolicyRule(ActionPattern Pattern, string Source)
{
    public override string ToString() => $"'{Pattern.Text}' ({Source})";
}

/// <summary>
/// Which actions and reusable workflows of other repositories may run, as a GitHub organisation's "Allow specified
/// actions and reusable workflows" sets it: with an allow list, only what matches one of its entries; never what
/// matches an entry of the deny list (checked last, so it wins); and, when pinning is required, only references pinned
/// to a full-length commit SHA. Local actions (<c>./path</c>) and container images (<c>docker://</c>) are not covered,
/// as on GitHub. The policy applies to what a workflow names, built in or not, so a workflow GitHub would refuse is
/// refused here too.
/// </summary>
public sealed class ActionPolicy
{
    private const int RulesShown = 10;

    public static ActionPolicy None { get; } = new([], [], null);

    /// <param name="shaPinningSource">Where pinning was required; null when it is not.</param>
    public ActionPolicy(IReadOnlyList<PolicyRule> allow, IReadOnlyList<PolicyRule> deny, string? shaPinningSource)
    {
        Allow = allow;
        Deny = deny;
        ShaPinningSource = shaPinningSource;
    }

    public IReadOnlyList<PolicyRule> Allow { get; }

    public IReadOnlyList<PolicyRule> Deny { get; }

    public string? ShaPinningSource { get; }

    public bool RequiresShaPinning => ShaPinningSource is not null;

    public bool IsEmpty => Allow.Count == 0 && Deny.Count == 0 && !RequiresShaPinning;

    /// <summary>Why the reference may not run, naming the rule that matched; null when it may.</summary>
    public string? Refusal(ActionReference reference)
    {
        if (reference.Source != ActionSource.Repository)
        {
            return null;
        }

        var what = $"'{reference.Uses}' is not allowed by the action policy";
        if (Deny.FirstOrDefault(rule => rule.Pattern.Matches(reference)) is { } denied)
        {
            return $"{what}: it matches the deny rule {denied}";
        }

        if (Allow.Count > 0 && !Allow.Any(rule => rule.Pattern.Matches(reference)))
        {
            var shown = string.Join(", ", Allow.Take(RulesShown));
            var more = Allow.Count > RulesShown ? $" and {Allow.Count - RulesShown} more" : "";
            return $"{what}: it matches none of the allow rules {shown}{more}";
        }

        if (RequiresShaPinning && !IsFullCommitSha(reference.Ref))
        {
            return $"{what}: all actions must be pinned to a full-length commit SHA ({ShaPinningSource}), and '{reference.Ref}' is not one; write {reference.Uses[..reference.Uses.LastIndexOf('@')]}@<the 40-character commit>";
        }

        return null;
    }

    /// <summary>A full-length commit id: 40 hexadecimal digits (SHA-1), or 64 for repositories that use SHA-256.</summary>
    public static bool IsFullCommitSha(string gitRef) =>
        gitRef.Length is 40 or 64 && gitRef.All(char.IsAsciiHexDigit);
}
