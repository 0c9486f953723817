using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Workflows.Matrix;

public static partial class MatrixExpander
{
    private static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The name GitHub shows for a leg: the job name followed by the leg's values in order, such as
    /// <c>build (ubuntu-latest, 20)</c>; lists and mappings are written as compact JSON. A leg without values keeps the bare name.
    /// </summary>
    public static string DisplayName(string jobName, ObjectValue leg)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentNullException.ThrowIfNull(leg);
        return leg.Count == 0 ? jobName : $"{jobName} ({string.Join(", ", leg.Properties.Select(p => Format(p.Value)))})";
    }

    /// <summary>
    /// The legs whose value for every wanted key equals the wanted text, ignoring case (what <c>--matrix key:value</c> selects).
    /// A leg without one of the keys is left out.
    /// </summary>
    public static IReadOnlyList<ObjectValue> Filter(IReadOnlyList<ObjectValue> legs, IReadOnlyList<KeyValuePair<string, string>> wanted)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentNullException.ThrowIfNull(wanted);
        return [.. legs.Where(leg => wanted.All(w =>
            leg.TryGetValue(w.Key, out var value) && string.Equals(Format(value), w.Value, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>A matrix value as text: scalars as expressions print them, lists and mappings as compact JSON.</summary>
    public static string Format(ExpressionValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is not (ArrayValue or ObjectValue))
        {
            return value.ToDisplayString();
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactJson))
        {
            value.WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
