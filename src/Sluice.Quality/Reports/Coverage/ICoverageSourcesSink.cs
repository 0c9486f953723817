namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Implemented by a sink that wants a Cobertura report's &lt;sources&gt;: the directories its class filenames are
/// relative to. The files that follow already carry their filenames resolved against these roots; matching them to
/// the repository is the path matcher's job. Called once per report, before its files, only when it lists sources.
/// </summary>
public interface ICoverageSourcesSink
{
    void OnCoverageSources(string fileName, IReadOnlyList<string> sources);
}
