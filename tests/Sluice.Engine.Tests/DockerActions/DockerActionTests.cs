using Sluice.Engine.Execution;
using Sluice.Engine.Local;
using Sluice.Engine.Tests.Containers;
using Sluice.Engine.Tests.Execution;
using Sluice.Engine.Tests.JavaScriptActions;

namespace Sluice.Engine.Tests.DockerActions;

/// <summary>Docker container actions on a real engine (podman's Docker API): <c>docker://</c> steps and action.yml with <c>using: docker</c>.</summary>
public sealed class DockerActionTests
{
    [Fact]
    public async Task A_docker_image_step_gets_its_args_env_and_the_workspace_and_writes_outputs()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              docker-image:
                runs-on: x
                steps:
                  - run: echo "from the workspace" > note.txt
                  - id: img
                    uses: docker://{{{TestEngine.Busybox}}}
                    env: { GREETING: hello }
                    with:
                      entrypoint: sh
                      args: '-c "echo \"$GREETING $(cat note.txt) in $PWD as $INPUT_ENTRYPOINT\"; echo answer=42 >> $GITHUB_OUTPUT; echo home=$HOME event=$GITHUB_EVENT_PATH ws=$GITHUB_WORKSPACE; test -s $GITHUB_EVENT_PATH && echo event-present; echo made > from-container.txt"'
                  - run: |
                      echo "answer=${{ steps.img.outputs.answer }}"
                      cat from-container.txt
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        var lines = run.Observer.LinesOf("docker-image").ToList();
        Assert.True(result.Conclusion == Conclusion.Success, Describe(run));
        Assert.Contains("hello from the workspace in /github/workspace as sh", lines);
        Assert.Contains("home=/github/home event=/github/workflow/event.json ws=/github/workspace", lines);
        Assert.Contains("event-present", lines);
        Assert.Contains("answer=42", lines);
        Assert.Contains("made", lines);
        Assert.Empty(await TestEngine.LeftoversAsync("docker-image"));
    }

    [Fact]
    public async Task A_cached_Docker_action_runs_its_pre_entrypoint_before_the_first_step_and_shares_state_with_main()
    {
        using var cache = new TempActionCache().With(
            ("acme/docked/v1/action.yml", """
                name: docked
                inputs:
                  label: { default: x }
                runs:
                  using: docker
                  image: docker://localhost/sluice-test/busybox:latest
                  pre-entrypoint: /bin/sh
                  entrypoint: /bin/sh
                  args: ["-c", "if [ -z \"$STATE_stage\" ]; then echo \"pre $INPUT_LABEL\"; echo stage=after-pre >> $GITHUB_STATE; else echo \"main $INPUT_LABEL sees $STATE_stage\"; fi"]
                """));
        using var run = new WorkflowRun("""
            on: push
            jobs:
              cached-docker:
                runs-on: x
                steps:
                  - run: echo "first step"
                  - id: d
                    uses: acme/docked@v1
                    with: { label: L }
            """);

        var result = await run.RunAsync(settings: new LocalRunSettings { ActionCacheDirectory = cache.Root }, containers: TestEngine.Source());

        Assert.True(result.Conclusion == Conclusion.Success, Describe(run));
        var lines = run.Observer.LinesOf("cached-docker").ToList();
        Assert.True(lines.IndexOf("pre L") >= 0 && lines.IndexOf("pre L") < lines.IndexOf("first step"), string.Join("\n", lines));
        Assert.Contains("main L sees after-pre", lines);
        Assert.Contains("step-end cached-docker pre-d success", run.Observer.Events);
    }

    [Fact]
    public async Task A_failing_exit_code_fails_the_step_unless_it_continues_on_error_and_a_timeout_stops_the_container()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              docker-fails:
                runs-on: x
                steps:
                  - id: tolerated
                    uses: docker://{{{TestEngine.Busybox}}}
                    continue-on-error: true
                    with: { entrypoint: sh, args: '-c "echo failing; exit 3"' }
                  - run: echo "outcome=${{ steps.tolerated.outcome }} conclusion=${{ steps.tolerated.conclusion }}"
                  - uses: docker://{{{TestEngine.Busybox}}}
                    with: { entrypoint: sh, args: '-c "exit 4"' }
              docker-slow:
                runs-on: x
                steps:
                  - uses: docker://{{{TestEngine.Busybox}}}
                    timeout-minutes: 0.1
                    with: { entrypoint: sh, args: '-c "trap \"echo stopping; exit 143\" TERM; echo started; sleep 300 & wait"' }
                  - if: always()
                    run: echo "after the timeout"
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains("outcome=failure conclusion=success", run.Observer.LinesOf("docker-fails"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "docker-fails" && a.Message.Contains("exited with code 4", StringComparison.Ordinal));
        Assert.Contains("end docker-fails failure", run.Observer.Events);
        Assert.Contains("started", run.Observer.LinesOf("docker-slow"));
        Assert.Contains("after the timeout", run.Observer.LinesOf("docker-slow"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "docker-slow" && a.Message.Contains("longer than its timeout", StringComparison.Ordinal));
        Assert.Empty(await TestEngine.LeftoversAsync("docker-fails"));
        Assert.Empty(await TestEngine.LeftoversAsync("docker-slow"));
    }

    [Fact]
    public async Task A_Docker_action_reaches_the_jobs_service_by_its_id()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              docker-service:
                runs-on: x
                services:
                  web: { image: "{{{TestEngine.Web}}}" }
                steps:
                  - uses: docker://{{{TestEngine.Busybox}}}
                    with: { entrypoint: wget, args: -qO- http://web:8080/ }
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        Assert.True(result.Conclusion == Conclusion.Success, Describe(run));
        Assert.Contains("hello from the service", run.Observer.LinesOf("docker-service"));
        Assert.Empty(await TestEngine.LeftoversAsync("docker-service"));
    }

    [Fact]
    public async Task Without_an_engine_a_Docker_step_fails_and_skip_unsupported_skips_it()
    {
        const string Workflow = """
            on: push
            jobs:
              no-engine:
                runs-on: x
                steps:
                  - uses: docker://localhost/sluice-test/busybox:latest
                  - run: echo "the rest ran"
            """;
        using var failing = new WorkflowRun(Workflow);
        using var skipping = new WorkflowRun(Workflow);

        var failed = await failing.RunAsync();
        var skipped = await skipping.RunAsync(settings: new LocalRunSettings { SkipUnsupportedSteps = true });

        Assert.Equal(Conclusion.Failure, failed.Conclusion);
        Assert.Contains(failing.Observer.Annotations, a => a.Message.Contains("needs a Docker-compatible container engine", StringComparison.Ordinal));
        Assert.Equal(Conclusion.Success, skipped.Conclusion);
        Assert.Contains("the rest ran", skipping.Observer.LinesOf("no-engine"));
        Assert.Contains(skipping.Observer.Annotations, a => a.Level == "warning" && a.Message.Contains("--skip-unsupported", StringComparison.Ordinal));
    }

    private static string Describe(WorkflowRun run) =>
        string.Join("\n", run.Observer.Lines.Select(l => $"{l.Job}: {l.Text}").Concat(run.Observer.Annotations.Select(a => $"{a.Level}: {a.Message}")));
}
