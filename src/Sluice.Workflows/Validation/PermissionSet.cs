using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>The GITHUB_TOKEN permissions of a job: a level (none, read, write) per scope.</summary>
internal sealed class PermissionSet
{
    /// <summary>The scopes <c>read-all</c> and <c>write-all</c> expand to, in the order GitHub lists them.</summary>
    public static readonly string[] Scopes =
    [
        "actions", "checks", "contents", "deployments", "discussions", "issues", "packages", "pages",
        "pull-requests", "repository-projects", "statuses", "security-events", "id-token",
    ];

    private static readonly string[] Levels = ["none", "read", "write"];

    private readonly Dictionary<string, int> _levels = new(StringComparer.Ordinal);

    private PermissionSet()
    {
    }

    public static PermissionSet All(string level)
    {
        var set = new PermissionSet();
        foreach (var scope in Scopes)
        {
            set._levels[scope] = Array.IndexOf(Levels, level);
        }

        return set;
    }

    public static PermissionSet Default(DefaultPermissionsPolicy policy)
    {
        if (policy == DefaultPermissionsPolicy.Write)
        {
            return All("write");
        }

        var set = All("none");
        set._levels["contents"] = 1;
        set._levels["packages"] = 1;
        return set;
    }

    /// <summary>The permissions a <c>permissions:</c> token grants, or null when it holds an expression or nothing usable.</summary>
    public static PermissionSet? From(TemplateToken? token)
    {
        switch (token)
        {
            case StringToken { Value: "read-all" }:
                return All("read");
            case StringToken { Value: "write-all" }:
                return All("write");
            case MappingToken mapping:
                var set = All("none");
                foreach (var (key, value) in mapping.Pairs)
                {
                    var level = Array.IndexOf(Levels, value.AsString());
                    if (level >= 0)
                    {
                        set._levels[key.Value] = level;
                    }
                }

                return set;
            default:
                return null;
        }
    }

    /// <summary>The scopes this set asks for beyond <paramref name="allowed"/>, as <c>(requested, allowed)</c> text such as <c>"actions: write"</c>.</summary>
    public (string Requested, string Allowed)? Exceeding(PermissionSet allowed)
    {
        var over = _levels.Keys.Where(s => _levels[s] > allowed.Level(s))
            .OrderBy(s => Array.IndexOf(Scopes, s) is var i && i < 0 ? int.MaxValue : i)
            .ToList();
        if (over.Count == 0)
        {
            return null;
        }

        return (string.Join(", ", over.Select(s => $"{s}: {Levels[_levels[s]]}")), string.Join(", ", over.Select(s => $"{s}: {Levels[allowed.Level(s)]}")));
    }

    private int Level(string scope) => _levels.TryGetValue(scope, out var level) ? level : 0;
}
