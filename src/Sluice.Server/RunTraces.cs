using System.Collections.Concurrent;
using System.Diagnostics;
using Sluice.Protocol;

namespace Sluice.Server;

/// <summary>
/// OpenTelemetry spans (exported with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set): one per run, from its creation
/// to its conclusion; one per job attempt, from the claim to its result, under its run; one per step, under its job,
/// laid end to end from the job's start with the durations the agent measured. Spans live in this process, so a run
/// that outlives a restart of the server loses its run span (its later jobs start spans of their own trace).
/// </summary>
public sealed class RunTraces
{
    private readonly ConcurrentDictionary<long, Activity> _runs = new();
    private readonly ConcurrentDictionary<(long Job, int Attempt), Activity> _jobs = new();

    public void RunStarted(long runId, string repository, string workflow, string eventName, DateTimeOffset at)
    {
        var activity = ServerMetrics.Traces.StartActivity(ActivityKind.Internal, parentContext: default, name: $"run {workflow}", startTime: at);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("sluice.run.id", runId);
        activity.SetTag("sluice.repository", repository);
        activity.SetTag("sluice.event", eventName);
        _runs[runId] = activity;
    }

    public void RunFinished(long runId, string conclusion, DateTimeOffset at)
    {
        if (_runs.TryRemove(runId, out var activity))
        {
            activity.SetTag("sluice.conclusion", conclusion);
            activity.SetStatus(conclusion == "failure" ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
            activity.SetEndTime(at.UtcDateTime);
            activity.Stop();
        }
    }

    /// <summary>Another server concluded the run (replicas): this server's span of it ends, saying so, when the run is let go.</summary>
    public void RunEndedElsewhere(long runId, string? conclusion, DateTimeOffset at)
    {
        if (_runs.TryRemove(runId, out var activity))
        {
            activity.SetTag("sluice.conclusion", conclusion ?? "removed");
            activity.SetTag("sluice.run.ended_by", "another server");
            activity.SetEndTime(at.UtcDateTime);
            activity.Stop();
        }
    }

    public void JobClaimed(long runId, long jobId, int attempt, string key, string agent, DateTimeOffset at)
    {
        var parent = _runs.TryGetValue(runId, out var run) ? run.Context : default;
        var activity = ServerMetrics.Traces.StartActivity(ActivityKind.Internal, parent, name: $"job {key}", startTime: at);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("sluice.run.id", runId);
        activity.SetTag("sluice.job.key", key);
        activity.SetTag("sluice.job.attempt", attempt);
        activity.SetTag("sluice.agent", agent);
        _jobs[(jobId, attempt)] = activity;
    }

    /// <summary>Ends the attempt's span with its result (or with why it was lost) and adds its steps' spans.</summary>
    public void JobEnded(long jobId, int attempt, string outcome, IReadOnlyList<StepSummary> steps, DateTimeOffset at)
    {
        if (!_jobs.TryRemove((jobId, attempt), out var job))
        {
            return;
        }

        var start = job.StartTimeUtc;
        foreach (var step in steps)
        {
            var end = start.AddSeconds(step.DurationSeconds);
            using var span = ServerMetrics.Traces.StartActivity(ActivityKind.Internal, job.Context, name: $"step {step.Name}", startTime: start);
            if (span is not null)
            {
                span.SetTag("sluice.step.id", step.Id);
                span.SetTag("sluice.step.outcome", step.Outcome);
                span.SetTag("sluice.step.conclusion", step.Conclusion);
                span.SetStatus(step.Outcome == "failure" ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
                span.SetEndTime(end);
            }

            start = end;
        }

        job.SetTag("sluice.outcome", outcome);
        job.SetStatus(outcome is "success" or "skipped" ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        job.SetEndTime(at.UtcDateTime);
        job.Stop();
    }
}
