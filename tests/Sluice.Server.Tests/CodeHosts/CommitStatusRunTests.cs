using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.CodeHosts;

/// <summary>
/// Commit statuses through a real server, agent and CLI: a run's job legs reach the (fake) code host as pending, then
/// as their results, each in order, with the gate's verdict; a host that answers 500 is retried; a host that is down
/// neither delays nor fails the run.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class CommitStatusRunTests : IDisposable
{
    private readonly Fleet _fleet = new();

    private string Workflow => $$"""
        name: ci
        on: push
        jobs:
          build:
            name: Build it
            runs-on: ubuntu-latest
            steps:
              - run: |
                  while [ ! -e "{{_fleet.ReleaseFile}}" ]; do sleep 0.05; done
                  echo built
          test:
            runs-on: ubuntu-latest
            steps:
              - name: Gate a failing test
                run: |
                  while [ ! -e "{{_fleet.ReleaseFile}}" ]; do sleep 0.05; done
                  git init -q -b main . && git -c user.name=ci -c user.email=ci@example.test commit -q --allow-empty -m "run"
                  printf '%s' '<testsuite name="shop"><testcase classname="Shop" name="fails"><failure message="no"/></testcase></testsuite>' > junit.xml
                  {{SluiceProcess.ShellCommand}} gate junit.xml --branch main --condition 'tests.failed == 0'
        """;

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Each_job_is_posted_pending_then_with_its_result_and_the_gate_with_its_failing_condition()
    {
        await using var host = await FakeCodeHost.StartAsync("github");
        host.Then(500);
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", Workflow));
        _fleet.ServerOptions = ["--public-url", "https://ci.example.test/"];
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("shop", repository);

        var set = await _fleet.CliWithInputAsync(host.Token + "\n", "repo", "statuses", "shop", "--host", "github", "--api", host.ApiUrl, "--path", "tests/shop", "--token-stdin");
        var shown = await _fleet.CliAsync("repo", "statuses", "shop", "--json");
        var run = await _fleet.TriggerAsync("shop");
        await host.WaitForAsync(s => s.Count(r => r.State == "pending") >= 2, "the pending status of both jobs", Fleet.Patience);
        await File.WriteAllTextAsync(_fleet.ReleaseFile, "go");
        var ended = await _fleet.WaitForEndAsync(run.Id);
        await host.WaitForAsync(s => s.Count(r => r.State != "pending") >= 3, "the results of both jobs and the gate", Fleet.Patience);
        var audit = await _fleet.CliAsync("audit");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("shop posts commit statuses to github", set.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Token, shown.Stdout + audit.Stdout, StringComparison.Ordinal);
        Assert.Contains("repository.statuses", audit.Stdout, StringComparison.Ordinal);
        Assert.Equal("failure", ended.Conclusion);
        Assert.Empty(host.Violations);
        Assert.True(host.Requests > host.Statuses.Count, "the 500 was answered to one request, which was sent again");
        var byContext = host.Statuses.GroupBy(s => s.Context).ToDictionary(g => g.Key, g => g.Select(s => s.State).ToList());
        // Pending while queued, and again ("Running") when a round sees the job running; then the result, last.
        Assert.Equal(["pending", "success"], byContext["sluice/ci/Build it"].Distinct());
        Assert.Equal(["pending", "failure"], byContext["sluice/ci/test"].Distinct());
        Assert.Equal(["failure"], byContext["sluice/gate/test"]);
        Assert.Equal(3, byContext.Count);
        Assert.All(host.Statuses, s => Assert.Equal((ended.Sha, $"https://ci.example.test/runs/{run.Id}"), (s.Sha, s.TargetUrl)));
        Assert.StartsWith("Succeeded in ", host.Statuses.Last(s => s.Context == "sluice/ci/Build it").Description, StringComparison.Ordinal);
        Assert.Contains("tests.failed == 0 (failed)", host.Statuses.Single(s => s.Context == "sluice/gate/test").Description, StringComparison.Ordinal);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_code_host_that_is_down_neither_delays_nor_fails_the_run()
    {
        File.WriteAllText(_fleet.ReleaseFile, "go");
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", Workflow));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("shop", repository);
        var set = await _fleet.CliWithInputAsync("token\n", "repo", "statuses", "shop", "--host", "gitea", "--api", Fleet.FreeLoopbackUrl() + "/api/v1", "--path", "tests/shop", "--token-stdin");

        var started = DateTimeOffset.UtcNow;
        var ended = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        var took = DateTimeOffset.UtcNow - started;
        var off = await _fleet.CliAsync("repo", "statuses", "shop", "--off");
        var gone = await _fleet.CliAsync("repo", "statuses", "shop");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("failure", ended.Conclusion);
        Assert.True(ended.Jobs.Single(j => j.Name == "Build it").Conclusion == "success", Fleet.Describe(ended));
        Assert.True(took < TimeSpan.FromSeconds(60), $"the run took {took}");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("posts no commit statuses", gone.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
