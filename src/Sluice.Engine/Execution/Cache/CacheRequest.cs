using Sluice.Engine.Execution.Artifacts;

namespace Sluice.Engine.Execution.Cache;

/// <summary>The inputs the cache actions share, checked as GitHub checks them.</summary>
internal sealed record CacheRequest(string Key, IReadOnlyList<string> RestoreKeys, string PathInput, string Version, bool LookupOnly, bool FailOnCacheMiss)
{
    private const int MaxKeyLength = 512;

    /// <summary>The request, or the message the step fails with.</summary>
    public static (CacheRequest? Request, string? Error) From(BuiltinActionContext context)
    {
        var key = context.Input("key").Trim();
        var pathInput = context.Input("path");
        var pathLines = pathInput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (key.Length == 0)
        {
            return (null, "Input required and not supplied: key");
        }

        if (pathLines.Count == 0)
        {
            return (null, "Input required and not supplied: path");
        }

        var restoreKeys = context.Input("restore-keys").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        foreach (var candidate in restoreKeys.Prepend(key))
        {
            if (candidate.Length > MaxKeyLength)
            {
                return (null, $"Key Validation Error: {candidate} cannot be larger than {MaxKeyLength} characters.");
            }

            if (candidate.Contains(','))
            {
                return (null, $"Key Validation Error: {candidate} cannot contain commas.");
            }
        }

        return (new CacheRequest(
            key,
            restoreKeys,
            pathInput,
            CacheStore.VersionOf(pathLines),
            ActionVersion.IsTrue(context.Input("lookup-only", "false")),
            ActionVersion.IsTrue(context.Input("fail-on-cache-miss", "false"))), null);
    }
}
