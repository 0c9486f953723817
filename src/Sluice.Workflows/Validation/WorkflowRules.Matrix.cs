using Sluice.Workflows.Matrix;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    /// <summary>
    /// GitHub's checks of a matrix: every vector written out has values, and there is a vector or an include. The
    /// rest waits, as on GitHub, until the whole matrix is known (when it is written without expressions, now;
    /// otherwise when the job starts): include entries are not empty, exclude entries are not empty and name
    /// vectors. Sluice then expands a literal matrix as a run would, so that one over the job limit, or one that
    /// excludes every combination, is reported now rather than when the run starts.
    /// </summary>
    private void CheckStrategy(TemplateToken strategy)
    {
        if (strategy is not MappingToken mapping || mapping.Get("matrix") is not MappingToken matrix)
        {
            return;
        }

        var errors = diagnostics.Errors.Count;
        var hasVector = false;
        var hasInclude = false;
        foreach (var (key, value) in matrix.Pairs)
        {
            var literal = !value.Expressions().Any();
            switch (key.Value)
            {
                case "include":
                    hasInclude |= !literal || value is SequenceToken { Items.Count: > 0 };
                    break;
                case "exclude":
                    break;
                default:
                    hasVector = true;
                    if (literal && value is SequenceToken { Items.Count: 0 })
                    {
                        diagnostics.Add(value, $"Matrix vector '{key.Value}' does not contain any values");
                    }

                    break;
            }
        }

        if (!hasVector && !hasInclude)
        {
            diagnostics.Add(matrix, "Matrix must define at least one vector");
        }

        if (diagnostics.Errors.Count > errors || LiteralMatrix.From(matrix) is not { } expandable || matrix.Pairs.Any(p => p.Key.Value.Contains("${{", StringComparison.Ordinal)))
        {
            return;
        }

        CheckIncludeAndExclude(matrix);
        if (diagnostics.Errors.Count > errors)
        {
            return;
        }

        try
        {
            MatrixExpander.Expand(expandable, options.MaxMatrixJobs);
        }
        catch (MatrixException ex)
        {
            diagnostics.Add(matrix, ex.Message);
        }
    }

    private void CheckIncludeAndExclude(MappingToken matrix)
    {
        var vectors = new HashSet<string>(matrix.Pairs.Select(p => p.Key.Value).Where(k => k is not ("include" or "exclude")), StringComparer.OrdinalIgnoreCase);
        foreach (var entry in matrix.Get("include").AsList().OfType<MappingToken>().Where(e => e.Pairs.Count == 0))
        {
            diagnostics.Add(entry, "Matrix include mapping does not contain any values");
        }

        foreach (var exclude in matrix.Get("exclude").AsList().OfType<MappingToken>())
        {
            if (exclude.Pairs.Count == 0)
            {
                diagnostics.Add(exclude, "Matrix exclude filter must not be empty");
                continue;
            }

            foreach (var (key, _) in exclude.Pairs.Where(p => !vectors.Contains(p.Key.Value)))
            {
                diagnostics.Add(key, $"Matrix exclude key '{key.Value}' does not match any key within the matrix");
            }
        }
    }
}
