namespace Sluice.Server.Access;

/// <summary>
/// Who holds a token: a person (<c>user:NAME</c>) or a machine or service (<c>automation:NAME</c>). Shown in token
/// lists and, with the display id, as the actor of the audit log.
/// </summary>
public static class TokenOwners
{
    public const string FirstAdmin = "user:admin";

    public const string SluiceUp = "automation:sluice-up";

    /// <summary>Why <paramref name="owner"/> is not an owner, or null when it is one.</summary>
    public static string? Problem(string owner)
    {
        var colon = owner.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? owner : owner[..colon];
        if (colon < 0 || kind is not ("user" or "automation"))
        {
            return $"'{Sluice.Security.Printable.Of(owner)}' is not a token owner: give user:NAME for a person or automation:NAME for a machine or service";
        }

        var name = owner[(colon + 1)..];
        if (name.Length is 0 or > 100 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF'))
        {
            return $"the owner's name '{Sluice.Security.Printable.Of(name)}' must be 1 to 100 characters without spaces or control characters";
        }

        return null;
    }
}
