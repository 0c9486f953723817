using Sluice.Engine.Execution;
using Sluice.Engine.Local;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.JavaScriptActions;

/// <summary>GitHub's Pre and Post phases of JavaScript actions from the action cache, with the state their stages share.</summary>
public sealed class PrePostTests
{
    private const string Setup = """
        name: Setup
        inputs:
          label: { required: true }
        runs:
          using: node20
          pre: pre.js
          main: main.js
          post: post.js
        """;

    private const string Pre = """
        const fs = require('fs');
        fs.appendFileSync(process.env.GITHUB_STATE, `from_pre=pre-${process.env.INPUT_LABEL}\n`);
        console.log(`pre ${process.env.INPUT_LABEL}`);
        """;

    private const string Main = """
        console.log(`main ${process.env.INPUT_LABEL} sees ${process.env.STATE_from_pre}`);
        console.log(`::save-state name=from_main::main-${process.env.INPUT_LABEL}`);
        """;

    private const string Post = """
        console.log(`post ${process.env.INPUT_LABEL} sees ${process.env.STATE_from_pre} and ${process.env.STATE_from_main}`);
        """;

    [Fact]
    public async Task Pre_runs_before_the_first_step_and_post_after_the_last_in_reverse_each_with_its_own_state()
    {
        using var cache = new TempActionCache().With(
            ("acme/setup/v1/action.yml", Setup), ("acme/setup/v1/pre.js", Pre), ("acme/setup/v1/main.js", Main), ("acme/setup/v1/post.js", Post));
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: echo "first step"
                  - id: a
                    uses: acme/setup@v1
                    with: { label: a }
                  - id: b
                    uses: acme/setup@v1
                    with: { label: b }
                  - run: echo "last step"
            """);

        var result = await run.RunAsync(settings: new LocalRunSettings { ActionCacheDirectory = cache.Root });

        Assert.True(result.Conclusion == Conclusion.Success, string.Join("\n", run.Observer.Annotations));
        Assert.Equal(
            ["pre a", "pre b", "first step", "main a sees pre-a", "main b sees pre-b", "last step", "post b sees pre-b and main-b", "post a sees pre-a and main-a"],
            run.Observer.LinesOf("j"));
        Assert.Equal("step j pre-a", run.Observer.Events.First(e => e.StartsWith("step ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pre_if_is_evaluated_before_any_step_and_a_failing_pre_fails_the_job_and_skips_its_steps()
    {
        using var cache = new TempActionCache().With(
            ("acme/gated/v1/action.yml", "name: Gated\nruns:\n  using: node20\n  pre: pre.js\n  pre-if: runner.os == 'Nowhere'\n  main: main.js\n"),
            ("acme/gated/v1/pre.js", "console.log('gated pre');\n"),
            ("acme/gated/v1/main.js", "console.log('gated main');\n"),
            ("acme/failing/v1/action.yml", "name: Failing\nruns:\n  using: node20\n  pre: pre.js\n  main: main.js\n  post: post.js\n"),
            ("acme/failing/v1/pre.js", "console.log('failing pre'); process.exit(1);\n"),
            ("acme/failing/v1/main.js", "console.log('failing main');\n"),
            ("acme/failing/v1/post.js", "console.log('failing post');\n"));
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - id: gated
                    uses: acme/gated@v1
                  - id: failing
                    uses: acme/failing@v1
                  - if: always()
                    run: echo "always runs"
            """);

        var result = await run.RunAsync(settings: new LocalRunSettings { ActionCacheDirectory = cache.Root });

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["failing pre", "always runs"], run.Observer.LinesOf("j"));
        Assert.Contains("step-end j pre-gated skipped", run.Observer.Events);
        Assert.Contains("step-end j pre-failing failure", run.Observer.Events);
        Assert.Contains("step-end j failing skipped", run.Observer.Events);
    }
}
