using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

/// <summary>Opens fixture files: from the test output when the project copies them there, else from beside this source file.</summary>
internal static class ReportFixtures
{
    public static string PathOf(string area, string name, [CallerFilePath] string callerFile = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, area, "Fixtures", name);
        if (File.Exists(copied))
        {
            return copied;
        }

        var testsRoot = Path.GetDirectoryName(Path.GetDirectoryName(callerFile))!;
        return Path.Combine(testsRoot, area, "Fixtures", name);
    }

    public static RecordingSink Read(IReportReader reader, string area, string name)
    {
        var sink = new RecordingSink();
        using var stream = File.OpenRead(PathOf(area, name));
        reader.Read(stream, name, sink, CancellationToken.None);
        return sink;
    }

    public static RecordingSink ReadText(IReportReader reader, string text, string name = "report")
    {
        var sink = new RecordingSink();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        reader.Read(stream, name, sink, CancellationToken.None);
        return sink;
    }

    public static ReportReadException ReadFails(IReportReader reader, string text, string name = "report") =>
        Assert.Throws<ReportReadException>(() => ReadText(reader, text, name));

    public static ReportReadException ReadFails(IReportReader reader, byte[] bytes, string name = "report") =>
        Assert.Throws<ReportReadException>(() => reader.Read(new MemoryStream(bytes), name, new RecordingSink(), CancellationToken.None));
}

/// <summary>Keeps everything a reader sends, in order.</summary>
internal sealed class RecordingSink : IReportSink, ICoverageSourcesSink
{
    public List<CoverageFile> Files { get; } = [];

    public List<BenchmarkResult> Benchmarks { get; } = [];

    public List<TestCaseResult> TestCases { get; } = [];

    public List<(string FileName, IReadOnlyList<string> Sources)> Sources { get; } = [];

    public void OnBenchmark(BenchmarkResult benchmark) => Benchmarks.Add(benchmark);

    public void OnCoverageFile(CoverageFile file) => Files.Add(file);

    public void OnTestCase(TestCaseResult testCase) => TestCases.Add(testCase);

    public void OnCoverageSources(string fileName, IReadOnlyList<string> sources) => Sources.Add((fileName, [.. sources]));

    public CoverageFile File(string path) => Assert.Single(Files, f => f.Path == path);

    public static Dictionary<int, LineCoverage> Lines(CoverageFile file) => new(file.Lines);
}
