using Sluice.Protocol;

namespace Sluice.ServerCapacity;

/// <summary>Jobs queued on the server by triggering a workflow, and how many of them are not done yet.</summary>
internal sealed class JobQueue(ApiClient client, string repository, string workflow)
{
    private long _queued;
    private long _done;
    private int _triggers;

    public long Outstanding => Interlocked.Read(ref _queued) - Interlocked.Read(ref _done);

    public int Triggers => Volatile.Read(ref _triggers);

    public async Task TriggerAsync(CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(HttpMethod.Post, $"api/v1/repos/{Uri.EscapeDataString(repository)}/runs", new TriggerRequest("workflow_dispatch", null, null, workflow), ProtocolJson.Default.TriggerRequest, ProtocolJson.Default.TriggerResponse, cancellationToken);
        var jobs = response?.Runs.Sum(run => run.Jobs.Count) ?? 0;
        if (jobs == 0)
        {
            throw new InvalidOperationException($"triggering {workflow} queued no jobs: {response?.Message}");
        }

        Interlocked.Add(ref _queued, jobs);
        Interlocked.Increment(ref _triggers);
    }

    public void Done() => Interlocked.Increment(ref _done);
}
