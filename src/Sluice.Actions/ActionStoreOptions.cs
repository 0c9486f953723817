namespace Sluice.Actions;

/// <summary>How an <see cref="ActionStore"/> fetches and keeps repositories.</summary>
public sealed class ActionStoreOptions
{
    /// <summary>The cache folder, shared by every run and process on the machine (e.g. ~/.cache/sluice/actions).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Where repositories are fetched from.</summary>
    public ActionsHost Host { get; init; } = ActionsHost.GitHub;

    /// <summary>A token for private repositories, sent as HTTP Basic auth; never printed, never on a command line.</summary>
    public string? Token { get; init; }

    /// <summary>The cache's size bound; after a download the least recently used repositories not in use are removed until it holds.</summary>
    public long MaxCacheBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long git may go without a sign of life from the host before it is stopped and the host counts as unreachable.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a tag or branch, once resolved, is taken from the cache without asking the host again. Zero (the
    /// default) asks the host once per store, so a moved tag or a new commit on a branch is seen by the next run.
    /// </summary>
    public TimeSpan RefLifetime { get; init; } = TimeSpan.Zero;

    /// <summary>Never contact the host: refs resolve from the cache and only cached commits are returned.</summary>
    public bool Offline { get; init; }

    /// <summary>The git program: a name looked up on PATH, or a full path.</summary>
    public string GitPath { get; init; } = "git";

    /// <summary>
    /// The cache folder a machine uses unless told otherwise: <c>$XDG_CACHE_HOME/sluice/actions</c>, else
    /// <c>~/.cache/sluice/actions</c> (on Windows, <c>%LOCALAPPDATA%\sluice\actions</c>).
    /// </summary>
    /// <param name="environment">Reads an environment variable; the process's own by default.</param>
    public static string DefaultCacheDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "sluice", "actions");
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "sluice", "actions");
        }

        var home = environment("HOME") is { Length: > 0 } set ? set : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "sluice", "actions");
    }

    /// <summary>Throws, naming the option to fix, when an option cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CacheDirectory))
        {
            throw new ArgumentException($"{nameof(CacheDirectory)} is empty; give the folder of the action cache", nameof(CacheDirectory));
        }

        ArgumentNullException.ThrowIfNull(Host, nameof(Host));
        if (MaxCacheBytes <= 0)
        {
            throw new ArgumentException($"{nameof(MaxCacheBytes)} is {MaxCacheBytes}; give a positive number of bytes", nameof(MaxCacheBytes));
        }

        if (NetworkTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(NetworkTimeout)} is {NetworkTimeout}; give a positive time", nameof(NetworkTimeout));
        }

        if (RefLifetime < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(RefLifetime)} is {RefLifetime}; give zero or a positive time", nameof(RefLifetime));
        }

        if (string.IsNullOrWhiteSpace(GitPath))
        {
            throw new ArgumentException($"{nameof(GitPath)} is empty; give 'git' or the full path of git", nameof(GitPath));
        }
    }
}
