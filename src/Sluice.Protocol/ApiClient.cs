using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Protocol;

/// <summary>The server's API over HTTP, for the CLI's client verbs, the agent and its workers.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(string serverUrl, string? token, TimeSpan? timeout = null)
    {
        if (!Uri.TryCreate(serverUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new ApiException(0, $"'{serverUrl}' is not a server URL (http://HOST:PORT)");
        }

        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = baseUri,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        Token = token;
    }

    public string? Token
    {
        get;
        set
        {
            field = value;
            _http.DefaultRequestHeaders.Authorization = value is null ? null : new AuthenticationHeaderValue("Bearer", value);
        }
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public async Task<TResponse?> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest? body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, string? bearer = null)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(method, path);
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

    /// <summary>Sends and returns the response when it succeeded; otherwise throws <see cref="ApiException"/> with the server's problem detail.</summary>
    public async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException(0, $"cannot reach the server at {BaseAddress}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(0, $"the server at {BaseAddress} did not answer in time");
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
}

/// <summary>A request the server refused (with its HTTP status and problem detail), or a server that could not be reached (status 0).</summary>
public sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
