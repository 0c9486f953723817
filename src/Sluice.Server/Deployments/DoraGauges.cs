using System.Diagnostics.Metrics;
using Sluice.Delivery.Dora;

namespace Sluice.Server.Deployments;

/// <summary>
/// DORA's four keys on <c>/metrics</c>, per repository and environment over the last 30 days: computed from the
/// deployment records by a background round (a scrape reads the last round's figures and never waits on the database).
/// </summary>
public sealed class DoraGauges(ServerState server)
{
    private volatile IReadOnlyList<Figures> _latest = [];

    public IEnumerable<Measurement<double>> DeploymentsPerDay() => Of(f => f.View.DeploymentFrequency.Value);

    public IEnumerable<Measurement<double>> LeadTimeSeconds() => Of(f => f.View.LeadTime.Value);

    public IEnumerable<Measurement<double>> ChangeFailureRatio() => Of(f => f.View.ChangeFailureRate.Value);

    public IEnumerable<Measurement<double>> TimeToRestoreSeconds() => Of(f => f.View.TimeToRestore.Value);

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        var period = DoraPeriod.Last(DoraPeriod.DefaultDays, server.Time);
        var figures = new List<Figures>();
        foreach (var repository in await server.Store.RepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            // One read per repository: its environments' figures come from the same rows.
            var rows = await server.Store.DeploymentsAsync(new Storage.DeploymentQuery(repository.Id, null, period.From - Api.DoraEndpoints.Lookback, Api.DoraEndpoints.MaxDeployments), cancellationToken).ConfigureAwait(false);
            foreach (var environment in rows.GroupBy(d => d.Environment, StringComparer.OrdinalIgnoreCase))
            {
                figures.Add(new Figures(repository.Name, environment.Key, Api.DoraEndpoints.ViewOf(repository, environment.Key, environment, period)));
            }
        }

        _latest = figures;
    }

    private IEnumerable<Measurement<double>> Of(Func<Figures, double?> value)
    {
        foreach (var figure in _latest)
        {
            if (value(figure) is { } measured)
            {
                yield return new Measurement<double>(measured, new KeyValuePair<string, object?>("repository", figure.Repository), new KeyValuePair<string, object?>("environment", figure.Environment));
            }
        }
    }

    private sealed record Figures(string Repository, string Environment, Protocol.DoraView View);
}
