using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Summary;

/// <summary>
/// The second pass over coverage reports for a streamed output: a file sent once goes to <paramref name="write"/>
/// as it comes and only its counts stay; a file in <paramref name="repeated"/> is merged (<see cref="CoverageSet"/>)
/// and written by <see cref="Finish"/>. Memory holds the merged files only.
/// </summary>
public sealed class StreamedCoverage(IReadOnlySet<string> repeated, Action<string, IEnumerable<(int Line, LineCoverage Coverage)>> write) : IReportSink
{
    private readonly CoverageSet _merged = new();
    private readonly CoverageCounter _counter = new();

    public void OnCoverageFile(CoverageFile file)
    {
        var path = CoveragePaths.Normalize(file.Path);
        if (repeated.Contains(path))
        {
            _merged.Add(file);
            return;
        }

        write(path, Counted(file.Lines.Select(l => (l.Key, l.Value))));
    }

    public void OnTestCase(TestCaseResult testCase)
    {
    }

    public void OnBenchmark(BenchmarkResult benchmark)
    {
    }

    /// <summary>Writes the merged files; the counts of every file.</summary>
    public CoverageCounter Finish()
    {
        foreach (var file in _merged.Files)
        {
            write(file.Path, Counted(file.Lines));
        }

        return _counter;
    }

    private IEnumerable<(int Line, LineCoverage Coverage)> Counted(IEnumerable<(int Line, LineCoverage Coverage)> lines)
    {
        foreach (var line in lines)
        {
            _counter.Add(line.Coverage);
            yield return line;
        }
    }
}
