using Sluice.Quality.Reports;

namespace Sluice.Quality.Tests.TestReports;

public sealed class TestResultMergerTests
{
    private static TestCaseResult Result(string name, TestOutcome outcome, double seconds = 1, string? message = null, int attempts = 1, string className = "C") =>
        new("suite", className, name, outcome, seconds, message, Attempts: attempts);

    [Fact]
    public void A_case_that_failed_then_passed_is_flaky_with_attempts_and_durations_summed_and_the_failure_message_kept()
    {
        var merged = TestResultMerger.Merge([
            Result("t", TestOutcome.Failed, 1.5, "boom"),
            Result("t", TestOutcome.Passed, 2),
        ]);

        Assert.Equal(Result("t", TestOutcome.Flaky, 3.5, "boom", attempts: 2), Assert.Single(merged));
    }

    [Fact]
    public void The_last_failure_message_is_kept_and_a_case_that_only_failed_stays_failed()
    {
        var merged = TestResultMerger.Merge([
            Result("t", TestOutcome.Failed, message: "first"),
            Result("t", TestOutcome.Errored, message: "second", attempts: 3),
            Result("t", TestOutcome.Skipped, message: "skipped later"),
        ]);

        var result = Assert.Single(merged);
        Assert.Equal((TestOutcome.Errored, "second", 5), (result.Outcome, result.Message, result.Attempts));
    }

    [Fact]
    public void Flaky_entries_stay_flaky_and_passes_alone_stay_passed()
    {
        var merged = TestResultMerger.Merge([
            Result("a", TestOutcome.Flaky, message: "retried", attempts: 2),
            Result("a", TestOutcome.Passed),
            Result("b", TestOutcome.Passed),
            Result("b", TestOutcome.Skipped),
            Result("c", TestOutcome.Skipped),
            Result("c", TestOutcome.Skipped),
        ]);

        Assert.Equal(new[] { TestOutcome.Flaky, TestOutcome.Passed, TestOutcome.Skipped }, merged.Select(r => r.Outcome));
        Assert.Equal(new[] { 3, 2, 2 }, merged.Select(r => r.Attempts));
        Assert.Equal("retried", merged[0].Message);
    }

    [Fact]
    public void Cases_are_told_apart_by_class_and_name_and_kept_in_first_seen_order()
    {
        var merger = new TestResultMerger();
        merger.OnTestCase(Result("z", TestOutcome.Passed, className: "B"));
        merger.OnTestCase(Result("a", TestOutcome.Passed, className: "A"));
        merger.OnTestCase(Result("z", TestOutcome.Failed, className: "A"));
        merger.OnTestCase(Result("z", TestOutcome.Passed, className: "B") with { Suite = "another file" });

        Assert.Equal(new[] { "B.z", "A.a", "A.z" }, merger.Results.Select(r => r.Id));
        Assert.Equal(new[] { 2, 1, 1 }, merger.Results.Select(r => r.Attempts));
        Assert.Equal("suite", merger.Results[0].Suite);
    }

    [Fact]
    public void The_first_location_given_is_kept()
    {
        var merged = TestResultMerger.Merge([
            Result("t", TestOutcome.Passed),
            Result("t", TestOutcome.Passed) with { File = "a.py", Line = 3 },
            Result("t", TestOutcome.Passed) with { File = "b.py", Line = 9 },
        ]);

        Assert.Equal(("a.py", 3), (merged[0].File, merged[0].Line));
    }

    [Fact]
    public void Reruns_across_files_merge_into_one_flaky_case()
    {
        var merger = new TestResultMerger();
        var first = """<testsuite name="run1"><testcase classname="app.SyncTest" name="syncs" time="1"><failure message="timeout"/></testcase></testsuite>""";
        var second = """<testsuite name="run2"><testcase classname="app.SyncTest" name="syncs" time="2"/></testsuite>""";
        new JUnitReader().Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(first)), "run1.xml", merger, CancellationToken.None);
        new JUnitReader().Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(second)), "run2.xml", merger, CancellationToken.None);

        var result = Assert.Single(merger.Results);
        Assert.Equal((TestOutcome.Flaky, 2, 3.0, "timeout"), (result.Outcome, result.Attempts, result.DurationSeconds, result.Message));
    }

    [Fact]
    public void Coverage_and_benchmarks_pass_through_to_the_next_sink()
    {
        var recorded = new List<string>();
        var merger = new TestResultMerger(new ForwardingProbe(recorded));
        merger.OnCoverageFile(new CoverageFile("a.cs"));
        merger.OnBenchmark(new BenchmarkResult("b", 1, 0, 1));
        merger.OnTestCase(Result("t", TestOutcome.Passed));

        Assert.Equal(new[] { "coverage a.cs", "benchmark b" }, recorded);
        Assert.Single(merger.Results);
    }

    private sealed class ForwardingProbe(List<string> recorded) : IReportSink
    {
        public void OnTestCase(TestCaseResult testCase) => recorded.Add("test " + testCase.Id);

        public void OnCoverageFile(CoverageFile file) => recorded.Add("coverage " + file.Path);

        public void OnBenchmark(BenchmarkResult benchmark) => recorded.Add("benchmark " + benchmark.Name);
    }
}
