using Sluice.Triggers.Schedules;
using Sluice.Workflows;

namespace Sluice.Triggers.Tests.Schedules;

public sealed class WorkflowSchedulesTests
{
    /// <summary>A workflow with the given <c>on:</c> block and one job.</summary>
    private static Workflow Read(string on)
    {
        var yaml = on + "\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
        var result = new WorkflowReader().Read("nightly.yml", yaml);
        return result.Workflow ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
    }

    [Fact]
    public void The_cron_entries_of_on_schedule_are_read_in_order()
    {
        var workflow = Read("""
            on:
              schedule:
                - cron: '30 5 * * 1-5'
                - cron: '0 0 1 * *'
              push:
            """);

        var read = WorkflowSchedules.Read(workflow);

        Assert.Equal(["30 5 * * 1-5", "0 0 1 * *"], read.Schedules.Select(s => s.Text));
        Assert.Empty(read.Problems);
    }

    [Fact]
    public void A_workflow_without_a_schedule_has_no_entries()
    {
        var workflow = Read("on: push");

        var read = WorkflowSchedules.Read(workflow);

        Assert.Empty(read.Schedules);
        Assert.Empty(read.Problems);
    }

    [Fact]
    public void An_entry_that_cannot_fire_is_reported_with_its_line_and_the_others_still_fire()
    {
        var workflow = Read("""
            on:
              schedule:
                - cron: '0 25 * * *'
                - cron: '0 6 * * *'
                - interval: 5m
            """);

        var read = WorkflowSchedules.Read(workflow);

        Assert.Equal(["0 6 * * *"], read.Schedules.Select(s => s.Text));
        Assert.Equal(2, read.Problems.Count);
        Assert.StartsWith("Line 3: Invalid cron expression '0 25 * * *': the hour field '25'", read.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Line 5: a schedule entry needs a 'cron' string", read.Problems[1], StringComparison.Ordinal);
    }
}
