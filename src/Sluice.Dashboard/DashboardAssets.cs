using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Sluice.Dashboard;

/// <summary>
/// The dashboard's files, read from this assembly's resources once, compressed once, and kept in memory: a page costs
/// the server a dictionary lookup, and the files are always those of the binary that serves them.
/// </summary>
public sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";
    private readonly Dictionary<string, DashboardAsset> _assets;

    private DashboardAssets(Dictionary<string, DashboardAsset> assets) => _assets = assets;

    /// <summary>The version of the files as a whole: pages name it in their links so a new binary's files are fetched anew.</summary>
    public string Version { get; private init; } = "";

    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var path = name[Prefix.Length..].Replace('\\', '/');
            var bytes = Read(assembly, name);
            all.AppendData(bytes);
            assets[path] = Prepare(path, bytes);
        }

        return new DashboardAssets(assets) { Version = Convert.ToHexStringLower(all.GetHashAndReset())[..12] };
    }

    /// <summary>The file at a path under the dashboard's root (<c>js/app.js</c>), or null when there is none.</summary>
    public DashboardAsset? Find(string path) => _assets.GetValueOrDefault(path);

    public IReadOnlyCollection<string> Paths => _assets.Keys;

    /// <summary>A file of the dashboard (the page shell) with this binary's version in its links and <paramref name="preloads"/> (markup: the page's own files) in place of <c>{{preloads}}</c>.</summary>
    public DashboardAsset WithVersion(string path, string preloads)
    {
        var asset = Find(path) ?? throw new InvalidOperationException($"the dashboard has no file {path}");
        var text = System.Text.Encoding.UTF8.GetString(asset.Identity).Replace("{{version}}", Version, StringComparison.Ordinal).Replace("{{preloads}}\n", preloads, StringComparison.Ordinal);
        return Prepare(path, System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static DashboardAsset Prepare(string path, byte[] bytes)
    {
        var gzip = Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        var brotli = Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..20] + "\"";
        return new DashboardAsset(path, ContentTypes.Of(path), bytes, gzip, brotli, etag);
    }

    private static byte[]? Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(bytes);
        }

        return output.Length < bytes.Length ? output.ToArray() : null;
    }
}
