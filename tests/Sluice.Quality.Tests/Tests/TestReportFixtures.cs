using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Quality.Reports;

namespace Sluice.Quality.Tests.TestReports;

/// <summary>Opens this folder's fixtures: from the test output when the project copies them there, else from beside this file.</summary>
internal static class TestReportFixtures
{
    public static string PathOf(string name, [CallerFilePath] string callerFile = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Tests", "Fixtures", name);
        return File.Exists(copied) ? copied : Path.Combine(Path.GetDirectoryName(callerFile)!, "Fixtures", name);
    }

    public static List<TestCaseResult> Read(IReportReader reader, string name)
    {
        var sink = new TestCaseSink();
        using var stream = File.OpenRead(PathOf(name));
        reader.Read(stream, name, sink, CancellationToken.None);
        return sink.Cases;
    }

    public static List<TestCaseResult> ReadText(IReportReader reader, string text, string name = "report.xml") =>
        ReadBytes(reader, Encoding.UTF8.GetBytes(text), name);

    public static List<TestCaseResult> ReadBytes(IReportReader reader, byte[] bytes, string name = "report.xml")
    {
        var sink = new TestCaseSink();
        reader.Read(new MemoryStream(bytes), name, sink, CancellationToken.None);
        return sink.Cases;
    }

    public static TestCaseResult Case(List<TestCaseResult> cases, string name) => Assert.Single(cases, c => c.Name == name);
}

/// <summary>Keeps the test cases a reader sends, in order.</summary>
internal sealed class TestCaseSink : IReportSink
{
    public List<TestCaseResult> Cases { get; } = [];

    public void OnTestCase(TestCaseResult testCase) => Cases.Add(testCase);

    public void OnCoverageFile(CoverageFile file) => throw new InvalidOperationException("A test report sent coverage.");

    public void OnBenchmark(BenchmarkResult benchmark) => throw new InvalidOperationException("A test report sent a benchmark.");
}

/// <summary>A sink that only counts, so that reading a huge report holds nothing.</summary>
internal sealed class CountingSink(Action<TestCaseResult>? onCase = null) : IReportSink
{
    public long Count { get; private set; }

    public long Failed { get; private set; }

    public int LongestMessage { get; private set; }

    public void OnTestCase(TestCaseResult testCase)
    {
        Count++;
        Failed += testCase.Outcome == TestOutcome.Failed ? 1 : 0;
        LongestMessage = Math.Max(LongestMessage, testCase.Message?.Length ?? 0);
        onCase?.Invoke(testCase);
    }

    public void OnCoverageFile(CoverageFile file)
    {
    }

    public void OnBenchmark(BenchmarkResult benchmark)
    {
    }
}
