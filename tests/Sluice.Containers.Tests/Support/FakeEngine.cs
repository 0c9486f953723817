using System.Net.Sockets;
using System.Text;

namespace Sluice.Containers.Tests;

/// <summary>
/// A canned HTTP answerer on a unix socket, for the failures a real engine does not produce on demand: a stream
/// that stalls, a connection that breaks off, an answer that is not the engine's. One reply per connection.
/// </summary>
public sealed class FakeEngine : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"sluice-fake-{Guid.NewGuid():N}.sock");
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<string, Reply> reply;
    private readonly Task serving;

    public FakeEngine(Func<string, Reply> reply)
    {
        this.reply = reply;
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        serving = ServeAsync();
    }

    /// <summary>What to write back: the raw response, and whether to keep the connection open (silent) afterwards.</summary>
    public sealed record Reply(string Raw, bool HoldOpen = false);

    public string Address => "unix://" + path;

    /// <summary>The request lines received ("GET /_ping HTTP/1.1"), in order.</summary>
    public List<string> Requests { get; } = [];

    public static Reply Json(int status, string json) =>
        new($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptAsync(stop.Token);
                _ = AnswerAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await using var stream = new NetworkStream(client);
                var head = await ReadHeadAsync(stream);
                var requestLine = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
                lock (Requests)
                {
                    Requests.Add(requestLine);
                }

                await ReadBodyAsync(stream, head);
                var answer = reply(requestLine);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(answer.Raw), stop.Token);
                if (answer.HoldOpen)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }

                // Closing a socket with unread input resets the connection, and the client may then lose the
                // answer's last bytes; so the answer ends with a half-close, and what the client still sends is read.
                client.Shutdown(SocketShutdown.Send);
                var rest = new byte[512];
                while (await stream.ReadAsync(rest, stop.Token) > 0)
                {
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                // The client went away or the test is over.
            }
        }
    }

    /// <summary>Reads the request's body (as its Content-Length says), so that nothing the client sent is left unread.</summary>
    private async Task ReadBodyAsync(NetworkStream stream, string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var length) && length > 0)
            {
                await stream.ReadExactlyAsync(new byte[length], stop.Token);
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (!EndsWithBlankLine(bytes))
        {
            if (await stream.ReadAsync(buffer, stop.Token) == 0)
            {
                throw new IOException("closed before the request's headers ended");
            }

            bytes.Add(buffer[0]);
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Dispose();
        await serving.WaitAsync(Timeouts.Default);
        File.Delete(path);
        stop.Dispose();
    }
}
