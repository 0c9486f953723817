namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Collects lines per path for formats that list one source file in several places (Cobertura classes,
/// OpenCover modules), then hands each file to the sink once, in the order the paths first appeared.
/// Memory is bounded by the report's coverable lines.
/// </summary>
internal sealed class CoverageAccumulator
{
    private readonly Dictionary<string, CoverageFile> files = new(StringComparer.Ordinal);
    private readonly List<CoverageFile> order = [];

    public CoverageFile this[string path]
    {
        get
        {
            if (!files.TryGetValue(path, out var file))
            {
                file = new CoverageFile(path);
                files.Add(path, file);
                order.Add(file);
            }

            return file;
        }
    }

    public void Flush(IReportSink sink)
    {
        foreach (var file in order)
        {
            sink.OnCoverageFile(file);
        }

        files.Clear();
        order.Clear();
    }
}
