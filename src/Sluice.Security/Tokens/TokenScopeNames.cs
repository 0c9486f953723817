using System.Diagnostics.CodeAnalysis;

namespace Sluice.Security.Tokens;

/// <summary>
/// The names of the scopes as users type them (<c>sluice token create --scope read|trigger|admin|agent</c>) and as
/// storage and the API write them; stable, unlike the enum's numbers.
/// </summary>
public static class TokenScopeNames
{
    public static string Name(TokenScope scope) => scope switch
    {
        TokenScope.Read => "read",
        TokenScope.Trigger => "trigger",
        TokenScope.Admin => "admin",
        TokenScope.Agent => "agent",
        TokenScope.AgentCredential => "agent-credential",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a token scope."),
    };

    /// <summary>Reads a scope's name, ignoring case.</summary>
    public static bool TryParse(string? name, out TokenScope scope)
    {
        foreach (var candidate in Enum.GetValues<TokenScope>())
        {
            if (string.Equals(name?.Trim(), Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                scope = candidate;
                return true;
            }
        }

        scope = default;
        return false;
    }

    /// <summary>
    /// Reads the scope of a token a user asks to create: an agent credential is only ever issued by the server to an
    /// agent that registered, so its name is refused here.
    /// </summary>
    public static bool TryParseCreatable(string? name, out TokenScope scope, [NotNullWhen(false)] out string? problem)
    {
        if (TryParse(name, out scope) && scope != TokenScope.AgentCredential)
        {
            problem = null;
            return true;
        }

        problem = $"'{name}' is not a token scope: use read, trigger, admin or agent (a one-time registration token for 'sluice agent --token').";
        return false;
    }
}
