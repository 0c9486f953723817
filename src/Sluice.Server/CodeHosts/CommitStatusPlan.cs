using System.Globalization;
using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.CodeHosts;

/// <summary>
/// What a run's commit should show, as a pure function of its stored rows: one status per job leg
/// (<c>sluice/WORKFLOW/JOB</c>) and one per gate verdict (<c>sluice/gate/JOB</c>).
/// </summary>
public static class CommitStatusPlan
{
    public sealed record Status(string Context, string State, string Description);

    public static IReadOnlyList<Status> Of(RunRecord run, IReadOnlyList<JobRow> jobs, IReadOnlyList<(JobRow Job, GateReportUpload Report)> gates)
    {
        var statuses = new List<Status>();
        foreach (var job in jobs)
        {
            var (state, description) = OfJob(job);
            statuses.Add(new Status(Context(run.WorkflowName, job.DisplayName), state, description));
        }

        foreach (var (job, report) in gates)
        {
            var (state, description) = OfGate(report);
            statuses.Add(new Status(Context("gate", job.DisplayName), state, description));
        }

        return statuses;
    }

    public static string Context(string group, string name) => CodeHostKinds.Cut($"sluice/{OneLine(group)}/{OneLine(name)}", CodeHostKinds.MaxContext);

    public static (string State, string Description) OfJob(JobRow job) => job.Status switch
    {
        JobStatuses.Pending => (CommitStatusStates.Pending, Describe(job.Detail is { Length: > 0 } why ? char.ToUpperInvariant(why[0]) + why[1..] : "Waiting for its concurrency group")),
        JobStatuses.Queued => (CommitStatusStates.Pending, "Queued"),
        JobStatuses.Running => (CommitStatusStates.Running, "Running"),
        _ => job.Conclusion switch
        {
            "success" => (CommitStatusStates.Success, "Succeeded" + Took(job, " in ")),
            "skipped" => (CommitStatusStates.Success, "Skipped"),
            "cancelled" => (CommitStatusStates.Cancelled, Describe("Cancelled" + (job.Detail is { } why ? ": " + why : ""))),
            "failure" => (CommitStatusStates.Failure, "Failed" + Took(job, " after ")),
            var other => (CommitStatusStates.Error, Describe($"Ended: {other ?? "unknown"}")),
        },
    };

    public static (string State, string Description) OfGate(GateReportUpload report)
    {
        var failing = report.Conditions.Where(c => c.Outcome != "passed").Select(c => $"{c.Expression} ({c.Outcome})").ToList();
        return report.Verdict switch
        {
            "passed" => (CommitStatusStates.Success, Describe($"Gate passed: {report.Conditions.Count} condition(s) met; {report.Tests.Passed}/{report.Tests.Total} tests passed")),
            "failed" => (CommitStatusStates.Failure, Describe("Gate failed: " + string.Join("; ", failing))),
            _ => (CommitStatusStates.Error, Describe($"Gate {report.Verdict}: " + string.Join("; ", failing))),
        };
    }

    /// <summary>A description on one line, cut to what every host takes.</summary>
    public static string Describe(string text) => CodeHostKinds.Cut(OneLine(text), CodeHostKinds.MaxDescription);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Took(JobRow job, string joint) =>
        job.StartedAt is { } started && job.FinishedAt is { } finished && finished >= started ? joint + Duration(finished - started) : "";

    /// <summary><c>45s</c>, <c>1m 12s</c>, <c>2h 5m</c>.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes}m")
        : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds}s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Round(span.TotalSeconds)}s");
}
