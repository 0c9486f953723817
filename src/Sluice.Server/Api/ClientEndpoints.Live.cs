using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;

namespace Sluice.Server.Api;

/// <summary>
/// Live answers for pages, as server-sent events: what changed (runs, agents), and a run's log as it is written. They
/// wake on the server's signals, which on PostgreSQL carry the other replicas' changes too, so a page may follow a run
/// through any replica.
/// </summary>
public static partial class ClientEndpoints
{
    /// <summary>The shortest time between two change events: changes in between are sent together in the next.</summary>
    private static readonly TimeSpan ChangeWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>The most lines one event of a log stream holds.</summary>
    private const int LinesPerEvent = 2000;

    /// <summary><c>GET /api/v1/events</c>: an event <c>changed</c> when runs or agents may have changed, at most one per <see cref="ChangeWindow"/>.</summary>
    private static async Task Changes(HttpContext context, ServerState server)
    {
        var (_, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewRuns);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        using var stream = await EventStream.StartAsync(context);
        try
        {
            var runs = RunChange(server);
            var agents = AgentChange(server);
            while (true)
            {
                try
                {
                    await Task.WhenAny(runs, agents).WaitAsync(EventStream.Heartbeat, server.Time, stream.Ending);
                }
                catch (TimeoutException)
                {
                    await stream.CommentAsync("heartbeat");
                    continue;
                }

                // The next changes are taken before this one is sent, so that none that comes meanwhile is missed.
                var change = new ChangeEvent(runs.IsCompleted, agents.IsCompleted, server.Time.GetUtcNow());
                runs = change.Runs ? RunChange(server) : runs;
                agents = change.Agents ? AgentChange(server) : agents;
                await stream.EventAsync("changed", JsonSerializer.Serialize(change, ProtocolJson.Default.ChangeEvent));
                await Task.Delay(ChangeWindow, server.Time, stream.Ending);
            }
        }
        catch (OperationCanceledException) when (stream.Ending.IsCancellationRequested)
        {
            // The client went, or the server stops.
        }
    }

    /// <summary>
    /// <c>GET /api/v1/runs/{id}/logs/stream</c>: the lines after <c>after</c> (or the <c>Last-Event-ID</c> an
    /// EventSource sends when it reconnects) as events <c>lines</c> (a JSON array, its id the last line's), then the new
    /// ones as they are stored, then <c>done</c> (the run, without its jobs) once the run has ended and every line is sent.
    /// </summary>
    private static async Task LogStream(HttpContext context, ServerState server)
    {
        var (run, problem) = await RunWithLogsAsync(context, server);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var job = context.Request.Query["job"].FirstOrDefault() is { Length: > 0 } key ? key : null;
        var after = LastEventId(context) ?? (long.TryParse(context.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0);
        using var stream = await EventStream.StartAsync(context);
        try
        {
            while (true)
            {
                var change = LogChange(server);
                // The run's state is read before its lines: lines stored before it ended are then all in this read.
                var current = await server.Store.RunAsync(run!.Id, stream.Ending);
                var lines = await server.Store.LogsAsync(run.Id, after, job, LinesPerEvent, stream.Ending);
                if (lines.Count > 0)
                {
                    after = lines[^1].Id;
                    var batch = lines.Select(LogLine).ToList();
                    await stream.EventAsync("lines", JsonSerializer.Serialize<IReadOnlyList<LogLineView>>(batch, ProtocolJson.Default.IReadOnlyListLogLineView), after.ToString(CultureInfo.InvariantCulture));
                    continue;
                }

                if (current!.Status == Storage.RunStatuses.Completed)
                {
                    await stream.EventAsync("done", JsonSerializer.Serialize(Views.Summary(current), ProtocolJson.Default.RunView));
                    return;
                }

                try
                {
                    await change.WaitAsync(EventStream.Heartbeat, server.Time, stream.Ending);
                }
                catch (TimeoutException)
                {
                    await stream.CommentAsync("heartbeat");
                }
            }
        }
        catch (OperationCanceledException) when (stream.Ending.IsCancellationRequested)
        {
            // The client went, or the server stops; a client that comes back resumes from its last event's id.
        }
    }

    private static Task RunChange(ServerState server) => Task.WhenAny(server.RunSignal.Next, server.JobSignal.Next);

    private static Task AgentChange(ServerState server) => Task.WhenAny(server.AgentSignal.Next, server.JobSignal.Next);

    private static long? LastEventId(HttpContext context) =>
        long.TryParse(context.Request.Headers["Last-Event-ID"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
