namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Collects lines per path for formats that list one source file in several places (Cobertura classes,
/// OpenCover modules), then hands each file to the sink once, in the order the paths first appeared, under the
/// path it resolves to (several spellings of one file become one). Memory is bounded by the report's coverable lines.
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

    public void Flush(IReportSink sink, Func<string, string> resolvePath)
    {
        var resolved = new Dictionary<string, CoverageFile>(StringComparer.Ordinal);
        var resolvedOrder = new List<CoverageFile>(order.Count);
        foreach (var file in order)
        {
            var path = resolvePath(file.Path);
            if (resolved.TryGetValue(path, out var known))
            {
                known.AddAll(file);
                continue;
            }

            var renamed = path == file.Path ? file : file.WithPath(path);
            resolved.Add(path, renamed);
            resolvedOrder.Add(renamed);
        }

        foreach (var file in resolvedOrder)
        {
            sink.OnCoverageFile(file);
        }

        files.Clear();
        order.Clear();
    }
}
