using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// A job attempt's steps from its log: a <c>step</c> entry starts one (its id as the step, its name as the text), a
/// <c>step-end</c> entry of the same id ends the one started last ("NAME: conclusion"), each at the time the agent saw it.
/// </summary>
public static class JobSteps
{
    public const string Running = "running";
    public const string Completed = "completed";

    /// <param name="marks">The job's <c>step</c> and <c>step-end</c> entries (others are passed by), in order.</param>
    /// <param name="attemptOver">Whether the attempt has ended: a step it did not end is then over too, without a conclusion.</param>
    public static IReadOnlyList<StepView> Of(IEnumerable<LogRow> marks, int attempt, bool attemptOver)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var steps = new List<StepView>();
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var mark in marks.Where(m => m.Attempt == attempt))
        {
            var id = mark.Step ?? "";
            if (mark.Kind == "step")
            {
                open[id] = steps.Count;
                steps.Add(new StepView(id, mark.Text, attemptOver ? Completed : Running, null, mark.At, null, mark.Id));
            }
            else if (mark.Kind == "step-end")
            {
                var (name, conclusion) = Ended(mark.Text);
                if (open.Remove(id, out var index))
                {
                    steps[index] = steps[index] with { Status = Completed, Conclusion = conclusion, FinishedAt = mark.At };
                }
                else
                {
                    // An end without its start (an older agent, or a start lost with its batch): shown on its own.
                    steps.Add(new StepView(id, name, Completed, conclusion, null, mark.At, mark.Id));
                }
            }
        }

        return steps;
    }

    /// <summary>"NAME: conclusion" as the agent writes a step's end; a name may hold ": " itself, so the conclusion is what follows the last.</summary>
    private static (string Name, string? Conclusion) Ended(string text)
    {
        var colon = text.LastIndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? (text, null) : (text[..colon], text[(colon + 2)..]);
    }
}
