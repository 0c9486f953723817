namespace Sluice.Engine.Steps;

/// <summary>How a process run ended.</summary>
public enum ProcessEnd
{
    Exited,
    TimedOut,
    Cancelled,
}

/// <summary>The exit code (after a stop, whatever the signal left, e.g. 143) and how the run ended.</summary>
public sealed record ProcessOutcome(int ExitCode, ProcessEnd End);
