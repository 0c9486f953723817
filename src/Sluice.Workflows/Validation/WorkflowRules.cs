using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>
/// The checks GitHub's reader makes after the schema: those no schema can state (ids, the <c>needs</c> graph,
/// <c>runs-on</c> groups, <c>uses</c> syntax, matrices, containers, concurrency, events). They run in GitHub's order
/// and only on a document the schema accepted, and the <c>needs</c> graph only when nothing else failed, so that the
/// errors are the ones GitHub reports. docs/workflow-language.md lists every rule with its test.
/// </summary>
internal sealed partial class WorkflowRules(DiagnosticBag diagnostics, WorkflowReaderOptions options, JobCounter jobCounter)
{
    public void Check(MappingToken root)
    {
        foreach (var (key, value) in root.Pairs)
        {
            switch (key.Value)
            {
                case "on":
                    CheckEvents(value);
                    break;
                case "concurrency":
                    CheckConcurrency(value);
                    break;
                case "jobs" when value is MappingToken jobs:
                    CheckJobs(jobs);
                    break;
            }
        }
    }

    private void CheckJobs(MappingToken jobs)
    {
        foreach (var (key, value) in jobs.Pairs)
        {
            jobCounter.Add(diagnostics);
            if (Identifiers.KnownIdProblem(key.Value, seen: null) is { } problem)
            {
                diagnostics.Add(key, problem);
            }

            if (value is MappingToken job)
            {
                CheckJob(key.Value, job);
            }
        }

        if (!diagnostics.HasErrors)
        {
            CheckNeeds(jobs);
        }
    }

    private void CheckJob(string jobId, MappingToken job)
    {
        foreach (var (key, value) in job.Pairs)
        {
            switch (key.Value)
            {
                case "runs-on":
                    CheckRunsOn(value);
                    break;
                case "snapshot":
                    CheckSnapshot(value);
                    break;
                case "steps":
                    StepRules.Check(value, diagnostics);
                    break;
                case "strategy":
                    CheckStrategy(value);
                    break;
                case "container":
                    CheckContainer(value, isService: false);
                    break;
                case "services" when value is MappingToken services:
                    foreach (var service in services.Pairs)
                    {
                        CheckContainer(service.Value, isService: true);
                    }

                    break;
                case "concurrency":
                    CheckConcurrency(value);
                    break;
                case "uses":
                    CheckCalledWorkflow(value);
                    break;
            }
        }

        WarnAboutMatrixOutsideMatrixJob(jobId, job);
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
