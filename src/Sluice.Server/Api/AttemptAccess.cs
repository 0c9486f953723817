using Microsoft.AspNetCore.Http;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// The run of the job attempt whose lease token a request carries, for the routes a job's steps call (artifacts,
/// quality history). Asking renews the lease, as any sign of life of the attempt does.
/// </summary>
internal static class AttemptAccess
{
    /// <summary>The run, or null after answering 401 (no token) or 409 (not the job's running attempt, or a wrong token).</summary>
    public static async Task<RunRecord?> RunAsync(HttpContext context, ServerState server)
    {
        if (Caller.Bearer(context) is not { Length: > 0 } lease)
        {
            await Problems.Unauthorized("a job attempt's requests carry its lease token: 'Authorization: Bearer <lease token>'").ExecuteAsync(context);
            return null;
        }

        var job = long.Parse((string)context.Request.RouteValues["job"]!, System.Globalization.CultureInfo.InvariantCulture);
        var attempt = int.Parse((string)context.Request.RouteValues["attempt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var row = await server.Store.RenewLeaseAsync(job, attempt, LeaseTokens.Hash(lease), server.Time.GetUtcNow() + server.Options.Lease, context.RequestAborted);
        var run = row is null ? null : await server.Store.RunAsync(row.RunId, context.RequestAborted);
        if (run is null)
        {
            await Problems.Conflict("this attempt of the job is no longer the running one").ExecuteAsync(context);
            return null;
        }

        return run;
    }
}
