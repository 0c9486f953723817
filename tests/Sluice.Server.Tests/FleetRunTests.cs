using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sluice.Server.Tests;

/// <summary>A run planned by the server and carried out by two agents: needs, a matrix, outputs, and <c>sluice trigger</c>'s answers.</summary>
[Collection(FleetCollection.Name)]
public sealed class FleetRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_run_with_needs_and_a_matrix_uses_both_agents_and_passes_outputs_through_needs()
    {
        var meet = Path.Combine(_fleet.Root.Path, "meet");
        await Fifo.MakeAsync(meet);
        var repository = _fleet.Repository(
            "shop",
            (".github/workflows/ok.yml", """
                name: fleet
                on: push
                jobs:
                  setup:
                    runs-on: ubuntu-latest
                    outputs:
                      greeting: ${{ steps.s.outputs.greeting }}
                    steps:
                      - id: s
                        run: echo "greeting=hello-from-setup" >> "$GITHUB_OUTPUT"
                  test:
                    needs: setup
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        n: [1, 2, 3]
                    steps:
                      - run: echo "leg ${{ matrix.n }} got ${{ needs.setup.outputs.greeting }}"
                      # Legs 1 and 2 meet at a named pipe: each blocks until the other has it open, so the run
                      # finishes only when two agents ran them at once (the timeout bounds the failing case).
                      - if: matrix.n == 1
                        run: timeout 90 cat "MEET"
                      - if: matrix.n == 2
                        run: echo met | timeout 90 tee "MEET"
                  report:
                    needs: [setup, test]
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "report saw ${{ needs.setup.outputs.greeting }}, test was ${{ needs.test.result }}"
                """.Replace("MEET", meet, StringComparison.Ordinal)),
            (".github/workflows/broken.yml", """
                name: broken
                on: push
                jobs:
                  broken:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo about to fail && exit 3
                """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("shop", repository);

        var passed = await _fleet.CliAsync("trigger", "shop", "--workflow", "ok.yml", "--wait", "--format", "json");

        Assert.True(passed.ExitCode == 0, passed.ToString());
        var response = JsonSerializer.Deserialize(passed.Stdout, ProtocolJson.Default.TriggerResponse);
        var run = Assert.Single(response!.Runs);
        Assert.Equal("success", run.Conclusion);
        Assert.Equal(
            ["report success", "setup success", "test-1 success", "test-2 success", "test-3 success"],
            run.Jobs.Select(j => $"{j.Key} {j.Conclusion}").Order(StringComparer.Ordinal));
        Assert.Equal("hello-from-setup", run.Jobs.Single(j => j.Key == "setup").Outputs["greeting"]);
        var legs = run.Jobs.Where(j => j.Key.StartsWith("test-", StringComparison.Ordinal)).ToDictionary(j => j.Key);
        Assert.NotEqual(legs["test-1"].Agent, legs["test-2"].Agent);
        Assert.Equal(["agent-a", "agent-b"], run.Jobs.Select(j => j.Agent!).Distinct().Order(StringComparer.Ordinal));
        var lines = await _fleet.LogsAsync(run.Id);
        foreach (var n in new[] { 1, 2, 3 })
        {
            Assert.Contains(lines, l => l.Job == $"test-{n}" && l.Kind == "line" && l.Text == $"leg {n} got hello-from-setup");
        }

        Assert.Contains(lines, l => l.Job == "report" && l.Text == "report saw hello-from-setup, test was success");
        // The server's structured log names each job's agent and the run's conclusion in fields of their own.
        foreach (var job in run.Jobs)
        {
            var claimed = await _fleet.WaitForServerLogAsync(3, s => s.GetProperty("RunId").GetInt64() == run.Id && s.GetProperty("Job").GetString() == job.Key, $"the log entry of {job.Key} given to an agent");
            Assert.Equal(job.Agent, claimed.GetProperty("Agent").GetString());
        }

        await _fleet.WaitForServerLogAsync(2, s => s.GetProperty("RunId").GetInt64() == run.Id && s.GetProperty("Conclusion").GetString() == "success", "the log entry of the run's conclusion");
        output.WriteLine($"run with needs and a 3-leg matrix on 2 agents: {(run.FinishedAt!.Value - run.CreatedAt).TotalSeconds:F1} s from trigger to end");

        var failed = await _fleet.CliAsync("trigger", "shop", "--workflow", "broken.yml", "--wait");

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("broken", failed.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"run \d+ \(broken #\d+, push refs/heads/main [0-9a-f]{12}\): failure", failed.Stdout);
    }

    public void Dispose() => _fleet.Dispose();
}
