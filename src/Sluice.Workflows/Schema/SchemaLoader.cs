using System.Text.Json;

namespace Sluice.Workflows.Schema;

/// <summary>
/// Builds definitions from a schema's JSON in two passes: every definition is made first, then references between
/// them (property types, item types, one-of options) are linked, since definitions refer to each other in cycles.
/// Any key the format does not define is refused, so a schema using a feature Sluice does not know cannot be
/// half-read.
/// </summary>
internal static class SchemaLoader
{
    private static readonly string[] KindKeys = ["null", "boolean", "number", "string", "sequence", "mapping", "one-of", "allowed-values"];

    public static TemplateSchema Load(JsonElement root, JsonElement? deviations)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaFormatException("A schema must be a JSON object with 'definitions'.");
        }

        string? version = null;
        JsonElement? definitionsElement = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "version":
                    version = property.Value.GetString();
                    break;
                case "definitions":
                    definitionsElement = property.Value;
                    break;
                default:
                    throw new SchemaFormatException($"Unknown key '{property.Name}' at the top of the schema.");
            }
        }

        if (definitionsElement is not { ValueKind: JsonValueKind.Object } definitionsJson)
        {
            throw new SchemaFormatException("The schema has no 'definitions' object.");
        }

        var definitions = BuiltIns();
        var links = new List<Action<Dictionary<string, SchemaDefinition>>>();
        foreach (var entry in definitionsJson.EnumerateObject())
        {
            foreach (var definition in Create(entry.Name, entry.Value, links))
            {
                definitions[definition.Name] = definition;
            }
        }

        if (deviations is { } overrides)
        {
            _ = Deviations(overrides);
            foreach (var deviation in overrides.GetProperty("deviations").EnumerateArray())
            {
                foreach (var entry in deviation.GetProperty("definitions").EnumerateObject())
                {
                    foreach (var definition in Create(entry.Name, entry.Value, links))
                    {
                        definitions[definition.Name] = definition;
                    }
                }
            }
        }

        foreach (var link in links)
        {
            link(definitions);
        }

        foreach (var definition in definitions.Values)
        {
            definition.Seal();
        }

        return TemplateSchema.Create(version, definitions);
    }

    public static IReadOnlyList<SchemaDeviation> Deviations(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("deviations", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new SchemaFormatException("A deviations file must be a JSON object with a 'deviations' list.");
        }

        return [.. list.EnumerateArray().Select(d => new SchemaDeviation(
            d.TryGetProperty("reason", out var reason) && reason.GetString() is { Length: > 0 } text
                ? text
                : throw new SchemaFormatException("Every deviation needs a 'reason'."),
            d.TryGetProperty("definitions", out var names) && names.ValueKind == JsonValueKind.Object
                ? [.. names.EnumerateObject().Select(n => n.Name)]
                : throw new SchemaFormatException("Every deviation needs the 'definitions' it replaces or adds.")))];
    }

    private static Dictionary<string, SchemaDefinition> BuiltIns()
    {
        var any = new OneOfDefinition(TemplateSchema.Any, []);
        var sequence = new SequenceDefinition(TemplateSchema.Sequence, []) { ItemType = any };
        var mapping = new MappingDefinition(TemplateSchema.Mapping, []);
        var text = new StringDefinition(TemplateSchema.String, []);
        SchemaDefinition[] scalars =
        [
            new NullDefinition(TemplateSchema.Null, []), new BooleanDefinition(TemplateSchema.Boolean, []),
            new NumberDefinition(TemplateSchema.Number, []), text,
        ];
        mapping.LooseKeyType = text;
        mapping.LooseValueType = any;
        any.SetOptions([.. scalars, sequence, mapping]);
        return new Dictionary<string, SchemaDefinition>([.. scalars.Append(sequence).Append(mapping).Append(any).Select(d => KeyValuePair.Create(d.Name, d))], StringComparer.Ordinal);
    }

    /// <summary>The definition named <paramref name="name"/>; an allowed-values definition also yields a constant string per value.</summary>
    private static IEnumerable<SchemaDefinition> Create(string name, JsonElement json, List<Action<Dictionary<string, SchemaDefinition>>> links)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaFormatException($"Definition '{name}' must be a JSON object.");
        }

        var context = new List<string>();
        string? kind = null;
        JsonElement body = default;
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name == "description")
            {
                continue;
            }

            if (property.Name == "context")
            {
                context.AddRange(Strings(property.Value, $"'{name}' context"));
                continue;
            }

            if (!KindKeys.Contains(property.Name))
            {
                throw new SchemaFormatException($"Definition '{name}' has the unknown key '{property.Name}'.");
            }

            if (kind is not null)
            {
                throw new SchemaFormatException($"Definition '{name}' is both '{kind}' and '{property.Name}'.");
            }

            (kind, body) = (property.Name, property.Value);
        }

        switch (kind)
        {
            case "null":
                ExpectNoSettings(name, kind, body);
                return [new NullDefinition(name, context)];
            case "boolean":
                ExpectNoSettings(name, kind, body);
                return [new BooleanDefinition(name, context)];
            case "number":
                ExpectNoSettings(name, kind, body);
                return [new NumberDefinition(name, context)];
            case "string":
                return [ReadString(name, context, body)];
            case "sequence":
                return [ReadSequence(name, context, body, links)];
            case "mapping":
                return [ReadMapping(name, context, body, links)];
            case "one-of":
                return [ReadOneOf(name, context, body, links)];
            case "allowed-values":
                return ReadAllowedValues(name, context, body);
            default:
                throw new SchemaFormatException($"Definition '{name}' does not say what it is (one of {string.Join(", ", KindKeys)}).");
        }
    }

    private static StringDefinition ReadString(string name, List<string> context, JsonElement body)
    {
        string? constant = null;
        bool ignoreCase = false, requireNonEmpty = false, isExpression = false;
        foreach (var setting in Settings(name, "string", body))
        {
            switch (setting.Name)
            {
                case "constant":
                    constant = setting.Value.GetString();
                    break;
                case "ignore-case":
                    ignoreCase = setting.Value.GetBoolean();
                    break;
                case "require-non-empty":
                    requireNonEmpty = setting.Value.GetBoolean();
                    break;
                case "is-expression":
                    isExpression = setting.Value.GetBoolean();
                    break;
                default:
                    throw new SchemaFormatException($"Definition '{name}': unknown string setting '{setting.Name}'.");
            }
        }

        if (constant is not null && requireNonEmpty)
        {
            throw new SchemaFormatException($"Definition '{name}': 'constant' and 'require-non-empty' cannot both be set.");
        }

        return new StringDefinition(name, context) { Constant = constant, IgnoreCase = ignoreCase, RequireNonEmpty = requireNonEmpty, IsExpression = isExpression };
    }

    private static SequenceDefinition ReadSequence(string name, List<string> context, JsonElement body, List<Action<Dictionary<string, SchemaDefinition>>> links)
    {
        var definition = new SequenceDefinition(name, context);
        string? itemType = null;
        foreach (var setting in Settings(name, "sequence", body))
        {
            itemType = setting.Name == "item-type"
                ? setting.Value.GetString()
                : throw new SchemaFormatException($"Definition '{name}': unknown sequence setting '{setting.Name}'.");
        }

        var item = itemType ?? throw new SchemaFormatException($"Definition '{name}' is a sequence without 'item-type'.");
        links.Add(all => definition.ItemType = Resolve(all, item, name));
        return definition;
    }

    private static MappingDefinition ReadMapping(string name, List<string> context, JsonElement body, List<Action<Dictionary<string, SchemaDefinition>>> links)
    {
        var definition = new MappingDefinition(name, context);
        string? looseKey = null, looseValue = null;
        var properties = new List<(string Name, string Type, bool Required)>();
        foreach (var setting in Settings(name, "mapping", body))
        {
            switch (setting.Name)
            {
                case "properties":
                    foreach (var property in setting.Value.EnumerateObject())
                    {
                        properties.Add(ReadProperty(name, property));
                    }

                    break;
                case "loose-key-type":
                    looseKey = setting.Value.GetString();
                    break;
                case "loose-value-type":
                    looseValue = setting.Value.GetString();
                    break;
                default:
                    throw new SchemaFormatException($"Definition '{name}': unknown mapping setting '{setting.Name}'.");
            }
        }

        if ((looseKey is null) != (looseValue is null))
        {
            throw new SchemaFormatException($"Definition '{name}' must set both 'loose-key-type' and 'loose-value-type', or neither.");
        }

        links.Add(all =>
        {
            foreach (var (propertyName, type, required) in properties)
            {
                if (definition.Properties.TryAdd(propertyName, new PropertyDefinition(Resolve(all, type, name), required)))
                {
                    definition.PropertyNames.Add(propertyName);
                }
            }

            if (looseKey is not null)
            {
                definition.LooseKeyType = Resolve(all, looseKey, name);
                definition.LooseValueType = Resolve(all, looseValue!, name);
            }
        });
        return definition;
    }

    private static (string Name, string Type, bool Required) ReadProperty(string definition, JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.String)
        {
            return (property.Name, property.Value.GetString()!, false);
        }

        string? type = null;
        var required = false;
        foreach (var setting in property.Value.EnumerateObject())
        {
            switch (setting.Name)
            {
                case "type":
                    type = setting.Value.GetString();
                    break;
                case "required":
                    required = setting.Value.GetBoolean();
                    break;
                case "description":
                    break;
                default:
                    throw new SchemaFormatException($"Definition '{definition}', property '{property.Name}': unknown setting '{setting.Name}'.");
            }
        }

        return (property.Name, type ?? throw new SchemaFormatException($"Definition '{definition}', property '{property.Name}' has no 'type'."), required);
    }

    private static OneOfDefinition ReadOneOf(string name, List<string> context, JsonElement body, List<Action<Dictionary<string, SchemaDefinition>>> links)
    {
        var definition = new OneOfDefinition(name, context);
        var options = Strings(body, $"'{name}' one-of");
        links.Add(all =>
        {
            var resolved = options.Select(o => Resolve(all, o, name)).ToList();
            if (resolved.FirstOrDefault(o => o.Context.Count > 0) is { } withContext)
            {
                throw new SchemaFormatException($"One-of '{name}' refers to '{withContext.Name}', which defines a context; a one-of's options cannot.");
            }

            definition.SetOptions(resolved);
        });
        return definition;
    }

    /// <summary>GitHub's reader turns a list of allowed values into a one-of of constant strings named <c>NAME-VALUE</c>.</summary>
    private static IEnumerable<SchemaDefinition> ReadAllowedValues(string name, List<string> context, JsonElement body)
    {
        var values = Strings(body, $"'{name}' allowed-values");
        var constants = values.Select(v => new StringDefinition($"{name}-{v}", []) { Constant = v }).ToList();
        var definition = new OneOfDefinition(name, context) { AllowedValues = values };
        definition.SetOptions(constants);
        return [definition, .. constants];
    }

    private static JsonElement.ObjectEnumerator Settings(string name, string kind, JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
            ? body.EnumerateObject()
            : throw new SchemaFormatException($"Definition '{name}': '{kind}' must be a JSON object.");

    private static void ExpectNoSettings(string name, string kind, JsonElement body)
    {
        foreach (var setting in Settings(name, kind, body))
        {
            throw new SchemaFormatException($"Definition '{name}': unknown {kind} setting '{setting.Name}'.");
        }
    }

    private static List<string> Strings(JsonElement json, string what) =>
        json.ValueKind == JsonValueKind.Array && json.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. json.EnumerateArray().Select(e => e.GetString()!)]
            : throw new SchemaFormatException($"{what} must be a list of strings.");

    private static SchemaDefinition Resolve(Dictionary<string, SchemaDefinition> all, string name, string from) =>
        all.TryGetValue(name, out var definition)
            ? definition
            : throw new SchemaFormatException($"Definition '{from}' refers to '{name}', which the schema does not define.");
}
