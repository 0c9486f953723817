using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Quality.Reports;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>A gate run as a job sends it: checked value by value, so that a bad upload is a 400 that says which value.</summary>
internal static class HistoryUploads
{
    public static string? Problem(HistoryRunUpload upload)
    {
        if ((Name(upload.CommitSha, "commitSha") ?? Name(upload.TreeHash, "treeHash") ?? Name(upload.Branch, "branch") ?? (upload.BaseBranch is null ? null : Name(upload.BaseBranch, "baseBranch"))) is { } header)
        {
            return header;
        }

        for (var i = 0; i < upload.Tests.Count; i++)
        {
            var test = upload.Tests[i];
            var where = $"tests[{i}]";
            if (test is null)
            {
                return $"{where} is null";
            }

            if ((Name(test.Id, where + ".id") ?? (test.Name is null ? null : Name(test.Name, where + ".name"))) is { } name)
            {
                return name;
            }

            if (test.Outcome is not { Length: > 0 } || !Enum.TryParse<TestOutcome>(test.Outcome, ignoreCase: false, out var outcome) || !Enum.IsDefined(outcome) || char.IsDigit(test.Outcome[0]))
            {
                return $"{where}.outcome is '{Shorten(test.Outcome ?? "")}'; it is one of Passed, Failed, Errored, Skipped, Flaky";
            }

            if (!double.IsFinite(test.DurationSeconds) || test.DurationSeconds < 0 || test.Attempts < 0)
            {
                return $"{where} needs a duration of 0 seconds or more and a number of attempts of 0 or more";
            }
        }

        for (var i = 0; i < upload.Benchmarks.Count; i++)
        {
            var benchmark = upload.Benchmarks[i];
            if (benchmark is null || Name(benchmark.Name, $"benchmarks[{i}].name") is not null || !double.IsFinite(benchmark.MeanNs) || !double.IsFinite(benchmark.StdDevNs) || benchmark.Samples < 0)
            {
                return $"benchmarks[{i}] needs a name of 1 to {HistoryEndpoints.MaxNameLength} characters, finite numbers and samples of 0 or more";
            }
        }

        return upload.Coverage is { } c && (c.LinesCovered < 0 || c.LinesValid < c.LinesCovered || c.BranchesCovered < 0 || c.BranchesValid < c.BranchesCovered)
            ? "coverage counts cannot be negative, and covered cannot exceed valid"
            : null;
    }

    /// <param name="origin">The job attempt that sends it, so that its run's page finds its tests.</param>
    public static NewQualityRun ToRun(HistoryRunUpload upload, QualityRunOrigin origin) => new(
        new RunHeader(upload.CommitSha, upload.TreeHash, upload.Branch, upload.BaseBranch),
        [.. upload.Tests.Select(t => new QualityTestRow(t.Id, t.Name, Enum.Parse<TestOutcome>(t.Outcome), t.DurationSeconds, t.Attempts))],
        upload.Coverage is { } c ? new CoverageTotals(c.LinesCovered, c.LinesValid, c.BranchesCovered, c.BranchesValid) : null,
        [.. upload.Benchmarks.Select(b => new BenchmarkResult(b.Name, b.MeanNs, b.StdDevNs, b.Samples))],
        origin);

    internal static string? Name(string? value, string where) =>
        string.IsNullOrWhiteSpace(value) ? $"{where} is empty"
        : value.Length > HistoryEndpoints.MaxNameLength ? $"{where} is {value.Length} characters long; at most {HistoryEndpoints.MaxNameLength}"
        : null;

    internal static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
