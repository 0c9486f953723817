namespace Sluice.Engine.Execution.Containers;

/// <summary>Where a job container sees the run's folders, after GitHub's runner (<c>/__w</c>, <c>/github/home</c>, <c>/github/workflow</c>).</summary>
internal static class JobContainerLayout
{
    /// <summary>The run folder: workspaces, temp folders, called workflows.</summary>
    public const string Work = "/__w";

    /// <summary>The engine's scratch folder (step scripts, file-command files) when it is not inside the run folder.</summary>
    public const string Scratch = "/__sluice";

    public const string Home = "/github/home";

    /// <summary>The action cache (<c>--action-cache</c>), read-only: actions of other repositories run from there.</summary>
    public const string Actions = "/__w/_actions";

    /// <summary>The action store's cache, read-only: actions fetched from the actions host run from there.</summary>
    public const string FetchedActions = "/__w/_actions_fetched";

    public const string EventFile = "/github/workflow/event.json";

    /// <summary>The programs looked up once when the container starts, so that shells are chosen as in the container.</summary>
    public static readonly string[] ProbedPrograms = ["bash", "sh", "python", "python3", "pwsh", "powershell", "node"];

    public const string FallbackPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}
