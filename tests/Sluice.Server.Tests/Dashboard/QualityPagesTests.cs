using Microsoft.Playwright;
using Sluice.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// The quality views in a real browser: four real runs of a workflow whose job runs <c>sluice gate</c> against the
/// server's history, the fourth bringing a new failure, a benchmark regression and changed lines left uncovered; then
/// what the run's page and the repository's page show of them, quarantine from the page, and hostile test names as text.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class QualityPagesTests : IDisposable
{
    /// <summary>
    /// Each run builds a fresh git repository in the job's empty workspace (its tree differs per run, so a change of
    /// outcome is a new failure, not the same code passing and failing), a base commit and a change of four lines.
    /// </summary>
    private const string Workflow = """
        name: quality
        on: push
        jobs:
          gate:
            runs-on: ubuntu-latest
            steps:
              - name: Test and gate
                run: |
                  n=${{ github.run_number }}
                  git init -q -b main .
                  mkdir -p src && printf 'a\nb\nc\nd\n' > src/cart.cs && echo "$n" > run.txt
                  git add . && git -c user.name=ci -c user.email=ci@example.test commit -qm base
                  printf 'e\nf\ng\nh\n' >> src/cart.cs
                  git add . && git -c user.name=ci -c user.email=ci@example.test commit -qm change
                  if [ "$n" -ge 4 ]; then total='<failure message="total was -1"/>'; mean=300; else total=''; mean=$((100 + n)); fi
                  cat > junit.xml <<XML
                  <testsuite name="shop">
                    <testcase classname="Shop.Tests" name="checkout_total" time="0.25">$total</testcase>
                    <testcase classname="Shop.Tests" name="payment_retries" time="0.5"><flakyFailure message="timeout"/></testcase>
                    <testcase classname="Shop.&lt;img src=x onerror=alert(1)&gt;" name="&lt;/td&gt;&lt;script&gt;window.injected=1&lt;/script&gt;" time="0.01"/>
                  </testsuite>
                  XML
                  cat > coverage.xml <<XML
                  <coverage line-rate="0.75" branch-rate="0" lines-covered="6" lines-valid="8" version="1" timestamp="0">
                    <sources><source>.</source></sources>
                    <packages><package name="shop"><classes><class name="Cart" filename="src/cart.cs"><lines>
                      <line number="1" hits="1"/><line number="2" hits="1"/><line number="3" hits="1"/><line number="4" hits="1"/>
                      <line number="5" hits="3"/><line number="6" hits="1"/><line number="7" hits="0"/><line number="8" hits="0"/>
                    </lines></class></classes></package></packages>
                  </coverage>
                  XML
                  cat > bench.json <<JSON
                  {"context": {"date": "2026-12-05T00:00:00+00:00", "library_version": "v1.9.0"}, "benchmarks": [
                    {"name": "BM_Checkout", "run_name": "BM_Checkout", "run_type": "iteration", "repetitions": 3, "repetition_index": 0, "iterations": 1000, "real_time": $((mean - 1)), "cpu_time": $((mean - 1)), "time_unit": "ns"},
                    {"name": "BM_Checkout", "run_name": "BM_Checkout", "run_type": "iteration", "repetitions": 3, "repetition_index": 1, "iterations": 1000, "real_time": $mean, "cpu_time": $mean, "time_unit": "ns"},
                    {"name": "BM_Checkout", "run_name": "BM_Checkout", "run_type": "iteration", "repetitions": 3, "repetition_index": 2, "iterations": 1000, "real_time": $((mean + 1)), "cpu_time": $((mean + 1)), "time_unit": "ns"}]}
                  JSON
                  @SLUICE@ gate junit.xml coverage.xml bench.json --base HEAD~1 --branch main --inconclusive pass \
                    -c 'tests.new_failures == 0' -c 'coverage.patch >= 40' -c 'benchmarks.regressions == 0'
        """;

    private const string Checkout = "Shop.Tests.checkout_total";

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_runs_gate_tests_coverage_and_benchmarks_show_on_its_page_and_the_repositorys_and_a_test_is_quarantined_from_there()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("shop", _fleet.Repository("shop", (".github/workflows/quality.yml", Workflow.Replace("@SLUICE@", SluiceProcess.ShellCommand, StringComparison.Ordinal))));
        RunView last = null!;
        for (var n = 1; n <= 4; n++)
        {
            last = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
            Assert.True(last.Conclusion == (n < 4 ? "success" : "failure"), $"run {n}: {last.Conclusion}\n{await _fleet.LogTextAsync(last.Id)}");
        }

        var page = await session.OpenAsync($"/runs/{last.Id}");
        var quality = page.Locator("#quality");

        // The gate: its verdict and each condition with what was measured.
        var gate = quality.Locator("section.gate");
        await Expect(gate.Locator("h3")).ToContainTextAsync("failed");
        var conditions = gate.Locator("table.conditions tbody tr");
        await Expect(conditions).ToHaveCountAsync(3);
        await Expect(conditions.Filter(new() { HasText = "tests.new_failures == 0" })).ToContainTextAsync("failed");
        // Four changed lines are too few for patch coverage to judge (the gate wants 20): inconclusive, and why.
        await Expect(conditions.Filter(new() { HasText = "coverage.patch >= 40" })).ToContainTextAsync("inconclusive");
        await Expect(conditions.Filter(new() { HasText = "coverage.patch >= 40" })).ToContainTextAsync("too few to judge");
        await Expect(conditions.Filter(new() { HasText = "benchmarks.regressions == 0" })).ToContainTextAsync("failed");

        // The changed lines: 5 and 6 covered, 7 and 8 not.
        var lines = gate.Locator(".changed-lines");
        await Expect(lines.Locator(".line-covered")).ToHaveTextAsync(["✓ 5 covered", "✓ 6 covered"]);
        await Expect(lines.Locator(".line-missed")).ToHaveTextAsync(["✗ 7 not covered", "✗ 8 not covered"]);

        // The benchmark flagged.
        await Expect(gate.Locator("table.benchmarks tr.regressed")).ToContainTextAsync("BM_Checkout");

        // Tests, failures first: the new failure with its mark, then the flaky one, then the passing hostile name as text.
        var tests = quality.Locator("table.tests tbody tr");
        await Expect(tests).ToHaveCountAsync(3);
        await Expect(tests.Nth(0)).ToContainTextAsync(Checkout);
        await Expect(tests.Nth(0).Locator(".mark-new")).ToHaveTextAsync("new failure");
        await Expect(tests.Nth(1)).ToContainTextAsync("Shop.Tests.payment_retries");
        await Expect(tests.Nth(1).Locator(".mark-flaky")).ToHaveTextAsync("flaky");
        await Expect(tests.Nth(2).Locator(".test-name")).ToHaveTextAsync("Shop.<img src=x onerror=alert(1)>.</td><script>window.injected=1</script>");
        Assert.True(await page.EvaluateAsync<bool>("() => window.injected === undefined"));

        // The failing test's history: four runs, the last failed, each linked to its run; its duration charted.
        await tests.Nth(0).Locator("summary").ClickAsync();
        var history = tests.Nth(0).Locator(".test-history");
        await Expect(history.Locator(".outcome-strip li")).ToHaveCountAsync(4);
        await Expect(history.Locator(".outcome-strip li").Last).ToContainTextAsync("failed");
        await Expect(history.Locator(".outcome-strip li a").Last).ToHaveAttributeAsync("href", $"/runs/{last.Id}");
        await Expect(history.Locator(".uplot canvas")).ToHaveCountAsync(1);
        await DashboardSession.AssertAccessibleAsync(page);
        await Browser.ScreenshotAsync(page, "quality");

        // Quarantined from the page: the server's quarantine has it, with the reason given.
        await history.GetByLabel($"Reason to quarantine {Checkout}").FillAsync("https://tracker.example.test/SHOP-12");
        await history.GetByRole(AriaRole.Button, new() { Name = "Quarantine" }).ClickAsync();
        await Expect(history.Locator(".quarantine")).ToContainTextAsync("Quarantined by");
        var quarantined = await QuarantineAsync();
        Assert.Equal([(Checkout, "https://tracker.example.test/SHOP-12")], quarantined.Select(e => (e.Test, e.Reason)));

        // The repository's page: the insights charted, the failing test among the most failing, the benchmark's trend
        // with its regression, the quarantine released from there.
        var repo = await session.OpenAsync("/repos/shop");
        var insights = repo.Locator("#insights");
        await Expect(insights.Locator("figure.chart")).ToHaveCountAsync(4);
        await Expect(insights.Locator("figure.chart .uplot canvas")).ToHaveCountAsync(4);
        await Expect(insights.Locator("table.tests").Filter(new() { HasText = "Most failing tests" })).ToContainTextAsync(Checkout);
        await Expect(repo.Locator("#benchmarks figure.chart figcaption")).ToHaveTextAsync(["BM_Checkout (1 regression)"]);
        var entry = repo.Locator("#quarantine tbody tr");
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry).ToContainTextAsync("SHOP-12");
        await DashboardSession.AssertAccessibleAsync(repo);
        await Browser.ScreenshotAsync(repo, "insights");
        await entry.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        await Expect(entry).ToHaveCountAsync(0);
        Assert.Empty(await QuarantineAsync());
        session.AssertNoScriptTrouble();
    }

    private async Task<IReadOnlyList<HistoryQuarantineEntry>> QuarantineAsync() =>
        (await _fleet.Api.GetAsync("api/v1/repos/shop/quarantine", ProtocolJson.Default.IReadOnlyListHistoryQuarantineEntry, CancellationToken.None))!;

    public void Dispose() => _fleet.Dispose();
}
