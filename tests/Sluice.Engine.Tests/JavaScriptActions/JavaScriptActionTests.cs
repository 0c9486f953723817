using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.JavaScriptActions;

/// <summary>Local JavaScript actions (<c>uses: ./path</c> with <c>using: node20</c>) run end to end with the real node.</summary>
public sealed class JavaScriptActionTests
{
    private const string Hello = """
        name: Hello
        inputs:
          who:
            required: true
          greeting:
            default: Hello
          where:
            default: ${{ github.event_name }} on ${{ runner.os }}
          my input:
            default: spaced
        outputs:
          message:
            description: the greeting
        runs:
          using: node20
          main: dist/index.js
        """;

    private const string HelloScript = """
        const fs = require('fs');
        const path = require('path');
        const input = (name) => process.env['INPUT_' + name.replace(/ /g, '_').toUpperCase()] ?? '';
        const message = `${input('greeting')}, ${input('who')}!`;
        fs.appendFileSync(process.env.GITHUB_OUTPUT, `message=${message}\n`);
        console.log(`::set-output name=where::${input('where')}`);
        console.log(`spaced=${input('my input')} action=${process.env.GITHUB_ACTION} path=${path.basename(process.env.GITHUB_ACTION_PATH)} repository=[${process.env.GITHUB_ACTION_REPOSITORY}] in-workspace=${process.cwd() === process.env.GITHUB_WORKSPACE} env=${process.env.FROM_STEP}`);
        fs.writeFileSync('greeting.txt', message);
        """;

    /// <summary>The job's lines without those of the checkout step.</summary>
    private static IEnumerable<string> StepLines(WorkflowRun run) =>
        run.Observer.Lines.Where(l => l.Job == "j" && l.Step != "__actions_checkout").Select(l => l.Text);

    [Fact]
    public async Task Inputs_with_defaults_become_INPUT_variables_and_outputs_reach_later_steps()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: hello
                    uses: ./.github/actions/hello
                    env: { FROM_STEP: step-env }
                    with: { who: world }
                  - run: echo "got ${{ steps.hello.outputs.message }} (${{ steps.hello.outputs.where }}); file says $(cat greeting.txt)"
            """, (".github/actions/hello/action.yml", Hello), (".github/actions/hello/dist/index.js", HelloScript));

        var result = await run.RunAsync();

        Assert.True(result.Conclusion == Conclusion.Success, string.Join("\n", run.Observer.Annotations));
        var lines = StepLines(run).ToList();
        Assert.Contains("spaced=spaced action=hello path=hello repository=[] in-workspace=true env=step-env", lines);
        Assert.Contains("got Hello, world! (push on Linux); file says Hello, world!", lines);
        Assert.Equal("Hello, world!", result.Jobs.Single().Steps.Single(s => s.Id == "hello").Outputs["message"]);
    }

    [Fact]
    public async Task A_missing_required_input_is_a_warning_and_the_action_still_runs_as_on_GitHub()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./.github/actions/hello
                    with: { greeting: Hi, colour: blue }
            """, (".github/actions/hello/action.yml", Hello), (".github/actions/hello/dist/index.js", HelloScript));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Level == "warning" && a.Message.StartsWith("Input required and not supplied: who", StringComparison.Ordinal));
        Assert.Contains(run.Observer.Annotations, a => a.Level == "warning" && a.Message.Contains("Unexpected input(s) 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_zero_exit_fails_the_step_and_failure_steps_still_run()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: broken
                    uses: ./.github/actions/broken
                  - run: echo "never"
                  - if: failure()
                    run: echo "broken was ${{ steps.broken.outcome }}"
            """,
            (".github/actions/broken/action.yml", "name: Broken\nruns:\n  using: node20\n  main: main.js\n"),
            (".github/actions/broken/main.js", "console.log('::error::something is wrong'); process.exit(3);\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Level == "error" && a.Message == "something is wrong");
        Assert.Contains(run.Observer.Annotations, a => a.Level == "error" && a.Message.Contains("exited with code 3", StringComparison.Ordinal));
        Assert.Equal(["broken was failure"], StepLines(run));
    }

    [Fact]
    public async Task Post_stages_run_after_the_last_step_in_reverse_order_and_post_if_decides_on_the_job_status()
    {
        const string post = """
            name: Post
            inputs:
              label: { required: true }
            runs:
              using: node20
              main: main.js
              post: post.js
            """;
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: first
                    uses: ./.github/actions/post
                    with: { label: first }
                  - id: on-success
                    uses: ./.github/actions/post-on-success
                  - id: second
                    uses: ./.github/actions/post
                    with: { label: second }
                  - run: echo "last step" && exit 1
            """,
            (".github/actions/post/action.yml", post),
            (".github/actions/post/main.js", "console.log(`main ${process.env.INPUT_LABEL}`);\n"),
            (".github/actions/post/post.js", "console.log(`post ${process.env.INPUT_LABEL}`);\n"),
            (".github/actions/post-on-success/action.yml", "name: On success\nruns:\n  using: node20\n  main: main.js\n  post: post.js\n  post-if: success()\n"),
            (".github/actions/post-on-success/main.js", "console.log('main on-success');\n"),
            (".github/actions/post-on-success/post.js", "console.log('post on-success');\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["main first", "main on-success", "main second", "last step", "post second", "post first"], StepLines(run));
        Assert.Contains("step-end j post-on-success skipped", run.Observer.Events);
        Assert.Contains("step-end j post-first success", run.Observer.Events);
    }

    [Fact]
    public async Task A_local_action_with_pre_runs_main_and_warns_that_GitHub_runs_no_pre_for_local_actions()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./act
            """,
            ("act/action.yml", "name: A\nruns:\n  using: node16\n  pre: pre.js\n  main: main.js\n"),
            ("act/pre.js", "console.log('pre');\n"),
            ("act/main.js", "console.log('main');\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["main"], StepLines(run));
        Assert.Contains(run.Observer.Annotations, a => a.Level == "warning" && a.Message == "`pre` execution is not supported for local action from './act'");
        Assert.Contains(run.Observer.Annotations, a => a.Level == "warning" && a.Message.Contains("Node.js 16 has reached end of life and GitHub runs such actions on Node.js 20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_main_script_that_is_not_there_fails_the_step_naming_the_file()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./act
            """, ("act/action.yml", "name: A\nruns:\n  using: node20\n  main: dist/index.js\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Level == "error" && a.Message.Contains("the main script 'dist/index.js' that act/action.yml names does not exist", StringComparison.Ordinal));
    }
}
