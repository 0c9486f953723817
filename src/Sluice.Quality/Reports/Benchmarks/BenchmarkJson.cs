using System.Globalization;
using System.Text.Json;

namespace Sluice.Quality.Reports.Benchmarks;

/// <summary>
/// JSON reading shared by the benchmark readers. Benchmark reports are small, so a whole document is parsed;
/// syntax errors name the line, and a value of the wrong kind names its place in the document.
/// </summary>
internal static class BenchmarkJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip };

    public static JsonDocument Parse(Stream stream, string fileName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return JsonDocument.Parse(stream, Options);
        }
        catch (JsonException e) when (e.BytePositionInLine == 0 && e.LineNumber == 0 && IsEmptyInput(e))
        {
            throw new ReportReadException(fileName, null, "the file is empty; expected a JSON benchmark report", e);
        }
        catch (JsonException e)
        {
            throw new ReportReadException(fileName, e.LineNumber is { } line ? (int)Math.Min(line + 1, int.MaxValue) : null, $"not valid JSON: {FirstSentence(e.Message)}", e);
        }
    }

    public static JsonElement RequireObject(JsonElement parent, string name, string path, string fileName) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new ReportReadException(fileName, null, $"{path}.{name} is missing or not an object");

    public static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number, or null when absent or null. A string holding a number (or NaN, as some writers emit) is accepted.</summary>
    public static double? OptionalNumber(JsonElement parent, string name, string path, string fileName)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new ReportReadException(fileName, null, $"{path}.{name} is not a number: {Shorten(value.GetRawText())}");
    }

    public static double RequireNumber(JsonElement parent, string name, string path, string fileName) =>
        OptionalNumber(parent, name, path, fileName) ?? throw new ReportReadException(fileName, null, $"{path}.{name} is missing");

    public static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static bool IsEmptyInput(JsonException e) => e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return end > 0 ? message[..end].TrimEnd() : message;
    }
}
