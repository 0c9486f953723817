using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Security.Tokens;

namespace Sluice.Server.Api;

/// <summary>
/// A repository's quarantine from the API (the same list a job's <c>sluice gate</c> reads): a quarantined test still
/// runs and no longer fails the gate. Changing it takes a trigger token and is audited.
/// </summary>
public static partial class QualityEndpoints
{
    private static async Task Quarantine(HttpContext context, ServerState server)
    {
        var (repository, _, problem) = await RepositoryOf(context, server, TokenAction.ViewQualityHistory);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var entries = await server.Store.QuarantineAsync(repository!.Id, context.RequestAborted);
        await Results.Json<IReadOnlyList<HistoryQuarantineEntry>>(
            [.. entries.Select(Entry)],
            ProtocolJson.Default.IReadOnlyListHistoryQuarantineEntry).ExecuteAsync(context);
    }

    private static async Task QuarantineTest(HttpContext context, ServerState server)
    {
        var (repository, caller, problem) = await RepositoryOf(context, server, TokenAction.QuarantineTests);
        var (test, badTest) = problem is null ? TestOf(context) : (null, null);
        var (request, badBody) = (problem ?? badTest) is null ? await Problems.ReadAsync(context, ProtocolJson.Default.QuarantineRequest) : (null, null);
        var badReason = request is { Reason: var reason } && (string.IsNullOrWhiteSpace(reason) || reason.Length > HistoryEndpoints.MaxNameLength)
            ? Problems.BadRequest($"say why the test is quarantined: a reason of 1 to {HistoryEndpoints.MaxNameLength} characters")
            : null;
        if ((problem ?? badTest ?? badBody ?? badReason) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var entry = new QuarantineEntry(test!, request!.Reason, caller!.Name, server.Time.GetUtcNow());
        await server.Store.QuarantineTestAsync(repository!.Id, entry, context.RequestAborted);
        await server.Store.AuditAsync(caller.Name, caller.Source, "quality.quarantine", $"{repository.Name} {test}", request.Reason, entry.AddedAt, context.RequestAborted);
        var kept = (await server.Store.QuarantineAsync(repository.Id, context.RequestAborted)).Single(q => q.TestId == test);
        await Results.Json(Entry(kept), ProtocolJson.Default.HistoryQuarantineEntry).ExecuteAsync(context);
    }

    private static async Task ReleaseTest(HttpContext context, ServerState server)
    {
        var (repository, caller, problem) = await RepositoryOf(context, server, TokenAction.QuarantineTests);
        var (test, badTest) = problem is null ? TestOf(context) : (null, null);
        if ((problem ?? badTest) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        if (!await server.Store.ReleaseTestAsync(repository!.Id, test!, context.RequestAborted))
        {
            await Problems.NotFound($"'{Security.Printable.Of(test!)}' is not in the quarantine of {repository.Name}").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller!.Name, caller.Source, "quality.release", $"{repository.Name} {test}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static HistoryQuarantineEntry Entry(QuarantineEntry entry) => new(entry.TestId, entry.Reason, entry.AddedBy, entry.AddedAt);
}
