using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Server.Api.Tests.Support;

/// <summary>An agent of the tests, speaking the protocol over HTTP: it registers with labels of its own, claims a job, sends its log and completes it.</summary>
public sealed class ProbeAgent(ApiServer api, string credential)
{
    public static async Task<ProbeAgent> RegisterAsync(ApiServer api, string name, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(api);
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        var registration = await api.CreateTokenAsync("agent", deadline.Token);
        var body = JsonSerializer.Serialize(new { name, labels, version = "1" });
        using var answer = await SendAsync(api, HttpMethod.Post, "/api/v1/agents/register", registration, body);
        return new ProbeAgent(api, (await ReadAsync(answer, HttpStatusCode.OK)).GetProperty("credential").GetString()!);
    }

    /// <summary>Claims the oldest job it can run; fails when none waits.</summary>
    public async Task<ClaimedJob> ClaimAsync()
    {
        using var answer = await SendAsync(api, HttpMethod.Post, "/api/v1/agent/claim", credential, """{"waitSeconds": 0}""");
        var claim = await ReadAsync(answer, HttpStatusCode.OK);
        return new ClaimedJob(api, claim.GetProperty("runId").GetInt64(), claim.GetProperty("legKey").GetString()!, $"/api/v1/jobs/{claim.GetProperty("jobId").GetInt64()}/attempts/{claim.GetProperty("attempt").GetInt32()}", claim.GetProperty("leaseToken").GetString()!);
    }

    internal static async Task<HttpResponseMessage> SendAsync(ApiServer api, HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        return await api.Http.SendAsync(request, deadline.Token);
    }

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage answer, HttpStatusCode expected)
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        var text = await answer.Content.ReadAsStringAsync(deadline.Token);
        Assert.True(answer.StatusCode == expected, $"{answer.RequestMessage?.RequestUri}: {(int)answer.StatusCode} {text}");
        if (text.Length == 0)
        {
            return default;
        }

        using var parsed = JsonDocument.Parse(text);
        return parsed.RootElement.Clone();
    }
}

/// <summary>One attempt a <see cref="ProbeAgent"/> holds, under its lease token.</summary>
public sealed record ClaimedJob(ApiServer Api, long RunId, string Key, string AttemptPath, string LeaseToken)
{
    /// <summary>Sends log entries (JSON objects of <c>LogEntry</c>).</summary>
    public async Task LogAsync(params object[] entries)
    {
        using var answer = await ProbeAgent.SendAsync(Api, HttpMethod.Post, AttemptPath + "/logs", LeaseToken, JsonSerializer.Serialize(new { entries }));
        await ProbeAgent.ReadAsync(answer, HttpStatusCode.OK);
    }

    public async Task CompleteAsync(string conclusion = "success")
    {
        var body = JsonSerializer.Serialize(new { conclusion, outputs = new Dictionary<string, string>(), steps = Array.Empty<object>(), summaries = Array.Empty<string>(), durationSeconds = 1 });
        using var answer = await ProbeAgent.SendAsync(Api, HttpMethod.Post, AttemptPath + "/complete", LeaseToken, body);
        await ProbeAgent.ReadAsync(answer, HttpStatusCode.NoContent);
    }
}
