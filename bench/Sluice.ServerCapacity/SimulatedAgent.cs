using Sluice.Protocol;

namespace Sluice.ServerCapacity;

/// <summary>
/// An agent that speaks the real protocol (register with a one-time token, claim with its credential, write the
/// attempt's log and result with the lease token) but runs nothing: each job succeeds at once.
/// </summary>
internal sealed class SimulatedAgent(ApiClient client, string credential)
{
    private static readonly JobCompletion Success = new(
        "success",
        new Dictionary<string, string>(),
        [new StepSummary("1", "true", "success", "success", 0)],
        [],
        0);

    public static async Task<SimulatedAgent> RegisterAsync(ApiClient client, string name, CancellationToken cancellationToken)
    {
        var token = await client.SendAsync(HttpMethod.Post, "api/v1/tokens", new TokenCreate("agent", null, "capacity benchmark"), ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenCreated, cancellationToken)
            ?? throw new InvalidOperationException("the server created no token");
        var registered = await client.SendAsync(HttpMethod.Post, "api/v1/agents/register", new RegisterRequest(name, ["self-hosted", "linux"], "capacity"), ProtocolJson.Default.RegisterRequest, ProtocolJson.Default.RegisterResponse, cancellationToken, token.Token)
            ?? throw new InvalidOperationException("the server registered no agent");
        return new SimulatedAgent(client, registered.Credential);
    }

    /// <summary>Asks for work as <c>sluice agent</c> does; null when the server had none within the wait.</summary>
    public Task<JobAssignment?> ClaimAsync(int waitSeconds, CancellationToken cancellationToken) =>
        client.SendAsync(HttpMethod.Post, "api/v1/agent/claim", new ClaimRequest(waitSeconds), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.JobAssignment, cancellationToken, credential);

    public async Task FinishAsync(JobAssignment job, bool withLog, CancellationToken cancellationToken)
    {
        var attempt = $"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}";
        if (withLog)
        {
            var now = DateTimeOffset.UtcNow;
            var batch = new LogBatch([new LogEntry(1, "step", "1", "Run true", null, now), new LogEntry(2, "step-end", "1", "success", null, now)]);
            await client.SendAsync(HttpMethod.Post, attempt + "/logs", batch, ProtocolJson.Default.LogBatch, ProtocolJson.Default.LogAck, cancellationToken, job.LeaseToken);
        }

        await client.SendAsync(HttpMethod.Post, attempt + "/complete", Success, ProtocolJson.Default.JobCompletion, ProtocolJson.Default.LogAck, cancellationToken, job.LeaseToken);
    }
}
