using Sluice.Workflows;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// One scope of a run as recorded: its definition, its jobs in plan order, and which of them are ready (everything
/// they need concluded) or concluded, kept up to date as jobs conclude so that deciding does not search the graph.
/// </summary>
public sealed class ScopeRecord
{
    private readonly Dictionary<string, JobRecord> _byId = new(StringComparer.Ordinal);
    private readonly List<JobRecord> _jobs = [];
    private readonly SortedSet<JobRecord> _ready = new(Comparer<JobRecord>.Create((a, b) => a.Position.CompareTo(b.Position)));

    internal ScopeRecord(int index, RunScope definition, LegId? caller)
    {
        Index = index;
        Definition = definition;
        Caller = caller;
        var jobs = new Dictionary<string, Job>(StringComparer.Ordinal);
        foreach (var job in definition.Workflow.Jobs)
        {
            jobs.TryAdd(job.Id, job);
        }

        foreach (var planned in definition.Plan)
        {
            var record = new JobRecord(this, _jobs.Count, jobs[planned.Id], planned.Needs);
            _jobs.Add(record);
            _byId[planned.Id] = record;
        }

        foreach (var job in _jobs)
        {
            foreach (var need in job.Needs)
            {
                _byId[need].Dependents.Add(job);
            }

            if (job.UnconcludedNeeds == 0)
            {
                _ready.Add(job);
            }
        }
    }

    public int Index { get; }

    public RunScope Definition { get; }

    /// <summary>The leg whose call this scope runs; null for the run's own workflow.</summary>
    public LegId? Caller { get; }

    public IReadOnlyList<JobRecord> Jobs => _jobs;

    /// <summary>Waiting jobs whose needs have all concluded, in plan order.</summary>
    public IReadOnlyCollection<JobRecord> Ready => _ready;

    public int ConcludedJobs { get; private set; }

    public bool AllJobsConcluded => ConcludedJobs == _jobs.Count;

    /// <summary>The scope itself concluded: the run, or the call that it runs, ended.</summary>
    public bool Concluded { get; internal set; }

    public JobRecord Job(string id) => _byId[id];

    internal void LeaveReady(JobRecord job) => _ready.Remove(job);

    internal void JobConcluded(JobRecord job)
    {
        _ready.Remove(job);
        ConcludedJobs++;
        foreach (var dependent in job.Dependents)
        {
            if (--dependent.UnconcludedNeeds == 0)
            {
                _ready.Add(dependent);
            }
        }
    }
}
