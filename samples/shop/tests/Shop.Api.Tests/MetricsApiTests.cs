using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Shop.Api.Tests;

public partial class MetricsApiTests(ShopServer server) : IClassFixture<ShopServer>
{
    [Fact]
    public async Task Metrics_are_in_the_prometheus_text_format()
    {
        using var response = await server.Client.GetAsync("/metrics").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync().Within();
        Assert.Contains("# TYPE shop_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE shop_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_answered_request_is_counted_by_method_route_and_code()
    {
        var before = await ScrapeAsync();
        using (await server.Client.GetAsync("/products").Within())
        using (await server.Client.GetAsync("/products").Within())
        using (await server.Client.GetAsync("/products/tea-sencha").Within())
        using (await server.Client.GetAsync("/products/no-such-thing").Within())
        {
        }

        var after = await ScrapeAsync();

        Assert.Equal(2, Counter(after, "GET", "/products/", "200") - Counter(before, "GET", "/products/", "200"));
        Assert.Equal(1, Counter(after, "GET", "/products/{id}", "200") - Counter(before, "GET", "/products/{id}", "200"));
        Assert.Equal(1, Counter(after, "GET", "/products/{id}", "404") - Counter(before, "GET", "/products/{id}", "404"));
    }

    [Fact]
    public async Task Durations_are_a_histogram_whose_last_bucket_counts_every_request()
    {
        using (await server.Client.GetAsync("/products").Within())
        {
        }

        var text = await ScrapeAsync();
        var labels = "method=\"GET\",route=\"/products/\"";
        var buckets = Regex.Matches(text, $@"^shop_request_duration_seconds_bucket\{{{Regex.Escape(labels)},le=""([^""]+)""\}} (\d+)$", RegexOptions.Multiline)
            .Select(m => (Le: m.Groups[1].Value, Count: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        var count = Value(text, $"shop_request_duration_seconds_count{{{labels}}}");

        Assert.Equal("+Inf", buckets[^1].Le);
        Assert.Equal(count, buckets[^1].Count);
        Assert.True(count >= 1);
        Assert.Equal(buckets.Select(b => b.Count).Order(), buckets.Select(b => b.Count));
        Assert.True(Value(text, $"shop_request_duration_seconds_sum{{{labels}}}") > 0);
    }

    [Fact]
    public async Task Neither_metrics_nor_health_checks_are_counted()
    {
        using (await server.Client.GetAsync("/health").Within())
        using (await server.Client.GetAsync("/healthz").Within())
        {
        }

        var text = await ScrapeAsync();

        Assert.DoesNotContain("route=\"/metrics\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("health", text.Replace("# HELP", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_healthz_endpoint_says_healthy()
    {
        using var response = await server.Client.GetAsync("/healthz").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync().Within());
    }

    private async Task<string> ScrapeAsync() => await server.Client.GetStringAsync("/metrics").Within();

    private static long Counter(string text, string method, string route, string code) =>
        (long)Value(text, $"shop_requests_total{{method=\"{method}\",route=\"{route}\",code=\"{code}\"}}");

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
