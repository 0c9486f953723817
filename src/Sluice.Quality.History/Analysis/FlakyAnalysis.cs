using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// Finds flaky tests among those of the run being judged, one test at a time, from the rows
/// <see cref="IQualityHistory.ReadFlakyCandidatesAsync"/> gives: memory holds one test's history, never a run's.
/// </summary>
public static class FlakyAnalysis
{
    /// <param name="rows">Results grouped by test id (in any order within a group); the judged run's own row included.</param>
    /// <param name="currentRunId">The run being judged.</param>
    /// <param name="quarantined">Ids of quarantined tests.</param>
    /// <param name="quarantinedFailures">The judged run's failing tests that are quarantined.</param>
    public static async Task<FlakyReport> AnalyzeAsync(
        IAsyncEnumerable<TestResultRow> rows,
        long currentRunId,
        IReadOnlySet<string> quarantined,
        IReadOnlyList<TestRecord> quarantinedFailures,
        FlakyOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var flaky = new List<FlakyTest>();
        var broken = 0;
        var group = new List<TestResultRow>();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (group.Count > 0 && !string.Equals(group[0].TestId, row.TestId, StringComparison.Ordinal))
            {
                Judge(group, currentRunId, quarantined, options, flaky, ref broken);
                group.Clear();
            }

            group.Add(row);
        }

        if (group.Count > 0)
        {
            Judge(group, currentRunId, quarantined, options, flaky, ref broken);
        }

        return new FlakyReport(flaky, broken, [.. flaky.Where(f => f.FailingNow && !f.Quarantined)], quarantinedFailures);
    }

    /// <summary>One test: flaky (added to <paramref name="flaky"/>), broken (counted), or neither.</summary>
    private static void Judge(List<TestResultRow> rows, long currentRunId, IReadOnlySet<string> quarantined, FlakyOptions options, List<FlakyTest> flaky, ref int broken)
    {
        if (rows.Find(r => r.RunId == currentRunId) is not { } current)
        {
            return;
        }

        // Newest first: run ids grow in the order runs were recorded.
        var results = rows.Where(r => r.InWindow && r.Outcome != TestOutcome.Skipped).OrderByDescending(r => r.RunId).ToList();
        if (results.Count >= options.ClearAfterPasses && results.Take(options.ClearAfterPasses).All(r => r.Outcome == TestOutcome.Passed))
        {
            return;
        }

        var failures = results.Count(r => r.IsFailure);
        var rate = results.Count == 0 ? 0 : (double)failures / results.Count;
        var signals = FlakySignals.None;
        if (rows.GroupBy(r => r.TreeHash, StringComparer.Ordinal).Any(tree => tree.Any(r => r.IsPass) && tree.Any(r => r.IsFailure)))
        {
            signals |= FlakySignals.SameTreePassAndFail;
        }

        if (results.Any(r => r.Outcome == TestOutcome.Flaky))
        {
            signals |= FlakySignals.PassedOnRetry;
        }

        var judged = results.Count >= options.MinRuns;
        if (judged && signals == FlakySignals.None && failures == results.Count)
        {
            broken++;
            return;
        }

        if (judged && rate >= options.FailureRateThreshold && failures < results.Count)
        {
            signals |= FlakySignals.FailureRate;
        }

        if (signals != FlakySignals.None)
        {
            flaky.Add(new FlakyTest(current.TestId, signals, rate, results.Count, quarantined.Contains(current.TestId), current.IsFailure));
        }
    }
}
