using System.Text.Json.Serialization;

namespace Sluice.Engine.Execution.Cache;

/// <summary>The index beside each archive: what was saved under which key, and when it was last used (for eviction).</summary>
internal sealed record CacheEntry(string Key, string Version, DateTimeOffset Created, DateTimeOffset LastUsed, long Size)
{
    /// <summary>The file name both files share: the SHA-256 of the key and version.</summary>
    [JsonIgnore]
    public string Id => CacheStore.IdOf(Key, Version);
}

[JsonSerializable(typeof(CacheEntry))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
internal sealed partial class CacheJson : JsonSerializerContext;
