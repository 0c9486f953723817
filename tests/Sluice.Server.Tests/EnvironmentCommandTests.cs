using System.Globalization;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>sluice env</c> against a real server, and what an environment gives the jobs that deploy to it on a real agent:
/// its secrets (masked like the repository's, and winning over them) and its variables; its rules refuse a ref.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class EnvironmentCommandTests : IDisposable
{
    private readonly Fleet _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task An_environment_set_from_the_command_line_gives_its_job_its_secret_and_variable_and_no_other_job()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/deploy.yml", """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "build sees key=${{ secrets.API_KEY }} region=${{ vars.REGION }}."
              deploy:
                needs: build
                runs-on: ubuntu-latest
                environment:
                  name: Production
                  url: https://shop.example/${{ github.ref_name }}
                steps:
                  - run: |
                      echo "deploy sees key=${{ secrets.API_KEY }} region=${{ vars.REGION }}."
                      test "${{ secrets.API_KEY }}" = "production-key" && echo "the deploy got the environment's key"
            """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("shop", repository);
        Assert.Equal(0, (await _fleet.CliWithInputAsync("repository-key\n", "secret", "set", "API_KEY", "--repo", "shop")).ExitCode);

        var set = await _fleet.CliAsync("env", "set", "production", "--repo", "shop", "--allow", "main", "--allow", "refs/tags/v*", "--wait", "0");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("production: no reviewers; no wait; refs main, refs/tags/v*\n", set.Stdout);
        Assert.Equal(0, (await _fleet.CliWithInputAsync("production-key\n", "env", "secret", "set", "production", "API_KEY", "--repo", "shop")).ExitCode);
        Assert.Equal(0, (await _fleet.CliAsync("env", "var", "set", "PRODUCTION", "REGION", "eu-west-1", "--repo", "shop")).ExitCode);
        var listed = await _fleet.CliAsync("env", "list", "--repo", "shop");
        Assert.Equal("production: no reviewers; no wait; refs main, refs/tags/v*\n  secrets: API_KEY\n  variables: REGION=eu-west-1\n", listed.Stdout);

        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);

        Assert.True(run.Conclusion == "success", Fleet.Describe(run));
        var log = (await _fleet.CliAsync("logs", run.Id.ToString(CultureInfo.InvariantCulture))).Stdout;
        Assert.Contains("[build] build sees key=*** region=.", log, StringComparison.Ordinal);
        Assert.Contains("[deploy] deploy sees key=*** region=eu-west-1.", log, StringComparison.Ordinal);
        Assert.Contains("[deploy] the deploy got the environment's key", log, StringComparison.Ordinal);
        var deployment = Assert.Single(await _fleet.Api.GetAsync("api/v1/repos/shop/deployments", Sluice.Protocol.ProtocolJson.Default.IReadOnlyListDeploymentView, CancellationToken.None) ?? []);
        Assert.Equal(("production", "success", "https://shop.example/main"), (deployment.Environment, deployment.Status, deployment.Url));
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Changing_and_deleting_environments_says_what_it_did_and_a_missing_one_is_an_error()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"));
        await _fleet.StartServerAsync();
        await _fleet.AddRepositoryAsync("shop", repository);

        var first = await _fleet.CliAsync("env", "set", "staging", "--repo", "shop", "--reviewer", "alice", "--reviewer", "automation:bot", "--wait", "5m", "--prevent-self-review", "true");
        Assert.Equal("staging: reviewers alice, automation:bot (not whoever started the run); wait 5m; any ref\n", first.Stdout);
        var kept = await _fleet.CliAsync("env", "set", "staging", "--repo", "shop", "--wait", "90s");
        Assert.Equal("staging: reviewers alice, automation:bot (not whoever started the run); wait 90s; any ref\n", kept.Stdout);
        var cleared = await _fleet.CliAsync("env", "set", "staging", "--repo", "shop", "--no-reviewers", "--wait", "0");
        Assert.Equal("staging: no reviewers; no wait; any ref\n", cleared.Stdout);
        var bad = await _fleet.CliAsync("env", "set", "staging", "--repo", "shop", "--wait", "soon");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--wait 'soon'", bad.Stderr, StringComparison.Ordinal);

        Assert.Equal("environment staging deleted from shop\n", (await _fleet.CliAsync("env", "delete", "staging", "--repo", "shop")).Stdout);
        var missing = await _fleet.CliAsync("env", "delete", "staging", "--repo", "shop");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("shop has no environment named 'staging' (sluice env list --repo shop)", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await _fleet.CliAsync("env", "var", "delete", "staging", "REGION", "--repo", "shop")).ExitCode);
    }
}
