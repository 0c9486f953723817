using System.Globalization;
using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>sluice deployments</c> against a live server and agent: a job with an environment is a deployment in the list and
/// in <c>show</c>; one waiting for its reviewers waits visibly, is approved or rejected with a comment from the CLI, and
/// its run goes on or fails; answering one that does not wait is refused.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DeploymentCommandTests : IDisposable
{
    private const string Workflow = DeployWorkflow.ToProduction;

    private const string Header = "    id  environment    status      commit     ref                     run  age      reviews";

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_deployment_an_agent_ran_is_listed_and_shown_and_answering_it_is_refused()
    {
        await StartAsync();
        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        Assert.True(run.Conclusion == "success", Fleet.Describe(run));

        var list = await _fleet.CliAsync("deployments", "--format", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using var deployments = JsonDocument.Parse(list.Stdout);
        var deployment = Assert.Single(deployments.RootElement.EnumerateArray());
        Assert.Equal(("production", "success", run.Id), (deployment.GetProperty("environment").GetString(), deployment.GetProperty("status").GetString(), deployment.GetProperty("runId").GetInt64()));
        var id = deployment.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var table = await _fleet.CliAsync("deployments", "shop", "--env", "production");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal(Header, table.StdoutLines[0]);
        Assert.Matches($@"^ +{id}  production +success +{run.Sha[..8]} +main +#{run.Number} +\S.* -$", table.StdoutLines[1]);
        var other = await _fleet.CliAsync("deployments", "shop", "--env", "staging");
        Assert.Equal(["no deployments yet"], other.StdoutLines);

        var shown = await _fleet.CliAsync("deployments", "show", id);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal($"deployment {id}: shop to production, success", shown.StdoutLines[0]);
        Assert.Contains(shown.StdoutLines, l => l.StartsWith("  healthy ", StringComparison.Ordinal));

        var approve = await _fleet.CliAsync("deployments", "approve", id);
        Assert.Equal(2, approve.ExitCode);
        Assert.StartsWith("sluice: error: ", approve.Stderr, StringComparison.Ordinal);
        var missing = await _fleet.CliAsync("deployments", "show", "999");
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_deployment_waiting_for_review_is_approved_or_rejected_with_a_comment_from_the_cli()
    {
        await StartAsync();
        using var rules = new HttpRequestMessage(HttpMethod.Put, "api/v1/repos/shop/environments/production")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new EnvironmentRequest(["admin"], null, null, null), ProtocolJson.Default.EnvironmentRequest),
        };
        using (await _fleet.Api.SendCheckedAsync(rules, CancellationToken.None))
        {
        }

        var (firstRun, first) = await WaitingAsync();
        var waiting = await _fleet.CliAsync("deployments");
        Assert.True(waiting.ExitCode == 0, waiting.ToString());
        Assert.Matches($@"^ +{first}  production +waiting +.* waits for admin$", waiting.StdoutLines[1]);

        var approved = await _fleet.CliAsync("deployments", "approve", first, "--comment", "ship it");
        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Matches($"^deployment {first} to production approved: now (queued|in_progress|success)$", approved.Stdout.Trim());
        var run = await _fleet.WaitForEndAsync(firstRun);
        Assert.True(run.Conclusion == "success", Fleet.Describe(run));
        var shown = await _fleet.CliAsync("deployments", "show", first);
        Assert.Matches(@"^  review +approved by \S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ: ship it$", Assert.Single(shown.StdoutLines, l => l.StartsWith("  review ", StringComparison.Ordinal)));

        var (secondRun, second) = await WaitingAsync();
        var bare = await _fleet.CliAsync("deployments", "reject", second);
        Assert.Equal(2, bare.ExitCode);
        var rejected = await _fleet.CliAsync("deployments", "reject", second, "--comment", "not during the sale");
        Assert.True(rejected.ExitCode == 0, rejected.ToString());
        Assert.Equal($"deployment {second} to production rejected: now failure", rejected.Stdout.Trim());
        var failed = await _fleet.WaitForEndAsync(secondRun);
        Assert.Equal("failure", failed.Conclusion);
        var table = await _fleet.CliAsync("deployments", "shop", "--limit", "1");
        Assert.Matches($@"^ +{second}  production +failure +.* rejected by \S+$", table.StdoutLines[1]);
        Assert.Equal(2, table.StdoutLines.Length);
    }

    public void Dispose() => _fleet.Dispose();

    private async Task StartAsync()
    {
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("shop", _fleet.Repository("shop", (".github/workflows/deploy.yml", Workflow)));
    }

    /// <summary>Triggers a run and waits until its deploy job waits for a review; returns the run's id and the deployment's.</summary>
    private async Task<(long Run, string Deployment)> WaitingAsync()
    {
        var started = await _fleet.TriggerAsync("shop");
        var run = await _fleet.WaitForRunAsync(started.Id, r => r.Jobs.Any(j => j.Waiting is { } why && why.Contains("review", StringComparison.Ordinal)), "a deploy job waiting for a review");
        var why = run.Jobs.Single(j => j.Waiting is not null).Waiting!;
        Assert.Matches(@"^Waiting for a review by admin to deploy to 'production' \(deployment \d+\)\.$", why);
        return (run.Id, why[(why.LastIndexOf("deployment ", StringComparison.Ordinal) + "deployment ".Length)..^2]);
    }
}
