using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// The dashboard's compact log pages (<c>GET /api/v1/runs/{id}/logs?format=compact</c>) over HTTP from the real server:
/// every field of every line comes back as the JSON page has it, parts of the log read by id add up to the whole, and
/// hostile text (control characters, a huge line) stays valid JSON and the same text, and what is not text (a lone
/// surrogate, invalid UTF-8) is refused when the agent sends it.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class CompactLogTests(ApiServer api)
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_compact_page_carries_every_line_the_json_page_has_with_ids_and_times_as_steps()
    {
        var (runId, job) = await RunningJobAsync("compact");
        await job.LogAsync(
            Entry(1, "step", "Compile", step: "compile"),
            Entry(2, "line", "compiling 3 files", step: "compile"),
            Entry(3, "group", "Restore", step: "compile"),
            Entry(4, "line", "\u001b[32mrestored\u001b[0m", step: "compile"),
            Entry(5, "group-end", "", step: "compile"),
            Entry(6, "error", "warning: old API", step: "compile"),
            Entry(7, "annotation", "unused variable", step: "compile", level: "warning", file: "src/a.cs", line: 12),
            Entry(8, "step-end", "Compile: failure", step: "compile"),
            Entry(9, "line", "no time", at: null),
            Entry(10, "step", "Test", step: "test"));

        var json = await GetJsonAsync($"/api/v1/runs/{runId}/logs?job=build");
        var compact = await GetJsonAsync($"/api/v1/runs/{runId}/logs?job=build&format=compact");

        var expected = json.GetProperty("lines").EnumerateArray().Select(l => new Line(
            l.GetProperty("id").GetInt64(),
            l.GetProperty("attempt").GetInt32(),
            l.GetProperty("kind").GetString()!,
            l.TryGetProperty("step", out var s) ? s.GetString() : null,
            l.GetProperty("text").GetString()!,
            l.TryGetProperty("level", out var v) ? v.GetString() : null,
            l.TryGetProperty("at", out var at) ? at.GetDateTimeOffset().ToUnixTimeMilliseconds() : null,
            l.TryGetProperty("file", out var f) ? f.GetString() : null,
            l.TryGetProperty("line", out var n) ? n.GetInt32() : null)).ToList();
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, Expand(compact));
        Assert.Equal(json.GetProperty("next").GetInt64(), compact.GetProperty("next").GetInt64());
        Assert.Equal(expected[^1].Id, compact.GetProperty("last").GetInt64());
        Assert.False(compact.GetProperty("done").GetBoolean());

        // A plain line after the first is its id step, its time step and its text: nothing else.
        var second = compact.GetProperty("lines")[1];
        Assert.Equal(3, second.GetArrayLength());
        Assert.Equal(1000, second[1].GetInt64());
    }

    [Fact]
    public async Task Parts_of_a_log_read_by_id_add_up_to_the_whole_and_the_last_part_of_an_ended_run_says_done()
    {
        var (runId, job) = await RunningJobAsync("compact-parts");
        await job.LogAsync([.. Enumerable.Range(1, 50).Select(i => Entry(i, "line", $"line {i}"))]);
        var first = await GetJsonAsync($"/api/v1/runs/{runId}/logs?job=build&format=compact&limit=10");
        var (next, last) = (first.GetProperty("next").GetInt64(), first.GetProperty("last").GetInt64());
        Assert.Equal(10, first.GetProperty("lines").GetArrayLength());
        Assert.Equal(40, last - next);

        await job.CompleteAsync();
        var middle = next + ((last - next) / 2);
        var parts = await Task.WhenAll(
            GetJsonAsync(Invariant($"/api/v1/runs/{runId}/logs?job=build&format=compact&after={next}&through={middle}")),
            GetJsonAsync(Invariant($"/api/v1/runs/{runId}/logs?job=build&format=compact&after={middle}&through={last}")));

        Assert.Equal(
            Enumerable.Range(1, 50).Select(i => $"line {i}"),
            new[] { first, parts[0], parts[1] }.SelectMany(p => Expand(p)).Select(l => l.Text));
        Assert.Equal(middle, parts[0].GetProperty("next").GetInt64());
        Assert.False(parts[0].GetProperty("done").GetBoolean()); // more is stored beyond it
        Assert.True(parts[1].GetProperty("done").GetBoolean());
        Assert.Equal(last, parts[1].GetProperty("next").GetInt64());
    }

    [Fact]
    public async Task Hostile_text_stays_valid_json_and_the_same_text_and_an_unknown_format_is_refused()
    {
        var (runId, job) = await RunningJobAsync("compact-hostile");
        var control = string.Concat(Enumerable.Range(0, 32).Select(c => (char)c)) + "\u007f\u2028\u2029\"\\</script>";
        var huge = new string('x', 1_000_000) + "end";
        await job.LogAsync(Entry(1, "line", control), Entry(2, "line", huge), Entry(3, "line", "naïve ✓ 日本語 🚀"));

        // A lone surrogate (an escape no character has) and bytes that are not UTF-8 are not text: the batch is refused
        // with a problem, and what was stored is untouched.
        using var lone = await SendRawAsync(job, Encoding.UTF8.GetBytes(LogBody(4, "lone \\ud800 surrogate")), HttpStatusCode.BadRequest);
        byte[] invalid = [.. Encoding.UTF8.GetBytes("""{"entries":[{"seq":5,"kind":"line","text":"bad """), 0xff, 0xfe, .. "\"}]}"u8];
        using var refused = await SendRawAsync(job, invalid, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var answer = await ProbeAgent.SendAsync(api, HttpMethod.Get, $"/api/v1/runs/{runId}/logs?job=build&format=compact", api.ReadToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); // valid UTF-8, or this throws
        Assert.DoesNotContain(bytes, b => b < 0x20); // control characters are escaped
        using var page = JsonDocument.Parse(bytes);
        Assert.Equal([control, huge, "naïve ✓ 日本語 🚀"], Expand(page.RootElement).Select(l => l.Text));
        Assert.Equal(3, page.RootElement.GetProperty("lines").GetArrayLength());

        // The JSON page (the CLI's) gives the same texts.
        var json = await GetJsonAsync($"/api/v1/runs/{runId}/logs?job=build");
        Assert.Equal([control, huge, "naïve ✓ 日本語 🚀"], json.GetProperty("lines").EnumerateArray().Take(3).Select(l => l.GetProperty("text").GetString()));

        using var unknown = await ProbeAgent.SendAsync(api, HttpMethod.Get, $"/api/v1/runs/{runId}/logs?job=build&format=<b>", api.ReadToken);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("compact", (await ProbeAgent.ReadAsync(unknown, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A compact page read back into lines, by the rules the dashboard's log-feed.js reads it with.</summary>
    private static List<Line> Expand(JsonElement page)
    {
        var lines = new List<Line>();
        long id = 0;
        long ms = 0;
        string? step = null;
        var attempt = 1;
        foreach (var row in page.GetProperty("lines").EnumerateArray())
        {
            id += row[0].GetInt64();
            long? at = null;
            if (row[1].ValueKind != JsonValueKind.Null)
            {
                ms += row[1].GetInt64();
                at = ms;
            }

            var differs = row.GetArrayLength() > 3 ? row[3] : default;
            string? Field(string name) => differs.ValueKind == JsonValueKind.Object && differs.TryGetProperty(name, out var value) ? value.GetString() : null;
            if (differs.ValueKind == JsonValueKind.Object && differs.TryGetProperty("step", out var s))
            {
                step = s.GetString();
            }

            if (differs.ValueKind == JsonValueKind.Object && differs.TryGetProperty("attempt", out var a))
            {
                attempt = a.GetInt32();
            }

            int? number = differs.ValueKind == JsonValueKind.Object && differs.TryGetProperty("line", out var n) ? n.GetInt32() : null;
            lines.Add(new Line(id, attempt, Field("kind") ?? "line", step, row[2].GetString()!, Field("level"), at, Field("file"), number));
        }

        return lines;
    }

    private async Task<(long RunId, ClaimedJob Job)> RunningJobAsync(string name)
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        await api.AddRepositoryAsync(name, $"name: ci\non: push\njobs:\n  build:\n    runs-on: {name}-label\n    steps:\n      - run: echo build\n", deadline.Token);
        var runId = await api.TriggerAsync(name, null, deadline.Token);
        var agent = await ProbeAgent.RegisterAsync(api, $"{name}-agent", $"{name}-label");
        var job = await agent.ClaimAsync();
        Assert.Equal(runId, job.RunId);
        return (runId, job);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var answer = await ProbeAgent.SendAsync(api, HttpMethod.Get, path, api.ReadToken);
        return await ProbeAgent.ReadAsync(answer, HttpStatusCode.OK);
    }

    private static string LogBody(long seq, string escapedText) => Invariant($$"""{"entries":[{"seq":{{seq}},"kind":"line","text":"{{escapedText}}"}]}""");

    private async Task<HttpResponseMessage> SendRawAsync(ClaimedJob job, byte[] body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, job.AttemptPath + "/logs") { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", job.LeaseToken);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        var answer = await api.Http.SendAsync(request, deadline.Token);
        Assert.True(answer.StatusCode == expected, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(deadline.Token)}");
        return answer;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static object Entry(long seq, string kind, string text, string? step = null, string? level = null, string? file = null, int? line = null) =>
        new { seq, kind, step, text, level, at = Start.AddSeconds(seq - 1), file, line };

    private static object Entry(long seq, string kind, string text, DateTimeOffset? at) => new { seq, kind, text, at };

    private sealed record Line(long Id, int Attempt, string Kind, string? Step, string Text, string? Level, long? At, string? File, int? Number);
}
