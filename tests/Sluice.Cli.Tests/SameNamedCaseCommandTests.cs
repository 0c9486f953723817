using System.Text.Json;

namespace Sluice.Cli.Tests;

/// <summary>
/// Same-named test cases through the commands: every case counts, only a report's own retries make a test flaky,
/// and history keeps same-named cases apart.
/// </summary>
public sealed class SameNamedCaseCommandTests : IDisposable
{
    // xunit cuts a long string argument in a theory row's display name, so two rows can show one name; TRX keeps them apart by testId.
    private const string CutRowName = "Shop.Tests.ImportTests.Reads_a_feed(xml: \"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-8\\\"?>\\n<feed\"···)";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Report_counts_every_case_of_a_name_and_calls_none_flaky()
    {
        _temp.Write("mocha.xml", """
            <testsuites name="Mocha Tests" tests="4" failures="1">
              <testsuite name="cart" tests="2"><testcase name="cart adds an item" classname="adds an item"/><testcase name="cart totals" classname="totals"/></testsuite>
              <testsuite name="cart" tests="2"><testcase name="cart adds an item" classname="adds an item"><failure message="expected 2 to equal 3"/></testcase><testcase name="cart totals" classname="totals"/></testsuite>
            </testsuites>
            """);

        var result = await SluiceProcess.RunAsync(_temp.Path, "report", "mocha.xml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("tests       4 total, 3 passed, 1 failed, 0 errored, 0 skipped, 0 flaky", result.Stdout);
    }

    [Fact]
    public async Task Theory_rows_sharing_a_display_name_are_never_flaky_and_a_repeated_test_id_is()
    {
        await CommitAsync();
        _temp.Write("results.trx", QualityReports.Trx(
            ("b0000000-0000-0000-0000-000000000001", CutRowName, "Shop.Tests.ImportTests", "Passed"),
            ("b0000000-0000-0000-0000-000000000002", CutRowName, "Shop.Tests.ImportTests", "Failed"),
            ("b0000000-0000-0000-0000-000000000003", "Shop.Tests.SyncTests.Pulls", "Shop.Tests.SyncTests", "Failed"),
            ("b0000000-0000-0000-0000-000000000003", "Shop.Tests.SyncTests.Pulls", "Shop.Tests.SyncTests", "Passed")));

        for (var run = 0; run < 3; run++)
        {
            var gate = await SluiceProcess.RunAsync(_temp.Path, "gate", "results.trx", "-c", "tests.total == 3 && tests.failed == 1 && tests.flaky == 1");
            Assert.True(gate.ExitCode == 0, gate.ToString());
        }

        var list = await SluiceProcess.RunAsync(_temp.Path, "flaky", "list", "--format", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using var json = JsonDocument.Parse(list.Stdout);
        var flaky = json.RootElement.GetProperty("flaky").EnumerateArray().ToList();
        Assert.Equal(["Shop.Tests.SyncTests.Pulls"], flaky.Select(f => f.GetProperty("test").GetString()));
        Assert.Equal("PassedOnRetry", flaky[0].GetProperty("signals").GetString());
    }

    [Fact]
    public async Task Repeated_junit_cases_are_retries_when_the_command_or_the_gate_file_says_so()
    {
        _temp.Write("gradle.xml", """
            <testsuite name="com.example.PaymentClientTest" tests="3" failures="1">
              <properties/>
              <testcase name="refunds()" classname="com.example.PaymentClientTest" time="1.0"><failure message="Read timed out"/></testcase>
              <testcase name="charges()" classname="com.example.PaymentClientTest" time="0.1"/>
              <testcase name="refunds()" classname="com.example.PaymentClientTest" time="0.9"/>
            </testsuite>
            """);

        var distinct = await SluiceProcess.RunAsync(_temp.Path, "gate", "gradle.xml", "--no-history", "-c", "tests.total == 3 && tests.failed == 1 && tests.flaky == 0");
        var retried = await SluiceProcess.RunAsync(_temp.Path, "gate", "gradle.xml", "--no-history", "--repeated-cases", "retries", "-c", "tests.total == 2 && tests.failed == 0 && tests.flaky == 1");
        _temp.Write(".sluice/gate.yml", "conditions:\n  - tests.total == 2 && tests.flaky == 1\ntests: { repeated-cases: retries }\n");
        var fromFile = await SluiceProcess.RunAsync(_temp.Path, "gate", "gradle.xml", "--no-history");
        var report = await SluiceProcess.RunAsync(_temp.Path, "report", "gradle.xml", "--repeated-cases", "retries");

        Assert.True(distinct.ExitCode == 0, distinct.ToString());
        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Contains("tests       2 total, 1 passed, 0 failed, 0 errored, 0 skipped, 1 flaky", report.Stdout);
    }

    [Fact]
    public async Task Report_json_streams_many_cases_with_the_counts_after_them()
    {
        _temp.Write("big.xml", QualityReports.JUnit([.. Enumerable.Range(0, 20_000).Select(i => ("Shop.Tests", $"Case{i}", i % 10 == 0 ? "failed" : "passed", 0.001))]));

        var result = await SluiceProcess.RunAsync(_temp.Path, "report", "big.xml", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var tests = json.RootElement.GetProperty("tests");
        Assert.Equal(["cases", "total", "passed", "failed", "errored", "skipped", "flaky", "duration_seconds"], tests.EnumerateObject().Select(p => p.Name));
        Assert.Equal((20_000, 2_000), (tests.GetProperty("total").GetInt32(), tests.GetProperty("failed").GetInt32()));
        Assert.Equal(20_000, tests.GetProperty("cases").GetArrayLength());
    }

    private async Task CommitAsync()
    {
        await _temp.GitInitAsync();
        _temp.Write("README.md", "shop\n");
        await _temp.GitAsync("add", ".");
        await _temp.GitAsync("commit", "-q", "-m", "base");
    }
}
