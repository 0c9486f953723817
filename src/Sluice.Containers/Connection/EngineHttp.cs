using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Containers.Json;

namespace Sluice.Containers;

/// <summary>
/// HTTP to one engine endpoint: every call gets a deadline, and every failure becomes a
/// <see cref="ContainerEngineException"/> that names the endpoint, so a dead socket neither hangs nor leaks a
/// socket exception to the user. The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed partial class EngineHttp : IDisposable
{
    /// <summary>The API version every versioned path asks for; Docker 20.10+ and podman 3+ serve it.</summary>
    public const string ApiVersion = "1.41";

    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly HttpClient client;

    public EngineHttp(EngineEndpoint endpoint, ContainerEngineOptions options)
    {
        Endpoint = endpoint;
        Options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        if (endpoint.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken);
        }

        var baseAddress = endpoint.SocketPath is null ? $"http://{endpoint.Host}:{endpoint.Port}/" : "http://localhost/";
        client = new HttpClient(handler) { BaseAddress = new Uri(baseAddress), Timeout = Timeout.InfiniteTimeSpan };
    }

    public EngineEndpoint Endpoint { get; }

    public ContainerEngineOptions Options { get; }

    public void Dispose() => client.Dispose();

    /// <summary>A path under the versioned API, e.g. <c>/v1.41/containers/json</c>.</summary>
    public static string Versioned(string path) => $"/v{ApiVersion}/{path}";

    /// <summary>One path segment, escaped (an id, a network name; not an image reference).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>An image reference in a path: its slashes stay, as the engine's router expects them.</summary>
    public static string ImageSegment(string image) => string.Join('/', image.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Sends a request and reads a JSON answer, all within <paramref name="timeout"/> (by default <see cref="ContainerEngineOptions.RequestTimeout"/>).</summary>
    public Task<T> SendForJsonAsync<T>(HttpMethod method, string path, JsonTypeInfo<T> answer, string what, CancellationToken cancellationToken, HttpContent? content = null, TimeSpan? timeout = null) =>
        WithDeadlineAsync(what, timeout ?? Options.RequestTimeout, async token =>
        {
            using var response = await SendCheckedAsync(method, path, content, what, [], HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(body, answer, token).ConfigureAwait(false)
                ?? throw new ContainerEngineException($"{what}: the engine at {Endpoint} answered with an empty body.", Endpoint.ToString());
        }, cancellationToken);

    /// <summary>
    /// Sends a request whose answer body does not matter and returns the status; <paramref name="alsoFine"/> are
    /// error statuses that are not failures here (404 for removing what is already gone, 304 for starting twice).
    /// </summary>
    public Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string what, CancellationToken cancellationToken, HttpContent? content = null, TimeSpan? timeout = null, params HttpStatusCode[] alsoFine) =>
        WithDeadlineAsync(what, timeout ?? Options.RequestTimeout, async token =>
        {
            using var response = await SendCheckedAsync(method, path, content, what, alsoFine, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            return response.StatusCode;
        }, cancellationToken);

    /// <summary>GET /_ping: its body ("OK") and the Server and Api-Version headers that say what answered.</summary>
    public Task<(string Body, string? Server, string? ApiVersion)> PingAsync(CancellationToken cancellationToken) =>
        WithDeadlineAsync("pinging the container engine", Options.RequestTimeout, async token =>
        {
            using var response = await SendCheckedAsync(HttpMethod.Get, "/_ping", null, "pinging the container engine", [], HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            var server = response.Headers.TryGetValues("Server", out var servers) ? string.Join(' ', servers) : null;
            var apiVersion = response.Headers.TryGetValues("Api-Version", out var versions) ? versions.FirstOrDefault() : null;
            return (body, server, apiVersion);
        }, cancellationToken);

    /// <summary>
    /// Sends a request whose answer is a stream (exec output, logs, pull progress). Only the wait for the headers
    /// has a deadline; the caller owns the response and bounds the reading of its body.
    /// </summary>
    public Task<HttpResponseMessage> OpenStreamAsync(HttpMethod method, string path, string what, CancellationToken cancellationToken, HttpContent? content = null) =>
        WithDeadlineAsync(what, Options.RequestTimeout,
            token => SendCheckedAsync(method, path, content, what, [], HttpCompletionOption.ResponseHeadersRead, token), cancellationToken);

    /// <summary>A JSON request body, without a charset parameter (some engines compare the media type exactly).</summary>
    public static HttpContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// Runs <paramref name="call"/> with a deadline, and turns what can go wrong on the way into
    /// <see cref="ContainerEngineException"/>s; the caller's own cancellation passes through unchanged.
    /// </summary>
    public async Task<T> WithDeadlineAsync<T>(string what, TimeSpan timeout, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await call(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline, or the handler's connect timeout: either way the engine did not answer in time.
            throw TimedOut(what, deadline.IsCancellationRequested ? timeout : Options.ConnectTimeout, exception);
        }
        catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(what, exception);
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw ConnectionLost(what, exception);
        }
        catch (JsonException exception)
        {
            throw new ContainerEngineException($"{what}: the engine at {Endpoint} answered with JSON Sluice cannot read ({exception.Message}).", Endpoint.ToString(), exception);
        }
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(HttpMethod method, string path, HttpContent? content, string what, HttpStatusCode[] alsoFine, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var response = await client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || alsoFine.Contains(response.StatusCode))
        {
            return response;
        }

        using (response)
        {
            throw await RefusedAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
