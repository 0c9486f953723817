using Sluice.Engine.Execution;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Tests.Planning;

namespace Sluice.Engine.Tests.Scheduling;

/// <summary>
/// The run's state machine on its own: decisions from recorded state, with no processes and no clock. Each test
/// records what would happen (a leg finishes, the run is cancelled) and checks what the decider says happens next.
/// </summary>
public sealed class RunDeciderTests
{
    private const string ThreeLegsInOneGroup = """
        on: push
        jobs:
          deploy:
            runs-on: x
            concurrency: prod
            strategy: { matrix: { n: [1, 2, 3] } }
            steps: [{ run: echo }]
        """;

    [Fact]
    public void Fail_fast_ends_waiting_legs_without_starting_them_and_asks_running_ones_to_stop()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy: { max-parallel: 2, matrix: { n: [1, 2, 3, 4] } }
                steps: [{ run: echo }]
            """);

        Assert.Equal(["expand test into 4", "start test-1", "start test-2"], run.Settle());

        run.Finish("test-1", Conclusion.Failure);
        var cancels = run.SettleDecisions();

        Assert.Equal(["cancel test-2 running", "cancel test-3 waiting", "cancel test-4 waiting"], cancels.Select(run.Describe));
        Assert.All(cancels, c => Assert.Equal(("error", "The job was canceled because \"test (1)\" failed."), ((CancelLeg)c).Annotation));
        Assert.False(run.Leg("test-3").Started);
        Assert.Equal(Conclusion.Cancelled, run.Leg("test-3").Conclusion);
        Assert.Equal(LegPhase.Running, run.Leg("test-2").Phase);

        run.Finish("test-2", Conclusion.Cancelled);
        Assert.Equal(["conclude test failure", "run failure"], run.Settle());
    }

    [Fact]
    public void Max_parallel_starts_the_next_leg_only_when_a_running_one_finishes()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy: { max-parallel: 2, matrix: { n: [1, 2, 3] } }
                steps: [{ run: echo }]
            """);

        Assert.Equal(["expand test into 3", "start test-1", "start test-2"], run.Settle());
        Assert.Empty(run.Settle());

        run.Finish("test-2", Conclusion.Success);
        Assert.Equal(["start test-3"], run.Settle());

        run.Finish("test-1", Conclusion.Success);
        run.Finish("test-3", Conclusion.Success);
        Assert.Equal(["conclude test success", "run success"], run.Settle());
    }

    [Fact]
    public void The_parallel_limit_counts_the_legs_of_every_job_and_slots_go_first_come_first_served()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              a: { runs-on: x, strategy: { matrix: { n: [1, 2] } }, steps: [{ run: echo }] }
              b: { runs-on: x, steps: [{ run: echo }] }
            """, parallelism: 2);

        Assert.Equal(["expand a into 2", "expand b into 1", "start a-1", "start a-2"], run.Settle());

        run.Finish("a-2", Conclusion.Success);
        Assert.Equal(["start b"], run.Settle());
    }

    [Fact]
    public void A_leg_that_continues_on_error_neither_cancels_its_siblings_nor_fails_the_job()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test:
                runs-on: x
                continue-on-error: ${{ matrix.n == 1 }}
                strategy: { max-parallel: 1, matrix: { n: [1, 2] } }
                steps: [{ run: echo }]
              after: { needs: test, runs-on: x, steps: [{ run: echo }] }
            """);

        Assert.Equal(["expand test into 2", "start test-1"], run.Settle());
        Assert.True(run.Leg("test-1").ContinueOnError);
        Assert.False(run.Leg("test-2").ContinueOnError);

        run.Finish("test-1", Conclusion.Failure);
        Assert.Equal(["start test-2"], run.Settle());

        run.Finish("test-2", Conclusion.Success);
        Assert.Equal(["conclude test success", "expand after into 1", "start after"], run.Settle());
    }

    [Fact]
    public void A_leg_that_fails_without_continue_on_error_fails_the_job_even_when_a_sibling_may_fail()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test:
                runs-on: x
                continue-on-error: ${{ matrix.n == 1 }}
                strategy: { fail-fast: false, matrix: { n: [1, 2] } }
                steps: [{ run: echo }]
            """);
        run.Settle();

        run.Finish("test-1", Conclusion.Failure);
        run.Finish("test-2", Conclusion.Failure);

        Assert.Equal(["conclude test failure", "run failure"], run.Settle());
    }

    [Fact]
    public void Needs_skip_dependents_of_a_failure_unless_their_condition_says_otherwise()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              a: { runs-on: x, steps: [{ run: echo }] }
              after-success: { needs: a, runs-on: x, steps: [{ run: echo }] }
              on-failure: { needs: a, if: failure(), runs-on: x, steps: [{ run: echo }] }
              after-skipped: { needs: after-success, runs-on: x, steps: [{ run: echo }] }
              always: { needs: after-success, if: always(), runs-on: x, steps: [{ run: echo }] }
            """);
        Assert.Equal(["expand a into 1", "start a"], run.Settle());

        run.Finish("a", Conclusion.Failure);

        Assert.Equal(
            ["conclude a failure", "skip after-success skipped", "expand on-failure into 1", "skip after-skipped skipped", "expand always into 1", "start on-failure", "start always"],
            run.Settle());
        Assert.Equal("skipped", ((Sluice.Expressions.ObjectValue)run.Snapshot.Scopes[0].Job("always").NeedsContext.Properties.Single().Value).Properties.First().Value.ToDisplayString());
    }

    [Fact]
    public void A_cancelled_run_stops_running_legs_ends_waiting_ones_and_starts_an_always_job_cancelled()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy: { max-parallel: 1, matrix: { n: [1, 2] } }
                steps: [{ run: echo }]
              report: { needs: test, if: always(), runs-on: x, steps: [{ run: echo }] }
              later: { needs: test, runs-on: x, steps: [{ run: echo }] }
            """);
        run.Settle();

        run.Snapshot.RecordCancelled();
        var cancels = run.SettleDecisions();

        Assert.Equal(["cancel test-1 running", "cancel test-2 waiting"], cancels.Select(run.Describe));
        Assert.All(cancels, c => Assert.Null(((CancelLeg)c).Annotation));

        run.Finish("test-1", Conclusion.Cancelled);
        Assert.Equal(["conclude test cancelled", "expand report into 1", "skip later skipped", "start report cancelled"], run.Settle());

        run.Finish("report", Conclusion.Cancelled);
        Assert.Equal(["conclude report cancelled", "run cancelled"], run.Settle());
    }

    [Fact]
    public void The_outputs_of_a_matrix_merge_in_the_order_its_legs_finished()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test: { runs-on: x, strategy: { matrix: { n: [1, 2] } }, steps: [{ run: echo }] }
            """);
        run.Settle();

        run.Finish("test-2", Conclusion.Success, ("shared", "from 2"), ("two", "2"));
        run.Finish("test-1", Conclusion.Success, ("shared", "from 1"));
        var conclude = Assert.IsType<ConcludeJob>(run.SettleDecisions()[0]);

        Assert.Equal(new Dictionary<string, string> { ["shared"] = "from 1", ["two"] = "2" }, conclude.Outputs);
    }

    [Fact]
    public void A_concurrency_group_runs_one_leg_and_keeps_only_the_newest_waiting()
    {
        var run = new DeciderRun(ThreeLegsInOneGroup);

        Assert.Equal(
            ["expand deploy into 3", "take prod deploy-1", "wait prod deploy-2", "cancel deploy-2 waiting", "wait prod deploy-3", "start deploy-1"],
            run.Settle());

        run.Finish("deploy-1", Conclusion.Success);
        Assert.Equal(["take prod deploy-3", "start deploy-3"], run.Settle());
    }

    [Fact]
    public void Cancel_in_progress_cancels_the_leg_that_holds_the_group()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              first: { runs-on: x, concurrency: prod, steps: [{ run: echo }] }
              second:
                needs: gate
                runs-on: x
                concurrency: { group: prod, cancel-in-progress: true }
                steps: [{ run: echo }]
              gate: { runs-on: x, steps: [{ run: echo }] }
            """);
        Assert.Equal(["expand first into 1", "take prod first", "expand gate into 1", "start first", "start gate"], run.Settle());

        run.Finish("gate", Conclusion.Success);
        var decisions = run.SettleDecisions();

        Assert.Equal(["conclude gate success", "expand second into 1", "cancel first running", "wait prod second"], decisions.Select(run.Describe));
        run.Finish("first", Conclusion.Cancelled);
        Assert.Equal(["take prod second", "conclude first cancelled", "start second"], run.Settle());
    }

    [Fact]
    public void Concurrency_group_names_compare_without_regard_to_case()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              deploy:
                runs-on: x
                concurrency: ${{ matrix.env }}
                strategy: { matrix: { env: [prod, PROD] } }
                steps: [{ run: echo }]
            """);

        Assert.Equal(["expand deploy into 2", "take prod deploy-1", "wait PROD deploy-2", "start deploy-1"], run.Settle());
    }

    [Fact]
    public void A_failed_job_outweighs_a_job_its_group_cancelled_when_the_run_concludes()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              deploy:
                runs-on: x
                concurrency: prod
                steps: [{ run: echo }]
              test: { runs-on: x, steps: [{ run: echo }] }
            """, sharedGroups: true);

        Assert.Equal(["expand deploy into 1", "join prod deploy", "expand test into 1", "start test"], run.Settle());
        run.Snapshot.RecordGroupCancelled(run.Leg("deploy").Id, "a newer one took its place");
        Assert.Equal(["cancel deploy waiting", "conclude deploy cancelled"], run.Settle());
        run.Finish("test", Conclusion.Failure);

        Assert.Equal(["conclude test failure", "run failure"], run.Settle());
    }

    [Fact]
    public void With_shared_groups_a_leg_asks_the_driver_and_waits_for_its_answer()
    {
        var run = new DeciderRun(ThreeLegsInOneGroup, sharedGroups: true);

        Assert.Equal(["expand deploy into 3", "join prod deploy-1", "join prod deploy-2", "join prod deploy-3"], run.Settle());

        run.Snapshot.RecordGroupTaken(run.Leg("deploy-1").Id);
        run.Snapshot.RecordGroupCancelled(run.Leg("deploy-2").Id, "a newer one took its place");
        var decisions = run.SettleDecisions();
        Assert.Equal(["cancel deploy-2 waiting", "start deploy-1"], decisions.Select(run.Describe));
        Assert.Equal(("warning", "a newer one took its place"), Assert.IsType<CancelLeg>(decisions[0]).Annotation);

        run.Snapshot.RecordGroupCancelled(run.Leg("deploy-1").Id, "a newer one cancels it");
        run.Snapshot.RecordGroupTaken(run.Leg("deploy-3").Id);
        Assert.Equal(["cancel deploy-1 running", "start deploy-3"], run.Settle());

        run.Finish("deploy-1", Conclusion.Cancelled);
        run.Snapshot.RecordGroupCancelled(run.Leg("deploy-1").Id, "too late: it ended");
        run.Finish("deploy-3", Conclusion.Success);
        Assert.Equal(["conclude deploy cancelled", "run cancelled"], run.Settle());
    }

    [Fact]
    public void A_matrix_key_that_evaluates_to_nothing_fails_the_job_without_legs()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy:
                  matrix:
                    ${{ vars.AXIS }}: [a, b]
                steps: [{ run: echo }]
            """);

        var skip = Assert.IsType<SkipJob>(run.SettleDecisions()[0]);

        Assert.Equal(Conclusion.Failure, skip.Conclusion);
        Assert.Equal("The strategy of job 'test' could not be expanded: The key '${{ vars.AXIS }}' must evaluate to a name (a string), not null", skip.Problem);
    }

    [Fact]
    public void A_called_workflow_runs_as_a_scope_of_the_run_and_its_leg_holds_no_slot()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              call: { uses: ./.github/workflows/called.yml }
              other: { runs-on: x, steps: [{ run: echo }] }
            """, parallelism: 1);
        Assert.Equal(["expand call into 1", "expand other into 1", "start call", "start other"], run.Settle());

        var called = TestWorkflows.Read("""
            on:
              workflow_call:
                outputs:
                  version: { value: "${{ jobs.build.outputs.version }}" }
            jobs:
              build: { runs-on: x, outputs: { version: "${{ steps.v.outputs.version }}" }, steps: [{ id: v, run: echo }] }
            """);
        run.Snapshot.RecordCall(run.Leg("call").Id, DeciderRun.Scope(called, "call."));
        Assert.Equal(["expand build into 1"], run.Settle());

        run.Finish("other", Conclusion.Success);
        Assert.Equal(["conclude other success", "start call.build"], run.Settle());

        run.Finish("call.build", Conclusion.Success, ("version", "1.2.3"));
        var decisions = run.SettleDecisions();
        Assert.Equal(["conclude build success", "call call success", "conclude call success", "run success"], decisions.Select(run.Describe));
        Assert.Equal("1.2.3", Assert.IsType<ConcludeCall>(decisions[1]).Outputs["version"]);
    }

    [Fact]
    public void Max_parallel_also_limits_a_matrix_of_calls()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              call:
                strategy: { max-parallel: 1, matrix: { n: [1, 2] } }
                uses: ./.github/workflows/called.yml
            """);

        Assert.Equal(["expand call into 2", "start call-1"], run.Settle());

        run.Finish("call-1", Conclusion.Success);
        Assert.Equal(["start call-2"], run.Settle());
    }

    [Fact]
    public void Cancelling_a_call_leg_cancels_the_called_workflows_legs()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              call:
                strategy: { matrix: { n: [1, 2] } }
                uses: ./.github/workflows/called.yml
            """);
        run.Settle();
        var called = TestWorkflows.Read("on: workflow_call\njobs:\n  inner: { runs-on: x, steps: [{ run: echo }] }\n");
        run.Snapshot.RecordCall(run.Leg("call-1").Id, DeciderRun.Scope(called, "call-1."));
        run.Snapshot.RecordCall(run.Leg("call-2").Id, DeciderRun.Scope(called, "call-2."));
        Assert.Equal(["expand inner into 1", "expand inner into 1", "start call-1.inner", "start call-2.inner"], run.Settle());

        run.Finish("call-1.inner", Conclusion.Failure);

        Assert.Equal(
            ["conclude inner failure", "call call-1 failure", "cancel call-2 running", "cancel call-2.inner running"],
            run.Settle());
    }

    [Fact]
    public void The_decider_only_reads_the_snapshot_so_asking_twice_gives_the_same_answer()
    {
        var run = new DeciderRun("""
            on: push
            jobs:
              test: { runs-on: x, strategy: { max-parallel: 1, matrix: { n: [1, 2] } }, steps: [{ run: echo }] }
            """);
        run.Settle();
        run.Finish("test-1", Conclusion.Failure);

        var first = RunDecider.Next(run.Snapshot);
        var second = RunDecider.Next(run.Snapshot);

        Assert.Equal(first, second);
        Assert.Equal("cancel test-2 waiting", run.Describe(first!));
    }
}
