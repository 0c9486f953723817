using Sluice.Server.Agents;
using Sluice.Server.Api;
using Sluice.Server.Notifications;
using Sluice.Server.Repositories;
using Sluice.Server.Runs;
using Sluice.Server.Storage;
using Sluice.Server.Storage.Blobs;

namespace Sluice.Server;

/// <summary>The server's parts, made once at start and shared by every endpoint and background loop.</summary>
public sealed class ServerState
{
    public ServerState(IServerStore store, ServerOptions options, TimeProvider time)
    {
        Store = store;
        Options = options;
        // A quarter of the time after which an agent counts as offline: the stored time is never that old while it polls.
        Sightings = new AgentSightings(store, options.AgentOffline / 4);
        Time = time;
        Mirror = new RepositoryMirror(Path.Combine(options.DataDirectory, "repos"));
        Blobs = options.Database is { Length: > 0 } blobDatabase
            ? PostgresBlobStore.Open(blobDatabase, time)
            : new FileBlobStore(options.DataDirectory, time);
        CacheBlobs = new Caches.CacheBlobs(Blobs);
        Artifacts = new Artifacts.RunArtifacts(Blobs, Path.Combine(options.DataDirectory, "tmp"));
        var keys = Sluice.Security.Secrets.SecretKeySource.Load(
            Path.Combine(options.DataDirectory, Sluice.Security.Secrets.SecretKeySource.DefaultFileName),
            Environment.GetEnvironmentVariable(Sluice.Security.Secrets.SecretKeySource.EnvironmentVariable));
        Secrets = new Sluice.Security.Secrets.SecretBox(keys);
        SecretKeyCreated = keys.Created;
        Notifications = options.Database is { Length: > 0 } database
            ? new PostgresNotifications(Storage.Postgres.PostgresDatabase.Parse(database), [JobSignal, RunSignal, LogSignal, AgentSignal], time, Events)
            : InProcessNotifications.Instance;
        JobSignal.Notifications = Notifications;
        RunSignal.Notifications = Notifications;
        LogSignal.Notifications = Notifications;
        AgentSignal.Notifications = Notifications;
        Coordinator = new RunCoordinator(store, JobSignal, time, Secrets, new CalledWorkflowFinder(Mirror, options.Actions, Path.Combine(options.DataDirectory, "tmp")), new Deployments.DeploymentOpener(store, Mirror, time, Events));
        Coordinator.RunLoaded += run => Traces.RunStarted(run.Id, run.Repository, run.WorkflowName, run.Event, run.CreatedAt);
        Coordinator.RunLoaded += Events.RunRunning;
        Coordinator.RunConcluded += (run, conclusion) =>
        {
            Events.RunConcluded(run, conclusion);
            Metrics.RunsConcluded.Add(1, new KeyValuePair<string, object?>("conclusion", conclusion));
            Traces.RunFinished(run, conclusion, time.GetUtcNow());
        };
        Coordinator.RunEndedElsewhere += (run, conclusion) => Traces.RunEndedElsewhere(run, conclusion, time.GetUtcNow());

        // A run that starts or ends without a job queued (it waits for its group, its workflow cannot be read) still changes the lists of runs.
        Coordinator.RunLoaded += _ => RunSignal.Pulse();
        Coordinator.RunConcluded += (_, _) => RunSignal.Pulse();
        LeaseGrace = new LeaseGrace(time, options.Lease);
        Starter = new RunStarter(store, Mirror, Coordinator, time);
        Auth = new Authentication(store, time, options.PublicRead);
        var hosts = new HttpClient { Timeout = options.CommitStatuses.RequestTimeout };
        CommitStatuses = new CodeHosts.CommitStatuses(store, new CodeHosts.CommitStatusSender(store, new CodeHosts.CodeHostClient(hosts, time), Secrets, time, options.CommitStatuses, Events), time, Events, options.CommitStatuses);
        Coordinator.RunAdvanced += CommitStatuses.RunChanged;
    }

    /// <summary>Statuses of runs' jobs and gates posted back to the code host of repositories that have a target (<c>sluice repo statuses</c>).</summary>
    public CodeHosts.CommitStatuses CommitStatuses { get; }

