using Sluice.Server.Storage.Blobs;
using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Tests;

/// <summary>The blob compliance suite on the test PostgreSQL, in a new schema migrated by the server's store.</summary>
public sealed class PostgresBlobStoreTests : BlobStoreCompliance
{
    private readonly PostgresScratch scratch = new();
    private string database = "";

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        database = await scratch.NewSchemaAsync();
        await using (await PostgresServerStore.OpenAsync(database, None))
        {
        }

        return PostgresBlobStore.Open(database, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await scratch.DisposeAsync();
    }

    [Fact]
    public async Task A_large_blob_is_kept_in_chunks_of_a_mebibyte_and_a_failed_write_leaves_no_row()
    {
        await Blobs.WriteAsync("c/big", new MemoryStream(new byte[(2 * PostgresBlobStore.ChunkBytes) + 1]), None).Timed();
        await Assert.ThrowsAsync<IOException>(() => Blobs.WriteAsync("c/broken", new GatedStream(new byte[3 * PostgresBlobStore.ChunkBytes], pauseAt: 2 * PostgresBlobStore.ChunkBytes, fail: true), None)).Timed();

        Assert.Equal(3L, await scratch.ScalarAsync<long>(database, "SELECT count(*) FROM blob_chunks"));
        Assert.Equal(1L, await scratch.ScalarAsync<long>(database, "SELECT count(*) FROM blobs"));
        Assert.True(await Blobs.DeleteAsync("c/big", None).Timed());
        Assert.Equal(0L, await scratch.ScalarAsync<long>(database, "SELECT count(*) FROM blob_chunks"));
    }
}
