using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Sluice.Delivery.Health;

/// <summary>What one PromQL query gave: its number, or why there is none (no data, several series, Prometheus unreachable or in error).</summary>
internal sealed record QueryOutcome(double? Value, string? Reason)
{
    public static QueryOutcome Of(double value) => new(value, null);

    public static QueryOutcome None(string reason) => new(null, reason);
}

/// <summary>
/// An instant query through Prometheus's HTTP API, <c>GET /api/v1/query?query=...</c>, whose answer is
/// <c>{"status": "success", "data": {"resultType": "vector", "result": [{"metric": {...}, "value": [time, "0.01"]}]}}</c>
/// (a scalar's <c>result</c> is the <c>[time, "value"]</c> pair; values are strings, among them "NaN", "+Inf", "-Inf"), or
/// <c>{"status": "error", "errorType": "...", "error": "..."}</c>. Never throws for a sick Prometheus: every failure is a reason.
/// </summary>
internal static class PrometheusQuery
{
    private const int MaxAnswerBytes = 1024 * 1024;

    public static async Task<QueryOutcome> RunAsync(HttpClient http, Uri prometheus, string query, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        var url = new Uri(WithTrailingSlash(prometheus), $"api/v1/query?query={Uri.EscapeDataString(query)}&timeout={(int)Math.Max(1, timeout.TotalSeconds)}s");
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadBoundedAsync(response.Content, linked.Token).ConfigureAwait(false);
            return body is null
                ? QueryOutcome.None($"Prometheus at {prometheus} answered {(int)response.StatusCode} with more than {MaxAnswerBytes} bytes; the query should give one number.")
                : Interpret(prometheus, response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return QueryOutcome.None($"Prometheus at {prometheus} did not answer within {HealthDuration.Format(timeout)}.");
        }
        catch (HttpRequestException ex)
        {
            return QueryOutcome.None($"Prometheus at {prometheus} could not be reached: {ex.Message}");
        }
        catch (IOException ex)
        {
            return QueryOutcome.None($"Prometheus at {prometheus} broke off its answer: {ex.Message}");
        }
    }

    internal static QueryOutcome Interpret(Uri prometheus, HttpStatusCode status, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return QueryOutcome.None($"Prometheus at {prometheus} answered {(int)status} {status} without the API's JSON; is it the URL of a Prometheus server?");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var state) || state.ValueKind != JsonValueKind.String)
            {
                return QueryOutcome.None($"Prometheus at {prometheus} answered {(int)status} with JSON that is not an API answer; is it the URL of a Prometheus server?");
            }

            if (state.GetString() != "success")
            {
                var errorType = Text(root, "errorType");
                var error = Text(root, "error") ?? "no error text";
                return QueryOutcome.None($"Prometheus answered {(int)status} with an error{(errorType is null ? "" : $" ({errorType})")}: {error}");
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("result", out var result))
            {
                return QueryOutcome.None("Prometheus's answer has no data.result.");
            }

            return Text(data, "resultType") switch
            {
                "vector" => Vector(result),
                "scalar" => Sample(result),
                "matrix" => QueryOutcome.None("the query gives a range vector; give an instant one, such as rate(x[1m]) rather than x[1m]."),
                var other => QueryOutcome.None($"the query gives a {other ?? "result of no type"}, not a number."),
            };
        }
    }

    private static QueryOutcome Vector(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Array)
        {
            return QueryOutcome.None("Prometheus's vector is not a list.");
        }

        var count = result.GetArrayLength();
        if (count == 0)
        {
            return QueryOutcome.None("no data: the query gave no series (is the service scraped, has it had requests, is the metric's name right?).");
        }

        if (count > 1)
        {
            return QueryOutcome.None($"the query gave {count} series; aggregate it to one series (with sum, max or avg).");
        }

        var series = result[0];
        return series.ValueKind == JsonValueKind.Object && series.TryGetProperty("value", out var value)
            ? Sample(value)
            : QueryOutcome.None("the query's series has no single value (a native histogram?); give a query that gives a number.");
    }

    private static QueryOutcome Sample(JsonElement pair)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[1].ValueKind != JsonValueKind.String)
        {
            return QueryOutcome.None("Prometheus's value is not a [time, \"number\"] pair.");
        }

        var text = pair[1].GetString()!;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && !TryInfinity(text, out number))
        {
            return QueryOutcome.None($"Prometheus's value '{text}' is not a number.");
        }

        return double.IsNaN(number)
            ? QueryOutcome.None("no data: the query's value is NaN (a division by zero, such as a rate over a range with no requests).")
            : QueryOutcome.Of(number);
    }

    private static bool TryInfinity(string text, out double number)
    {
        number = text switch
        {
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => 0,
        };
        return text is "+Inf" or "Inf" or "-Inf" or "NaN";
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxAnswerBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/" + url.Query);
}
