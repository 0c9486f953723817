using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    private void CheckSteps(TemplateToken? steps)
    {
        if (steps is not SequenceToken sequence)
        {
            return;
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var step in sequence.Items)
        {
            if (step is not MappingToken mapping || mapping.Get("id") is not StringToken id || id.Value.Length == 0)
            {
                continue;
            }

            if (!Identifiers.IsValid(id.Value))
            {
                diagnostics.Add(id, Identifiers.InvalidMessage(id.Value));
            }
            else if (id.Value.StartsWith("__", StringComparison.Ordinal))
            {
                diagnostics.Add(id, $"The identifier '{id.Value}' is invalid. IDs starting with '__' are reserved.");
            }
            else if (!ids.Add(id.Value))
            {
                diagnostics.Add(id, $"The identifier '{id.Value}' may not be used more than once within the same scope.");
            }
        }
    }
}
