using System.Diagnostics;
using System.Globalization;
using Sluice.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sluice.Server.Tests;

/// <summary>
/// Two <c>sluice server</c> processes (replicas A and B) on one PostgreSQL schema and one data folder: what happens
/// through one reaches those waiting on the other at once (LISTEN/NOTIFY), not when their waits run out.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ReplicaEventsTests(ITestOutputHelper output) : PostgresFleetTest
{
    /// <summary>How long the agent's claim waits (AgentLoop asks for 20 s): a claim given sooner was woken.</summary>
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(20);

    /// <summary>Well under every timed re-check in play (claim 20 s, log follow 20 s, held heartbeat 20 s with a 60 s lease).</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(8);

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_job_queued_followed_and_cancelled_through_one_replica_reaches_the_agent_on_the_other_at_once()
    {
        var release = Path.Combine(Fleet.Root.Path, "release");
        var repository = Fleet.Repository("shop", (".github/workflows/ci.yml", $$"""
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "built"
              hold:
                needs: build
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "holding"
                      while [ ! -e "{{release}}" ]; do sleep 0.05; done
                      echo "released"
                      while true; do sleep 0.05; done
            """));
        Fleet.Database = Schema.Database;
        await Fleet.StartServerAsync(leaseSeconds: 60);
        // Replica B: the same database and data folder as A (admin token, keys, blobs), its own port.
        var (_, urlB) = await Fleet.StartReplicaAsync("server-b");
        using var apiB = new ApiClient(urlB, Fleet.AdminToken, Fleet.Patience);
        await Fleet.AddRepositoryAsync("shop", repository);
        await Fleet.StartAgentAsync("agent-a");
        var claimStarted = await IdleSinceAsync("agent-a");

        // Queued through B while the agent's one claim waits on A: given before that claim's wait ran out.
        var runId = (await Fleet.TriggerAsync("shop", through: apiB)).Id;
        var building = await Fleet.WaitForRunAsync(runId, r => r.Jobs.Any(j => j.Key == "build" && j.StartedAt is not null), "build to start");
        var build = building.Jobs.Single(j => j.Key == "build");
        output.WriteLine($"build queued through B, given through A after {(build.StartedAt!.Value - build.QueuedAt).TotalSeconds:0.###} s; the claim had waited {(build.StartedAt.Value - claimStarted).TotalSeconds:0.###} s");
        Assert.True(build.StartedAt.Value - claimStarted < ClaimWait, $"the claim that waited since {claimStarted:O} was not woken: the job started at {build.StartedAt:O}");
        Assert.True(build.StartedAt.Value - build.QueuedAt < Prompt, $"queued at {build.QueuedAt:O}, started at {build.StartedAt:O}");

        // build ended through A, which advanced the run B started: hold is queued and runs. Its lines reach B's follower as they come.
        using var follow = LiveSluice.Start("follow-b", Fleet.Root.Path, false, Client(urlB, "logs", runId.ToString(CultureInfo.InvariantCulture), "--follow"));
        await follow.WaitForLineAsync(l => l.Contains("holding", StringComparison.Ordinal), "the hold job's first line through B", Fleet.Patience);
        var released = Stopwatch.StartNew();
        await File.WriteAllTextAsync(release, "");
        await follow.WaitForLineAsync(l => l.Contains("released", StringComparison.Ordinal), "the line written after the release, through B", Fleet.Patience);
        output.WriteLine($"a line the agent sent to A reached the follower on B {released.Elapsed.TotalSeconds:0.###} s after the release");
        Assert.True(released.Elapsed < Prompt, $"the follower on B took {released.Elapsed} to print a line sent to A");

        // Cancelled through B: the heartbeat held open on A answers at once, and the agent stops the step.
        var cancelling = Stopwatch.StartNew();
        var cancelled = await SluiceProcess.RunAsync(Fleet.Root.Path, Fleet.Patience, null, null, Client(urlB, "cancel", runId.ToString(CultureInfo.InvariantCulture)));
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        var ended = await Fleet.WaitForEndAsync(runId);
        output.WriteLine($"cancelled through B, ended through A {cancelling.Elapsed.TotalSeconds:0.###} s later");
        Assert.True(cancelling.Elapsed < Prompt, $"the run ended {cancelling.Elapsed} after the cancel through B");

        Assert.Equal("cancelled", ended.Conclusion);
        Assert.Equal(["build 1 success", "hold 1 cancelled"], ended.Jobs.Select(j => $"{j.Key} {j.Attempt} {j.Conclusion}").Order(StringComparer.Ordinal));
        await follow.WaitForExitAsync(Fleet.Patience);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_page_following_one_replica_hears_at_once_of_a_run_started_through_the_other()
    {
        var repository = Fleet.Repository("shop", (".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: no-agent-has-this\n    steps:\n      - run: echo built\n"));
        Fleet.Database = Schema.Database;
        await Fleet.StartServerAsync();
        var (_, urlB) = await Fleet.StartReplicaAsync("server-b");
        await Fleet.AddRepositoryAsync("shop", repository);
        using var http = new HttpClient { BaseAddress = new Uri(urlB), Timeout = Fleet.Patience };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Fleet.AdminToken);
        using var deadline = new CancellationTokenSource(Fleet.Patience);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        Assert.Equal(": open", await events.ReadLineAsync(deadline.Token));

        var triggered = Stopwatch.StartNew();
        await Fleet.TriggerAsync("shop");
        string? data = null;
        while (data is null && await events.ReadLineAsync(deadline.Token) is { } line)
        {
            data = line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"runs\":true", StringComparison.Ordinal) ? line : null;
        }

        output.WriteLine($"a run started through A was an event on B {triggered.Elapsed.TotalSeconds:0.###} s after the trigger was sent: {data}");
        Assert.NotNull(data);
        Assert.True(triggered.Elapsed < Prompt, $"the event on B came {triggered.Elapsed} after the trigger through A");
    }

    /// <summary>When the agent's waiting claim began, as replica A saw it (its presence is in A's memory).</summary>
    private async Task<DateTimeOffset> IdleSinceAsync(string name)
    {
        using var deadline = new CancellationTokenSource(Fleet.Patience);
        while (true)
        {
            var agents = await Fleet.Api.GetAsync("api/v1/agents", ProtocolJson.Default.IReadOnlyListAgentView, deadline.Token);
            if (agents!.SingleOrDefault(a => a.Name == name) is { Status: "idle" } agent)
            {
                return agent.LastSeen;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private string[] Client(string url, params string[] args) => [.. args, "--server", url, "--token", Fleet.AdminToken];
}
