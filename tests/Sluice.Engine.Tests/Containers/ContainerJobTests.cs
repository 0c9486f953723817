using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Containers;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.Containers;

/// <summary>Container jobs and services on a real engine (podman's Docker API), end to end through the scheduler.</summary>
public sealed class ContainerJobTests
{
    [Fact]
    public async Task A_container_job_runs_its_steps_inside_the_container_with_the_workspace_and_file_commands_mounted()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              inside:
                runs-on: x
                container:
                  image: {{{TestEngine.Busybox}}}
                  env: { FROM_CONTAINER: set-by-container-env }
                env: { FROM_JOB: set-by-job-env }
                steps:
                  - id: where
                    run: |
                      echo "hostname=$(hostname)" >> "$GITHUB_OUTPUT"
                      echo "home=$HOME workspace=$GITHUB_WORKSPACE"
                      echo "env: $FROM_CONTAINER $FROM_JOB"
                      echo "shell: $0"
                      echo "made in the container" > "$GITHUB_WORKSPACE/made.txt"
                      echo "CARRIED=over" >> "$GITHUB_ENV"
                      echo "/opt/tools" >> "$GITHUB_PATH"
                  - run: |
                      echo "next: $CARRIED $(cat made.txt)"
                      echo "path: $PATH"
                      echo "id: ${{ job.container.id }} network: ${{ job.container.network }}"
                      echo "${{ job.container.id }}" | grep -q "^${{ steps.where.outputs.hostname }}" && echo "same container"
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        var lines = run.Observer.LinesOf("inside").ToList();
        Assert.True(result.Conclusion == Conclusion.Success, string.Join("\n", lines.Concat(run.Observer.Annotations.Select(a => a.Message))));
        Assert.Contains(lines, l => l.StartsWith("home=/github/home workspace=/__w/", StringComparison.Ordinal));
        Assert.Contains("env: set-by-container-env set-by-job-env", lines);
        Assert.Contains(lines, l => l.StartsWith("shell: ", StringComparison.Ordinal) && !l.Contains("bash", StringComparison.Ordinal));
        Assert.Contains("next: over made in the container", lines);
        Assert.Contains(lines, l => l.StartsWith("path: /opt/tools:/", StringComparison.Ordinal));
        Assert.Contains("same container", lines);
        Assert.Empty(await TestEngine.LeftoversAsync("inside"));
    }

    [Fact]
    public async Task A_service_is_reachable_by_its_id_from_a_container_job_and_on_a_published_port_from_a_job_on_this_machine()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              svc-in-container:
                runs-on: x
                container: {{{TestEngine.Busybox}}}
                services:
                  web: { image: "{{{TestEngine.Web}}}" }
                steps:
                  - run: wget -qO- http://web:8080/
              svc-on-host:
                runs-on: x
                services:
                  web:
                    image: {{{TestEngine.Web}}}
                    ports: ["8080"]
                steps:
                  - run: |
                      port='${{ job.services.web.ports['8080'] }}'
                      echo "port=$port"
                      exec 3<>"/dev/tcp/127.0.0.1/$port"
                      printf 'GET / HTTP/1.0\r\n\r\n' >&3
                      cat <&3
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        var messages = string.Join("\n", run.Observer.Lines.Select(l => $"{l.Job}: {l.Text}").Concat(run.Observer.Annotations.Select(a => a.Message)));
        Assert.True(result.Conclusion == Conclusion.Success, messages);
        Assert.Contains("hello from the service", run.Observer.LinesOf("svc-in-container"));
        Assert.Contains("hello from the service", run.Observer.LinesOf("svc-on-host"));
        Assert.DoesNotContain(run.Observer.Annotations, a => a.Message.Contains("without DNS", StringComparison.Ordinal));
        Assert.Contains(run.Observer.LinesOf("svc-on-host"), l => l.StartsWith("port=", StringComparison.Ordinal) && int.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Empty(await TestEngine.LeftoversAsync("svc-in-container"));
        Assert.Empty(await TestEngine.LeftoversAsync("svc-on-host"));
    }

    [Fact]
    public async Task Steps_wait_for_a_service_health_check_and_an_unhealthy_service_fails_the_job_with_its_log()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              healthy:
                runs-on: x
                services:
                  web:
                    image: {{{TestEngine.Web}}}
                    options: --health-cmd "wget -qO- http://127.0.0.1:8080/" --health-interval 200ms --health-retries 20
                steps:
                  - run: echo "the first step ran"
              sick:
                runs-on: x
                services:
                  web:
                    image: {{{TestEngine.Web}}}
                    options: >-
                      --health-cmd "echo checking; exit 1" --health-interval 200ms --health-retries 2
                steps:
                  - run: echo "must not run"
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains("end healthy success", run.Observer.Events);
        Assert.Contains("The service 'web' is healthy", run.Observer.LinesOf("healthy"));
        Assert.Contains("end sick failure", run.Observer.Events);
        Assert.DoesNotContain("must not run", run.Observer.LinesOf("sick"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "sick" && a.Message.Contains("the service 'web' is unhealthy", StringComparison.Ordinal));
        Assert.Empty(await TestEngine.LeftoversAsync("healthy"));
        Assert.Empty(await TestEngine.LeftoversAsync("sick"));
    }

    [Fact]
    public async Task The_job_timeout_also_covers_waiting_for_a_service_that_never_becomes_healthy()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              never-healthy:
                runs-on: x
                timeout-minutes: 0.05
                services:
                  web:
                    image: {{{TestEngine.Web}}}
                    options: --health-cmd "exit 1" --health-interval 1s --health-retries 1000
                steps:
                  - run: echo "must not run"
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        Assert.NotEqual(Conclusion.Success, result.Conclusion);
        Assert.DoesNotContain("must not run", run.Observer.LinesOf("never-healthy"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "never-healthy" && a.Message.Contains("ran longer than its timeout of 0.05 minutes while its containers started", StringComparison.Ordinal));
        Assert.Empty(await TestEngine.LeftoversAsync("never-healthy"));
    }

    [Fact]
    public async Task A_step_timeout_inside_the_container_stops_the_process_and_later_always_steps_still_run()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              slow-in-container:
                runs-on: x
                container: {{{TestEngine.Busybox}}}
                steps:
                  - run: echo started; sleep 300
                    timeout-minutes: 0.02
                  - if: always()
                    run: echo "cleanup ran"
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains("cleanup ran", run.Observer.LinesOf("slow-in-container"));
        Assert.Contains(run.Observer.Annotations, a => a.Message.Contains("ran longer than its timeout", StringComparison.Ordinal));
        Assert.Empty(await TestEngine.LeftoversAsync("slow-in-container"));
    }

    [Fact]
    public async Task A_cached_composite_action_runs_in_the_container_from_the_read_only_action_cache()
    {
        using var cache = new JavaScriptActions.TempActionCache().With(
            ("acme/banner/v1/action.yml", "name: Banner\nruns:\n  using: composite\n  steps:\n    - run: cat \"$GITHUB_ACTION_PATH/banner.txt\"; touch \"$GITHUB_ACTION_PATH/written\" || echo \"the cache is read-only\"\n      shell: sh\n"),
            ("acme/banner/v1/banner.txt", "a banner from the cache\n"));
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              cached-in-container:
                runs-on: x
                container: {{{TestEngine.Busybox}}}
                steps:
                  - uses: acme/banner@v1
            """);

        var result = await run.RunAsync(settings: new() { ActionCacheDirectory = cache.Root }, containers: TestEngine.Source());

        var lines = run.Observer.LinesOf("cached-in-container").ToList();
        Assert.True(result.Conclusion == Conclusion.Success, string.Join("\n", lines.Concat(run.Observer.Annotations.Select(a => a.Message))));
        Assert.Contains("a banner from the cache", lines);
        Assert.Contains("the cache is read-only", lines);
        Assert.False(File.Exists(Path.Combine(cache.Root, "acme", "banner", "v1", "written")));
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_fails_the_job_with_a_message_naming_where_it_looked()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              no-engine:
                runs-on: x
                container: {{{TestEngine.Busybox}}}
                steps: [{ run: echo never }]
            """);
        var socket = Path.Combine(Path.GetTempPath(), $"sluice-no-engine-{Guid.NewGuid():N}.sock");

        var result = await run.RunAsync(containers: new ContainerEngineSource($"unix://{socket}"));

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Message.Contains(socket, StringComparison.Ordinal));
        Assert.DoesNotContain("never", run.Observer.LinesOf("no-engine"));
    }

    [Fact]
    public async Task An_empty_image_runs_the_job_on_this_machine_and_bad_ports_or_options_are_errors_naming_them()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              empty-image:
                runs-on: x
                container: ${{ '' }}
                steps: [{ run: echo "ran on the host" }]
              bad-port:
                runs-on: x
                services:
                  web: { image: "{{{TestEngine.Web}}}", ports: ["99999"] }
                steps: [{ run: echo never }]
              bad-option:
                runs-on: x
                container: { image: "{{{TestEngine.Busybox}}}", options: "--frobnicate" }
                steps: [{ run: echo never }]
            """);

        var result = await run.RunAsync(containers: TestEngine.Source());

        Assert.Contains("end empty-image success", run.Observer.Events);
        Assert.Contains("ran on the host", run.Observer.LinesOf("empty-image"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "bad-port" && a.Message.Contains("99999", StringComparison.Ordinal));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "bad-option" && a.Message.Contains("--frobnicate", StringComparison.Ordinal));
        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Empty(await TestEngine.LeftoversAsync("bad-port"));
        Assert.Empty(await TestEngine.LeftoversAsync("bad-option"));
    }
}
