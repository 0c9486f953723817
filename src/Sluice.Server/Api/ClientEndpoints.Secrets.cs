using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;

namespace Sluice.Server.Api;

/// <summary>Listing a repository's secrets (names and when each was set, never values) and deleting one, audited.</summary>
public static partial class ClientEndpoints
{
    private static async Task ListSecrets(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (_, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageSecrets, name);
        var repository = problem is null ? await server.Store.RepositoryAsync(name, context.RequestAborted) : null;
        if (repository is null)
        {
            await (problem ?? NoRepository(name)).ExecuteAsync(context);
            return;
        }

        var secrets = (await server.Store.SecretsAsync(repository.Id, context.RequestAborted)).Select(s => new SecretView(s.Name, s.UpdatedAt)).ToList();
        await Results.Json<IReadOnlyList<SecretView>>(secrets, ProtocolJson.Default.IReadOnlyListSecretView).ExecuteAsync(context);
    }

    private static async Task DeleteSecret(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var secret = (string)context.Request.RouteValues["secret"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageSecrets, name);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        if (SecretNames.Problem(secret) is { } invalid)
        {
            await Problems.BadRequest(invalid).ExecuteAsync(context);
            return;
        }

        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null)
        {
            await NoRepository(name).ExecuteAsync(context);
            return;
        }

        if (!await server.Store.DeleteSecretAsync(repository.Id, secret, context.RequestAborted))
        {
            await Problems.NotFound($"repository '{name}' has no secret named {secret} (sluice secret list --repo {name})").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller!.Name, caller.Source, "secret.delete", $"{name}/{secret}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static IResult NoRepository(string name) =>
        Problems.NotFound($"no repository named '{Sluice.Security.Printable.Of(name)}' (sluice repo list)");
}
