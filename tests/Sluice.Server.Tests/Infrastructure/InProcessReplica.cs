namespace Sluice.Server.Tests.Infrastructure;

/// <summary>
/// A server started in the test's process on a PostgreSQL schema, with the test's clock, as one of several replicas: on
/// loopback, without its log, and with the background rounds the tests run themselves (schedules, retention, letting go
/// of runs concluded elsewhere) left to the test.
/// </summary>
public static class InProcessReplica
{
    public static ServerOptions Options(PostgresTestSchema schema, string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        Database = schema.Database,
        Listen = "127.0.0.1:0",
        LogFormat = "none",
        ScheduleRound = Timeout.InfiniteTimeSpan,
        RetentionSweep = Timeout.InfiniteTimeSpan,
        RunStateSweep = Timeout.InfiniteTimeSpan,
    };

    public static Task<SluiceServer> StartAsync(PostgresTestSchema schema, string dataDirectory, TimeProvider clock) =>
        SluiceServer.StartAsync(Options(schema, dataDirectory), clock, null, CancellationToken.None).WaitAsync(Fleet.Patience);
}
