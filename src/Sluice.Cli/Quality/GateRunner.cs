using Microsoft.Data.Sqlite;
using Sluice.Protocol;
using Sluice.Quality.Gates;
using Sluice.Quality.History;
using Sluice.Quality.Patch;
using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality;

/// <summary>Everything a gate run found: the verdict, and what it was computed from; or the reports that could not be read.</summary>
internal sealed record GateOutcome(GateResult? Result, PatchCoverage? Patch, HistoryReport? History, IReadOnlyList<string> Notes, IReadOnlyList<string> Errors)
{
    public static GateOutcome NotJudged(IReadOnlyList<string> errors) => new(null, null, null, [], errors);
}

/// <summary>
/// Runs a gate: the changed lines from git, the reports streamed into counts, merged coverage and the history being
/// recorded, the analyses of history, and the conditions. No test case is held: each goes to history as it is read.
/// </summary>
internal sealed class GateRunner(TimeProvider timeProvider)
{
    public async Task<GateOutcome> RunAsync(GateDefinition gate, ReportSet reports, GateRunSettings settings, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var git = await GitFacts.ReadAsync(settings.WorkingDirectory, settings.BaseRef, settings.Branch, cancellationToken);
        var added = reports.HasCoverage && git.BaseRef is not null && git.Root is not null
            ? await new GitRepository(settings.WorkingDirectory).AddedLinesAsync(git.BaseRef, cancellationToken)
            : null;

        string? historyProblem = settings.NoHistory ? "history is off (--no-history)"
            : git.Commit is null || git.Tree is null ? "history needs a git commit and branch: " + git.Problem
            : null;
        await using var opened = historyProblem is null ? await HistoryLocation.OpenAsync(settings.HistoryPath, git.Root ?? settings.WorkingDirectory, timeProvider, cancellationToken) : null;
        var store = opened?.Store;
        IRunRecording? recording = null;
        try
        {
            recording = store is null ? null : await store.BeginRunAsync(new RunHeader(git.Commit!, git.Tree!, git.Branch ?? "HEAD", git.BaseBranch), cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_BUSY)
        {
            return GateOutcome.NotJudged([$"{opened!.Location}: another gate run has been writing this history for longer than the wait allows; run again when it is done, or record elsewhere with --history PATH"]);
        }

        await using var disposeRecording = recording;

        Action<TestCaseResult>? record = recording is { } open ? testCase => open.Add(TestRecord.From(testCase)) : null;
        var builder = new QualitySummaryBuilder(record);
        reports.ReadAll(builder, new ReportReadOptions { RepeatedCasesAreRetries = gate.RepeatedCasesAreRetries }, cancellationToken);
        var summary = builder.Build(reports.Files);
        if (reports.Errors.Count > 0)
        {
            // Nothing is recorded: disposing the recording rolls it back.
            return GateOutcome.NotJudged(reports.Errors);
        }

        var patch = added is not null && summary.Coverage is { } coverage ? PatchCoverage.Compute(added, coverage.Files, git.Root) : null;
        HistoryReport? history = null;
        if (store is not null && recording is not null)
        {
            try
            {
                history = await new HistoryAnalyzer(store, Options(gate)).AnalyzeAsync(recording, summary.Benchmarks, cancellationToken);
                var totals = summary.Coverage is { } c ? new CoverageTotals(c.LinesCovered, c.LinesValid, c.BranchesCovered, c.BranchesValid) : null;
                var run = await recording.CommitAsync(totals, summary.Benchmarks, cancellationToken);
                notes.Add($"recorded in {opened!.Location} as {run.Branch} at {run.CommitSha[..Math.Min(12, run.CommitSha.Length)]}");
            }
            catch (ApiException ex)
            {
                return GateOutcome.NotJudged([$"the quality history on the Sluice server ({opened!.Location}) refused or did not answer: {ex.Message}{(ex.Status == 413 ? "; the run has more test results than the server takes in one upload" : "")}"]);
            }
        }

        var metrics = GateMetrics.Build(summary, patch, git.Problem, gate.PatchMinimumLines, history, historyProblem);
        return new GateOutcome(GateEvaluator.Evaluate(gate, metrics), patch, history, notes, []);
    }

    private static HistoryOptions Options(GateDefinition gate)
    {
        var options = new HistoryOptions
        {
            Flaky = new FlakyOptions
            {
                Window = gate.Flaky.Window,
                FailureRateThreshold = gate.Flaky.FailureRatePercent / 100,
                MinRuns = gate.Flaky.MinimumRuns,
                ClearAfterPasses = gate.Flaky.ClearAfterPasses,
            },
            Benchmarks = new BenchmarkOptions
            {
                SampleCount = gate.Benchmarks.Samples,
                Confidence = gate.Benchmarks.UpperBoundary,
                MinRelativeChange = gate.Benchmarks.MinimumRelativeChange,
            },
        };
        options.Validate();
        return options;
    }
}

internal sealed record GateRunSettings(string WorkingDirectory, string? BaseRef, string? Branch, string? HistoryPath, bool NoHistory);
