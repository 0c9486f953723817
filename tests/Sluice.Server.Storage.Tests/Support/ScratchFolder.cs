namespace Sluice.Server.Storage.Tests;

/// <summary>A fresh folder under the system temp folder for database files, removed when the test ends.</summary>
public sealed class ScratchFolder : IDisposable
{
    private int files;

    public string Path { get; } = Directory.CreateTempSubdirectory("sluice-store-").FullName;

    /// <summary>A database path not used before in this folder.</summary>
    public string NewDatabase() => System.IO.Path.Combine(Path, $"server-{Interlocked.Increment(ref files)}.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle that is still closing keeps the file; the OS cleans its temp folder.
        }
    }
}
