namespace Sluice.Engine.Steps;

/// <summary>A process <see cref="SessionSpawner"/> started: the leader of its own session, reaped by <see cref="ChildExits"/>.</summary>
internal sealed class SpawnedProcess(int id, Task<int> exit, StreamReader standardOutput, StreamReader standardError) : IRunningProcess
{
    public int Id => id;

    public bool InOwnSession => true;

    public bool HasExited => exit.IsCompleted;

    public int ExitCode => exit.GetAwaiter().GetResult();

    public StreamReader StandardOutput => standardOutput;

    public StreamReader StandardError => standardError;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => exit.WaitAsync(cancellationToken);

    public void KillTree()
    {
        if (!HasExited)
        {
            ProcessTreeStopper.SendSignal(-id, ProcessTreeStopper.SigKill);
        }
    }

    public void Dispose()
    {
        standardOutput.Dispose();
        standardError.Dispose();
    }
}
