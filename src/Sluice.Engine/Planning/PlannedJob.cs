namespace Sluice.Engine.Planning;

/// <summary>A job of a run plan.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Needs">The jobs of the plan this one waits for (needs outside the plan, left out by --no-needs, are dropped).</param>
/// <param name="Layer">0 for a job that waits for nothing; otherwise one more than the highest layer it waits for.</param>
public sealed record PlannedJob(string Id, IReadOnlyList<string> Needs, int Layer);
