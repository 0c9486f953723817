namespace Sluice.Engine.Execution.Artifacts;

/// <summary>
/// A run's artifacts: one folder each under <c>&lt;run&gt;/artifacts/&lt;name&gt;/</c>, so the jobs of a run can pass
/// files to each other; names are checked by <see cref="Sluice.Security.Paths.ArtifactNames"/> before they get here.
/// Ids are handed out in upload order and kept in <c>&lt;run&gt;/artifact-ids</c>.
/// </summary>
public sealed class ArtifactStore(string runDirectory) : IRunArtifacts
{
    // Jobs of one run upload in parallel; the check for an existing name and the move into place must not interleave.
    private static readonly Lock Publishing = new();

    public string Root { get; } = Path.Combine(runDirectory, "artifacts");

    public string PathOf(string name) => Path.Combine(Root, name);

    public bool Exists(string name) => Directory.Exists(PathOf(name));

    public IReadOnlyList<string> Names() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    public Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken) => Task.FromResult(Names());

    public Task<string?> OpenAsync(string name, CancellationToken cancellationToken) => Task.FromResult(Exists(name) ? PathOf(name) : null);

    public Task<ArtifactPublication> PublishAsync(string name, string staging, ExistingArtifact mode, CancellationToken cancellationToken) =>
        Task.FromResult(Publish(name, staging, mode));

    /// <summary>A new empty folder to fill before <see cref="Publish"/> moves it into place.</summary>
    public string CreateStaging()
    {
        var staging = Path.Combine(runDirectory, "artifact-staging", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>
    /// Moves a filled staging folder to the artifact's name and returns its id. An existing artifact of that name is
    /// an error unless <paramref name="mode"/> replaces it (v4 <c>overwrite: true</c>) or merges into it (v3).
    /// </summary>
    public ArtifactPublication Publish(string name, string staging, ExistingArtifact mode)
    {
        lock (Publishing)
        {
            var target = PathOf(name);
            if (Directory.Exists(target))
            {
                switch (mode)
                {
                    case ExistingArtifact.Refuse:
                        Directory.Delete(staging, recursive: true);
                        return new ArtifactPublication(null, target);
                    case ExistingArtifact.Replace:
                        Directory.Delete(target, recursive: true);
                        break;
                    case ExistingArtifact.Merge:
                        MergeInto(staging, target);
                        return new ArtifactPublication(IdOf(name) ?? AssignId(name), target);
                }
            }

            Directory.CreateDirectory(Root);
            Directory.Move(staging, target);
            return new ArtifactPublication(AssignId(name), target);
        }
    }

    private int? IdOf(string name)
    {
        var ids = Path.Combine(runDirectory, "artifact-ids");
        if (!File.Exists(ids))
        {
            return null;
        }

        return File.ReadLines(ids).Select((line, index) => (line, index)).LastOrDefault(l => l.line == name) is { line: not null } found
            ? found.index + 1
            : null;
    }

    private int AssignId(string name)
    {
        var ids = Path.Combine(runDirectory, "artifact-ids");
        var count = File.Exists(ids) ? File.ReadLines(ids).Count() : 0;
        File.AppendAllLines(ids, [name]);
        return count + 1;
    }

    private static void MergeInto(string staging, string target)
    {
        foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(staging, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(file, destination, overwrite: true);
        }

        Directory.Delete(staging, recursive: true);
    }
}

/// <summary>What to do when an uploaded artifact's name is taken in the run.</summary>
public enum ExistingArtifact
{
    Refuse,
    Replace,
    Merge,
}

/// <summary>The artifact's id, or null when its name was taken and the upload refused; and its folder.</summary>
public sealed record ArtifactPublication(int? Id, string Directory);
