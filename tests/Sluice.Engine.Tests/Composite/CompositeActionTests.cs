using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.Composite;

/// <summary>Local composite actions (<c>uses: ./path</c>) run end to end in real repositories with real processes.</summary>
public sealed class CompositeActionTests
{
    private const string Greet = """
        name: Greet
        description: Says hello
        inputs:
          who:
            description: whom to greet
            required: true
          punctuation:
            description: how to end
            default: "!"
        outputs:
          message:
            description: the greeting
            value: ${{ steps.say.outputs.message }}
        runs:
          using: composite
          steps:
            - id: say
              shell: bash
              env:
                NESTED: nested-env
              run: |
                echo "message=Hello ${{ inputs.who }}${{ inputs.punctuation }}" >> "$GITHUB_OUTPUT"
                echo "env: $FROM_JOB $FROM_STEP $NESTED ${{ env.FROM_STEP }}"
                echo "path: $(basename "$GITHUB_ACTION_PATH") $(test -f "${{ github.action_path }}/action.yml" && echo has-manifest)"
        """;

    [Fact]
    public async Task Inputs_take_defaults_and_given_values_and_outputs_env_and_the_action_path_reach_the_steps()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                env: { FROM_JOB: job-env }
                steps:
                  - uses: actions/checkout@v4
                  - id: greet
                    uses: ./.github/actions/greet
                    env: { FROM_STEP: step-env }
                    with: { who: world }
                  - id: again
                    uses: ./.github/actions/greet
                    with: { who: you, punctuation: "?" }
                  - run: echo "got ${{ steps.greet.outputs.message }} and ${{ steps.again.outputs.message }}"
            """, (".github/actions/greet/action.yml", Greet));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var lines = run.Observer.LinesOf("j").ToList();
        Assert.Contains("got Hello world! and Hello you?", lines);
        Assert.Contains("env: job-env step-env nested-env step-env", lines);
        Assert.Contains("path: greet has-manifest", lines);
        Assert.Equal("Hello world!", result.Jobs.Single().Steps.Single(s => s.Id == "greet").Outputs["message"]);
    }

    [Fact]
    public async Task A_composite_runs_a_nested_composite_with_step_ids_scoped_to_each_action()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: outer
                    uses: ./.github/actions/outer
                    with: { value: abc }
                  - run: echo "outer gave ${{ steps.outer.outputs.result }}; job sees s as [${{ steps.s.outputs.v }}]"
            """,
            (".github/actions/outer/action.yml", """
                name: Outer
                inputs: { value: { required: true } }
                outputs:
                  result: { value: "${{ steps.s.outputs.v }}+${{ steps.inner.outputs.v }}" }
                runs:
                  using: composite
                  steps:
                    - id: s
                      shell: bash
                      run: echo "v=outer-${{ inputs.value }}" >> "$GITHUB_OUTPUT"
                    - id: inner
                      uses: ./.github/actions/inner
                      with: { value: "${{ steps.s.outputs.v }}" }
                """),
            (".github/actions/inner/action.yml", """
                name: Inner
                inputs: { value: { required: true } }
                outputs:
                  v: { value: "${{ steps.s.outputs.v }}" }
                runs:
                  using: composite
                  steps:
                    - id: s
                      shell: sh
                      run: echo "v=inner-${{ inputs.value }}" >> "$GITHUB_OUTPUT"
                """));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains("outer gave outer-abc+inner-outer-abc; job sees s as []", run.Observer.LinesOf("j"));
    }

    private const string Fragile = """
        name: Fragile
        runs:
          using: composite
          steps:
            - id: breaks
              shell: bash
              run: |
                echo "before the failure"
                exit 3
            - shell: bash
              run: echo "not reached"
            - if: failure()
              shell: bash
              run: echo "cleanup saw ${{ steps.breaks.outcome }}"
        """;

    [Fact]
    public async Task A_failing_nested_step_fails_the_calling_step_and_nested_failure_steps_still_run()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: fragile
                    uses: ./.github/actions/fragile
                  - run: echo "after the action"
            """, (".github/actions/fragile/action.yml", Fragile));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        var lines = run.Observer.LinesOf("j").ToList();
        Assert.Contains("before the failure", lines);
        Assert.Contains("cleanup saw failure", lines);
        Assert.DoesNotContain("not reached", lines);
        Assert.DoesNotContain("after the action", lines);
        Assert.Equal(Conclusion.Failure, result.Jobs.Single().Steps.Single(s => s.Id == "fragile").Outcome);
        Assert.Contains(run.Observer.Annotations, a => a.Message.Contains("exit code 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Continue_on_error_on_the_calling_step_keeps_the_job_green()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: fragile
                    uses: ./.github/actions/fragile
                    continue-on-error: true
                  - run: echo "${{ steps.fragile.outcome }}/${{ steps.fragile.conclusion }}"
            """, (".github/actions/fragile/action.yml", Fragile));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains("failure/success", run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task A_missing_required_input_fails_the_step_naming_the_input()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./.github/actions/greet
                    with: { punctuation: "." }
            """, (".github/actions/greet/action.yml", Greet));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Level == "error" && a.Message.Contains("required input(s) 'who'", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Observer.LinesOf("j"), l => l.StartsWith("env:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_yaml_syntax_error_in_action_yml_is_reported_with_file_and_line()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./.github/actions/bad
            """, (".github/actions/bad/action.yml", "name: Bad\nruns:\n  using: composite\n  steps: [ { run: echo hi, shell: bash }\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Level == "error" && a.Message.StartsWith(".github/actions/bad/action.yml:5:", StringComparison.Ordinal) && a.Message.Contains("not valid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_docker_action_without_a_container_engine_is_reported_with_its_line()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./.github/actions/box
            """, (".github/actions/box/action.yml", "name: Box\nruns:\n  using: docker\n  image: Dockerfile\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        var error = Assert.Single(run.Observer.Annotations, a => a.Level == "error");
        Assert.StartsWith("Step 'Run ./.github/actions/box': 'uses: ./.github/actions/box' is a Docker container action (.github/actions/box/action.yml:3) and needs a Docker-compatible container engine, which this run does not have", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_step_without_shell_is_reported_with_its_line_before_anything_runs()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./.github/actions/noshell
            """, (".github/actions/noshell/action.yml", "name: No shell\nruns:\n  using: composite\n  steps:\n    - run: echo first\n      shell: bash\n    - run: echo second\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Message.StartsWith(".github/actions/noshell/action.yml:7:", StringComparison.Ordinal) && a.Message.Contains("Required property is missing: shell", StringComparison.Ordinal));
        Assert.DoesNotContain("first", run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task A_local_action_used_before_checkout_fails_saying_to_check_out_first()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: ./.github/actions/greet
                    with: { who: x }
            """, (".github/actions/greet/action.yml", Greet));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Message.Contains("does not exist in the workspace", StringComparison.Ordinal) && a.Message.Contains("actions/checkout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_action_that_uses_itself_stops_at_the_nesting_limit()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./.github/actions/loop
            """, (".github/actions/loop/action.yml", "name: Loop\nruns:\n  using: composite\n  steps:\n    - uses: ./.github/actions/loop\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Message.Contains("more than 10 deep", StringComparison.Ordinal));
    }
}
