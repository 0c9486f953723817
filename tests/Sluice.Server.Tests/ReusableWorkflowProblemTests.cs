using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>Calls the server cannot make fail their calling job with the reason, and the rest of the run goes on.</summary>
[Collection(FleetCollection.Name)]
public sealed class ReusableWorkflowProblemTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_call_that_cannot_be_made_fails_its_job_saying_why()
    {
        var repository = _fleet.Repository(
            "broken-calls",
            (".github/workflows/ci.yml", """
                on: push
                jobs:
                  missing:
                    uses: ./.github/workflows/missing.yml
                  remote:
                    uses: octo-org/elsewhere/.github/workflows/deploy.yml@v1
                  denied:
                    uses: octo-org/forbidden/.github/workflows/deploy.yml@v1
                  escape:
                    uses: ./.github/../../outside.yml
                  invalid:
                    uses: ./.github/workflows/invalid.yml
                  fine:
                    runs-on: ubuntu-latest
                    steps: [{ run: echo fine }]
                  after-missing:
                    needs: missing
                    runs-on: ubuntu-latest
                    steps: [{ run: echo never }]
                """),
            (".github/workflows/invalid.yml", "on: workflow_call\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: 12\n"),
            (".sluice/actions.yml", "deny: [octo-org/forbidden]\n"));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("broken-calls", repository);

        var ended = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("broken-calls", "ci.yml")).Id);

        Assert.Equal("failure", ended.Conclusion);
        var jobs = ended.Jobs.ToDictionary(j => j.Key);
        Assert.Equal(["after-missing", "denied", "escape", "fine", "invalid", "missing", "remote"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("success", "skipped"), (jobs["fine"].Conclusion, jobs["after-missing"].Conclusion));
        Assert.All(new[] { "missing", "remote", "denied", "escape", "invalid" }, key => Assert.Equal("failure", jobs[key].Conclusion));
        Assert.Contains("'./.github/workflows/missing.yml' is not a workflow file inside the repository", jobs["missing"].Waiting, StringComparison.Ordinal);
        // The fleet's actions host does not answer.
        Assert.Contains("the reusable workflow 'octo-org/elsewhere/.github/workflows/deploy.yml@v1' cannot be fetched", jobs["remote"].Waiting, StringComparison.Ordinal);
        // The repository's action policy, at the run's commit, holds for reusable workflows as it does for actions.
        Assert.Contains("'octo-org/forbidden/.github/workflows/deploy.yml@v1' is not allowed by the action policy: it matches the deny rule", jobs["denied"].Waiting, StringComparison.Ordinal);
        Assert.Contains("'./.github/../../outside.yml' is not a workflow file inside the repository", jobs["escape"].Waiting, StringComparison.Ordinal);
        Assert.Contains("The called workflow is invalid", jobs["invalid"].Waiting, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
