using System.Text.Json;

namespace Sluice.Triggers.Payloads;

/// <summary>
/// A JSON object of a payload, read field by field with the field's full path in every complaint, so that a payload of
/// the wrong shape is refused with "'pull_request.head.sha' is a number, expected a string" rather than an exception.
/// Its strings are known to be text (<see cref="WebhookJson.CheckStrings"/>).
/// </summary>
internal readonly struct PayloadObject
{
    private readonly JsonElement element;
    private readonly string path;

    private PayloadObject(JsonElement element, string path)
    {
        this.element = element;
        this.path = path;
    }

    public static PayloadObject Root(JsonElement root) => root.ValueKind == JsonValueKind.Object
        ? new PayloadObject(root, "")
        : throw new PayloadException($"The body is {Kind(root.ValueKind)}, expected a JSON object.");

    public string RequiredString(string name) => OptionalString(name) ?? throw Missing(name, "a string");

    public string? OptionalString(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } other => throw Wrong(name, other, "a string"),
    };

    public bool OptionalBool(string name) => Field(name) switch
    {
        null => false,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } other => throw Wrong(name, other, "true or false"),
    };

    public long RequiredInteger(string name) => OptionalInteger(name) ?? throw Missing(name, "a whole number");

    public long? OptionalInteger(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { } other => throw Wrong(name, other, "a whole number"),
    };

    public PayloadObject RequiredObject(string name) => OptionalObject(name) ?? throw Missing(name, "an object");

    public PayloadObject? OptionalObject(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => new PayloadObject(value, PathOf(name)),
        { } other => throw Wrong(name, other, "an object"),
    };

    /// <summary>The objects of an array field; null when the field is absent.</summary>
    public IReadOnlyList<PayloadObject>? OptionalObjects(string name) =>
        Items(name, JsonValueKind.Object, "an object", (item, itemPath) => new PayloadObject(item, itemPath));

    /// <summary>The strings of an array field; null when the field is absent.</summary>
    public IReadOnlyList<string>? OptionalStrings(string name) =>
        Items(name, JsonValueKind.String, "a string", (item, _) => item.GetString()!);

    public PayloadException Invalid(string name, string problem) => new($"The payload's '{PathOf(name)}' {problem}");

    private List<T>? Items<T>(string name, JsonValueKind kind, string expected, Func<JsonElement, string, T> read)
    {
        if (Field(name) is not { } field)
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(name, field, "an array");
        }

        var items = new List<T>(field.GetArrayLength());
        foreach (var item in field.EnumerateArray())
        {
            var itemPath = $"{PathOf(name)}[{items.Count}]";
            items.Add(item.ValueKind == kind
                ? read(item, itemPath)
                : throw new PayloadException($"The payload's '{itemPath}' is {Kind(item.ValueKind)}, expected {expected}."));
        }

        return items;
    }

    /// <summary>The field's value; null when it is absent or JSON null, which hosts use interchangeably.</summary>
    private JsonElement? Field(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private string PathOf(string name) => path.Length == 0 ? name : $"{path}.{name}";

    private PayloadException Missing(string name, string expected) => new($"The payload has no '{PathOf(name)}'; expected {expected}.");

    private PayloadException Wrong(string name, JsonElement value, string expected) =>
        new($"The payload's '{PathOf(name)}' is {Kind(value.ValueKind)}, expected {expected}.");

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
