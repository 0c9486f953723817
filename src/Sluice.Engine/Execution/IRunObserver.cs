namespace Sluice.Engine.Execution;

/// <summary>
/// What a run reports as it goes: the console, the JSON event stream and (later) the server's live log all
/// listen here. Calls may come from several jobs at once; implementations must be thread-safe.
/// </summary>
public interface IRunObserver
{
    void RunStarted(string workflow, string eventName);

    void JobStarted(string jobKey, string displayName);

    void StepStarted(string jobKey, string stepId, string displayName);

    /// <summary>A line of output, already masked. <paramref name="group"/> is the open <c>::group::</c> title, if any.</summary>
    void Line(string jobKey, string? stepId, string text, bool isError, string? group);

    /// <summary>
    /// <c>::group::</c> opened a foldable group of the step's lines (<paramref name="title"/> is masked). An observer that
    /// does not fold shows the title as a line, which is what this does unless it is implemented.
    /// </summary>
    void GroupStarted(string jobKey, string stepId, string title) => Line(jobKey, stepId, $"▶ {title}", false, title);

    /// <summary><c>::endgroup::</c> closed the step's open group.</summary>
    void GroupEnded(string jobKey, string stepId)
    {
    }

    /// <summary>An <c>::error</c>, <c>::warning</c> or <c>::notice</c>.</summary>
    void Annotation(string jobKey, string level, string message, string? file, int? line);

    void StepFinished(string jobKey, StepResult step);

    void JobFinished(string jobKey, JobResult job);

    void RunFinished(Conclusion conclusion, IReadOnlyList<JobResult> jobs, TimeSpan duration);
}
