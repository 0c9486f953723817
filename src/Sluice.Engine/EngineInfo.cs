namespace Sluice.Engine;

/// <summary>
/// The run engine: plans a workflow run (events, matrices, the needs graph) and executes jobs. A job is executed
/// from a self-contained request, so that a local process today and a remote agent later run it the same way.
/// </summary>
public static class EngineInfo
{
    public const string Name = "sluice";
}
