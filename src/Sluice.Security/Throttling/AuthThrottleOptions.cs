namespace Sluice.Security.Throttling;

/// <summary>How <see cref="AuthThrottle"/> slows down failed authentication.</summary>
public sealed record AuthThrottleOptions
{
    /// <summary>Failures with one token from one source before that token is refused there for a while.</summary>
    public int FailuresPerToken { get; init; } = 5;

    /// <summary>Failures from one source, with any tokens, before the source is refused for a while.</summary>
    public int FailuresPerSource { get; init; } = 20;

    /// <summary>A quiet time after the last failure (or the end of a refusal) after which failures are forgotten.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The first refusal's length; each further failure doubles it.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a refusal lasts, however many failures came before it.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many sources and tokens are remembered at most, so that an attacker with many addresses cannot exhaust the
    /// server's memory; past it, the entries closest to being forgotten anyway go first.
    /// </summary>
    public int MaxTrackedEntries { get; init; } = 10_000;

    /// <summary>What is wrong with these options, naming the option; null when they are right.</summary>
    public string? Problem() =>
        FailuresPerToken < 1 ? $"{nameof(FailuresPerToken)} must be at least 1, not {FailuresPerToken}."
        : FailuresPerSource < 1 ? $"{nameof(FailuresPerSource)} must be at least 1, not {FailuresPerSource}."
        : Window <= TimeSpan.Zero ? $"{nameof(Window)} must be positive, not {Window}."
        : FirstDelay <= TimeSpan.Zero ? $"{nameof(FirstDelay)} must be positive, not {FirstDelay}."
        : MaxDelay < FirstDelay ? $"{nameof(MaxDelay)} ({MaxDelay}) must be at least {nameof(FirstDelay)} ({FirstDelay})."
        : MaxTrackedEntries < 2 ? $"{nameof(MaxTrackedEntries)} must be at least 2, not {MaxTrackedEntries}."
        : null;
}
