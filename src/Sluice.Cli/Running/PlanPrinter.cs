using Sluice.Engine.Planning;
using Sluice.Workflows.Matrix;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Cli.Running;

/// <summary><c>sluice run --list</c>: each triggered workflow's jobs in the order they can run, with their needs and matrix.</summary>
internal static class PlanPrinter
{
    public static void Print(TextWriter output, IReadOnlyList<(string File, Workflow Workflow)> workflows, string? onlyJob, bool includeNeeds)
    {
        foreach (var (file, workflow) in workflows)
        {
            output.WriteLine($"{file}{(workflow.Name is { } name ? $" ({name})" : "")}");
            foreach (var layer in RunPlanner.Plan(workflow, onlyJob, includeNeeds).GroupBy(p => p.Layer).OrderBy(g => g.Key))
            {
                output.WriteLine($"  stage {layer.Key + 1}:");
                foreach (var planned in layer)
                {
                    var job = workflow.Jobs.First(j => string.Equals(j.Id, planned.Id, StringComparison.OrdinalIgnoreCase));
                    var needs = planned.Needs.Count == 0 ? "" : $"  needs: {string.Join(", ", planned.Needs)}";
                    output.WriteLine($"    {planned.Id}{needs}{Matrix(job)}");
                }
            }
        }
    }

    private static string Matrix(Job job)
    {
        if (job.Strategy?.Matrix is not MappingToken matrix)
        {
            return job.Strategy?.Matrix is ExpressionToken ? "  matrix: (computed when the job starts)" : "";
        }

        try
        {
            var value = Sluice.Engine.Execution.TokenEvaluator.Evaluate(matrix, new Sluice.Expressions.EvaluationContext { NamedValues = new Dictionary<string, Sluice.Expressions.ExpressionValue>() }) as Sluice.Expressions.ObjectValue;
            var legs = MatrixExpander.Expand(value);
            return $"  matrix: {legs.Count} legs: " + string.Join("; ", legs.Select(l => MatrixExpander.DisplayName(job.Id, l)));
        }
        catch (Exception ex) when (ex is Sluice.Expressions.ExpressionException or MatrixException)
        {
            return "  matrix: (computed when the job starts)";
        }
    }
}
