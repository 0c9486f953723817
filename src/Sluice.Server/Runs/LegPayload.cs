using System.Text;
using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Server.Runs;

/// <summary>A job of a called reusable workflow: the workflow's file and text, the call's inputs, and the secrets the caller passed, sealed.</summary>
public sealed record CallPayload(string File, string Text, ObjectValue Inputs, IReadOnlyDictionary<string, byte[]> SealedSecrets);

/// <summary>
/// What a queued job carries for its agent besides the run: the leg's matrix and strategy, its needs, or why it cannot
/// run; for a job of a called workflow, the call (<see cref="CallPayload"/>).
/// </summary>
public static class LegPayload
{
    public static string Write(ObjectValue matrix, ObjectValue strategy, ObjectValue needs, string? problem, CallPayload? call = null, string? environment = null)
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

            if (environment is not null)
            {
                writer.WriteString("environment", environment);
            }

            if (call is not null)
            {
                writer.WriteStartObject("call");
                writer.WriteString("file", call.File);
                writer.WriteString("text", call.Text);
                writer.WritePropertyName("inputs");
                call.Inputs.WriteJson(writer);
                writer.WriteStartObject("secrets");
                foreach (var (name, sealedValue) in call.SealedSecrets)
                {
                    writer.WriteBase64String(name, sealedValue);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
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

    /// <summary>The environment a job's payload names (the job deploys there), or null.</summary>
    public static string? Environment(JsonElement payload) =>
        payload.TryGetProperty("environment", out var environment) ? environment.GetString() : null;

    /// <summary>The call a job's payload carries, or null for a job of the run's own workflow.</summary>
    public static CallPayload? Call(JsonElement payload)
    {
        if (!payload.TryGetProperty("call", out var call))
        {
            return null;
        }

        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var secret in call.GetProperty("secrets").EnumerateObject())
        {
            secrets[secret.Name] = secret.Value.GetBytesFromBase64();
        }

        return new CallPayload(
            call.GetProperty("file").GetString()!,
            call.GetProperty("text").GetString()!,
            ExpressionValue.FromJson(call.GetProperty("inputs")) as ObjectValue ?? new ObjectValue(),
            secrets);
    }
}
