namespace Sluice.Protocol;

/// <summary>
/// The addresses of one Sluice installation (replicas on one database, or one server under several names), as given to
/// <c>--server URL1,URL2</c> or SLUICE_SERVER: absolute http or https URLs, in the order they are tried.
/// </summary>
public sealed class ServerUrls
{
    private ServerUrls(IReadOnlyList<Uri> all) => All = all;

    /// <summary>Each address with a trailing slash, so that relative API paths resolve below it.</summary>
    public IReadOnlyList<Uri> All { get; }

    /// <summary>Reads a comma-separated list; throws <see cref="ServerUrlsException"/> naming the entry to fix.</summary>
    public static ServerUrls Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = text.Split(',');
        if (entries.All(e => e.Trim().Length == 0))
        {
            throw new ServerUrlsException("no server URL was given (http://HOST:PORT, several separated by commas)");
        }

        var all = new List<Uri>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i].Trim();
            var where = entries.Length == 1 ? $"'{entry}'" : $"server URL {i + 1} of {entries.Length} ('{entry}')";
            if (entry.Length == 0)
            {
                throw new ServerUrlsException($"server URL {i + 1} of {entries.Length} in '{text}' is empty: separate the URLs with single commas");
            }

            // "localhost:8990" parses as a URL of scheme "localhost": only a scheme written with "://" is one the user meant.
            var parsed = Uri.TryCreate(entry.TrimEnd('/') + "/", UriKind.Absolute, out var uri);
            if (parsed && uri!.Scheme is not ("http" or "https") && entry.Contains("://", StringComparison.Ordinal))
            {
                throw new ServerUrlsException($"{where} uses '{uri.Scheme}:', not http: or https:");
            }

            if (!parsed || uri!.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                throw new ServerUrlsException($"{where} is not a server URL: write it as http://HOST:PORT or https://HOST:PORT");
            }

            if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ServerUrlsException($"{where} has a query, a fragment or a user name: give only the scheme, host, port and path (the token goes in --token)");
            }

            if (all.FirstOrDefault(u => Same(u, uri)) is { } same)
            {
                throw new ServerUrlsException($"{where} is given twice (as {same.ToString().TrimEnd('/')} before): list each server once");
            }

            all.Add(uri);
        }

        return new ServerUrls(all);
    }

    /// <summary>True when the two lists share an address: the same installation, reached through some of the same names.</summary>
    public bool Overlaps(ServerUrls other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return All.Any(mine => other.All.Any(theirs => Same(mine, theirs)));
    }

    /// <summary>Each address with <paramref name="path"/> below it, as a list of the same form (for a job's history URL).</summary>
    public string Below(string path) => string.Join(',', All.Select(u => new Uri(u, path).ToString()));

    // Uri writes the scheme and host in lower case and drops a default port, so equal addresses have equal text.
    private static bool Same(Uri a, Uri b) => string.Equals(a.AbsoluteUri, b.AbsoluteUri, StringComparison.Ordinal);

    /// <summary>The list as it can be parsed again: the URLs without their trailing slash, separated by commas.</summary>
    public override string ToString() => string.Join(',', All.Select(u => u.ToString().TrimEnd('/')));
}

/// <summary>A server URL list that cannot be used, with what to fix.</summary>
public sealed class ServerUrlsException(string message) : Exception(message);
