using Sluice.Engine.Execution;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Scheduling;

public enum JobPhase
{
    /// <summary>Waiting for what it needs.</summary>
    Waiting,

    /// <summary>Its matrix is expanded into legs, which run.</summary>
    Expanded,

    /// <summary>Skipped, or every leg finished.</summary>
    Concluded,
}

/// <summary>One job of a scope as recorded, with counts of its legs kept up to date as they change.</summary>
public sealed class JobRecord
{
    internal JobRecord(ScopeRecord scope, int position, Job job, IReadOnlyList<string> needs)
    {
        Scope = scope;
        Position = position;
        Job = job;
        Needs = needs;
        UnconcludedNeeds = needs.Count;
    }

    public ScopeRecord Scope { get; }

    /// <summary>Its place in the plan (layers, then as written): ready jobs are taken in this order.</summary>
    public int Position { get; }

    public string Id => Job.Id;

    public Job Job { get; }

    public IReadOnlyList<string> Needs { get; }

    public JobPhase Phase { get; internal set; }

    public IReadOnlyList<LegRecord> Legs => LegList;

    public bool FailFast { get; internal set; } = true;

    public int? MaxParallel { get; internal set; }

    /// <summary>The <c>needs</c> context the job's legs see.</summary>
    public ObjectValue NeedsContext { get; internal set; } = new();

    public Conclusion? Conclusion { get; internal set; }

    public IReadOnlyDictionary<string, string> Outputs { get; internal set; } = new Dictionary<string, string>();

    /// <summary>The first leg (in finish order) that failed and whose <c>continue-on-error</c> did not allow it: it triggers fail-fast.</summary>
    public LegRecord? FirstFailure { get; internal set; }

    public int RunningLegs { get; internal set; }

    public int UnfinishedLegs { get; internal set; }

    internal List<LegRecord> LegList { get; } = [];

    internal List<JobRecord> Dependents { get; } = [];

    internal int UnconcludedNeeds { get; set; }
}
