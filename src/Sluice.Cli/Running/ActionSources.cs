using System.Globalization;
using Sluice.Actions;
using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Actions.Policy;

namespace Sluice.Cli.Running;

/// <summary>
/// Where one command's actions of other repositories come from, and which may run: the action settings (the
/// repository's <c>.sluice/actions.yml</c> and the options), the hand-filled folder of <c>--action-cache</c>, and the
/// action store with its cache and host. The token for private action repositories is the secret or environment
/// variable <c>SLUICE_ACTIONS_TOKEN</c>; it is masked wherever it could show. Disposing releases the store's cache
/// entries for eviction.
/// </summary>
internal sealed class ActionSources : IDisposable
{
    /// <summary>The action store's cache folder when not the default (<c>$XDG_CACHE_HOME/sluice/actions</c> or <c>~/.cache/sluice/actions</c>).</summary>
    public const string CacheDirectoryVariable = "SLUICE_ACTIONS_CACHE_DIR";

    /// <summary>The action store's size bound in bytes when not the default (2 GiB).</summary>
    public const string MaxBytesVariable = "SLUICE_ACTIONS_CACHE_MAX_BYTES";

    /// <summary>
    /// How long a tag or branch resolved to a commit is used without asking the host again, so that a run whose
    /// actions are cached makes no network round trip; <c>--refresh-actions</c> asks at once.
    /// </summary>
    public static readonly TimeSpan RefLifetime = TimeSpan.FromMinutes(60);

    private ActionSources(ActionSettings settings, string? folder, ActionStore store, string? token)
    {
        Settings = settings;
        ActionCacheFolder = folder;
        Store = store;
        Repositories = new ActionRepositories(folder is null ? null : new ActionCache(folder), store);
        Masks = token is { Length: > 0 } ? [token] : [];
    }

    public ActionSettings Settings { get; }

    /// <summary>The hand-filled folder of <c>--action-cache</c>, in full, or null.</summary>
    public string? ActionCacheFolder { get; }

    public ActionStore Store { get; }

    public ActionRepositories Repositories { get; }

    /// <summary>What must never be printed: the token, when there is one.</summary>
    public IReadOnlyList<string> Masks { get; }

    /// <param name="secrets">The run's secrets, where the token may be given.</param>
    /// <exception cref="UsageException">An option, variable or the settings file cannot be used; the message says which and why.</exception>
    public static ActionSources Open(ActionSourceRequest request, string? repositoryRoot, IReadOnlyDictionary<string, string> secrets)
    {
        ActionSettings settings;
        try
        {
            settings = ActionSettingsReader.Load(repositoryRoot, new ActionSettingsOptions
            {
                RealActions = request.RealActions,
                Allow = request.Allow,
                Deny = request.Deny,
                RequireShaPinning = request.RequireShaPinning,
            });
        }
        catch (ActionSettingsException ex)
        {
            throw new UsageException(ex.Message);
        }

        var token = secrets.TryGetValue(ActionRepositories.TokenVariable, out var secret) && secret.Length > 0
            ? secret
            : Environment.GetEnvironmentVariable(ActionRepositories.TokenVariable);
        try
        {
            var store = new ActionStore(
                new ActionStoreOptions
                {
                    CacheDirectory = CacheDirectory(),
                    Host = Host(request),
                    Token = string.IsNullOrEmpty(token) ? null : token,
                    MaxCacheBytes = MaxBytes(),
                    Offline = request.Offline,
                    RefLifetime = request.Refresh ? TimeSpan.Zero : RefLifetime,
                },
                TimeProvider.System);
            return new ActionSources(settings, Folder(request), store, token);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(Reason(ex));
        }
    }

    /// <summary>
    /// A job's actions as <c>sluice run</c> would have them (for an agent's job, and for the server looking up a reusable
    /// workflow of another repository), from the options the agent or server was given.
    /// </summary>
    public static JobActions OpenForJob(ActionSourceRequest request, string? settingsRoot, IReadOnlyDictionary<string, string> secrets)
    {
        try
        {
            var sources = Open(request, settingsRoot, secrets);
            return new JobActions(sources.Settings, sources.ActionCacheFolder, sources.Repositories, sources.Masks, sources);
        }
        catch (UsageException ex)
        {
            throw new JobActionsException(ex.Message);
        }
    }

    public void Dispose() => Store.Dispose();

    /// <summary>The message without the " (Parameter 'x')" that names a parameter of the code, not an option of the user's.</summary>
    private static string Reason(ArgumentException ex) =>
        ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message;

    /// <summary><c>--action-cache DIR</c>, else <c>SLUICE_ACTION_CACHE</c>: a folder that exists, in full, or null.</summary>
    private static string? Folder(ActionSourceRequest request)
    {
        var (given, source) = request.ActionCache is { } option ? (option, "--action-cache")
            : (Environment.GetEnvironmentVariable(ActionCache.EnvironmentVariable), ActionCache.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(given))
        {
            return null;
        }

        var folder = Path.GetFullPath(given);
        return Directory.Exists(folder)
            ? folder
            : throw new UsageException($"{source} {given}: the folder does not exist; it holds other repositories' actions as DIR/owner/repo/ref/");
    }

    private static ActionsHost Host(ActionSourceRequest request)
    {
        var (given, source) = request.ActionsUrl is { } option ? (option, "--actions-url")
            : (Environment.GetEnvironmentVariable(ActionsHost.EnvironmentVariable), ActionsHost.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(given))
        {
            return ActionsHost.GitHub;
        }

        try
        {
            return ActionsHost.Parse(given);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"{source}: {Reason(ex)}");
        }
    }

    private static string CacheDirectory()
    {
        return Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : ActionStoreOptions.DefaultCacheDirectory();
    }

    private static long MaxBytes()
    {
        var text = Environment.GetEnvironmentVariable(MaxBytesVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ActionStoreOptions { CacheDirectory = "." }.MaxCacheBytes;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : throw new UsageException($"{MaxBytesVariable} must be a positive whole number of bytes, not '{text}'");
    }
}
