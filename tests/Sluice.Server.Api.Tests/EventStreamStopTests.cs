using System.Diagnostics;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>A server that stops while pages hold streams of events open: the streams end, and the stop does not wait for them.</summary>
public sealed class EventStreamStopTests
{
    /// <summary>Far below the host's 30 seconds of grace for requests in flight, which an open stream would otherwise take whole.</summary>
    private static readonly TimeSpan PromptStop = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Stopping_the_server_ends_open_streams_at_once()
    {
        var root = Directory.CreateTempSubdirectory("sluice-api-stop-").FullName;
        try
        {
            using var deadline = new CancellationTokenSource(ApiServer.Timeout);
            var options = new ServerOptions { DataDirectory = Path.Combine(root, "data"), Listen = "127.0.0.1:0", LogFormat = "none" };
            var server = await SluiceServer.StartAsync(options, TimeProvider.System, null, deadline.Token);
            using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = ApiServer.Timeout };
            await using var changes = await ServerSentEvents.OpenAsync(http, "/api/v1/events", server.NewAdminToken!);
            await using var again = await ServerSentEvents.OpenAsync(http, "/api/v1/events", server.NewAdminToken!);

            var stopping = Stopwatch.StartNew();
            await server.DisposeAsync().AsTask().WaitAsync(ApiServer.Timeout);
            stopping.Stop();

            Assert.True(stopping.Elapsed < PromptStop, $"the server took {stopping.Elapsed} to stop with two streams open");
            foreach (var stream in new[] { changes, again })
            {
                try
                {
                    Assert.Null(await stream.NextAsync());
                }
                catch (HttpIOException)
                {
                    // Cut rather than ended: ended all the same.
                }
                catch (IOException)
                {
                    // As above, as the socket reports it.
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
