namespace Sluice.Workflows.Schema;

/// <summary>
/// What a position in a workflow may hold. A definition with a <see cref="Scope"/> also accepts
/// <c>${{ }}</c> expressions over that scope's named values, resolved later at run time.
/// </summary>
internal abstract class Definition
{
    public ExpressionScope? Scope { get; init; }
}

internal sealed class StringDefinition : Definition
{
    /// <summary>When set, only these values (ordinal) are accepted.</summary>
    public IReadOnlySet<string>? AllowedValues { get; init; }

    public bool RequireNonEmpty { get; init; }

    /// <summary>The whole text is an expression even without <c>${{ }}</c> (an <c>if:</c> condition).</summary>
    public bool IsCondition { get; init; }
}

internal sealed class BooleanDefinition : Definition;

internal sealed class NumberDefinition : Definition;

internal sealed class NullDefinition : Definition;

internal sealed class SequenceDefinition : Definition
{
    public required Definition Item { get; init; }
}

internal sealed class MappingDefinition : Definition
{
    public IReadOnlyDictionary<string, PropertyDefinition> Properties { get; init; } = new Dictionary<string, PropertyDefinition>();

    /// <summary>Keys not among <see cref="Properties"/> are checked against this; null means they are not allowed.</summary>
    public Definition? LooseKey { get; init; }

    public Definition? LooseValue { get; init; }

    public bool Accepts(string key) => Properties.ContainsKey(key) || LooseKey is not null;
}

internal sealed record PropertyDefinition(Definition Type, bool Required = false);

/// <summary>Several shapes are allowed; the token's kind (and a mapping's keys) choose among them.</summary>
internal sealed class OneOfDefinition : Definition
{
    public required IReadOnlyList<Definition> Options { get; init; }
}

/// <summary>Anything YAML can hold (matrix values, <c>fromJSON</c> shapes).</summary>
internal sealed class AnyDefinition : Definition;
