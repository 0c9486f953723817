namespace Sluice.Cli.Tests;

/// <summary><c>sluice run</c> with JavaScript actions and actions of other repositories from <c>--action-cache DIR</c>.</summary>
public sealed class ActionCacheRunTests : IDisposable
{
    private const string Greet = "name: Greet\ninputs:\n  who: { default: you }\nruns:\n  using: node20\n  main: index.js\n";

    private const string GreetScript = "console.log(`hello ${process.env.INPUT_WHO} from ${process.env.GITHUB_ACTION_REPOSITORY}@${process.env.GITHUB_ACTION_REF}`);\n";

    private readonly TempDirectory _repo = new();
    private readonly TempDirectory _cache = new();

    public void Dispose()
    {
        _repo.Dispose();
        _cache.Dispose();
    }

    private async Task RepositoryAsync(params (string Path, string Content)[] files)
    {
        await _repo.GitInitAsync();
        foreach (var (path, content) in files)
        {
            _repo.Write(path, content);
        }

        await _repo.GitAsync("add", ".");
        await _repo.GitAsync("commit", "-q", "-m", "init");
    }

    [Fact]
    public async Task A_cached_action_runs_from_the_action_cache_option_or_the_environment_variable()
    {
        _cache.Write("acme/greet/v1/action.yml", Greet);
        _cache.Write("acme/greet/v1/index.js", GreetScript);
        await RepositoryAsync((".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: acme/greet@v1\n        with: { who: world }\n"));

        var byOption = await SluiceProcess.RunAsync(_repo.Path, "run", "--action-cache", _cache.Path);
        var byVariable = await SluiceProcess.RunWithEnvironmentAsync(_repo.Path, new Dictionary<string, string?> { ["SLUICE_ACTION_CACHE"] = _cache.Path }, "run");

        Assert.True(byOption.ExitCode == 0, byOption.ToString());
        Assert.Contains("[a] hello world from acme/greet@v1", byOption.Stdout);
        Assert.True(byVariable.ExitCode == 0, byVariable.ToString());
        Assert.Contains("[a] hello world from acme/greet@v1", byVariable.Stdout);
    }

    [Fact]
    public async Task An_action_missing_from_the_cache_is_reported_with_file_and_line_before_anything_runs_and_can_be_skipped()
    {
        await RepositoryAsync((".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: touch ran\n      - id: greet\n        uses: acme/greet@v1\n      - run: echo after\n"));

        var refused = await SluiceProcess.RunAsync(_repo.Path, "run", "--action-cache", _cache.Path);
        var skipped = await SluiceProcess.RunAsync(_repo.Path, "run", "--action-cache", _cache.Path, "--skip-unsupported");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"sluice: error: .github/workflows/ci.yml:7: job 'a', step 'greet': 'uses: acme/greet@v1' is not in the action cache folder ({Path.Combine(_cache.Path, "acme", "greet", "v1")}) and cannot be fetched: {SluiceProcess.UnreachableActionsHost}/ could not be reached", refused.Stderr);
        Assert.Contains("--skip-unsupported", refused.Stderr);
        Assert.False(File.Exists(Path.Combine(_repo.Path, "ran")));
        Assert.DoesNotContain("after", refused.Stdout);
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains("warning: Skipped 'Run acme/greet@v1' (--skip-unsupported)", skipped.Stdout);
        Assert.Contains("[a] after", skipped.Stdout);
    }

    [Fact]
    public async Task Without_node_a_cached_javascript_action_is_refused_up_front_and_a_local_one_fails_naming_its_step()
    {
        _cache.Write("acme/greet/v1/action.yml", Greet);
        _cache.Write("acme/greet/v1/index.js", GreetScript);
        await RepositoryAsync(
            (".github/workflows/cached.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo started\n      - id: greet\n        uses: acme/greet@v1\n"),
            (".github/workflows/local.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - name: Say hello\n        uses: ./act\n"),
            ("act/action.yml", Greet),
            ("act/index.js", GreetScript));
        var withoutNode = new Dictionary<string, string?> { ["PATH"] = ProgramsWithoutNode(), ["SLUICE_ACTION_CACHE"] = null };

        var cached = await SluiceProcess.RunWithEnvironmentAsync(_repo.Path, withoutNode, "run", "-W", ".github/workflows/cached.yml", "--action-cache", _cache.Path);
        var local = await SluiceProcess.RunWithEnvironmentAsync(_repo.Path, withoutNode, "run", "-W", ".github/workflows/local.yml");

        Assert.True(cached.ExitCode == 1, cached.ToString());
        Assert.Contains(".github/workflows/cached.yml:7: job 'a', step 'greet': 'uses: acme/greet@v1' is a JavaScript action", cached.Stderr);
        Assert.Contains("needs node, which is not installed where the job runs", cached.Stderr);
        Assert.DoesNotContain("started", cached.Stdout);
        Assert.True(local.ExitCode == 1, local.ToString());
        Assert.Contains("Step 'Say hello': 'uses: ./act' is a JavaScript action ('using: node20' in act/action.yml) and needs node, which is not installed where the job runs", local.Stdout);
        Assert.Contains("install Node.js 20 or later", local.Stdout);
    }

    [Fact]
    public async Task An_action_cache_folder_that_does_not_exist_is_a_usage_error()
    {
        await RepositoryAsync((".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: echo a }]\n"));

        var result = await SluiceProcess.RunAsync(_repo.Path, "run", "--action-cache", Path.Combine(_cache.Path, "nope"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--action-cache", result.Stderr);
        Assert.Contains("the folder does not exist", result.Stderr);
    }

    /// <summary>A folder of links to the programs a run needs (git, bash, sh), and not node, to use as PATH.</summary>
    private string ProgramsWithoutNode()
    {
        var bin = _cache.CreateDirectory("_bin");
        foreach (var program in new[] { "git", "bash", "sh", "cat", "rm" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                File.CreateSymbolicLink(Path.Combine(bin, program), found);
            }
        }

        return bin;
    }
}
