namespace Sluice.Workflows.Yaml;

/// <summary>The result size used so far, shared by a workflow and the workflows it calls, as GitHub counts them together.</summary>
internal sealed class SizeBudget
{
    public long Used { get; set; }
}
