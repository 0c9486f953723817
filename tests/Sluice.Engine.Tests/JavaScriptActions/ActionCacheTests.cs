using Sluice.Engine.Execution;
using Sluice.Engine.Local;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.JavaScriptActions;

/// <summary>Actions and reusable workflows of other repositories, read from an action cache (DIR/owner/repo/ref/).</summary>
public sealed class ActionCacheTests
{
    private const string Greet = """
        name: Greet
        inputs:
          who: { default: "${{ github.actor }}" }
        outputs:
          message: { description: the greeting }
        runs:
          using: node24
          main: index.js
        """;

    private const string GreetScript = """
        require('fs').appendFileSync(process.env.GITHUB_OUTPUT, `message=Hello ${process.env.INPUT_WHO} from ${process.env.GITHUB_ACTION_REPOSITORY}@${process.env.GITHUB_ACTION_REF}\n`);
        """;

    private static LocalRunSettings With(TempActionCache cache, bool skipUnsupported = false) =>
        new() { ActionCacheDirectory = cache.Root, SkipUnsupportedSteps = skipUnsupported };

    [Fact]
    public async Task A_cached_javascript_action_runs_with_its_repository_and_ref_and_one_in_a_sub_folder_too_while_built_in_actions_win_over_the_cache()
    {
        using var cache = new TempActionCache().With(
            ("acme/greet/v1/action.yml", Greet), ("acme/greet/v1/index.js", GreetScript),
            ("actions/checkout/v4/action.yml", "name: Not this one\nruns:\n  using: node20\n  main: index.js\n"),
            ("actions/checkout/v4/index.js", "console.log('the cached checkout ran');\n"),
            ("acme/tools/v2/lint/action.yml", "name: Lint\nruns:\n  using: node20\n  main: lint.js\n"),
            ("acme/tools/v2/lint/lint.js", "console.log(`lint from ${require('path').relative(process.env.GITHUB_ACTION_PATH, __filename)} at ${process.env.GITHUB_ACTION_REF}`);\n"));
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: greet
                    uses: acme/greet@v1
                    with: { who: world }
                  - uses: acme/tools/lint@v2
                  - run: echo "${{ steps.greet.outputs.message }}"
            """);

        var result = await run.RunAsync(settings: With(cache));

        Assert.True(result.Conclusion == Conclusion.Success, string.Join("\n", run.Observer.Annotations));
        Assert.Equal(["lint from lint.js at v2", "Hello world from acme/greet@v1"], run.Observer.Lines.Where(l => l.Job == "j" && l.Step is not (null or "__actions_checkout")).Select(l => l.Text));
        Assert.DoesNotContain(run.Observer.Lines, l => l.Text == "the cached checkout ran");
    }

    [Fact]
    public async Task A_cached_composite_action_runs_a_cached_javascript_action_and_its_post_stage_runs_at_the_end_of_the_job()
    {
        using var cache = new TempActionCache().With(
            ("acme/greet/v1/action.yml", Greet.Replace("main: index.js", "main: index.js\n  post: post.js", StringComparison.Ordinal)),
            ("acme/greet/v1/index.js", GreetScript),
            ("acme/greet/v1/post.js", "console.log(`post of greet for ${process.env.INPUT_WHO}`);\n"),
            ("acme/outer/v1/action.yml", """
                name: Outer
                inputs:
                  name: { required: true }
                outputs:
                  said: { value: "${{ steps.inner.outputs.message }}" }
                runs:
                  using: composite
                  steps:
                    - id: inner
                      uses: acme/greet@v1
                      with: { who: "${{ inputs.name }}" }
                    - shell: bash
                      run: echo "outer ran from $(basename "$GITHUB_ACTION_PATH") of ${{ github.action_repository }}"
                """));
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - id: outer
                    uses: acme/outer@v1
                    with: { name: nested }
                  - run: echo "outer said ${{ steps.outer.outputs.said }}"
            """);

        var result = await run.RunAsync(settings: With(cache));

