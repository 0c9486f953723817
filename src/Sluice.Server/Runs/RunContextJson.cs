using System.Text;
using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Server.Runs;

/// <summary>A run's contexts (github, inputs, vars) as stored with the run and sent to agents: one JSON object.</summary>
public static class RunContextJson
{
    public static string Write(ObjectValue github, ObjectValue inputs, ObjectValue vars)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("github");
            github.WriteJson(writer);
            writer.WritePropertyName("inputs");
            inputs.WriteJson(writer);
            writer.WritePropertyName("vars");
            vars.WriteJson(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static (ObjectValue Github, ObjectValue Inputs, ObjectValue Vars) Read(string json)
    {
        var all = (ObjectValue)ExpressionValue.ParseJson(json);
        return (Get(all, "github"), Get(all, "inputs"), Get(all, "vars"));
    }

    public static string ToJson(ExpressionValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ObjectValue Get(ObjectValue all, string name) => all.TryGetValue(name, out var value) && value is ObjectValue o ? o : new ObjectValue();
}
