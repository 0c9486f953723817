namespace Sluice.Quality.Reports.Coverage;

/// <summary>Per file and line: the busiest sequence point's visits, and branch points visited of branch points there.</summary>
internal sealed class OpenCoverPoints
{
    private readonly Dictionary<string, Dictionary<int, (long Hits, int Covered, int Total, bool HasSequence)>> files = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    public void Sequence(string path, int line, long visits)
    {
        if (line > 0)
        {
            var lines = Lines(path);
            var known = lines.GetValueOrDefault(line);
            lines[line] = known with { Hits = Math.Max(known.Hits, visits), HasSequence = true };
        }
    }

    public void Branch(string path, int line, bool visited)
    {
        if (line > 0)
        {
            var lines = Lines(path);
            var known = lines.GetValueOrDefault(line);
            lines[line] = known with { Covered = known.Covered + (visited ? 1 : 0), Total = known.Total + 1 };
        }
    }

    public void Flush(IReportSink sink)
    {
        foreach (var path in order)
        {
            var file = new CoverageFile(path);
            foreach (var (line, point) in files[path])
            {
                // A line with branch points but no sequence point is hit when any of its branches was.
                var hits = point.HasSequence ? point.Hits : point.Covered > 0 ? 1 : 0;
                file.Add(line, new LineCoverage(hits, point.Covered, point.Total));
            }

            sink.OnCoverageFile(file);
        }

        files.Clear();
        order.Clear();
    }

    private Dictionary<int, (long Hits, int Covered, int Total, bool HasSequence)> Lines(string path)
    {
        if (!files.TryGetValue(path, out var lines))
        {
            lines = [];
            files.Add(path, lines);
            order.Add(path);
        }

        return lines;
    }
}
