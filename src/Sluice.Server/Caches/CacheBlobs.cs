namespace Sluice.Server.Caches;

/// <summary>
/// The cache entries' archives in the data folder: <c>caches/&lt;blob&gt;</c>, written first under
/// <c>caches/incoming/</c> and moved into place whole, so that a listed entry always has its complete archive.
/// </summary>
public sealed class CacheBlobs(string dataDirectory)
{
    public string Folder { get; } = Path.Combine(dataDirectory, "caches");

    public string PathOf(string blob) => Path.Combine(Folder, blob);

    /// <summary>A new file to receive an upload into; <see cref="Keep"/> moves it into place.</summary>
    public (string Blob, string Incoming) NewUpload()
    {
        var incoming = Path.Combine(Folder, "incoming");
        Directory.CreateDirectory(incoming);
        var blob = Guid.NewGuid().ToString("N") + ".tar.gz";
        return (blob, Path.Combine(incoming, blob));
    }

    public void Keep(string blob, string incoming) => File.Move(incoming, PathOf(blob));

    public void Delete(string blob) => File.Delete(PathOf(blob));
}
