using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Cli.Quality;
using Sluice.Quality.Gates;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice gate</c>: turns reports into a verdict. Exit 0 passed, 1 failed, 2 usage error, 3 inconclusive.</summary>
internal static class GateCommand
{
    private const string DefaultGateFile = ".sluice/gate.yml";

    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE|GLOB") { Description = "Test, coverage and benchmark reports (formats detected from content).", Arity = ArgumentArity.OneOrMore };
        var gateFile = new Option<string?>("--gate") { Description = $"The gate definition (default: {DefaultGateFile}).", HelpName = "FILE" };
        var conditions = new Option<string[]>("--condition", "-c") { Description = "A condition in the expression language, e.g. 'coverage.line >= 80'; replaces the gate file's conditions. Repeatable.", HelpName = "EXPR", AllowMultipleArgumentsPerToken = false };
        var baseRef = new Option<string?>("--base") { Description = "The git ref the change is measured from (default: the merge-base with the default branch).", HelpName = "REF" };
        var branch = new Option<string?>("--branch") { Description = "The branch this run belongs to in history (default: the current branch).", HelpName = "NAME" };
        var history = new Option<string?>("--history") { Description = "The history database (default: the Sluice server's history in a Sluice job, else .sluice/history.db in the repository).", HelpName = "PATH" };
        var noHistory = new Option<bool>("--no-history") { Description = "Neither read nor record history (new failures, flaky tests and benchmark regressions become inconclusive)." };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the verdict as Markdown here (it is appended to $GITHUB_STEP_SUMMARY when that is set).", HelpName = "FILE" };
        var junit = new Option<string?>("--junit") { Description = "Also write the conditions as JUnit XML here, so any CI shows them as tests.", HelpName = "FILE" };
        var inconclusive = new Option<string?>("--inconclusive") { Description = "What an inconclusive verdict exits with: report (3), pass (0) or fail (1).", HelpName = "report|pass|fail" };
        inconclusive.AcceptOnlyFromAmong("report", "pass", "fail");
        var repeatedCases = RepeatedCasesOption.Create();
        var format = OutputFormatOption.Create();
        var command = new Command("gate", "Judge reports against a quality gate: passed, failed or inconclusive.")
        {
            files, gateFile, conditions, baseRef, branch, history, noHistory, markdown, junit, inconclusive, repeatedCases, format,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var cwd = Environment.CurrentDirectory;
            var gate = LoadGate(parseResult.GetValue(gateFile), parseResult.GetValue(conditions) ?? [], cwd);
            gate = With(gate, parseResult.GetValue(inconclusive), parseResult.GetValue(repeatedCases));
            var reports = ReportSet.Detect(ReportInputs.Expand(parseResult.GetValue(files) ?? [], cwd));
            var settings = new GateRunSettings(cwd, parseResult.GetValue(baseRef), parseResult.GetValue(branch), parseResult.GetValue(history), parseResult.GetValue(noHistory));
            var outcome = await new GateRunner(TimeProvider.System).RunAsync(gate, reports, settings, cancellationToken);
            if (outcome.Result is not { } result)
            {
                foreach (var error in outcome.Errors)
                {
                    console.Error.WriteLine($"sluice: error: {error}");
                }

                console.Error.WriteLine("sluice: the gate was not judged: fix or remove the reports above.");
                return ExitCodes.Failed;
            }

            foreach (var warning in outcome.Warnings ?? [])
            {
                console.Error.WriteLine($"sluice: warning: {warning}");
            }

            var details = GateDetails.Lines(outcome.History, outcome.Patch);
            WriteOutputs(parseResult.GetValue(markdown), parseResult.GetValue(junit), result, details);
            if (parseResult.GetFormat(format) == OutputFormat.Json)
            {
                JsonOutput.Write(console.Out, indented: true, w => GateReportJson.Write(w, result));
            }
            else
            {
                GateReportText.Write(console.Out, result);
                foreach (var line in details.Concat(outcome.Notes))
                {
                    console.Out.WriteLine(line);
                }
            }

            return ExitCode(result.Verdict, gate.Inconclusive);
        });
        return command;
    }

    private static GateDefinition LoadGate(string? file, string[] conditions, string cwd)
    {
        var path = file ?? FindDefault(cwd);
        GateDefinition gate;
        try
        {
            gate = path is not null ? GateDefinitionLoader.LoadFile(path)
                : conditions.Length > 0 ? new GateDefinition()
                : throw new UsageException($"no gate: give conditions with --condition, or write {DefaultGateFile}");
        }
        catch (GateDefinitionException ex) when (conditions.Length == 0 || file is not null)
        {
            throw new UsageException(ex.Message);
        }
        catch (GateDefinitionException)
        {
            gate = new GateDefinition();
        }

        if (conditions.Length > 0)
        {
            gate = new GateDefinition
            {
                Conditions = [.. conditions.Select(c => new GateCondition(c, c))],
                Inconclusive = gate.Inconclusive,
                PatchMinimumLines = gate.PatchMinimumLines,
                Flaky = gate.Flaky,
                Benchmarks = gate.Benchmarks,
                RepeatedCasesAreRetries = gate.RepeatedCasesAreRetries,
            };
        }

        var problems = GateEvaluator.Validate(gate);
        if (problems.Count > 0)
        {
            throw new UsageException($"{path ?? "--condition"}: {string.Join("; ", problems)}");
        }

        return gate;
    }

    /// <summary><c>.sluice/gate.yml</c> in the working directory, else at the root of its git repository.</summary>
    private static string? FindDefault(string cwd)
    {
        var here = Path.Combine(cwd, DefaultGateFile);
        if (File.Exists(here))
        {
            return here;
        }

        var root = Validation.GitRepository.FindRoot(cwd);
        var atRoot = root is null ? null : Path.Combine(root, DefaultGateFile);
        return atRoot is not null && File.Exists(atRoot) ? atRoot : null;
    }

    /// <summary>The gate with what <c>--inconclusive</c> and <c>--repeated-cases</c> say, when given, in place of the file's settings.</summary>
    private static GateDefinition With(GateDefinition gate, string? policy, string? repeatedCases) => new()
    {
        Conditions = gate.Conditions,
        Inconclusive = policy switch
        {
            null => gate.Inconclusive,
            "pass" => InconclusivePolicy.Pass,
            "fail" => InconclusivePolicy.Fail,
            _ => InconclusivePolicy.Report,
        },
        PatchMinimumLines = gate.PatchMinimumLines,
        Flaky = gate.Flaky,
        Benchmarks = gate.Benchmarks,
        RepeatedCasesAreRetries = repeatedCases is null ? gate.RepeatedCasesAreRetries : repeatedCases == "retries",
    };

    private static void WriteOutputs(string? markdownPath, string? junitPath, GateResult result, IReadOnlyList<string> details)
    {
        var detailBlock = details.Count == 0 ? [] : new[] { "```\n" + string.Join('\n', details) + "\n```" };
        var markdown = GateReportMarkdown.Render(result, detailBlock);
        if (markdownPath is not null)
        {
            File.WriteAllText(markdownPath, markdown);
        }

        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summaryPath)
        {
            File.AppendAllText(summaryPath, markdown + "\n");
        }

        if (junitPath is not null)
        {
            using var stream = File.Create(junitPath);
            GateReportJUnit.Write(stream, result);
        }
    }

    private static int ExitCode(ConditionOutcome verdict, InconclusivePolicy policy) => verdict switch
    {
        ConditionOutcome.Passed => ExitCodes.Success,
        ConditionOutcome.Failed => ExitCodes.Failed,
        _ => policy switch
        {
            InconclusivePolicy.Pass => ExitCodes.Success,
            InconclusivePolicy.Fail => ExitCodes.Failed,
            _ => ExitCodes.Inconclusive,
        },
    };
}
