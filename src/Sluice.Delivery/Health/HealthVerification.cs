using System.Globalization;

namespace Sluice.Delivery.Health;

/// <summary>
/// The health window as a pure function of its recorded state: start it when the deploy job succeeds, apply each sample
/// as it is taken. A breach is one failed sample more than the failure limit, or one inconclusive sample in a row more
/// than the inconclusive limit; otherwise the first sample taken at or after the window's end decides that it is healthy.
/// </summary>
public static class HealthVerification
{
    /// <summary>
    /// The window from <paramref name="now"/> (after the initial delay, when there is one); the first sample is due one
    /// interval into it, so that the new version has served some requests.
    /// </summary>
    public static VerificationState Start(EnvironmentHealth health, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(health);
        var start = now + health.InitialDelay;
        var until = start + health.Window;
        return new VerificationState(now, until, Min(start + health.Interval, until), 0, 0);
    }

    public static VerificationStep Apply(VerificationState state, EnvironmentHealth health, HealthSample sample)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(sample);
        var failures = state.Failures + (sample.Verdict == HealthVerdict.Failed ? 1 : 0);
        var inconclusive = sample.Verdict == HealthVerdict.Inconclusive ? state.ConsecutiveInconclusive + 1 : 0;
        var next = state.NextSampleAt + health.Interval;
        if (next <= sample.At)
        {
            next = sample.At + health.Interval;
        }

        var after = state with { NextSampleAt = Min(next, state.Until), Failures = failures, ConsecutiveInconclusive = inconclusive };
        if (failures > health.FailureLimit)
        {
            return new VerificationStep.Breached(after, BreachReason(sample, HealthVerdict.Failed,
                $"{Samples(failures)} failed, more than the {health.FailureLimit} tolerated"));
        }

        if (inconclusive > health.InconclusiveLimit)
        {
            return new VerificationStep.Breached(after, BreachReason(sample, HealthVerdict.Inconclusive,
                $"{Samples(inconclusive)} in a row inconclusive, more than the {health.InconclusiveLimit} tolerated"));
        }

        return sample.At >= state.Until ? new VerificationStep.Healthy(after) : new VerificationStep.Continue(after);
    }

    private static string BreachReason(HealthSample sample, HealthVerdict outcome, string count)
    {
        var conditions = sample.Conditions
            .Where(c => c.Outcome == outcome)
            .Select(c => $"'{c.Name}' ({c.Expression}) {(outcome == HealthVerdict.Failed ? "failed" : "was inconclusive")}"
                + (c.Measured.Length > 0 ? $" with {c.Measured}" : "")
                + (c.Reason is null ? "" : $": {c.Reason}"));
        var at = sample.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"{count}; at {at} UTC {string.Join("; ", conditions)}";
    }

    private static string Samples(int count) => count == 1 ? "1 sample" : $"{count} samples";

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
