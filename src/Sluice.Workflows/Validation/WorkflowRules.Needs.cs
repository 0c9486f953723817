using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    /// <summary>
    /// Starts every job with no <c>needs</c>, then every job whose needs have all started, until nothing more can
    /// start. Each need of a job that never starts is an error: a cycle when it names a job, unknown otherwise. So a
    /// job waiting on a cycle is reported too, as GitHub reports it; with no job to start at all, that is the error.
    /// </summary>
    private void CheckNeeds(MappingToken jobs)
    {
        var ids = new HashSet<string>(jobs.Pairs.Select(p => p.Key.Value), StringComparer.OrdinalIgnoreCase);
        var waiting = new List<(string Job, List<TemplateToken> Needs)>();
        var started = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ready = new Queue<string>();
        foreach (var (key, value) in jobs.Pairs)
        {
            var needs = (value as MappingToken)?.Get("needs").AsList() ?? [];
            if (needs.Count == 0)
            {
                ready.Enqueue(key.Value);
            }
            else
            {
                waiting.Add((key.Value, [.. needs]));
            }
        }

        if (ready.Count == 0)
        {
            diagnostics.Add(jobs, "The workflow must contain at least one job with no dependencies.");
            return;
        }

        var dependents = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var unmet = new int[waiting.Count];
        for (var i = 0; i < waiting.Count; i++)
        {
            foreach (var need in waiting[i].Needs)
            {
                var name = need.AsString() ?? "";
                if (!dependents.TryGetValue(name, out var list))
                {
                    dependents[name] = list = [];
                }

                list.Add(i);
                unmet[i]++;
            }
        }

        while (ready.TryDequeue(out var job))
        {
            if (!started.Add(job) || !dependents.TryGetValue(job, out var list))
            {
                continue;
            }

            foreach (var i in list)
            {
                if (--unmet[i] == 0)
                {
                    ready.Enqueue(waiting[i].Job);
                }
            }
        }

        foreach (var (job, needs) in waiting)
        {
            foreach (var need in needs)
            {
                var name = need.AsString() ?? "";
                if (started.Contains(name))
                {
                    continue;
                }

                diagnostics.Add(need, ids.Contains(name)
                    ? $"Job '{job}' depends on job '{name}' which creates a cycle in the dependency graph."
                    : $"Job '{job}' depends on unknown job '{name}'.");
            }
        }
    }
}
