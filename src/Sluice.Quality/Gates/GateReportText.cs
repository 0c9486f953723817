namespace Sluice.Quality.Gates;

/// <summary>The gate as a console table: condition, measured value, threshold, outcome; then the verdict.</summary>
public static class GateReportText
{
    public static void Write(TextWriter output, GateResult result)
    {
        string[] header = ["condition", "measured", "threshold", "outcome"];
        var rows = result.Conditions.Select(r => new[] { r.Condition.Name, r.Measured, r.Threshold, Word(r.Outcome) }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => Math.Min(60, rows.Select(r => r[i].Length).Append(header[i].Length).Max())).ToArray();
        WriteRow(output, header, widths);
        WriteRow(output, [.. widths.Select(w => new string('-', w))], widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }

        foreach (var r in result.Conditions.Where(r => r.Reason is not null))
        {
            output.WriteLine($"  {r.Condition.Name}: {r.Reason}");
        }

        output.WriteLine($"gate {Word(result.Verdict)}: {Count(result, ConditionOutcome.Passed)} passed, {Count(result, ConditionOutcome.Failed)} failed, {Count(result, ConditionOutcome.Inconclusive)} inconclusive");
    }

    public static string Word(ConditionOutcome outcome) => outcome switch
    {
        ConditionOutcome.Passed => "passed",
        ConditionOutcome.Failed => "failed",
        _ => "inconclusive",
    };

    private static int Count(GateResult result, ConditionOutcome outcome) => result.Conditions.Count(c => c.Outcome == outcome);

    private static void WriteRow(TextWriter output, string[] cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i]))).TrimEnd());
}
