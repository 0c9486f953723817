using System.Globalization;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Ctrl-C or SIGTERM to a client that follows or waits for a run ends the client, not the run: exit 130, a line that
/// says the run goes on on the server, and the run indeed going on to its end.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FollowInterruptTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Ctrl_c_and_sigterm_end_following_and_waiting_clients_with_130_while_the_run_goes_on()
    {
        var release = _fleet.ReleaseFile;
        var repository = _fleet.HoldingRepository("followed");
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("runner");
        await _fleet.AddRepositoryAsync("followed", repository);

        // Ctrl-C in a terminal: SIGINT to the process group of `sluice trigger --follow`.
        var trigger = Client(true, "trigger", "followed", "--follow");
        await trigger.WaitForLineAsync(l => l == "[hold] holding", "the job's first line", Fleet.Patience);
        var runId = (await _fleet.Api.GetAsync("api/v1/runs", ProtocolJson.Default.IReadOnlyListRunView, CancellationToken.None))!.Single().Id;
        await trigger.InterruptGroupAsync();
        Assert.Equal(130, await trigger.WaitForExitAsync(Fleet.Patience));
        Assert.Contains($"sluice: stopped waiting; run {runId} goes on on the server (sluice cancel {runId} stops it)", trigger.Output, StringComparison.Ordinal);

        // SIGTERM to `sluice logs --follow` and to `sluice trigger --wait` (a service manager, a CI step timing out).
        var id = runId.ToString(CultureInfo.InvariantCulture);
        var logs = Client(false, "logs", id, "--follow");
        await logs.WaitForLineAsync(l => l == "[hold] holding", "the job's first line", Fleet.Patience);
        var waiting = Client(false, "trigger", "followed", "--wait");
        await waiting.WaitForLineAsync(l => l.StartsWith("run ", StringComparison.Ordinal), "the run it started", Fleet.Patience);
        await logs.TerminateAsync();
        await waiting.TerminateAsync();
        Assert.Equal(130, await logs.WaitForExitAsync(Fleet.Patience));
        Assert.Equal(130, await waiting.WaitForExitAsync(Fleet.Patience));
        Assert.Contains($"run {runId} goes on on the server", logs.Output, StringComparison.Ordinal);
        Assert.Contains("goes on on the server", waiting.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", trigger.Output + logs.Output + waiting.Output, StringComparison.Ordinal);

        Assert.Equal("in_progress", (await _fleet.RunAsync(runId)).Status);
        File.WriteAllText(release, "");
        Assert.Equal("success", (await _fleet.WaitForEndAsync(runId)).Conclusion);
        foreach (var client in new[] { trigger, logs, waiting })
        {
            client.Dispose();
        }
    }

    public void Dispose() => _fleet.Dispose();

    private LiveSluice Client(bool ownSession, params string[] args) =>
        LiveSluice.Start(args[0], _fleet.Root.Path, ownSession, [.. args, "--server", _fleet.Url, "--token", _fleet.AdminToken]);
}
