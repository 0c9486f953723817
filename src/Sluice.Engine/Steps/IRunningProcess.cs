namespace Sluice.Engine.Steps;

/// <summary>A started process as <see cref="ProcessRunner"/> and <see cref="ProcessTreeStopper"/> see it, however it was started.</summary>
internal interface IRunningProcess : IDisposable
{
    int Id { get; }

    /// <summary>Whether the process leads its own session and process group, so that signals to the group reach its whole tree.</summary>
    bool InOwnSession { get; }

    /// <summary>True once the process has exited and been reaped.</summary>
    bool HasExited { get; }

    /// <summary>Valid once <see cref="HasExited"/>: the exit status, or 128 plus the signal that ended the process.</summary>
    int ExitCode { get; }

    StreamReader StandardOutput { get; }

    StreamReader StandardError { get; }

    Task WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Kills the process and the children it can find, for a process that is not in its own session.</summary>
    void KillTree();
}
