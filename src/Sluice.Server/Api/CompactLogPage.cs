using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// A page of log lines in the dashboard's compact form (<c>GET /api/v1/runs/{id}/logs?format=compact</c>): the JSON
/// page repeats a line's job, attempt, kind, step and a 28-character time on every line (about 118 bytes for a
/// five-character line); this form says only what changed since the line before, so a line costs its text and a few
/// bytes.
/// <code>{"next":N,"done":false,"last":L,"lines":[[ID_STEP,MS_STEP,"text"],[ID_STEP,MS_STEP,"text",{"kind":"step","step":"build"}],...]}</code>
/// <list type="bullet">
/// <item>ID_STEP: the line's id minus the previous line's (the first line's: its id).</item>
/// <item>MS_STEP: the time the agent saw it, in milliseconds since 1970, minus the previous timed line's (the first's:
/// the time itself); null for a line without a time.</item>
/// <item>the fourth member, when there is one, holds what differs from the defaults: <c>kind</c> ("line" when
/// absent), <c>step</c> and <c>attempt</c> (the previous line's when absent; the first line's defaults are no step and
/// attempt 1), <c>level</c>, <c>file</c> and <c>line</c> (none when absent).</item>
/// </list>
/// <c>last</c> is the largest id of the job's lines stored so far, so a client can read the rest in parts at once
/// (<c>after</c> and <c>through</c>).
/// </summary>
public static class CompactLogPage
{
    // Text is escaped as JSON requires (quotes, backslashes, control characters) and no more: the page is read by
    // JSON.parse, never put into HTML, and it is sent with nosniff, so escaping every non-ASCII letter would only
    // make it larger.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Bytes written before they are sent on: a large page goes out as it is made.</summary>
    private const int FlushBytes = 64 * 1024;

    public static async Task WriteAsync(HttpContext context, IReadOnlyList<LogRow> lines, long next, bool done, long last)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lines);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, Options);
        json.WriteStartObject();
        json.WriteNumber("next", next);
        json.WriteBoolean("done", done);
        json.WriteNumber("last", last);
        json.WriteStartArray("lines");
        var previous = new LogRow(0, 0, "", 1, 0, "line", null, "", null, null);
        long previousMs = 0;
        foreach (var line in lines)
        {
            json.WriteStartArray();
            json.WriteNumberValue(line.Id - previous.Id);
            if (line.At is { } at)
            {
                var ms = at.ToUnixTimeMilliseconds();
                json.WriteNumberValue(ms - previousMs);
                previousMs = ms;
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteStringValue(line.Text);
            WriteDifferences(json, line, previous);
            json.WriteEndArray();
            previous = line;
            if (json.BytesPending >= FlushBytes)
            {
                await json.FlushAsync(context.RequestAborted);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static void WriteDifferences(Utf8JsonWriter json, LogRow line, LogRow previous)
    {
        var kind = line.Kind != "line";
        var step = line.Step != previous.Step;
        var attempt = line.Attempt != previous.Attempt;
        if (!kind && !step && !attempt && line.Level is null && line.File is null && line.Line is null)
        {
            return;
        }

        json.WriteStartObject();
        if (kind)
        {
            json.WriteString("kind", line.Kind);
        }

        if (step)
        {
            json.WriteString("step", line.Step is null ? null : line.Step);
        }

        if (attempt)
        {
            json.WriteNumber("attempt", line.Attempt);
        }

        if (line.Level is not null)
        {
            json.WriteString("level", line.Level);
        }

        if (line.File is not null)
        {
            json.WriteString("file", line.File);
        }

        if (line.Line is { } number)
        {
            json.WriteNumber("line", number);
        }

        json.WriteEndObject();
    }
}
