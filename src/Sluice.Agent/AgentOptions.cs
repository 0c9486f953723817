namespace Sluice.Agent;

/// <summary>How an agent runs: its server, its registration token or saved credential, its labels and work folder.</summary>
public sealed record AgentOptions
{
    /// <summary>The server's URL, or several separated by commas (replicas on one database): requests move to the next when one fails.</summary>
    public required string Server { get; init; }

    /// <summary>A one-time registration token (<c>sluice token create --scope agent</c>); not needed once the work folder holds a credential.</summary>
    public string? Token { get; init; }

    public required string Name { get; init; }

    /// <summary>Labels besides the defaults (<see cref="DefaultLabels"/>).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    public required string WorkDirectory { get; init; }

    /// <summary><c>--once</c>: run one job, then exit (for autoscalers and pods).</summary>
    public bool Once { get; init; }

    /// <summary>
    /// Stopping hands a running job back (its steps are stopped, the attempt is given up and the job tried again)
    /// instead of letting it finish: <c>sluice up</c>, whose server stops at the same time.
    /// </summary>
    public bool HandBackOnStop { get; init; }

    /// <summary>How to start a worker process: the program and the arguments before the worker's own.</summary>
    public required IReadOnlyList<string> WorkerCommand { get; init; }

    /// <summary>Arguments passed on to every worker after its own: where actions come from (<c>--actions-url</c> and the others of <c>sluice run</c>).</summary>
    public IReadOnlyList<string> WorkerArguments { get; init; } = [];

    /// <summary>
    /// Labels every agent has, so that workflows written for GitHub's runners run unchanged: <c>self-hosted</c>, the OS
    /// and architecture, and on Linux the <c>ubuntu-*</c> runner names (the job runs on this machine, as with <c>sluice run</c>).
    /// </summary>
    public static IReadOnlyList<string> DefaultLabels()
    {
        var labels = new List<string> { "self-hosted" };
        labels.Add(OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsWindows() ? "windows" : "unknown-os");
        labels.Add(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "x64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        });
        if (OperatingSystem.IsLinux())
        {
            labels.AddRange(["ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04"]);
        }

        return labels;
    }
}
