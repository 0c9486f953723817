namespace Sluice.Delivery.Health;

/// <summary>How a condition, or a whole sample, came out; ordered so that the worst is the greatest.</summary>
public enum HealthVerdict
{
    Passed,
    Inconclusive,
    Failed,
}
