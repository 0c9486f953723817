namespace Sluice.Engine.Execution.Artifacts;

/// <summary>
/// Where a run's artifacts live, so that its jobs can pass files to each other: a folder of the run on this machine
/// (<see cref="ArtifactStore"/>, for <c>sluice run</c>), or the server, for jobs on different agents.
/// </summary>
public interface IRunArtifacts
{
    /// <summary>The names of the run's artifacts, in order.</summary>
    Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken);

    /// <summary>A folder on this machine holding the artifact's files (fetched first when it is elsewhere), or null when the run has no such artifact.</summary>
    Task<string?> OpenAsync(string name, CancellationToken cancellationToken);

    /// <summary>A new empty folder to fill before <see cref="PublishAsync"/>.</summary>
    string CreateStaging();

    /// <summary>
    /// Makes the filled staging folder the artifact's content and returns its id. An existing artifact of that name is
    /// an error unless <paramref name="mode"/> replaces it (v4 <c>overwrite: true</c>) or merges into it (v3).
    /// </summary>
    Task<ArtifactPublication> PublishAsync(string name, string staging, ExistingArtifact mode, CancellationToken cancellationToken);
}
