using Microsoft.Extensions.Time.Testing;
using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

/// <summary>
/// fail-fast, max-parallel and job-level continue-on-error end to end, with real processes. The run's clock is a fake
/// one: nothing here depends on how long anything takes, only on the order the run's state machine gives.
/// </summary>
public sealed class MatrixStrategyTests
{
    [Fact]
    public async Task Fail_fast_ends_legs_waiting_behind_max_parallel_as_cancelled_without_starting_them()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy:
                  max-parallel: 1
                  matrix:
                    n: [1, 2, 3]
                steps:
                  - run: echo "ran ${{ matrix.n }}" && test "${{ matrix.n }}" != 1
                  - if: always()
                    run: echo "cleanup ${{ matrix.n }}"
            """) { Clock = new FakeTimeProvider() };

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["test-1 failure", "test-2 cancelled", "test-3 cancelled"], Ends(run));
        Assert.Equal(["ran 1", "cleanup 1"], run.Observer.Lines.Select(l => l.Text));
        var events = run.Observer.Events.ToList();
        Assert.Contains("start test-1", events);
        Assert.DoesNotContain("start test-2", events);
        Assert.DoesNotContain("start test-3", events);
        Assert.Contains("end test-2 cancelled", events);
        Assert.Equal(
            ["test-2", "test-3"],
            run.Observer.Annotations.Where(a => a.Message == "The job was canceled because \"test (1)\" failed.").Select(a => a.Job).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Jobs, j => j.DisplayName == "test (2)" && j.Steps.Count > 0);
    }

    [Fact]
    public async Task Fail_fast_stops_legs_already_running_and_their_always_steps_still_run()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy:
                  matrix:
                    role: [fails, runs-on]
                steps:
                  - if: matrix.role == 'fails'
                    run: exit 1
                  - if: matrix.role == 'runs-on'
                    run: sleep 600
                  - if: always()
                    run: echo "cleanup ${{ matrix.role }}"
            """) { Clock = new FakeTimeProvider() };

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["test-1 failure", "test-2 cancelled"], Ends(run));
        Assert.Contains("start test-2", run.Observer.Events);
        Assert.Contains("cleanup runs-on", run.Observer.LinesOf("test-2"));
        Assert.Contains(run.Observer.Annotations, a => a.Job == "test-2" && a.Message == "The job was canceled because \"test (fails)\" failed.");
    }

    [Fact]
    public async Task Without_fail_fast_every_leg_runs_and_the_failure_still_fails_the_run()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy:
                  fail-fast: false
                  max-parallel: 1
                  matrix:
                    n: [1, 2, 3]
                steps:
                  - run: echo "ran ${{ matrix.n }} fail-fast=${{ strategy.fail-fast }}" && test "${{ matrix.n }}" != 1
            """) { Clock = new FakeTimeProvider() };

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(["test-1 failure", "test-2 success", "test-3 success"], Ends(run));
        Assert.Equal(["ran 1 fail-fast=false", "ran 2 fail-fast=false", "ran 3 fail-fast=false"], run.Observer.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Max_parallel_runs_at_most_that_many_legs_at_once()
    {
        var meet = Path.Combine(Directory.CreateTempSubdirectory("sluice-meet-").FullName, "meet");
        MakeFifo(meet);
        using var run = new WorkflowRun("""
            on: push
            env:
              MEET: MEET_PATH
            jobs:
              test:
                runs-on: x
                strategy:
                  max-parallel: 2
                  matrix:
                    n: [1, 2, 3, 4, 5]
                steps:
                  - run: echo "leg ${{ matrix.n }} of ${{ strategy.job-total }}, at most ${{ strategy.max-parallel }}"
                  # Legs 1 and 2 meet at a named pipe: each blocks until the other has it open, so the
                  # run finishes only when both ran at once (timeout bounds the failing case).
                  - if: matrix.n == 1
                    run: timeout 60 cat "$MEET"
                  - if: matrix.n == 2
                    run: echo met | timeout 60 tee "$MEET"
            """.Replace("MEET_PATH", meet, StringComparison.Ordinal)) { Clock = new FakeTimeProvider() };

        var result = await run.RunAsync(new RunOptions { Parallelism = 8 });

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(5, result.Jobs.Count);
        Assert.Contains("leg 5 of 5, at most 2", run.Observer.Lines.Select(l => l.Text));
        var running = 0;
        var most = 0;
        foreach (var e in run.Observer.Events)
        {
            running += e.StartsWith("start ", StringComparison.Ordinal) ? 1 : e.StartsWith("end ", StringComparison.Ordinal) ? -1 : 0;
            most = Math.Max(most, running);
        }

        Assert.Equal(2, most);
        Directory.Delete(Path.GetDirectoryName(meet)!, recursive: true);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public async Task The_runs_parallel_limit_holds_across_jobs()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              a: { runs-on: x, strategy: { matrix: { n: [1, 2] } }, steps: [{ run: echo a }] }
              b: { runs-on: x, strategy: { matrix: { n: [1, 2] } }, steps: [{ run: echo b }] }
            """) { Clock = new FakeTimeProvider() };

        var result = await run.RunAsync(new RunOptions { Parallelism = 1 });

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var events = run.Observer.Events.Where(e => e.StartsWith("start ", StringComparison.Ordinal) || e.StartsWith("end ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["start a-1", "end a-1 success", "start a-2", "end a-2 success", "start b-1", "end b-1 success", "start b-2", "end b-2 success"], events);
    }

    [Fact]
    public async Task Job_level_continue_on_error_lets_a_leg_fail_without_cancelling_its_siblings_or_failing_the_run()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              test:
                runs-on: x
                continue-on-error: ${{ matrix.experimental }}
                strategy:
                  max-parallel: 1
                  matrix:
                    include:
                      - name: next
                        experimental: true
                      - name: stable
                        experimental: false
                steps:
                  - run: echo "ran ${{ matrix.name }}" && test "${{ matrix.name }}" = stable
              after:
                needs: test
                runs-on: x
                steps:
                  - run: echo "test was ${{ needs.test.result }}"
            """) { Clock = new FakeTimeProvider() };

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["test-1 failure", "test-2 success", "after success"], Ends(run));
        Assert.Equal(["ran next", "ran stable", "test was success"], run.Observer.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task A_failing_job_that_continues_on_error_counts_as_a_success_for_what_needs_it()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              flaky:
                runs-on: x
                continue-on-error: true
                steps: [{ run: exit 3 }]
              strict:
                needs: flaky
                runs-on: x
                steps:
                  - run: echo "flaky was ${{ needs.flaky.result }}"
            """) { Clock = new FakeTimeProvider() };

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["flaky failure", "strict success"], Ends(run));
        Assert.Equal(["flaky was success"], run.Observer.LinesOf("strict"));
    }

    [Fact]
    public async Task A_cancelled_run_ends_waiting_legs_without_starting_them_and_still_runs_an_always_job()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy:
                  max-parallel: 1
                  matrix:
                    n: [1, 2]
                steps:
                  - run: echo "started ${{ matrix.n }}" && sleep 600
              report:
                needs: test
                if: always()
                runs-on: x
                steps:
                  - if: always()
                    run: echo "test was ${{ needs.test.result }}"
            """) { Clock = new FakeTimeProvider() };
        using var cancel = new CancellationTokenSource();
        var cancelWhenStarted = run.Observer.WaitForLineAsync("started 1").ContinueWith(_ => cancel.CancelAsync(), TaskScheduler.Default).Unwrap();

        var result = await run.RunAsync(cancellationToken: cancel.Token);
        await cancelWhenStarted;

        Assert.Equal(Conclusion.Cancelled, result.Conclusion);
        Assert.Equal(["test-1 cancelled", "test-2 cancelled"], Ends(run).Where(e => e.StartsWith("test", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("start test-2", run.Observer.Events);
        Assert.Equal(["test was cancelled"], run.Observer.LinesOf("report"));
    }

    /// <summary>Each leg's key and result, in the order the legs ended.</summary>
    private static List<string> Ends(WorkflowRun run) =>
        [.. run.Observer.Events.Where(e => e.StartsWith("end ", StringComparison.Ordinal)).Select(e => e["end ".Length..])];
}
