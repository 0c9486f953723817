using Sluice.Workflows.Tokens;
using static Sluice.Workflows.Tests.Reading.ReadTestHelpers;

namespace Sluice.Workflows.Tests.Reading;

public sealed class WorkflowModelTests
{
    private const string Pipeline = """
        name: Shop CI
        run-name: Build ${{ github.ref }}
        on:
          push:
            branches: [main, 'release/**']
            paths-ignore: [docs/**]
          pull_request:
            types: [opened, synchronize]
          workflow_dispatch:
            inputs:
              level:
                type: choice
                options: [info, debug]
        env:
          DOTNET_NOLOGO: true
        jobs:
          build:
            runs-on: ubuntu-latest
            strategy:
              fail-fast: false
              matrix:
                os: [ubuntu-latest, windows-latest]
                include:
                  - os: ubuntu-latest
                    coverage: true
            outputs:
              version: ${{ steps.version.outputs.value }}
            steps:
              - uses: actions/checkout@v4
              - id: version
                run: echo "value=1.0" >> "$GITHUB_OUTPUT"
              - run: dotnet test
                if: matrix.coverage
                timeout-minutes: 10
          deploy:
            needs: [build]
            if: github.ref == 'refs/heads/main'
            uses: ./.github/workflows/deploy.yml
            with:
              version: ${{ needs.build.outputs.version }}
            secrets: inherit
        """;

    [Fact]
    public void A_valid_workflow_reads_into_the_model_with_jobs_in_file_order()
    {
        var result = Read(Pipeline);

        Assert.True(result.IsValid, result.Messages());
        var workflow = result.Workflow!;
        Assert.Equal("Shop CI", workflow.Name);
        Assert.Equal(["build", "deploy"], workflow.Jobs.Select(j => j.Id));
        Assert.Equal(["push", "pull_request", "workflow_dispatch"], workflow.Events.Select(e => e.Name));
        Assert.Equal(["main", "release/**"], workflow.FindEvent("push")!.Branches);
        Assert.Equal(["docs/**"], workflow.FindEvent("push")!.PathsIgnore);
        Assert.Equal(["opened", "synchronize"], workflow.FindEvent("pull_request")!.Types);
    }

    [Fact]
    public void Steps_get_GitHub_style_generated_ids_and_conditions()
    {
        var build = Read(Pipeline).Workflow!.Jobs[0];

        Assert.Equal(["__actions_checkout", "version", "__run"], build.Steps.Select(s => s.Id));
        Assert.Equal("success() && (matrix.coverage)", build.Steps[2].Condition);
        Assert.Equal("success()", build.Steps[0].Condition);
        Assert.IsType<NumberToken>(build.Steps[2].TimeoutMinutes);
    }

    [Fact]
    public void Expressions_are_parsed_and_plain_text_stays_literal()
    {
        var workflow = Read(Pipeline).Workflow!;
        var output = Assert.IsType<ExpressionToken>(workflow.Jobs[0].Outputs.Single().Value);
        Assert.Contains("steps", output.NamedValuesUsed(), StringComparer.OrdinalIgnoreCase);
        Assert.IsType<ExpressionToken>(workflow.RunName);
        Assert.IsType<StringToken>(workflow.Jobs[0].RunsOn);
    }

    [Fact]
    public void A_job_calling_a_reusable_workflow_keeps_its_inputs_and_inherits_secrets()
    {
        var deploy = Read(Pipeline).Workflow!.Jobs[1];

        Assert.Equal("./.github/workflows/deploy.yml", deploy.Uses);
        Assert.True(deploy.InheritSecrets);
        Assert.Equal(["build"], deploy.Needs);
        Assert.Equal("success() && (github.ref == 'refs/heads/main')", deploy.Condition);
        Assert.Equal("version", deploy.With.Single().Key);
    }

    [Fact]
    public void Anchors_and_aliases_are_accepted_and_share_their_value()
    {
        var result = Read("""
            on: push
            jobs:
              a:
                runs-on: ubuntu-latest
                env: &common
                  A: one
                steps: [{ run: echo a }]
              b:
                runs-on: ubuntu-latest
                env: *common
                steps: [{ run: echo b }]
            """);

        Assert.True(result.IsValid, result.Messages());
        Assert.Equal("one", result.Workflow!.Jobs[1].Env.Single().Value.Display);
    }
}
