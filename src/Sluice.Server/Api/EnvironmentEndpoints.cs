using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Deployments;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// A repository's environments: their protection rules (reviewers, wait timer, which refs may deploy), secrets (sealed
/// like the repository's, never shown back) and variables. Changing them takes an admin token and is audited.
/// </summary>
public static partial class EnvironmentEndpoints
{
    /// <summary>GitHub's longest wait timer: 30 days.</summary>
    public const int MaxWaitTimerSeconds = 30 * 24 * 3600;

    public const int MaxVariableLength = 48 * 1024;

    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        app.MapGet("/api/v1/repos/{name}/environments", context => List(context, server));
        app.MapPut("/api/v1/repos/{name}/environments/{env}", context => Set(context, server));
        app.MapDelete("/api/v1/repos/{name}/environments/{env}", context => Delete(context, server));
        app.MapPut("/api/v1/repos/{name}/environments/{env}/secrets/{secret}", context => SetSecret(context, server));
        app.MapDelete("/api/v1/repos/{name}/environments/{env}/secrets/{secret}", context => DeleteSecret(context, server));
        app.MapPut("/api/v1/repos/{name}/environments/{env}/variables/{variable}", context => SetVariable(context, server));
        app.MapDelete("/api/v1/repos/{name}/environments/{env}/variables/{variable}", context => DeleteVariable(context, server));
    }

    private static async Task List(HttpContext context, ServerState server)
    {
        var (repository, _, problem) = await RouteRepository.OfAsync(context, server, TokenAction.ViewRuns);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var views = new List<EnvironmentView>();
        foreach (var environment in await server.Store.EnvironmentsAsync(repository!.Id, context.RequestAborted))
        {
            views.Add(await ViewAsync(server, environment, context.RequestAborted));
        }

        await Results.Json<IReadOnlyList<EnvironmentView>>(views, ProtocolJson.Default.IReadOnlyListEnvironmentView).ExecuteAsync(context);
    }

    private static async Task Set(HttpContext context, ServerState server)
    {
        var (repository, caller, problem) = await RouteRepository.OfAsync(context, server, TokenAction.ManageRepositories);
        var (name, badName) = problem is null ? NameOf(context) : (null, null);
        var (request, badBody) = (problem ?? badName) is null ? await Problems.ReadAsync(context, ProtocolJson.Default.EnvironmentRequest) : (null, null);
        var badRules = request is null ? null : RulesProblem(request);
        if ((problem ?? badName ?? badBody ?? badRules) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var known = await server.Store.EnvironmentAsync(repository!.Id, name!, context.RequestAborted);
        var settings = new EnvironmentSettings(
            known?.Name ?? name!,
            request!.Reviewers is { } reviewers ? [.. reviewers.Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)] : known?.Reviewers ?? [],
            request.WaitTimerSeconds ?? known?.WaitTimerSeconds ?? 0,
            request.DeployRefs is { } refs ? [.. refs.Select(r => r.Trim()).Distinct(StringComparer.Ordinal)] : known?.DeployRefs ?? [],
            request.PreventSelfReview ?? known?.PreventSelfReview ?? false);
        var now = server.Time.GetUtcNow();
        var environment = await server.Store.SetEnvironmentAsync(repository.Id, settings, now, context.RequestAborted);
        var detail = $"reviewers: {string.Join(", ", settings.Reviewers)}; wait: {settings.WaitTimerSeconds} s; refs: {string.Join(", ", settings.DeployRefs)}";
        await server.Store.AuditAsync(caller!.Name, caller.Source, known is null ? "environment.create" : "environment.change", $"{repository.Name}/{environment.Name}", detail, now, context.RequestAborted);
        await Results.Json(await ViewAsync(server, environment, context.RequestAborted), ProtocolJson.Default.EnvironmentView).ExecuteAsync(context);
    }

    private static async Task Delete(HttpContext context, ServerState server)
    {
        var (repository, caller, problem) = await RouteRepository.OfAsync(context, server, TokenAction.ManageRepositories);
        var (name, badName) = problem is null ? NameOf(context) : (null, null);
        if ((problem ?? badName) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        if (!await server.Store.DeleteEnvironmentAsync(repository!.Id, name!, context.RequestAborted))
        {
            await NoEnvironment(repository.Name, name!).ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller!.Name, caller.Source, "environment.delete", $"{repository.Name}/{name}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task SetSecret(HttpContext context, ServerState server)
    {
        var (environment, repository, caller, problem) = await EnvironmentOf(context, server, TokenAction.ManageSecrets);
        var secret = (string)context.Request.RouteValues["secret"]!;
        var (value, badBody) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.SecretValue) : (null, null);
        var badValue = problem is null && badBody is null
            ? SecretNames.Problem(secret) is { } invalid ? Problems.BadRequest(invalid)
                : value!.Value.Length > 48 * 1024 ? Problems.BadRequest("a secret is at most 48 KB, as on GitHub") : null
            : null;
        if ((problem ?? badBody ?? badValue) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        var sealedValue = server.Secrets.Seal(repository!.Name, EnvironmentContexts.SealedName(environment!.Name, secret), value!.Value);
        await server.Store.SetEnvironmentSecretAsync(environment.Id, secret, sealedValue, now, context.RequestAborted);
        await server.Store.AuditAsync(caller!.Name, caller.Source, "environment.secret.set", $"{repository.Name}/{environment.Name}/{secret}", null, now, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task DeleteSecret(HttpContext context, ServerState server)
    {
        var (environment, repository, caller, problem) = await EnvironmentOf(context, server, TokenAction.ManageSecrets);
        var secret = (string)context.Request.RouteValues["secret"]!;
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        if (!await server.Store.DeleteEnvironmentSecretAsync(environment!.Id, secret, context.RequestAborted))
        {
            await Problems.NotFound($"the environment '{environment.Name}' of {repository!.Name} has no secret named {Security.Printable.Of(secret)}").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller!.Name, caller.Source, "environment.secret.delete", $"{repository!.Name}/{environment.Name}/{secret}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task SetVariable(HttpContext context, ServerState server)
    {
        var (environment, repository, caller, problem) = await EnvironmentOf(context, server, TokenAction.ManageRepositories);
        var variable = (string)context.Request.RouteValues["variable"]!;
        var (value, badBody) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.EnvironmentVariableValue) : (null, null);
        var badValue = problem is null && badBody is null
            ? SecretNames.Problem(variable) is { } invalid ? Problems.BadRequest(invalid.Replace("secret", "variable", StringComparison.Ordinal))
                : value!.Value.Length > MaxVariableLength ? Problems.BadRequest("a variable is at most 48 KB, as on GitHub") : null
            : null;
        if ((problem ?? badBody ?? badValue) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        await server.Store.SetEnvironmentVariableAsync(environment!.Id, variable, value!.Value, now, context.RequestAborted);
        await server.Store.AuditAsync(caller!.Name, caller.Source, "environment.variable.set", $"{repository!.Name}/{environment.Name}/{variable}", null, now, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task DeleteVariable(HttpContext context, ServerState server)
    {
        var (environment, repository, caller, problem) = await EnvironmentOf(context, server, TokenAction.ManageRepositories);
        var variable = (string)context.Request.RouteValues["variable"]!;
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        if (!await server.Store.DeleteEnvironmentVariableAsync(environment!.Id, variable, context.RequestAborted))
        {
            await Problems.NotFound($"the environment '{environment.Name}' of {repository!.Name} has no variable named {Security.Printable.Of(variable)}").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller!.Name, caller.Source, "environment.variable.delete", $"{repository!.Name}/{environment.Name}/{variable}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task<EnvironmentView> ViewAsync(ServerState server, EnvironmentRow environment, CancellationToken cancellationToken)
    {
        var secrets = await server.Store.EnvironmentSecretsAsync(environment.Id, cancellationToken);
        var variables = await server.Store.EnvironmentVariablesAsync(environment.Id, cancellationToken);
        return new EnvironmentView(
            environment.Name,
            environment.Reviewers,
            environment.WaitTimerSeconds,
            environment.DeployRefs,
            environment.PreventSelfReview,
            [.. secrets.Select(s => s.Name)],
            variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal),
            environment.CreatedAt);
    }

    private static IResult? RulesProblem(EnvironmentRequest request)
    {
        if (request.WaitTimerSeconds is < 0 or > MaxWaitTimerSeconds)
        {
            return Problems.BadRequest($"the wait timer is 0 to {MaxWaitTimerSeconds} seconds (30 days), not {request.WaitTimerSeconds}");
        }

        if (request.Reviewers is { } reviewers && (reviewers.Count > 6 || reviewers.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 100)))
        {
            return Problems.BadRequest("name 1 to 6 reviewers (as on GitHub), each the owner name of their tokens (sluice token create --owner NAME)");
        }

        if (request.DeployRefs is { } refs && (refs.Count > 50 || refs.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 255)))
        {
            return Problems.BadRequest("name at most 50 ref patterns (such as main, release/*, refs/tags/v*), each 1 to 255 characters");
        }

        return null;
    }

    /// <summary>The environment name of the route, when it is one GitHub would take.</summary>
    internal static (string? Name, IResult? Problem) NameOf(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["env"]!;
        return EnvironmentNames.Problem(name) is { } problem ? (null, Problems.BadRequest(problem)) : (name, null);
    }

    private static async Task<(EnvironmentRow? Environment, RepositoryRecord? Repository, Caller? Caller, IResult? Problem)> EnvironmentOf(HttpContext context, ServerState server, TokenAction action)
    {
        var (repository, caller, problem) = await RouteRepository.OfAsync(context, server, action);
        var (name, badName) = problem is null ? NameOf(context) : (null, null);
        if ((problem ?? badName) is { } refused)
        {
            return (null, null, null, refused);
        }

        var environment = await server.Store.EnvironmentAsync(repository!.Id, name!, context.RequestAborted);
        return environment is null ? (null, null, null, NoEnvironment(repository.Name, name!)) : (environment, repository, caller, null);
    }

    private static IResult NoEnvironment(string repository, string name) =>
        Problems.NotFound($"{repository} has no environment named '{Security.Printable.Of(name)}' (sluice env list --repo {repository})");
}
