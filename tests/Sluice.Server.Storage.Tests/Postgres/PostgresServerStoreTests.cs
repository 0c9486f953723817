using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Tests;

/// <summary>The compliance suite on the test PostgreSQL, a new empty schema for each store the suite asks for.</summary>
public sealed class PostgresServerStoreTests : ServerStoreCompliance
{
    private PostgresScratch? scratch;

    protected override async Task<IServerStore> CreateStoreAsync()
    {
        scratch ??= new PostgresScratch();
        return await PostgresServerStore.OpenAsync(await scratch.NewSchemaAsync(), None);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (scratch is not null)
        {
            await scratch.DisposeAsync();
        }
    }
}
