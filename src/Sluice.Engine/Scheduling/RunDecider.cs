namespace Sluice.Engine.Scheduling;

/// <summary>
/// A run's next step as a function of its recorded state alone: which legs are cancelled (fail-fast, a cancelled run or
/// call, a newer job in a concurrency group), which jobs are skipped or expanded (their needs, <c>if</c> and strategy),
/// which legs start (<c>--parallel</c>, <c>max-parallel</c>), and when jobs, calls and the run conclude. No processes,
/// clocks or files: <c>sluice run</c> drives it in memory and a server can drive it from its database.
/// </summary>
public static partial class RunDecider
{
    /// <summary>The next decision, or null when nothing can happen until something is recorded (a leg finishes, the run is cancelled).</summary>
    public static RunDecision? Next(RunSnapshot run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Conclusion is not null)
        {
            return null;
        }

        // Cancellations come before starts, so that a slot freed by a failure never goes to a leg that fail-fast cancels.
        return (RunDecision?)Cancellation(run) ?? Rejection(run) ?? GroupChange(run) ?? Concluded(run) ?? Readiness(run) ?? (RunDecision?)Start(run) ?? RunEnd(run);
    }

    /// <summary>Applies decisions until none is left and returns them in order.</summary>
    public static IReadOnlyList<RunDecision> Settle(RunSnapshot run)
    {
        var decisions = new List<RunDecision>();
        while (Next(run) is { } decision)
        {
            run.Apply(decision);
            decisions.Add(decision);
        }

        return decisions;
    }
}
