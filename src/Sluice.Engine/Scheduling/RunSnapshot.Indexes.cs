namespace Sluice.Engine.Scheduling;

public sealed partial class RunSnapshot
{
    private static readonly Comparer<LegRecord> ByQueueTime = Comparer<LegRecord>.Create((a, b) =>
        a.QueuedAt != b.QueuedAt ? a.QueuedAt.CompareTo(b.QueuedAt) : InRunOrder(a, b));

    private static readonly Comparer<LegRecord> ByArrival = Comparer<LegRecord>.Create((a, b) =>
        a.EnteredAt != b.EnteredAt ? a.EnteredAt.CompareTo(b.EnteredAt) : InRunOrder(a, b));

    private readonly List<JobRecord> _expanded = [];
    private readonly SortedSet<LegRecord> _queued = new(ByQueueTime);
    private readonly SortedSet<LegRecord> _arriving = new(ByArrival);
    private readonly List<LegRecord> _invalid = [];

    /// <summary>Jobs whose legs are running or waiting to, in the order they expanded.</summary>
    public IReadOnlyList<JobRecord> ExpandedJobs => _expanded;

    /// <summary>Legs ready for a slot, first come first.</summary>
    public IReadOnlyCollection<LegRecord> QueuedLegs => _queued;

    /// <summary>Legs with a concurrency group they have not joined, first come first.</summary>
    public IReadOnlyCollection<LegRecord> ArrivingLegs => _arriving;

    public IReadOnlyList<LegRecord> InvalidLegs => _invalid;

    /// <summary>Legs running steps now (a call's leg runs none itself): what <c>--parallel</c> limits.</summary>
    public int RunningSteps { get; private set; }

    private static int InRunOrder(LegRecord a, LegRecord b) =>
        a.Id.Scope != b.Id.Scope ? a.Id.Scope.CompareTo(b.Id.Scope)
        : a.Job.Position != b.Job.Position ? a.Job.Position.CompareTo(b.Job.Position)
        : a.Id.Index.CompareTo(b.Id.Index);

    private void Enter(LegRecord leg) => Index(leg, add: true);

    private void Move(LegRecord leg, LegPhase phase)
    {
        Index(leg, add: false);
        leg.Phase = phase;
        Index(leg, add: true);
    }

    private void Index(LegRecord leg, bool add)
    {
        switch (leg.Phase)
        {
            case LegPhase.Invalid:
                Toggle(_invalid, leg, add);
                break;
            case LegPhase.Arriving:
                Toggle(_arriving, leg, add);
                break;
            case LegPhase.Queued:
                Toggle(_queued, leg, add);
                break;
            case LegPhase.Running:
                var change = add ? 1 : -1;
                leg.Job.RunningLegs += change;
                RunningSteps += leg.IsCall ? 0 : change;
                break;
        }
    }

    private static void Toggle(ICollection<LegRecord> legs, LegRecord leg, bool add)
    {
        if (add)
        {
            legs.Add(leg);
        }
        else
        {
            legs.Remove(leg);
        }
    }
}
