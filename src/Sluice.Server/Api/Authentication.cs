using Microsoft.AspNetCore.Http;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>Finds the caller of a request from its bearer token and checks the scope an endpoint needs.</summary>
public sealed class Authentication(IServerStore store)
{
    public async Task<(Caller? Caller, IResult? Problem)> RequireAsync(HttpContext context, string scope, string? repository = null)
    {
        var token = Caller.Bearer(context);
        if (token is null)
        {
            return (null, Problems.Unauthorized("send a token: 'Authorization: Bearer <token>' (sluice token create, or DATA/admin.token)"));
        }

        var row = await store.TokenByHashAsync(Tokens.Hash(token), context.RequestAborted).ConfigureAwait(false);
        if (row is null)
        {
            return (null, Problems.Unauthorized("the token is not known to this server, or was revoked"));
        }

        var caller = new Caller(row, Caller.SourceOf(context));
        if (!Scopes.Allows(row.Scope, scope))
        {
            return (null, Problems.Forbidden($"this needs a token with scope '{scope}'; this token has '{row.Scope}'"));
        }

        if (repository is not null && !caller.MayUse(repository))
        {
            return (null, Problems.Forbidden($"this token is not allowed to use repository '{repository}'"));
        }

        return (caller, null);
    }
}
