namespace Sluice.Workflows.Schema;

/// <summary>
/// What a position in a workflow may hold. A definition with a <see cref="Scope"/> also accepts
/// <c>${{ }}</c> expressions over that scope's named values, resolved later at run time.
/// </summary>
internal abstract class Definition
{
    private IReadOnlyList<Definition>? _options;
    private MappingDefinition[]? _mappings;
    private Lookups? _lookups;

    public ExpressionScope? Scope { get; init; }

    /// <summary>The shapes this definition allows: its options for a one-of, else itself.</summary>
    public IReadOnlyList<Definition> AsOptions => _options ??= this is OneOfDefinition oneOf ? oneOf.Options : [this];

    public MappingDefinition[] MappingOptions => _mappings ??= [.. AsOptions.OfType<MappingDefinition>()];

    /// <summary>The scope of an expression written here: the definition's own, or the first option's that has one.</summary>
    public ExpressionScope? EffectiveScope => Cached.Scope;

    public StringDefinition? ConditionOption => Cached.Condition;

    public SequenceDefinition? SequenceOption => Cached.Sequence;

    public bool HasStringOption => Cached.HasString;

    // Definitions are built once and read for every token of every file, so what is derived from them is kept.
    private Lookups Cached => _lookups ??= new Lookups(
        Scope ?? AsOptions.Select(o => o.Scope).FirstOrDefault(s => s is not null),
        AsOptions.OfType<StringDefinition>().FirstOrDefault(s => s.IsCondition),
        AsOptions.OfType<SequenceDefinition>().FirstOrDefault(),
        AsOptions.Any(o => o is StringDefinition));

    private sealed record Lookups(ExpressionScope? Scope, StringDefinition? Condition, SequenceDefinition? Sequence, bool HasString);
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

    private string[]? _required;

    public string[] RequiredProperties => _required ??= [.. Properties.Where(p => p.Value.Required).Select(p => p.Key)];
}

internal sealed record PropertyDefinition(Definition Type, bool Required = false);

/// <summary>Several shapes are allowed; the token's kind (and a mapping's keys) choose among them.</summary>
internal sealed class OneOfDefinition : Definition
{
    public required IReadOnlyList<Definition> Options { get; init; }
}

/// <summary>Anything YAML can hold (matrix values, <c>fromJSON</c> shapes).</summary>
internal sealed class AnyDefinition : Definition;
