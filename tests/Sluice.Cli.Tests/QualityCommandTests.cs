using System.Text.Json;
using System.Xml.Linq;

namespace Sluice.Cli.Tests;

/// <summary>report, gate, flaky and split, run as real processes on real files, git repositories and SQLite history.</summary>
public sealed class QualityCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Report_prints_recomputed_counts_as_text_and_in_the_documented_json_shape()
    {
        _temp.Write("out/a.xml", QualityReports.JUnit(("Shop.CartTests", "Adds", "passed", 0.5), ("Shop.CartTests", "Totals", "failed", 1.25)));
        _temp.Write("out/b.xml", QualityReports.JUnit(("Shop.TaxTests", "Rounds", "skipped", 0)));

        var text = await SluiceProcess.RunAsync(_temp.Path, "report", "out/*.xml");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("tests       3 total, 1 passed, 1 failed, 0 errored, 1 skipped, 0 flaky in 1.75 s", text.Stdout);
        Assert.Contains("  Shop.CartTests.Totals: expected 10 but was 12", text.Stdout);

        var json = await SluiceProcess.RunAsync(_temp.Path, "report", "out/a.xml", "out/b.xml", "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var tests = doc.RootElement.GetProperty("tests");
        Assert.Equal(3, tests.GetProperty("total").GetInt32());
        Assert.Equal(1, tests.GetProperty("failed").GetInt32());
        var failed = tests.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("outcome").GetString() == "failed");
        Assert.Equal("Shop.CartTests", failed.GetProperty("classname").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Equal(["junit", "junit"], doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("format").GetString()));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("coverage").ValueKind);
    }

    [Fact]
    public async Task Gate_counts_a_file_once_when_two_test_projects_report_it_relative_to_different_roots()
    {
        // coverlet's root is the folder a test project's covered files share: src/Shop.Core/ for the project's own
        // tests, src/ for tests that also cover Shop.Api. Both name src/Shop.Core/Cart.cs.
        _temp.Write("results/core/coverage.cobertura.xml", QualityReports.Cobertura("/build/src/Shop.Core/", "Cart.cs", (1, 1), (2, 1), (3, 0), (4, 0)));
        _temp.Write("results/api/coverage.cobertura.xml", QualityReports.Cobertura("/build/src/", "Shop.Core/Cart.cs", (1, 0), (2, 0), (3, 2), (4, 0)));

        var json = await SluiceProcess.RunAsync(_temp.Path, "report", "results/**/coverage.cobertura.xml", "--format", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var coverage = doc.RootElement.GetProperty("coverage");
        Assert.Equal(4, coverage.GetProperty("lines_valid").GetInt32());
        Assert.Equal(3, coverage.GetProperty("lines_covered").GetInt32());
        Assert.Equal(["/build/src/Shop.Core/Cart.cs"], coverage.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));

        var gate = await SluiceProcess.RunAsync(_temp.Path, "gate", "results/**/coverage.cobertura.xml", "--no-history", "-c", "coverage.line == 75");
        Assert.True(gate.ExitCode == 0, gate.ToString());
    }

    [Fact]
    public async Task Report_names_a_truncated_file_and_exits_one()
    {
        _temp.Write("broken.xml", "<testsuites>\n<testsuite name=\"x\">\n<testcase name=\"a\"");

        var result = await SluiceProcess.RunAsync(_temp.Path, "report", "broken.xml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: broken.xml:", result.Stdout);
    }

    [Fact]
    public async Task A_glob_that_matches_nothing_is_a_usage_error()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "report", "nothing/**/*.trx");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no file matches 'nothing/**/*.trx'", result.Stderr);
    }

    [Fact]
    public async Task Gate_passes_fails_and_reports_inconclusive_with_exit_codes_0_1_3()
    {
        _temp.Write("tests.xml", QualityReports.JUnit(("Shop.CartTests", "Adds", "passed", 0.5), ("Shop.CartTests", "Totals", "failed", 1)));

        var failed = await SluiceProcess.RunAsync(_temp.Path, "gate", "tests.xml", "--no-history", "-c", "tests.failed == 0");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("tests.failed == 0  1         == 0       failed", failed.Stdout);

        var passed = await SluiceProcess.RunAsync(_temp.Path, "gate", "tests.xml", "--no-history", "-c", "tests.total == 2");
        Assert.True(passed.ExitCode == 0, passed.ToString());

        var inconclusive = await SluiceProcess.RunAsync(_temp.Path, "gate", "tests.xml", "--no-history", "-c", "coverage.line >= 80");
        Assert.True(inconclusive.ExitCode == 3, inconclusive.ToString());
        Assert.Contains("no coverage data was given", inconclusive.Stdout);

        var asPass = await SluiceProcess.RunAsync(_temp.Path, "gate", "tests.xml", "--no-history", "-c", "coverage.line >= 80", "--inconclusive", "pass");
        Assert.Equal(0, asPass.ExitCode);
    }

    [Fact]
    public async Task Gate_writes_markdown_junit_and_the_step_summary()
    {
        _temp.Write("tests.xml", QualityReports.JUnit(("Shop.CartTests", "Adds", "passed", 0.5)));
        _temp.Write(".sluice/gate.yml", "conditions:\n  - name: No failures\n    condition: tests.failed == 0\n  - coverage.line >= 80\ninconclusive: pass\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "gate", "tests.xml", "--no-history", "--markdown", "gate.md", "--junit", "gate.xml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("| No failures | 0 | == 0 | ✅ passed |", File.ReadAllText(Path.Combine(_temp.Path, "gate.md")));
        var suite = XDocument.Load(Path.Combine(_temp.Path, "gate.xml")).Root!.Element("testsuite")!;
        Assert.Equal("2", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("skipped")!.Value);
    }

    [Fact]
    public async Task A_bad_gate_file_is_a_usage_error_naming_the_file_and_line()
    {
        _temp.Write("tests.xml", QualityReports.JUnit(("A", "b", "passed", 0)));
        _temp.Write("gate.yml", "conditions:\n  - tests.failed ==\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "gate", "tests.xml", "--gate", "gate.yml", "--no-history");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gate.yml: line 2: condition 'tests.failed ==': Unexpected end of expression", result.Stderr);
    }

    [Fact]
    public async Task Patch_coverage_comes_from_the_diff_against_the_default_branch()
    {
        await _temp.GitInitAsync();
        _temp.Write("src/Cart.cs", string.Concat(Enumerable.Range(1, 10).Select(i => $"line {i}\n")));
        await _temp.GitAsync("add", ".");
        await _temp.GitAsync("commit", "-q", "-m", "base");
        await _temp.GitAsync("checkout", "-q", "-b", "feature");
        _temp.Write("src/Cart.cs", string.Concat(Enumerable.Range(1, 34).Select(i => $"line {i}\n")));
        await _temp.GitAsync("commit", "-q", "-am", "change");
        var lines = Enumerable.Range(1, 34).Select(i => (i, i <= 28 ? 1 : 0)).ToArray();
        _temp.Write("coverage.xml", QualityReports.Cobertura("/home/runner/work/shop/shop/", "src/Cart.cs", lines));

        var result = await SluiceProcess.RunAsync(_temp.Path, "gate", "coverage.xml", "--no-history", "-c", "coverage.patch >= 70", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var condition = json.RootElement.GetProperty("conditions")[0];
        Assert.Equal("75", condition.GetProperty("measured").GetString());

        var tooFew = await SluiceProcess.RunAsync(_temp.Path, "gate", "coverage.xml", "--no-history", "-c", "coverage.patch >= 70", "--base", "HEAD~0");
        Assert.True(tooFew.ExitCode == 3, tooFew.ToString());
        Assert.Contains("the change adds 0 coverable lines, fewer than 20", tooFew.Stdout);
    }

    [Fact]
    public async Task History_finds_a_new_failure_and_quarantine_keeps_it_from_failing_the_gate()
    {
        await _temp.GitInitAsync();
        _temp.Write("README.md", "shop\n");
        await _temp.GitAsync("add", ".");
        await _temp.GitAsync("commit", "-q", "-m", "base");
        _temp.Write("run1.xml", QualityReports.JUnit(("Shop.CartTests", "Adds", "passed", 0.5), ("Shop.CartTests", "Totals", "passed", 2)));
        _temp.Write("run2.xml", QualityReports.JUnit(("Shop.CartTests", "Adds", "passed", 0.5), ("Shop.CartTests", "Totals", "failed", 2)));

        var first = await SluiceProcess.RunAsync(_temp.Path, "gate", "run1.xml", "-c", "tests.new_failures == 0");
        Assert.True(first.ExitCode == 3, first.ToString());
        Assert.Contains("no earlier run of the base branch in history to compare with", first.Stdout);
        Assert.True(File.Exists(Path.Combine(_temp.Path, ".sluice", "history.db")));

        var second = await SluiceProcess.RunAsync(_temp.Path, "gate", "run2.xml", "-c", "tests.new_failures == 0");
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains("New failures (passed on the base branch's latest run):", second.Stdout);
        Assert.Contains("  Shop.CartTests.Totals: expected 10 but was 12", second.Stdout);

        var quarantine = await SluiceProcess.RunAsync(_temp.Path, "flaky", "quarantine", "Shop.CartTests.Totals", "--reason", "issue 42", "--by", "qa");
        Assert.True(quarantine.ExitCode == 0, quarantine.ToString());
        var list = await SluiceProcess.RunAsync(_temp.Path, "flaky", "list");
        Assert.Contains("  Shop.CartTests.Totals  (issue 42; qa,", list.Stdout);

        var third = await SluiceProcess.RunAsync(_temp.Path, "gate", "run2.xml", "-c", "tests.failed == 0");
        Assert.True(third.ExitCode == 0, third.ToString());

        var release = await SluiceProcess.RunAsync(_temp.Path, "flaky", "release", "Shop.CartTests.Totals");
        Assert.Equal(0, release.ExitCode);
        var again = await SluiceProcess.RunAsync(_temp.Path, "flaky", "release", "Shop.CartTests.Totals");
        Assert.Equal(1, again.ExitCode);
    }

    [Fact]
    public async Task Split_balances_by_recorded_durations_and_prints_a_dotnet_filter()
    {
        await _temp.GitInitAsync();
        _temp.Write("README.md", "shop\n");
        await _temp.GitAsync("add", ".");
        await _temp.GitAsync("commit", "-q", "-m", "base");
        _temp.Write("run.xml", QualityReports.JUnit(("S", "Slow", "passed", 10), ("S", "Mid", "passed", 6), ("S", "Fast1", "passed", 3), ("S", "Fast2", "passed", 2)));
        var gate = await SluiceProcess.RunAsync(_temp.Path, "gate", "run.xml", "-c", "tests.failed == 0");
        Assert.True(gate.ExitCode == 0, gate.ToString());

        var shard0 = await SluiceProcess.RunAsync(_temp.Path, "split", "--shards", "2", "--index", "0", "S.Slow", "S.Mid", "S.Fast1", "S.Fast2");
        var shard1 = await SluiceProcess.RunAsync(_temp.Path, "split", "--shards", "2", "--index", "1", "S.Slow", "S.Mid", "S.Fast1", "S.Fast2");
        Assert.Equal(["S.Slow"], shard0.StdoutLines);
        Assert.Equal(["S.Mid", "S.Fast1", "S.Fast2"], shard1.StdoutLines);

        var filter = await SluiceProcess.RunWithInputAsync(_temp.Path, "S.Mid\nS.Slow\n", "split", "--shards", "2", "--index", "0", "--format", "dotnet-filter", "-");
        Assert.Equal("FullyQualifiedName=S.Slow", filter.Stdout.Trim());

        var bad = await SluiceProcess.RunAsync(_temp.Path, "split", "--shards", "2", "--index", "2", "S.Slow");
        Assert.Equal(2, bad.ExitCode);
    }
}

public sealed class ConcurrentGateTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Concurrent_gate_processes_all_record_into_one_history()
    {
        await _temp.GitInitAsync();
        _temp.Write("README.md", "shop\n");
        await _temp.GitAsync("add", ".");
        await _temp.GitAsync("commit", "-q", "-m", "base");
        for (var i = 0; i < 4; i++)
        {
            _temp.Write($"run{i}.xml", QualityReports.JUnit([.. Enumerable.Range(0, 300).Select(n => ("Shop.Tests", $"Case{n}", n == i ? "failed" : "passed", 0.01))]));
        }

        var gates = Enumerable.Range(0, 4).Select(i => SluiceProcess.RunAsync(_temp.Path, "gate", $"run{i}.xml", "-c", "tests.total == 300", "--branch", $"b{i}"));
        var results = await Task.WhenAll(gates);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        await using var history = await Sluice.Quality.History.SqliteQualityHistory.OpenAsync(Path.Combine(_temp.Path, ".sluice", "history.db"), TimeProvider.System, CancellationToken.None);
        for (var i = 0; i < 4; i++)
        {
            var run = Assert.Single(await history.GetRunsAsync($"b{i}", 10, CancellationToken.None));
            var tests = await history.GetTestResultsAsync(run.Id, CancellationToken.None);
            Assert.Equal(300, tests.Count);
            Assert.Equal($"Shop.Tests.Case{i}", Assert.Single(tests, t => t.IsFailure).Id);
        }
    }
}
