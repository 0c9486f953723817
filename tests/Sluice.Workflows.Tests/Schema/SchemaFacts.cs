using System.Text.Json;
using Sluice.Workflows.Schema;

namespace Sluice.Workflows.Tests.Schema;

/// <summary>
/// A schema as a set of facts, one line each ("definition 'x': property 'y' is 'z', required"), so that two
/// schemas can be compared line by line and every difference named. The published file is read on its own here,
/// independently of Sluice's loader; Sluice's side is read from the model its reader uses.
/// </summary>
internal static class SchemaFacts
{
    private static readonly HashSet<string> BuiltIns = [TemplateSchema.Null, TemplateSchema.Boolean, TemplateSchema.Number, TemplateSchema.String, TemplateSchema.Sequence, TemplateSchema.Mapping, TemplateSchema.Any];

    /// <summary>Facts of a published schema file, by definition. Any key this reading does not know fails the test, so a new feature of the format cannot pass unseen.</summary>
    public static Dictionary<string, List<string>> FromPublished(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var definition in document.RootElement.GetProperty("definitions").EnumerateObject())
        {
            var facts = new List<string>();
            foreach (var part in definition.Value.EnumerateObject())
            {
                switch (part.Name)
                {
                    case "description":
                        break;
                    case "context":
                        facts.Add($"context [{string.Join(", ", part.Value.EnumerateArray().Select(e => e.GetString()))}]");
                        break;
                    case "null" or "boolean" or "number":
                        facts.Add($"is {part.Name}");
                        Assert.Empty(part.Value.EnumerateObject());
                        break;
                    case "string":
                        facts.Add("is string");
                        foreach (var setting in part.Value.EnumerateObject())
                        {
                            facts.Add(setting.Name switch
                            {
                                "constant" => $"constant '{setting.Value.GetString()}'",
                                "ignore-case" or "require-non-empty" or "is-expression" => $"{setting.Name} {setting.Value.GetBoolean()}",
                                var other => throw Unknown(definition.Name, "string setting", other),
                            });
                        }

                        break;
                    case "sequence":
                        facts.Add("is sequence");
                        foreach (var setting in part.Value.EnumerateObject())
                        {
                            facts.Add(setting.Name == "item-type" ? $"item type '{setting.Value.GetString()}'" : throw Unknown(definition.Name, "sequence setting", setting.Name));
                        }

                        break;
                    case "mapping":
                        facts.Add("is mapping");
                        foreach (var setting in part.Value.EnumerateObject())
                        {
                            switch (setting.Name)
                            {
                                case "properties":
                                    foreach (var property in setting.Value.EnumerateObject())
                                    {
                                        facts.Add(PublishedProperty(definition.Name, property));
                                    }

                                    break;
                                case "loose-key-type" or "loose-value-type":
                                    facts.Add($"{setting.Name} '{setting.Value.GetString()}'");
                                    break;
                                default:
                                    throw Unknown(definition.Name, "mapping setting", setting.Name);
                            }
                        }

                        break;
                    case "one-of":
                        facts.Add($"one of [{string.Join(", ", part.Value.EnumerateArray().Select(e => e.GetString()))}]");
                        break;
                    case "allowed-values":
                        facts.Add($"allowed values [{string.Join(", ", part.Value.EnumerateArray().Select(e => e.GetString()))}]");
                        break;
                    default:
                        throw Unknown(definition.Name, "key", part.Name);
                }
            }

            result[definition.Name] = facts;
        }

