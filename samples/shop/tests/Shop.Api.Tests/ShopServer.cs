using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Api.Tests;

/// <summary>The real service on Kestrel, bound to a free loopback port, with a client that talks to it over HTTP.</summary>
public class ShopServer : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Settings on the command line for a variant of the service, such as <c>--Shop:FaultRate=1</c>.</summary>
    protected virtual IReadOnlyList<string> Settings => [];

    public async Task InitializeAsync()
    {
        _app = ShopApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. Settings]);
        await _app.StartAsync().Within();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeouts.Default };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().Within();
            await _app.DisposeAsync().AsTask().Within();
        }
    }
}
