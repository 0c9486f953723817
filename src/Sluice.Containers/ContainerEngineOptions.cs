namespace Sluice.Containers;

/// <summary>Time limits of a <see cref="ContainerEngine"/>; the defaults suit a local engine.</summary>
public sealed record ContainerEngineOptions
{
    /// <summary>How long connecting to the engine may take before the engine counts as not answering.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an ordinary call (inspect, create, start, remove, ...) may take in all. Streams (exec output, a
    /// pull's progress) are bounded only until their headers arrive; after that see <see cref="PullIdleTimeout"/>.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A pull that reports no progress for this long fails (a registry that does not answer, a stuck proxy).</summary>
    public TimeSpan PullIdleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>After SIGTERM, how long a cancelled exec gets to end before SIGKILL; <see cref="ExecSpec.StopGracePeriod"/> overrides it.</summary>
    public TimeSpan ExecStopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for grace periods and health polling (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws naming the option to fix.</summary>
    public void Validate()
    {
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(RequestTimeout, nameof(RequestTimeout));
        Positive(PullIdleTimeout, nameof(PullIdleTimeout));
        if (ExecStopGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ExecStopGracePeriod), ExecStopGracePeriod, "ExecStopGracePeriod must not be negative.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be above zero.");
        }
    }
}
