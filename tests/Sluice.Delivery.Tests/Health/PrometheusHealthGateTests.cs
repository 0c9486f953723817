using System.Globalization;
using Sluice.Delivery.Health;

namespace Sluice.Delivery.Tests.Health;

/// <summary>
/// The health gate against a real Prometheus scraping the real shop every second: a healthy version passes, a version
/// that fails half of its requests fails the error-rate condition, and a killed one fails its probe while the queries
/// lose their data. Each waits by polling (bounded) for Prometheus to have scraped enough.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PrometheusHealthGateTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private const string RequestRate = "sum(rate(shop_requests_total[10s]))";

    private readonly CancellationTokenSource _test = new(TimeSpan.FromMinutes(8));
    private readonly CancellationTokenSource _load = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<IAsyncDisposable> _processes = [];
    private readonly List<Task> _loads = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _load.CancelAsync();
        await Task.WhenAll(_loads).WaitAsync(Within);
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync().AsTask().WaitAsync(Within);
        }

        _http.Dispose();
        _load.Dispose();
        _test.Dispose();
    }

    [Fact]
    public async Task A_healthy_shop_passes_every_condition()
    {
        var (shop, prometheus) = await StartAsync(faultRate: 0);
        var health = Health(prometheus, shop);

        var sample = await SampleUntilAsync(health, s => s.Verdict != HealthVerdict.Inconclusive, prometheus);

        Assert.True(sample.Verdict == HealthVerdict.Passed, Describe(sample));
        Assert.Equal("queries.error_rate = 0", sample.Conditions[0].Measured);
        Assert.Matches(@"^probes\.home: 200 in [0-9.]+ s$", sample.Conditions[2].Measured);
    }

    [Fact]
    public async Task A_shop_failing_half_its_requests_fails_the_error_rate_condition_and_breaches_the_gate()
    {
        var (shop, prometheus) = await StartAsync(faultRate: 0.5);
        var health = Health(prometheus, shop);

        var sample = await SampleUntilAsync(health, s => s.Conditions[0].Outcome != HealthVerdict.Inconclusive, prometheus);

        var errorRate = sample.Conditions[0];
        Assert.True(errorRate.Outcome == HealthVerdict.Failed, Describe(sample));
        var measured = double.Parse(errorRate.Measured["queries.error_rate = ".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(measured, 0.3, 0.7);
        Assert.Equal(HealthVerdict.Passed, sample.Conditions[2].Outcome);
        Assert.Equal(HealthVerdict.Failed, sample.Verdict);

        var step = HealthVerification.Apply(HealthVerification.Start(health, sample.At - health.Interval), health, sample);
        Assert.Contains("'error rate under 5%'", Assert.IsType<VerificationStep.Breached>(step).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_shop_fails_its_probe_and_its_queries_become_inconclusive()
    {
        var (shop, prometheus) = await StartAsync(faultRate: 0);
        var health = Health(prometheus, shop);
        await SampleUntilAsync(health, s => s.Verdict == HealthVerdict.Passed, prometheus);

        await shop.DisposeAsync().AsTask().WaitAsync(Within);
        var sample = await SampleUntilAsync(health, s => s.Conditions[0].Outcome == HealthVerdict.Inconclusive, prometheus);

        Assert.Equal(HealthVerdict.Failed, sample.Verdict);
        var probe = sample.Conditions[2];
        Assert.True(probe.Outcome == HealthVerdict.Failed, Describe(sample));
        Assert.StartsWith("probes.home: no answer after", probe.Measured, StringComparison.Ordinal);
        Assert.Contains("could not be reached", probe.Reason, StringComparison.Ordinal);
        Assert.Contains("no data", sample.Conditions[0].Reason, StringComparison.Ordinal);
    }

    private async Task<(ShopProcess Shop, PrometheusProcess Prometheus)> StartAsync(double faultRate)
    {
        var shop = await ShopProcess.StartAsync(faultRate, _test.Token);
        _processes.Add(shop);
        _loads.Add(shop.DriveLoadAsync(_load.Token));
        var prometheus = await PrometheusProcess.StartAsync([shop.Target], _test.Token);
        _processes.Add(prometheus);
        await prometheus.WaitForValueAsync(RequestRate, Within, rate => rate > 0, _test.Token);
        return (shop, prometheus);
    }

    private static EnvironmentHealth Health(PrometheusProcess prometheus, ShopProcess shop)
    {
        var read = EnvironmentsFileReader.Read(".sluice/environments.yml", $$"""
            environments:
              production:
                prometheus: {{prometheus.Url}}
                window: 1m
                interval: 10s
                queries:
                  error_rate: (sum(rate(shop_requests_total{code=~"5.."}[10s])) or vector(0)) / sum(rate(shop_requests_total[10s]))
                  p95: histogram_quantile(0.95, sum by (le) (rate(shop_request_duration_seconds_bucket[10s])))
                probes:
                  home: { url: {{shop.Url}}healthz, status: 200, timeout: 10s }
                conditions:
                  - error rate under 5%: queries.error_rate < 0.05
                  - p95 under a second: queries.p95 < 1
                  - home answers: probes.home.ok
            """);
        Assert.Empty(read.Errors);
        return read.File!.Find("production")!;
    }

    /// <summary>Samples until <paramref name="done"/>, polling within a bounded time: Prometheus needs a few scrapes before rates have values.</summary>
    private async Task<HealthSample> SampleUntilAsync(EnvironmentHealth health, Func<HealthSample, bool> done, PrometheusProcess prometheus)
    {
        var sampler = new HealthSampler(_http, TimeProvider.System);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_test.Token);
        deadline.CancelAfter(Within);
        HealthSample? last = null;
        try
        {
            while (true)
            {
                last = await sampler.SampleAsync(health, deadline.Token);
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!_test.IsCancellationRequested)
        {
            throw new TimeoutException($"no awaited sample within {Within.TotalSeconds} s; the last: {(last is null ? "none" : Describe(last))}\nPrometheus said:\n{prometheus.Log}");
        }
    }

    private static string Describe(HealthSample sample) =>
        $"{sample.Verdict}: " + string.Join("; ", sample.Conditions.Select(c => $"{c.Name} {c.Outcome} ({c.Measured}){(c.Reason is null ? "" : $": {c.Reason}")}"));
}
