using Sluice.Workflows;

namespace Sluice.Engine.Planning;

/// <summary>
/// Decides which jobs a run executes and in what order, before any matrix is expanded (a matrix may use the outputs of
/// the jobs it needs, so it expands when the job is reached).
/// </summary>
public static class RunPlanner
{
    /// <summary>
    /// The jobs of the run in topological layers (a job's layer is one more than the highest layer of what it needs), ordered by
    /// layer and then as written in the workflow.
    /// </summary>
    /// <param name="onlyJob">Run only this job (<c>--job</c>) and, when <paramref name="includeNeeds"/>, every job it needs transitively.</param>
    /// <param name="includeNeeds">False for <c>--no-needs</c>: the chosen job runs alone, as if it needed nothing.</param>
    public static IReadOnlyList<PlannedJob> Plan(Workflow workflow, string? onlyJob = null, bool includeNeeds = true)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var byId = new Dictionary<string, Job>(StringComparer.Ordinal);
        foreach (var job in workflow.Jobs)
        {
            byId.TryAdd(job.Id, job);
        }

        foreach (var job in workflow.Jobs)
        {
            var missing = job.Needs.FirstOrDefault(need => !byId.ContainsKey(need));
            if (missing is not null)
            {
                throw new PlanException($"Job '{job.Id}' needs '{missing}', which is not a job of this workflow.");
            }
        }

        var selected = Select(workflow, byId, onlyJob, includeNeeds);
        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in selected)
        {
            LayerOf(id, byId, selected, layers, []);
        }

        return [.. workflow.Jobs
            .Where(job => selected.Contains(job.Id))
            .DistinctBy(job => job.Id)
            .Select(job => new PlannedJob(job.Id, [.. job.Needs.Where(selected.Contains).Distinct()], layers[job.Id]))
            .OrderBy(job => job.Layer)];
    }

    private static HashSet<string> Select(Workflow workflow, Dictionary<string, Job> byId, string? onlyJob, bool includeNeeds)
    {
        if (onlyJob is null)
        {
            return [.. byId.Keys];
        }

        if (!byId.ContainsKey(onlyJob))
        {
            var ids = workflow.Jobs.Count == 0 ? "it has none" : "its jobs are " + string.Join(", ", byId.Keys);
            throw new PlanException($"There is no job '{onlyJob}' in this workflow; {ids}.");
        }

        var selected = new HashSet<string>(StringComparer.Ordinal) { onlyJob };
        var pending = new Stack<string>([onlyJob]);
        while (includeNeeds && pending.Count > 0)
        {
            foreach (var need in byId[pending.Pop()].Needs)
            {
                if (selected.Add(need))
                {
                    pending.Push(need);
                }
            }
        }

        return selected;
    }

    private static int LayerOf(string id, Dictionary<string, Job> byId, HashSet<string> selected, Dictionary<string, int> layers, List<string> path)
    {
        if (layers.TryGetValue(id, out var known))
        {
            return known;
        }

        var start = path.IndexOf(id);
        if (start >= 0)
        {
            throw new PlanException($"The jobs' needs form a cycle: {string.Join(" -> ", path.Skip(start).Append(id))}.");
        }

        path.Add(id);
        var layer = 0;
        foreach (var need in byId[id].Needs.Where(selected.Contains))
        {
            layer = Math.Max(layer, LayerOf(need, byId, selected, layers, path) + 1);
        }

        path.RemoveAt(path.Count - 1);
        layers[id] = layer;
        return layer;
    }
}
