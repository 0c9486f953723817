using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>Checks that need more than one value at a time: job ids and their <c>needs</c> graph, step ids, matrices, containers, event filters.</summary>
internal sealed partial class WorkflowRules(DiagnosticBag diagnostics, WorkflowReaderOptions options)
{
    public void Check(MappingToken root)
    {
        if (root.Get("jobs") is MappingToken jobs)
        {
            CheckJobs(jobs);
        }

        if (root.Get("on") is MappingToken events)
        {
            CheckEvents(events);
        }
    }

    private void CheckJobs(MappingToken jobs)
    {
        var ids = new Dictionary<string, StringToken>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, _) in jobs.Pairs)
        {
            if (key.Value.Length == 0)
            {
                diagnostics.Add(key, "Unexpected value ''");
            }
            else if (!Identifiers.IsValid(key.Value))
            {
                diagnostics.Add(key, Identifiers.InvalidMessage(key.Value));
            }

            ids.TryAdd(key.Value, key);
        }

        var graph = new Dictionary<string, List<(string Need, TemplateToken Token)>>(StringComparer.OrdinalIgnoreCase);
        var rootJobs = 0;
        foreach (var (key, value) in jobs.Pairs)
        {
            if (value is not MappingToken job)
            {
                continue;
            }

            var edges = new List<(string, TemplateToken)>();
            foreach (var need in job.Get("needs").AsList())
            {
                if (need.AsString() is not { } name)
                {
                    continue;
                }

                if (!ids.ContainsKey(name))
                {
                    diagnostics.Add(need, $"Job '{key.Value}' depends on unknown job '{name}'.");
                }
                else
                {
                    edges.Add((name, need));
                }
            }

            if (job.Get("needs").AsList().Count == 0)
            {
                rootJobs++;
            }

            graph.TryAdd(key.Value, edges);
            CheckSteps(job.Get("steps"));
            CheckStrategy(job.Get("strategy"));
            CheckContainer(job.Get("container"));
            if (job.Get("services") is MappingToken services)
            {
                foreach (var service in services.Pairs)
                {
                    CheckContainer(service.Value);
                }
            }

            WarnAboutMatrixOutsideMatrixJob(key.Value, job);
        }

        if (rootJobs == 0)
        {
            diagnostics.Add(jobs, "The workflow must contain at least one job with no dependencies.");
        }

        ReportCycles(graph);
    }

    /// <summary>An edge lies on a cycle exactly when both its ends are in one strongly connected component.</summary>
    private void ReportCycles(Dictionary<string, List<(string Need, TemplateToken Token)>> graph)
    {
        var component = StronglyConnectedComponents.Find(graph.Keys, job => graph[job].Select(e => e.Need));
        var sizes = component.Values.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (job, edges) in graph)
        {
            foreach (var (need, token) in edges)
            {
                var onCycle = component[job] == component[need]
                    && (sizes[component[job]] > 1 || string.Equals(job, need, StringComparison.OrdinalIgnoreCase));
                if (onCycle)
                {
                    diagnostics.Add(token, $"Job '{job}' depends on job '{need}' which creates a cycle in the dependency graph.");
                }
            }
        }
    }

    private void CheckContainer(TemplateToken? container)
    {
        switch (container)
        {
            case MappingToken mapping when mapping.Get("image") is null or StringToken { Value: "" } or NullToken:
                diagnostics.Add(mapping, "Container image cannot be empty");
                break;
            case StringToken { Value: "" } empty:
                diagnostics.Add(empty, "Container image cannot be empty");
                break;
        }
    }

    /// <summary>GitHub accepts <c>matrix</c> in a job without a matrix (it is empty there); it is almost always a mistake, so it is a warning.</summary>
    private void WarnAboutMatrixOutsideMatrixJob(string jobId, MappingToken job)
    {
        if ((job.Get("strategy") as MappingToken)?.Get("matrix") is not null)
        {
            return;
        }

        foreach (var (key, value) in job.Pairs)
        {
            foreach (var expression in value.Expressions())
            {
                if (expression.NamedValuesUsed().Contains("matrix", StringComparer.OrdinalIgnoreCase))
                {
                    diagnostics.Warn(expression, $"Job '{jobId}' has no strategy.matrix, so 'matrix' is empty in '{key.Value}'. Add a matrix or remove the reference.");
                    return;
                }
            }
        }
    }
}
