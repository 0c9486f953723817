namespace Sluice.Security.Tests;

/// <summary>A fresh folder for one test, removed after it.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sluice-security-").FullName;

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
