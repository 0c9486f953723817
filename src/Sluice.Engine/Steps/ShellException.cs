namespace Sluice.Engine.Steps;

/// <summary>A step's <c>shell</c> cannot be used: unknown form or the program is not installed.</summary>
public sealed class ShellException(string message) : Exception(message);
