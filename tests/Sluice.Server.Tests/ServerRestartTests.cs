using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>kill -9 of the server in the middle of a run, and a restart on the same data folder and port.</summary>
[Collection(FleetCollection.Name)]
public sealed class ServerRestartTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_run_survives_a_killed_server_and_nothing_in_it_is_lost_or_doubled()
    {
        var sideEffects = Path.Combine(_fleet.Root.Path, "side-effects.txt");
        var release = Path.Combine(_fleet.Root.Path, "release");
        var repository = _fleet.Repository("sturdy", (".github/workflows/ci.yml", $$$"""
            on: push
            jobs:
              first:
                runs-on: ubuntu-latest
                outputs:
                  token: ${{ steps.t.outputs.token }}
                steps:
                  - id: t
                    run: |
                      echo "first" >> "{{{sideEffects}}}"
                      echo "token=made-before-the-crash" >> "$GITHUB_OUTPUT"
              hold:
                needs: first
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "hold" >> "{{{sideEffects}}}"
                      for i in $(seq 1 40); do echo "before $i"; done
                      echo "holding"
                      while [ ! -e "{{{release}}}" ]; do sleep 0.05; done
                      for i in $(seq 1 40); do echo "after $i"; done
                      echo "hold finished" >> "{{{sideEffects}}}"
              last:
                needs: [first, hold]
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "last" >> "{{{sideEffects}}}"
                      echo "last saw ${{ needs.first.outputs.token }}"
            """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("sturdy", repository);
        var run = await _fleet.TriggerAsync("sturdy");
        await _fleet.WaitForLogAsync(run.Id, l => l.Text == "holding", "the held job");
        var port = _fleet.Port;

        await _fleet.KillServerAsync();
        // The held job ends while the server is down: its last lines and its result wait for the server to return.
        File.WriteAllText(release, "");
        await FileWait.UntilAsync(sideEffects, text => text.Contains("hold finished", StringComparison.Ordinal), "end of the held step", Fleet.Patience);
        await _fleet.RestartServerAsync();

        Assert.Equal(port, _fleet.Port);
        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended) + "\n" + await _fleet.LogTextAsync(run.Id));
        Assert.All(ended.Jobs, j => Assert.Equal((1, 1, "success"), (j.Attempt, j.Attempts.Count, j.Conclusion)));
        Assert.Equal(["first", "hold", "hold finished", "last"], File.ReadAllLines(sideEffects));
        var log = await _fleet.LogsAsync(run.Id);
        string[] expected = [.. Enumerable.Range(1, 40).Select(i => $"before {i}"), "holding", .. Enumerable.Range(1, 40).Select(i => $"after {i}")];
        Assert.Equal(expected, log.Where(l => l.Job == "hold" && l.Kind == "line" && l.Step is not null).Select(l => l.Text));
        Assert.Equal(log.Count, log.Select(l => l.Id).Distinct().Count());
        Assert.Contains(log, l => l.Job == "last" && l.Text == "last saw made-before-the-crash");
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_call_survives_a_killed_server_its_scope_rebuilt_from_the_recorded_call()
    {
        var sideEffects = Path.Combine(_fleet.Root.Path, "side-effects.txt");
        var release = Path.Combine(_fleet.Root.Path, "release");
        var repository = _fleet.Repository(
            "calling",
            (".github/workflows/ci.yml", """
                on: push
                jobs:
                  call:
                    uses: ./.github/workflows/held.yml
                    with: { word: kept }
                  again:
                    needs: call
                    uses: ./.github/workflows/held.yml
                    with: { word: "${{ needs.call.outputs.word }}-again" }
                  after:
                    needs: [call, again]
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "after saw ${{ needs.call.outputs.word }} and ${{ needs.again.outputs.word }}"
                """),
            (".github/workflows/held.yml", $$$"""
                on:
                  workflow_call:
                    inputs: { word: { type: string, required: true } }
                    outputs: { word: { value: "${{ jobs.hold.outputs.word }}" } }
                jobs:
                  hold:
                    runs-on: ubuntu-latest
                    outputs: { word: "${{ steps.w.outputs.word }}" }
                    steps:
                      - id: w
                        run: |
                          echo "hold ${{ inputs.word }}" >> "{{{sideEffects}}}"
                          echo "holding"
                          while [ ! -e "{{{release}}}" ]; do sleep 0.05; done
                          echo "word=${{ inputs.word }}-done" >> "$GITHUB_OUTPUT"
                """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("calling", repository);
        var run = await _fleet.TriggerAsync("calling", "ci.yml");
        await _fleet.WaitForLogAsync(run.Id, l => l.Job == "call.hold" && l.Text == "holding", "the called job holding");

        await _fleet.KillServerAsync();
        File.WriteAllText(release, "");
        await FileWait.UntilAsync(sideEffects, text => text.Contains("hold kept", StringComparison.Ordinal), "the held step", Fleet.Patience);
        await _fleet.RestartServerAsync();

        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended) + "\n" + await _fleet.LogTextAsync(run.Id));
        Assert.Equal(["after", "again", "again.hold", "call", "call.hold"], ended.Jobs.Select(j => j.Key).Order(StringComparer.Ordinal));
        Assert.All(ended.Jobs, j => Assert.Equal("success", j.Conclusion));
        // The calling jobs have no process of their own, so no attempt; the jobs that ran did once.
        Assert.Equal([("after", 1), ("again", 0), ("again.hold", 1), ("call", 0), ("call.hold", 1)], ended.Jobs.Select(j => (j.Key, j.Attempt)).Order());
        Assert.Equal(["hold kept", "hold kept-done-again"], File.ReadAllLines(sideEffects));
        var log = await _fleet.LogsAsync(run.Id);
        Assert.Contains(log, l => l.Job == "after" && l.Text == "after saw kept-done and kept-done-again-done");
    }

    public void Dispose() => _fleet.Dispose();
}
