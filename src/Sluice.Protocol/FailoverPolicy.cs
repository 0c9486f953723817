namespace Sluice.Protocol;

/// <summary>
/// How long a request keeps trying the server URLs before it fails: <see cref="Rounds"/> passes over the list, the
/// next URL tried at once within a pass, and a backoff between passes that doubles from <see cref="FirstBackoff"/> up
/// to <see cref="MaxBackoff"/>.
/// </summary>
public sealed record FailoverPolicy(int Rounds, TimeSpan FirstBackoff, TimeSpan MaxBackoff)
{
    /// <summary>Three passes, 250 ms then 500 ms apart: a replica restarting, or a load balancer noticing, has a moment to do so.</summary>
    public static FailoverPolicy Default { get; } = new(3, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));

    /// <summary>The wait before the retry that follows the failure of attempt <paramref name="attempt"/> (from 0), with <paramref name="urls"/> URLs in the list.</summary>
    public TimeSpan DelayAfter(int attempt, int urls)
    {
        var tried = attempt + 1;
        if (tried % urls != 0)
        {
            return TimeSpan.Zero;
        }

        var round = tried / urls;
        var backoff = FirstBackoff * Math.Pow(2, Math.Min(round - 1, 16));
        return backoff < MaxBackoff ? backoff : MaxBackoff;
    }
}
