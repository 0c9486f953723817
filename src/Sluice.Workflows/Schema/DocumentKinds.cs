using Sluice.Workflows.Validation;

namespace Sluice.Workflows.Schema;

/// <summary>Where reading starts in each schema, and which of its definitions hold conditions.</summary>
internal static class DocumentKinds
{
    /// <summary>GitHub reads workflow files from this definition (the non-strict root is for editors).</summary>
    public const string WorkflowRoot = "workflow-root-strict";

    /// <summary>GitHub's runner reads action.yml loosely: keys it does not use are ignored.</summary>
    public const string ActionRoot = "action-root";

    /// <summary>The strict reading of action.yml, which the marketplace applies; differences are warnings.</summary>
    public const string ActionRootStrict = "action-root-strict";

    private static readonly string[] WorkflowConditions = ["job-if", "step-if", "snapshot-if"];
    private static readonly string[] ActionConditions = ["step-if", "runs-if"];

    private static readonly Lazy<TemplateReaderSettings> Workflow = new(() => new(TemplateSchema.Workflow, WorkflowConditions, allowBackgroundSteps: false));
    private static readonly Lazy<TemplateReaderSettings> WorkflowWithBackgroundSteps = new(() => new(TemplateSchema.Workflow, WorkflowConditions, allowBackgroundSteps: true));
    private static readonly Lazy<TemplateReaderSettings> Action = new(() => new(TemplateSchema.Action, ActionConditions, allowBackgroundSteps: false));

    public static TemplateReaderSettings WorkflowSettings(bool allowBackgroundSteps) =>
        allowBackgroundSteps ? WorkflowWithBackgroundSteps.Value : Workflow.Value;

    public static TemplateReaderSettings ActionSettings => Action.Value;
}
