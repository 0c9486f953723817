namespace Sluice.Engine.Execution.Containers;

/// <summary>
/// The folders of this machine mounted into a job container, and where they appear there: the executor prepares
/// steps with its own paths (workspace, temp, file-command files, scripts), and a container step sees them mapped.
/// </summary>
internal sealed class PathMap
{
    private readonly List<(string Host, string Container)> _mounts = [];
    private readonly HashSet<string> _readOnly = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Host, string Container)> Mounts => _mounts;

    /// <summary>The mounts as Docker binds (<c>host:container</c>, with <c>:ro</c> for read-only ones).</summary>
    public IEnumerable<string> Binds => _mounts.Select(m => _readOnly.Contains(m.Container) ? $"{m.Host}:{m.Container}:ro" : $"{m.Host}:{m.Container}");

    public void Add(string hostFolder, string containerFolder, bool readOnly = false)
    {
        _mounts.Add((Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostFolder)), containerFolder.TrimEnd('/')));
        if (readOnly)
        {
            _readOnly.Add(containerFolder.TrimEnd('/'));
        }
    }

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
