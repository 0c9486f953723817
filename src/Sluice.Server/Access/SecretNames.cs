namespace Sluice.Server.Access;

/// <summary>What a repository secret may be called, as on GitHub: workflows read it as <c>secrets.NAME</c>.</summary>
public static class SecretNames
{
    public static string? Problem(string name) =>
        name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]) || name.StartsWith("GITHUB_", StringComparison.OrdinalIgnoreCase)
            ? "a secret name has letters, digits and '_', does not start with a digit or GITHUB_, and has at most 100 characters"
            : null;
}
