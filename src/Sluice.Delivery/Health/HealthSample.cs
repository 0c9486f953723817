namespace Sluice.Delivery.Health;

/// <summary>One look at an environment's health: when it was taken, the worst of its conditions' outcomes, and each condition's.</summary>
public sealed record HealthSample(DateTimeOffset At, HealthVerdict Verdict, IReadOnlyList<HealthConditionResult> Conditions);

/// <summary>
/// How one condition came out in a sample: what was measured (each query's and probe's value it reads) and, when it
/// did not pass, why (the query had no data, Prometheus could not be reached, the probe could not connect).
/// </summary>
public sealed record HealthConditionResult(string Name, string Expression, HealthVerdict Outcome, string Measured, string? Reason);
