using Sluice.Containers;
using Sluice.Engine.Execution.Hosts;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution.Containers;

/// <summary>
/// Steps of a container job: each process is an exec in the job's container, as GitHub's runner runs
/// <c>docker exec</c>. The executor's paths are mapped to the mounted folders; the environment starts from the
/// container's own (its image and <c>container.env</c>), not from this machine's.
/// </summary>
internal sealed class ContainerStepHost(
    ContainerEngine engine,
    string containerId,
    PathMap paths,
    IReadOnlyDictionary<string, string?> programs,
    string defaultPath,
    TimeProvider timeProvider) : IStepHost
{
    private static readonly Dictionary<string, string> Home = new(StringComparer.Ordinal) { ["HOME"] = JobContainerLayout.Home };

    public IReadOnlyDictionary<string, string> BaseEnvironment => Home;

    public string DefaultPath => defaultPath;

    /// <summary>Programs probed when the container started are answered from that probe; any other name is left to the container's PATH.</summary>
    public string? FindProgram(string program) => programs.TryGetValue(program, out var path) ? path : program;

    public async Task<ProcessOutcome> RunAsync(ProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken)
    {
        var env = spec.Environment.ToDictionary(e => e.Key, e => paths.Map(e.Value), StringComparer.Ordinal);
        var command = new List<string> { paths.Map(spec.FileName) };
        command.AddRange(spec.Arguments.Select(paths.Map));
        using var timeout = new CancellationTokenSource(spec.Timeout ?? Timeout.InfiniteTimeSpan, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var result = await engine.ExecAsync(new ExecSpec(containerId, command, env, paths.Map(spec.WorkingDirectory), null), onStdoutLine, onStderrLine, stop.Token).ConfigureAwait(false);
        var end = !result.Cancelled ? ProcessEnd.Exited
            : cancellationToken.IsCancellationRequested ? ProcessEnd.Cancelled
            : ProcessEnd.TimedOut;
        return new ProcessOutcome(result.ExitCode, end);
    }
}
