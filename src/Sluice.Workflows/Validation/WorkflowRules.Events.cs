using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    private static readonly string[] FilterPairs = ["branches", "tags", "paths"];

    private void CheckEvents(TemplateToken on)
    {
        if (on is not MappingToken events)
        {
            return;
        }

        foreach (var (name, value) in events.Pairs)
        {
            switch (name.Value)
            {
                case "schedule":
                    CheckSchedules(value);
                    break;
                case "workflow_dispatch" or "workflow_call":
                    CheckInputs(name.Value, (value as MappingToken)?.Get("inputs"));
                    break;
            }

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
        }
    }

    private void CheckSchedules(TemplateToken schedules)
    {
        foreach (var schedule in schedules.AsList())
        {
            if (schedule is MappingToken entry && entry.Get("cron") is StringToken cron && CronSyntax.Check(cron.Value) is { } problem)
            {
                diagnostics.Add(cron, $"Invalid cron expression '{cron.Value}': {problem} Expected format: '* * * * *' (minute hour day month weekday).");
            }
        }
    }

    /// <summary>
    /// Checks GitHub's editor makes on inputs but its service does not (a workflow with them still runs there), so
    /// they are warnings: a default of the input's type, and options exactly when the type is <c>choice</c>.
    /// </summary>
    private void CheckInputs(string eventName, TemplateToken? inputs)
    {
        if (inputs is not MappingToken declared)
        {
            return;
        }

        foreach (var (name, value) in declared.Pairs)
        {
            if (value is not MappingToken input)
            {
                continue;
            }

            var type = input.Get("type").AsString() ?? "string";
            var given = input.Get("default");
            var fits = given is null or ExpressionToken || type switch
            {
                "boolean" => given is BooleanToken,
                "string" or "choice" or "environment" => given is StringToken,
                _ => true,
            };
            if (!fits)
            {
                diagnostics.Warn(given!, $"The default of {eventName} input '{name.Value}' is not a {type}.");
            }

            var options = input.Get("options");
            if (type == "choice" && options is not SequenceToken { Items.Count: > 0 })
            {
                diagnostics.Warn(input, "Missing 'options' for choice input");
            }
            else if (type != "choice" && options is not null)
            {
                diagnostics.Warn(input, "Input type is not 'choice', but 'options' is defined");
            }
        }
    }
}
