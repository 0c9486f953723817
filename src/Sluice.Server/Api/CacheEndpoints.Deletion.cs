using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Caches;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// Deleting cache entries by hand, as GitHub's API does: every entry of a key (in one ref, or all), or one by its id.
/// Their archives go with them. It changes what the server holds, so it takes what changing a repository takes
/// (<see cref="TokenAction.ManageRepositories"/>: admin, within the repositories the token covers).
/// </summary>
public static partial class CacheEndpoints
{
    private const int MaxRefLength = 1000;

    private static async Task DeleteByKey(HttpContext context, ServerState server)
    {
        if (await RepositoryToChange(context, server) is not (var caller, var repository))
        {
            return;
        }

        var key = context.Request.Query["key"].ToString();
        var reference = context.Request.Query["ref"].ToString() is { Length: > 0 } r ? r : null;
        var problem = RestoreKeyProblem(key)?.Replace("a restore key", "the key", StringComparison.Ordinal)
            ?? (reference is { Length: > MaxRefLength } || reference?.Any(char.IsControl) == true ? $"the ref must be at most {MaxRefLength} characters without control characters" : null);
        if (problem is not null)
        {
            await Problems.BadRequest(problem).ExecuteAsync(context);
            return;
        }

        var removed = await server.Store.DeleteCacheEntriesAsync(repository.Id, key, reference, context.RequestAborted);
        if (removed.Count == 0)
        {
            await Problems.NotFound($"repository '{repository.Name}' has no cache entry with key '{Sluice.Security.Printable.Of(key)}'{(reference is null ? "" : $" in {Sluice.Security.Printable.Of(reference)}")} (sluice cache list --repo {repository.Name})").ExecuteAsync(context);
            return;
        }

        await DeletedAsync(server, caller, repository, removed, context.RequestAborted);
        await Results.Json(removed.Select(View).ToList(), ProtocolJson.Default.IReadOnlyListCacheEntryView).ExecuteAsync(context);
    }

    private static async Task DeleteById(HttpContext context, ServerState server)
    {
        if (await RepositoryToChange(context, server) is not (var caller, var repository))
        {
            return;
        }

        var id = long.Parse((string)context.Request.RouteValues["id"]!, CultureInfo.InvariantCulture);
        var removed = await server.Store.DeleteCacheEntryAsync(repository.Id, id, context.RequestAborted);
        if (removed is null)
        {
            await Problems.NotFound($"repository '{repository.Name}' has no cache entry {id} (sluice cache list --repo {repository.Name})").ExecuteAsync(context);
            return;
        }

        await DeletedAsync(server, caller, repository, [removed], context.RequestAborted);
        await Results.Json(View(removed), ProtocolJson.Default.CacheEntryView).ExecuteAsync(context);
    }

    /// <summary>The caller allowed to change the named repository, and the repository; null after answering the problem.</summary>
    private static async Task<(Caller Caller, RepositoryRecord Repository)?> RepositoryToChange(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageRepositories, name);
        var repository = problem is null ? await server.Store.RepositoryAsync(name, context.RequestAborted) : null;
        if (repository is null)
        {
            await (problem ?? Problems.NotFound($"no repository named '{Sluice.Security.Printable.Of(name)}' (sluice repo list)")).ExecuteAsync(context);
            return null;
        }

        return (caller!, repository);
    }

    private static async Task DeletedAsync(ServerState server, Caller caller, RepositoryRecord repository, IReadOnlyList<CacheEntryRow> removed, CancellationToken cancellationToken)
    {
        foreach (var entry in removed)
        {
            try
            {
                await server.CacheBlobs.DeleteAsync(entry.Blob, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StoreException)
            {
                server.Events.Problem($"could not delete the archive of cache entry {entry.Id} ({CacheBlobs.NameOf(entry.Blob)}): {ex.Message}");
            }
        }

        var detail = string.Join("; ", removed.Select(e => $"#{e.Id} {e.Key} in {e.Scope} ({e.Version}, {e.Size} bytes)"));
        await server.Store.AuditAsync(caller.Name, caller.Source, "cache.delete", repository.Name, detail, server.Time.GetUtcNow(), cancellationToken);
    }
}
