using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Caches;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// The caches of <c>actions/cache</c>, kept by the server per repository so that jobs on different agents share them
/// as on GitHub. A job's worker looks entries up, downloads and saves them under its lease token; the run's ref decides
/// which entries it sees (<see cref="CacheScopes"/>) and where it saves. Entries are immutable, uploads are streamed
/// into the server's blob store (<see cref="CacheBlobs"/>) and limited to the repository's cache size.
/// </summary>
public static partial class CacheEndpoints
{
    private const int MaxKeyLength = 512;
    private const int MaxRestoreKeys = 32;

    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        var attempt = "/api/v1/jobs/{job:long}/attempts/{attempt:int}/caches";
        app.MapGet(attempt, context => Find(context, server));
        app.MapGet(attempt + "/{id:long}", context => Download(context, server));
        app.MapPut(attempt, context => Save(context, server));
        app.MapGet("/api/v1/repos/{name}/caches", context => List(context, server));
        app.MapDelete("/api/v1/repos/{name}/caches", context => DeleteByKey(context, server));
        app.MapDelete("/api/v1/repos/{name}/caches/{id:long}", context => DeleteById(context, server));
    }

    public static CacheEntryView View(CacheEntryRow entry) => new(entry.Id, entry.Key, entry.Version, entry.Scope, entry.Size, entry.CreatedAt, entry.LastUsedAt);

    private static async Task Find(HttpContext context, ServerState server)
    {
        if (await ScopeOfAttempt(context, server) is not { } scope)
        {
            return;
        }

        var query = context.Request.Query;
        var key = query["key"].ToString();
        var version = query["version"].ToString();
        var restoreKeys = query["restoreKeys"].Select(k => k ?? "").ToList();
        var problem = KeyProblem(key, version)
            ?? restoreKeys.Select(RestoreKeyProblem).FirstOrDefault(p => p is not null)
            ?? (restoreKeys.Count > MaxRestoreKeys ? $"at most {MaxRestoreKeys} restore keys are taken" : null);
        if (problem is not null)
        {
            await Problems.BadRequest(problem).ExecuteAsync(context);
            return;
        }

        var found = await server.Store.FindCacheEntryAsync(scope.RepositoryId, scope.Scopes, key, restoreKeys, version, context.RequestAborted);
        await (found is null ? Results.NoContent() : Results.Json(View(found), ProtocolJson.Default.CacheEntryView)).ExecuteAsync(context);
    }

    private static async Task Download(HttpContext context, ServerState server)
    {
        if (await ScopeOfAttempt(context, server) is not { } scope)
        {
            return;
        }

        var id = long.Parse((string)context.Request.RouteValues["id"]!, CultureInfo.InvariantCulture);
        var entry = await server.Store.CacheEntryAsync(id, context.RequestAborted);
        // An entry of another repository or branch is not there for this job, whatever its id.
        var archive = entry is not null && entry.RepositoryId == scope.RepositoryId && scope.Scopes.Contains(entry.Scope)
            ? await server.CacheBlobs.OpenAsync(entry.Blob, context.RequestAborted)
            : null;
        if (archive is null)
        {
            await Problems.NotFound($"no cache entry {id} for this job (it may have been removed by retention)").ExecuteAsync(context);
            return;
        }

        await using (archive)
        {
            context.Response.ContentType = "application/gzip";
            context.Response.ContentLength = archive.Length;
            await archive.CopyToAsync(context.Response.Body, context.RequestAborted);
        }

        await server.Store.TouchCacheEntryAsync(id, server.Time.GetUtcNow(), context.RequestAborted);
    }

    private static async Task Save(HttpContext context, ServerState server)
    {
        var limit = server.Options.CacheBytesPerRepository;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit;
        }

        if (await ScopeOfAttempt(context, server) is not { } scope)
        {
            return;
        }

        var key = context.Request.Query["key"].ToString();
        var version = context.Request.Query["version"].ToString();
        if (KeyProblem(key, version) is { } problem)
        {
            await Problems.BadRequest(problem).ExecuteAsync(context);
            return;
        }

        var own = scope.Scopes[0];
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(context, limit);
            return;
        }

        // A key saved already is refused before its archive is read: the first save wins.
        if (await server.Store.FindCacheEntryAsync(scope.RepositoryId, [own], key, [], version, context.RequestAborted) is { } existing && existing.Key == key)
        {
            await AlreadySaved(context, key);
            return;
        }

        // A save that fails midway leaves nothing in the store: it keeps a blob whole or not at all.
        var blob = CacheBlobs.NewBlob();
        long size;
        try
        {
            size = (await server.CacheBlobs.SaveAsync(blob, context.Request.Body, context.RequestAborted)).Size;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(context, limit);
            return;
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await Problems.BadRequest($"the cache archive could not be read to its end: {ex.Message}").ExecuteAsync(context);
            }

            return;
        }

        var saved = await server.Store.AddCacheEntryAsync(new NewCacheEntry(scope.RepositoryId, own, key, version, blob, size), server.Time.GetUtcNow(), CancellationToken.None);
        if (saved is null)
        {
            await server.CacheBlobs.DeleteAsync(blob, CancellationToken.None);
            await AlreadySaved(context, key);
            return;
        }

        await Results.Json(View(saved), ProtocolJson.Default.CacheEntryView, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    private static async Task List(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewRuns, name);
        var repository = caller is null ? null : await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null || !caller!.MayUse(repository.Name))
        {
            await (problem ?? Problems.NotFound($"no repository '{name}'")).ExecuteAsync(context);
            return;
        }

        var entries = await server.Store.CacheEntriesAsync(repository.Id, context.RequestAborted);
        await Results.Json(entries.Select(View).ToList(), ProtocolJson.Default.IReadOnlyListCacheEntryView).ExecuteAsync(context);
    }

    /// <summary>The repository and cache scopes of the run whose attempt the lease token holds, or null after answering 409.</summary>
    private static async Task<(long RepositoryId, IReadOnlyList<string> Scopes)?> ScopeOfAttempt(HttpContext context, ServerState server)
    {
        if (await ArtifactEndpoints.RunOfAttempt(context, server) is not { } runId || await server.Store.RunAsync(runId, context.RequestAborted) is not { } run)
        {
            return null;
        }

        var repository = await server.Store.RepositoryAsync(run.Repository, context.RequestAborted);
        return (run.RepositoryId, CacheScopes.Of(run, repository?.DefaultBranch));
    }

    private static string? KeyProblem(string key, string version) =>
        RestoreKeyProblem(key) is { } problem ? problem.Replace("a restore key", "the key", StringComparison.Ordinal)
        : version.Length is 0 or > 128 || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? "the version must be 1 to 128 letters, digits, '-', '_' or '.' (the cache action's hash of its paths)"
            : null;

    private static string? RestoreKeyProblem(string key) =>
        key.Length == 0 ? "a restore key must not be empty"
        : key.Length > MaxKeyLength ? $"a restore key cannot be longer than {MaxKeyLength} characters"
        : key.Contains(',', StringComparison.Ordinal) ? "a restore key cannot contain commas"
        : null;

    private static Task AlreadySaved(HttpContext context, string key) =>
        Problems.Conflict($"a cache entry for key '{key}' already exists; entries cannot be changed, use a new key").ExecuteAsync(context);

    private static Task TooLarge(HttpContext context, long limit) =>
        Problems.TooLarge($"the cache entry is larger than the server takes ({limit} bytes, the cache size of a repository: sluice server --retention-cache-size)").ExecuteAsync(context);
}
