using System.Globalization;
using Sluice.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sluice.Server.Tests;

/// <summary><c>sluice cancel</c> reaches the running step at once; the job's always() steps still run.</summary>
[Collection(FleetCollection.Name)]
public sealed class CancelTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The issue asks for one second; the bound leaves room for a busy machine, and the measured figure is printed.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Cancel_stops_the_running_step_at_once_and_always_steps_still_run()
    {
        var stopped = Path.Combine(_fleet.Root.Path, "stopped-at");
        // The step's own clock records when the signal reached it: the trap runs as soon as the shell gets SIGTERM.
        var repository = _fleet.Repository("slow", (".github/workflows/ci.yml", $$"""
            on: push
            jobs:
              long:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      trap 'date +%s%N > "{{stopped}}"; exit 143' TERM INT
                      echo "long step started"
                      sleep 300 &
                      wait $!
                  - run: echo "not reached"
                  - if: always()
                    run: echo "cleanup ran"
                  - if: cancelled()
                    run: echo "saw the cancel"
            """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("slow", repository);
        using var trigger = LiveSluice.Start("trigger", _fleet.Root.Path, "trigger", "slow", "--wait", "--server", _fleet.Url, "--token", _fleet.AdminToken);
        var started = await trigger.WaitForLineAsync(l => l.StartsWith("run ", StringComparison.Ordinal), "the run it started", Fleet.Patience);
        var runId = long.Parse(started.Split(' ', ':')[1], CultureInfo.InvariantCulture);
        await _fleet.WaitForLogAsync(runId, l => l.Text == "long step started", "the long step");

        var cancel = await _fleet.CliAsync("cancel", runId.ToString(CultureInfo.InvariantCulture));

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains($"run {runId} is being cancelled", cancel.Stdout, StringComparison.Ordinal);
        var ended = await _fleet.WaitForEndAsync(runId);
        Assert.Equal("cancelled", ended.Conclusion);
        Assert.Equal(130, await trigger.WaitForExitAsync(Fleet.Patience));
        var lines = (await _fleet.LogsAsync(runId)).Where(l => l.Kind == "line" && l.Step is not null).Select(l => l.Text).ToList();
        Assert.Equal(["long step started", "cleanup ran", "saw the cancel"], lines);
        var audit = await _fleet.Api.GetAsync("api/v1/audit", ProtocolJson.Default.IReadOnlyListAuditView, CancellationToken.None);
        var requested = audit!.Single(a => a.Action == "run.cancel" && a.Target == $"run {runId}").At;
        var reached = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(File.ReadAllText(stopped).Trim(), CultureInfo.InvariantCulture) / 1_000_000);
        var latency = reached - requested;
        output.WriteLine($"cancel latency, from the server recording the cancel to the step's trap: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < Bound, $"the step was stopped {latency.TotalMilliseconds:F0} ms after the cancel");
    }

    public void Dispose() => _fleet.Dispose();
}
