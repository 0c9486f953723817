using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Server.Api.Tests.Failover;

/// <summary>
/// An HTTP endpoint on loopback that answers every request with one fixed status and body, and records the requests it
/// read: the stand-in for a proxy in front of a server that is down (502, 503, 504), or for a server that answers.
/// </summary>
internal sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _status;
    private readonly string _body;
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];

    public CannedHttpServer(int status, string body = "{}")
    {
        _status = status;
        _body = body;
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The request lines read so far ("POST /api/v1/... HTTP/1.1").</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A loopback URL where nothing listens: a port that was free a moment ago.</summary>
    public static string DeadUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while it waited for a connection.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            lock (_requests)
            {
                _requests.Add(head.Split("\r\n")[0]);
            }

            var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, _stop.Token);
            var content = Encoding.UTF8.GetBytes(_body);
            var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 {_status} Canned\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(answer, _stop.Token);
            await stream.WriteAsync(content, _stop.Token);
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, _stop.Token) == 1)
        {
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
