using Microsoft.Data.Sqlite;

namespace Sluice.Quality.History;

/// <summary>
/// The quality history in one SQLite file, for the CLI. WAL mode lets readers run beside a writer; a busy timeout
/// makes concurrent gate runs (several processes) wait their turn instead of failing. Each call opens a pooled
/// connection, so one instance is safe to share between threads.
/// </summary>
public sealed partial class SqliteQualityHistory : IQualityHistory, IAsyncDisposable
{
    /// <summary>Where the CLI keeps history, relative to the repository root.</summary>
    public const string DefaultPath = ".sluice/history.db";

    private static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string connectionString;
    private readonly string pragmas;
    private readonly TimeProvider timeProvider;

    private SqliteQualityHistory(string path, TimeProvider timeProvider, TimeSpan busyTimeout)
    {
        Path = path;
        this.timeProvider = timeProvider;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        var busyMilliseconds = ((long)busyTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        pragmas = "PRAGMA busy_timeout = " + busyMilliseconds + "; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>A test seam: runs inside the write transaction after the run's rows are written, before commit.</summary>
    internal Func<CancellationToken, Task>? BeforeCommit { get; set; }

    public static Task<SqliteQualityHistory> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        OpenAsync(path, timeProvider, DefaultBusyTimeout, cancellationToken);

    /// <summary>Opens (creating the folder and file when missing) and migrates the history at <paramref name="path"/>.</summary>
    public static async Task<SqliteQualityHistory> OpenAsync(string path, TimeProvider timeProvider, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(busyTimeout, TimeSpan.Zero);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(fullPath) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var history = new SqliteQualityHistory(fullPath, timeProvider, busyTimeout);
        await using var connection = await history.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        await SqliteSchema.MigrateAsync(connection, fullPath, cancellationToken).ConfigureAwait(false);
        return history;
    }

    /// <summary>Releases pooled connections, so the file can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, null, pragmas, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
