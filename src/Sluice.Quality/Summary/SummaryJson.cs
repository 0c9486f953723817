using System.Globalization;
using System.Text.Json;
using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>Writes a <see cref="QualitySummary"/> in the documented <c>sluice report --format json</c> shape.</summary>
public static class SummaryJson
{
    public static void Write(Utf8JsonWriter w, QualitySummary summary, bool includeCoverageLines = true)
    {
        w.WriteStartObject();
        w.WriteStartArray("files");
        foreach (var file in summary.Files)
        {
            w.WriteStartObject();
            w.WriteString("file", file.File);
            w.WriteString("format", file.Format is { } f ? FormatName(f) : null);
            if (file.Error is not null)
            {
                w.WriteString("error", file.Error);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteTests(w, summary.Tests);
        WriteCoverage(w, summary.Coverage, includeCoverageLines);
        w.WriteStartArray("benchmarks");
        foreach (var b in summary.Benchmarks)
        {
            w.WriteStartObject();
            w.WriteString("name", b.Name);
            w.WriteNumber("mean_ns", b.MeanNs);
            w.WriteNumber("stddev_ns", b.StdDevNs);
            w.WriteNumber("samples", b.Samples);
            if (b.AllocatedBytes is { } allocated)
            {
                w.WriteNumber("allocated_bytes", allocated);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

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

    private static void WriteTests(Utf8JsonWriter w, TestSummary? tests)
    {
        if (tests is null)
        {
            w.WriteNull("tests");
            return;
        }

        w.WriteStartObject("tests");
        w.WriteNumber("total", tests.Total);
        w.WriteNumber("passed", tests.Passed);
        w.WriteNumber("failed", tests.Failed);
        w.WriteNumber("errored", tests.Errored);
        w.WriteNumber("skipped", tests.Skipped);
        w.WriteNumber("flaky", tests.Flaky);
        w.WriteNumber("duration_seconds", Math.Round(tests.DurationSeconds, 6));
        w.WriteStartArray("cases");
        foreach (var c in tests.Cases)
        {
            w.WriteStartObject();
            w.WriteString("suite", c.Suite);
            w.WriteString("classname", c.ClassName);
            w.WriteString("name", c.Name);
            w.WriteString("outcome", OutcomeName(c.Outcome));
            w.WriteNumber("duration_seconds", Math.Round(c.DurationSeconds, 6));
            if (c.Message is not null)
            {
                w.WriteString("message", c.Message);
            }

            if (c.File is not null)
            {
                w.WriteString("file", c.File);
            }

            if (c.Line is { } line)
            {
                w.WriteNumber("line", line);
            }

            w.WriteNumber("attempts", c.Attempts);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCoverage(Utf8JsonWriter w, CoverageSummary? coverage, bool includeLines)
    {
        if (coverage is null)
        {
            w.WriteNull("coverage");
            return;
        }

        w.WriteStartObject("coverage");
        w.WriteNumber("lines_covered", coverage.LinesCovered);
        w.WriteNumber("lines_valid", coverage.LinesValid);
        WriteRate(w, "line_rate", coverage.LineRate);
        w.WriteNumber("branches_covered", coverage.BranchesCovered);
        w.WriteNumber("branches_valid", coverage.BranchesValid);
        WriteRate(w, "branch_rate", coverage.BranchRate);
        w.WriteStartArray("files");
        foreach (var file in coverage.Files)
        {
            w.WriteStartObject();
            w.WriteString("path", file.Path);
            w.WriteStartObject("lines");
            if (includeLines)
            {
                foreach (var (line, hits) in file.Lines)
                {
                    w.WriteNumber(line.ToString(CultureInfo.InvariantCulture), hits.Hits);
                }
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRate(Utf8JsonWriter w, string name, double? rate)
    {
        if (rate is { } value)
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
