namespace Sluice.Server.Runs;

public sealed partial class RunCoordinator
{
    /// <summary>
    /// Raised after each advance of a run that succeeded (its jobs queued, ended or cancelled as its events say), with
    /// the run's id: for whatever reports a run's state elsewhere (commit statuses). Handlers must return at once.
    /// </summary>
    public event Action<long>? RunAdvanced;
}
