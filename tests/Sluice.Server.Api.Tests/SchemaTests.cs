using System.Reflection;
using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// The document's schemas against the wire records of Sluice.Protocol, as <see cref="ProtocolJson"/> writes them
/// (camelCase, nulls left out): the same properties, required exactly when they cannot be null, of the same types.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class SchemaTests(ApiServer api)
{
    private static readonly Assembly Protocol = typeof(ProtocolJson).Assembly;

    private static readonly Dictionary<Type, string> Primitives = new()
    {
        [typeof(string)] = "string",
        [typeof(int)] = "integer/int32",
        [typeof(long)] = "integer/int64",
        [typeof(double)] = "number/double",
        [typeof(bool)] = "boolean",
        [typeof(DateTimeOffset)] = "string/date-time",
        [typeof(DateOnly)] = "string/date",
        // Contexts and matrices: JSON objects of any shape.
        [typeof(JsonElement)] = "object",
    };

    [Fact]
    public void Every_schema_describes_the_protocol_record_of_its_name_property_by_property()
    {
        var schemas = api.Document.Schemas.EnumerateObject().ToList();
        Assert.NotEmpty(schemas);
        var nullability = new NullabilityInfoContext();
        foreach (var schema in schemas)
        {
            var record = Protocol.GetType("Sluice.Protocol." + schema.Name);
            Assert.True(record is not null, $"the schema {schema.Name} names no record of Sluice.Protocol");
            var wire = ProtocolJson.Default.GetTypeInfo(record!);
            Assert.True(wire is not null, $"ProtocolJson does not serialize {record!.Name}, so it is not on the wire");

            var properties = record!.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => WireName(p.Name));
            Assert.Equal(wire!.Properties.Select(p => p.Name).Order(), properties.Keys.Order());
            var documented = schema.Value.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            Assert.True(
                documented.Keys.Order().SequenceEqual(properties.Keys.Order()),
                $"{schema.Name}: the document has {string.Join(", ", documented.Keys.Order())}; the record has {string.Join(", ", properties.Keys.Order())}");

            var required = schema.Value.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).Order().ToList() : [];
            var notNull = properties.Where(p => nullability.Create(p.Value).ReadState != NullabilityState.Nullable).Select(p => p.Key).Order().ToList();
            Assert.True(
                required.SequenceEqual(notNull),
                $"{schema.Name}: required in the document are {string.Join(", ", required)}; never null (so always written) in the record are {string.Join(", ", notNull)}");

            foreach (var (name, property) in properties)
            {
                var expected = Describe(property.PropertyType);
                var actual = Describe(documented[name]);
                Assert.True(expected == actual, $"{schema.Name}.{name} is {actual} in the document but {expected} ({property.PropertyType.Name}) in the record");
            }
        }
    }

    [Fact]
    public void Every_json_body_is_a_schema_of_the_document_or_a_list_of_them()
    {
        foreach (var operation in api.Document.Operations())
        {
            var bodies = operation.Responses.EnumerateObject().Select(r => api.Document.Resolve(r.Value)).ToList();
            if (operation.Definition.TryGetProperty("requestBody", out var request))
            {
                bodies.Add(request);
            }

            foreach (var body in bodies.Where(b => b.TryGetProperty("content", out _)))
            {
                foreach (var media in body.GetProperty("content").EnumerateObject().Where(m => m.Name.EndsWith("json", StringComparison.Ordinal)))
                {
                    var schema = media.Value.GetProperty("schema");
                    var named = schema.TryGetProperty("$ref", out _)
                        || (schema.TryGetProperty("items", out var items) && (items.TryGetProperty("$ref", out _) || IsPlainString(items)))
                        || IsOpenObject(operation, schema);
                    Assert.True(named, $"{operation} {media.Name}: the body's schema should be one of components/schemas (a record of Sluice.Protocol), or a list of one or of strings");
                }
            }
        }
    }

    [Fact]
    public void Every_request_body_of_ours_has_an_example_that_fits_its_schema()
    {
        foreach (var operation in api.Document.Operations().Where(o => o.Definition.TryGetProperty("requestBody", out _)))
        {
            foreach (var media in operation.Definition.GetProperty("requestBody").GetProperty("content").EnumerateObject())
            {
                var schema = media.Value.GetProperty("schema");
                if (IsOpenObject(operation, schema) || schema.TryGetProperty("contentMediaType", out _))
                {
                    // A git host's payload, or bytes (an artifact's tar archive) that no example in JSON could show.
                    continue;
                }

                Assert.True(media.Value.TryGetProperty("example", out var example), $"{operation} {media.Name}: the request body has no example");
                var misfits = api.Document.Misfits(schema, example, $"{operation} example");
                Assert.True(misfits.Count == 0, string.Join("\n", misfits));
            }
        }
    }

    /// <summary>Bodies that are not ours to describe: a git host's payload, and the document itself.</summary>
    private static bool IsOpenObject(OpenApiOperation operation, JsonElement schema) =>
        operation.Path is "/openapi/v1.json" || operation.Path.StartsWith("/api/v1/hooks/", StringComparison.Ordinal)
            ? schema.GetProperty("type").GetString() == "object" && !schema.TryGetProperty("properties", out _)
            : false;

    /// <summary>A list of names, such as a run's artifacts: a string with nothing more to say.</summary>
    private static bool IsPlainString(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.GetString() == "string" && schema.EnumerateObject().Count() == 1;

    private static string WireName(string property) => ProtocolJson.Default.Options.PropertyNamingPolicy!.ConvertName(property);

    /// <summary>A property's type as the document should write it.</summary>
    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Primitives.TryGetValue(type, out var primitive))
        {
            return primitive;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            Assert.Equal(typeof(string), type.GetGenericArguments()[0]);
            return $"map of {Describe(type.GetGenericArguments()[1])}";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return $"list of {Describe(type.GetGenericArguments()[0])}";
        }

        Assert.True(type.Assembly == Protocol, $"the test does not know how {type} is written");
        return "#/components/schemas/" + type.Name;
    }

    /// <summary>A property's schema in the same words.</summary>
    private static string Describe(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return reference.GetString()!;
        }

        var type = schema.GetProperty("type").GetString();
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return type switch
        {
            "array" => $"list of {Describe(schema.GetProperty("items"))}",
            "object" when schema.TryGetProperty("additionalProperties", out var values) => $"map of {Describe(values)}",
            "integer" or "number" => $"{type}/{format}",
            "string" when format is "date-time" or "date" => $"string/{format}",
            _ => type!,
        };
    }
}
