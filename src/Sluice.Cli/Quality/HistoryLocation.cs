using Sluice.Quality.History;

namespace Sluice.Cli.Quality;

/// <summary>Where the quality history lives: <c>--history</c>, else <c>.sluice/history.db</c> at the root of the repository (or here).</summary>
internal static class HistoryLocation
{
    public static string Resolve(string? given, string cwd) =>
        given ?? Path.Combine(Validation.GitRepository.FindRoot(cwd) ?? cwd, SqliteQualityHistory.DefaultPath);

    public static Task<SqliteQualityHistory> OpenAsync(string path, CancellationToken cancellationToken) =>
        SqliteQualityHistory.OpenAsync(path, TimeProvider.System, cancellationToken);
}
