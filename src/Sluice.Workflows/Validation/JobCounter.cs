namespace Sluice.Workflows.Validation;

/// <summary>Counts the jobs of a workflow and of every workflow it calls against GitHub's limit; zero means no limit.</summary>
internal sealed class JobCounter(int limit)
{
    private int _count;

    /// <summary>Counts one job; the error is reported once, for the first job over the limit.</summary>
    public void Add(DiagnosticBag diagnostics)
    {
        _count++;
        if (limit > 0 && _count == limit + 1)
        {
            diagnostics.AddFileLevel($"The workflow may not contain more than {limit} jobs");
        }
    }
}
