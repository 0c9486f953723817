using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// One job's log as a plain text file (<c>GET /api/v1/runs/{id}/logs?job=KEY&amp;format=text</c>), of its current
/// attempt or the one <c>attempt</c> names: each line with the time the agent saw it, steps and annotations marked as
/// GitHub's raw logs mark them (<c>##[group]</c>, <c>##[error]</c>...). Written page by page, so a long log costs no memory.
/// </summary>
public static class LogDownload
{
    private const int Page = 5000;

    public static async Task WriteAsync(HttpContext context, ServerState server, RunRecord run, string? jobKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(run);
        if (jobKey is not { Length: > 0 })
        {
            await Problems.BadRequest("the text of a log is one job's: add 'job=KEY' (the job's key, such as 'build' or 'test-2')").ExecuteAsync(context);
            return;
        }

        var job = (await server.Store.JobsAsync(run.Id, context.RequestAborted)).FirstOrDefault(j => j.Key == jobKey);
        if (job is null)
        {
            await Problems.NotFound($"run {run.Id} has no job '{Security.Printable.Of(jobKey)}'").ExecuteAsync(context);
            return;
        }

        var attempt = int.TryParse(context.Request.Query["attempt"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? asked : job.Attempt;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"run-{run.Id}-{FileNamePart(job.Key)}-attempt-{attempt}.log");
        context.Response.Headers.ContentDisposition = disposition.ToString();
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";

        var text = new StringBuilder();
        long after = 0;
        while (true)
        {
            var lines = await server.Store.LogsAsync(run.Id, after, job.Key, Page, context.RequestAborted);
            text.Clear();
            foreach (var line in lines.Where(l => l.Attempt == attempt))
            {
                Append(text, line);
            }

            await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
            if (lines.Count < Page)
            {
                return;
            }

            after = lines[^1].Id;
        }
    }

    private static void Append(StringBuilder text, LogRow line)
    {
        if (line.At is { } at)
        {
            text.Append(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)).Append(' ');
        }

        text.Append(line.Kind switch
        {
            "step" => "##[group]",
            "step-end" => "##[endgroup]",
            "annotation" => $"##[{line.Level ?? "notice"}]",
            _ => "",
        });
        text.Append(line.Text).Append('\n');
    }

    /// <summary>A job's key as part of a file name: letters, digits, dots, dashes and underscores only.</summary>
    private static string FileNamePart(string key) =>
        new(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
