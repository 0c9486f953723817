using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Server.Api.Tests.Support;

/// <summary>One event of a stream: its name (<c>message</c> when it gives none), its id and its data.</summary>
public sealed record StreamEvent(string Name, string? Id, string Data);

/// <summary>
/// A stream of server-sent events read as a browser's EventSource reads it: line by line, comments passed by, an event
/// at each blank line. Every read has a deadline, so a test never waits for an event that does not come.
/// </summary>
public sealed class ServerSentEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ServerSentEvents(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream; asserts it is one (200, <c>text/event-stream</c>).</summary>
    public static async Task<ServerSentEvents> OpenAsync(HttpClient http, string path, string token, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(deadline.Token)}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new ServerSentEvents(response, await response.Content.ReadAsStreamAsync(deadline.Token));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<StreamEvent?> NextAsync()
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        string? name = null;
        string? id = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data.Length > 0)
                {
                    return new StreamEvent(name ?? "message", id, data.ToString());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "id":
                    id = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : "").Append(value);
                    break;
            }
        }

        return null;
    }

    /// <summary>The next event of this name, passing others by.</summary>
    public async Task<StreamEvent> NextAsync(string name)
    {
        while (await NextAsync() is { } next)
        {
            if (next.Name == name)
            {
                return next;
            }
        }

        throw new InvalidOperationException($"the stream ended before an event '{name}'");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
