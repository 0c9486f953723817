using Sluice.Quality.Gates;
using Sluice.Quality.History;
using Sluice.Quality.Patch;
using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality;

/// <summary>Fills the gate's metrics from the reports, the patch and history, marking what could not be measured and why.</summary>
internal static class GateMetrics
{
    public static QualityMetrics Build(QualitySummary summary, PatchCoverage? patch, string? patchProblem, int patchMinimumLines, HistoryReport? history, string? historyProblem)
    {
        var metrics = new QualityMetrics();
        var quarantinedFailures = history?.Flaky.QuarantinedFailures ?? [];
        if (summary.Tests is { } tests)
        {
            var failedNow = tests.Failed - quarantinedFailures.Count(t => t.Outcome == TestOutcome.Failed);
            var erroredNow = tests.Errored - quarantinedFailures.Count(t => t.Outcome == TestOutcome.Errored);
            metrics.Set("tests.total", tests.Total).Set("tests.passed", tests.Passed)
                .Set("tests.failed", failedNow).Set("tests.errored", erroredNow)
                .Set("tests.failed_total", tests.Failed + tests.Errored)
                .Set("tests.quarantined_failures", tests.Failed + tests.Errored - failedNow - erroredNow)
                .Set("tests.skipped", tests.Skipped).Set("tests.flaky", tests.Flaky)
                .Set("tests.duration_seconds", tests.DurationSeconds);
            if (history is { BaseRun: null })
            {
                metrics.Missing("tests.new_failures", "no earlier run of the base branch in history to compare with");
            }
            else if (history is not null)
            {
                metrics.Set("tests.new_failures", history.NewFailures.Unquarantined);
            }
            else
            {
                metrics.Missing("tests.new_failures", historyProblem ?? "no history");
            }
        }

        if (summary.Coverage is { } coverage)
        {
            metrics.Set("coverage.lines_covered", coverage.LinesCovered).Set("coverage.lines_valid", coverage.LinesValid)
                .Set("coverage.branches_covered", coverage.BranchesCovered).Set("coverage.branches_valid", coverage.BranchesValid);
            SetPercent(metrics, "coverage.line", coverage.LineRate, "the coverage reports have no coverable lines");
            SetPercent(metrics, "coverage.branch", coverage.BranchRate, "the coverage reports have no branches");
            if (patch is null)
            {
                metrics.Missing("coverage.patch", patchProblem ?? "no diff to measure");
            }
            else
            {
                metrics.Set("coverage.patch_lines", patch.CoverableLines).Set("coverage.patch_covered", patch.CoveredLines);
                if (patch.CoverableLines < patchMinimumLines)
                {
                    metrics.Missing("coverage.patch", $"the change adds {patch.CoverableLines} coverable lines, fewer than {patchMinimumLines}, too few to judge");
                }
                else
                {
                    metrics.Set("coverage.patch", patch.Percent!.Value);
                }
            }
        }

        if (summary.Benchmarks.Count > 0)
        {
            metrics.Set("benchmarks.count", summary.Benchmarks.Count);
            if (history is null)
            {
                metrics.Missing("benchmarks.regressions", historyProblem ?? "no history");
            }
            else if (history.Benchmarks.All(b => b.Status == BenchmarkStatus.Inconclusive))
            {
                metrics.Missing("benchmarks.regressions", "fewer than 2 earlier measurements of each benchmark on this branch or its base");
                metrics.Set("benchmarks.inconclusive", history.Benchmarks.Count);
            }
            else
            {
                metrics.Set("benchmarks.regressions", history.Benchmarks.Count(b => b.Status == BenchmarkStatus.Regressed))
                    .Set("benchmarks.inconclusive", history.Benchmarks.Count(b => b.Status == BenchmarkStatus.Inconclusive));
            }
        }

        if (summary.Tests is not null)
        {
            if (history is null)
            {
                metrics.Missing("flaky.unquarantined", historyProblem ?? "no history").Missing("flaky.count", historyProblem ?? "no history");
            }
            else
            {
                metrics.Set("flaky.count", history.Flaky.Flaky.Count)
                    .Set("flaky.unquarantined", history.Flaky.Unquarantined.Count)
                    .Set("flaky.quarantined", history.Flaky.QuarantinedFailures.Count)
                    .Set("flaky.broken", history.Flaky.Broken);
            }
        }

        return metrics;
    }

    private static void SetPercent(QualityMetrics metrics, string path, double? rate, string missing)
    {
        if (rate is { } r)
        {
            metrics.Set(path, 100 * r);
        }
        else
        {
            metrics.Missing(path, missing);
        }
    }
}
