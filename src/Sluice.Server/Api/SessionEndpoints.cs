using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;

namespace Sluice.Server.Api;

/// <summary>
/// Signing in to the web dashboard and out again (<see cref="WebSessions"/>, <see cref="SessionCookies"/>), and who the
/// caller is, so that pages show only the buttons that would work.
/// </summary>
public static class SessionEndpoints
{
    public const string Route = "/api/v1/session";

    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        app.MapPost(Route, context => Start(context, server));
        app.MapGet(Route, context => Describe(context, server));
        app.MapDelete(Route, context => End(context, server));
    }

    private static async Task Start(HttpContext context, ServerState server)
    {
        // Signing a person in to someone else's session is an attack too (login CSRF): only the dashboard's own pages may.
        if (CrossSiteCheck.OriginProblem(context) is { } crossSite)
        {
            await Problems.Forbidden(crossSite).ExecuteAsync(context);
            return;
        }

        var (request, bad) = await Problems.ReadAsync(context, ProtocolJson.Default.SessionStart);
        var (parent, problem) = bad is null ? await server.Auth.TokenAsync(context, request!.Token.Trim()) : (null, bad);
        if (parent is null)
        {
            await problem!.ExecuteAsync(context);
            return;
        }

        var grant = ApiTokens.GrantOf(parent);
        if (!WebSessions.MaySignIn(grant.Scope))
        {
            await Problems.Forbidden($"a token of scope {parent.Scope} is for agents and cannot sign in; sign in with a read, trigger or admin token").ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        var (session, expiresAt) = await WebSessions.StartAsync(server.Store, parent, grant.Scope, now, server.Options.WebSession, context.RequestAborted);
        var row = (await server.Store.TokenByHashAsync(session.Hash, context.RequestAborted))!;
        SessionCookies.Start(context, session.Text, expiresAt - now);
        var signedIn = Caller.Of(parent, CallerCredential.Bearer, context);
        await server.Store.AuditAsync(signedIn.Name, signedIn.Source, "session.start", session.DisplayId, $"{parent.Scope}{For(row)}, expires {expiresAt:u}", now, context.RequestAborted);
        await Results.Json(View(Caller.Of(row, CallerCredential.SessionCookie, context)), ProtocolJson.Default.SessionView).ExecuteAsync(context);
    }

    private static async Task Describe(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.CallerAsync(context);
        if (caller is null || (!caller.IsAnonymous && !WebSessions.MaySignIn(caller.Grant.Scope)))
        {
            await (problem ?? AgentsHaveNoSession(caller!)).ExecuteAsync(context);
            return;
        }

        await Results.Json(View(caller), ProtocolJson.Default.SessionView).ExecuteAsync(context);
    }

    /// <summary>Signs out: the session's token is revoked and the browser told to forget both cookies.</summary>
    private static async Task End(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.CallerAsync(context);
        if (caller is null || caller.IsAnonymous || !WebSessions.MaySignIn(caller.Grant.Scope))
        {
            await (problem ?? (caller!.IsAnonymous ? Problems.Unauthorized("there is no web session to end (sign in first)") : AgentsHaveNoSession(caller))).ExecuteAsync(context);
            return;
        }

        var token = caller.Token!;
        if (!WebSessions.IsSession(token))
        {
            await Problems.Conflict($"the token {token.Prefix} is not a web session; revoke a token with sluice token revoke").ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        await server.Store.RevokeTokenAsync(token.Id, now, context.RequestAborted);
        await WebSessions.EndStartedWithAsync(server.Store, token, now, context.RequestAborted);
        SessionCookies.Clear(context);
        await server.Store.AuditAsync(caller.Name, caller.Source, "session.end", token.Prefix, null, now, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static IResult AgentsHaveNoSession(Caller caller) =>
        Problems.Forbidden($"a token of scope {caller.Token!.Scope} is for agents and has no web session");

    private static string For(Storage.TokenRow token) => token.Repositories.Count > 0 ? " for " + string.Join(",", token.Repositories) : "";

    /// <summary>The caller as a page sees it; the flags are what its scope allows in the repositories it covers.</summary>
    public static SessionView View(Caller caller)
    {
        // A token limited to repositories acts in each of them alike: asking about one of them answers for all.
        var repository = caller.Grant.Repositories?[0];
        bool May(TokenAction action) => TokenPolicy.Allows(caller.Grant, action, repository);
        var via = caller.Credential switch
        {
            CallerCredential.SessionCookie => "cookie",
            CallerCredential.Bearer => "bearer",
            _ => "anonymous",
        };
        return new SessionView(
            via,
            caller.Name,
            caller.Owner,
            caller.Token?.Scope,
            caller.Grant.Repositories,
            caller.Token?.ExpiresAt,
            May(TokenAction.TriggerRun),
            May(TokenAction.CancelRun),
            May(TokenAction.RerunRun),
            May(TokenAction.ManageRepositories),
            May(TokenAction.ManageTokens),
            May(TokenAction.ManageAgents),
            May(TokenAction.ViewAudit),
            May(TokenAction.ApproveRun));
    }
}
