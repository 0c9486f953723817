using Sluice.Workflows.Schema;

namespace Sluice.Workflows.Validation;

/// <summary>What a <see cref="TemplateReader"/> reads against, and the choices GitHub's reader leaves to its caller.</summary>
internal sealed class TemplateReaderSettings
{
    private readonly HashSet<SchemaDefinition> _conditions;

    public TemplateReaderSettings(TemplateSchema schema, IEnumerable<string> conditionDefinitions, bool allowBackgroundSteps)
    {
        Schema = schema;
        _conditions = new HashSet<SchemaDefinition>(conditionDefinitions.Select(schema.Get), ReferenceEqualityComparer.Instance);
        AllowBackgroundSteps = allowBackgroundSteps;
    }

    public TemplateSchema Schema { get; }

    /// <summary>Whether the step keys of GitHub's background-steps preview (<c>background</c>, <c>wait</c>, ...) are accepted.</summary>
    public bool AllowBackgroundSteps { get; }

    /// <summary>
    /// Whether values of this definition are conditions: expressions even without <c>${{ }}</c>, as GitHub's converter
    /// reads <c>if:</c> (the schema itself says only that they are strings).
    /// </summary>
    public bool IsCondition(SchemaDefinition definition) => _conditions.Contains(definition);
}
