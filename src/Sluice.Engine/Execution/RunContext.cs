using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>What every job of one run shares: the workflow, the event, and the contexts that do not change per job.</summary>
public sealed class RunContext
{
    public required Workflow Workflow { get; init; }

    /// <summary>The workflow file, relative to the repository (<c>.github/workflows/ci.yml</c>).</summary>
    public required string WorkflowFile { get; init; }

    public required string RepositoryRoot { get; init; }

    /// <summary>The run's folder: job workspaces, temp folders and the event file live under it.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>The <c>github</c> context without its per-job fields (<c>job</c>, <c>workspace</c>, <c>action</c>).</summary>
    public required ObjectValue Github { get; init; }

    public ObjectValue Vars { get; init; } = new();

    public ObjectValue Secrets { get; init; } = new();

    public ObjectValue Inputs { get; init; } = new();

    /// <summary>
    /// Where the engine keeps its own small files (step scripts, GITHUB_OUTPUT and the other file commands); null
    /// means a folder of the run directory. A local run puts it in /dev/shm when it can, since a job writes several
    /// such files per step and a slow disk makes that the main cost of a short job.
    /// </summary>
    public string? ScratchDirectory { get; init; }

    /// <summary>The path of the event payload JSON (<c>GITHUB_EVENT_PATH</c>).</summary>
    public required string EventPath { get; init; }

    /// <summary>Put before the keys and names of this run's jobs: empty for the run itself, the calling job for a called workflow.</summary>
    public string JobKeyPrefix { get; init; } = "";

    public string DisplayPrefix { get; init; } = "";

    /// <summary><c>--skip-unsupported</c>: steps whose <c>uses:</c> cannot run here are skipped (with a warning) instead of failing.</summary>
    public bool SkipUnsupportedSteps { get; init; }

    /// <summary>The variables a job's processes start from (a documented list from the caller's environment, such as PATH and HOME).</summary>
    public required IReadOnlyDictionary<string, string> BaseEnvironment { get; init; }

    /// <summary>
    /// <c>--action-cache DIR</c>: where actions and reusable workflows of other repositories are read from
    /// (<c>DIR/owner/repo/ref/</c>); null when none is given.
    /// </summary>
    public string? ActionCacheDirectory { get; init; }

    /// <summary>
    /// Where the run's <c>owner/repo@ref</c> actions and reusable workflows come from, each ref looked up once for the
    /// whole run (called workflows share it). Null means the folder of <see cref="ActionCacheDirectory"/> alone.
    /// </summary>
    public Actions.ActionRepositories? Repositories { get; init; }

    /// <summary><see cref="Repositories"/>, or the folder of <see cref="ActionCacheDirectory"/> alone when none was given.</summary>
    public Actions.ActionRepositories ActionRepositories => Repositories ?? (_folderOnly ??= Actions.ActionRepositories.FolderOnly(ActionCacheDirectory));

    /// <summary>Which built-in actions give way to the real ones, and the action policy (checked before the run).</summary>
    public Actions.Policy.ActionSettings ActionSettings { get; init; } = Actions.Policy.ActionSettings.Default;

    /// <summary>Values masked in all output besides the secrets: the token for private action repositories, which the workflow does not see.</summary>
    public IReadOnlyList<string> Masks { get; init; } = [];

    private Actions.ActionRepositories? _folderOnly;

    private Artifacts.IRunArtifacts? _artifacts;

    /// <summary>Where the run's artifacts are kept: given (the server's, for an agent), or a folder of <see cref="RunDirectory"/>.</summary>
    public Artifacts.IRunArtifacts? Artifacts { get; init; }

    /// <summary>Where <c>actions/cache</c> keeps entries: given (the server's, for an agent), or null for this machine's cache folder (<see cref="Cache.CacheSettings"/>).</summary>
    public Cache.ICacheStorage? Caches { get; init; }

    /// <summary><see cref="Artifacts"/>, or the run folder's store when none was given.</summary>
    public Artifacts.IRunArtifacts ArtifactStore => Artifacts ?? (_artifacts ??= new Artifacts.ArtifactStore(RunDirectory));

    /// <summary>
    /// Where this workflow's own <c>./</c> workflow references resolve: the repository for the run itself, the cached
    /// repository for a reusable workflow read from the action cache. Null means <see cref="RepositoryRoot"/>.
    /// </summary>
    public string? WorkflowSourceRoot { get; init; }
}

/// <summary>Everything needed to run one job (one matrix leg): enough for a local process now and a remote agent later.</summary>
public sealed class JobRequest
{
    public required RunContext Run { get; init; }

    public required Job Job { get; init; }

    /// <summary>Unique within the run: the job id, with the leg's index for a matrix job (<c>test-2</c>).</summary>
    public required string JobKey { get; init; }

    public required string DisplayName { get; init; }

    public ObjectValue Matrix { get; init; } = new();

    public ObjectValue Strategy { get; init; } = new();

    /// <summary>The <c>needs</c> context: each needed job's <c>result</c> and <c>outputs</c>.</summary>
    public ObjectValue Needs { get; init; } = new();

    public required string Workspace { get; init; }
}
