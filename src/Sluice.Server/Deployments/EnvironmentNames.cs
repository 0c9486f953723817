namespace Sluice.Server.Deployments;

/// <summary>What an environment may be called: 1 to 255 printable characters, no slash or control character, as GitHub takes them.</summary>
public static class EnvironmentNames
{
    public const int MaxLength = 255;

    public static string? Problem(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > MaxLength || name.Any(c => char.IsControl(c) || c is '/' or '\\') || name.Trim() != name
            ? $"an environment's name is 1 to {MaxLength} characters, without slashes, control characters or spaces at either end"
            : null;
}
