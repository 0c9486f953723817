using System.Net;
using System.Net.Sockets;

namespace Sluice.Server.Api.Tests.Deployments;

/// <summary>A service on loopback for a health gate's HTTP probe: it answers every request with <see cref="Status"/>, which the test changes.</summary>
public sealed class ProbeTarget : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public ProbeTarget()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/healthz";

    public int Status { get; set; } = 200;

    public int Requests { get; private set; }

    public void Dispose()
    {
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Closing a listener whose last request is still being answered can throw on some platforms: it is closed all the same.
        }

        _serving.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Requests++;
            context.Response.StatusCode = Status;
            context.Response.Close();
        }
    }
}
