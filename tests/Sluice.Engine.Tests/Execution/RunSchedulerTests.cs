using Sluice.Engine.Execution;
using Sluice.Engine.Local;

namespace Sluice.Engine.Tests.Execution;

/// <summary>Real workflows in real git repositories, run end to end with real processes.</summary>
public sealed class RunSchedulerTests
{
    [Fact]
    public async Task A_diamond_of_needs_passes_outputs_and_runs_in_order()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              a:
                runs-on: x
                outputs:
                  value: ${{ steps.s.outputs.value }}
                steps:
                  - id: s
                    run: echo "value=from-a" >> "$GITHUB_OUTPUT"
              b:
                needs: a
                runs-on: x
                outputs: { value: "${{ needs.a.outputs.value }}-b" }
                steps: [{ run: echo b }]
              c:
                needs: a
                runs-on: x
                outputs: { value: "${{ needs.a.outputs.value }}-c" }
                steps: [{ run: echo c }]
              d:
                needs: [b, c]
                runs-on: x
                steps:
                  - run: echo "got ${{ needs.b.outputs.value }} and ${{ needs.c.outputs.value }}, b was ${{ needs.b.result }}"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains("got from-a-b and from-a-c, b was success", run.Observer.LinesOf("d"));
        var order = run.Observer.Events.ToList();
        Assert.True(order.IndexOf("end a success") < order.IndexOf("start b"));
        Assert.True(order.IndexOf("end b success") < order.IndexOf("start d") && order.IndexOf("end c success") < order.IndexOf("start d"));
    }

    [Fact]
    public async Task A_matrix_expands_with_include_and_exclude_and_fills_the_strategy_context()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy:
                  matrix:
                    os: [linux, mac]
                    n: [1, 2]
                    exclude: [{ os: mac, n: 2 }]
                    include:
                      - os: linux
                        extra: yes
                      - os: windows
                        n: 9
                steps:
                  - run: echo "leg ${{ matrix.os }}-${{ matrix.n }}-${{ matrix.extra }} ${{ strategy.job-index }}/${{ strategy.job-total }}"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var legs = run.Observer.Lines.Select(l => l.Text).Where(t => t.StartsWith("leg ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["leg linux-1-yes 0/4", "leg linux-2-yes 1/4", "leg mac-1- 2/4", "leg windows-9- 3/4"], legs);
    }

    [Fact]
    public async Task Failure_skips_dependents_unless_always_and_failure_steps_run()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              broken:
                runs-on: x
                steps:
                  - run: exit 1
                  - run: echo not reached
                  - if: failure()
                    run: echo cleaning up
              next:
                needs: broken
                runs-on: x
                steps: [{ run: echo next }]
              report:
                needs: broken
                if: always()
                runs-on: x
                steps:
                  - run: echo "broken was ${{ needs.broken.result }}"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["cleaning up"], run.Observer.LinesOf("broken"));
        Assert.Equal(Conclusion.Skipped, result.Jobs.Single(j => j.JobId == "next").Conclusion);
        Assert.Contains("broken was failure", run.Observer.LinesOf("report"));
    }

    [Fact]
    public async Task Continue_on_error_keeps_the_job_green_and_sets_outcome_and_conclusion()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - id: flaky
                    run: exit 4
                    continue-on-error: true
                  - run: echo "${{ steps.flaky.outcome }}/${{ steps.flaky.conclusion }}"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains("failure/success", run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task Env_flows_from_workflow_to_job_to_step_and_through_GITHUB_ENV_and_GITHUB_PATH()
    {
        using var run = new WorkflowRun("""
            on: push
            env: { LEVEL: workflow, KEEP: kept }
            jobs:
              j:
                runs-on: x
                env: { LEVEL: job }
                steps:
                  - run: |
                      echo "LATER=set-by-step" >> "$GITHUB_ENV"
                      mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\necho tool-found\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
                      echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
                  - env: { LEVEL: step }
                    run: echo "$LEVEL $KEEP $LATER ${{ env.LATER }} $CI $GITHUB_REF"
                  - run: mytool
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["step kept set-by-step set-by-step true refs/heads/main", "tool-found"], run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task Secrets_and_added_masks_never_reach_the_output_in_any_form()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: |
                      echo "plain ${{ secrets.TOKEN }}"
                      echo "b64 $(printf '%s' '${{ secrets.TOKEN }}' | base64)"
                      echo "::add-mask::runtime-value-42"
                      echo "later runtime-value-42"
            """);

        var result = await run.RunAsync(settings: new LocalRunSettings { Secrets = new Dictionary<string, string> { ["TOKEN"] = "hunter2-very-secret" } });

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var lines = run.Observer.LinesOf("j").ToList();
        Assert.Equal(["plain ***", "b64 ***", "later ***"], lines);
    }

    [Fact]
    public async Task A_step_timeout_stops_the_process_tree_and_fails_the_step()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: sleep 600
                    timeout-minutes: 0.02
                  - if: always()
                    run: echo after timeout
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Message.Contains("longer than its timeout", StringComparison.Ordinal));
        Assert.Contains("after timeout", run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task Cancelling_stops_running_steps_and_still_runs_always_steps()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: echo started && sleep 600
                  - run: echo not reached
                  - if: always()
                    run: echo cleanup
                  - if: cancelled()
                    run: echo saw cancel
            """);
        using var cancel = new CancellationTokenSource();
        var observerTask = Task.Run(async () =>
        {
            while (!run.Observer.LinesOf("j").Contains("started"))
            {
                await Task.Yield();
            }

            await cancel.CancelAsync();
        });

        var result = await run.RunAsync(cancellationToken: cancel.Token);
        await observerTask.WaitAsync(WorkflowRun.Timeout);

        Assert.Equal(Conclusion.Cancelled, result.Conclusion);
        Assert.Equal(["started", "cleanup", "saw cancel"], run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task Checkout_puts_the_commit_in_the_job_workspace()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - run: cat src/hello.txt && test "$(git rev-parse HEAD)" = "$GITHUB_SHA" && echo same-commit
            """, ("src/hello.txt", "hello from the repository\n"));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["hello from the repository", "same-commit"], run.Observer.LinesOf("j").Where(l => !l.StartsWith("Checking out", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Only_one_job_and_what_it_needs_run_with_a_job_filter()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              a: { runs-on: x, steps: [{ run: echo a }] }
              b: { runs-on: x, needs: a, steps: [{ run: echo b }] }
              c: { runs-on: x, steps: [{ run: echo c }] }
            """);

        var withNeeds = await run.RunAsync(new RunOptions { OnlyJob = "b" });
        Assert.Equal(["a", "b"], withNeeds.Jobs.Select(j => j.JobId));

        var alone = await run.RunAsync(new RunOptions { OnlyJob = "b", IncludeNeeds = false });
        Assert.Equal(["b"], alone.Jobs.Select(j => j.JobId));
    }
}

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Jobs_in_one_concurrency_group_run_one_at_a_time_and_a_newer_one_replaces_a_waiting_one()
    {
        // The order does not rest on timing: 'first' holds the group until 'release' runs, which starts only
        // after 'third' asked for the group; 'second' asks before 'third' (it needs one job less).
        var release = Path.Combine(Path.GetTempPath(), $"sluice-release-{Guid.NewGuid():N}");
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
              first:
                runs-on: x
                timeout-minutes: 1
                concurrency: deploy
                steps: [{ run: 'while [ ! -f "{{{release}}}" ]; do sleep 0.02; done; echo first' }]
              warm1: { runs-on: x, steps: [{ run: echo warm1 }] }
              warm2: { runs-on: x, needs: warm1, steps: [{ run: echo warm2 }] }
              second:
                runs-on: x
                needs: warm1
                concurrency: deploy
                steps: [{ run: echo second }]
              third:
                runs-on: x
                needs: warm2
                concurrency: { group: "dep${{ 'loy' }}" }
                steps: [{ run: echo third }]
              release: { runs-on: x, needs: warm2, steps: [{ run: 'touch "{{{release}}}"' }] }
            """);

        var result = await run.RunAsync(new RunOptions { Parallelism = 6 });
        File.Delete(release);

        // As on GitHub, a job its group cancelled makes the run cancelled when nothing failed.
        Assert.Equal(Conclusion.Cancelled, result.Conclusion);
        var conclusions = result.Jobs.ToDictionary(j => j.JobId, j => j.Conclusion);
        Assert.Equal(Conclusion.Success, conclusions["first"]);
        Assert.Equal(Conclusion.Cancelled, conclusions["second"]);
        Assert.Equal(Conclusion.Success, conclusions["third"]);
        var events = run.Observer.Events.ToList();
        Assert.True(events.IndexOf("end first success") < events.IndexOf("step third __run"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "second" && a.Message.Contains("concurrency group 'deploy'", StringComparison.Ordinal));
    }
}

public sealed class OrphanTests
{
    [Fact]
    public async Task Processes_a_step_leaves_running_are_stopped_when_the_job_ends()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: |
                      sleep 600 > /dev/null 2>&1 &
                      echo "pid=$!"
                  - run: echo still running
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var lines = run.Observer.LinesOf("j").ToList();
        var pid = int.Parse(lines.Single(l => l.StartsWith("pid=", StringComparison.Ordinal))[4..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Stopped 1 process(es) the steps left running.", lines);
        Assert.False(IsLive(pid), $"process {pid} is still running");
    }

    private static bool IsLive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