        Assert.True(result.Conclusion == Conclusion.Success, string.Join("\n", run.Observer.Annotations));
        var lines = run.Observer.LinesOf("j").Where(l => !l.StartsWith('▶')).ToList();
        Assert.Equal(["outer ran from v1 of acme/outer", "outer said Hello nested from acme/greet@v1", "post of greet for nested"], lines);
    }

    [Fact]
    public async Task A_reusable_workflow_from_the_cache_runs_with_inputs_and_outputs_and_calls_its_own_repository()
    {
        using var cache = new TempActionCache().With(
            ("acme/shared/v1/.github/workflows/deploy.yml", """
                on:
                  workflow_call:
                    inputs:
                      target: { type: string, required: true }
                    outputs:
                      url: { value: "${{ jobs.inner.outputs.url }}" }
                jobs:
                  release:
                    runs-on: x
                    steps:
                      - run: echo "deploying to ${{ inputs.target }}"
                  inner:
                    uses: ./.github/workflows/url.yml
                    with: { target: "${{ inputs.target }}" }
                """),
            ("acme/shared/v1/.github/workflows/url.yml", """
                on:
                  workflow_call:
                    inputs:
                      target: { type: string }
                    outputs:
                      url: { value: "${{ jobs.make.outputs.url }}" }
                jobs:
                  make:
                    runs-on: x
                    outputs: { url: "${{ steps.u.outputs.url }}" }
                    steps:
                      - id: u
                        run: echo "url=https://${{ inputs.target }}.example" >> "$GITHUB_OUTPUT"
                """));
        using var run = new WorkflowRun("""
            on: push
            jobs:
              deploy:
                uses: acme/shared/.github/workflows/deploy.yml@v1
                with: { target: staging }
              check:
                needs: deploy
                runs-on: x
                steps:
                  - run: echo "deployed at ${{ needs.deploy.outputs.url }}"
            """);

        var result = await run.RunAsync(settings: With(cache));

        Assert.True(result.Conclusion == Conclusion.Success, string.Join("\n", run.Observer.Annotations));
        Assert.Equal(["deploying to staging"], run.Observer.LinesOf("deploy.release"));
        Assert.Equal(["deployed at https://staging.example"], run.Observer.LinesOf("check"));
    }

    [Fact]
    public async Task An_action_missing_from_the_cache_fails_its_step_saying_where_to_put_it_or_is_skipped_with_skip_unsupported()
    {
        using var cache = new TempActionCache();
        const string workflow = """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: acme/absent@v3
                  - if: always()
                    run: echo "after"
            """;

        using var failing = new WorkflowRun(workflow);
        var failed = await failing.RunAsync(settings: With(cache));
        using var skipping = new WorkflowRun(workflow);
        var skipped = await skipping.RunAsync(settings: With(cache, skipUnsupported: true));

        Assert.Equal(Conclusion.Failure, failed.Conclusion);
        var error = Assert.Single(failing.Observer.Annotations, a => a.Level == "error").Message;
        Assert.Contains($"'uses: acme/absent@v3' is not in the action cache: put the files of acme/absent at v3 in {Path.Combine(cache.Root, "acme", "absent", "v3")}", error, StringComparison.Ordinal);
        Assert.Equal(Conclusion.Success, skipped.Conclusion);
        Assert.Contains(skipping.Observer.Annotations, a => a.Level == "warning" && a.Message.Contains("(--skip-unsupported): 'uses: acme/absent@v3' is not in the action cache", StringComparison.Ordinal));
        Assert.Equal(["after"], skipping.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task A_reference_that_climbs_out_of_the_cache_is_refused_even_with_skip_unsupported()
    {
        using var cache = new TempActionCache().With(("outside/action.yml", "name: Outside\nruns:\n  using: node20\n  main: index.js\n"));
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: acme/greet/../../../outside@v1
            """);

        var result = await run.RunAsync(settings: With(cache, skipUnsupported: true));

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Level == "error" && a.Message.Contains("'uses: acme/greet/../../../outside@v1' is refused", StringComparison.Ordinal));
    }
}
