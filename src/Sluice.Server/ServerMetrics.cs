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
        DispatchLatency = _meter.CreateHistogram<double>("sluice_dispatch_latency", "s", "From a job queued to an agent holding it");
        JobDuration = _meter.CreateHistogram<double>("sluice_job_duration", "s", "From a job's start on an agent to its result");
        RunsConcluded = _meter.CreateCounter<long>("sluice_runs", description: "Runs that concluded, by conclusion");
        Webhooks = _meter.CreateCounter<long>("sluice_webhook_deliveries", description: "Webhook deliveries, by outcome");
        LeasesLost = _meter.CreateCounter<long>("sluice_leases_lost", description: "Job attempts re-queued because their agent stopped renewing the lease");
    }

    public Histogram<double> DispatchLatency { get; }

    public Histogram<double> JobDuration { get; }

    public Counter<long> RunsConcluded { get; }

    public Counter<long> Webhooks { get; }

    public Counter<long> LeasesLost { get; }

    /// <summary>Sets the gauges' sources: queued jobs by label set, jobs running, agents online.</summary>
    public void Observe(Func<IEnumerable<Measurement<long>>> queueDepth, Func<long> running, Func<long> agentsOnline)
    {
        _meter.CreateObservableGauge("sluice_queue_depth", queueDepth, description: "Jobs waiting for an agent, by the labels they need");
        _meter.CreateObservableGauge("sluice_jobs_running", running, description: "Jobs held by agents");
        _meter.CreateObservableGauge("sluice_agents_online", agentsOnline, description: "Agents heard from recently");
    }

    public void Dispose() => _meter.Dispose();
}
