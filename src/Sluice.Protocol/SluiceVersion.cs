using System.Reflection;

namespace Sluice.Protocol;

/// <summary>The version of this sluice (<c>1.0.0+COMMIT</c>, the commit cut to 12 characters), as agents tell their server.</summary>
public static class SluiceVersion
{
    public static string Current { get; } = Of(typeof(SluiceVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    /// <summary>An informational version with its commit shortened: "1.0.0+d1fbaa30cd6b5c7a..." -> "1.0.0+d1fbaa30cd6b".</summary>
    public static string Of(string? informational)
    {
        if (informational is not { Length: > 0 })
        {
            return "unknown";
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && informational.Length > plus + 13 ? informational[..(plus + 13)] : informational;
    }
}
