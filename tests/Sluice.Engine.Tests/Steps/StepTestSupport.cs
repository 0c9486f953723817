using Sluice.Engine.Steps;
namespace Sluice.Engine.Tests.Steps;

/// <summary>A scratch directory per test, a default timeout for awaits, and a way to run a script in a shell.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sluice-steps-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class StepTestSupport
{
    public static readonly TimeSpan AwaitTimeout = TimeSpan.FromSeconds(30);

    public static readonly IReadOnlyDictionary<string, string> MinimalEnvironment = new Dictionary<string, string>
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["LANG"] = "C.UTF-8",
    };

    public sealed record Run(ProcessOutcome Outcome, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr);

    public static async Task<Run> RunScriptAsync(
        string? shell,
        string script,
        string directory,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        Action<string>? onStdoutLine = null,
        CancellationToken cancellationToken = default)
    {
        var invocation = Shells.Prepare(shell, script, directory);
        var stdout = new List<string>();
        var stderr = new List<string>();
        var spec = new ProcessSpec(invocation.FileName, invocation.Arguments, directory, environment ?? MinimalEnvironment, timeout);
        var outcome = await new ProcessRunner()
            .RunAsync(spec, line => { lock (stdout) { stdout.Add(line); } onStdoutLine?.Invoke(line); }, line => { lock (stderr) { stderr.Add(line); } }, cancellationToken)
            .WaitAsync(AwaitTimeout, cancellationToken);
        return new Run(outcome, stdout, stderr);
    }
}
