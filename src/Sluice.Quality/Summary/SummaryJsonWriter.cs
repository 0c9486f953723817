using System.Globalization;
using System.Text.Json;
using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>
/// Writes <c>sluice report --format json</c> as the reports are read, so that a report of millions of cases or lines
/// never sits in memory: the cases of the test reports as they come, then their counts; the coverage files as they
/// come (<see cref="StreamedCoverage"/>), then theirs; then benchmarks and the files. Keys come in that order for
/// that reason; a JSON reader does not care.
/// </summary>
public sealed class SummaryJsonWriter(Utf8JsonWriter writer)
{
    // Written bytes are handed to the output in chunks of about this size.
    private const int FlushBytes = 64 * 1024;

    public void Start() => writer.WriteStartObject();

    /// <summary>Opens <c>tests</c> and its <c>cases</c>; then <see cref="WriteCase"/> per case and <see cref="EndTests"/>.</summary>
    public void StartTests()
    {
        writer.WriteStartObject("tests");
        writer.WriteStartArray("cases");
    }

    public void WriteCase(TestCaseResult c)
    {
        writer.WriteStartObject();
        writer.WriteString("suite", c.Suite);
        writer.WriteString("classname", c.ClassName);
        writer.WriteString("name", c.Name);
        writer.WriteString("outcome", SummaryJson.OutcomeName(c.Outcome));
        writer.WriteNumber("duration_seconds", Math.Round(c.DurationSeconds, 6));
        if (c.Message is not null)
        {
            writer.WriteString("message", c.Message);
        }

        if (c.File is not null)
        {
            writer.WriteString("file", c.File);
        }

        if (c.Line is { } line)
        {
            writer.WriteNumber("line", line);
        }

        writer.WriteNumber("attempts", c.Attempts);
        writer.WriteEndObject();
        FlushIfFull();
    }

    public void EndTests(TestSummary tests)
    {
        writer.WriteEndArray();
        writer.WriteNumber("total", tests.Total);
        writer.WriteNumber("passed", tests.Passed);
        writer.WriteNumber("failed", tests.Failed);
        writer.WriteNumber("errored", tests.Errored);
        writer.WriteNumber("skipped", tests.Skipped);
        writer.WriteNumber("flaky", tests.Flaky);
        writer.WriteNumber("duration_seconds", Math.Round(tests.DurationSeconds, 6));
        writer.WriteEndObject();
    }

    /// <summary><c>"tests": null</c>, when no test report was given.</summary>
    public void NoTests() => writer.WriteNull("tests");

    /// <summary><c>"coverage": null</c>, when no coverage report was given.</summary>
    public void NoCoverage() => writer.WriteNull("coverage");

    /// <summary>Opens <c>coverage</c> and its <c>files</c>; then <see cref="WriteCoverageFile"/> per file and <see cref="EndCoverage"/>.</summary>
    public void StartCoverage()
    {
        writer.WriteStartObject("coverage");
        writer.WriteStartArray("files");
    }

    public void WriteCoverageFile(string path, IEnumerable<(int Line, LineCoverage Coverage)> lines)
    {
        writer.WriteStartObject();
        writer.WriteString("path", path);
        writer.WriteStartObject("lines");
        foreach (var (line, coverage) in lines)
        {
            writer.WriteNumber(line.ToString(CultureInfo.InvariantCulture), coverage.Hits);
            FlushIfFull();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public void EndCoverage(CoverageCounter counts)
    {
        writer.WriteEndArray();
        writer.WriteNumber("lines_covered", counts.LinesCovered);
        writer.WriteNumber("lines_valid", counts.LinesValid);
        WriteRate("line_rate", counts.LineRate);
        writer.WriteNumber("branches_covered", counts.BranchesCovered);
        writer.WriteNumber("branches_valid", counts.BranchesValid);
        WriteRate("branch_rate", counts.BranchRate);
        writer.WriteEndObject();
    }

    public void WriteBenchmarks(IReadOnlyList<BenchmarkResult> benchmarks)
    {
        writer.WriteStartArray("benchmarks");
        foreach (var b in benchmarks)
        {
            writer.WriteStartObject();
            writer.WriteString("name", b.Name);
            writer.WriteNumber("mean_ns", b.MeanNs);
            writer.WriteNumber("stddev_ns", b.StdDevNs);
            writer.WriteNumber("samples", b.Samples);
            if (b.AllocatedBytes is { } allocated)
            {
                writer.WriteNumber("allocated_bytes", allocated);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The input files with their formats and errors, and the end of the document.</summary>
    public void End(IReadOnlyList<ReportFileInfo> files)
    {
        writer.WriteStartArray("files");
        foreach (var file in files)
        {
            writer.WriteStartObject();
            writer.WriteString("file", file.File);
            writer.WriteString("format", file.Format is { } f ? SummaryJson.FormatName(f) : null);
            if (file.Error is not null)
            {
                writer.WriteString("error", file.Error);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private void FlushIfFull()
    {
        if (writer.BytesPending >= FlushBytes)
        {
            writer.Flush();
        }
    }

    private void WriteRate(string name, double? rate)
    {
        if (rate is { } value)
        {
            writer.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
