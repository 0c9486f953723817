using System.Text.Json;

namespace Sluice.Quality.Gates;

/// <summary>The gate as JSON: <c>{"verdict", "conditions": [{"name", "expression", "outcome", "measured", "threshold", "reason"}]}</c>.</summary>
public static class GateReportJson
{
    public static void Write(Utf8JsonWriter w, GateResult result)
    {
        w.WriteStartObject();
        w.WriteString("verdict", GateReportText.Word(result.Verdict));
        w.WriteStartArray("conditions");
        foreach (var r in result.Conditions)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Condition.Name);
            w.WriteString("expression", r.Condition.Expression);
            w.WriteString("outcome", GateReportText.Word(r.Outcome));
            w.WriteString("measured", r.Measured);
            w.WriteString("threshold", r.Threshold);
            w.WriteString("reason", r.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
