using Sluice.Quality.Gates;
using Sluice.Quality.History;
using Sluice.Quality.Patch;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality;

/// <summary>Everything a gate run found: the verdict, and what it was computed from.</summary>
internal sealed record GateOutcome(GateResult Result, QualitySummary Summary, PatchCoverage? Patch, HistoryReport? History, IReadOnlyList<string> Notes);

/// <summary>Runs a gate: reports, patch coverage from git, the analyses of history (then records this run), and the conditions.</summary>
internal sealed class GateRunner(TimeProvider timeProvider)
{
    public async Task<GateOutcome> RunAsync(GateDefinition gate, QualitySummary summary, GateRunSettings settings, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var git = await GitFacts.ReadAsync(settings.WorkingDirectory, settings.BaseRef, settings.Branch, cancellationToken);

        PatchCoverage? patch = null;
        string? patchProblem = git.Problem;
        if (summary.Coverage is { } coverage && git.BaseRef is not null && git.Root is not null)
        {
            var added = await new GitRepository(settings.WorkingDirectory).AddedLinesAsync(git.BaseRef, cancellationToken);
            patch = PatchCoverage.Compute(added, coverage.Files, git.Root);
        }

        HistoryReport? history = null;
        string? historyProblem;
        if (settings.NoHistory)
        {
            historyProblem = "history is off (--no-history)";
        }
        else if (git.Commit is null || git.Tree is null)
        {
            historyProblem = "history needs a git commit and branch: " + git.Problem;
        }
        else
        {
            historyProblem = null;
            var path = settings.HistoryPath ?? Path.Combine(git.Root ?? settings.WorkingDirectory, SqliteQualityHistory.DefaultPath);
            await using var store = await SqliteQualityHistory.OpenAsync(path, timeProvider, cancellationToken);
            var record = new GateRunRecord(
                git.Commit,
                git.Tree,
                git.Branch ?? "HEAD",
                git.BaseBranch,
                [.. (summary.Tests?.Cases ?? []).Select(TestRecord.From)],
                summary.Coverage is { } c ? new CoverageTotals(c.LinesCovered, c.LinesValid, c.BranchesCovered, c.BranchesValid) : null,
                summary.Benchmarks);
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
            history = await new HistoryAnalyzer(store, options).AnalyzeAsync(record, cancellationToken);
            await store.RecordRunAsync(record, cancellationToken);
            notes.Add($"recorded in {path} as {record.Branch} at {record.CommitSha[..Math.Min(12, record.CommitSha.Length)]}");
        }

        var metrics = GateMetrics.Build(summary, patch, patchProblem, gate.PatchMinimumLines, history, historyProblem);
        return new GateOutcome(GateEvaluator.Evaluate(gate, metrics), summary, patch, history, notes);
    }
}

internal sealed record GateRunSettings(string WorkingDirectory, string? BaseRef, string? Branch, string? HistoryPath, bool NoHistory);
