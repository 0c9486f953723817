using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sluice.Delivery.Health;

namespace Sluice.Delivery.Tests.Health;

public class HealthSamplerTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static EnvironmentHealth Health(params (string Name, string Expression)[] conditions) => new(
        "production",
        new Uri("http://prometheus.test:9090/"),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromSeconds(15),
        0,
        2,
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["error_rate"] = "sum(rate(x{code=~\"5..\"}[1m])) / sum(rate(x[1m]))", ["p95"] = "histogram_quantile(0.95, y)" },
        new Dictionary<string, HttpProbe>(StringComparer.OrdinalIgnoreCase) { ["home"] = new(new Uri("http://shop.test/healthz"), 200, TimeSpan.FromSeconds(2)) },
        [.. conditions.Select((c, i) => new HealthCondition(c.Name, c.Expression, i + 1))],
        null);

    private static readonly (string, string)[] Standard =
    [
        ("error rate under 5%", "queries.error_rate < 0.05"),
        ("p95 under 300 ms", "queries.p95 < 0.3"),
        ("home answers", "probes.home.ok"),
    ];

    private static StubHttp Answering(string errorRate, string p95, HttpStatusCode home = HttpStatusCode.OK) => new((request, _) =>
        Task.FromResult(request.RequestUri!.Host switch
        {
            "shop.test" => new HttpResponseMessage(home),
            _ when request.RequestUri.Query.Contains("histogram_quantile", StringComparison.Ordinal) => StubHttp.Json(p95),
            _ => StubHttp.Json(errorRate),
        }));

    private static async Task<HealthSample> SampleAsync(StubHttp stub, EnvironmentHealth health, TimeProvider? time = null)
    {
        using var http = new HttpClient(stub);
        return await new HealthSampler(http, time ?? new FakeTimeProvider(Now)).SampleAsync(health, CancellationToken.None).WaitAsync(Within);
    }

    [Fact]
    public async Task A_healthy_service_passes_every_condition_with_what_was_measured()
    {
        var sample = await SampleAsync(Answering(StubHttp.Vector("0.0123456789"), StubHttp.Scalar("0.2")), Health(Standard));

        Assert.Equal(Now, sample.At);
        Assert.Equal(HealthVerdict.Passed, sample.Verdict);
        Assert.Equal(
            [
                new("error rate under 5%", "queries.error_rate < 0.05", HealthVerdict.Passed, "queries.error_rate = 0.0123457", null),
                new("p95 under 300 ms", "queries.p95 < 0.3", HealthVerdict.Passed, "queries.p95 = 0.2", null),
                new HealthConditionResult("home answers", "probes.home.ok", HealthVerdict.Passed, "probes.home: 200 in 0 s", null),
            ],
            sample.Conditions);
    }

    [Fact]
    public async Task A_climbing_error_rate_fails_its_condition_and_the_sample()
    {
        var sample = await SampleAsync(Answering(StubHttp.Vector("0.31"), StubHttp.Scalar("0.2")), Health(Standard));

        Assert.Equal(HealthVerdict.Failed, sample.Verdict);
        Assert.Equal(HealthVerdict.Failed, sample.Conditions[0].Outcome);
        Assert.Equal("queries.error_rate = 0.31", sample.Conditions[0].Measured);
        Assert.Equal([HealthVerdict.Passed, HealthVerdict.Passed], sample.Conditions.Skip(1).Select(c => c.Outcome));
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""", "no data: the query gave no series")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}""", "no data: the query's value is NaN")]
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1,"NaN"]}}""", "NaN")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"0.1"]},{"metric":{"a":"2"},"value":[1,"0.2"]}]}}""", "the query gave 2 series; aggregate it to one series")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "the query gives a range vector")]
    [InlineData("""{"status":"success","data":{"resultType":"string","result":[1,"hello"]}}""", "the query gives a string, not a number")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"many"]}]}}""", "Prometheus's value 'many' is not a number")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}""", "is not a [time, \"number\"] pair")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{}]}]}}""", "has no single value")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":{}}}""", "vector is not a list")]
    [InlineData("""{"status":"success"}""", "no data.result")]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}""", "Prometheus answered 200 with an error (bad_data): 1:5: parse error: unexpected end of input")]
    [InlineData("""{"status":"error"}""", "with an error: no error text")]
    [InlineData("""["success"]""", "JSON that is not an API answer")]
    [InlineData("<html>Bad gateway</html>", "without the API's JSON; is it the URL of a Prometheus server?")]
    public async Task A_query_without_one_number_makes_its_conditions_inconclusive_with_the_reason(string answer, string reason)
    {
        var sample = await SampleAsync(Answering(answer, StubHttp.Scalar("0.2")), Health(Standard));

        Assert.Equal(HealthVerdict.Inconclusive, sample.Verdict);
        var errorRate = sample.Conditions[0];
        Assert.Equal(HealthVerdict.Inconclusive, errorRate.Outcome);
        Assert.Equal("queries.error_rate: no value", errorRate.Measured);
        Assert.StartsWith("queries.error_rate: ", errorRate.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, errorRate.Reason, StringComparison.Ordinal);
        Assert.Equal(HealthVerdict.Passed, sample.Conditions[1].Outcome);
    }

    [Fact]
    public async Task Prometheus_errors_with_their_status_are_inconclusive()
    {
        var answer = new StubHttp((request, ct) => request.RequestUri!.Query.Contains("histogram", StringComparison.Ordinal)
            ? Task.FromResult(StubHttp.Json(StubHttp.Scalar("0.1")))
            : Task.FromResult(StubHttp.Json("""{"status":"error","errorType":"timeout","error":"query timed out"}""", HttpStatusCode.ServiceUnavailable)));

        var sample = await SampleAsync(answer, Health(Standard[0]));

        Assert.Equal("queries.error_rate: Prometheus answered 503 with an error (timeout): query timed out", sample.Conditions[0].Reason);
    }

    [Fact]
    public async Task Infinity_is_a_number_that_fails_an_upper_bound()
    {
        var sample = await SampleAsync(Answering(StubHttp.Vector("0"), StubHttp.Vector("+Inf")), Health(Standard));

        Assert.Equal(HealthVerdict.Failed, sample.Conditions[1].Outcome);
        Assert.Equal("queries.p95 = +Inf", sample.Conditions[1].Measured);
    }

    [Fact]
    public async Task An_unreachable_prometheus_makes_the_queries_inconclusive_and_the_probes_still_count()
    {
        var stub = new StubHttp((request, _) => request.RequestUri!.Host == "shop.test"
            ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK))
            : throw new HttpRequestException("Connection refused (prometheus.test:9090)"));

        var sample = await SampleAsync(stub, Health(Standard));

        Assert.Equal(HealthVerdict.Inconclusive, sample.Verdict);
        Assert.Equal(
            "queries.error_rate: Prometheus at http://prometheus.test:9090/ could not be reached: Connection refused (prometheus.test:9090)",
            sample.Conditions[0].Reason);
        Assert.Equal(HealthVerdict.Passed, sample.Conditions[2].Outcome);
    }

    [Fact]
    public async Task A_probe_that_cannot_connect_has_status_0_and_fails_the_conditions_that_need_it_ok()
    {
        var stub = new StubHttp((request, _) => request.RequestUri!.Host == "shop.test"
            ? throw new HttpRequestException("Connection refused (shop.test:80)")
            : Task.FromResult(StubHttp.Json(StubHttp.Vector("0"))));

        var sample = await SampleAsync(stub, Health(("home answers", "probes.home.ok"), ("home is down", "probes.home.status == 0"), ("errors", "queries.error_rate < 0.05")));

        Assert.Equal(HealthVerdict.Failed, sample.Verdict);
        Assert.Equal(HealthVerdict.Failed, sample.Conditions[0].Outcome);
        Assert.Equal("probes.home: no answer after 0 s", sample.Conditions[0].Measured);
        Assert.Equal("http://shop.test/healthz could not be reached: Connection refused (shop.test:80)", sample.Conditions[0].Reason);
        Assert.Equal(HealthVerdict.Passed, sample.Conditions[1].Outcome);
        Assert.Equal(HealthVerdict.Passed, sample.Conditions[2].Outcome);
    }

    [Fact]
    public async Task A_probe_answering_another_status_is_not_ok()
    {
        var sample = await SampleAsync(Answering(StubHttp.Vector("0"), StubHttp.Vector("0.1"), HttpStatusCode.ServiceUnavailable), Health(("home", "probes.home.ok"), ("status", "probes['home'].status == 503")));

        Assert.Equal(HealthVerdict.Failed, sample.Conditions[0].Outcome);
        Assert.Equal("probes.home: 503 in 0 s", sample.Conditions[0].Measured);
        Assert.Equal("http://shop.test/healthz answered 503, not 200.", sample.Conditions[0].Reason);
        Assert.Equal(HealthVerdict.Passed, sample.Conditions[1].Outcome);
    }

    [Fact]
    public async Task A_query_or_probe_that_hangs_is_cut_off_at_its_timeout_on_the_injected_clock()
    {
        var time = new FakeTimeProvider(Now);
        var pending = 0;
        var stub = new StubHttp(async (_, ct) =>
        {
            Interlocked.Increment(ref pending);
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var http = new HttpClient(stub);

        var sampling = new HealthSampler(http, time).SampleAsync(Health(("errors", "queries.error_rate < 0.05"), ("home", "probes.home.ok")), CancellationToken.None);
        while (Volatile.Read(ref pending) < 3)
        {
            await Task.Yield();
        }

        time.Advance(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(8));
        var sample = await sampling.WaitAsync(Within);

        Assert.Equal("queries.error_rate: Prometheus at http://prometheus.test:9090/ did not answer within 10s.", sample.Conditions[0].Reason);
        Assert.Equal("http://shop.test/healthz did not answer within 2s.", sample.Conditions[1].Reason);
        Assert.Equal("probes.home: no answer after 2 s", sample.Conditions[1].Measured);
    }

    [Fact]
    public async Task Cancelling_the_sample_is_not_mistaken_for_a_sick_target()
    {
        var stub = new StubHttp(async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var http = new HttpClient(stub);
        using var cancel = new CancellationTokenSource();

        var sampling = new HealthSampler(http, new FakeTimeProvider(Now)).SampleAsync(Health(Standard), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sampling.WaitAsync(Within));
    }

    [Fact]
    public async Task Queries_go_to_the_api_under_the_prometheus_url_with_a_timeout()
    {
        var stub = Answering(StubHttp.Vector("0"), StubHttp.Vector("0"));
        var health = Health(Standard[0]) with { Prometheus = new Uri("https://metrics.test/prometheus") };

        await SampleAsync(stub, health);

        var query = stub.Requests.First(r => r.Host == "metrics.test" && !r.Query.Contains("histogram", StringComparison.Ordinal));
        Assert.Equal("/prometheus/api/v1/query", query.AbsolutePath);
        Assert.Equal("?query=" + health.Queries["error_rate"] + "&timeout=10s", Uri.UnescapeDataString(query.Query));
    }

    [Fact]
    public async Task An_answer_larger_than_a_mebibyte_is_not_read_to_its_end()
    {
        var huge = "[" + string.Join(",", Enumerable.Repeat("1", 600_000)) + "]";

        var sample = await SampleAsync(new StubHttp((_, _) => Task.FromResult(StubHttp.Json(huge))), Health(Standard[0]));

        Assert.Contains("with more than 1048576 bytes", sample.Conditions[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_broken_off_midway_is_inconclusive()
    {
        var stub = new StubHttp((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BrokenStream()) }));

        var sample = await SampleAsync(stub, Health(Standard[0]));

        Assert.Equal("queries.error_rate: Prometheus at http://prometheus.test:9090/ broke off its answer: connection reset", sample.Conditions[0].Reason);
    }

    [Fact]
    public async Task An_expression_that_cannot_be_evaluated_fails_with_the_reason()
    {
        var sample = await SampleAsync(Answering(StubHttp.Vector("0"), StubHttp.Vector("0")), Health(("bad", "fromJSON('{') && queries.error_rate < 1")));

        Assert.Equal(HealthVerdict.Failed, sample.Verdict);
        Assert.NotNull(sample.Conditions[0].Reason);
    }

    [Fact]
    public async Task Without_a_prometheus_the_queries_are_inconclusive()
    {
        var sample = await SampleAsync(Answering("", ""), Health(Standard[0]) with { Prometheus = null });

        Assert.Equal("queries.error_rate: the environment names no 'prometheus' to ask.", sample.Conditions[0].Reason);
    }

    [Fact]
    public void The_verdict_is_the_worst_outcome()
    {
        var health = Health(("a", "queries.error_rate < 1"), ("b", "queries.p95 < 1"), ("c", "probes.home.ok"));
        var probes = new Dictionary<string, ProbeOutcome> { ["home"] = new(200, true, 0.01, null) };

        HealthVerdict Verdict(double? errorRate, double? p95, bool ok) => HealthSampler.Judge(
            health,
            Now,
            new Dictionary<string, QueryOutcome>(StringComparer.OrdinalIgnoreCase)
            {
                ["error_rate"] = errorRate is { } e ? QueryOutcome.Of(e) : QueryOutcome.None("no data"),
                ["p95"] = p95 is { } p ? QueryOutcome.Of(p) : QueryOutcome.None("no data"),
            },
            new Dictionary<string, ProbeOutcome> { ["home"] = new(ok ? 200 : 0, ok, 0.01, null) }).Verdict;

        Assert.Equal(HealthVerdict.Passed, Verdict(0, 0, true));
        Assert.Equal(HealthVerdict.Inconclusive, Verdict(null, 0, true));
        Assert.Equal(HealthVerdict.Failed, Verdict(null, 0, false));
        Assert.Equal(HealthVerdict.Failed, Verdict(5, null, true));
        Assert.True(HealthVerdict.Passed < HealthVerdict.Inconclusive && HealthVerdict.Inconclusive < HealthVerdict.Failed);
        Assert.Equal(HealthVerdict.Inconclusive, HealthSampler.Judge(health with { Conditions = [] }, Now, new Dictionary<string, QueryOutcome>(), probes).Verdict);
    }

    private sealed class BrokenStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset"));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("connection reset"));
    }
}
