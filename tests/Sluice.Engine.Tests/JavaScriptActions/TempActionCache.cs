namespace Sluice.Engine.Tests.JavaScriptActions;

/// <summary>An action cache folder (DIR/owner/repo/ref/...) of its own for one test, removed afterwards.</summary>
internal sealed class TempActionCache : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("sluice-action-cache-").FullName;

    /// <summary>Writes files below the cache, each given as a path relative to it (<c>acme/greet/v1/action.yml</c>) and its text.</summary>
    public TempActionCache With(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
