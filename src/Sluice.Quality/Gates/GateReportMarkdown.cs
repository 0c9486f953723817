using System.Text;

namespace Sluice.Quality.Gates;

/// <summary>The gate as Markdown, for a pull-request comment or <c>$GITHUB_STEP_SUMMARY</c>.</summary>
public static class GateReportMarkdown
{
    public static string Render(GateResult result, IEnumerable<string>? details = null)
    {
        var md = new StringBuilder();
        md.Append("### Quality gate: ").Append(Icon(result.Verdict)).Append(' ').AppendLine(GateReportText.Word(result.Verdict));
        md.AppendLine();
        md.AppendLine("| Condition | Measured | Threshold | Outcome |");
        md.AppendLine("|---|---|---|---|");
        foreach (var r in result.Conditions)
        {
            md.Append("| ").Append(Cell(r.Condition.Name))
              .Append(" | ").Append(Cell(r.Measured))
              .Append(" | ").Append(Cell(r.Threshold))
              .Append(" | ").Append(Icon(r.Outcome)).Append(' ').Append(GateReportText.Word(r.Outcome))
              .AppendLine(" |");
        }

        var reasons = result.Conditions.Where(r => r.Reason is not null).ToList();
        if (reasons.Count > 0)
        {
            md.AppendLine();
            foreach (var r in reasons)
            {
                md.Append("- **").Append(Cell(r.Condition.Name)).Append("**: ").AppendLine(Cell(r.Reason!));
            }
        }

        foreach (var detail in details ?? [])
        {
            md.AppendLine().AppendLine(detail);
        }

        return md.ToString();
    }

    private static string Icon(ConditionOutcome outcome) => outcome switch
    {
        ConditionOutcome.Passed => "✅",
        ConditionOutcome.Failed => "❌",
        _ => "⚠️",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
