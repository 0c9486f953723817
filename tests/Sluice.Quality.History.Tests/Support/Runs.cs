using Sluice.Quality.Reports;

namespace Sluice.Quality.History.Tests;

/// <summary>Terse builders for gate runs and test results.</summary>
public static class Runs
{
    public static TestRecord Pass(string id, double seconds = 1) => new(id, TestOutcome.Passed, seconds);

    public static TestRecord Fail(string id, string? message = null) => new(id, TestOutcome.Failed, 1, Message: message);

    public static TestRecord Error(string id) => new(id, TestOutcome.Errored, 1);

    public static TestRecord Skip(string id) => new(id, TestOutcome.Skipped, 0);

    /// <summary>Failed, then passed on a retry in the same run.</summary>
    public static TestRecord Flaky(string id) => new(id, TestOutcome.Flaky, 1, Attempts: 2);

    /// <summary>Run three times in one run and passed every time (Gradle re-runs a parameterized method whole).</summary>
    public static TestRecord PassedEveryAttempt(string id) => new(id, TestOutcome.Passed, 1, Attempts: 3);

    public static GateRunRecord Run(string branch, params TestRecord[] tests) => Run(branch, null, "tree-" + Guid.NewGuid().ToString("N"), tests);

    public static GateRunRecord Run(string branch, string? baseBranch, string tree, params TestRecord[] tests) =>
        new("sha-" + Guid.NewGuid().ToString("N"), tree, branch, baseBranch, tests, null, []);

    public static GateRunRecord Bench(string branch, string? baseBranch, params (string Name, double MeanNs)[] benchmarks) =>
        new("sha-" + Guid.NewGuid().ToString("N"), "tree", branch, baseBranch, [], null, [.. benchmarks.Select(b => new BenchmarkResult(b.Name, b.MeanNs, b.MeanNs / 100, 16))]);
}
