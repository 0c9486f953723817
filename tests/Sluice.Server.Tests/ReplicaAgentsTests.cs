using System.Globalization;
using Sluice.Protocol;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Two <c>sluice server</c> processes (replicas A and B) on one PostgreSQL schema, an agent talking to A only: B lists it
/// as A does (idle, then busy with its job, then idle again) with the version it runs, since both read what the store
/// knows rather than their own memory.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ReplicaAgentsTests : PostgresFleetTest
{

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task An_agent_heard_by_one_replica_is_online_busy_and_idle_with_its_version_on_the_other()
    {
        var release = Path.Combine(Fleet.Root.Path, "release");
        var repository = Fleet.Repository("shop", (".github/workflows/ci.yml", $$"""
            on: push
            jobs:
              hold:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      while [ ! -e "{{release}}" ]; do sleep 0.05; done
            """));
        Fleet.Database = Schema.Database;
        await Fleet.StartServerAsync();
        var (_, urlB) = await Fleet.StartReplicaAsync("server-b");
        using var apiB = new ApiClient(urlB, Fleet.AdminToken, Fleet.Patience);
        await Fleet.AddRepositoryAsync("shop", repository);
        await Fleet.StartAgentAsync("agent-a");

        var idle = await AgentThroughAsync(apiB, a => a.Status == "idle", "agent-a idle through B");
        Assert.Equal(SluiceVersion.Current, idle.Version);
        Assert.StartsWith("1.", idle.Version, StringComparison.Ordinal);
        Assert.Null(idle.RunningJob);

        var runId = (await Fleet.TriggerAsync("shop")).Id;
        var busy = await AgentThroughAsync(apiB, a => a.Status == "busy", "agent-a busy through B");
        Assert.Equal((runId, "hold"), (busy.RunningRun, busy.RunningJobKey));
        var onA = Assert.Single((await Fleet.Api.GetAsync("api/v1/agents", ProtocolJson.Default.IReadOnlyListAgentView, CancellationToken.None))!);
        Assert.Equal((onA.Status, onA.RunningJob, onA.Version), (busy.Status, busy.RunningJob, busy.Version));

        // `sluice agents` through B prints the same state and the version.
        var listed = await SluiceProcess.RunAsync(Fleet.Root.Path, Fleet.Patience, null, null, ["agents", "--server", urlB, "--token", Fleet.AdminToken]);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("agent-a", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("busy", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains(SluiceVersion.Current, listed.Stdout, StringComparison.Ordinal);

        await File.WriteAllTextAsync(release, "");
        var ended = await Fleet.WaitForEndAsync(runId);
        Assert.Equal("success", ended.Conclusion);
        var idleAgain = await AgentThroughAsync(apiB, a => a.Status == "idle", "agent-a idle again through B");
        Assert.Null(idleAgain.RunningJob);
        Assert.True(idleAgain.LastSeen >= idle.LastSeen, string.Create(CultureInfo.InvariantCulture, $"last seen went back from {idle.LastSeen:O} to {idleAgain.LastSeen:O}"));
    }

    private static async Task<AgentView> AgentThroughAsync(ApiClient api, Func<AgentView, bool> until, string what)
    {
        using var deadline = new CancellationTokenSource(Fleet.Patience);
        AgentView? last = null;
        try
        {
            while (true)
            {
                last = (await api.GetAsync("api/v1/agents", ProtocolJson.Default.IReadOnlyListAgentView, deadline.Token))!.SingleOrDefault(a => a.Name == "agent-a");
                if (last is not null && until(last))
                {
                    return last;
                }

                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"waited {Fleet.Patience} for {what}; last seen: {last}");
        }
    }
}
