namespace Sluice.Actions.Git;

/// <summary>How a git process ended: its exit code and output, or stopped because it showed no sign of life in time.</summary>
internal sealed record GitOutcome(int ExitCode, string Output, string Error, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>git's own explanation: its fatal and error lines, else its last line.</summary>
    public string Reason
    {
        get
        {
            var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var told = lines.Where(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal)
                || (l.StartsWith("remote: ", StringComparison.Ordinal) && !l.Contains('%', StringComparison.Ordinal))).ToArray();
            var chosen = told.Length > 0 ? told : lines.TakeLast(1).ToArray();
            return string.Join("; ", chosen.Select(l => l.StartsWith("fatal: ", StringComparison.Ordinal) ? l["fatal: ".Length..] : l));
        }
    }
}
