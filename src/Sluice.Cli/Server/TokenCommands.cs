using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice token create|list|revoke</c>.</summary>
internal static class TokenCommands
{
    public static Command Create(CliConsole console) =>
        new("token", "API tokens: who holds them, what they allow, and revoking them.") { CreateCommand(console), List(console), Revoke(console) };

    private static Command CreateCommand(CliConsole console)
    {
        var create = new ClientCommand(console);
        var scope = new Option<string>("--scope") { Description = "read, trigger, admin, or agent (a one-time registration token for sluice agent).", Required = true, HelpName = "SCOPE" };
        scope.AcceptOnlyFromAmong("read", "trigger", "admin", "agent");
        var repos = new Option<string>("--repos") { Description = "Only these repositories (comma-separated). Default: all.", HelpName = "a,b" };
        var description = new Option<string>("--description") { Description = "What the token is for (shown in token lists).", HelpName = "TEXT" };
        var owner = new Option<string>("--owner") { Description = "Who holds it: user:NAME for a person, automation:NAME for a machine or service. Default: the owner of the token that creates it.", HelpName = "user:NAME|automation:NAME" };
        var expires = new Option<string>("--expires") { Description = "It expires this long after now (30d, 12h), or never. Default: never.", HelpName = "DURATION|never" };
        return create.Create(
            "create",
            "Create an API token; it is shown once.",
            async (parse, client, cancellationToken) =>
            {
                var list = parse.GetValue(repos)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var lifetime = parse.GetValue(expires) is { } e && e != "never" ? Durations.Seconds(e, "--expires") : (long?)null;
                var request = new TokenCreate(parse.GetValue(scope)!, list, parse.GetValue(description), parse.GetValue(owner), lifetime);
                var created = await client.SendAsync(HttpMethod.Post, "api/v1/tokens", request, ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenCreated, cancellationToken);
                if (create.Json(parse))
                {
                    create.WriteJson(created!, ProtocolJson.Default.TokenCreated);
                }
                else
                {
                    console.Out.WriteLine(created!.Token);
                }

                return ExitCodes.Success;
            },
            scope,
            repos,
            description,
            owner,
            expires);
    }

    private static Command List(CliConsole console)
    {
        var list = new ClientCommand(console);
        return list.Create(
            "list",
            "List the tokens (never their text): id, display id, scope, owner, repositories, whether revoked, and when they expire.",
            async (parse, client, cancellationToken) =>
            {
                var tokens = await client.GetAsync("api/v1/tokens", ProtocolJson.Default.IReadOnlyListTokenView, cancellationToken) ?? [];
                if (list.Json(parse))
                {
                    list.WriteJson(tokens, ProtocolJson.Default.IReadOnlyListTokenView);
                    return ExitCodes.Success;
                }

                foreach (var token in tokens)
                {
                    var now = TimeProvider.System.GetUtcNow();
                    var state = token.Revoked ? $"revoked {token.RevokedAt:u}"
                        : token.ExpiresAt is { } gone && gone <= now ? $"expired {gone:u}"
                        : (token.UsedAt is { } used ? $"used {used:u}" : "active") + (token.ExpiresAt is { } at ? $", expires {at:u}" : "");
                    var repositories = token.Repositories.Count == 0 ? "all repositories" : string.Join(",", token.Repositories);
                    var description = token.Description is { } d ? "  " + d : "";
                    console.Out.WriteLine($"{token.Id,5}  {token.Prefix,-17} {token.Scope,-8} {token.Owner ?? "-",-24} {repositories,-20} {state}{description}");
                }

                return ExitCodes.Success;
            });
    }

    private static Command Revoke(CliConsole console)
    {
        var revoke = new ClientCommand(console);
        var token = new Argument<string>("ID_OR_PREFIX") { Description = "The token's id or display id (sluice token list), or an agent's credential display id (sluice agents)." };
        return revoke.Create(
            "revoke",
            "Revoke a token at once; revoking an agent's credential removes the agent and queues its job again.",
            async (parse, client, cancellationToken) =>
            {
                var revoked = await client.SendAsync<TokenCreate, TokenRevoked>(HttpMethod.Delete, "api/v1/tokens/" + Uri.EscapeDataString(parse.GetValue(token)!), null, ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenRevoked, cancellationToken);
                if (revoke.Json(parse))
                {
                    revoke.WriteJson(revoked!, ProtocolJson.Default.TokenRevoked);
                }
                else
                {
                    console.Out.WriteLine($"revoked {revoked!.Prefix} ({revoked.Scope}{(revoked.Owner is { } o ? ", " + o : "")}){AgentsCommands.Requeued(revoked.RequeuedJobs)}");
                }

                return ExitCodes.Success;
            },
            token);
    }
}
