using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>kill -9 of the agent that holds a job: the lease runs out, the job is tried again on the other agent, and nothing runs twice at once.</summary>
[Collection(FleetCollection.Name)]
public sealed class AgentLossTests : IDisposable
{
    private readonly Fleet _fleet = new();
    private readonly string _sideEffects;
    private readonly string _release;

    public AgentLossTests()
    {
        _sideEffects = Path.Combine(_fleet.Root.Path, "side-effects.txt");
        _release = Path.Combine(_fleet.Root.Path, "release");
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_job_whose_agent_machine_dies_is_tried_again_on_the_other_agent_once_its_lease_runs_out()
    {
        var (holder, other, run) = await HoldAJobAsync();

        holder.Kill();

        await FinishOnTheOtherAgentAsync(holder, other, run);
        Assert.Equal(["attempt started", "attempt started"], File.ReadAllLines(_sideEffects));
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_job_whose_agent_process_dies_stops_in_its_orphaned_worker_before_the_other_agent_takes_it()
    {
        var (holder, other, run) = await HoldAJobAsync();

        holder.KillAlone();

        await FinishOnTheOtherAgentAsync(holder, other, run);
        var sideEffects = File.ReadAllLines(_sideEffects);
        Assert.True(
            sideEffects.SequenceEqual(["attempt started", "attempt stopped", "attempt started"]),
            $"side effects: [{string.Join(", ", sideEffects)}]\n--- the killed agent and its orphaned worker wrote:\n{holder.Output}\n--- the run's log:\n{await _fleet.LogTextAsync(run.Id)}");
    }

    public void Dispose() => _fleet.Dispose();

    /// <summary>Starts a server (3 s leases) and two agents, and a job that one of them holds until the test releases it.</summary>
    private async Task<(LiveSluice Holder, LiveSluice Other, RunView Run)> HoldAJobAsync()
    {
        var lockFile = Path.Combine(_fleet.Root.Path, "lock");
        // The step takes a lock outside the workspace for as long as it runs: an attempt that finds it taken writes
        // "concurrent", which would mean two attempts of the job ran at once. A stopped attempt says so, once: the engine
        // sends SIGTERM once to each of the step's processes (bash would run its trap once per signal it received).
        var repository = _fleet.Repository("flaky-infra", (".github/workflows/hold.yml", $$"""
            on: push
            jobs:
              hold:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      exec 9>>"{{lockFile}}"
                      flock -n 9 || echo "concurrent" >> "{{_sideEffects}}"
                      trap 'echo "attempt stopped" >> "{{_sideEffects}}"; exit 143' TERM INT
                      echo "attempt started" >> "{{_sideEffects}}"
                      echo "holding"
                      while [ ! -e "{{_release}}" ]; do sleep 0.05; done
                      echo "released"
            """));
        await _fleet.StartServerAsync(leaseSeconds: 3);
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("flaky-infra", repository);
        var run = await _fleet.TriggerAsync("flaky-infra");
        await _fleet.WaitForLogAsync(run.Id, l => l.Text == "holding" && l.Attempt == 1, "attempt 1 holding");
        var first = (await _fleet.RunAsync(run.Id)).Jobs.Single();
        var agents = await _fleet.CliAsync("agents", "--format", "json");
        Assert.True(agents.ExitCode == 0, agents.ToString());
        var busy = JsonSerializer.Deserialize(agents.Stdout, ProtocolJson.Default.IReadOnlyListAgentView)!.Single(a => a.RunningJob == first.Id);
        Assert.Equal(first.Agent, busy.Name);
        Assert.Equal("busy", busy.Status);
        var holder = _fleet.Agents.Single(a => a.Name == busy.Name);
        return (holder, _fleet.Agents.Single(a => a != holder), run);
    }

    /// <summary>Waits for attempt 2 on the other agent, releases it, and checks what the run shows of both attempts.</summary>
    private async Task FinishOnTheOtherAgentAsync(LiveSluice holder, LiveSluice other, RunView run)
    {
        await _fleet.WaitForLogAsync(run.Id, l => l.Text == "holding" && l.Attempt == 2, "attempt 2 holding");
        var retried = (await _fleet.RunAsync(run.Id)).Jobs.Single();
        Assert.Equal((2, other.Name, "running"), (retried.Attempt, retried.Agent, retried.Status));
        File.WriteAllText(_release, "");
        var ended = await _fleet.WaitForEndAsync(run.Id);

        Assert.Equal("success", ended.Conclusion);
        var job = ended.Jobs.Single();
        Assert.Equal((2, other.Name, "success"), (job.Attempt, job.Agent, job.Conclusion));
        Assert.Equal(2, job.Attempts.Count);
        var (lost, finished) = (job.Attempts[0], job.Attempts[1]);
        Assert.Equal((1, holder.Name, "lost"), (lost.Attempt, lost.Agent, lost.Outcome));
        Assert.Contains("lease expired", lost.Reason, StringComparison.Ordinal);
        Assert.Equal((2, other.Name, "completed"), (finished.Attempt, finished.Agent, finished.Outcome));
        Assert.True(lost.EndedAt <= finished.StartedAt, $"attempt 1 ended at {lost.EndedAt:O}, after attempt 2 started at {finished.StartedAt:O}");
        var shown = await _fleet.CliAsync("runs", "--run", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches($@"hold\s+success on {other.Name} \(attempt 2\)", shown.Stdout);
        var log = await _fleet.LogsAsync(run.Id);
        Assert.Equal([1, 2], log.Where(l => l.Text == "holding").Select(l => l.Attempt));
        Assert.Equal([2], log.Where(l => l.Text == "released").Select(l => l.Attempt));
    }
}
