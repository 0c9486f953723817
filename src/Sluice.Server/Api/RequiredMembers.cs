using System.Collections;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Server.Api;

/// <summary>
/// Finds the values a request body left out or set to null where its shape does not allow null: System.Text.Json
/// fills those with null and lets the request go on. It reads the nullability the source generator recorded for each
/// member, so it needs no reflection (the server is compiled ahead of time).
/// </summary>
internal static class RequiredMembers
{
    /// <summary>The JSON path of the first such value (<c>$.entries[2].text</c>), or null when nothing is missing.</summary>
    public static string? FirstMissing(object value, JsonTypeInfo type, string path = "$")
    {
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var property in type.Properties)
                {
                    if (property.Get is not { } get)
                    {
                        continue;
                    }

                    var at = $"{path}.{property.Name}";
                    if (get(value) is not { } member)
                    {
                        if (!property.IsGetNullable)
                        {
                            return at;
                        }

                        continue;
                    }

                    if (FirstMissing(member, type.Options.GetTypeInfo(property.PropertyType), at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary when type.ElementType is { } elementType:
                // No list or map of the API holds nulls, so a null element is always one too many.
                var elements = type.Options.GetTypeInfo(elementType);
                var index = 0;
                var items = value is IDictionary map ? map.Values : (IEnumerable)value;
                foreach (var item in items)
                {
                    var at = $"{path}[{index++}]";
                    if (item is null)
                    {
                        return at;
                    }

                    if (FirstMissing(item, elements, at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
