namespace Sluice.Engine.Planning;

/// <summary>A run that cannot be planned: an unknown job was asked for, or the needs graph is broken.</summary>
public sealed class PlanException(string message) : Exception(message);
