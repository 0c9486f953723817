namespace Sluice.Workflows.Schema;

/// <summary>
/// One named definition of a template schema (GitHub's format: <c>null</c>, <c>boolean</c>, <c>number</c>,
/// <c>string</c>, <c>sequence</c>, <c>mapping</c>, <c>one-of</c> or <c>allowed-values</c>), with the context names
/// and functions it adds for expressions written at or under it.
/// </summary>
internal abstract class SchemaDefinition(string name, IReadOnlyList<string> context)
{
    private IReadOnlyList<ScalarDefinition> _scalars = [];
    private IReadOnlyList<MappingDefinition> _mappings = [];

    public string Name { get; } = name;

    /// <summary>The context list as the schema writes it: names (<c>github</c>) and functions (<c>hashFiles(1,255)</c>).</summary>
    public IReadOnlyList<string> Context { get; } = context;

    /// <summary>The definitions a value here may match, one level deep: the options of a one-of, else this one.</summary>
    public virtual IReadOnlyList<SchemaDefinition> Options => [this];

    /// <summary>Every scalar shape allowed here, through nested one-ofs, in the order the schema gives them.</summary>
    public IReadOnlyList<ScalarDefinition> Scalars => _scalars;

    /// <summary>The mapping shapes allowed here (one level of one-of, as GitHub's reader looks).</summary>
    public IReadOnlyList<MappingDefinition> Mappings => _mappings;

    /// <summary>The sequence shape allowed here, if any (the first, one level of one-of).</summary>
    public SequenceDefinition? Sequence { get; private set; }

    /// <summary>
    /// Works out what the reader asks of this definition for every token, once the schema is linked; the schema is
    /// read by many threads after that and never changes.
    /// </summary>
    internal void Seal()
    {
        _scalars = [.. FlattenScalars(this)];
        _mappings = [.. Options.OfType<MappingDefinition>()];
        Sequence = Options.OfType<SequenceDefinition>().FirstOrDefault();
    }

    private static IEnumerable<ScalarDefinition> FlattenScalars(SchemaDefinition definition) => definition switch
    {
        ScalarDefinition scalar => [scalar],
        OneOfDefinition oneOf => oneOf.Options.SelectMany(FlattenScalars),
        _ => [],
    };
}

internal abstract class ScalarDefinition(string name, IReadOnlyList<string> context) : SchemaDefinition(name, context);

internal sealed class NullDefinition(string name, IReadOnlyList<string> context) : ScalarDefinition(name, context);

internal sealed class BooleanDefinition(string name, IReadOnlyList<string> context) : ScalarDefinition(name, context);

internal sealed class NumberDefinition(string name, IReadOnlyList<string> context) : ScalarDefinition(name, context);

internal sealed class StringDefinition(string name, IReadOnlyList<string> context) : ScalarDefinition(name, context)
{
    /// <summary>When set, the only value allowed (an option of a one-of, or one of a list of allowed values).</summary>
    public string? Constant { get; init; }

    public bool IgnoreCase { get; init; }

    public bool RequireNonEmpty { get; init; }

    /// <summary>The whole text is an expression even without <c>${{ }}</c>.</summary>
    public bool IsExpression { get; init; }

    public bool Accepts(string value) => Constant is { } constant
        ? string.Equals(constant, value, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
        : !RequireNonEmpty || value.Length > 0;
}

internal sealed class SequenceDefinition(string name, IReadOnlyList<string> context) : SchemaDefinition(name, context)
{
    public SchemaDefinition ItemType { get; set; } = null!;
}

internal sealed class MappingDefinition(string name, IReadOnlyList<string> context) : SchemaDefinition(name, context)
{
    public Dictionary<string, PropertyDefinition> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>The property names in the schema's order (the order required properties are reported in).</summary>
    public List<string> PropertyNames { get; } = [];

    /// <summary>What keys not among <see cref="Properties"/> must be; null when no other key is allowed.</summary>
    public SchemaDefinition? LooseKeyType { get; set; }

    public SchemaDefinition? LooseValueType { get; set; }
}

internal sealed record PropertyDefinition(SchemaDefinition Type, bool Required);

/// <summary>Several shapes; the kind of the value (and a mapping's keys) choose among them.</summary>
internal sealed class OneOfDefinition(string name, IReadOnlyList<string> context) : SchemaDefinition(name, context)
{
    private SchemaDefinition[] _options = [];

    public override IReadOnlyList<SchemaDefinition> Options => _options;

    /// <summary>For an <c>allowed-values</c> definition, the values; otherwise null.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    public void SetOptions(IEnumerable<SchemaDefinition> options) => _options = [.. options];
}
