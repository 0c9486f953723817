using System.Globalization;

namespace Shop.Api.Observability;

/// <summary>
/// The share of requests (0 to 1, from the setting <c>Shop:FaultRate</c>, or the environment variable
/// <c>Shop__FaultRate</c>) the shop answers with a 500, to play a bad version. Deterministic: of any n requests in a
/// row, the number that fail is n × rate, rounded one way or the other.
/// </summary>
public sealed class FaultRate
{
    public const string Setting = "Shop:FaultRate";

    private long _requests;

    public FaultRate(double rate)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{Setting} is a share of requests from 0 to 1.");
        }

        Rate = rate;
    }

    public double Rate { get; }

    /// <summary>Reads <c>Shop:FaultRate</c> (0 when absent); an unusable value stops the start with a message naming the setting.</summary>
    public static FaultRate From(IConfiguration configuration)
    {
        var text = configuration[Setting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FaultRate(0);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new InvalidOperationException($"{Setting} is '{text}'; set it to a share of requests from 0 to 1 (0.5 makes half of them fail), or remove it.");
        }

        return new FaultRate(rate);
    }

    /// <summary>Whether the next request fails: the n-th does when ⌊n × rate⌋ grows.</summary>
    public bool NextFails()
    {
        if (Rate == 0)
        {
            return false;
        }

        var n = Interlocked.Increment(ref _requests);
        return Math.Floor(n * Rate) > Math.Floor((n - 1) * Rate);
    }
}
