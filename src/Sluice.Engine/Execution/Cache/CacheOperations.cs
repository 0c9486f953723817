using Sluice.Engine.Execution.Artifacts;

namespace Sluice.Engine.Execution.Cache;

/// <summary>Restore and save as the three cache actions do them, against the run's cache storage.</summary>
internal static class CacheOperations
{
    /// <summary>The run's storage (the server's, for a job on an agent), or the configured cache folder.</summary>
    public static (ICacheStorage? Store, string? Error) OpenStore(BuiltinActionContext context)
    {
        if (context.Request.Run.Caches is { } given)
        {
            return (given, null);
        }

        var (maxBytes, error) = CacheSettings.ResolveMaxBytes();
        return error is null ? (new CacheStore(CacheSettings.ResolveDirectory(), maxBytes, TimeProvider.System), null) : (null, error);
    }

    /// <summary>
    /// Looks the key up, extracts the match unless <c>lookup-only</c>, and sets the outputs. <c>cache-hit</c> is
    /// <c>true</c> for the exact key, <c>false</c> for a prefix match and left empty on a miss, as documented.
    /// As on GitHub, a cache that cannot be looked up or restored is a warning and a miss, never a failed step.
    /// </summary>
    public static async Task<RestoreOutcome> RestoreAsync(BuiltinActionContext context, ICacheStorage store, CacheRequest request, CancellationToken cancellationToken)
    {
        context.Outputs["cache-primary-key"] = request.Key;
        CacheMatch? entry;
        try
        {
            entry = await store.FindAsync(request.Key, request.RestoreKeys, request.Version, cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            context.Annotate("warning", $"Failed to restore: {ex.Message}");
            entry = null;
        }

        if (entry is null)
        {
            var message = $"Cache not found for input keys: {string.Join(", ", request.RestoreKeys.Prepend(request.Key))}";
            if (request.FailOnCacheMiss)
            {
                context.Annotate("error", $"Failed to restore cache entry. Exiting as fail-on-cache-miss is set. {message}");
                return RestoreOutcome.Failed;
            }

            context.Log(message);
            return RestoreOutcome.Miss;
        }

        var exact = entry.Key == request.Key;
        if (request.LookupOnly)
        {
            context.Log($"Cache found and can be restored from key: {entry.Key}");
        }
        else
        {
            try
            {
                var archive = new CacheArchive(context.Request.Workspace, ActionVersion.Home(context));
                var files = 0;
                await store.ReadAsync(entry, async (stream, ct) => files = await archive.ExtractAsync(stream, ct), cancellationToken);
                context.Log($"Cache restored from key: {entry.Key} ({files} file(s))");
            }
            catch (Exception ex) when (IsStorageFailure(ex))
            {
                context.Annotate("warning", $"Failed to restore: {ex.Message}");
                return RestoreOutcome.Miss;
            }
        }

        context.Outputs["cache-hit"] = exact ? "true" : "false";
        context.Outputs["cache-matched-key"] = entry.Key;
        return exact ? RestoreOutcome.ExactHit : RestoreOutcome.PartialHit;
    }

    /// <summary>
    /// Saves the files of <c>path</c> under the key. A missing path, a key saved already and a storage that fails are
    /// warnings, never a failed step or job, as on GitHub.
    /// </summary>
    public static async Task SaveAsync(ICacheStorage store, CacheRequest request, string workspace, string home, Action<string> log, Action<string, string> annotate, CancellationToken cancellationToken)
    {
        var files = PathSearch.Run(request.PathInput, workspace, home, includeHidden: true).Files;
        if (files.Count == 0)
        {
            annotate("warning", "Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.");
            return;
        }

        var archive = new CacheArchive(workspace, home);
        CacheSaveResult saved;
        try
        {
            saved = await store.SaveAsync(request.Key, request.Version, (stream, ct) => archive.WriteAsync(stream, files, ct), cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            annotate("warning", $"Failed to save cache with key {request.Key}: {ex.Message}");
            return;
        }

        if (!saved.Saved)
        {
            annotate("warning", $"Failed to save: a cache entry for key '{request.Key}' already exists; entries cannot be changed, use a new key.");
            return;
        }

        log($"Cache saved with key: {request.Key} ({files.Count} file(s))");
        foreach (var evicted in saved.Evicted)
        {
            log($"Evicted cache entry '{evicted}' to stay under the cache size limit.");
        }
    }

    private static bool IsStorageFailure(Exception ex) => ex is IOException or InvalidDataException or UnauthorizedAccessException;
}

internal enum RestoreOutcome
{
    Miss,
    PartialHit,
    ExactHit,
    Failed,
}
