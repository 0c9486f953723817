using System.Collections.Concurrent;
using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

/// <summary>Keeps everything a run reports, for assertions.</summary>
internal sealed class RecordingObserver : IRunObserver
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaitedLines = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Job, string? Step, string Text)> Lines { get; } = new();

    public ConcurrentQueue<(string Job, string Level, string Message)> Annotations { get; } = new();

    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>What the job printed, without its set-up lines (which commit each action repository is at).</summary>
    public IEnumerable<string> LinesOf(string job) => Lines.Where(l => l.Job == job && !IsSetUp(l)).Select(l => l.Text);

    /// <summary>The job's set-up lines: which copy of each action repository it uses, as GitHub's "Set up job" says.</summary>
    public IEnumerable<string> SetUpLinesOf(string job) => Lines.Where(l => l.Job == job && IsSetUp(l)).Select(l => l.Text);

    private static bool IsSetUp((string Job, string? Step, string Text) line) =>
        line.Step is null && (line.Text.StartsWith("Download ", StringComparison.Ordinal) || line.Text.StartsWith("Use action repository", StringComparison.Ordinal)
            || line.Text.StartsWith("Use reusable workflow repository", StringComparison.Ordinal) || line.Text.StartsWith("'", StringComparison.Ordinal));

    /// <summary>Completes when some job prints <paramref name="text"/> as a whole line (at once if one already did).</summary>
    public Task WaitForLineAsync(string text)
    {
        var seen = _awaitedLines.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Lines.Any(l => l.Text == text))
        {
            seen.TrySetResult();
        }

        return seen.Task.WaitAsync(WorkflowRun.Timeout);
    }

    public void RunStarted(string workflow, string eventName) => Events.Enqueue($"run {workflow}");

    public void JobStarted(string jobKey, string displayName) => Events.Enqueue($"start {jobKey}");

    public void StepStarted(string jobKey, string stepId, string displayName) => Events.Enqueue($"step {jobKey} {stepId}");

    public void Line(string jobKey, string? stepId, string text, bool isError, string? group)
    {
        Lines.Enqueue((jobKey, stepId, text));
        if (_awaitedLines.TryGetValue(text, out var seen))
        {
            seen.TrySetResult();
        }
    }

    public void Annotation(string jobKey, string level, string message, string? file, int? line) => Annotations.Enqueue((jobKey, level, message));

    public void StepFinished(string jobKey, StepResult step) => Events.Enqueue($"step-end {jobKey} {step.Id} {step.Outcome.Name()}");

    public void JobFinished(string jobKey, JobResult job) => Events.Enqueue($"end {jobKey} {job.Conclusion.Name()}");

    public void RunFinished(Conclusion conclusion, IReadOnlyList<JobResult> jobs, TimeSpan duration) => Events.Enqueue($"run-end {conclusion.Name()}");
}
