using Microsoft.AspNetCore.Http;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>The repository a route names (<c>{name}</c>), when the caller may do the action in it.</summary>
internal static class RouteRepository
{
    /// <summary>The repository and caller; else the problem to answer (401/403, or 404 for a repository that does not exist).</summary>
    public static async Task<(RepositoryRecord? Repository, Caller? Caller, IResult? Problem)> OfAsync(HttpContext context, ServerState server, TokenAction action)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, action, name);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        return repository is null
            ? (null, null, Problems.NotFound($"no repository named '{Security.Printable.Of(name)}' (sluice repo list)"))
            : (repository, caller, null);
    }
}
