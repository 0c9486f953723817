using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Server.Storage;

/// <summary>Lists of labels and repositories as the JSON arrays stored in their columns.</summary>
public static class StringLists
{
    public static string ToJson(IReadOnlyList<string> values) => JsonSerializer.Serialize(values.ToArray(), StorageJson.Default.StringArray);

    public static IReadOnlyList<string> FromJson(string json) => JsonSerializer.Deserialize(json, StorageJson.Default.StringArray) ?? [];
}

[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJson : JsonSerializerContext;
