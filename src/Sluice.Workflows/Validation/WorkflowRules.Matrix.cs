using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    private void CheckStrategy(TemplateToken? strategy)
    {
        if (strategy is not MappingToken mapping || mapping.Get("matrix") is not MappingToken matrix)
        {
            return;
        }

        foreach (var (key, value) in matrix.Pairs)
        {
            if (key.Value is not ("include" or "exclude") && value is SequenceToken { Items.Count: 0 })
            {
                diagnostics.Add(value, $"Matrix vector '{key.Value}' does not contain any values");
            }
        }

        if (MatrixCounter.Count(matrix, options.MaxMatrixJobs) is { } jobs && jobs > options.MaxMatrixJobs)
        {
            diagnostics.Add(matrix, $"The strategy matrix produces {(jobs == long.MaxValue ? "too many" : jobs.ToString(System.Globalization.CultureInfo.InvariantCulture))} jobs, more than the limit of {options.MaxMatrixJobs}. Split the job or use 'exclude' to remove combinations.");
        }
    }
}
