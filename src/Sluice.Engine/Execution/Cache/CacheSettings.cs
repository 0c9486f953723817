using System.Globalization;

namespace Sluice.Engine.Execution.Cache;

/// <summary>
/// Where the local cache lives and how big it may grow. The properties win over the environment variables
/// <c>SLUICE_CACHE_DIR</c> and <c>SLUICE_CACHE_MAX_BYTES</c>; the default folder is
/// <c>$XDG_CACHE_HOME/sluice/cache</c> (or <c>~/.cache/sluice/cache</c>) and the default limit 5 GiB.
/// </summary>
/// <remarks>
/// The properties hold per async flow (set before a run starts, they reach every job of it), so parallel tests can
/// each use their own folder.
/// </remarks>
public static class CacheSettings
{
    public const string DirectoryVariable = "SLUICE_CACHE_DIR";

    public const string MaxBytesVariable = "SLUICE_CACHE_MAX_BYTES";

    public const long DefaultMaxBytes = 5L * 1024 * 1024 * 1024;

    private static readonly AsyncLocal<string?> DirectoryOverride = new();

    private static readonly AsyncLocal<long?> MaxBytesOverride = new();

    /// <summary>The cache folder; null falls back to <c>SLUICE_CACHE_DIR</c>, then the default.</summary>
    public static string? Directory
    {
        get => DirectoryOverride.Value;
        set => DirectoryOverride.Value = value;
    }

    /// <summary>The total size entries may take before the least recently used are evicted; null falls back to <c>SLUICE_CACHE_MAX_BYTES</c>, then 5 GiB.</summary>
    public static long? MaxBytes
    {
        get => MaxBytesOverride.Value;
        set => MaxBytesOverride.Value = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The cache size limit must be positive.");
    }

    public static string ResolveDirectory()
    {
        if (Directory is { Length: > 0 } set)
        {
            return set;
        }

        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cacheHome = xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "sluice", "cache");
    }

    /// <summary>The size limit, or an error message naming the variable to fix.</summary>
    public static (long Bytes, string? Error) ResolveMaxBytes()
    {
        if (MaxBytes is { } set)
        {
            return (set, null);
        }

        var text = Environment.GetEnvironmentVariable(MaxBytesVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (DefaultMaxBytes, null);
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? (bytes, null)
            : (0, $"{MaxBytesVariable} must be a positive whole number of bytes, not '{text}'.");
    }
}
