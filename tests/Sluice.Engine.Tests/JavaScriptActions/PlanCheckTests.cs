using Sluice.Engine.Execution;
using Sluice.Workflows;

namespace Sluice.Engine.Tests.JavaScriptActions;

/// <summary>The check before a run starts: what cannot run here is named with its file, line, job and step, and what to do.</summary>
public sealed class PlanCheckTests
{
    private static Workflow Read(string yaml, string? root = null)
    {
        var read = root is null ? new WorkflowReader().Read("ci.yml", yaml) : new WorkflowReader(LocalWorkflowResolver.OptionsFor(root)).Read("ci.yml", yaml);
        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        return read.Workflow!;
    }

    [Fact]
    public async Task Cached_runnable_actions_pass_and_missing_ones_are_named_with_file_line_job_step_and_where_to_put_them()
    {
        using var cache = new TempActionCache().With(
            ("acme/greet/v1/action.yml", "name: G\nruns:\n  using: node20\n  main: index.js\n"),
            ("acme/steps/v1/action.yml", "name: S\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n"));
        var workflow = Read("""
            on: push
            jobs:
              build:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: acme/greet@v1
                  - uses: acme/steps@v1
                  - id: missing
                    uses: acme/greet@v2
            """);

        var (blocking, skippable) = await PlanCheck.RunAsync(workflow, "ci.yml", new PlanCheckOptions { ActionCacheDirectory = cache.Root });

        Assert.Empty(blocking);
        var problem = Assert.Single(skippable);
        Assert.StartsWith("ci.yml:9: job 'build', step 'missing': 'uses: acme/greet@v2' is not in the action cache: put the files of acme/greet at v2 in " + Path.Combine(cache.Root, "acme", "greet", "v2"), problem, StringComparison.Ordinal);
        Assert.EndsWith("or run with --skip-unsupported to skip such steps", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_javascript_action_without_node_is_not_runnable_here_and_docker_actions_are_listed_as_needing_an_engine()
    {
        using var cache = new TempActionCache().With(
            ("acme/greet/v1/action.yml", "name: G\nruns:\n  using: node20\n  main: index.js\n"),
            ("acme/box/v1/action.yml", "name: B\nruns:\n  using: docker\n  image: Dockerfile\n"));
        var workflow = Read("""
            on: push
            jobs:
              build:
                runs-on: x
                steps:
                  - uses: acme/greet@v1
                  - uses: acme/box@v1
                  - uses: docker://alpine:3
            """);

        var problems = await PlanCheck.RunAsync(workflow, "ci.yml", new PlanCheckOptions { ActionCacheDirectory = cache.Root, FindProgram = _ => null });

        var skippable = Assert.Single(problems.Skippable);
        Assert.Contains("ci.yml:6: job 'build', step '__acme_greet': 'uses: acme/greet@v1' is a JavaScript action ('using: node20' in " + Path.Combine(cache.Root, "acme", "greet", "v1", "action.yml") + ") and needs node, which is not installed", skippable, StringComparison.Ordinal);
        Assert.Collection(
            problems.DockerSteps,
            p => Assert.Equal("ci.yml:7: job 'build', step '__acme_box': 'uses: acme/box@v1' is a Docker container action (" + Path.Combine(cache.Root, "acme", "box", "v1", "action.yml") + ":3)", p),
            p => Assert.Equal("ci.yml:8: job 'build', step '__alpine_3': 'uses: docker://alpine:3' is a Docker container action", p));
    }

    [Fact]
    public async Task What_a_cached_composite_action_uses_is_checked_too_naming_its_action_yml_and_line()
    {
        using var cache = new TempActionCache().With(
            ("acme/outer/v1/action.yml", "name: O\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n    - id: inner\n      uses: acme/inner@v1\n"));
        var workflow = Read("on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - id: outer\n        uses: acme/outer@v1\n");

        var (_, skippable) = await PlanCheck.RunAsync(workflow, "ci.yml", new PlanCheckOptions { ActionCacheDirectory = cache.Root });

        var problem = Assert.Single(skippable);
        Assert.StartsWith($"ci.yml:6: job 'build', step 'outer': 'acme/outer@v1' step 'inner' ({Path.Combine(cache.Root, "acme", "outer", "v1", "action.yml")}:7): 'uses: acme/inner@v1' is not in the action cache", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_steps_of_called_local_and_cached_reusable_workflows_are_checked_before_the_run()
    {
        using var repo = new TempActionCache().With(
            (".github/workflows/local.yml", "on: workflow_call\njobs:\n  inner:\n    runs-on: x\n    steps:\n      - run: echo\n      - id: odd\n        uses: someone/odd@v1\n"));
        using var cache = new TempActionCache().With(
            ("acme/shared/v1/.github/workflows/deploy.yml", "on: workflow_call\njobs:\n  release:\n    runs-on: x\n    steps:\n      - id: box\n        uses: docker://alpine\n"));
        var workflow = Read("""
            on: push
            jobs:
              local:
                uses: ./.github/workflows/local.yml
              remote:
                uses: acme/shared/.github/workflows/deploy.yml@v1
              absent:
                uses: acme/absent/.github/workflows/x.yml@v1
            """, repo.Root);

        var problems = await PlanCheck.RunAsync(workflow, "ci.yml", new PlanCheckOptions { RepositoryRoot = repo.Root, ActionCacheDirectory = cache.Root });
        var (blocking, skippable) = problems;

        Assert.StartsWith(".github/workflows/local.yml:7: job 'inner', step 'odd': 'uses: someone/odd@v1' is not in the action cache", Assert.Single(skippable), StringComparison.Ordinal);
        Assert.StartsWith($"{Path.Combine(cache.Root, "acme", "shared", "v1", ".github", "workflows", "deploy.yml")}:6: job 'release', step 'box': 'uses: docker://alpine' is a Docker container action", Assert.Single(problems.DockerSteps), StringComparison.Ordinal);
        var missing = Assert.Single(blocking);
        Assert.StartsWith("ci.yml:7: job 'absent': the reusable workflow 'acme/absent/.github/workflows/x.yml@v1' is not in the action cache: put the files of acme/absent at v1 in " + Path.Combine(cache.Root, "acme", "absent", "v1"), missing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme/greet/../../etc@v1")]
    [InlineData("acme/greet@../../../etc")]
    [InlineData("acme/greet@v1/../../x")]
    [InlineData("../greet@v1")]
    [InlineData("acme/greet/.@v1")]
    public async Task A_reference_that_could_leave_the_cache_is_refused_and_cannot_be_skipped(string uses)
    {
        using var cache = new TempActionCache();
        var workflow = Read($"on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: \"{uses}\"\n");

        var (blocking, skippable) = await PlanCheck.RunAsync(workflow, "ci.yml", new PlanCheckOptions { ActionCacheDirectory = cache.Root });

        Assert.Empty(skippable);
        Assert.Contains("ci.yml:6: job 'build'", Assert.Single(blocking), StringComparison.Ordinal);
    }
}
