using Sluice.Protocol;
using Sluice.Quality.Gates;
using Sluice.Quality.History;
using Sluice.Quality.Patch;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality.Remote;

/// <summary>
/// What a gate run judged, as the upload the server keeps for the job attempt's run page. It is bounded so that it fits
/// the server's limit whatever the reports held: messages are cut, and lists past their cap say how many there were.
/// </summary>
internal static class GateReportUploads
{
    /// <summary>How many flaky tests and benchmarks an upload lists (the server takes no more).</summary>
    public const int MaxFlaky = 1000;

    public const int MaxBenchmarks = 10_000;

    /// <summary>How many changed line numbers an upload lists; a larger change sends its files' counts without line numbers.</summary>
    public const int MaxPatchLines = 250_000;

    public const int MaxMessageLength = 2000;

    public static GateReportUpload From(GateResult result, RunHeader header, long? historyRun, TestSummary? tests, CoverageSummary? coverage, PatchCoverage? patch, HistoryReport? history) => new()
    {
        HistoryRun = historyRun,
        CommitSha = header.CommitSha,
        Branch = header.Branch,
        BaseBranch = header.BaseBranch,
        Verdict = GateReportText.Word(result.Verdict),
        Conditions = [.. result.Conditions.Select(c => new GateConditionView(c.Condition.Name, c.Condition.Expression, GateReportText.Word(c.Outcome), c.Measured, c.Threshold, c.Reason))],
        Tests = tests is null ? new GateTestCounts(0, 0, 0, 0, 0, 0, 0) : new GateTestCounts(tests.Total, tests.Passed, tests.Failed, tests.Errored, tests.Skipped, tests.Flaky, tests.DurationSeconds),
        Coverage = coverage is null ? null : new GateCoverageView(coverage.LinesCovered, coverage.LinesValid, coverage.BranchesValid == 0 ? null : coverage.BranchesCovered, coverage.BranchesValid == 0 ? null : coverage.BranchesValid),
        Patch = Patch(patch),
        NewFailures = [.. (history?.NewFailures.Listed ?? []).Select(f => new GateNewFailureView(f.Id, Cut(f.Message)))],
        NewFailureCount = history?.NewFailures.Count ?? 0,
        Flaky = [.. (history?.Flaky.Flaky ?? []).OrderByDescending(f => f.FailureRate).ThenBy(f => f.Id, StringComparer.Ordinal).Take(MaxFlaky)
            .Select(f => new GateFlakyView(f.Id, f.FailureRate, f.Runs, f.Signals.ToString(), f.Quarantined))],
        Benchmarks = [.. (history?.Benchmarks ?? []).Take(MaxBenchmarks)
            .Select(b => new GateBenchmarkView(b.Name, b.Current, b.BaselineMean, b.UpperBound, b.RelativeChange, b.SampleCount, b.Status.ToString().ToLowerInvariant()))],
    };

    private static GatePatchView? Patch(PatchCoverage? patch)
    {
        if (patch is null)
        {
            return null;
        }

        var withLines = patch.Files.Sum(f => (long)f.CoverableLines) <= MaxPatchLines;
        return new GatePatchView(
            patch.CoverableLines,
            patch.CoveredLines,
            [.. patch.Files.Select(f => new GatePatchFileView(f.Path, withLines ? f.CoveredLineNumbers : [], withLines ? f.MissedLines : []))]);
    }

    private static string? Cut(string? message) =>
        message is { Length: > MaxMessageLength } ? message[..MaxMessageLength] + "…" : message;
}
