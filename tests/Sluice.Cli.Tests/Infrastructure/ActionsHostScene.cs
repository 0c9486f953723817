using Sluice.Testing.Git;

namespace Sluice.Cli.Tests.Infrastructure;

/// <summary>
/// What a run with fetched actions needs, made by a test: a user's repository with workflows, an actions host on
/// loopback (git http-backend) serving action repositories the test makes, and an action cache of the test's own.
/// </summary>
public sealed class ActionsHostScene : IAsyncDisposable
{
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _repository = new();

    public ActionsHostScene()
    {
        Cache = Path.Combine(_root.Path, "cache");
        Served = _root.CreateDirectory("served");
        Host = new GitHttpHost(Served);
    }

    /// <summary>The user's repository, where sluice runs.</summary>
    public string Repository => _repository.Path;

    /// <summary>The action store's cache folder.</summary>
    public string Cache { get; }

    /// <summary>The folder the host serves (<c>owner/repo.git</c>); also a file:// host.</summary>
    public string Served { get; }

    public GitHttpHost Host { get; }

    public string HostUrl => Host.BaseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>A new action repository, to commit to, tag and publish.</summary>
    public TestRepository Action(string owner, string name) => new(Served, Path.Combine(_root.Path, "work"), owner, name);

    /// <summary>Makes the user's repository: a git repository holding these files, committed.</summary>
    public async Task CommitAsync(params (string Path, string Content)[] files)
    {
        if (!Directory.Exists(Path.Combine(Repository, ".git")))
        {
            await _repository.GitInitAsync();
        }

        foreach (var (path, content) in files)
        {
            _repository.Write(path, content);
        }

        await _repository.GitAsync("add", ".");
        await _repository.GitAsync("commit", "-q", "-m", "change");
    }

    /// <summary>Runs sluice in the user's repository with this scene's host and cache.</summary>
    public Task<SluiceResult> SluiceAsync(params string[] args) => SluiceAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs sluice in the user's repository with this scene's host and cache, and these variables on top.</summary>
    public Task<SluiceResult> SluiceAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var variables = new Dictionary<string, string?>
        {
            ["SLUICE_ACTIONS_URL"] = HostUrl,
            ["SLUICE_ACTIONS_CACHE_DIR"] = Cache,
        };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return SluiceProcess.RunWithEnvironmentAsync(Repository, variables, args);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
        _root.Dispose();
    }
}
