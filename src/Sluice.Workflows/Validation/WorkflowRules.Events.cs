using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    private static readonly string[] FilterPairs = ["branches", "tags", "paths"];

    private void CheckEvents(MappingToken events)
    {
        foreach (var (name, value) in events.Pairs)
        {
            if (value is MappingToken filters)
            {
                foreach (var filter in FilterPairs)
                {
                    if (filters.Get(filter) is not null && filters.Get(filter + "-ignore") is { } ignore)
                    {
                        diagnostics.Add(ignore, $"The '{name.Value}' event cannot use both '{filter}' and '{filter}-ignore'. Keep one, and write exclusions in '{filter}' with a leading '!'.");
                    }
                }
            }

            if (name.Value == "schedule" && value is SequenceToken schedules)
            {
                foreach (var schedule in schedules.Items)
                {
                    if (schedule is MappingToken entry && entry.Get("cron") is StringToken cron && CronSyntax.Check(cron.Value) is { } problem)
                    {
                        diagnostics.Add(cron, $"Invalid cron expression '{cron.Value}': {problem}");
                    }
                }
            }
        }
    }
}
