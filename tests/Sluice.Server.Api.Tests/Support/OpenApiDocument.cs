using System.Globalization;
using System.Text.Json;

namespace Sluice.Server.Api.Tests.Support;

/// <summary>The server's OpenAPI document as the tests read it: its operations, its references, and whether a JSON value fits one of its schemas.</summary>
public sealed class OpenApiDocument(JsonElement root)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public JsonElement Root { get; } = root;

    public JsonElement Schemas => Root.GetProperty("components").GetProperty("schemas");

    public IEnumerable<OpenApiOperation> Operations() =>
        from path in Root.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where Methods.Contains(operation.Name)
        select new OpenApiOperation(this, operation.Name.ToUpperInvariant(), path.Name, operation.Value, path.Value);

    public OpenApiOperation? Find(string method, string path) =>
        Operations().FirstOrDefault(o => o.Method == method && o.Path == path);

    /// <summary>Follows <c>$ref</c> (local references only, as this document uses) to what it names.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            Assert.StartsWith("#/", target);
            element = Root;
            foreach (var part in target[2..].Split('/'))
            {
                Assert.True(element.TryGetProperty(part, out element), $"the reference {target} names nothing in the document");
            }
        }

        return element;
    }

    /// <summary>How <paramref name="value"/> departs from <paramref name="schema"/> (type, format, enum, required and undocumented properties, items); empty when it fits.</summary>
    public IReadOnlyList<string> Misfits(JsonElement schema, JsonElement value, string where)
    {
        var misfits = new List<string>();
        Check(Resolve(schema), value, where, misfits);
        return misfits;
    }

    private void Check(JsonElement schema, JsonElement value, string where, List<string> misfits)
    {
        if (schema.TryGetProperty("type", out var type) && !Fits(type.GetString()!, value))
        {
            misfits.Add($"{where}: a {value.ValueKind} where the document says {type.GetString()}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()))
        {
            misfits.Add($"{where}: '{value}' is not one of the documented values {allowed}");
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
            && !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, out _))
        {
            misfits.Add($"{where}: '{value}' is not a date-time");
        }

        if (schema.TryGetProperty("format", out var day) && day.GetString() == "date"
            && !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            misfits.Add($"{where}: '{value}' is not a date (yyyy-MM-dd)");
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(Resolve(items), item, $"{where}[{index++}]", misfits);
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, where, misfits);
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string where, List<string> misfits)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            misfits.AddRange(required.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)).Select(r => $"{where}: the required property '{r}' is missing"));
        }

        if (schema.TryGetProperty("additionalProperties", out var additional))
        {
            foreach (var property in value.EnumerateObject())
            {
                Check(Resolve(additional), property.Value, $"{where}.{property.Name}", misfits);
            }
        }

        if (!schema.TryGetProperty("properties", out var properties))
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(Resolve(propertySchema), property.Value, $"{where}.{property.Name}", misfits);
            }
            else
            {
                misfits.Add($"{where}: the property '{property.Name}' is not in the document");
            }
        }
    }

    private static bool Fits(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => false,
    };
}

/// <summary>One operation of the document: a method on a path, with its parameters (the path's and its own), security and responses.</summary>
public sealed record OpenApiOperation(OpenApiDocument Document, string Method, string Path, JsonElement Definition, JsonElement PathItem)
{
    public IEnumerable<JsonElement> Parameters =>
        new[] { PathItem, Definition }
            .Where(e => e.TryGetProperty("parameters", out _))
            .SelectMany(e => e.GetProperty("parameters").EnumerateArray())
            .Select(Document.Resolve);

    public JsonElement Responses => Definition.GetProperty("responses");

    /// <summary>The one security requirement of the operation (scheme and roles), or null for an operation open to anyone.</summary>
    public (string Scheme, IReadOnlyList<string> Roles)? Security
    {
        get
        {
            var requirements = Definition.GetProperty("security").EnumerateArray().ToList();
            if (requirements.Count == 0)
            {
                return null;
            }

            var requirement = Assert.Single(requirements).EnumerateObject().Single();
            return (requirement.Name, requirement.Value.EnumerateArray().Select(r => r.GetString()!).ToList());
        }
    }

    /// <summary>The example of the request body in <paramref name="mediaType"/>.</summary>
    public JsonElement RequestExample(string mediaType = "application/json") =>
        Definition.GetProperty("requestBody").GetProperty("content").GetProperty(mediaType).GetProperty("example");

    public override string ToString() => $"{Method} {Path}";
}
