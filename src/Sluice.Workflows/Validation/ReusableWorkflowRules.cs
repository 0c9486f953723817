using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>Placeholder replaced below.</summary>
internal sealed class ReusableWorkflowRules(DiagnosticBag diagnostics, WorkflowReader reader, Func<string, string?> resolve)
{
    public void Check(MappingToken root)
    {
        _ = diagnostics;
        _ = reader;
        _ = resolve;
        _ = root;
    }
}
