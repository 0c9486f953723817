using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>Stored rows as the API shows them.</summary>
public static class Views
{
    public static RepositoryView Of(RepositoryRecord repository) =>
        new(repository.Name, repository.Url, repository.PollSeconds, repository.DefaultBranch, repository.CreatedAt);

    public static async Task<RunView> OfAsync(ServerState server, RunRecord run, CancellationToken cancellationToken)
    {
        var jobs = await server.Store.JobsAsync(run.Id, cancellationToken).ConfigureAwait(false);
        var attempts = (await server.Store.AttemptsAsync(run.Id, cancellationToken).ConfigureAwait(false)).ToLookup(a => a.JobId);
        // Which agents are online matters only to say why a job still waits.
        var online = jobs.Any(j => j.Status == JobStatuses.Queued) ? await Agents.AgentStatus.OnlineLabelsAsync(server, cancellationToken).ConfigureAwait(false) : [];
        var graph = server.Graphs.Of(run);
        return new RunView(
            run.Id,
            run.Repository,
            run.Number,
            run.WorkflowName,
            run.WorkflowFile,
            run.Event,
            run.Ref,
            run.Sha,
            run.Status,
            run.Conclusion,
            run.TriggeredBy,
            run.CreatedAt,
            run.FinishedAt,
            jobs.Select(j => Of(j, attempts[j.Id], online, graph)).ToList(),
            run.Attempt,
            run.RerunOf,
            run.Detail,
            graph);
    }

    public static RunView Summary(RunRecord run) =>
        new(run.Id, run.Repository, run.Number, run.WorkflowName, run.WorkflowFile, run.Event, run.Ref, run.Sha, run.Status, run.Conclusion, run.TriggeredBy, run.CreatedAt, run.FinishedAt, [], run.Attempt, run.RerunOf, run.Detail);

    private static JobView Of(JobRow job, IEnumerable<AttemptRow> attempts, IReadOnlyList<IReadOnlyList<string>> online, IReadOnlyList<PlannedJobView> graph)
    {
        string? waiting = null;
        if (job.Status == JobStatuses.Queued)
        {
            waiting = online.Any(labels => RunnerLabels.Satisfies(labels, job.Labels))
                ? "waiting for a free agent"
                : job.Labels.Count == 0 ? "no agent is online" : $"no agent with labels {string.Join(", ", job.Labels)} is online";
        }
        else if (job.Status == JobStatuses.Completed)
        {
            waiting = LegPayload.Problem(job.PayloadJson) ?? job.Detail;
        }
        else
        {
            // Pending: why it waits (its concurrency group); running: why it is being cancelled (a newer job of its group).
            waiting = job.Detail;
        }

        var group = JobGraphs.GroupOf(job.Key, job.JobName);
        var outputs = job.OutputsJson is { } json ? JsonSerializer.Deserialize(json, ServerJson.Default.DictionaryStringString) ?? [] : [];
        return new JobView(
            job.Id,
            job.Key,
            job.DisplayName,
            job.Status,
            job.Conclusion,
            job.Attempt,
            job.AgentName,
            job.Labels,
            waiting,
            outputs,
            attempts.Select(a => new AttemptView(a.Attempt, a.AgentName, a.Outcome, a.Reason, a.StartedAt, a.EndedAt)).ToList(),
            job.QueuedAt,
            job.StartedAt,
            job.FinishedAt,
            JobGraphs.NeedsOf(job, group, graph),
            group);
    }
}
