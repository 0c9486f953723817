using System.Text;
using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Server.Runs;

/// <summary>What a queued job carries for its agent besides the run: the leg's matrix and strategy, its needs, or why it cannot run.</summary>
public static class LegPayload
{
    public static string Write(ObjectValue matrix, ObjectValue strategy, ObjectValue needs, string? problem)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("matrix");
            matrix.WriteJson(writer);
            writer.WritePropertyName("strategy");
            strategy.WriteJson(writer);
            writer.WritePropertyName("needs");
            needs.WriteJson(writer);
            if (problem is not null)
            {
                writer.WriteString("problem", problem);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string? Problem(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        return document.RootElement.TryGetProperty("problem", out var problem) ? problem.GetString() : null;
    }
}
