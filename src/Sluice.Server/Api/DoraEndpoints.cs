using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Delivery.Dora;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>A repository's DORA figures over the last N days (the server's clock), for one environment or all, from its deployment records (docs/dora.md).</summary>
public static class DoraEndpoints
{
    /// <summary>Deployments that began this long before the period still count when they became healthy or failed in it.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(30);

    public const int MaxDeployments = 100_000;

    public static void Map(IEndpointRouteBuilder app, ServerState server) =>
        app.MapGet("/api/v1/repos/{name}/dora", context => Get(context, server));

    private static async Task Get(HttpContext context, ServerState server)
    {
        var (repository, _, problem) = await RouteRepository.OfAsync(context, server, TokenAction.ViewRuns);
        var since = context.Request.Query["since"].ToString();
        var days = since.Length == 0 ? DoraPeriod.DefaultDays : DoraPeriod.ParseDays(since);
        if ((problem ?? (days is null ? Problems.BadRequest($"'since' is a number of days from 1 to {DoraPeriod.MaxDays}, such as 30d (default {DoraPeriod.DefaultDays}d)") : null)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var environment = context.Request.Query["env"].ToString() is { Length: > 0 } env ? env : null;
        var view = await FiguresAsync(server.Store, repository!, environment, DoraPeriod.Last(days!.Value, server.Time), context.RequestAborted);
        await Results.Json(view, ProtocolJson.Default.DoraView).ExecuteAsync(context);
    }

    public static async Task<DoraView> FiguresAsync(IServerStore store, RepositoryRecord repository, string? environment, (DateTimeOffset From, DateTimeOffset To) period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(repository);
        var rows = await store.DeploymentsAsync(new DeploymentQuery(repository.Id, environment, period.From - Lookback, MaxDeployments), cancellationToken);
        return ViewOf(repository, environment, rows, period);
    }

    /// <summary>The figures of deployment records already read (of one environment, or all when <paramref name="environment"/> is null).</summary>
    public static DoraView ViewOf(RepositoryRecord repository, string? environment, IEnumerable<DeploymentRow> rows, (DateTimeOffset From, DateTimeOffset To) period)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var facts = rows.Select(d => new DeploymentFact(d.Id, d.Environment, d.Status, d.CreatedAt, d.DeployedAt, d.HealthyAt, d.FailedAt, d.CommitAt, d.RollbackOf)).ToList();
        var figures = DoraCalculator.Compute(facts, period.From, period.To);
        return new DoraView(
            repository.Name,
            environment,
            figures.From,
            figures.To,
            Key(figures.DeploymentFrequency),
            Key(figures.LeadTime),
            Key(figures.ChangeFailureRate),
            Key(figures.TimeToRestore),
            [.. figures.Days.Select(d => new DoraDayView(d.Day, d.Deployments, d.Failures, d.LeadTimeSeconds))]);
    }

    private static DoraKeyView Key(DoraKey key) => new(key.Value, key.Count, key.Band);
}
