using Sluice.Engine.Execution;
using Sluice.Engine.Local;

namespace Sluice.Engine.Tests.Execution;

public sealed class ReusableWorkflowTests
{
    private const string Deploy = """
        on:
          workflow_call:
            inputs:
              target: { type: string, required: true }
              replicas: { type: number, default: 2 }
            secrets:
              token: { required: true }
            outputs:
              url:
                value: ${{ jobs.release.outputs.url }}
        jobs:
          release:
            runs-on: x
            outputs:
              url: ${{ steps.go.outputs.url }}
            steps:
              - id: go
                run: |
                  echo "deploying to ${{ inputs.target }} x${{ inputs.replicas }} with ${{ secrets.token }}"
                  echo "url=https://${{ inputs.target }}.example" >> "$GITHUB_OUTPUT"
        """;

    [Fact]
    public async Task A_local_reusable_workflow_runs_with_inputs_and_secrets_and_gives_its_outputs_to_later_jobs()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              build:
                runs-on: x
                steps: [{ run: echo built }]
              deploy:
                needs: build
                uses: ./.github/workflows/deploy.yml
                with: { target: staging }
                secrets: { token: "${{ secrets.DEPLOY_TOKEN }}" }
              check:
                needs: deploy
                runs-on: x
                steps:
                  - run: echo "deployed at ${{ needs.deploy.outputs.url }} (${{ needs.deploy.result }})"
            """, (".github/workflows/deploy.yml", Deploy));

        var result = await run.RunAsync(settings: new LocalRunSettings { Secrets = new Dictionary<string, string> { ["DEPLOY_TOKEN"] = "tok-123456" } });

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["deploying to staging x2 with ***"], run.Observer.LinesOf("deploy.release"));
        Assert.Equal(["deployed at https://staging.example (success)"], run.Observer.LinesOf("check"));
    }

    [Fact]
    public async Task A_failing_called_job_fails_the_calling_job_and_skips_its_dependents()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              deploy:
                uses: ./.github/workflows/broken.yml
              after:
                needs: deploy
                runs-on: x
                steps: [{ run: echo never }]
            """, (".github/workflows/broken.yml", "on: workflow_call\njobs:\n  inner:\n    runs-on: x\n    steps: [{ run: exit 1 }]\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(Conclusion.Failure, result.Jobs.Single(j => j.DisplayName == "deploy").Conclusion);
        Assert.Equal(Conclusion.Skipped, result.Jobs.Single(j => j.JobId == "after").Conclusion);
    }
}
