using System.Diagnostics;
using System.Globalization;
using Sluice.Protocol;

namespace Sluice.ServerCapacity;

/// <summary>
/// The server's memory with many idle agents connected: each simulated agent holds a claim open (20 s waits, as
/// <c>sluice agent</c> asks) and asks again when it is answered with no work, for the whole time; nothing is queued.
/// </summary>
internal static class IdleConnections
{
    private const int ClaimWaitSeconds = 20;

    public static async Task<int> RunAsync(CapacityOptions options, ApiClient client, ServerProcess server, CancellationToken cancellationToken)
    {
        var agents = new List<SimulatedAgent>();
        for (var i = 1; i <= options.Agents; i++)
        {
            agents.Add(await SimulatedAgent.RegisterAsync(client, $"idle-{i}", cancellationToken));
        }

        var idle = server.ResidentMegabytes();
        await Console.Error.WriteLineAsync($"{options.Agents} agents registered; server RSS with none connected {idle} MB; holding claims for {options.Seconds} s");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var holders = agents.Select(agent => HoldAsync(agent, stop.Token)).ToList();
        var clock = Stopwatch.StartNew();
        var highest = 0.0;
        var seen = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(options.Seconds))
        {
            await Task.Delay(1000, cancellationToken);
            highest = Math.Max(highest, server.ResidentMegabytes());
            if (seen == 0 && clock.Elapsed > TimeSpan.FromSeconds(options.Seconds / 2.0))
            {
                var listed = await client.GetAsync("api/v1/agents", ProtocolJson.Default.IReadOnlyListAgentView, cancellationToken) ?? [];
                seen = listed.Count(agent => agent.Status == "idle");
            }
        }

        var connected = server.ResidentMegabytes();
        await stop.CancelAsync();
        var answered = (await Task.WhenAll(holders)).Sum();
        await Console.Error.WriteLineAsync($"""
            | Sluice server, {options.Agents} idle agents each holding a claim open for {options.Seconds} s | |
            | --- | --- |
            | server RSS, no agent connected (MB) | {idle} |
            | server RSS, all connected: at the end / highest (MB) | {connected} / {highest} |
            | agents the server listed idle halfway | {seen} |
            | claims answered "no work" meanwhile | {answered} |
            """);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"agents": {{options.Agents}}, "seconds": {{options.Seconds}}, "idle_rss_mb": {{idle}}, "connected_rss_mb": {{connected}}, "connected_rss_max_mb": {{highest}}, "listed_idle": {{seen}}, "empty_claims": {{answered}}}"""));
        return 0;
    }

    private static async Task<int> HoldAsync(SimulatedAgent agent, CancellationToken stop)
    {
        var empty = 0;
        try
        {
            while (true)
            {
                var job = await agent.ClaimAsync(ClaimWaitSeconds, stop);
                if (job is not null)
                {
                    throw new InvalidOperationException($"nothing was queued, yet the server gave out job {job.JobId}");
                }

                empty++;
            }
        }
        catch (OperationCanceledException)
        {
            return empty;
        }
    }
}
