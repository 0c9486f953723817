using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Cli.Quality;
using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice report FILE|GLOB...</c>: reads test, coverage and benchmark reports and prints one normalized summary.</summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE|GLOB")
        {
            Description = "Report files or globs (JUnit, TRX, NUnit, xUnit, Cobertura, lcov, JaCoCo, OpenCover, BenchmarkDotNet JSON, Google Benchmark JSON); the format is detected from the content.",
            Arity = ArgumentArity.OneOrMore,
        };
        var repeatedCases = RepeatedCasesOption.Create();
        var format = OutputFormatOption.Create();
        var command = new Command("report", "Summarize test, coverage and benchmark reports.") { files, repeatedCases, format };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var reports = ReportSet.Detect(ReportInputs.Expand(parseResult.GetValue(files) ?? [], Environment.CurrentDirectory));
            var options = new ReportReadOptions { RepeatedCasesAreRetries = parseResult.GetValue(repeatedCases) == "retries" };
            if (parseResult.GetFormat(format) == OutputFormat.Json)
            {
                JsonOutput.WriteStreaming(console.Out, indented: true, w => WriteJson(new SummaryJsonWriter(w), reports, options, cancellationToken));
            }
            else
            {
                var summary = new QualitySummaryBuilder();
                reports.ReadAll(summary, options, cancellationToken);
                ReportText.Write(console.Out, summary.Build(reports.Files));
            }

            return Task.FromResult(reports.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.Failed);
        });
        return command;
    }

    /// <summary>
    /// Each case is written as it is read, and each coverage file that no other report or record repeats; a first
    /// pass over the coverage reports finds the repeated ones, which are merged and written last. Only counts and
    /// the merged files wait for the end.
    /// </summary>
    private static void WriteJson(SummaryJsonWriter json, ReportSet reports, ReportReadOptions options, CancellationToken cancellationToken)
    {
        var summary = new QualitySummaryBuilder(json.WriteCase);
        json.Start();
        if (reports.HasTests)
        {
            json.StartTests();
            reports.ReadTests(summary, options, cancellationToken);
            json.EndTests(summary.Build(reports.Files).Tests!);
        }
        else
        {
            json.NoTests();
        }

        if (reports.HasCoverage)
        {
            var paths = new CoveragePathCounter();
            reports.ReadCoverage(paths, options, cancellationToken);
            var coverage = new StreamedCoverage(paths.Repeated, json.WriteCoverageFile);
            json.StartCoverage();
            reports.ReadCoverage(coverage, options, cancellationToken);
            json.EndCoverage(coverage.Finish());
        }
        else
        {
            json.NoCoverage();
        }

        reports.ReadBenchmarks(summary, options, cancellationToken);
        var built = summary.Build(reports.Files);
        json.WriteBenchmarks(built.Benchmarks);
        json.End(built.Files);
    }
}
