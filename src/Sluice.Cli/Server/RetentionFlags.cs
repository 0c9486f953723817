using System.CommandLine;
using Sluice.Containers;
using Sluice.Server;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice server --retention-…</c>: how long finished runs' logs and artifacts are kept, how long an unused cache
/// entry is kept, and how much cache a repository may hold (GitHub's figures by default). <c>never</c> keeps forever.
/// </summary>
internal sealed class RetentionFlags
{
    private readonly Option<string> _logs = Age("--retention-logs", "How long a finished run's log lines are kept", "90d");
    private readonly Option<string> _artifacts = Age("--retention-artifacts", "How long a finished run's artifacts are kept", "90d");
    private readonly Option<string> _caches = Age("--retention-caches", "How long a cache entry is kept after it was last saved or restored", "7d");
    private readonly Option<string> _cacheSize = new("--retention-cache-size")
    {
        Description = "The cache size of each repository (also the largest entry taken); past it the least recently used entries are removed.",
        DefaultValueFactory = _ => "10GiB",
        HelpName = "SIZE",
    };

    public IEnumerable<Option> All => [_logs, _artifacts, _caches, _cacheSize];

    public ServerOptions ApplyTo(ServerOptions options, ParseResult parse) => options with
    {
        LogRetention = AgeOf(parse.GetValue(_logs)!, _logs.Name),
        ArtifactRetention = AgeOf(parse.GetValue(_artifacts)!, _artifacts.Name),
        CacheRetention = AgeOf(parse.GetValue(_caches)!, _caches.Name),
        CacheBytesPerRepository = DockerUnits.ParseBytes(parse.GetValue(_cacheSize)!)
            ?? throw new UsageException($"{_cacheSize.Name} '{parse.GetValue(_cacheSize)}': expected a size such as 10GiB, 500MiB or a number of bytes"),
    };

    private static Option<string> Age(string name, string description, string defaultValue) => new(name)
    {
        Description = $"{description} (30m, 12h, 90d), or 'never'.",
        DefaultValueFactory = _ => defaultValue,
        HelpName = "DURATION|never",
    };

    private static TimeSpan? AgeOf(string text, string option) =>
        text.Equals("never", StringComparison.OrdinalIgnoreCase) ? null : TimeSpan.FromSeconds(Durations.Seconds(text, option));
}
