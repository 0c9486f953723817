using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>sluice gate</c> inside server runs: each run's job starts in an empty workspace on an agent, so whatever the gate
/// knows of earlier runs came from the server's history of the repository. Step summaries go to the server too.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class QualityHistoryTests : IDisposable
{
    private const string Workflow = """
        name: quality
        on: push
        jobs:
          gate:
            runs-on: ubuntu-latest
            steps:
              - name: Test and gate
                run: |
                  # A fresh repository in the job's empty workspace: nothing of an earlier run is on this disk.
                  git init -q -b main .
                  if [ "${{ github.run_number }}" = 1 ]; then first=""; else first='<failure message="regressed"/>'; fi
                  cat > junit.xml <<XML
                  <testsuite name="shop">
                    <testcase classname="Shop.Tests" name="a_passes_then_fails">$first</testcase>
                    <testcase classname="Shop.Tests" name="always_fails"><failure message="broken"/></testcase>
                  </testsuite>
                  XML
                  git add junit.xml && git -c user.name=ci -c user.email=ci@example.test commit -qm "run ${{ github.run_number }}"
                  echo "history token: $SLUICE_HISTORY_TOKEN"
                  @SLUICE@ gate junit.xml --branch main --condition 'tests.new_failures == 0' --inconclusive pass --markdown gate.md
              - if: always()
                run: echo "## Run ${{ github.run_number }} was gated" >> "$GITHUB_STEP_SUMMARY"
        """;

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task The_second_runs_gate_judges_against_the_first_runs_results_kept_by_the_server()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/quality.yml", Workflow.Replace("@SLUICE@", SluiceProcess.ShellCommand, StringComparison.Ordinal)));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("shop", repository);

        var first = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        var firstLog = await LogAsync(first.Id);
        Assert.True(first.Conclusion == "success", string.Join('\n', firstLog));
        Assert.Contains(firstLog, l => l.StartsWith("recorded in " + _fleet.Url, StringComparison.Ordinal));
        Assert.Contains(firstLog, l => l.Contains("no base to compare with", StringComparison.Ordinal) || l.Contains("inconclusive", StringComparison.Ordinal));

        var second = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        var secondLog = await LogAsync(second.Id);

        // always_fails failed in the first run too, so it is not new; a_passes_then_fails passed there, so it is.
        Assert.True(second.Conclusion == "failure", string.Join('\n', secondLog));
        Assert.Equal(["Shop.Tests.a_passes_then_fails: regressed"], Section(secondLog, "New failures"));
        Assert.Contains(secondLog, l => l.Contains("history token: ***", StringComparison.Ordinal));
        Assert.DoesNotContain(secondLog, l => l.Contains("history token: ", StringComparison.Ordinal) && !l.Contains("history token: ***", StringComparison.Ordinal));

        // The summaries the steps wrote (the gate's verdict, then the echo) are kept per run and served.
        var summaries = await _fleet.CliAsync("summary", second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
        Assert.True(summaries.ExitCode == 0, summaries.ToString());
        var views = System.Text.Json.JsonSerializer.Deserialize(summaries.Stdout, ProtocolJson.Default.IReadOnlyListStepSummaryView)!;
        Assert.Equal(["gate", "gate"], views.Select(v => v.Job));
        Assert.Contains("tests.new_failures", views[0].Markdown, StringComparison.Ordinal);
        Assert.Equal("## Run 2 was gated\n", views[1].Markdown);
        var text = await _fleet.CliAsync("summary", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("## Run 1 was gated", text.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();

    /// <summary>The indented lines under a heading of the gate's findings.</summary>
    private static List<string> Section(IReadOnlyList<string> lines, string heading)
    {
        var start = lines.ToList().FindIndex(l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no '{heading}' in the log:\n{string.Join('\n', lines)}");
        return [.. lines.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim())];
    }

    private async Task<List<string>> LogAsync(long run) => [.. (await _fleet.LogsAsync(run)).Select(l => l.Text)];
}
