using Sluice.Engine.Planning;
using static Sluice.Engine.Tests.Planning.TestWorkflows;

namespace Sluice.Engine.Tests.Planning;

public class RunPlannerTests
{
    // build and lint start at once; test waits for build; package for test and lint; docs stands alone; deploy for package.
    private static readonly Sluice.Workflows.Workflow Pipeline = Read("""
        on: push
        jobs:
          deploy:
            needs: package
            runs-on: ubuntu-latest
            steps: [{ run: echo deploy }]
          build:
            runs-on: ubuntu-latest
            steps: [{ run: echo build }]
          test:
            needs: build
            runs-on: ubuntu-latest
            steps: [{ run: echo test }]
          lint:
            runs-on: ubuntu-latest
            steps: [{ run: echo lint }]
          package:
            needs: [test, lint]
            runs-on: ubuntu-latest
            steps: [{ run: echo package }]
          docs:
            runs-on: ubuntu-latest
            steps: [{ run: echo docs }]
        """);

    private static string[] Describe(IReadOnlyList<PlannedJob> plan) =>
        [.. plan.Select(job => $"{job.Layer}:{job.Id}<-[{string.Join(",", job.Needs)}]")];

    [Fact]
    public void Jobs_are_layered_by_their_needs_and_ordered_as_written_within_a_layer() =>
        Assert.Equal(
            ["0:build<-[]", "0:lint<-[]", "0:docs<-[]", "1:test<-[build]", "2:package<-[test,lint]", "3:deploy<-[package]"],
            Describe(RunPlanner.Plan(Pipeline)));

    [Fact]
    public void Every_job_comes_after_everything_it_needs()
    {
        var plan = RunPlanner.Plan(Pipeline);
        var position = plan.Select((job, index) => (job.Id, index)).ToDictionary(p => p.Id, p => p.index);
        Assert.All(plan, job => Assert.All(job.Needs, need => Assert.True(position[need] < position[job.Id])));
    }

    [Fact]
    public void Choosing_a_job_also_plans_everything_it_needs_transitively() =>
        Assert.Equal(
            ["0:build<-[]", "0:lint<-[]", "1:test<-[build]", "2:package<-[test,lint]"],
            Describe(RunPlanner.Plan(Pipeline, "package")));

    [Fact]
    public void Choosing_a_job_without_needs_plans_it_alone_in_the_first_layer() =>
        Assert.Equal(["0:deploy<-[]"], Describe(RunPlanner.Plan(Pipeline, "deploy", includeNeeds: false)));

    [Fact]
    public void Choosing_a_job_that_needs_nothing_plans_only_that_job() =>
        Assert.Equal(["0:docs<-[]"], Describe(RunPlanner.Plan(Pipeline, "docs")));

    [Fact]
    public void An_unknown_job_is_an_error_that_lists_the_jobs_there_are()
    {
        var error = Assert.Throws<PlanException>(() => RunPlanner.Plan(Pipeline, "publish"));
        Assert.Contains("'publish'", error.Message, StringComparison.Ordinal);
        Assert.Contains("deploy, build, test, lint, package, docs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Needs_that_form_a_cycle_are_an_error_naming_the_cycle()
    {
        var workflow = new Sluice.Workflows.Workflow
        {
            Jobs =
            [
                new Sluice.Workflows.Job { Id = "a", Needs = ["c"] },
                new Sluice.Workflows.Job { Id = "b", Needs = ["a"] },
                new Sluice.Workflows.Job { Id = "c", Needs = ["b"] },
            ],
        };
        var error = Assert.Throws<PlanException>(() => RunPlanner.Plan(workflow));
        Assert.Contains("a -> c -> b -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_need_of_a_missing_job_is_an_error_naming_both_jobs()
    {
        var workflow = new Sluice.Workflows.Workflow { Jobs = [new Sluice.Workflows.Job { Id = "a", Needs = ["ghost"] }] };
        var error = Assert.Throws<PlanException>(() => RunPlanner.Plan(workflow));
        Assert.Contains("'a' needs 'ghost'", error.Message, StringComparison.Ordinal);
    }
}
