using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Triggers;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>on.schedule</c> on the server, with its clock in the test's hands: each cron slot fires once, also across a
/// restart of the server on the same data, and after downtime only the latest missed slot fires.
/// </summary>
public sealed class ScheduleTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _root = new();

    [Fact(Timeout = 300_000)]
    public async Task A_slot_fires_once_even_across_a_restart_and_downtime_fires_only_the_latest_missed_slot()
    {
        var repository = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "shop");
        repository.Commit("initial", (".github/workflows/nightly.yml", "on:\n  schedule:\n    - cron: '*/5 * * * *'\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.schedule }}\n"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));
        // The background rounds wait on this clock for a month, so only the test's own rounds run.
        var options = new ServerOptions { DataDirectory = Path.Combine(_root.Path, "data"), Listen = "127.0.0.1:0", ScheduleRound = TimeSpan.FromDays(30), LogFormat = "none" };

        await using (var server = await SluiceServer.StartAsync(options, clock, null, CancellationToken.None).WaitAsync(Within))
        {
            var added = await server.State.Store.AddRepositoryAsync("shop", repository.Work, null, null, clock.GetUtcNow(), CancellationToken.None);
            await server.State.Mirror.FetchAsync(added, CancellationToken.None).WaitAsync(Within);
            await server.State.Store.SetRepositoryPolledAsync(added.Id, "main", null, CancellationToken.None);
            var schedules = new ScheduleLoop(server.State);

            await schedules.RoundAsync(CancellationToken.None).WaitAsync(Within);
            Assert.Empty(await RunsAsync(server));

            clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 5, 10, TimeSpan.Zero));
            await schedules.RoundAsync(CancellationToken.None).WaitAsync(Within);
            await schedules.RoundAsync(CancellationToken.None).WaitAsync(Within);
            var first = Assert.Single(await RunsAsync(server));
            Assert.Equal(("schedule", "refs/heads/main"), (first.Event, first.Ref));
            Assert.Contains("\"schedule\":\"*/5 * * * *\"", first.ContextJson, StringComparison.Ordinal);
        }

        clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 5, 40, TimeSpan.Zero));
        await using (var restarted = await SluiceServer.StartAsync(options, clock, null, CancellationToken.None).WaitAsync(Within))
        {
            var schedules = new ScheduleLoop(restarted.State);
            await schedules.RoundAsync(CancellationToken.None).WaitAsync(Within);
            Assert.Single(await RunsAsync(restarted));

            // Down from 00:05 to 00:21: the 00:10, 00:15 and 00:20 slots were missed; only 00:20 fires, as on GitHub.
            clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 21, 0, TimeSpan.Zero));
            await schedules.RoundAsync(CancellationToken.None).WaitAsync(Within);
            Assert.Equal(2, (await RunsAsync(restarted)).Count);
            var audit = await restarted.State.Store.AuditLogAsync(10, CancellationToken.None);
            Assert.Equal(
                ["schedule '*/5 * * * *' at 2026-01-01 00:05:00Z for .github/workflows/nightly.yml", "schedule '*/5 * * * *' at 2026-01-01 00:20:00Z for .github/workflows/nightly.yml"],
                audit.Where(a => a.Actor == "schedule").Select(a => a.Detail!).Order(StringComparer.Ordinal));
        }
    }

    private static async Task<IReadOnlyList<Sluice.Server.Storage.RunRecord>> RunsAsync(SluiceServer server) =>
        await server.State.Store.RunsAsync("shop", 100, CancellationToken.None).WaitAsync(Within);

    public void Dispose() => _root.Dispose();
}
