namespace Sluice.Containers;

/// <summary>How an exec ended.</summary>
/// <param name="ExitCode">
/// The process's exit code. For a cancelled exec it is the code the engine reported once the process was stopped
/// (143 after SIGTERM, 137 after SIGKILL), or -1 when it could not be learnt in time.
/// </param>
/// <param name="Cancelled">True when the caller's token was cancelled before the process ended, and it was stopped.</param>
public readonly record struct ExecResult(int ExitCode, bool Cancelled)
{
    /// <summary>The exit code that stands for "unknown" in a cancelled exec.</summary>
    public const int UnknownExitCode = -1;
}
