using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Sluice.Server.Access;
using Sluice.Server.Api;
using Sluice.Server.Storage;

namespace Sluice.Server;

/// <summary>
/// The server: opens its data folder (SQLite database, repository copies, keys), makes the admin token on first start,
/// listens, and runs its background loops (leases, resuming runs). <c>sluice server</c>, <c>sluice up</c> and the tests
/// start it through <see cref="StartAsync"/>.
/// </summary>
public sealed class SluiceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private bool _atOnce;
    private bool _disposed;

    private SluiceServer(WebApplication app, ServerState state, string url, string? newAdminToken)
    {
        _app = app;
        State = state;
        Url = url;
        NewAdminToken = newAdminToken;
    }

    public ServerState State { get; }

    /// <summary>The base URL it listens on (<c>http://127.0.0.1:8990</c>).</summary>
    public string Url { get; }

    /// <summary>The admin token when this start created it (first start), to print once; null otherwise.</summary>
    public string? NewAdminToken { get; }

    /// <summary>The routes the server answers, for the test that holds the OpenAPI document to them.</summary>
    internal IReadOnlyList<Microsoft.AspNetCore.Routing.RouteEndpoint> Routes => ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)_app).DataSources.SelectMany(source => source.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().ToList();

    public static string AdminTokenPath(string dataDirectory) => Path.Combine(dataDirectory, "admin.token");

    public static async Task<SluiceServer> StartAsync(ServerOptions options, TimeProvider time, ILoggerProvider? logs, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);
        options = options with { DataDirectory = data };
        var store = await ServerStorage.OpenAsync(options, time, cancellationToken).ConfigureAwait(false);
        var state = new ServerState(store, options, time);
        await RefuseOwnKeyOnSharedDatabaseAsync(state, cancellationToken).ConfigureAwait(false);
        var adminToken = await EnsureAdminTokenAsync(store, data, shared: options.Database is { Length: > 0 }, time, cancellationToken).ConfigureAwait(false);
        var endpoint = ListenAddress.Parse(options.Listen);
        var proxies = TrustedProxies.Parse(options.TrustedProxies);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        else if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(json => json.TimestampFormat = "O");
        }
        else if (options.LogFormat == "text")
        {
            builder.Logging.AddSimpleConsole(text =>
            {
                text.SingleLine = true;
                text.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                text.UseUtcTimestamp = true;
            });
        }

        // ASP.NET Core's own entries from warnings up; the server's events (ServerEvents) from information up.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Sluice.Server", options.LogEvents ? LogLevel.Information : LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(endpoint);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(ServerMetrics.Name).AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing.AddSource(ServerMetrics.Name);
                if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 })
                {
                    tracing.AddOtlpExporter();
                }
            });
        var app = builder.Build();
        TrustedProxies.Use(app, proxies);
        var readiness = new StoreReadiness(store, time);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => Failed(context, readiness, state.LeaseGrace) });
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (HttpContext context) =>
            await readiness.ProblemAsync().WaitAsync(context.RequestAborted).ConfigureAwait(false) is { } problem
                ? Results.Text($"not ready: {problem}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ready\n"));
        app.MapPrometheusScrapingEndpoint("/metrics");
        AgentEndpoints.Map(app, state);
        ClientEndpoints.Map(app, state);
        SessionEndpoints.Map(app, state);
        Triggers.WebhookEndpoints.Map(app, state);
        ArtifactEndpoints.Map(app, state);
        CacheEndpoints.Map(app, state);
        HistoryEndpoints.Map(app, state);
        InsightsEndpoints.Map(app, state);
        QualityEndpoints.Map(app, state);
        EnvironmentEndpoints.Map(app, state);
        DeploymentEndpoints.Map(app, state);
        DoraEndpoints.Map(app, state);
        OpenApiEndpoint.Map(app);
        var dashboard = Sluice.Dashboard.DashboardEndpoints.Map(app);
        app.MapFallback(context => Sluice.Dashboard.DashboardEndpoints.IsPageRequest(context)
            ? dashboard.NotFoundPageAsync(context)
            : Problems.NotFound($"no endpoint {context.Request.Method} {context.Request.Path}; the API is under /api/v1").ExecuteAsync(context));

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sluice.Server");
        state.Events.WriteTo(logger);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new SluiceServer(app, state, url.Replace("[::]", "[::1]", StringComparison.Ordinal), adminToken);
        state.Metrics.Observe(state.QueueDepth, () => state.RunningJobs, () => state.Presence.Online(time.GetUtcNow() - options.AgentOffline));
        state.Metrics.ObserveDora(state.Dora);
        server._loops.Add(Task.Run(() => Background.RunAsync(state, server._stopping.Token), CancellationToken.None));
        server._loops.Add(Task.Run(() => state.Notifications.RunAsync(server._stopping.Token), CancellationToken.None));
        state.CommitStatuses.DashboardUrl = options.PublicUrl ?? server.Url;
        server._loops.Add(Task.Run(() => state.CommitStatuses.RunAsync(server._stopping.Token), CancellationToken.None));
        await state.Coordinator.ResumeAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled (the command's Ctrl-C or SIGTERM), then stops the server.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Makes <see cref="DisposeAsync"/> end requests in flight (long polls) at once instead of letting them finish.</summary>
    public void StopAtOnce() => _atOnce = true;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _app.StopAsync(new CancellationToken(_atOnce)).ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            await State.Notifications.DisposeAsync().ConfigureAwait(false);
            await State.Blobs.DisposeAsync().ConfigureAwait(false);
            await State.Store.DisposeAsync().ConfigureAwait(false);
            _stopping.Dispose();
            State.Metrics.Dispose();
        }
    }

    /// <summary>
    /// A request that failed: 503 with the reason when the database was out of reach and nothing was changed (any
    /// client may send it again), 504 when the connection was lost while a change was committed (it may have been
    /// saved: clients send again only what cannot be done twice), else 500; never the stack trace, which goes to the log.
    /// Either database failure makes <c>/readyz</c> probe afresh, and holds back the ending of leases (<see cref="Agents.LeaseGrace"/>).
    /// </summary>
    private static Task Failed(HttpContext context, StoreReadiness readiness, Agents.LeaseGrace leaseGrace)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is StoreException { Unavailable: true } unavailable)
        {
            readiness.Lapsed();
            leaseGrace.Lapsed();
            if (unavailable.InDoubt)
            {
                return Problems.Of(StatusCodes.Status504GatewayTimeout, "Database connection lost", unavailable.Message).ExecuteAsync(context);
            }

            context.Response.Headers.RetryAfter = "1";
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Database unavailable", unavailable.Message).ExecuteAsync(context);
        }

        return Problems.Of(StatusCodes.Status500InternalServerError, "Server error", "the server failed on this request; its log has the details").ExecuteAsync(context);
    }

    /// <summary>
    /// A replica on PostgreSQL that made a secrets key of its own (its folder had none and <c>SLUICE_SECRETS_KEY</c> is
    /// not set) while the database holds secrets sealed by another cannot open them: it stops, and says how to give
    /// every replica the same key, rather than fail each job that needs a secret. The key it made is deleted again.
    /// </summary>
    private static async Task RefuseOwnKeyOnSharedDatabaseAsync(ServerState state, CancellationToken cancellationToken)
    {
        if (state.Options.Database is not { Length: > 0 } || !state.SecretKeyCreated)
        {
            return;
        }

        foreach (var repository in await state.Store.RepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((await state.Store.SecretsAsync(repository.Id, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                var keyFile = Path.Combine(state.Options.DataDirectory, Sluice.Security.Secrets.SecretKeySource.DefaultFileName);
                File.Delete(keyFile);
                await state.Blobs.DisposeAsync().ConfigureAwait(false);
                await state.Notifications.DisposeAsync().ConfigureAwait(false);
                await state.Store.DisposeAsync().ConfigureAwait(false);
                throw new StoreException(
                    $"the database holds repository secrets, but this server has no secrets key: set {Sluice.Security.Secrets.SecretKeySource.EnvironmentVariable} " +
                    $"to the key the other servers on this database use (or put their key file in {keyFile})");
            }
        }
    }

    /// <summary>
    /// Issues the first admin token when the data folder has none. On a database that replicas share (PostgreSQL),
    /// each replica may have a folder of its own: one is issued only while the database holds no usable first admin
    /// token, so that a replica started on an empty folder does not mint another (the first is printed by the replica
    /// that issued it; revoking every <c>user:admin</c> token lets the next start issue a new one).
    /// </summary>
    private static async Task<string?> EnsureAdminTokenAsync(IServerStore store, string data, bool shared, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = AdminTokenPath(data);
        if (File.Exists(path))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (shared && (await store.TokensAsync(cancellationToken).ConfigureAwait(false)).Any(t => t.Owner == TokenOwners.FirstAdmin && !t.Revoked && (t.ExpiresAt is null || t.ExpiresAt > now)))
        {
            return null;
        }

        var token = await ApiTokens.IssueAsync(store, Sluice.Security.Tokens.TokenScope.Admin, [], "server", "admin", TokenOwners.FirstAdmin, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!Sluice.Security.OwnerOnlyFile.TryCreate(path, token.Text + "\n"))
        {
            // Another replica starting on the same data folder wrote its admin token first: that one is the admin
            // token, and this one, which nobody will see, is revoked.
            if (await store.TokenByHashAsync(token.Hash, cancellationToken).ConfigureAwait(false) is { } issued)
            {
                await store.RevokeTokenAsync(issued.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        return token.Text;
    }
}

/// <summary><c>HOST:PORT</c> as <c>--listen</c> takes it: an IPv4 or IPv6 address (<c>[::1]:8990</c>), or <c>localhost</c>.</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"--listen '{text}': expected HOST:PORT, such as 127.0.0.1:8990 or [::1]:8990");
        }

        var host = text[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : throw new FormatException($"--listen '{text}': '{host}' is not an IP address");
        return new IPEndPoint(address, port);
    }
}
