using System.Globalization;
using Sluice.Engine.Execution;

namespace Sluice.Cli.Running;

/// <summary>Live lines prefixed by job (and matrix leg), groups, annotations; then a table of jobs and the step summaries.</summary>
internal sealed class ConsoleRunObserver(TextWriter output) : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public void RunStarted(string workflow, string eventName) => Write($"▶ {workflow} ({eventName})");

    public void JobStarted(string jobKey, string displayName)
    {
        lock (_gate)
        {
            _names[jobKey] = displayName;
        }

        Write($"[{displayName}] ▶ job started");
    }

    public void StepStarted(string jobKey, string stepId, string displayName) => Write($"[{Name(jobKey)}] ▷ {displayName}");

    public void Line(string jobKey, string? stepId, string text, bool isError, string? group) =>
        Write($"[{Name(jobKey)}] {(group is null ? "" : "  ")}{text}");

    public void Annotation(string jobKey, string level, string message, string? file, int? line) =>
        Write($"[{Name(jobKey)}] {level}: {(file is null ? "" : $"{file}{(line is { } l ? $":{l}" : "")}: ")}{message}");

    public void StepFinished(string jobKey, StepResult step)
    {
        if (step.Outcome is Conclusion.Failure or Conclusion.Cancelled)
        {
            Write($"[{Name(jobKey)}] ✗ {step.DisplayName}: {step.Outcome.Name()}{(step.Conclusion != step.Outcome ? " (continue-on-error)" : "")}");
        }
    }

    public void JobFinished(string jobKey, JobResult job)
    {
        // A leg cancelled before it started (fail-fast, a cancelled run) ends without having been reported as started.
        lock (_gate)
        {
            _names.TryAdd(jobKey, job.DisplayName);
        }

        Write($"[{Name(jobKey)}] ■ {job.Conclusion.Name()} in {Seconds(job.Duration)}");
    }

    public void RunFinished(Conclusion conclusion, IReadOnlyList<JobResult> jobs, TimeSpan duration)
    {
        lock (_gate)
        {
            output.WriteLine();
            var width = Math.Max(3, jobs.Select(j => j.DisplayName.Length).DefaultIfEmpty(3).Max());
            output.WriteLine($"{"job".PadRight(width)}  {"result",-9}  time");
            foreach (var job in jobs)
            {
                output.WriteLine($"{job.DisplayName.PadRight(width)}  {job.Conclusion.Name(),-9}  {Seconds(job.Duration)}");
            }

            foreach (var job in jobs.Where(j => j.Summaries.Count > 0))
            {
                output.WriteLine();
                output.WriteLine($"── summary of {job.DisplayName} ──");
                foreach (var summary in job.Summaries)
                {
                    output.WriteLine(summary.TrimEnd());
                }
            }

            output.WriteLine();
            output.WriteLine($"run {conclusion.Name()} in {Seconds(duration)}");
            output.Flush();
        }
    }

    private string Name(string jobKey)
    {
        lock (_gate)
        {
            return _names.TryGetValue(jobKey, out var name) ? name : jobKey;
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
