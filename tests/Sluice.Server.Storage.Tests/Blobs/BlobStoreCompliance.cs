using System.Security.Cryptography;
using Sluice.Server.Storage.Blobs;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// What every <see cref="IBlobStore"/> provider must do, said only through the contract: files in a folder and
/// PostgreSQL run the same tests. A provider's class opens a fresh, empty store.
/// </summary>
public abstract class BlobStoreCompliance : IAsyncLifetime
{
    /// <summary>Larger than a PostgreSQL chunk, and not a multiple of one.</summary>
    private const int Large = (2 * PostgresBlobStore.ChunkBytes) + 12345;

    protected IBlobStore Blobs { get; private set; } = null!;

    protected static CancellationToken None => CancellationToken.None;

    protected abstract Task<IBlobStore> CreateStoreAsync();

    public virtual async Task InitializeAsync() => Blobs = await CreateStoreAsync().Timed();

    public virtual async Task DisposeAsync() => await Blobs.DisposeAsync().AsTask().Timed();

    [Fact]
    public async Task A_written_blob_reads_back_with_its_length_size_and_hash()
    {
        var content = Bytes(1000, seed: 1);
        var written = await Blobs.WriteAsync("caches/one.tar.gz", new MemoryStream(content), None).Timed();

        Assert.Equal(new WrittenBlob("caches/one.tar.gz", 1000, Convert.ToHexStringLower(SHA256.HashData(content))), written);
        Assert.Equal(content, await ReadAsync("caches/one.tar.gz"));
        var listed = Assert.Single(await Blobs.ListAsync("caches/", None).Timed());
        Assert.Equal(("caches/one.tar.gz", 1000L), (listed.Name, listed.Size));
    }

    [Fact]
    public async Task An_empty_blob_is_a_blob()
    {
        await Blobs.WriteAsync("e/empty", new MemoryStream(), None).Timed();

        Assert.Empty(await ReadAsync("e/empty"));
        Assert.Equal(0, Assert.Single(await Blobs.ListAsync("e/", None).Timed()).Size);
    }

