namespace Sluice.Expressions;

/// <summary>The status that drives success(), failure() and cancelled().</summary>
public enum JobStatus
{
    Success,
    Failure,
    Cancelled,
}
