using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sluice.Server;

/// <summary>
/// The server's instruments (System.Diagnostics.Metrics, exported by OpenTelemetry at <c>/metrics</c>) and its trace
/// source (a span per run, job and step). Gauges are read when scraped, from callbacks the host sets.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    public const string Name = "Sluice.Server";

    public static readonly ActivitySource Traces = new(Name);

    private readonly Meter _meter = new(Name);

    public ServerMetrics()
    {
        DispatchLatency = _meter.CreateHistogram("sluice_dispatch_latency", "s", "From a job queued to an agent holding it", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        JobDuration = _meter.CreateHistogram("sluice_job_duration", "s", "From a job's start on an agent to its result", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200] });
        RunsConcluded = _meter.CreateCounter<long>("sluice_runs", description: "Runs that concluded, by conclusion");
        Webhooks = _meter.CreateCounter<long>("sluice_webhook_deliveries", description: "Webhook deliveries, by outcome");
        LeasesLost = _meter.CreateCounter<long>("sluice_leases_lost", description: "Job attempts re-queued because their agent stopped renewing the lease");
        DeploymentsBreached = _meter.CreateCounter<long>("sluice_deployments_breached", description: "Deployments whose health gate breached after their deploy job succeeded");
    }

    public Histogram<double> DispatchLatency { get; }

    public Histogram<double> JobDuration { get; }

    public Counter<long> RunsConcluded { get; }

    public Counter<long> Webhooks { get; }

    public Counter<long> LeasesLost { get; }

    public Counter<long> DeploymentsBreached { get; }

    /// <summary>Sets the gauges' sources: queued jobs by label set, jobs running, agents online.</summary>
    public void Observe(Func<IEnumerable<Measurement<long>>> queueDepth, Func<long> running, Func<long> agentsOnline)
    {
        _meter.CreateObservableGauge("sluice_queue_depth", queueDepth, description: "Jobs waiting for an agent, by the labels they need");
        _meter.CreateObservableGauge("sluice_jobs_running", running, description: "Jobs held by agents");
        _meter.CreateObservableGauge("sluice_agents_online", agentsOnline, description: "Agents heard from recently");
    }

    /// <summary>Sets the sources of DORA's four keys, per repository and environment (<see cref="Deployments.DoraGauges"/>).</summary>
    public void ObserveDora(Deployments.DoraGauges dora)
    {
        ArgumentNullException.ThrowIfNull(dora);
        _meter.CreateObservableGauge("sluice_dora_deployments_per_day", dora.DeploymentsPerDay, description: "Changes that became healthy per day over the last 30 days, by repository and environment");
        _meter.CreateObservableGauge("sluice_dora_lead_time_seconds", dora.LeadTimeSeconds, "s", "Median time from a change's oldest commit to its healthy deployment over the last 30 days");
        _meter.CreateObservableGauge("sluice_dora_change_failure_ratio", dora.ChangeFailureRatio, description: "Share of changes over the last 30 days that breached their gate, were rolled back or needed a fix");
        _meter.CreateObservableGauge("sluice_dora_time_to_restore_seconds", dora.TimeToRestoreSeconds, "s", "Median time from a failed change to the next healthy deployment of its environment over the last 30 days");
    }

    public void Dispose() => _meter.Dispose();
}
