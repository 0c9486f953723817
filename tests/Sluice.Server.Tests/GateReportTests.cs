using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// What <c>sluice gate</c> judged in a server run, as the run's page reads it: the job's gate uploads its report, the
/// quality API serves it with the run's tests, and a test quarantined through the API is seen by the next run's gate.
/// A report the server refuses is a warning, and the gate's verdict stands.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class GateReportTests : IDisposable
{
    private const string Workflow = """
        name: gated
        on: push
        jobs:
          gate:
            runs-on: ubuntu-latest
            steps:
              - name: Gate two tests, one failing
                run: |
                  git init -q -b main . && git -c user.name=ci -c user.email=ci@example.test commit -q --allow-empty -m "run ${{ github.run_number }}"
                  printf '%s' '<testsuite name="shop"><testcase classname="Shop.Tests" name="adds_items" time="0.5"/>' \
                    '<testcase classname="Shop.Tests" name="sometimes_fails" time="1.5"><failure message="timed out"/></testcase></testsuite>' > junit.xml
                  @SLUICE@ gate junit.xml --branch main --condition 'tests.failed == 0'
              - name: A second gate whose report the server refuses (a condition past its length limit)
                if: always()
                run: |
                  echo '<testsuite name="other"><testcase classname="Other" name="passes"/></testsuite>' > other.xml
                  condition='tests.failed == 0'
                  for i in $(seq 1 250); do condition="$condition && tests.failed == 0"; done
                  @SLUICE@ gate other.xml --branch main --condition "$condition"
        """;

    private const string Failing = "Shop.Tests.sometimes_fails";

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task The_gates_verdict_and_tests_are_served_per_run_and_a_test_quarantined_through_the_api_passes_the_next_gate()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/gated.yml", Workflow.Replace("@SLUICE@", SluiceProcess.ShellCommand, StringComparison.Ordinal)));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("shop", repository);

        var first = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        var report = Assert.Single((await QualityAsync(first.Id)).Reports);
        var tests = (await _fleet.Api.GetAsync($"api/v1/runs/{first.Id}/tests", ProtocolJson.Default.RunTestsView, CancellationToken.None))!;

        var firstLog = await _fleet.LogTextAsync(first.Id);
        Assert.True(first.Conclusion == "failure", firstLog);
        Assert.Contains("sluice: warning: the Sluice server", firstLog, StringComparison.Ordinal);
        Assert.Contains("did not keep the gate report for the run's page", firstLog, StringComparison.Ordinal);
        Assert.Contains("gate passed", firstLog, StringComparison.Ordinal);
        Assert.Equal(("gate", "failed", "tests.failed == 0", "failed"), (report.Job, report.Verdict, report.Conditions[0].Expression, report.Conditions[0].Outcome));
        Assert.Equal((2, 1, 1), (report.Tests.Total, report.Tests.Passed, report.Tests.Failed));
        Assert.NotNull(report.HistoryRun);
        Assert.Equal(3, tests.Total);
        Assert.Equal([(Failing, "Failed", "gate"), ("Other.passes", "Passed", "gate"), ("Shop.Tests.adds_items", "Passed", "gate")], tests.Tests.Select(t => (t.Test, t.Outcome, t.Job)));

        var entry = await _fleet.Api.SendAsync(HttpMethod.Put, "api/v1/repos/shop/quarantine?test=" + Uri.EscapeDataString(Failing), new QuarantineRequest("times out on busy agents"), ProtocolJson.Default.QuarantineRequest, ProtocolJson.Default.HistoryQuarantineEntry, CancellationToken.None);
        Assert.Equal(Failing, entry!.Test);
        var second = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        var passed = Assert.Single((await QualityAsync(second.Id)).Reports);
        var quarantined = (await _fleet.Api.GetAsync($"api/v1/runs/{second.Id}/tests?outcome=failing", ProtocolJson.Default.RunTestsView, CancellationToken.None))!;

        Assert.True(second.Conclusion == "success", await _fleet.LogTextAsync(second.Id));
        Assert.Equal("passed", passed.Verdict);
        Assert.Equal((Failing, true), (quarantined.Tests.Single().Test, quarantined.Tests.Single().Quarantined));
    }

    public void Dispose() => _fleet.Dispose();

    private async Task<RunQualityView> QualityAsync(long run) =>
        (await _fleet.Api.GetAsync($"api/v1/runs/{run}/quality", ProtocolJson.Default.RunQualityView, CancellationToken.None))!;
}
