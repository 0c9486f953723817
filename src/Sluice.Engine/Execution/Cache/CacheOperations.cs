using Sluice.Engine.Execution.Artifacts;

namespace Sluice.Engine.Execution.Cache;

/// <summary>Restore and save as the three cache actions do them, against the configured cache folder.</summary>
internal static class CacheOperations
{
    public static (CacheStore? Store, string? Error) OpenStore()
    {
        var (maxBytes, error) = CacheSettings.ResolveMaxBytes();
        return error is null ? (new CacheStore(CacheSettings.ResolveDirectory(), maxBytes, TimeProvider.System), null) : (null, error);
    }

    /// <summary>
    /// Looks the key up, extracts the match unless <c>lookup-only</c>, and sets the outputs. <c>cache-hit</c> is
    /// <c>true</c> for the exact key, <c>false</c> for a prefix match and left empty on a miss, as documented.
    /// </summary>
    public static async Task<RestoreOutcome> RestoreAsync(BuiltinActionContext context, CacheStore store, CacheRequest request, CancellationToken cancellationToken)
    {
        context.Outputs["cache-primary-key"] = request.Key;
        var entry = store.Find(request.Key, request.RestoreKeys, request.Version);
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
                await using var archive = new FileStream(store.ArchivePath(entry.Id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                var files = await new CacheArchive(context.Request.Workspace, ActionVersion.Home(context)).ExtractAsync(archive, cancellationToken);
                context.Log($"Cache restored from key: {entry.Key} ({files} file(s))");
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // As on GitHub, a cache that cannot be restored is a warning and a miss, never a failed step.
                context.Annotate("warning", $"Failed to restore: {ex.Message}");
                return RestoreOutcome.Miss;
            }

            store.Touch(entry);
        }

        context.Outputs["cache-hit"] = exact ? "true" : "false";
        context.Outputs["cache-matched-key"] = entry.Key;
        return exact ? RestoreOutcome.ExactHit : RestoreOutcome.PartialHit;
    }

    /// <summary>Saves the files of <c>path</c> under the key; a missing path or an existing key is a warning, as on GitHub.</summary>
    public static async Task SaveAsync(CacheStore store, CacheRequest request, string workspace, string home, Action<string> log, Action<string, string> annotate, CancellationToken cancellationToken)
    {
        var files = PathSearch.Run(request.PathInput, workspace, home, includeHidden: true).Files;
        if (files.Count == 0)
        {
            annotate("warning", "Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.");
            return;
        }

        var archive = new CacheArchive(workspace, home);
        if (!await store.SaveAsync(request.Key, request.Version, (stream, ct) => archive.WriteAsync(stream, files, ct), cancellationToken))
        {
            annotate("warning", $"Failed to save: a cache entry for key '{request.Key}' already exists; entries cannot be changed, use a new key.");
            return;
        }

        log($"Cache saved with key: {request.Key} ({files.Count} file(s))");
        foreach (var evicted in store.Evict(keep: CacheStore.IdOf(request.Key, request.Version)))
        {
            log($"Evicted cache entry '{evicted}' to stay under the cache size limit.");
        }
    }
}

internal enum RestoreOutcome
{
    Miss,
    PartialHit,
    ExactHit,
    Failed,
}
