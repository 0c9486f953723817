using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// A TCP relay on loopback between a store and PostgreSQL that, once armed, lets the next <c>COMMIT</c> through, waits
/// until PostgreSQL has answered it, and then drops both connections without passing the answer on: the one failure a
/// store cannot tell apart from a commit that never arrived. Everything else is relayed byte for byte.
/// </summary>
public sealed class CommitCuttingProxy : IAsyncDisposable
{
    private static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private TaskCompletionSource? _cut;

    private CommitCuttingProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _relays.Add(AcceptAsync());
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static CommitCuttingProxy To(string host, int port) => new(new IPEndPoint(IPAddress.Parse(host), port));

    /// <summary>Cuts the connection that carries the next COMMIT, after PostgreSQL answered it; the task ends when it did.</summary>
    public Task CutNextCommit()
    {
        _cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _cut.Task;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(_target, _stop.Token);
            lock (_relays)
            {
                _relays.Add(RelayAsync(client, server));
            }
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient server)
    {
        using (client)
        using (server)
        using (var answers = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            var downstream = CopyAsync(server.GetStream(), client.GetStream(), answers.Token);
            var upstream = ClientToServerAsync(client.GetStream(), server.GetStream(), async () =>
            {
                await answers.CancelAsync();
                await Quietly(downstream);
            });
            await Task.WhenAny(upstream, downstream);
            await answers.CancelAsync();
            await Task.WhenAll(Quietly(upstream), Quietly(downstream));
        }
    }

    /// <summary>Relays what the store sends; an armed cut takes over the connection at its COMMIT.</summary>
    private async Task ClientToServerAsync(NetworkStream client, NetworkStream server, Func<Task> stopAnswers)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await client.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (_cut is { } cut && buffer.AsSpan(0, read).IndexOf(Commit) >= 0)
            {
                // PostgreSQL's reply must not reach the store: the relay of answers stops before the COMMIT goes out.
                _cut = null;
                await stopAnswers();
                await server.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                var answer = new byte[1];
                _ = await server.ReadAsync(answer, _stop.Token);
                cut.TrySetResult();
                return;
            }

            await server.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private static async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // A dropped connection is what this relay is for.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll(relays.Select(Quietly));
        _stop.Dispose();
    }
}
