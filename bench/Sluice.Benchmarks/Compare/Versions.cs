using System.Reflection;

namespace Sluice.Benchmarks.Compare;

internal static class Versions
{
    public static string Runtime => $".NET {Environment.Version}";

    /// <summary>The informational version of the assembly holding <typeparamref name="T"/>, without the source-link hash.</summary>
    public static string Of<T>()
    {
        var version = typeof(T).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
