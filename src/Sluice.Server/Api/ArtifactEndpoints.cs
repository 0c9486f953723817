using System.Formats.Tar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Sluice.Engine.Execution.Artifacts;
using Sluice.Protocol;
using Sluice.Security.Paths;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// A run's artifacts, kept by the server so that jobs on different agents share them as on GitHub. A job's worker
/// uploads and downloads them as tar streams under its lease token; people list and download them with a read token.
/// They are kept in the server's blob store (<see cref="Artifacts.RunArtifacts"/>) with the v3/v4 overwrite rules of
/// <c>sluice run</c>. Names are checked, and tar entries that would leave the artifact's folder are refused.
/// </summary>
public static class ArtifactEndpoints
{
    /// <summary>Largest artifact upload (GitHub allows far more; a self-hosted server should keep its disk).</summary>
    public const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        var attempt = "/api/v1/jobs/{job:long}/attempts/{attempt:int}/artifacts";
        app.MapGet(attempt, context => ListForJob(context, server));
        app.MapGet(attempt + "/{name}", context => DownloadForJob(context, server));
        app.MapPut(attempt + "/{name}", context => Upload(context, server));
        app.MapGet("/api/v1/runs/{id:long}/artifacts", context => ListForPerson(context, server));
        app.MapGet("/api/v1/runs/{id:long}/artifacts/{name}", context => DownloadForPerson(context, server));
    }

    /// <summary>What a 410 Gone says of a run's blobs that retention removed.</summary>
    public static string Expired(string what, long runId, DateTimeOffset at, string option) =>
        $"the {what} of run {runId} were removed on {at.UtcDateTime:yyyy-MM-dd} by the server's retention (sluice server {option}); the run itself is kept";

    private static async Task ListForJob(HttpContext context, ServerState server)
    {
        if (await RunOfAttempt(context, server) is not { } run)
        {
            return;
        }

        await Results.Json(await server.Artifacts.NamesAsync(run, context.RequestAborted), ProtocolJson.Default.IReadOnlyListString).ExecuteAsync(context);
    }

    private static async Task DownloadForJob(HttpContext context, ServerState server)
    {
        if (await RunOfAttempt(context, server) is { } run)
        {
            await SendAsync(context, server, run);
        }
    }

    private static async Task Upload(HttpContext context, ServerState server)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes;
        }

        if (await RunOfAttempt(context, server) is not { } run)
        {
            return;
        }

        var name = (string)context.Request.RouteValues["name"]!;
        if (ArtifactNames.NameProblem(name) is { } problem)
        {
            await Problems.BadRequest(problem).ExecuteAsync(context);
            return;
        }

        var mode = context.Request.Query["mode"].ToString() switch
        {
            "replace" => ExistingArtifact.Replace,
            "merge" => ExistingArtifact.Merge,
            _ => ExistingArtifact.Refuse,
        };
        var staging = server.Artifacts.CreateStaging();
        try
        {
            await TarFile.ExtractToDirectoryAsync(context.Request.Body, staging, overwriteFiles: false, context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or BadHttpRequestException)
        {
            Directory.Delete(staging, recursive: true);
            await Problems.BadRequest($"the artifact is not a tar archive that unpacks inside its folder: {ex.Message}").ExecuteAsync(context);
            return;
        }

        if (await server.Artifacts.PublishAsync(run, name, staging, mode, context.RequestAborted) is not { } id)
        {
            await Problems.Conflict($"An artifact named '{name}' already exists in this run. Choose another name, or set 'overwrite: true' to replace it.").ExecuteAsync(context);
            return;
        }

        await Results.Json(new ArtifactPublished(id), ProtocolJson.Default.ArtifactPublished, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    private static async Task ListForPerson(HttpContext context, ServerState server)
    {
        if (await RunOfPerson(context, server) is { } run)
        {
            await Results.Json(await server.Artifacts.NamesAsync(run, context.RequestAborted), ProtocolJson.Default.IReadOnlyListString).ExecuteAsync(context);
        }
    }

    private static async Task DownloadForPerson(HttpContext context, ServerState server)
    {
        if (await RunOfPerson(context, server) is { } run)
        {
            await SendAsync(context, server, run);
        }
    }

    private static async Task SendAsync(HttpContext context, ServerState server, long run)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var sent = ArtifactNames.NameProblem(name) is null && await server.Artifacts.SendAsync(
            run,
            name,
            length =>
            {
                context.Response.ContentType = "application/x-tar";
                context.Response.ContentLength = length;
                return context.Response.Body;
            },
            context.RequestAborted);
        if (!sent)
        {
            await Problems.NotFound($"run {run} has no artifact '{name}'").ExecuteAsync(context);
        }
    }

    /// <summary>The run of the attempt whose lease token the request carries, or null after answering 401 or 409 (not the running attempt).</summary>
    internal static async Task<long?> RunOfAttempt(HttpContext context, ServerState server) =>
        (await AttemptAccess.RunAsync(context, server))?.Id;

    private static async Task<long?> RunOfPerson(HttpContext context, ServerState server)
    {
        var id = long.Parse((string)context.Request.RouteValues["id"]!, System.Globalization.CultureInfo.InvariantCulture);
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.DownloadArtifacts);
        var run = caller is null ? null : await server.Store.RunAsync(id, context.RequestAborted);
        if (run is null || !caller!.MayUse(run.Repository))
        {
            await (problem ?? Problems.NotFound($"no run {id}")).ExecuteAsync(context);
            return null;
        }

        if (await server.Store.RunBlobsExpiredAtAsync(run.Id, RunBlobKind.Artifacts, context.RequestAborted) is { } expired)
        {
            await Problems.Gone(Expired("artifacts", run.Id, expired, "--retention-artifacts")).ExecuteAsync(context);
            return null;
        }

        return run.Id;
    }
}
