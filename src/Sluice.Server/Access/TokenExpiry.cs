namespace Sluice.Server.Access;

/// <summary>When a new token stops opening anything: a number of seconds after it is created, by the server's clock; never when none is given.</summary>
public static class TokenExpiry
{
    /// <summary>Ten years, the longest a token can be given.</summary>
    public const long MaxSeconds = 3650L * 86400;

    public static DateTimeOffset? At(DateTimeOffset now, long? seconds) =>
        seconds is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(now.AddSeconds(s).ToUnixTimeMilliseconds()) : null;
}
