using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Server.Api.Tests.Support;

/// <summary>
/// Requests named by the document's operation (method and path template), each answer checked against what the document
/// says of it: its status is listed, its content type is the one listed for that status, its JSON fits the schema, and
/// a status listed without content has none (a stream of events is checked by its status and content type only).
/// Remembers which operations were called.
/// </summary>
public sealed class DocumentedCall(ApiServer api)
{
    private readonly HashSet<string> _called = [];

    public IReadOnlySet<string> Called => _called;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonElement json) => Json(json.GetRawText());

    /// <summary>The token the operation's security requirement names: exactly its scope, no more.</summary>
    public string? DocumentedToken(string method, string template)
    {
        var security = Operation(method, template).Security;
        return security switch
        {
            null => null,
            ("apiToken", var roles) => Assert.Single(roles) switch
            {
                "read" => api.ReadToken,
                "trigger" => api.TriggerToken,
                "admin" => api.AdminToken,
                var other => throw new InvalidOperationException($"{method} {template} names the scope '{other}'"),
            },
            var (scheme, _) => throw new InvalidOperationException($"{method} {template} takes a {scheme}, which the test gives itself"),
        };
    }

    /// <summary>Calls the operation with the token its documented scope names.</summary>
    public Task<Answer> AsDocumentedAsync(string method, string template, HttpContent? body = null, string query = "") =>
        SendAsync(method, template, DocumentedToken(method, template), body, query);

    public async Task<Answer> SendAsync(string method, string template, string? token, HttpContent? body = null, string query = "")
    {
        var operation = Operation(method, template);
        foreach (var name in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=')[0]))
        {
            Assert.True(operation.Parameters.Any(p => p.GetProperty("in").GetString() == "query" && p.GetProperty("name").GetString() == name), $"{operation}: the query parameter '{name}' is not documented");
        }

        var path = template
            .Replace("{name}", ApiServer.Repository, StringComparison.Ordinal)
            .Replace("{id}", api.RunId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{secret}", "PROBE_SECRET", StringComparison.Ordinal)
            .Replace("{env}", "staging", StringComparison.Ordinal)
            .Replace("{variable}", "REGION", StringComparison.Ordinal);
        return await SendToAsync(operation, path + query, token, body);
    }

    /// <summary>Calls the operation on a path of the caller's (other values of its parameters).</summary>
    public async Task<Answer> SendToAsync(OpenApiOperation operation, string path, string? token, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = body };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // As a careful client sends a large body (the agent's cache uploads): the server may refuse it from its headers, before it is sent.
        request.Headers.ExpectContinue = body?.Headers.ContentLength > 64 * 1024;

        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        // A stream of events may not end: its answer is its status and headers (the stream tests read its events).
        var bytes = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? [] : await response.Content.ReadAsByteArrayAsync(deadline.Token);
        var status = (int)response.StatusCode;
        var text = Encoding.UTF8.GetString(bytes);
        Assert.True(operation.Responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var documented), $"{operation} ({path}) answered {status}, which the document does not list: {text}");
        documented = api.Document.Resolve(documented);
        JsonElement? json = null;
        if (documented.TryGetProperty("content", out var content))
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var listed = string.Join(", ", content.EnumerateObject().Select(c => c.Name));
            Assert.True(mediaType is not null && content.TryGetProperty(mediaType, out _), $"{operation} {status} came as {mediaType ?? "no content type"}; the document says {listed}");
            if (mediaType!.EndsWith("json", StringComparison.Ordinal))
            {
                using var parsed = JsonDocument.Parse(bytes);
                json = parsed.RootElement.Clone();
                var misfits = api.Document.Misfits(content.GetProperty(mediaType).GetProperty("schema"), json.Value, $"{operation} {status}");
                Assert.True(misfits.Count == 0, string.Join("\n", misfits) + "\n" + text);
            }
        }
        else
        {
            Assert.True(bytes.Length == 0, $"{operation} {status} is documented without content but came with: {text}");
        }

        _called.Add(operation.ToString());
        return new Answer(status, json ?? default, text, bytes);
    }

    private OpenApiOperation Operation(string method, string template) =>
        api.Document.Find(method, template) ?? throw new InvalidOperationException($"the document has no operation {method} {template}");
}

/// <summary>An answer: its status, its JSON (when it was JSON), and its body as text and bytes.</summary>
public sealed record Answer(int Status, JsonElement Json, string Text, byte[] Bytes)
{
    /// <summary>Asserts the status, showing the body when it is another.</summary>
    public Answer Is(int status)
    {
        Assert.True(Status == status, $"expected {status}, got {Status}: {Text}");
        return this;
    }
}
