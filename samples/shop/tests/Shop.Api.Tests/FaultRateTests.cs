using System.Net;
using Microsoft.Extensions.Configuration;
using Shop.Api.Observability;

namespace Shop.Api.Tests;

/// <summary>The shop with <c>Shop:FaultRate</c> at 0.5: a bad version, for the deployment health gate's demo.</summary>
public sealed class HalfFaultyShop : ShopServer
{
    protected override IReadOnlyList<string> Settings => ["--Shop:FaultRate=0.5"];
}

public class FaultRateTests(HalfFaultyShop server) : IClassFixture<HalfFaultyShop>
{
    [Fact]
    public async Task Half_of_the_requests_fail_with_a_500_when_the_fault_rate_is_one_half()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await server.Client.GetAsync("/products").Within();
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.InternalServerError));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Faults_are_counted_as_500s_of_their_route()
    {
        for (var i = 0; i < 4; i++)
        {
            using var response = await server.Client.GetAsync("/products/tea-sencha").Within();
        }

        var text = await server.Client.GetStringAsync("/metrics").Within();

        Assert.Contains("shop_requests_total{method=\"GET\",route=\"/products/{id}\",code=\"500\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("shop_requests_total{method=\"GET\",route=\"/products/{id}\",code=\"200\"} 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_and_health_checks_never_fail()
    {
        for (var i = 0; i < 4; i++)
        {
            using var metrics = await server.Client.GetAsync("/metrics").Within();
            using var healthz = await server.Client.GetAsync("/healthz").Within();
            using var health = await server.Client.GetAsync("/health").Within();
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 20)]
    [InlineData(0.25, 5)]
    [InlineData(0.1, 2)]
    public void Of_n_requests_in_a_row_n_times_the_rate_fail(double rate, int failures)
    {
        var faults = new FaultRate(rate);

        Assert.Equal(failures, Enumerable.Range(0, 20).Count(_ => faults.NextFails()));
    }

    [Fact]
    public void The_fault_rate_is_zero_when_it_is_not_set()
    {
        Assert.Equal(0, FaultRate.From(Configuration(null)).Rate);
        Assert.Equal(0.3, FaultRate.From(Configuration("0.3")).Rate);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-0.1")]
    [InlineData("half")]
    [InlineData("NaN")]
    public void An_unusable_fault_rate_stops_the_start_naming_the_setting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FaultRate.From(Configuration(value)));

        Assert.Contains("Shop:FaultRate", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultRate(1.5));
    }

    [Fact]
    public void Label_values_escape_backslashes_quotes_and_line_feeds()
    {
        Assert.Equal("a\\\\b\\\"c\\nd", RequestMetrics.Escape("a\\b\"c\nd"));
    }

    private static IConfiguration Configuration(string? rate) =>
        new ConfigurationBuilder().AddInMemoryCollection(rate is null ? [] : [new KeyValuePair<string, string?>(FaultRate.Setting, rate)]).Build();
}