    /// <summary>Seals repository secrets for storage and opens them for the jobs that get them.</summary>
    public Sluice.Security.Secrets.SecretBox Secrets { get; }

    /// <summary>Whether this start made a new key file (no <c>SLUICE_SECRETS_KEY</c>, none in the data folder).</summary>
    public bool SecretKeyCreated { get; }

    public IServerStore Store { get; }

    public ServerOptions Options { get; }

    public TimeProvider Time { get; }

    public RepositoryMirror Mirror { get; }

    /// <summary>
    /// Artifacts and cache archives: files in the data folder with SQLite, the database with PostgreSQL (so that replicas
    /// share them without sharing a folder).
    /// </summary>
    public IBlobStore Blobs { get; }

    /// <summary>The runs' artifacts, in <see cref="Blobs"/>.</summary>
    public Artifacts.RunArtifacts Artifacts { get; }

    /// <summary>The archives of the repositories' cache entries, in <see cref="Blobs"/>.</summary>
    public Caches.CacheBlobs CacheBlobs { get; }

    public RunCoordinator Coordinator { get; }

    public RunStarter Starter { get; }

    public Authentication Auth { get; }

    /// <summary>Pulsed when jobs are queued or cancelled: wakes agents waiting for work and heartbeats waiting for a cancel.</summary>
    public JobSignal JobSignal { get; } = new("jobs");

    /// <summary>Pulsed when a run's state changes (a job claimed, ended, cancelled; the run ended): wakes clients following runs and logs.</summary>
    public JobSignal RunSignal { get; } = new("runs");

    /// <summary>Pulsed when log lines are stored: wakes clients following logs (and not the lists of runs, which they do not change).</summary>
    public JobSignal LogSignal { get; } = new("logs");

    /// <summary>Pulsed when the fleet changes (an agent registered, removed, disabled or enabled, busy or idle): wakes pages of agents.</summary>
    public JobSignal AgentSignal { get; } = new("agents");

    /// <summary>How the signals' pulses reach the other servers on the same database (PostgreSQL), and theirs this one.</summary>
    public IServerNotifications Notifications { get; }

    public AgentPresence Presence { get; } = new();

    /// <summary>Writes when agents were last heard from, for every replica to read (<see cref="Agents.AgentStatus"/>).</summary>
    public AgentSightings Sightings { get; }

    /// <summary>Holds back the ending of expired leases after a start or a database outage, for a whole lease.</summary>
    public LeaseGrace LeaseGrace { get; }

    /// <summary>The server's structured log (runs, jobs, leases, agents, webhooks, and its own problems).</summary>
    public ServerEvents Events { get; } = new();

    public ServerMetrics Metrics { get; } = new();

    /// <summary>The round over deployments with something due (wait timers, health samples), run by a background loop.</summary>
    public Deployments.DeploymentClock Deployments => _deployments ??= new Deployments.DeploymentClock(this, new Deployments.HealthWatch(this, new Deployments.Rollbacks(this)));

    private Deployments.DeploymentClock? _deployments;

    /// <summary>DORA's keys as <c>/metrics</c> shows them, refreshed by a background round.</summary>
    public Deployments.DoraGauges Dora => _dora ??= new Deployments.DoraGauges(this);

    private Deployments.DoraGauges? _dora;

    /// <summary>The graphs of recent runs' jobs, read from their workflows once.</summary>
    public JobGraphs Graphs { get; } = new(512);

    public RunTraces Traces { get; } = new();

    /// <summary>Queued jobs by the labels they need, as last counted by the lease loop (read by the queue-depth gauge).</summary>
    public IReadOnlyDictionary<string, long> QueueSnapshot { get; set; } = new Dictionary<string, long>();

    public long RunningJobs => Presence.Busy;

    public IEnumerable<System.Diagnostics.Metrics.Measurement<long>> QueueDepth() =>
        QueueSnapshot.Select(q => new System.Diagnostics.Metrics.Measurement<long>(q.Value, new KeyValuePair<string, object?>("labels", q.Key)));
}
