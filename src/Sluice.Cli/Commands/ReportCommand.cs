using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Cli.Quality;
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
        var format = OutputFormatOption.Create();
        var command = new Command("report", "Summarize test, coverage and benchmark reports.") { files, format };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var summary = ReportSet.Read(ReportInputs.Expand(parseResult.GetValue(files) ?? [], Environment.CurrentDirectory), cancellationToken);
            if (parseResult.GetFormat(format) == OutputFormat.Json)
            {
                JsonOutput.Write(console.Out, indented: true, w => SummaryJson.Write(w, summary));
            }
            else
            {
                ReportText.Write(console.Out, summary);
            }

            return Task.FromResult(ReportSet.Errors(summary).Count == 0 ? ExitCodes.Success : ExitCodes.Failed);
        });
        return command;
    }
}
