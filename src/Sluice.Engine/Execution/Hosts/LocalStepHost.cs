using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution.Hosts;

/// <summary>Steps run as processes of this machine, each in its own session (see <see cref="ProcessRunner"/>).</summary>
public sealed class LocalStepHost(ProcessRunner processRunner, IReadOnlyDictionary<string, string> baseEnvironment) : IStepHost
{
    public IReadOnlyDictionary<string, string> BaseEnvironment => baseEnvironment;

    public string DefaultPath => Environment.GetEnvironmentVariable("PATH") ?? "";

    public string? FindProgram(string program) => Shells.FindOnPath(program);

    public Task<ProcessOutcome> RunAsync(ProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken) =>
        processRunner.RunAsync(spec, onStdoutLine, onStderrLine, cancellationToken);
}
