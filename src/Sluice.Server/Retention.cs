using Sluice.Server.Storage;

namespace Sluice.Server;

/// <summary>
/// Removes what the server keeps past its time, as GitHub does: finished runs' log lines and artifacts after
/// <see cref="ServerOptions.LogRetention"/> and <see cref="ServerOptions.ArtifactRetention"/> (the run stays, and
/// asking for them answers 410 Gone); cache entries unused for <see cref="ServerOptions.CacheRetention"/>, then a
/// repository's least recently used entries past <see cref="ServerOptions.CacheBytesPerRepository"/>. Run by the
/// background loop every <see cref="ServerOptions.RetentionSweep"/>; time comes from the server's clock.
/// </summary>
internal static class Retention
{
    private const int Batch = 200;

    /// <summary>An upload left unfinished this long (files provider) belongs to a server that stopped mid-upload.</summary>
    private static readonly TimeSpan AbandonedUpload = TimeSpan.FromDays(1);

    public static async Task<RetentionResult> SweepAsync(ServerState state, CancellationToken cancellationToken)
    {
        var now = state.Time.GetUtcNow();
        var options = state.Options;
        var logs = options.LogRetention is { } keepLogs ? await ExpireAsync(state, RunBlobKind.Logs, now - keepLogs, now, cancellationToken).ConfigureAwait(false) : 0;
        var artifacts = options.ArtifactRetention is { } keepArtifacts ? await ExpireAsync(state, RunBlobKind.Artifacts, now - keepArtifacts, now, cancellationToken).ConfigureAwait(false) : 0;
        var unusedSince = options.CacheRetention is { } keepCaches ? now - keepCaches : DateTimeOffset.MinValue;
        var caches = await state.Store.RemoveStaleCacheEntriesAsync(unusedSince, options.CacheBytesPerRepository, cancellationToken).ConfigureAwait(false);
        foreach (var entry in caches)
        {
            await state.CacheBlobs.DeleteAsync(entry.Blob, cancellationToken).ConfigureAwait(false);
        }

        await state.Blobs.RemoveAbandonedAsync(now - AbandonedUpload, cancellationToken).ConfigureAwait(false);
        DeleteAbandonedStaging(state, now);
        return new RetentionResult(logs, artifacts, caches.Count);
    }

    /// <summary>Expires the blobs of runs finished before the cutoff, in batches; artifacts are deleted before they are marked, so none is left behind.</summary>
    private static async Task<int> ExpireAsync(ServerState state, RunBlobKind kind, DateTimeOffset finishedBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var runs = await state.Store.RunsToExpireAsync(kind, finishedBefore, Batch, cancellationToken).ConfigureAwait(false);
            if (runs.Count == 0)
            {
                return total;
            }

            if (kind == RunBlobKind.Artifacts)
            {
                foreach (var run in runs)
                {
                    await state.Artifacts.DeleteAsync(run, cancellationToken).ConfigureAwait(false);
                }
            }

            await state.Store.ExpireRunBlobsAsync(kind, runs, now, cancellationToken).ConfigureAwait(false);
            total += runs.Count;
            if (runs.Count < Batch)
            {
                return total;
            }
        }
    }

    /// <summary>Artifact uploads unpacked on this server's disk by a server that stopped before it kept them.</summary>
    private static void DeleteAbandonedStaging(ServerState state, DateTimeOffset now)
    {
        var staging = new DirectoryInfo(Path.Combine(state.Options.DataDirectory, "tmp", "artifacts"));
        if (!staging.Exists)
        {
            return;
        }

        foreach (var folder in staging.EnumerateDirectories().Where(f => f.LastWriteTimeUtc < (now - AbandonedUpload).UtcDateTime))
        {
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>What one sweep removed: runs whose logs and artifacts expired, and cache entries.</summary>
internal sealed record RetentionResult(int RunLogs, int RunArtifacts, int CacheEntries);