    [Fact]
    public async Task A_blob_larger_than_a_chunk_reads_back_whole_in_small_reads()
    {
        var content = Bytes(Large, seed: 2);
        var written = await Blobs.WriteAsync("artifacts/1/big/1", new MemoryStream(content), None).Timed();

        await using var stream = (await Blobs.OpenAsync("artifacts/1/big/1", None).Timed())!;
        Assert.Equal(Large, stream.Length);
        var read = new MemoryStream();
        var buffer = new byte[7777];
        int count;
        while ((count = await stream.ReadAsync(buffer, None).AsTask().Timed()) > 0)
        {
            read.Write(buffer, 0, count);
        }

        Assert.Equal(content, read.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), written.Sha256);
    }

    [Fact]
    public async Task A_missing_blob_is_null_and_deleting_it_says_so()
    {
        Assert.Null(await Blobs.OpenAsync("caches/none", None).Timed());
        Assert.False(await Blobs.DeleteAsync("caches/none", None).Timed());
        Assert.Empty(await Blobs.ListAsync("caches/", None).Timed());
    }

    [Fact]
    public async Task Writing_a_name_again_replaces_the_blob()
    {
        await Blobs.WriteAsync("c/k", new MemoryStream(Bytes(Large, seed: 3)), None).Timed();
        var second = Bytes(10, seed: 4);
        await Blobs.WriteAsync("c/k", new MemoryStream(second), None).Timed();

        Assert.Equal(second, await ReadAsync("c/k"));
        Assert.Equal(10, Assert.Single(await Blobs.ListAsync("c/", None).Timed()).Size);
    }

    [Fact]
    public async Task Concurrent_writers_of_one_name_leave_one_of_their_blobs_whole()
    {
        var contents = Enumerable.Range(0, 6).Select(i => Bytes(PostgresBlobStore.ChunkBytes + (1000 * i), seed: 10 + i)).ToList();

        await Task.WhenAll(contents.Select(content => Task.Run(() => Blobs.WriteAsync("caches/same-key", new MemoryStream(content), None)))).Timed(Deadlines.Long);

        var stored = await ReadAsync("caches/same-key");
        Assert.Contains(contents, content => content.AsSpan().SequenceEqual(stored));
        Assert.Single(await Blobs.ListAsync("caches/", None).Timed());
    }

    [Fact]
    public async Task A_blob_being_written_is_not_seen_until_it_is_whole()
    {
        var before = Bytes(500, seed: 5);
        await Blobs.WriteAsync("a/b", new MemoryStream(before), None).Timed();
        var after = Bytes(Large, seed: 6);
        var gate = new GatedStream(after, pauseAt: PostgresBlobStore.ChunkBytes + 10);

        var writing = Task.Run(() => Blobs.WriteAsync("a/b", gate, None));
        await gate.Paused.Timed();
        Assert.Equal(before, await ReadAsync("a/b"));
        Assert.Null(await Blobs.OpenAsync("a/b-not-yet", None).Timed());
        Assert.Equal(500, Assert.Single(await Blobs.ListAsync("a/", None).Timed()).Size);

        gate.Release();
        await writing.Timed();
        Assert.Equal(after, await ReadAsync("a/b"));
    }

    [Fact]
    public async Task A_reader_that_opened_a_blob_reads_it_whole_though_it_is_replaced_and_deleted_meanwhile()
    {
        var first = Bytes(Large, seed: 7);
        await Blobs.WriteAsync("r/x", new MemoryStream(first), None).Timed();

        await using var reading = (await Blobs.OpenAsync("r/x", None).Timed())!;
        var head = new byte[100];
        await reading.ReadExactlyAsync(head, None).AsTask().Timed();
        await Blobs.WriteAsync("r/x", new MemoryStream(Bytes(Large, seed: 8)), None).Timed();
        Assert.True(await Blobs.DeleteAsync("r/x", None).Timed());
        var rest = new MemoryStream();
        await reading.CopyToAsync(rest, None).Timed();

        Assert.Equal(first, head.Concat(rest.ToArray()).ToArray());
        Assert.Null(await Blobs.OpenAsync("r/x", None).Timed());
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_nothing_and_keeps_the_blob_it_would_have_replaced()
    {
        var kept = Bytes(300, seed: 9);
        await Blobs.WriteAsync("f/kept", new MemoryStream(kept), None).Timed();

        await Assert.ThrowsAsync<IOException>(() => Blobs.WriteAsync("f/kept", new GatedStream(Bytes(Large, seed: 10), pauseAt: Large / 2, fail: true), None)).Timed();
        await Assert.ThrowsAsync<IOException>(() => Blobs.WriteAsync("f/new", new GatedStream(Bytes(Large, seed: 11), pauseAt: Large / 2, fail: true), None)).Timed();

        Assert.Equal(kept, await ReadAsync("f/kept"));
        Assert.Null(await Blobs.OpenAsync("f/new", None).Timed());
        Assert.Equal(["f/kept"], (await Blobs.ListAsync("f/", None).Timed()).Select(blob => blob.Name));
        await Blobs.RemoveAbandonedAsync(DateTimeOffset.MaxValue, None).Timed();
        Assert.Equal(kept, await ReadAsync("f/kept"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("caches/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("caches//x")]
    [InlineData("caches/x/")]
    [InlineData("caches/./x")]
    [InlineData("caches\\..\\x")]
    [InlineData("caches/x\0y")]
    [InlineData("caches/line\nbreak")]
    [InlineData("")]
    public async Task Hostile_names_are_refused_by_every_operation(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.WriteAsync(name, new MemoryStream([1]), None)).Timed();
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.OpenAsync(name, None)).Timed();
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.DeleteAsync(name, None)).Timed();
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.ListAsync(name + "/", None)).Timed();
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.DeleteUnderAsync(name + "/", None)).Timed();
    }

    [Fact]
    public async Task A_prefix_must_end_with_a_slash()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.ListAsync("caches", None)).Timed();
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.DeleteUnderAsync("", None)).Timed();
    }

    [Fact]
    public async Task Listing_and_deleting_under_a_prefix_touch_only_its_blobs_and_take_its_characters_literally()
    {
        foreach (var name in new[] { "runs/1_0/a", "runs/1_0/sub/b", "runs/1x0/c", "runs/1%/d", "runs/10/e" })
        {
            await Blobs.WriteAsync(name, new MemoryStream([1, 2, 3]), None).Timed();
        }

        Assert.Equal(["runs/1_0/a", "runs/1_0/sub/b"], (await Blobs.ListAsync("runs/1_0/", None).Timed()).Select(blob => blob.Name));
        Assert.Equal(["runs/1%/d"], (await Blobs.ListAsync("runs/1%/", None).Timed()).Select(blob => blob.Name));
        Assert.Equal(2, await Blobs.DeleteUnderAsync("runs/1_0/", None).Timed());

        Assert.Equal(["runs/1%/d", "runs/10/e", "runs/1x0/c"], (await Blobs.ListAsync("runs/", None).Timed()).Select(blob => blob.Name));
        Assert.True(await Blobs.DeleteAsync("runs/10/e", None).Timed());
        Assert.Null(await Blobs.OpenAsync("runs/10/e", None).Timed());
    }

    [Fact]
    public async Task Numbers_are_never_given_twice_and_grow()
    {
        var numbers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Blobs.NextNumberAsync(None)))).Timed();

        Assert.Equal(20, numbers.Distinct().Count());
        Assert.True(await Blobs.NextNumberAsync(None).Timed() > numbers.Max());
    }

    private async Task<byte[]> ReadAsync(string name)
    {
        await using var stream = await Blobs.OpenAsync(name, None).Timed();
        Assert.NotNull(stream);
        var read = new MemoryStream();
        await stream.CopyToAsync(read, None).Timed();
        Assert.Equal(stream.Length, read.Length);
        return read.ToArray();
    }

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
