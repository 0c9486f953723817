using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution.Hosts;

/// <summary>
/// Where a job's step processes run: this machine, or the job's container. The executor prepares every step the
/// same way with paths of this machine; a host that runs processes elsewhere maps those paths to its own.
/// </summary>
public interface IStepHost
{
    /// <summary>The variables a step's process starts from before GitHub's own and the workflow's env.</summary>
    IReadOnlyDictionary<string, string> BaseEnvironment { get; }

    /// <summary>
    /// Finds <paramref name="program"/> where the processes run: its full path, or null when it is not there.
    /// A host that cannot tell may return the name itself.
    /// </summary>
    string? FindProgram(string program);

    /// <summary>The PATH that <c>GITHUB_PATH</c> additions go in front of when the base environment has none.</summary>
    string DefaultPath { get; }

    /// <summary>Runs one process; paths in <paramref name="spec"/> are paths of this machine.</summary>
    Task<ProcessOutcome> RunAsync(ProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken);
}
