using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Shop.Api.Observability;

/// <summary>
/// The shop's request metrics, written in Prometheus's text exposition format (version 0.0.4):
/// <c>shop_requests_total{method,route,code}</c>, a counter of answered requests, and
/// <c>shop_request_duration_seconds{method,route}</c>, a histogram of how long they took.
/// </summary>
public sealed class RequestMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Upper bounds of the duration buckets, in seconds; the last bucket, <c>+Inf</c>, counts every request.</summary>
    public static readonly IReadOnlyList<double> Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Method, string Route, int Code), StrongBox<long>> _requests = new();
    private readonly ConcurrentDictionary<(string Method, string Route), Histogram> _durations = new();

    public void Record(string method, string route, int code, TimeSpan duration)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((method, route, code), _ => new StrongBox<long>()).Value);
        _durations.GetOrAdd((method, route), _ => new Histogram()).Observe(duration.TotalSeconds);
    }

    public string Write()
    {
        var text = new StringBuilder();
        text.Append("# HELP shop_requests_total Requests the shop answered, by method, route and status code.\n");
        text.Append("# TYPE shop_requests_total counter\n");
        foreach (var ((method, route, code), count) in _requests.OrderBy(r => r.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"shop_requests_total{{method=\"{Escape(method)}\",route=\"{Escape(route)}\",code=\"{code}\"}} {Interlocked.Read(ref count.Value)}\n");
        }

        text.Append("# HELP shop_request_duration_seconds How long the shop took to answer requests, by method and route.\n");
        text.Append("# TYPE shop_request_duration_seconds histogram\n");
        foreach (var ((method, route), histogram) in _durations.OrderBy(d => d.Key))
        {
            histogram.Write(text, $"method=\"{Escape(method)}\",route=\"{Escape(route)}\"");
        }

        return text.ToString();
    }

    /// <summary>Label values escape the backslash, the double quote and the line feed.</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Count + 1];
        private readonly Lock _lock = new();
        private double _sum;

        public void Observe(double seconds)
        {
            var bucket = 0;
            while (bucket < Buckets.Count && seconds > Buckets[bucket])
            {
                bucket++;
            }

            lock (_lock)
            {
                _counts[bucket]++;
                _sum += seconds;
            }
        }

        public void Write(StringBuilder text, string labels)
        {
            long[] counts;
            double sum;
            lock (_lock)
            {
                counts = [.. _counts];
                sum = _sum;
            }

            long cumulative = 0;
            for (var i = 0; i < Buckets.Count; i++)
            {
                cumulative += counts[i];
                text.Append(CultureInfo.InvariantCulture, $"shop_request_duration_seconds_bucket{{{labels},le=\"{Number(Buckets[i])}\"}} {cumulative}\n");
            }

            cumulative += counts[^1];
            text.Append(CultureInfo.InvariantCulture, $"shop_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {cumulative}\n");
            text.Append(CultureInfo.InvariantCulture, $"shop_request_duration_seconds_sum{{{labels}}} {Number(sum)}\n");
            text.Append(CultureInfo.InvariantCulture, $"shop_request_duration_seconds_count{{{labels}}} {cumulative}\n");
        }
    }
}
