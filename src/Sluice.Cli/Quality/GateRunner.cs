using Microsoft.Data.Sqlite;
using Sluice.Cli.Quality.Remote;
using Sluice.Protocol;
using Sluice.Quality.Gates;
using Sluice.Quality.History;
using Sluice.Quality.Patch;
using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality;

/// <summary>Everything a gate run found: the verdict, and what it was computed from; or the reports that could not be read.</summary>
/// <param name="Warnings">What went wrong without changing the verdict (the report could not be sent to the server).</param>
internal sealed record GateOutcome(GateResult? Result, PatchCoverage? Patch, HistoryReport? History, IReadOnlyList<string> Notes, IReadOnlyList<string> Errors, IReadOnlyList<string>? Warnings = null)
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
        RunSummary? recorded = null;
        if (store is not null && recording is not null)
        {
            try
            {
                history = await new HistoryAnalyzer(store, Options(gate)).AnalyzeAsync(recording, summary.Benchmarks, cancellationToken);
                var totals = summary.Coverage is { } c ? new CoverageTotals(c.LinesCovered, c.LinesValid, c.BranchesCovered, c.BranchesValid) : null;
                recorded = await recording.CommitAsync(totals, summary.Benchmarks, cancellationToken);
                notes.Add($"recorded in {opened!.Location} as {recorded.Branch} at {recorded.CommitSha[..Math.Min(12, recorded.CommitSha.Length)]}");
            }
            catch (ApiException ex)
            {
                return GateOutcome.NotJudged([$"the quality history on the Sluice server ({opened!.Location}) refused or did not answer: {ex.Message}{(ex.Status == 413 ? "; the run has more test results than the server takes in one upload" : "")}"]);
            }
        }

        var metrics = GateMetrics.Build(summary, patch, git.Problem, gate.PatchMinimumLines, history, historyProblem);
        var result = GateEvaluator.Evaluate(gate, metrics);
        var warnings = new List<string>();
        if (store is RemoteQualityHistory server && recording is not null)
        {
            var report = GateReportUploads.From(result, recording.Header, recorded?.Id, summary.Tests, summary.Coverage, patch, history);
            if (await SendReportAsync(server, report, cancellationToken) is { } problem)
            {
                warnings.Add(problem);
            }
        }

        return new GateOutcome(result, patch, history, notes, [], warnings);
    }

    /// <summary>Sends the report to the server; what went wrong, when it did, for a warning: the verdict stands either way.</summary>
    private static async Task<string?> SendReportAsync(RemoteQualityHistory server, GateReportUpload report, CancellationToken cancellationToken)
    {
        try
        {
            await server.UploadReportAsync(report, cancellationToken);
            return null;
        }
        catch (ApiException ex)
        {
            return $"the Sluice server ({server.Location}) did not keep the gate report for the run's page: {ex.Message}";
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"the gate report could not be sent to the Sluice server ({server.Location}): {ex.Message}";
        }
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