        return result;
    }

    /// <summary>Facts of the schema Sluice's reader uses (its copy of the published file with its deviations applied).</summary>
    public static Dictionary<string, List<string>> FromModel(TemplateSchema schema)
    {
        var generated = schema.Definitions.Values.OfType<OneOfDefinition>()
            .Where(d => d.AllowedValues is not null)
            .SelectMany(d => d.Options.Select(o => o.Name))
            .ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, definition) in schema.Definitions)
        {
            if (BuiltIns.Contains(name) || generated.Contains(name))
            {
                continue;
            }

            var facts = new List<string>();
            if (definition.Context.Count > 0)
            {
                facts.Add($"context [{string.Join(", ", definition.Context)}]");
            }

            switch (definition)
            {
                case NullDefinition:
                    facts.Add("is null");
                    break;
                case BooleanDefinition:
                    facts.Add("is boolean");
                    break;
                case NumberDefinition:
                    facts.Add("is number");
                    break;
                case StringDefinition text:
                    facts.Add("is string");
                    AddIf(facts, text.Constant is not null, $"constant '{text.Constant}'");
                    AddIf(facts, text.IgnoreCase, "ignore-case True");
                    AddIf(facts, text.RequireNonEmpty, "require-non-empty True");
                    AddIf(facts, text.IsExpression, "is-expression True");
                    break;
                case SequenceDefinition sequence:
                    facts.Add("is sequence");
                    facts.Add($"item type '{sequence.ItemType.Name}'");
                    break;
                case MappingDefinition mapping:
                    facts.Add("is mapping");
                    foreach (var property in mapping.PropertyNames)
                    {
                        var (type, required) = mapping.Properties[property];
                        facts.Add($"property '{property}' is '{type.Name}'{(required ? ", required" : "")}");
                    }

                    AddIf(facts, mapping.LooseKeyType is not null, $"loose-key-type '{mapping.LooseKeyType?.Name}'");
                    AddIf(facts, mapping.LooseValueType is not null, $"loose-value-type '{mapping.LooseValueType?.Name}'");
                    break;
                case OneOfDefinition { AllowedValues: { } values }:
                    facts.Add($"allowed values [{string.Join(", ", values)}]");
                    break;
                case OneOfDefinition oneOf:
                    facts.Add($"one of [{string.Join(", ", oneOf.Options.Select(o => o.Name))}]");
                    break;
            }

            result[name] = facts;
        }

        return result;
    }

    /// <summary>Each fact that one side has and the other lacks, as "definition: + fact" (only Sluice) or "- fact" (only published).</summary>
    public static List<(string Definition, string Difference)> Compare(Dictionary<string, List<string>> published, Dictionary<string, List<string>> sluice)
    {
        var differences = new List<(string, string)>();
        foreach (var name in published.Keys.Union(sluice.Keys).Order(StringComparer.Ordinal))
        {
            var theirs = Normalize(published.GetValueOrDefault(name));
            var ours = Normalize(sluice.GetValueOrDefault(name));
            if (!published.ContainsKey(name))
            {
                differences.Add((name, "+ definition only in Sluice"));
            }
            else if (!sluice.ContainsKey(name))
            {
                differences.Add((name, "- definition missing from Sluice"));
            }

            differences.AddRange(theirs.Except(ours).Select(f => (name, $"- {f}")));
            differences.AddRange(ours.Except(theirs).Select(f => (name, $"+ {f}")));
        }

        return differences;
    }

    // The order of properties is not a difference; the order of contexts and one-of options is kept as written.
    private static List<string> Normalize(List<string>? facts) =>
        facts is null ? [] : [.. facts.Where(f => !f.Contains(" False", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static string PublishedProperty(string definition, JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.String)
        {
            return $"property '{property.Name}' is '{property.Value.GetString()}'";
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
                    throw Unknown(definition, $"setting of property '{property.Name}'", setting.Name);
            }
        }

        return $"property '{property.Name}' is '{type}'{(required ? ", required" : "")}";
    }

    private static void AddIf(List<string> facts, bool condition, string fact)
    {
        if (condition)
        {
            facts.Add(fact);
        }
    }

    private static InvalidDataException Unknown(string definition, string what, string name) =>
        new($"The published schema's definition '{definition}' has the {what} '{name}', which Sluice's reader does not interpret. Teach SchemaLoader and this test what it means first.");
}
