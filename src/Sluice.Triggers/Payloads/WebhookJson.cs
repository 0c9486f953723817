using System.Text.Json;

namespace Sluice.Triggers.Payloads;

internal static class WebhookJson
{
    /// <summary>Real payloads nest about ten deep; a body that nests deeper than this is refused before it costs anything.</summary>
    public const int MaxDepth = 64;

    /// <summary>Strict JSON: no comments, no trailing commas, and no field twice (two 'ref' fields could be read differently by two readers).</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Refuses a document with a string that is valid JSON but not text: an escape of half a surrogate pair
    /// (<c>"\ud800"</c>), which would throw wherever the string is later read or written. Checking every string once,
    /// here, lets the readers and writers after it trust the document.
    /// </summary>
    public static void CheckStrings(JsonElement root)
    {
        var pending = new Stack<(JsonElement Element, string Path)>();
        pending.Push((root, ""));
        while (pending.TryPop(out var item))
        {
            switch (item.Element.ValueKind)
            {
                case JsonValueKind.Object:
                    var index = 0;
                    foreach (var property in item.Element.EnumerateObject())
                    {
                        var name = Text(() => property.Name, $"{item.Path} (field {index + 1})");
                        pending.Push((property.Value, item.Path.Length == 0 ? name : $"{item.Path}.{name}"));
                        index++;
                    }

                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var element in item.Element.EnumerateArray())
                    {
                        pending.Push((element, $"{item.Path}[{i++}]"));
                    }

                    break;
                case JsonValueKind.String:
                    var value = item.Element;
                    Text(() => value.GetString()!, item.Path);
                    break;
            }
        }
    }

    private static string Text(Func<string> read, string path)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            throw new PayloadException($"The payload's '{path}' holds a \\u escape of half a character (an unpaired surrogate).");
        }
    }
}
