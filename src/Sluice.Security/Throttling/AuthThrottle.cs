using System.Net;

namespace Sluice.Security.Throttling;

/// <summary>
/// Slows down repeated failed authentication. Failures are counted twice: per source and token (a client stuck with a
/// revoked token is refused after a few tries without locking out its neighbours behind the same NAT) and per source
/// (someone guessing with a new token each time is refused after more). Past a limit, attempts are refused for a delay
/// that doubles with each further failure, up to a cap.
/// </summary>
/// <remarks>
/// Call <see cref="Check"/> before verifying a credential and answer 429 with <c>Retry-After</c> when it refuses; call
/// <see cref="RecordFailure"/> when a presented credential turns out wrong, <see cref="RecordSuccess"/> when it is
/// right. A success forgets that token's failures but not the source's: otherwise whoever holds one valid token could
/// wipe the count between guesses at others.
/// </remarks>
public sealed class AuthThrottle
{
    /// <summary>The longest token id kept, so that a hostile client cannot make the table hold long strings.</summary>
    internal const int MaxTokenIdLength = 64;

    private readonly AuthThrottleOptions options;
    private readonly TimeProvider time;
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public AuthThrottle(AuthThrottleOptions options, TimeProvider time)
    {
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException($"Authentication throttling: {problem}", nameof(options));
        }

        this.options = options;
        this.time = time;
    }

    /// <summary>How many sources and tokens are remembered now.</summary>
    public int TrackedEntries
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>
    /// Whether an attempt from <paramref name="source"/> with the token <paramref name="tokenId"/> (its display id, or
    /// null when none could be read) may be verified now.
    /// </summary>
    public ThrottleDecision Check(IPAddress source, string? tokenId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var (sourceKey, tokenKey) = Keys(source, tokenId);
            var wait = Remaining(sourceKey, now);
            if (tokenKey is not null && Remaining(tokenKey, now) is var tokenWait && tokenWait > wait)
            {
                wait = tokenWait;
            }

            return new ThrottleDecision(wait);
        }
    }

    /// <summary>Counts a failed attempt; the answer is what the next attempt will meet, for the failure's own reply.</summary>
    public ThrottleDecision RecordFailure(IPAddress source, string? tokenId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var (sourceKey, tokenKey) = Keys(source, tokenId);
            Fail(sourceKey, options.FailuresPerSource, now);
            if (tokenKey is not null)
            {
                Fail(tokenKey, options.FailuresPerToken, now);
            }
        }

        return Check(source, tokenId);
    }

    /// <summary>Forgets the failures of the token that has just authenticated from <paramref name="source"/>.</summary>
    public void RecordSuccess(IPAddress source, string? tokenId)
    {
        lock (gate)
        {
            if (Keys(source, tokenId).TokenKey is { } tokenKey)
            {
                entries.Remove(tokenKey);
            }
        }
    }

    private static (string SourceKey, string? TokenKey) Keys(IPAddress source, string? tokenId)
    {
        var network = SourceNetwork.Of(source);
        return (network, string.IsNullOrEmpty(tokenId)
            ? null
            : $"{network} {(tokenId.Length > MaxTokenIdLength ? tokenId[..MaxTokenIdLength] : tokenId)}");
    }

    private TimeSpan Remaining(string key, DateTimeOffset now)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }

        if (entry.ForgottenAt(options.Window) <= now)
        {
            entries.Remove(key);
            return TimeSpan.Zero;
        }

        return entry.BlockedUntil > now ? entry.BlockedUntil - now : TimeSpan.Zero;
    }

    private void Fail(string key, int allowed, DateTimeOffset now)
    {
        if (!entries.TryGetValue(key, out var entry) || entry.ForgottenAt(options.Window) <= now)
        {
            if (entry is null)
            {
                MakeRoom(now);
            }

            entry = new Entry();
            entries[key] = entry;
        }

        entry.Failures++;
        entry.LastFailure = now;
        if (entry.Failures >= allowed)
        {
            entry.BlockedUntil = now + Delay(entry.Failures - allowed);
        }
    }

    /// <summary><see cref="AuthThrottleOptions.FirstDelay"/> doubled <paramref name="doublings"/> times, capped.</summary>
    private TimeSpan Delay(int doublings)
    {
        var first = options.FirstDelay.Ticks;
        var max = options.MaxDelay.Ticks;
        return doublings >= 62 || first > max >> doublings
            ? options.MaxDelay
            : TimeSpan.FromTicks(first << doublings);
    }

    /// <summary>
    /// Keeps the table under its cap: forgets what has expired, and if that is not enough, the tenth of the entries
    /// closest to expiring (at least one), so that under a flood the cost of a sort is shared by many insertions.
    /// </summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (entries.Count < options.MaxTrackedEntries)
        {
            return;
        }

        foreach (var expired in entries.Where(e => e.Value.ForgottenAt(options.Window) <= now).Select(e => e.Key).ToList())
        {
            entries.Remove(expired);
        }

        if (entries.Count < options.MaxTrackedEntries)
        {
            return;
        }

        var count = Math.Max(1, entries.Count / 10);
        foreach (var key in entries.OrderBy(e => e.Value.ForgottenAt(options.Window)).Take(count).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset BlockedUntil { get; set; }

        public DateTimeOffset ForgottenAt(TimeSpan window) => (LastFailure > BlockedUntil ? LastFailure : BlockedUntil) + window;
    }
}
