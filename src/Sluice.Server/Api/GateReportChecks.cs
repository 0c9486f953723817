using Sluice.Protocol;

namespace Sluice.Server.Api;

/// <summary>A gate report as a job sends it, checked value by value, so that a bad upload is a 400 that says which value.</summary>
internal static class GateReportChecks
{
    public const int MaxConditions = 1000;

    public const int MaxNewFailures = 200;

    public const int MaxFlaky = 1000;

    public const int MaxBenchmarks = 10_000;

    public const int MaxPatchFiles = 100_000;

    public const int MaxPatchLines = 250_000;

    private static readonly string[] Words = ["passed", "failed", "inconclusive"];

    private static readonly string[] BenchmarkStatuses = ["passed", "regressed", "inconclusive"];

    public static string? Problem(GateReportUpload report) =>
        Header(report) ?? Conditions(report.Conditions) ?? Counts(report) ?? Patch(report.Patch) ?? NewFailures(report) ?? Flaky(report.Flaky) ?? Benchmarks(report.Benchmarks);

    private static string? Header(GateReportUpload report) =>
        HistoryUploads.Name(report.CommitSha, "commitSha")
        ?? HistoryUploads.Name(report.Branch, "branch")
        ?? (report.BaseBranch is null ? null : HistoryUploads.Name(report.BaseBranch, "baseBranch"))
        ?? (report.HistoryRun is <= 0 ? "historyRun is the id of the quality run the gate recorded (1 or more), or left out" : null)
        ?? OneOf(report.Verdict, "verdict", Words);

    private static string? Conditions(IReadOnlyList<GateConditionView?> conditions)
    {
        if (conditions.Count > MaxConditions)
        {
            return $"a gate report lists at most {MaxConditions} conditions";
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var where = $"conditions[{i}]";
            if (conditions[i] is not { } c)
            {
                return $"{where} is null";
            }

            var problem = HistoryUploads.Name(c.Name, where + ".name") ?? HistoryUploads.Name(c.Expression, where + ".expression")
                ?? OneOf(c.Outcome, where + ".outcome", Words)
                ?? Text(c.Measured, where + ".measured") ?? Text(c.Threshold, where + ".threshold") ?? Text(c.Reason, where + ".reason");
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Counts(GateReportUpload report)
    {
        var t = report.Tests;
        if (t.Total < 0 || t.Passed < 0 || t.Failed < 0 || t.Errored < 0 || t.Skipped < 0 || t.Flaky < 0 || !double.IsFinite(t.DurationSeconds) || t.DurationSeconds < 0)
        {
            return "tests: counts and durationSeconds are 0 or more";
        }

        return report.Coverage is { } c && (c.LinesCovered < 0 || c.LinesValid < c.LinesCovered || c.BranchesCovered < 0 || c.BranchesValid < c.BranchesCovered || (c.BranchesCovered is null) != (c.BranchesValid is null))
            ? "coverage counts cannot be negative, covered cannot exceed valid, and branch counts come both or neither"
            : null;
    }

    private static string? Patch(GatePatchView? patch)
    {
        if (patch is null)
        {
            return null;
        }

        if (patch.CoverableLines < 0 || patch.CoveredLines < 0 || patch.CoveredLines > patch.CoverableLines || patch.Files.Count > MaxPatchFiles)
        {
            return $"patch: coveredLines is between 0 and coverableLines, and at most {MaxPatchFiles} files are listed";
        }

        long lines = 0;
        for (var i = 0; i < patch.Files.Count; i++)
        {
            var where = $"patch.files[{i}]";
            if (patch.Files[i] is not { } file)
            {
                return $"{where} is null";
            }

            if (HistoryUploads.Name(file.Path, where + ".path") is { } path)
            {
                return path;
            }

            if (file.CoveredLines.Concat(file.MissedLines).Any(n => n < 1))
            {
                return $"{where}: line numbers start at 1";
            }

            lines += file.CoveredLines.Count + file.MissedLines.Count;
        }

        return lines > MaxPatchLines ? $"patch: at most {MaxPatchLines} changed line numbers are listed; list the files without their lines past that" : null;
    }

    private static string? NewFailures(GateReportUpload report)
    {
        if (report.NewFailures.Count > MaxNewFailures || report.NewFailureCount < report.NewFailures.Count)
        {
            return $"newFailures lists at most the first {MaxNewFailures}, and newFailureCount counts them all (at least as many as listed)";
        }

        for (var i = 0; i < report.NewFailures.Count; i++)
        {
            var where = $"newFailures[{i}]";
            if (report.NewFailures[i] is not { } failure)
            {
                return $"{where} is null";
            }

            if ((HistoryUploads.Name(failure.Test, where + ".test") ?? Text(failure.Message, where + ".message")) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Flaky(IReadOnlyList<GateFlakyView?> flaky)
    {
        if (flaky.Count > MaxFlaky)
        {
            return $"flaky lists at most {MaxFlaky} tests";
        }

        for (var i = 0; i < flaky.Count; i++)
        {
            var where = $"flaky[{i}]";
            if (flaky[i] is not { } test)
            {
                return $"{where} is null";
            }

            if (HistoryUploads.Name(test.Test, where + ".test") is { } name)
            {
                return name;
            }

            if (!(test.FailureRate is >= 0 and <= 1) || test.Runs < 0 || test.Signals is not { Length: <= 200 })
            {
                return $"{where}: failureRate is between 0 and 1, runs 0 or more, signals at most 200 characters";
            }
        }

        return null;
    }

    private static string? Benchmarks(IReadOnlyList<GateBenchmarkView?> benchmarks)
    {
        if (benchmarks.Count > MaxBenchmarks)
        {
            return $"benchmarks lists at most {MaxBenchmarks}";
        }

        for (var i = 0; i < benchmarks.Count; i++)
        {
            var where = $"benchmarks[{i}]";
            if (benchmarks[i] is not { } b)
            {
                return $"{where} is null";
            }

            if ((HistoryUploads.Name(b.Name, where + ".name") ?? OneOf(b.Status, where + ".status", BenchmarkStatuses)) is { } problem)
            {
                return problem;
            }

            if (!double.IsFinite(b.CurrentNs) || b.BaselineMeanNs is { } m && !double.IsFinite(m) || b.UpperBoundNs is { } u && !double.IsFinite(u) || b.RelativeChange is { } r && !double.IsFinite(r) || b.Samples < 0)
            {
                return $"{where}: numbers are finite and samples 0 or more";
            }
        }

        return null;
    }

    private static string? OneOf(string? value, string where, string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal) ? null : $"{where} is '{HistoryUploads.Shorten(value ?? "")}'; it is one of {string.Join(", ", allowed)}";

    private static string? Text(string? value, string where) =>
        value is { Length: > HistoryEndpoints.MaxNameLength } ? $"{where} is {value.Length} characters long; at most {HistoryEndpoints.MaxNameLength}" : null;
}
