using Sluice.Cli.Quality.Remote;
using Sluice.Quality.History;

namespace Sluice.Cli.Quality;

/// <summary>
/// Where the quality history lives: <c>--history PATH</c> when given; else the Sluice server's history of the
/// repository when the job runs on a Sluice agent (SLUICE_HISTORY_URL and SLUICE_HISTORY_TOKEN); else
/// <c>.sluice/history.db</c> at the root of the repository (or here).
/// </summary>
internal static class HistoryLocation
{
    public static string Resolve(string? given, string cwd) =>
        given ?? Path.Combine(Validation.GitRepository.FindRoot(cwd) ?? cwd, SqliteQualityHistory.DefaultPath);

    /// <summary>The history to use, opened; <paramref name="root"/> is where the local file goes when none is given.</summary>
    public static async Task<OpenedHistory> OpenAsync(string? given, string root, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (given is null && RemoteQualityHistory.FromEnvironment() is { } remote)
        {
            return new OpenedHistory(remote, remote.Location);
        }

        var path = given ?? Path.Combine(root, SqliteQualityHistory.DefaultPath);
        return new OpenedHistory(await SqliteQualityHistory.OpenAsync(path, timeProvider, cancellationToken), Path.GetFullPath(path));
    }

    /// <summary>The history at <c>--history</c> or its default place, opened (see <see cref="OpenAsync(string?, string, TimeProvider, CancellationToken)"/>).</summary>
    public static Task<OpenedHistory> OpenAsync(string? given, CancellationToken cancellationToken) =>
        OpenAsync(given, Validation.GitRepository.FindRoot(Environment.CurrentDirectory) ?? Environment.CurrentDirectory, TimeProvider.System, cancellationToken);

    /// <summary>Whether there is any history to read without creating a file: the server's, or an existing local file.</summary>
    public static bool Available(string? given) =>
        (given is null && RemoteQualityHistory.Configured) || File.Exists(Resolve(given, Environment.CurrentDirectory));
}

/// <summary>An open history and where it is (a file's path, or the server's URL), closed when disposed.</summary>
internal sealed record OpenedHistory(IQualityHistory Store, string Location) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asynchronous:
                return asynchronous.DisposeAsync();
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        return ValueTask.CompletedTask;
    }
}
