using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Triggers.Schedules;

/// <summary>A workflow's <c>on.schedule</c> entries, and what is wrong with those that cannot be read.</summary>
/// <param name="Schedules">The entries that can fire.</param>
/// <param name="Problems">One message per entry that cannot (with its line), for the repository's status page.</param>
public sealed record WorkflowSchedules(IReadOnlyList<CronSchedule> Schedules, IReadOnlyList<string> Problems)
{
    /// <summary>Reads the entries of <c>on: schedule: [- cron: '...']</c>; none when the workflow has no schedule.</summary>
    public static WorkflowSchedules Read(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var schedules = new List<CronSchedule>();
        var problems = new List<string>();
        var entries = workflow.FindEvent("schedule")?.Configuration switch
        {
            SequenceToken sequence => sequence.Items,
            null => [],
            var other => [other],
        };
        foreach (var entry in entries)
        {
            if (entry is not MappingToken mapping || mapping.Get("cron") is not StringToken cron)
            {
                problems.Add($"Line {entry.Line}: a schedule entry needs a 'cron' string, such as \"- cron: '30 5 * * 1'\".");
            }
            else if (CronSchedule.TryParse(cron.Value, out var schedule, out var problem))
            {
                schedules.Add(schedule);
            }
            else
            {
                problems.Add($"Line {cron.Line}: {problem}");
            }
        }

        return new WorkflowSchedules(schedules, problems);
    }
}
