using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Protocol;

/// <summary>
/// The server's API over HTTP, for the CLI's client verbs, the agent and its workers: to one server URL, or to several
/// (replicas on one database), moving to the next when one fails for a transport reason (<see cref="ServerFailover"/>).
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>Marks a POST that the server carries out once however often it comes (fenced by lease and sequence), so it may be sent again after a lost answer.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("Sluice.Idempotent");

    private readonly HttpClient _http;
    private readonly ServerFailover _failover;

    /// <param name="serverUrls">One server URL, or several separated by commas (<see cref="ServerUrls"/>).</param>
    public ApiClient(string serverUrls, string? token, TimeSpan? timeout = null, FailoverPolicy? failover = null, TimeProvider? time = null)
    {
        try
        {
            Servers = ServerUrls.Parse(serverUrls);
        }
        catch (ServerUrlsException ex)
        {
            throw new ApiException(0, ex.Message);
        }

        _failover = new ServerFailover(Servers, failover ?? FailoverPolicy.Default, time ?? TimeProvider.System);
        _failover.MovedOn += (from, to, reason) => MovedOn?.Invoke(from, to, reason);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        Token = token;
    }

    /// <summary>Told when requests move from one server URL to the next (only with several), with the reason.</summary>
    public event Action<Uri, Uri, string>? MovedOn;

    public ServerUrls Servers { get; }

    public string? Token
    {
        get;
        set
        {
            field = value;
            _http.DefaultRequestHeaders.Authorization = value is null ? null : new AuthenticationHeaderValue("Bearer", value);
        }
    }

    /// <summary>The server URL requests go to now.</summary>
    public Uri BaseAddress => _failover.Current;

    /// <param name="idempotent">The server carries the request out once however often it comes: it may be sent again after an answer was lost (<see cref="Idempotent"/>).</param>
    public async Task<TResponse?> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest? body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, string? bearer = null, bool idempotent = false)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(method, path);
        request.Options.Set(Idempotent, idempotent);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, requestType);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResponse?> GetAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends and returns the response when it succeeded; otherwise throws <see cref="ApiException"/> with the server's
    /// problem detail. <paramref name="request"/> has a path relative to the server URL; it is sent to each URL tried.
    /// </summary>
    public async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resendable = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
            || (request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent);
        HttpResponseMessage response;
        try
        {
            response = await _failover.SendAsync((server, token) => _http.SendAsync(Aimed(request, server), completion, token), resendable, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException(0, $"cannot reach {Where()}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(0, $"{Where()} did not answer in time");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string detail;
            try
            {
                var problem = JsonSerializer.Deserialize(text, ProtocolJson.Default.Problem);
                detail = problem?.Detail ?? problem?.Title ?? text;
            }
            catch (JsonException)
            {
                detail = text.Length > 500 ? text[..500] : text;
            }

            throw new ApiException((int)response.StatusCode, detail);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// A copy of <paramref name="request"/> aimed at <paramref name="server"/>: a request message is sent only once, so
    /// each URL tried gets its own, sharing the content (a copy is never disposed, which would dispose the content too).
    /// </summary>
    private static HttpRequestMessage Aimed(HttpRequestMessage request, Uri server)
    {
        var relative = request.RequestUri?.OriginalString ?? "";
        var aimed = new HttpRequestMessage(request.Method, new Uri(server, relative)) { Content = request.Content, Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var (name, values) in request.Headers)
        {
            aimed.Headers.TryAddWithoutValidation(name, values);
        }

        return aimed;
    }

    private string Where() => _failover.Several ? $"any of the servers ({Servers.ToString().Replace(",", ", ", StringComparison.Ordinal)})" : $"the server at {BaseAddress}";
}

/// <summary>A request the server refused (with its HTTP status and problem detail), or a server that could not be reached (status 0).</summary>
public sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
