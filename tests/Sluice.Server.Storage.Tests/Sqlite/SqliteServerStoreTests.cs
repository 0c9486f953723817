using Sluice.Server.Storage.Sqlite;

namespace Sluice.Server.Storage.Tests;

/// <summary>The compliance suite on real SQLite files, a new one for each store the suite asks for.</summary>
public sealed class SqliteServerStoreTests : ServerStoreCompliance
{
    private readonly ScratchFolder folder = new();

    protected override async Task<IServerStore> CreateStoreAsync() => await SqliteServerStore.OpenAsync(folder.NewDatabase(), None);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        folder.Dispose();
    }
}
