namespace Sluice.Security.Throttling;

/// <summary>Whether an authentication attempt may go ahead, and if not, how long until it may.</summary>
public readonly record struct ThrottleDecision(TimeSpan RetryAfter)
{
    public bool Allowed => RetryAfter <= TimeSpan.Zero;

    /// <summary>The wait in whole seconds, rounded up, for a <c>Retry-After</c> header.</summary>
    public int RetryAfterSeconds => (int)Math.Ceiling(RetryAfter.TotalSeconds);
}
