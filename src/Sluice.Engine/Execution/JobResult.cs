namespace Sluice.Engine.Execution;

/// <summary>How a job, a step or a run ended, in GitHub's words (<c>needs.&lt;job&gt;.result</c>, <c>steps.&lt;id&gt;.outcome</c>).</summary>
public enum Conclusion
{
    Success,
    Failure,
    Cancelled,
    Skipped,
}

public static class ConclusionNames
{
    public static string Name(this Conclusion conclusion) => conclusion switch
    {
        Conclusion.Success => "success",
        Conclusion.Failure => "failure",
        Conclusion.Cancelled => "cancelled",
        _ => "skipped",
    };
}

/// <summary>What one job (one matrix leg) produced: its result, outputs and step summaries.</summary>
public sealed record JobResult(
    string JobId,
    string DisplayName,
    Conclusion Conclusion,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyList<StepResult> Steps,
    IReadOnlyList<string> Summaries,
    TimeSpan Duration);

/// <summary>One step: outcome before continue-on-error, conclusion after it, and its outputs.</summary>
public sealed record StepResult(string Id, string DisplayName, Conclusion Outcome, Conclusion Conclusion, IReadOnlyDictionary<string, string> Outputs, TimeSpan Duration);
