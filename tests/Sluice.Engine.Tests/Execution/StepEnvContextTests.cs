using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

/// <summary>
/// A step's own <c>env</c> is in the <c>env</c> context of everything else the step evaluates (its <c>with</c>, <c>if</c>,
/// <c>name</c>), as GitHub's runner evaluates the step's env first; and a composite action's steps see the env of the step
/// that uses the action.
/// </summary>
public sealed class StepEnvContextTests
{
    private const string Show = """
        name: Show
        description: prints its input
        inputs:
          value: { required: true }
        runs:
          using: composite
          steps:
            - shell: bash
              run: echo "input=${{ inputs.value }}"
        """;

    [Fact]
    public async Task The_with_inputs_if_and_name_of_a_step_see_its_own_env()
    {
        using var run = new WorkflowRun("""
            on: push
            env: { LEVEL: workflow }
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - name: show ${{ env.WHO }}
                    if: env.WHO == 'step-env'
                    uses: ./.github/actions/show
                    env: { WHO: step-env }
                    with: { value: "${{ env.WHO }} over ${{ env.LEVEL }}" }
                  - if: env.WHO == 'step-env'
                    run: echo "not run, WHO belongs to the step before"
            """, (".github/actions/show/action.yml", Show));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["input=step-env over workflow"], run.Observer.LinesOf("j").Where(l => !l.StartsWith("Checking out", StringComparison.Ordinal) && !l.StartsWith('▶')));
        var steps = result.Jobs.Single().Steps;
        Assert.Equal("show step-env", steps[1].DisplayName);
        Assert.Equal(Conclusion.Skipped, steps[2].Outcome);
    }

    [Fact]
    public async Task A_steps_env_values_are_evaluated_with_the_env_below_them_not_with_each_other()
    {
        using var run = new WorkflowRun("""
            on: push
            env: { A: workflow-a }
            jobs:
              j:
                runs-on: x
                env: { B: job-b }
                steps:
                  - env:
                      A: step-a
                      C: "step-c sees [${{ env.A }}] [${{ env.B }}]"
                    run: echo "$C"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["step-c sees [workflow-a] [job-b]"], run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task A_composite_actions_steps_outputs_and_nested_actions_see_the_env_of_the_step_that_uses_it()
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
                    env: { FROM_CALLER: caller-env }
                  - run: echo "output=${{ steps.outer.outputs.seen }}"
            """,
            (".github/actions/outer/action.yml", """
                name: Outer
                outputs:
                  seen: { value: "${{ env.FROM_CALLER }}" }
                runs:
                  using: composite
                  steps:
                    - if: env.FROM_CALLER == 'caller-env'
                      name: named ${{ env.FROM_CALLER }}
                      shell: bash
                      run: echo "run=${{ env.FROM_CALLER }} process=$FROM_CALLER"
                    - uses: ./.github/actions/show
                      env: { OWN: nested-step-env }
                      with: { value: "${{ env.FROM_CALLER }}+${{ env.OWN }}" }
                """),
            (".github/actions/show/action.yml", Show));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(
            ["▶ named caller-env", "run=caller-env process=caller-env", "input=caller-env+nested-step-env", "output=caller-env"],
            run.Observer.LinesOf("j").Where(l => !l.StartsWith("Checking out", StringComparison.Ordinal) && !l.StartsWith("▶ Run", StringComparison.Ordinal)));
    }
}
