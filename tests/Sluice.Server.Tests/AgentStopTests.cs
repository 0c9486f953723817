using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>An agent asked to stop (SIGTERM) takes no new job, finishes the one it runs, stops the worker it started ahead, and exits.</summary>
[Collection(FleetCollection.Name)]
public sealed class AgentStopTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task An_agent_asked_to_stop_finishes_its_job_takes_no_other_stops_its_spare_worker_and_exits()
    {
        var release = Path.Combine(_fleet.Root.Path, "release");
        var repository = _fleet.Repository("drain", (".github/workflows/ci.yml", $$"""
            on: push
            jobs:
              hold:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "holding"
                      while [ ! -e "{{release}}" ]; do sleep 0.05; done
                      echo "released"
              after:
                needs: hold
                runs-on: ubuntu-latest
                steps:
                  - run: echo "after ran"
            """));
        await _fleet.StartServerAsync();
        var draining = await _fleet.StartAgentAsync("draining");
        await _fleet.AddRepositoryAsync("drain", repository);
        var run = await _fleet.TriggerAsync("drain");
        await _fleet.WaitForLogAsync(run.Id, l => l.Text == "holding", "the held job");
        var work = _fleet.AgentWork("draining");
        var workersWhileHolding = WorkerProcesses.CountFor(work);

        await draining.TerminateAsync();
        await draining.WaitForLineAsync(l => l.StartsWith("asked to stop: finishing job hold", StringComparison.Ordinal), "its answer to SIGTERM", Fleet.Patience);
        File.WriteAllText(release, "");

        Assert.Equal(0, await draining.WaitForExitAsync(Fleet.Patience));
        Assert.Equal(2, workersWhileHolding); // the job's own, and the next job's started ahead
        Assert.Equal(0, WorkerProcesses.CountFor(work));
        var view = await _fleet.WaitForRunAsync(run.Id, r => r.Jobs.Any(j => j.Key == "after"), "the dependent job queued");
        var hold = view.Jobs.Single(j => j.Key == "hold");
        Assert.Equal(("success", 1, "draining"), (hold.Conclusion, hold.Attempt, hold.Agent));
        Assert.Equal("queued", view.Jobs.Single(j => j.Key == "after").Status);

        await _fleet.StartAgentAsync("fresh");
        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.Equal("success", ended.Conclusion);
        Assert.Equal("fresh", ended.Jobs.Single(j => j.Key == "after").Agent);
        Assert.Contains(await _fleet.LogsAsync(run.Id), l => l.Job == "hold" && l.Text == "released");
    }

    public void Dispose() => _fleet.Dispose();
}
