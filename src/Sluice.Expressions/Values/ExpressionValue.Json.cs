using System.Globalization;
using System.Text.Json;

namespace Sluice.Expressions;

public abstract partial class ExpressionValue
{
    private const int MaxJsonDepth = 256;

    /// <summary>Converts a JSON element: numbers become <see cref="ValueKind.Number"/>, and so on.</summary>
    public static ExpressionValue FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new ObjectValue();
                foreach (var property in element.EnumerateObject())
                {
                    obj.Set(property.Name, FromJson(property.Value));
                }

                return obj;
            case JsonValueKind.Array:
                var array = new ArrayValue();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(FromJson(item));
                }

                return array;
            case JsonValueKind.String:
                return FromString(element.GetString() ?? string.Empty);
            case JsonValueKind.Number:
                return element.TryGetDouble(out var d)
                    ? new NumberValue(d)
                    : new NumberValue(double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValueKind.True:
                return True;
            case JsonValueKind.False:
                return False;
            default:
                return Null;
        }
    }

    /// <summary>Parses JSON text; throws <see cref="ExpressionException"/> of kind Evaluation when the text is not JSON.</summary>
    public static ExpressionValue ParseJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return FromJson(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ExpressionException(new ExpressionError(
                ExpressionErrorKind.Evaluation,
                "Error parsing fromJson: " + ex.Message));
        }
    }

    /// <summary>Writes plain JSON. Integral numbers have no fraction; NaN and infinities are written as strings.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteJson(writer, this, 0);
    }

    private static void WriteJson(Utf8JsonWriter writer, ExpressionValue value, int depth)
    {
        if (depth > MaxJsonDepth)
        {
            throw new ExpressionException(new ExpressionError(
                ExpressionErrorKind.Evaluation,
                $"The value is nested deeper than {MaxJsonDepth} levels (or refers to itself) and cannot be written as JSON."));
        }

        switch (value)
        {
            case NullValue:
                writer.WriteNullValue();
                break;
            case BooleanValue b:
                writer.WriteBooleanValue(b.Value);
                break;
            case NumberValue n:
                if (double.IsNaN(n.Value) || double.IsInfinity(n.Value))
                {
                    writer.WriteStringValue(NumberFormatting.ToJsonString(n.Value));
                }
                else
                {
                    writer.WriteRawValue(NumberFormatting.ToJsonString(n.Value), skipInputValidation: true);
                }

                break;
            case StringValue s:
                writer.WriteStringValue(s.Value);
                break;
            case ArrayValue a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteJson(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case ObjectValue o:
                writer.WriteStartObject();
                foreach (var property in o.PropertyList)
                {
                    writer.WritePropertyName(property.Key);
                    WriteJson(writer, property.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
        }
    }
}
