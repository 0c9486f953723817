using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// The agent protocol spoken by the test itself: log batches that are sent again after a dropped connection are stored
/// once, and an attempt the server replaced is refused whatever it sends (fencing).
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class LogProtocolTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Resent_log_batches_are_stored_once_and_a_replaced_attempt_is_refused()
    {
        var repository = _fleet.Repository("proto", (".github/workflows/ci.yml", """
            on: push
            jobs:
              only:
                runs-on: ubuntu-latest
                steps: [{ run: echo never run by a real agent }]
            """));
        await _fleet.StartServerAsync(leaseSeconds: 8);
        await _fleet.AddRepositoryAsync("proto", repository);
        using var agent = await RegisterAsync("probe");
        var run = await _fleet.TriggerAsync("proto");

        var first = await ClaimAsync(agent);
        Assert.Equal((run.Id, 1), (first.RunId, first.Attempt));
        var logs = $"api/v1/jobs/{first.JobId}/attempts/1/logs";
        var batch = Batch(1, "one", "two", "three");
        await SendLogsAsync(agent, logs, batch, first.LeaseToken);
        await SendLogsAsync(agent, logs, batch, first.LeaseToken);
        var resent = Batch(4, "four", "five");
        await SendRawAsync(logs, first.LeaseToken, resent, cutBodyInHalf: true);
        await SendRawAsync(logs, first.LeaseToken, resent, cutBodyInHalf: false);
        await SendLogsAsync(agent, logs, Batch(3, "three", "four", "five"), first.LeaseToken);

        var stored = await _fleet.LogsAsync(run.Id);
        Assert.Equal(["one", "two", "three", "four", "five"], stored.Select(l => l.Text));
        Assert.All(stored, l => Assert.Equal(("only", 1), (l.Job, l.Attempt)));

        // No heartbeats: the lease runs out, and the next claim (held open until then) gets the job's second attempt.
        var second = await ClaimAsync(agent);
        Assert.Equal((first.JobId, 2), (second.JobId, second.Attempt));
        var firstPaths = $"api/v1/jobs/{first.JobId}/attempts/1";
        var secondPaths = $"api/v1/jobs/{first.JobId}/attempts/2";
        var done = new JobCompletion("success", new Dictionary<string, string>(), [], [], 0.1);
        var refusals = new Dictionary<string, Func<Task>>
        {
            ["heartbeat"] = () => agent.SendAsync(HttpMethod.Post, firstPaths + "/heartbeat", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.HeartbeatResponse, CancellationToken.None, first.LeaseToken),
            ["logs"] = () => SendLogsAsync(agent, firstPaths + "/logs", Batch(6, "late"), first.LeaseToken),
            ["complete"] = () => agent.SendAsync(HttpMethod.Post, firstPaths + "/complete", done, ProtocolJson.Default.JobCompletion, ProtocolJson.Default.LogAck, CancellationToken.None, first.LeaseToken),
            ["logs of attempt 2 with the lease of attempt 1"] = () => SendLogsAsync(agent, secondPaths + "/logs", Batch(1, "impostor"), first.LeaseToken),
            ["complete of attempt 2 with the lease of attempt 1"] = () => agent.SendAsync(HttpMethod.Post, secondPaths + "/complete", done, ProtocolJson.Default.JobCompletion, ProtocolJson.Default.LogAck, CancellationToken.None, first.LeaseToken),
        };
        foreach (var (what, send) in refusals)
        {
            var refused = await Assert.ThrowsAsync<ApiException>(send);
            Assert.True(refused.Status == 409, $"{what}: {refused.Status} {refused.Message}");
        }

        await SendLogsAsync(agent, secondPaths + "/logs", Batch(1, "second attempt"), second.LeaseToken);
        await agent.SendAsync(HttpMethod.Post, secondPaths + "/complete", done, ProtocolJson.Default.JobCompletion, ProtocolJson.Default.LogAck, CancellationToken.None, second.LeaseToken);

        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.Equal("success", ended.Conclusion);
        var job = ended.Jobs.Single();
        Assert.Equal(["1 lost", "2 completed"], job.Attempts.Select(a => $"{a.Attempt} {a.Outcome}"));
        Assert.Equal(
            ["1 one", "1 two", "1 three", "1 four", "1 five", "2 second attempt"],
            (await _fleet.LogsAsync(run.Id)).Select(l => $"{l.Attempt} {l.Text}"));
    }

    public void Dispose() => _fleet.Dispose();

    private static LogBatch Batch(long firstSeq, params string[] texts) =>
        new([.. texts.Select((t, i) => new LogEntry(firstSeq + i, "line", "__run", t))]);

    private static Task SendLogsAsync(ApiClient agent, string path, LogBatch batch, string lease) =>
        agent.SendAsync(HttpMethod.Post, path, batch, ProtocolJson.Default.LogBatch, ProtocolJson.Default.LogAck, CancellationToken.None, lease);

    /// <summary>A batch sent over a connection that drops: either before the whole body arrived, or before the answer was read.</summary>
    private async Task SendRawAsync(string path, string lease, LogBatch batch, bool cutBodyInHalf)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, ProtocolJson.Default.LogBatch);
        var head = Encoding.ASCII.GetBytes(
            $"POST /{path} HTTP/1.1\r\nHost: 127.0.0.1:{_fleet.Port}\r\nAuthorization: Bearer {lease}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _fleet.Port).WaitAsync(Fleet.Patience);
        var stream = tcp.GetStream();
        await stream.WriteAsync(head);
        await stream.WriteAsync(cutBodyInHalf ? body.AsMemory(0, body.Length / 2) : body);
        await stream.FlushAsync();
        tcp.Client.Shutdown(SocketShutdown.Both);
    }

    private async Task<ApiClient> RegisterAsync(string name)
    {
        var registration = await _fleet.Api.SendAsync(HttpMethod.Post, "api/v1/tokens", new TokenCreate("agent", null, null), ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenCreated, CancellationToken.None);
        var agent = new ApiClient(_fleet.Url, null, Fleet.Patience);
        var registered = await agent.SendAsync(HttpMethod.Post, "api/v1/agents/register", new RegisterRequest(name, ["self-hosted", "ubuntu-latest"], "1"), ProtocolJson.Default.RegisterRequest, ProtocolJson.Default.RegisterResponse, CancellationToken.None, registration!.Token);
        agent.Token = registered!.Credential;
        return agent;
    }

    private static async Task<JobAssignment> ClaimAsync(ApiClient agent)
    {
        using var deadline = new CancellationTokenSource(Fleet.Patience);
        while (true)
        {
            // The server holds a claim open until a job is queued (up to its limit): an empty answer means "ask again".
            var job = await agent.SendAsync(HttpMethod.Post, "api/v1/agent/claim", new ClaimRequest(20), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.JobAssignment, deadline.Token);
            if (job is not null)
            {
                return job;
            }
        }
    }
}
