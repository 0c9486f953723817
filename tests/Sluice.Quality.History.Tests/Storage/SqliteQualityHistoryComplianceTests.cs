namespace Sluice.Quality.History.Tests;

/// <summary>The compliance suite on a real SQLite file in a temp folder.</summary>
public sealed class SqliteQualityHistoryComplianceTests : QualityHistoryComplianceTests
{
    private readonly TempDirectory directory = new();

    protected override async Task<IQualityHistory> OpenStoreAsync(TimeProvider time) =>
        await SqliteQualityHistory.OpenAsync(directory.File(".sluice/history.db"), time, CancellationToken.None);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        directory.Dispose();
    }
}
