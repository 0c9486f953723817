using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Composite;
using Sluice.Engine.Tests.JavaScriptActions;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Tests.DockerActions;

/// <summary>Docker actions' action.yml, and the plan check that lists the steps needing a container engine.</summary>
public sealed class DockerActionPlanTests
{
    [Fact]
    public void A_docker_action_yml_is_read_with_its_image_entrypoints_args_env_and_conditions()
    {
        var result = ActionManifestReader.Read("""
            name: D
            inputs:
              who: { default: you }
            runs:
              using: docker
              image: docker://alpine:3
              entrypoint: /main.sh
              args: ["${{ inputs.who }}", plain]
              env: { STYLE: loud }
              pre-entrypoint: /pre.sh
              pre-if: runner.os == 'Linux'
              post-entrypoint: /post.sh
            """, "action.yml");

        var manifest = Assert.IsType<ActionManifest>(result.Manifest);
        var runs = Assert.IsType<DockerRuns>(manifest.Docker);
        Assert.Equal(ActionKind.Docker, manifest.Kind);
        Assert.Equal("docker://alpine:3", runs.Image);
        Assert.False(runs.IsDockerfile);
        Assert.Equal("/main.sh", runs.Entrypoint);
        Assert.Equal(2, runs.Args.Count);
        Assert.IsType<ExpressionToken>(runs.Args[0]);
        Assert.Equal("STYLE", Assert.Single(runs.Env).Key);
        Assert.Equal("/pre.sh", runs.PreEntrypoint);
        Assert.Equal("success() && (runner.os == 'Linux')", manifest.PreIf);
        Assert.Equal("always()", manifest.PostIf);
        Assert.True(manifest.HasPre);
    }

    [Theory]
    [InlineData("runs:\n  using: docker\n  entrypoint: /x.sh\n", "action.yml:3:3: You are using a Container Action but an image is not provided.")]
    [InlineData("runs:\n  using: docker\n  image: Dockerfile\n  args: one\n", "action.yml:5:9: Unexpected value 'one'")]
    [InlineData("runs:\n  using: docker\n  image: Dockerfile\n  main: x.js\n", "action.yml:5:3: Unexpected value 'main'")]
    [InlineData("runs:\n  using: docker\n  image: Dockerfile\n  pre-if: success(\n", "action.yml:5:11: 'runs.pre-if': ")]
    public void A_broken_docker_runs_section_is_reported_with_its_line(string yaml, string expected)
    {
        var result = ActionManifestReader.Read("name: D\n" + yaml, "action.yml");

        Assert.Null(result.Manifest);
        Assert.Contains(result.Errors, e => e.ToString().Replace(" error:", "", StringComparison.Ordinal).StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Docker_steps_in_the_workflow_and_in_a_cached_composite_action_are_listed_as_needing_an_engine_and_are_not_problems()
    {
        using var cache = new TempActionCache().With(
            ("acme/outer/v1/action.yml", "name: O\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n    - id: boxed\n      uses: docker://alpine:3\n"),
            ("acme/built/v1/Dockerfile", "FROM alpine:3\n"));
        var read = new WorkflowReader().Read("ci.yml", """
            on: push
            jobs:
              build:
                runs-on: x
                steps:
                  - id: outer
                    uses: acme/outer@v1
                  - id: built
                    uses: acme/built@v1
            """);
        Assert.True(read.IsValid, string.Join("\n", read.Errors));

        var problems = await PlanCheck.RunAsync(read.Workflow!, "ci.yml", new PlanCheckOptions { ActionCacheDirectory = cache.Root });

        Assert.Empty(problems.Blocking);
        Assert.Empty(problems.Skippable);
        Assert.Collection(
            problems.DockerSteps,
            p => Assert.Equal($"ci.yml:6: job 'build', step 'outer': 'acme/outer@v1' step 'boxed' ({Path.Combine(cache.Root, "acme", "outer", "v1", "action.yml")}:7): 'uses: docker://alpine:3' is a Docker container action", p),
            p => Assert.Equal("ci.yml:8: job 'build', step 'built': 'uses: acme/built@v1' is a Docker container action", p));
    }

    [Theory]
    [InlineData("a b  c", new[] { "a", "b", "c" })]
    [InlineData("-c \"echo \\\"hi there\\\"\" last", new[] { "-c", "echo \"hi there\"", "last" })]
    [InlineData("\"\" x", new[] { "", "x" })]
    [InlineData("   ", new string[0])]
    public void With_args_is_split_at_whitespace_keeping_double_quoted_parts_together(string args, string[] expected)
    {
        Assert.Equal(expected, Sluice.Engine.Execution.Actions.DockerActions.SplitArgs(args));
    }
}
