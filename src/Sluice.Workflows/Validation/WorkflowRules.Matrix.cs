using Sluice.Workflows.Matrix;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    /// <summary>
    /// An empty vector is reported where it stands, as GitHub does; any other problem of a literal matrix (too many
    /// jobs, an exclude naming no vector, nothing left to run) comes from expanding it exactly as a run will.
    /// </summary>
    private void CheckStrategy(TemplateToken? strategy)
    {
        if (strategy is not MappingToken mapping || mapping.Get("matrix") is not MappingToken matrix)
        {
            return;
        }

        var emptyVectors = false;
        foreach (var (key, value) in matrix.Pairs)
        {
            if (key.Value is not ("include" or "exclude") && value is SequenceToken { Items.Count: 0 })
            {
                diagnostics.Add(value, $"Matrix vector '{key.Value}' does not contain any values");
                emptyVectors = true;
            }
        }

        if (emptyVectors || LiteralMatrix.From(matrix) is not { } literal)
        {
            return;
        }

        try
        {
            MatrixExpander.Expand(literal, options.MaxMatrixJobs);
        }
        catch (MatrixException ex)
        {
            diagnostics.Add(matrix, ex.Message);
        }
    }
}
