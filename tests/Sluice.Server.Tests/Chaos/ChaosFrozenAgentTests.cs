using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// Chaos: an agent frozen with SIGSTOP (it and everything it started, as a paused machine) past its job's lease, with
/// two replicas on one PostgreSQL and other runs going on. The job is queued again and run by the other agent; when the
/// frozen attempt wakes, what it sends is refused, and the run keeps the result of the attempt that took over.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ChaosFrozenAgentTests : PostgresFleetTest
{
    private const int LeaseSeconds = 3;

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_frozen_agents_job_is_run_again_elsewhere_and_its_late_writes_are_refused()
    {
        var load = new ChaosLoad(Fleet);
        var leaseTokens = Path.Combine(Fleet.Root.Path, "lease-token");
        var late = Path.Combine(Fleet.Root.Path, "late.txt");
        var finish = Path.Combine(Fleet.Root.Path, "finish");
        // Each attempt keeps its lease token where the test can send with it what a stale worker would. An attempt that
        // its worker stops (SIGTERM to the step) says so; one stopped by SIGKILL from its agent could not.
        Fleet.Database = Schema.Database;
        await Fleet.StartServerAsync(LeaseSeconds);
        var (_, urlB) = await Fleet.StartReplicaAsync("server-b");
        using var apiA = new ApiClient(Fleet.Url, Fleet.AdminToken, Fleet.Patience);
        using var apiB = new ApiClient(urlB, Fleet.AdminToken, Fleet.Patience);
        await load.AddAsync((".github/workflows/frozen.yml", $$"""
            on: push
            jobs:
              hold:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      {{ChaosLoad.Indent(load.RecordAttempt, 10)}}
                      echo "$SLUICE_HISTORY_TOKEN" > "{{leaseTokens}}-$attempt"
                      trap 'echo "attempt $attempt stopped" >> "{{late}}"; exit 143' TERM
                      echo "holding"
                      while [ ! -e "{{Fleet.ReleaseFile}}" ]; do sleep 0.05; done
                      echo "released"
                      while [ ! -e "{{finish}}" ]; do sleep 0.05; done
            """));
        await Fleet.StartAgentAtAsync($"{Fleet.Url},{urlB}", "agent-1", new Dictionary<string, string?>(), []);
        await Fleet.StartAgentAtAsync($"{urlB},{Fleet.Url}", "agent-2", new Dictionary<string, string?>(), []);
        var run = await load.TriggerAsync("frozen.yml", apiA);
        await Fleet.WaitForLogAsync(run, l => l.Text == "holding" && l.Attempt == 1, "attempt 1 holding");
        var first = (await Fleet.RunAsync(run)).Jobs.Single();
        var holder = Fleet.Agents.Single(a => a.Name == first.Agent);
        var other = Fleet.Agents.Single(a => a != holder);

        var frozen = await ProcessTree.FreezeAsync(holder.Id);
        long[] others = [await load.TriggerAsync("load.yml", apiB), await load.TriggerAsync("load.yml", apiA)];
        await Fleet.WaitForLogAsync(run, l => l.Text == "holding" && l.Attempt == 2, "attempt 2 holding");
        var retried = (await Fleet.RunAsync(run)).Jobs.Single();
        Assert.Equal((2, other.Name, "running"), (retried.Attempt, retried.Agent, retried.Status));
        File.WriteAllText(Fleet.ReleaseFile, "");
        await Fleet.WaitForLogAsync(run, l => l.Text == "released" && l.Attempt == 2, "attempt 2 released");

        // The frozen attempt's worker and step go on (its agent still frozen, so no heartbeat tells it anything): the
        // step says "released", the server refuses that log batch, and the worker stops the step.
        await ProcessTree.ContinueAsync(frozen);
        await FileWait.UntilAsync(late, text => text.Contains("attempt 1 stopped", StringComparison.Ordinal), "the frozen attempt stopped by its worker", Fleet.Patience);
        File.WriteAllText(finish, "");
        await load.AssertEachSucceededOnceAsync([run, .. others]);
        await ProcessTree.ContinueAsync([holder.Id]);
        await holder.WaitForLineAsync(
            l => l.StartsWith($"job hold of run {run} (attempt 1) ", StringComparison.Ordinal) && (l.EndsWith("was given to another agent", StringComparison.Ordinal) || l.Contains("was taken back by the server", StringComparison.Ordinal)),
            "the thawed agent learning that its attempt is over",
            Fleet.Patience);

        // Late writes under attempt 1's lease, through either replica: a log batch and a result, both refused.
        var job = first.Id;
        using var staleA = new ApiClient(Fleet.Url, File.ReadAllText($"{leaseTokens}-1").Trim(), Fleet.Patience);
        using var staleB = new ApiClient(urlB, File.ReadAllText($"{leaseTokens}-1").Trim(), Fleet.Patience);
        foreach (var stale in new[] { staleA, staleB })
        {
            var logs = await Assert.ThrowsAsync<ApiException>(() => stale.SendAsync(HttpMethod.Post, $"api/v1/jobs/{job}/attempts/1/logs", new LogBatch([new LogEntry(100_000, "line", null, "a late line")]), ProtocolJson.Default.LogBatch, ProtocolJson.Default.LogAck, CancellationToken.None));
            var result = await Assert.ThrowsAsync<ApiException>(() => stale.SendAsync(HttpMethod.Post, $"api/v1/jobs/{job}/attempts/1/complete", new JobCompletion("failure", new Dictionary<string, string>(), [], [], 1), ProtocolJson.Default.JobCompletion, ProtocolJson.Default.LogAck, CancellationToken.None));
            Assert.Equal((409, 409), (logs.Status, result.Status));
        }

        var ended = await Fleet.RunAsync(run);
        Assert.Equal(("completed", "success"), (ended.Status, ended.Conclusion));
        var hold = ended.Jobs.Single();
        Assert.Equal((2, other.Name, "success"), (hold.Attempt, hold.Agent, hold.Conclusion));
        Assert.Equal([(1, holder.Name, "lost"), (2, other.Name, "completed")], hold.Attempts.Select(a => (a.Attempt, a.Agent, a.Outcome)));
        Assert.Contains("lease expired", hold.Attempts[0].Reason, StringComparison.Ordinal);
        var log = await Fleet.LogsAsync(run);
        Assert.Equal([1, 2], log.Where(l => l.Text == "holding").Select(l => l.Attempt));
        Assert.Equal([2], log.Where(l => l.Text == "released").Select(l => l.Attempt));
        Assert.DoesNotContain(log, l => l.Text == "a late line");
        Assert.Equal(["attempt 1 stopped"], File.ReadAllLines(late));
        Assert.Equal([(run, "hold", 1), (run, "hold", 2)], load.Recorded().Where(r => r.Run == run));
    }
}
