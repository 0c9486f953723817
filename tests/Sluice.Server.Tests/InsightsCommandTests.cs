using System.Globalization;
using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary><c>sluice insights</c> against a live server: a run that an agent ran shows in its day's row and in the JSON; bad input is a usage error.</summary>
[Collection(FleetCollection.Name)]
public sealed class InsightsCommandTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_finished_run_is_counted_on_its_day_in_the_table_and_the_json()
    {
        var repository = _fleet.Repository("gauge", (".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo measured\n"));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("gauge", repository);
        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("gauge")).Id);
        Assert.Equal("success", run.Conclusion);
        var day = run.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The only repository is the default; two days hold the run's day even if midnight passed meanwhile.
        var table = await _fleet.CliAsync("insights", "--days", "2");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"^gauge: \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)$", table.StdoutLines[0]);
        Assert.Equal("day          runs    ok  fail cancel success      p50     p95   wait50  wait95  gates flaky  rate", table.StdoutLines[1]);
        Assert.Matches($@"^{day}      1     1     0      0    100%  +\S+ +\S+ +\S+ +\S+      0     0     -$", Assert.Single(table.StdoutLines, l => l.StartsWith(day, StringComparison.Ordinal)));
        Assert.Contains("slowest tests: none recorded", table.StdoutLines);
        Assert.Contains("most failing tests: none failed", table.StdoutLines);

        var json = await _fleet.CliAsync("insights", "gauge", "--days", "2", "--format", "json", "--branch", "main", "--workflow", "ci.yml");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var days = document.RootElement.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(2, days.Count);
        var counted = Assert.Single(days, d => d.GetProperty("day").GetString() == day);
        Assert.Equal((1, 1, 1.0), (counted.GetProperty("runs").GetInt32(), counted.GetProperty("succeeded").GetInt32(), counted.GetProperty("successRate").GetDouble()));
        var taken = (run.FinishedAt!.Value - run.CreatedAt).TotalSeconds;
        Assert.Equal((taken, taken), (counted.GetProperty("durationP50Seconds").GetDouble(), counted.GetProperty("durationP95Seconds").GetDouble()));
        Assert.InRange(counted.GetProperty("queueWaitP50Seconds").GetDouble(), 0, taken);

        var other = await _fleet.CliAsync("insights", "gauge", "--days", "2", "--format", "json", "--workflow", "release.yml");
        Assert.True(other.ExitCode == 0, other.ToString());
        using var none = JsonDocument.Parse(other.Stdout);
        Assert.All(none.RootElement.GetProperty("days").EnumerateArray(), d => Assert.Equal(0, d.GetProperty("runs").GetInt32()));
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Bad_days_an_unknown_repository_and_a_choice_of_repositories_are_usage_errors()
    {
        await _fleet.StartServerAsync();

        Assert.Equal((2, "sluice: error: --days takes 1 to 365 days, not 0"), await ErrorAsync("insights", "--days", "0"));
        Assert.Equal((2, "sluice: error: --days takes 1 to 365 days, not 366"), await ErrorAsync("insights", "--days", "366"));
        Assert.Equal((2, "sluice: error: the server has no repository you may read (sluice repo add)"), await ErrorAsync("insights"));
        var (code, message) = await ErrorAsync("insights", "nowhere");
        Assert.Equal(2, code);
        Assert.Contains("no repository named 'nowhere'", message, StringComparison.Ordinal);

        await _fleet.AddRepositoryAsync("alpha", _fleet.Repository("alpha", ("README", "a\n")));
        await _fleet.AddRepositoryAsync("beta", _fleet.Repository("beta", ("README", "b\n")));
        Assert.Equal((2, "sluice: error: name the repository: one of alpha, beta"), await ErrorAsync("insights"));
    }

    public void Dispose() => _fleet.Dispose();

    private async Task<(int Code, string Message)> ErrorAsync(params string[] args)
    {
        var result = await _fleet.CliAsync(args);
        return (result.ExitCode, result.Stderr.Trim());
    }
}
