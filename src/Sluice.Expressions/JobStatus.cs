namespace Sluice.Expressions;

/// <summary>The status that drives success(), failure() and cancelled().</summary>
public enum JobStatus
{
    Success,
    Failure,
    Cancelled,

    /// <summary>A job some of whose needs were skipped: success(), failure() and cancelled() are all false; only always() holds.</summary>
    DependencySkipped,
}
