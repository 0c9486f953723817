namespace Sluice.Engine.Execution.Containers;

/// <summary>
/// The folders of this machine mounted into a job container, and where they appear there: the executor prepares
/// steps with its own paths (workspace, temp, file-command files, scripts), and a container step sees them mapped.
/// </summary>
internal sealed class PathMap
{
    private readonly List<(string Host, string Container)> _mounts = [];

    public IReadOnlyList<(string Host, string Container)> Mounts => _mounts;

    public void Add(string hostFolder, string containerFolder) =>
        _mounts.Add((Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostFolder)), containerFolder.TrimEnd('/')));

    /// <summary>The path as the container sees it, or the value unchanged when it is not under a mounted folder.</summary>
    public string Map(string value)
    {
        // The longest mounted prefix wins, so a folder mounted inside another maps to its own place.
        string? best = null;
        var bestLength = -1;
        foreach (var (host, container) in _mounts)
        {
            if (host.Length > bestLength && (value == host || (value.StartsWith(host, StringComparison.Ordinal) && value[host.Length] == '/')))
            {
                best = container + value[host.Length..];
                bestLength = host.Length;
            }
        }

        return best ?? value;
    }
}
