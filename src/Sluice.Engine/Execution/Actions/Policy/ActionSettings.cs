namespace Sluice.Engine.Execution.Actions.Policy;

/// <summary>
/// What a run does with actions of other repositories: which built-in stand-ins give way to the real action
/// (<c>real-actions</c>, for users who depend on a version's own behaviour), and the <see cref="ActionPolicy"/>. Read
/// from the repository's <c>.sluice/actions.yml</c> and the command line (<see cref="ActionSettingsReader"/>); the
/// server will keep the same settings per organisation and repository.
/// </summary>
public sealed class ActionSettings(IReadOnlyList<PolicyRule> realActions, ActionPolicy policy)
{
    public static ActionSettings Default { get; } = new([], ActionPolicy.None);

    /// <summary>Actions to run themselves although Sluice has a built-in one (<c>actions/checkout</c>, <c>actions/setup-*</c>).</summary>
    public IReadOnlyList<PolicyRule> RealActions { get; } = realActions;

    public ActionPolicy Policy { get; } = policy;

    /// <summary>The built-in action that runs for <paramref name="uses"/>, or null when there is none or the real one was asked for.</summary>
    public IBuiltinAction? Builtin(string uses)
    {
        if (BuiltinActions.Find(uses) is not { } builtin)
        {
            return null;
        }

        return RealActions.Count > 0 && ActionReference.Parse(uses, out _) is { Source: ActionSource.Repository } reference && RealActions.Any(r => r.Pattern.Matches(reference))
            ? null
            : builtin;
    }
}
