namespace Sluice.Workflows.Schema;

/// <summary>Short constructors that keep the schema readable.</summary>
internal static class SchemaBuilder
{
    public static StringDefinition Str(ExpressionScope? scope = null) => new() { Scope = scope };

    public static StringDefinition NonEmpty(ExpressionScope? scope = null) => new() { Scope = scope, RequireNonEmpty = true };

    public static StringDefinition OneOfValues(params string[] values) => new() { AllowedValues = new HashSet<string>(values, StringComparer.Ordinal) };

    public static StringDefinition Condition(ExpressionScope scope) => new() { Scope = scope, IsCondition = true };

    public static BooleanDefinition Bool(ExpressionScope? scope = null) => new() { Scope = scope };

    public static NumberDefinition Number(ExpressionScope? scope = null) => new() { Scope = scope };

    public static NullDefinition Null() => new();

    public static SequenceDefinition SequenceOf(Definition item, ExpressionScope? scope = null) => new() { Item = item, Scope = scope };

    public static OneOfDefinition OneOf(params Definition[] options) => new() { Options = options };

    public static OneOfDefinition OneOf(ExpressionScope scope, params Definition[] options) => new() { Options = options, Scope = scope };

    public static PropertyDefinition Required(Definition type) => new(type, Required: true);

    public static MappingDefinition Mapping(ExpressionScope? scope, params (string Key, Definition Type)[] properties) => new()
    {
        Scope = scope,
        Properties = properties.ToDictionary(p => p.Key, p => new PropertyDefinition(p.Type), StringComparer.Ordinal),
    };

    public static MappingDefinition Mapping(ExpressionScope? scope, params (string Key, PropertyDefinition Property)[] properties) => new()
    {
        Scope = scope,
        Properties = properties.ToDictionary(p => p.Key, p => p.Property, StringComparer.Ordinal),
    };

    /// <summary>A mapping of free keys, such as <c>env</c> or <c>with</c>.</summary>
    public static MappingDefinition Dictionary(Definition value, ExpressionScope? scope = null) => new()
    {
        Scope = scope,
        LooseKey = NonEmpty(),
        LooseValue = value,
    };

    /// <summary>A string, a sequence of strings, or nothing: the shape of branch and path filters.</summary>
    public static OneOfDefinition StringOrSequence(ExpressionScope? scope = null) => OneOf(NonEmpty(scope), SequenceOf(NonEmpty(scope), scope));
}
