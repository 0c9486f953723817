namespace Sluice.Engine.Scheduling;

public sealed partial class RunSnapshot
{
    private readonly Dictionary<LegId, string> _displaced = [];

    /// <summary>
    /// The concurrency groups are kept by whoever drives the run, shared with other runs (the server, where groups span
    /// a repository's runs): a leg with a group asks for it (<see cref="JoinGroup"/>) and waits until the driver records
    /// that it holds it (<see cref="RecordGroupTaken"/>) or that a newer member displaced it (<see cref="RecordGroupCancelled"/>).
    /// Without it the groups are the run's own, kept here (<c>sluice run</c>).
    /// </summary>
    public bool SharedGroups { get; init; }

    /// <summary>Legs a newer member of their shared group displaced, with why, not cancelled yet.</summary>
    public IReadOnlyDictionary<LegId, string> DisplacedLegs => _displaced;

    /// <summary>The leg holds its shared group now: it is ready for a slot.</summary>
    public void RecordGroupTaken(LegId id)
    {
        var leg = Leg(id);
        if (leg.Phase == LegPhase.WaitingForGroup)
        {
            leg.QueuedAt = ++Clock;
            Move(leg, LegPhase.Queued);
        }
    }

    /// <summary>A newer member of the leg's shared group displaced it (it waited, or it runs and the newer one cancels the one in progress).</summary>
    public void RecordGroupCancelled(LegId id, string reason)
    {
        var leg = Leg(id);
        if (leg.Phase != LegPhase.Finished && leg.CancelRequestedAt is null)
        {
            _displaced.TryAdd(id, reason);
            Clock++;
        }
    }
}
