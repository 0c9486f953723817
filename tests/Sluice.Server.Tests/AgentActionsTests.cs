using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// A server job's <c>uses: owner/repo@ref</c> actions come from where <c>sluice run</c> takes them: the agent's
/// <c>--actions-url</c> host (here git http-backend on loopback), fetched into the action store's cache.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class AgentActionsTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task An_agent_fetches_a_jobs_action_from_its_actions_url_and_a_ref_the_host_lacks_fails_the_job_before_any_step_saying_why()
    {
        var served = Path.Combine(_fleet.Root.Path, "actions-host");
        await using var host = new GitHttpHost(served);
        var greet = new TestRepository(served, Path.Combine(_fleet.Root.Path, "actions-work"), "acme", "greet");
        var commit = greet.Commit("greet", ("action.yml", "name: greet\ninputs:\n  who: { default: you }\nruns:\n  using: composite\n  steps:\n    - run: echo \"greet says hello ${{ inputs.who }}\"\n      shell: bash\n"));
        greet.Tag("v1");
        greet.Publish();
        var repository = _fleet.Repository(
            "uses",
            (".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/greet@v1\n        with: { who: the fleet }\n"),
            (".github/workflows/missing.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo first step ran\n      - id: greet\n        uses: acme/greet@v9\n"));
        var url = host.BaseUrl.AbsoluteUri.TrimEnd('/');
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync(
            "fetcher",
            new Dictionary<string, string?> { ["SLUICE_ACTIONS_CACHE_DIR"] = Path.Combine(_fleet.Root.Path, "action-store"), ["SLUICE_ACTIONS_URL"] = null },
            ["--actions-url", url]);
        await _fleet.AddRepositoryAsync("uses", repository);

        var fetched = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("uses", "ci.yml")).Id);
        var missing = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("uses", "missing.yml")).Id);

        var fetchedLog = await _fleet.LogsAsync(fetched.Id);
        Assert.True(fetched.Conclusion == "success", string.Join('\n', fetchedLog.Select(l => l.Text)));
        Assert.Contains(fetchedLog, l => l.Text == $"Download action repository 'acme/greet@v1' (SHA:{commit})");
        Assert.Contains(fetchedLog, l => l.Text == "greet says hello the fleet");
        Assert.Equal(1, host.FetchCount);
        var missingLog = await _fleet.LogsAsync(missing.Id);
        Assert.Equal("failure", missing.Conclusion);
        Assert.Contains(missingLog, l => l.Kind == "annotation" && l.Text.StartsWith($".github/workflows/missing.yml:7: job 'build', step 'greet': 'uses: acme/greet@v9' cannot be fetched: acme/greet at {url}/ has no tag or branch 'v9'", StringComparison.Ordinal));
        Assert.DoesNotContain(missingLog, l => l.Text == "first step ran");
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_bad_actions_url_stops_the_agent_at_its_start_with_a_usage_error_as_it_stops_sluice_run()
    {
        var result = await SluiceProcess.RunAsync(_fleet.Root.Path, Fleet.Patience, new Dictionary<string, string?> { ["SLUICE_SERVER"] = null, ["SLUICE_TOKEN"] = null }, null, ["agent", "--server", "http://127.0.0.1:9", "--token", "unused", "--actions-url", "ftp://example.com"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'ftp' is not supported", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
