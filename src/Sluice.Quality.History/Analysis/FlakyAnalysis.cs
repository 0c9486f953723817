using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>Finds flaky tests among those of the current run, from the run itself and its history.</summary>
public static class FlakyAnalysis
{
    /// <param name="current">The run being judged.</param>
    /// <param name="window">Earlier runs, newest first; only the first <see cref="FlakyOptions.Window"/> - 1 are used.</param>
    /// <param name="sameTree">Earlier runs of the current run's tree, on any branch.</param>
    /// <param name="quarantined">Ids of quarantined tests.</param>
    public static FlakyReport Analyze(
        RunTestOutcomes current,
        IReadOnlyList<RunTestOutcomes> window,
        IReadOnlyList<RunTestOutcomes> sameTree,
        IReadOnlySet<string> quarantined,
        FlakyOptions options)
    {
        var history = window.Take(options.Window - 1).ToList();
        var resultsById = ResultsNewestFirst([current, .. history]);
        var conflicted = SameTreeConflicts([current, .. history, .. sameTree]);

        var flaky = new List<FlakyTest>();
        var broken = new List<string>();
        foreach (var test in current.Tests.DistinctBy(t => t.Id).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var results = resultsById.GetValueOrDefault(test.Id) ?? [];
            if (results.Count >= options.ClearAfterPasses && results.Take(options.ClearAfterPasses).All(r => r.IsCleanPass))
            {
                continue;
            }

            var failures = results.Count(r => r.IsFailure);
            var rate = results.Count == 0 ? 0 : (double)failures / results.Count;
            var signals = FlakySignals.None;
            if (conflicted.Contains(test.Id))
            {
                signals |= FlakySignals.SameTreePassAndFail;
            }

            if (results.Any(r => r.Attempts > 1 && r.IsPass))
            {
                signals |= FlakySignals.PassedOnRetry;
            }

            if (results.Any(r => r.Outcome == TestOutcome.Flaky))
            {
                signals |= FlakySignals.ReportedFlaky;
            }

            var judged = results.Count >= options.MinRuns;
            if (judged && signals == FlakySignals.None && failures == results.Count)
            {
                broken.Add(test.Id);
                continue;
            }

            if (judged && rate >= options.FailureRateThreshold && failures < results.Count)
            {
                signals |= FlakySignals.FailureRate;
            }

            if (signals != FlakySignals.None)
            {
                flaky.Add(new FlakyTest(test.Id, signals, rate, results.Count, quarantined.Contains(test.Id), test.IsFailure));
            }
        }

        return new FlakyReport(
            flaky,
            broken,
            [.. flaky.Where(f => f.FailingNow && !f.Quarantined)],
            [.. current.Tests.Where(t => t.IsFailure && quarantined.Contains(t.Id)).Select(t => t.Id).Distinct().Order(StringComparer.Ordinal)]);
    }

    private static Dictionary<string, List<TestRecord>> ResultsNewestFirst(IEnumerable<RunTestOutcomes> runsNewestFirst)
    {
        var byId = new Dictionary<string, List<TestRecord>>(StringComparer.Ordinal);
        foreach (var test in runsNewestFirst.SelectMany(r => r.Tests).Where(t => t.Outcome != TestOutcome.Skipped))
        {
            if (!byId.TryGetValue(test.Id, out var list))
            {
                byId[test.Id] = list = [];
            }

            list.Add(test);
        }

        return byId;
    }

    /// <summary>Tests that both passed and failed on one tree hash, each run counted once.</summary>
    private static HashSet<string> SameTreeConflicts(IEnumerable<RunTestOutcomes> runs)
    {
        var seen = new Dictionary<(string Tree, string Id), (bool Passed, bool Failed)>();
        foreach (var run in runs.DistinctBy(r => r.Run.Id))
        {
            foreach (var test in run.Tests)
            {
                var key = (run.Run.TreeHash, test.Id);
                var (passed, failed) = seen.GetValueOrDefault(key);
                seen[key] = (passed || test.IsPass, failed || test.IsFailure);
            }
        }

        return seen.Where(e => e.Value is (true, true)).Select(e => e.Key.Id).ToHashSet(StringComparer.Ordinal);
    }
}
