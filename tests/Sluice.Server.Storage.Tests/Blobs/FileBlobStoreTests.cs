using Sluice.Server.Storage.Blobs;

namespace Sluice.Server.Storage.Tests;

/// <summary>The blob compliance suite on files in a fresh folder.</summary>
public sealed class FileBlobStoreTests : BlobStoreCompliance
{
    private readonly ScratchFolder folder = new();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileBlobStore(folder.Path, TimeProvider.System));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Blobs_are_files_under_the_folder_and_nothing_lands_outside_it()
    {
        await Blobs.WriteAsync("caches/a.tar.gz", new MemoryStream([1, 2]), None).Timed();
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.WriteAsync(".incoming/.sequence", new MemoryStream([1]), None)).Timed();

        Assert.Equal([1, 2], await File.ReadAllBytesAsync(Path.Combine(folder.Path, "caches", "a.tar.gz")).Timed());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(folder.Path)!, "outside")));
    }

    [Fact]
    public async Task Abandoned_incoming_files_are_removed_when_old_enough()
    {
        var incoming = Directory.CreateDirectory(Path.Combine(folder.Path, ".incoming"));
        var left = Path.Combine(incoming.FullName, "left-by-a-crash");
        await File.WriteAllBytesAsync(left, [1]).Timed();
        File.SetLastWriteTimeUtc(left, DateTime.UtcNow.AddDays(-2));

        Assert.Equal(0, await Blobs.RemoveAbandonedAsync(DateTimeOffset.UtcNow.AddDays(-3), None).Timed());
        Assert.Equal(1, await Blobs.RemoveAbandonedAsync(DateTimeOffset.UtcNow.AddDays(-1), None).Timed());
        Assert.False(File.Exists(left));
    }
}
