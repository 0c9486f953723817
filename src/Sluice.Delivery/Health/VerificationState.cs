namespace Sluice.Delivery.Health;

/// <summary>
/// Where a deployment's health window stands, in primitives the server keeps in columns: when it started, when it ends,
/// when the next sample is due, failed samples so far, and inconclusive samples in a row.
/// </summary>
public sealed record VerificationState(DateTimeOffset StartedAt, DateTimeOffset Until, DateTimeOffset NextSampleAt, int Failures, int ConsecutiveInconclusive);

/// <summary>What a sample did to a window: it goes on, it ended healthy, or the gate breached.</summary>
public abstract record VerificationStep
{
    private VerificationStep()
    {
    }

    /// <summary>The window goes on; take the next sample at <see cref="VerificationState.NextSampleAt"/>.</summary>
    public sealed record Continue(VerificationState State) : VerificationStep;

    /// <summary>The window is over without a breach: the deployment is healthy.</summary>
    public sealed record Healthy(VerificationState State) : VerificationStep;

    /// <summary>The gate breached: the deployment failed; <see cref="Reason"/> names the conditions and what was measured.</summary>
    public sealed record Breached(VerificationState State, string Reason) : VerificationStep;
}
