using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Server.Api;

/// <summary>
/// A response of server-sent events (<c>text/event-stream</c>), written as each event comes: nothing buffered or
/// compressed on the way, a comment now and then so that proxies keep a quiet stream open. <see cref="Ending"/> ends
/// when the client goes or the server stops, so that an open stream never holds a stopping server.
/// </summary>
public sealed class EventStream : IDisposable
{
    /// <summary>How long a stream may be quiet before a comment is sent: under the minute after which proxies commonly close an idle connection.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly HttpContext _context;
    private readonly CancellationTokenSource _ending;

    private EventStream(HttpContext context)
    {
        _context = context;
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
    }

    public CancellationToken Ending => _ending.Token;

    /// <summary>Sends the headers and a first comment, so that the client knows the stream is open.</summary>
    public static async Task<EventStream> StartAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stream = new EventStream(context);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        // nginx buffers responses unless told not to; a buffered event arrives late or never.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await stream.CommentAsync("open").ConfigureAwait(false);
        return stream;
    }

    /// <summary>One event; <paramref name="data"/> is one line (compact JSON).</summary>
    public Task EventAsync(string name, string data, string? id = null)
    {
        var text = new StringBuilder();
        text.Append("event: ").Append(name).Append('\n');
        if (id is not null)
        {
            text.Append("id: ").Append(id).Append('\n');
        }

        text.Append("data: ").Append(data).Append("\n\n");
        return WriteAsync(text.ToString());
    }

    public Task CommentAsync(string text) => WriteAsync($": {text}\n\n");

    public void Dispose() => _ending.Dispose();

    private async Task WriteAsync(string text)
    {
        await _context.Response.WriteAsync(text, Ending).ConfigureAwait(false);
        await _context.Response.Body.FlushAsync(Ending).ConfigureAwait(false);
    }
}
