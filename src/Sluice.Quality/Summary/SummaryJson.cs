using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>The names <c>sluice report</c> prints for formats and outcomes.</summary>
public static class SummaryJson
{
    public static string FormatName(ReportFormat format) => format switch
    {
        ReportFormat.JUnit => "junit",
        ReportFormat.Trx => "trx",
        ReportFormat.NUnit2 => "nunit2",
        ReportFormat.NUnit3 => "nunit3",
        ReportFormat.XUnit2 => "xunit2",
        ReportFormat.Cobertura => "cobertura",
        ReportFormat.Lcov => "lcov",
        ReportFormat.JaCoCo => "jacoco",
        ReportFormat.OpenCover => "opencover",
        ReportFormat.BenchmarkDotNet => "benchmarkdotnet",
        ReportFormat.GoogleBenchmark => "googlebenchmark",
        _ => format.ToString().ToLowerInvariant(),
    };

    public static string OutcomeName(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        TestOutcome.Errored => "errored",
        TestOutcome.Skipped => "skipped",
        _ => "flaky",
    };
}
