using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

/// <summary>
/// The deprecated <c>::set-env</c> and <c>::add-path</c> commands, refused as GitHub's runner refuses them unless the
/// step's env sets <c>ACTIONS_ALLOW_UNSECURE_COMMANDS</c> to true.
/// </summary>
public sealed class UnsecureCommandsTests
{
    private const string Disabled =
        "The `set-env` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/";

    [Fact]
    public async Task Without_the_opt_in_set_env_and_add_path_fail_their_step_with_GitHubs_message_and_change_nothing()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - id: old
                    run: |
                      echo "::set-env name=GREETING::hello"
                      echo "::add-path::/opt/old-tool"
                      echo "after the commands"
                  - if: always()
                    run: echo "greeting=[$GREETING] old-tool-on-path=$(echo "$PATH" | grep -c old-tool) outcome=${{ steps.old.outcome }}"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["after the commands", "greeting=[] old-tool-on-path=0 outcome=failure"], run.Observer.LinesOf("j"));
        var errors = run.Observer.Annotations.Where(a => a.Level == "error").Select(a => a.Message).ToList();
        Assert.Equal(
            [
                "Unable to process command '::set-env name=GREETING::hello' successfully.",
                Disabled,
                "Unable to process command '::add-path::/opt/old-tool' successfully.",
                Disabled.Replace("`set-env`", "`add-path`", StringComparison.Ordinal),
            ],
            errors);
    }

    [Fact]
    public async Task The_opt_in_in_the_job_env_turns_both_commands_back_on_for_the_steps_after()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                env:
                  ACTIONS_ALLOW_UNSECURE_COMMANDS: true
                steps:
                  - run: |
                      mkdir -p "$RUNNER_TEMP/old-tool" && printf '#!/bin/sh\necho old-tool-found\n' > "$RUNNER_TEMP/old-tool/oldtool" && chmod +x "$RUNNER_TEMP/old-tool/oldtool"
                      echo "::set-env name=GREETING::100%25 hello"
                      echo "::add-path::$RUNNER_TEMP/old-tool"
                      echo "same step: [$GREETING]"
                  - run: |
                      echo "next step: [$GREETING] [${{ env.GREETING }}]"
                      oldtool
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["same step: []", "next step: [100% hello] [100% hello]", "old-tool-found"], run.Observer.LinesOf("j"));
        Assert.Empty(run.Observer.Annotations);
    }

    [Fact]
    public async Task The_opt_in_counts_at_workflow_level_and_at_step_level_but_only_for_that_step()
    {
        using var run = new WorkflowRun("""
            on: push
            env:
              FROM_WORKFLOW: x
            jobs:
              workflow-level:
                runs-on: x
                env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: "True" }
                steps:
                  - run: echo "::set-env name=A::from-workflow-level"
                  - run: echo "A=$A"
              step-level:
                runs-on: x
                steps:
                  - env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: "true" }
                    run: echo "::set-env name=B::allowed"
                  - run: echo "::set-env name=C::refused"
                  - if: always()
                    run: echo "B=$B C=$C"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["A=from-workflow-level"], run.Observer.LinesOf("workflow-level"));
        Assert.Equal(["B=allowed C="], run.Observer.LinesOf("step-level"));
        Assert.Equal(Conclusion.Success, result.Jobs.Single(j => j.JobId == "workflow-level").Conclusion);
        var stepLevel = result.Jobs.Single(j => j.JobId == "step-level");
        Assert.Equal([Conclusion.Success, Conclusion.Failure, Conclusion.Success], stepLevel.Steps.Select(s => s.Outcome));
    }

    [Fact]
    public async Task A_value_other_than_true_does_not_opt_in_and_NODE_OPTIONS_stays_blocked_without_failing_the_step()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              yes-is-not-true:
                runs-on: x
                env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: "yes" }
                steps:
                  - run: echo "::set-env name=A::refused"
              node-options:
                runs-on: x
                env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: true }
                steps:
                  - run: echo "::set-env name=NODE_OPTIONS::--require /tmp/evil.js"
                  - run: echo "node-options=[$NODE_OPTIONS]"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Jobs.Single(j => j.JobId == "yes-is-not-true").Conclusion);
        Assert.Equal(Conclusion.Success, result.Jobs.Single(j => j.JobId == "node-options").Conclusion);
        Assert.Equal(["node-options=[]"], run.Observer.LinesOf("node-options"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "node-options" && a.Level == "error" && a.Message == "Can't update NODE_OPTIONS environment variable using ::set-env:: command.");
    }

    [Fact]
    public async Task A_composite_actions_steps_see_the_opt_in_of_the_step_that_uses_the_action()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./.github/actions/old
                    env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: true }
                  - run: echo "LEGACY=$LEGACY"
            """, (".github/actions/old/action.yml", """
                name: Old
                description: still uses set-env
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: echo "::set-env name=LEGACY::set-inside-the-action"
                """));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains("LEGACY=set-inside-the-action", run.Observer.LinesOf("j"));
    }
}
