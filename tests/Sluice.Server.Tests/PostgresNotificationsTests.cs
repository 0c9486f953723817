using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Sluice.Server.Notifications;
using Sluice.Server.Runs;
using Sluice.Server.Storage.Postgres;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Two servers' notifications on one PostgreSQL schema (SLUICE_TEST_POSTGRES): a pulse on one wakes the other; a third
/// on another schema is not woken; a listening connection that is cut is opened again, and every signal is pulsed then.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class PostgresNotificationsTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly List<PostgresNotifications> _notifications = [];
    private PostgresTestSchema _schema = null!;
    private PostgresTestSchema _otherSchema = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresTestSchema.CreateAsync();
        _otherSchema = await PostgresTestSchema.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running).WaitAsync(Fleet.Patience);
        foreach (var notifications in _notifications)
        {
            await notifications.DisposeAsync();
        }

        _stopping.Dispose();
        await _schema.DisposeAsync();
        await _otherSchema.DisposeAsync();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_pulse_wakes_the_other_server_on_the_schema_only_and_a_cut_listener_comes_back_and_wakes_everyone()
    {
        var listener = $"listener_{Guid.NewGuid():N}";
        var timeA = new FakeTimeProvider();
        var (jobsA, runsA) = await StartAsync($"{_schema.Database}&application_name={listener}", timeA);
        var (jobsB, _) = await StartAsync(_schema.Database, TimeProvider.System);
        var (jobsElsewhere, _) = await StartAsync(_otherSchema.Database, TimeProvider.System);

        var woken = jobsA.Next;
        var runsQuiet = runsA.Next;
        var elsewhereQuiet = jobsElsewhere.Next;
        jobsB.Pulse();
        await woken.WaitAsync(Fleet.Patience);
        Assert.False(runsQuiet.IsCompleted, "a pulse of jobs woke the waiters on runs");

        // The connection A listens on is cut: A's waiters are woken when it drops, and those that began to wait while it
        // was down are woken when it listens again (after its pause, which A's clock measures).
        var dropped = jobsA.Next;
        Assert.Equal(1, await TerminateAsync(listener));
        await dropped.WaitAsync(Fleet.Patience);
        await runsQuiet.WaitAsync(Fleet.Patience);
        var whileDown = jobsA.Next;
        var relistened = _notifications[0].Listening;
        Assert.False(relistened.IsCompleted, "A listened again before its pause");
        timeA.Advance(TimeSpan.FromSeconds(1));
        await relistened.WaitAsync(Fleet.Patience);
        await whileDown.WaitAsync(Fleet.Patience);

        // A's pulses and B's pulses cross as before; the server on the other schema heard none of them.
        var again = jobsA.Next;
        jobsB.Pulse();
        await again.WaitAsync(Fleet.Patience);
        Assert.False(elsewhereQuiet.IsCompleted, "a pulse on one schema woke a server on another");
    }

    private async Task<(JobSignal Jobs, JobSignal Runs)> StartAsync(string database, TimeProvider time)
    {
        var jobs = new JobSignal("jobs");
        var runs = new JobSignal("runs");
        var notifications = new PostgresNotifications(PostgresDatabase.Parse(database), [jobs, runs], time, new ServerEvents());
        jobs.Notifications = notifications;
        runs.Notifications = notifications;
        _notifications.Add(notifications);
        _running.Add(notifications.RunAsync(_stopping.Token));
        await notifications.Listening.WaitAsync(Fleet.Patience);
        return (jobs, runs);
    }

    private async Task<int> TerminateAsync(string applicationName)
    {
        await using var source = NpgsqlDataSource.Create(PostgresDatabase.Parse(_schema.Database).ConnectionString);
        var pids = new List<int>();
        await using (var find = source.CreateCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @name"))
        {
            find.Parameters.AddWithValue("name", applicationName);
            await using var reader = await find.ExecuteReaderAsync().WaitAsync(Fleet.Patience);
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        foreach (var pid in pids)
        {
            await using var terminate = source.CreateCommand("SELECT pg_terminate_backend(@pid)");
            terminate.Parameters.AddWithValue("pid", pid);
            await terminate.ExecuteScalarAsync().WaitAsync(Fleet.Patience);
        }

        return pids.Count;
    }
}
