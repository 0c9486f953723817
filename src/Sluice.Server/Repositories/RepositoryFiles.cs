using Sluice.Server.Storage;

namespace Sluice.Server.Repositories;

/// <summary>
/// What a removed repository leaves behind, deleted after its rows are gone: its git copy (on this server's disk), what
/// polling saw, its runs' artifacts and its cache archives (in the blob store). Ids are never given again, so a file left behind (one that could not
/// be deleted) belongs to nothing and is only reported, never in the way of a repository added later.
/// </summary>
internal static class RepositoryFiles
{
    public static async Task DeleteAsync(ServerState server, RepositoryRecord repository, RepositoryRemoval removal, CancellationToken cancellationToken)
    {
        var mirror = server.Mirror.PathOf(repository);
        DeleteFolder(server, mirror);
        DeleteFile(server, mirror + ".lock");
        await TryAsync(server, "what polling saw", () => server.Blobs.DeleteAsync(Triggers.RepositoryPoller.SeenBlob(repository), cancellationToken)).ConfigureAwait(false);
        foreach (var run in removal.RunIds)
        {
            await TryAsync(server, $"the artifacts of run {run}", () => server.Artifacts.DeleteAsync(run, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var blob in removal.CacheBlobs)
        {
            await TryAsync(server, Caches.CacheBlobs.NameOf(blob), () => server.CacheBlobs.DeleteAsync(blob, cancellationToken)).ConfigureAwait(false);
        }
    }

    private static async Task TryAsync(ServerState server, string what, Func<Task> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StoreException)
        {
            server.Events.Problem($"could not delete {what} of a removed repository (it is no longer used): {ex.Message}");
        }
    }

    private static void DeleteFolder(ServerState server, string path) => Try(server, path, () =>
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    });

    private static void DeleteFile(ServerState server, string path) => Try(server, path, () => File.Delete(path));

    private static void Try(ServerState server, string path, Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            server.Events.Problem($"could not delete {path} of a removed repository (it is no longer used; delete it by hand): {ex.Message}");
        }
    }
}
