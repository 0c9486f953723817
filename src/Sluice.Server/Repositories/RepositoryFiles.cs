using Sluice.Server.Api;
using Sluice.Server.Storage;

namespace Sluice.Server.Repositories;

/// <summary>
/// What a removed repository leaves on disk, deleted after its rows are gone: its git copy and what polling saw, its
/// runs' artifact folders and its cache archives. Ids are never given again, so a file left behind (one that could not
/// be deleted) belongs to nothing and is only reported, never in the way of a repository added later.
/// </summary>
internal static class RepositoryFiles
{
    public static void Delete(ServerState server, RepositoryRecord repository, RepositoryRemoval removal)
    {
        var mirror = server.Mirror.PathOf(repository);
        DeleteFolder(server, mirror);
        DeleteFile(server, mirror + ".polled");
        foreach (var run in removal.RunIds)
        {
            DeleteFolder(server, ArtifactEndpoints.RunFolder(server, run));
        }

        foreach (var blob in removal.CacheBlobs)
        {
            DeleteFile(server, server.CacheBlobs.PathOf(blob));
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
