using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sluice.Server;

/// <summary>
/// The server's structured log: one entry per thing an operator follows (a run began or ended, a job was handed to an
/// agent or finished, a lease ran out, an agent registered, a webhook delivery), each with its fields named, so that
/// <c>--log-format json</c> gives log collectors something to filter on. Nothing is written until the host sets a logger.
/// </summary>
public sealed partial class ServerEvents
{
    private ILogger _logger = NullLogger.Instance;

    public void WriteTo(ILogger logger) => _logger = logger;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "run {RunId} of {Repository} ({Workflow}, #{Number} attempt {Attempt}) is running: {Event} on {Ref} at {Sha}, triggered by {TriggeredBy}")]
    private partial void RunRunningEntry(long runId, string repository, string workflow, long number, int attempt, string @event, string @ref, string sha, string triggeredBy);

    /// <summary>A run's state was built: it started, or the server resumed it after a restart.</summary>
    public void RunRunning(Storage.RunRecord run) =>
        RunRunningEntry(run.Id, run.Repository, run.WorkflowName, run.Number, run.Attempt, run.Event, run.Ref, run.Sha, run.TriggeredBy);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "run {RunId} concluded: {Conclusion}")]
    public partial void RunConcluded(long runId, string conclusion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "job {JobId} ({Job}, attempt {Attempt}) of run {RunId} given to agent {Agent} after {QueuedSeconds:0.###} s in the queue")]
    public partial void JobClaimed(long jobId, string job, int attempt, long runId, string agent, double queuedSeconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "job {JobId} attempt {Attempt} finished: {Conclusion}")]
    public partial void JobFinished(long jobId, int attempt, string conclusion);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "job {JobId} attempt {Attempt} lost by agent {Agent}: {Reason}")]
    public partial void LeaseLost(long jobId, int attempt, string? agent, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "agent {AgentId} {Agent} registered with labels {Labels}")]
    public partial void AgentRegistered(long agentId, string agent, IReadOnlyList<string> labels);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "webhook delivery for {Repository}: {Outcome} ({Reason})")]
    public partial void WebhookDelivery(string repository, Sluice.Triggers.Webhooks.WebhookOutcome outcome, string? reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Problem}")]
    public partial void Problem(string problem);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "deployment {DeploymentId} of {Repository} to {Environment} needs a person: {Alarm}")]
    public partial void DeploymentAlarm(string repository, string environment, long deploymentId, string alarm);
}
