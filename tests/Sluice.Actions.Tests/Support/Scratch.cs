namespace Sluice.Actions.Tests.Support;

/// <summary>A temporary folder, removed with what is in it when the test ends.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Path = Directory.CreateTempSubdirectory("sluice-actions-").FullName;
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process of the test may still hold a file; the system's temp cleaning gets it.
        }
    }
}
