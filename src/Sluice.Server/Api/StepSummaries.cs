using System.Text;

namespace Sluice.Server.Api;

/// <summary>The limits on what a job's steps wrote to <c>$GITHUB_STEP_SUMMARY</c>, as GitHub sets them: 1 MiB a step.</summary>
public static class StepSummaries
{
    public const int MaxBytesPerStep = 1024 * 1024;

    /// <summary>More summaries than a job has steps (GitHub allows 1,000 steps a job).</summary>
    public const int MaxSteps = 1000;

    public static string? Problem(IReadOnlyList<string> summaries)
    {
        if (summaries.Count > MaxSteps)
        {
            return $"the job sent {summaries.Count} step summaries; at most {MaxSteps}";
        }

        for (var i = 0; i < summaries.Count; i++)
        {
            var bytes = summaries[i] is { } text ? Encoding.UTF8.GetByteCount(text) : -1;
            if (bytes < 0 || bytes > MaxBytesPerStep)
            {
                return bytes < 0
                    ? $"summaries[{i}] is null"
                    : $"summaries[{i}] is {bytes} bytes; a step summary is at most {MaxBytesPerStep} bytes (1 MiB), as on GitHub";
            }
        }

        return null;
    }
}
