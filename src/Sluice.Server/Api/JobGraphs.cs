using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Storage;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Server.Api;

/// <summary>
/// The graph of a run's jobs (each job of its workflow with what it needs), read from the workflow the run runs, which
/// never changes: read once per run and kept for the next look (a page that follows a run asks again at every change).
/// </summary>
public sealed class JobGraphs(int capacity)
{
    private readonly ConcurrentDictionary<long, IReadOnlyList<PlannedJobView>> _byRun = new();

    /// <summary>The workflow's jobs in the order it gives them; empty when the workflow cannot be read (the run failed at its start).</summary>
    public IReadOnlyList<PlannedJobView> Of(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_byRun.TryGetValue(run.Id, out var known))
        {
            return known;
        }

        if (_byRun.Count >= capacity)
        {
            // Pages look at recent runs: forgetting all at once is simpler than keeping an order, and costs one read each.
            _byRun.Clear();
        }

        return _byRun[run.Id] = Read(run);
    }

    /// <summary>
    /// The key of the workflow job a leg belongs to: the leg's own key, or without the <c>-N</c> a matrix leg has after
    /// its job's id (<paramref name="jobName"/>), which a key that is not a matrix leg's ends with.
    /// </summary>
    public static string GroupOf(string key, string jobName)
    {
        ArgumentNullException.ThrowIfNull(key);
        var dash = key.LastIndexOf('-');
        return dash > 0 && dash < key.Length - 1 && key.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0 && key.AsSpan(0, dash).EndsWith(jobName, StringComparison.Ordinal)
            ? key[..dash]
            : key;
    }

    /// <summary>
    /// What a leg needs: from the workflow for a job of the run's own workflow, from the leg's payload (the needs it was
    /// queued with) for a job of a called workflow, whose keys start with the calling leg's key and a dot.
    /// </summary>
    public static IReadOnlyList<string> NeedsOf(JobRow job, string group, IReadOnlyList<PlannedJobView> graph)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(graph);
        var prefix = group.EndsWith(job.JobName, StringComparison.Ordinal) ? group[..^job.JobName.Length] : "";
        if (prefix.Length == 0 && graph.FirstOrDefault(j => j.Key == group) is { } planned)
        {
            return planned.Needs;
        }

        using var payload = JsonDocument.Parse(job.PayloadJson);
        return payload.RootElement.TryGetProperty("needs", out var needs) && needs.ValueKind == JsonValueKind.Object
            ? needs.EnumerateObject().Select(n => prefix + n.Name).ToList()
            : [];
    }

    private static IReadOnlyList<PlannedJobView> Read(RunRecord run)
    {
        var read = new WorkflowReader().Read(run.WorkflowFile, run.WorkflowText);
        return read.Workflow is { } workflow
            ? workflow.Jobs.Select(j => new PlannedJobView(j.Id, j.Name is StringToken name ? name.Value : j.Id, j.Needs)).ToList()
            : [];
    }
}
