using System.Diagnostics;
using System.Globalization;
using Sluice.Protocol;

namespace Sluice.ServerCapacity;

/// <summary>
/// Claim-and-complete cycles per second: K simulated agents take queued jobs and report them done as fast as the server
/// lets them, for a fixed time per round. The queue is filled before each round (untimed) by triggering the workflow,
/// and topped up during a round only if it runs low (the refills are reported).
/// </summary>
internal static class CycleRounds
{
    // The agents ask for short waits so that a round ends promptly; with jobs queued every claim is answered at once.
    private const int ClaimWaitSeconds = 2;

    private const int LowWater = 1000;

    /// <summary>With several replicas, agent k talks to replica k mod n, and the queue is filled through the first.</summary>
    public static async Task<int> RunAsync(CapacityOptions options, IReadOnlyList<ApiClient> clients, IReadOnlyList<ServerProcess> servers, CancellationToken cancellationToken)
    {
        var agents = new List<SimulatedAgent>();
        for (var i = 1; i <= options.Agents; i++)
        {
            agents.Add(await SimulatedAgent.RegisterAsync(clients[(i - 1) % clients.Count], $"capacity-{i}", cancellationToken));
        }

        var queue = new JobQueue(clients[0], options.Repository!, options.Workflow!);
        var rates = new List<double>();
        var refills = 0;
        var residents = new List<double>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var wanted = Math.Max(5000, (long)(rates.DefaultIfEmpty(1000).Max() * options.Seconds * 1.5));
            var filling = Stopwatch.StartNew();
            while (queue.Outstanding < wanted)
            {
                await queue.TriggerAsync(cancellationToken);
            }

            await Console.Error.WriteLineAsync($"round {round}/{options.Rounds}: {queue.Outstanding} jobs queued in {filling.Elapsed.TotalSeconds:F1} s; {options.Agents} agents for {options.Seconds} s");
            var refillsBefore = queue.Triggers;
            var clock = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(options.Seconds);
            using var roundOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var feeder = KeepFedAsync(queue, roundOver.Token);
            var counts = await Task.WhenAll(agents.Select(agent => CycleAsync(agent, queue, clock, deadline, options.LogBatch, cancellationToken)));
            var elapsed = clock.Elapsed.TotalSeconds;
            await roundOver.CancelAsync();
            await feeder;
            refills += queue.Triggers - refillsBefore;
            var rate = counts.Sum() / elapsed;
            rates.Add(rate);
            residents.Add(servers.Max(server => server.ResidentMegabytes()));
            await Console.Error.WriteLineAsync($"round {round}: {counts.Sum()} cycles in {elapsed:F2} s = {rate:F0}/s; server RSS {residents[^1]} MB");
        }

        var median = Median(rates);
        var peak = servers.Max(server => server.PeakResidentMegabytes());
        await Console.Error.WriteLineAsync($"""
            | Sluice server{(servers.Count > 1 ? $", {servers.Count} replicas" : "")}, {options.Agents} simulated agents{(options.LogBatch ? ", one log batch per job" : "")} | |
            | --- | --- |
            | claim-and-complete cycles/s, median of {options.Rounds} rounds of {options.Seconds} s | {median:F0} |
            | rounds | {string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} |
            | server RSS after the rounds (MB{(servers.Count > 1 ? ", the largest replica" : "")}) | {string.Join(", ", residents.Select(r => r.ToString(CultureInfo.InvariantCulture)))} |
            | server peak RSS (MB, VmHWM) | {peak} |
            """);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"agents": {{options.Agents}}, "replicas": {{servers.Count}}, "log_batch": {{(options.LogBatch ? "true" : "false")}}, "seconds": {{options.Seconds}}, "cycles_per_s": {{median:F1}}, "rounds_per_s": [{{string.Join(", ", rates.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}}], "refills": {{refills}}, "rss_mb": {{residents.Max()}}, "peak_rss_mb": {{peak}}}"""));
        return 0;
    }

    private static async Task<int> CycleAsync(SimulatedAgent agent, JobQueue queue, Stopwatch clock, TimeSpan deadline, bool withLog, CancellationToken cancellationToken)
    {
        var cycles = 0;
        while (clock.Elapsed < deadline)
        {
            var job = await agent.ClaimAsync(ClaimWaitSeconds, cancellationToken);
            if (job is null)
            {
                continue;
            }

            await agent.FinishAsync(job, withLog, cancellationToken);
            queue.Done();
            cycles++;
        }

        return cycles;
    }

    private static async Task KeepFedAsync(JobQueue queue, CancellationToken roundOver)
    {
        try
        {
            while (true)
            {
                if (queue.Outstanding < LowWater)
                {
                    await queue.TriggerAsync(roundOver);
                }

                await Task.Delay(100, roundOver);
            }
        }
        catch (OperationCanceledException)
        {
            // The round is over.
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
