// Writes and reads back one large blob through each blob store provider, rounds interleaved, and prints the median
// MiB/s of each: files in a folder (SQLite's) and PostgreSQL's chunks.
//
//   dotnet run -c Release --project bench/Sluice.BlobThroughput -- --database postgres://... [--mib 100] [--rounds 5]
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sluice.Server.Storage.Blobs;
using Sluice.Server.Storage.Postgres;

var database = Option("--database") ?? Environment.GetEnvironmentVariable("SLUICE_TEST_POSTGRES")
    ?? throw new InvalidOperationException("give --database postgres://... (or set SLUICE_TEST_POSTGRES; scripts/postgres.sh start prints one)");
var mib = int.Parse(Option("--mib") ?? "100", CultureInfo.InvariantCulture);
var rounds = int.Parse(Option("--rounds") ?? "5", CultureInfo.InvariantCulture);

var folder = Directory.CreateTempSubdirectory("sluice-blob-bench-").FullName;
var schema = $"bench_{Guid.NewGuid():N}";
await using var admin = NpgsqlDataSource.Create(PostgresDatabase.Parse(database).ConnectionString);
await using (var create = admin.CreateCommand($"CREATE SCHEMA {schema}"))
{
    await create.ExecuteNonQueryAsync();
}

try
{
    var inSchema = new NpgsqlConnectionStringBuilder(PostgresDatabase.Parse(database).ConnectionString) { SearchPath = schema }.ConnectionString;
    await using (await PostgresServerStore.OpenAsync(inSchema, CancellationToken.None))
    {
    }

    var providers = new (string Name, IBlobStore Store)[] { ("files", new FileBlobStore(folder, TimeProvider.System)), ("PostgreSQL", PostgresBlobStore.Open(inSchema, TimeProvider.System)) };
    var results = providers.ToDictionary(p => p.Name, _ => (Write: new List<double>(), Read: new List<double>()));
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var (name, store) in providers)
        {
            var clock = Stopwatch.StartNew();
            await store.WriteAsync("artifacts/1/bench/1.tar", new PatternStream(mib * 1024L * 1024), CancellationToken.None);
            var write = mib / clock.Elapsed.TotalSeconds;
            clock.Restart();
            await using (var read = (await store.OpenAsync("artifacts/1/bench/1.tar", CancellationToken.None))!)
            {
                await read.CopyToAsync(Stream.Null);
            }

            var readRate = mib / clock.Elapsed.TotalSeconds;
            results[name].Write.Add(write);
            results[name].Read.Add(readRate);
            await store.DeleteAsync("artifacts/1/bench/1.tar", CancellationToken.None);
            Console.WriteLine(FormattableString.Invariant($"round {round} {name}: write {write:0} MiB/s, read {readRate:0} MiB/s"));
        }
    }

    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant($"| provider ({mib} MiB blob, median of {rounds}) | write MiB/s | read MiB/s |"));
    Console.WriteLine("| --- | --- | --- |");
    foreach (var (name, (write, read)) in results)
    {
        Console.WriteLine(FormattableString.Invariant($"| {name} | {Median(write):0} | {Median(read):0} |"));
    }

    foreach (var (_, store) in providers)
    {
        await store.DisposeAsync();
    }
}
finally
{
    await using (var drop = admin.CreateCommand($"DROP SCHEMA {schema} CASCADE"))
    {
        await drop.ExecuteNonQueryAsync();
    }

    Directory.Delete(folder, recursive: true);
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

/// <summary>A blob of the given length without holding it in memory: random bytes repeated, as an upload streams in.</summary>
internal sealed class PatternStream(long length) : ReadOnlyForwardStream
{
    private static readonly byte[] Pattern = RandomPattern();

    public override long Length => length;

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - ReadSoFar);
        for (var done = 0; done < count;)
        {
            var start = (int)((ReadSoFar + done) % Pattern.Length);
            var piece = Math.Min(count - done, Pattern.Length - start);
            Pattern.AsSpan(start, piece).CopyTo(buffer[done..]);
            done += piece;
        }

        ReadSoFar += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    private static byte[] RandomPattern()
    {
        var bytes = new byte[(4 * 1024 * 1024) + 7];
        new Random(12).NextBytes(bytes);
        return bytes;
    }
}
