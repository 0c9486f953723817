using Sluice.Cli.Tests.Infrastructure;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice run</c> with actions and reusable workflows fetched from an actions host: a real git server on loopback
/// (git http-backend) or a file:// folder, serving repositories the tests make.
/// </summary>
public sealed class RemoteActionRunTests
{
    /// <summary>A composite action that says who it is and greets its input.</summary>
    internal static string Composite(string name) =>
        $"name: {name}\ninputs:\n  who: {{ default: you, type: string, deprecation-message: ignored by the runner }}\nruns:\n  using: composite\n  steps:\n    - run: echo \"{name} says hello ${{{{ inputs.who }}}}\"\n      shell: bash\n";

    [Fact]
    public async Task Actions_at_a_tag_a_branch_and_in_a_sub_folder_are_fetched_and_the_log_names_the_commit_each_ref_resolved_to()
    {
        await using var scene = new ActionsHostScene();
        var greet = scene.Action("acme", "greet");
        var v1 = greet.Commit("greet", ("action.yml", Composite("greet v1")));
        greet.Tag("v1", annotated: true);
        greet.Publish();
        var tools = scene.Action("acme", "tools");
        var main = tools.Commit(
            "tools",
            ("lint/action.yml", "name: Lint\nenv: { IGNORED: by the runner }\nruns:\n  using: node20\n  main: ../lib/lint.js\n"),
            ("lib/lint.js", "console.log(`lint from ${process.env.GITHUB_ACTION_REPOSITORY}@${process.env.GITHUB_ACTION_REF}`);\n"));
        tools.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: acme/greet@v1\n        with: { who: world }\n      - uses: acme/tools/lint@main\n"));

        var first = await scene.SluiceAsync("run");
        var fetches = scene.Host.FetchCount;
        var second = await scene.SluiceAsync("run");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"[build] Download action repository 'acme/greet@v1' (SHA:{v1})", first.StdoutLines);
        Assert.Contains($"[build] Download action repository 'acme/tools@main' (SHA:{main})", first.StdoutLines);
        Assert.Contains("[build] greet v1 says hello world", first.StdoutLines);
        Assert.Contains("[build] lint from acme/tools@main", first.StdoutLines);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"[build] Use action repository 'acme/greet@v1' (SHA:{v1}) from the action cache", second.StdoutLines);
        Assert.Contains("[build] greet v1 says hello world", second.StdoutLines);
        Assert.Equal(2, fetches);
        Assert.Equal(fetches, scene.Host.FetchCount);
    }

    [Fact]
    public async Task A_moved_tag_is_used_as_resolved_for_an_hour_without_asking_the_host_and_refresh_actions_picks_up_the_move()
    {
        await using var scene = new ActionsHostScene();
        var greet = scene.Action("acme", "greet");
        var first = greet.Commit("one", ("action.yml", Composite("first")));
        greet.Tag("v1");
        greet.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: acme/greet@v1\n"));

        var before = await scene.SluiceAsync("run");
        var second = greet.Commit("two", ("action.yml", Composite("second")));
        greet.Tag("v1");
        greet.Publish();
        var requests = scene.Host.Requests.Count;
        var cached = await scene.SluiceAsync("run");
        var requestsOfCachedRun = scene.Host.Requests.Count - requests;
        var refreshed = await scene.SluiceAsync("run", "--refresh-actions");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Contains($"[build] Download action repository 'acme/greet@v1' (SHA:{first})", before.StdoutLines);
        Assert.Contains("[build] first says hello you", before.StdoutLines);
        Assert.True(cached.ExitCode == 0, cached.ToString());
        Assert.Contains($"[build] Use action repository 'acme/greet@v1' (SHA:{first}) from the action cache", cached.StdoutLines);
        Assert.Equal(0, requestsOfCachedRun);
        Assert.True(refreshed.ExitCode == 0, refreshed.ToString());
        Assert.Contains($"[build] Download action repository 'acme/greet@v1' (SHA:{second})", refreshed.StdoutLines);
        Assert.Contains("[build] second says hello you", refreshed.StdoutLines);
    }

    [Fact]
    public async Task A_private_action_repository_is_fetched_with_the_token_from_the_environment_or_a_secret_and_the_token_never_shows()
    {
        const string Token = "ghp_t0kenOfTheTests42";
        await using var scene = new ActionsHostScene();
        var secret = scene.Action("acme", "private");
        secret.Commit("private", ("action.yml", Composite("private")));
        secret.Tag("v1");
        secret.Publish();
        scene.Host.RequireToken("acme/private", Token);
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: acme/private@v1\n      - run: echo \"token ${{ secrets.SLUICE_ACTIONS_TOKEN }}\"\n"));

        var without = await scene.SluiceAsync("run");
        var wrong = await scene.SluiceAsync(new Dictionary<string, string?> { ["SLUICE_ACTIONS_TOKEN"] = "ghp_notTheRightOne" }, "run");
        var fromEnvironment = await scene.SluiceAsync(new Dictionary<string, string?> { ["SLUICE_ACTIONS_TOKEN"] = Token }, "run");
        var fromSecret = await scene.SluiceAsync("run", "--secret", $"SLUICE_ACTIONS_TOKEN={Token}", "--offline");
        Directory.Delete(scene.Cache, recursive: true);
        var fetchedWithSecret = await scene.SluiceAsync("run", "--secret", $"SLUICE_ACTIONS_TOKEN={Token}");

        Assert.True(without.ExitCode == 1, without.ToString());
        Assert.Contains("asks for credentials", without.Stderr, StringComparison.Ordinal);
        Assert.Contains("SLUICE_ACTIONS_TOKEN", without.Stderr, StringComparison.Ordinal);
        Assert.True(wrong.ExitCode == 1, wrong.ToString());
        Assert.Contains("refused the token given", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_notTheRightOne", wrong.ToString(), StringComparison.Ordinal);
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Contains("[build] private says hello you", fromEnvironment.StdoutLines);
        Assert.True(fromSecret.ExitCode == 0, fromSecret.ToString());
        Assert.Contains("[build] token ***", fromSecret.StdoutLines);
        Assert.True(fetchedWithSecret.ExitCode == 0, fetchedWithSecret.ToString());
        Assert.Contains("[build] private says hello you", fetchedWithSecret.StdoutLines);
        Assert.Contains(scene.Host.Requests, r => r.Path.Contains("acme/private", StringComparison.Ordinal) && r.Authorized && r.Authorization is not null);
        foreach (var result in new[] { without, wrong, fromEnvironment, fromSecret, fetchedWithSecret })
        {
            Assert.DoesNotContain(Token, result.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_composite_action_that_uses_another_remote_action_has_both_fetched_before_the_run_and_named_in_the_log()
    {
        await using var scene = new ActionsHostScene();
        var inner = scene.Action("acme", "inner");
        var innerCommit = inner.Commit("inner", ("action.yml", Composite("inner")));
        inner.Tag("v2");
        inner.Publish();
        var outer = scene.Action("acme", "outer");
        outer.Commit("outer", ("action.yml", "name: Outer\nruns:\n  using: composite\n  steps:\n    - run: echo outer first\n      shell: bash\n    - uses: acme/inner@v2\n      with: { who: from outer }\n"));
        outer.Tag("v1");
        outer.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: touch started\n      - uses: acme/outer@v1\n"));

        var result = await scene.SluiceAsync("run");
        var lines = result.StdoutLines.ToList();

        Assert.True(result.ExitCode == 0, result.ToString());
        var innerLine = lines.IndexOf($"[build] Download action repository 'acme/inner@v2' (SHA:{innerCommit})");
        Assert.True(innerLine >= 0 && innerLine < lines.FindIndex(l => l.Contains("outer first", StringComparison.Ordinal)), result.ToString());
        Assert.Contains("[build] inner says hello from outer", lines);
    }

    [Fact]
    public async Task A_reusable_workflow_of_another_repository_calling_another_one_and_its_own_is_fetched_and_run()
    {
        await using var scene = new ActionsHostScene();
        var other = scene.Action("acme", "other");
        other.Commit("other", (".github/workflows/leaf.yml", "on:\n  workflow_call:\n    inputs:\n      target: { type: string }\njobs:\n  leaf:\n    runs-on: x\n    steps:\n      - run: echo \"leaf for ${{ inputs.target }}\"\n"));
        other.Tag("v2");
        other.Publish();
        var shared = scene.Action("acme", "shared");
        var sharedCommit = shared.Commit(
            "shared",
            (".github/workflows/deploy.yml", "on:\n  workflow_call:\n    inputs:\n      target: { type: string, required: true }\njobs:\n  remote:\n    uses: acme/other/.github/workflows/leaf.yml@v2\n    with: { target: \"${{ inputs.target }}\" }\n  own:\n    uses: ./.github/workflows/own.yml\n"),
            (".github/workflows/own.yml", "on: workflow_call\njobs:\n  mine:\n    runs-on: x\n    steps:\n      - run: echo own workflow of shared\n"));
        shared.Branch("release");
        shared.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  deploy:\n    uses: acme/shared/.github/workflows/deploy.yml@release\n    with: { target: staging }\n"));

        var result = await scene.SluiceAsync("run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"[deploy] Download reusable workflow repository 'acme/shared@release' (SHA:{sharedCommit})", result.StdoutLines);
        Assert.Contains(result.StdoutLines, l => l.EndsWith("leaf for staging", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.EndsWith("own workflow of shared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parallel_jobs_asking_for_the_same_action_download_it_once()
    {
        await using var scene = new ActionsHostScene();
        var greet = scene.Action("acme", "greet");
        var commit = greet.Commit("greet", ("action.yml", Composite("greet")));
        greet.Tag("v1");
        greet.Publish();
        var jobs = string.Concat(Enumerable.Range(1, 4).Select(i => $"  job{i}:\n    runs-on: x\n    steps:\n      - uses: acme/greet@v1\n        with: {{ who: job{i} }}\n"));
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n" + jobs));

        var result = await scene.SluiceAsync("run", "--parallel", "4");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, scene.Host.FetchCount);
        foreach (var i in Enumerable.Range(1, 4))
        {
            Assert.Contains($"[job{i}] Download action repository 'acme/greet@v1' (SHA:{commit})", result.StdoutLines);
            Assert.Contains($"[job{i}] greet says hello job{i}", result.StdoutLines);
        }
    }

    [Fact]
    public async Task A_ref_that_does_not_resolve_a_path_missing_from_the_repository_and_a_host_that_does_not_answer_fail_the_plan_check()
    {
        await using var scene = new ActionsHostScene();
        var greet = scene.Action("acme", "greet");
        var commit = greet.Commit("greet", ("action.yml", Composite("greet")));
        greet.Tag("v1");
        greet.Publish();
        await scene.CommitAsync(
            (".github/workflows/ref.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: touch ran\n      - id: greet\n        uses: acme/greet@v9\n"),
            (".github/workflows/path.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - id: lint\n        uses: acme/greet/lint@v1\n"));

        var badRef = await scene.SluiceAsync("run", "-W", ".github/workflows/ref.yml");
        var badPath = await scene.SluiceAsync("run", "-W", ".github/workflows/path.yml");
        var url = scene.HostUrl;
        await scene.Host.StopAsync();
        Directory.Delete(scene.Cache, recursive: true);
        var silent = await scene.SluiceAsync("run", "-W", ".github/workflows/path.yml");

        Assert.True(badRef.ExitCode == 1, badRef.ToString());
        Assert.Contains($"sluice: error: .github/workflows/ref.yml:7: job 'build', step 'greet': 'uses: acme/greet@v9' cannot be fetched: acme/greet at {url}/ has no tag or branch 'v9' (tried: git ls-remote {url}/acme/greet ", badRef.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--skip-unsupported", badRef.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(scene.Repository, "ran")));
        Assert.True(badPath.ExitCode == 1, badPath.ToString());
        Assert.Contains($"sluice: error: .github/workflows/path.yml:6: job 'build', step 'lint': 'uses: acme/greet/lint@v1': the folder 'lint' does not exist in acme/greet at v1 (commit {commit})", badPath.Stderr, StringComparison.Ordinal);
        Assert.True(silent.ExitCode == 1, silent.ToString());
        Assert.Contains($"sluice: error: .github/workflows/path.yml:6: job 'build', step 'lint': 'uses: acme/greet/lint@v1' cannot be fetched: {url}/ could not be reached", silent.Stderr, StringComparison.Ordinal);
        Assert.Contains("(tried: git ls-remote", silent.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was run", silent.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_url_host_serves_actions_as_a_git_server_does()
    {
        await using var scene = new ActionsHostScene();
        var greet = scene.Action("acme", "greet");
        var commit = greet.Commit("greet", ("action.yml", Composite("greet from a folder")));
        greet.Tag("v1");
        greet.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: acme/greet@v1\n"));

        var result = await scene.SluiceAsync("run", "--actions-url", new Uri(scene.Served).AbsoluteUri);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"[build] Download action repository 'acme/greet@v1' (SHA:{commit})", result.StdoutLines);
        Assert.Contains("[build] greet from a folder says hello you", result.StdoutLines);
        Assert.Empty(scene.Host.Requests);
    }

    [Theory]
    [InlineData("ftp://example.com", "'ftp' is not supported")]
    [InlineData("not a url", "is not a URL")]
    [InlineData("https://user:pw@example.com", "credentials do not belong in the URL")]
    public async Task A_bad_actions_url_is_a_usage_error_saying_what_to_write(string url, string expected)
    {
        await using var scene = new ActionsHostScene();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: echo hi\n"));

        var result = await scene.SluiceAsync("run", "--actions-url", url);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Docker_action_whose_image_is_a_Dockerfile_in_the_fetched_repository_is_built_with_the_engine()
    {
        var engine = Environment.GetEnvironmentVariable("SLUICE_TEST_DOCKER_HOST");
        Assert.False(string.IsNullOrEmpty(engine), "SLUICE_TEST_DOCKER_HOST is not set: run `export SLUICE_TEST_DOCKER_HOST=$(scripts/container-engine.sh)` first (./test.sh does it).");
        await using var scene = new ActionsHostScene();
        var boxed = scene.Action("acme", "boxed");
        var commit = boxed.Commit(
            "boxed",
            ("greet/action.yml", "name: Boxed\ninputs:\n  who: { default: you }\nruns:\n  using: docker\n  image: Dockerfile\n  args: ['${{ inputs.who }}']\n"),
            ("greet/Dockerfile", "FROM localhost/sluice-test/busybox:latest\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"sh\", \"/entrypoint.sh\"]\n"),
            ("greet/entrypoint.sh", "echo \"built from the fetched repository, hello $1\"\n"));
        boxed.Tag("v1");
        boxed.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: acme/boxed/greet@v1\n        with: { who: container }\n"));

        var result = await scene.SluiceAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = engine }, "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"[build] Download action repository 'acme/boxed@v1' (SHA:{commit})", result.StdoutLines);
        // The image is built once for these files; a later run (of this test, too) uses it.
        Assert.Contains(result.StdoutLines, l => l.Contains("Building localhost/sluice-actions/acme-boxed", StringComparison.Ordinal) || l.Contains("Using the image built before from the same files: localhost/sluice-actions/acme-boxed", StringComparison.Ordinal));
        Assert.Contains("[build] built from the fetched repository, hello container", result.StdoutLines);
    }

    [Fact]
    public async Task A_fetched_composite_action_runs_in_a_job_container_from_the_read_only_action_cache()
    {
        var engine = Environment.GetEnvironmentVariable("SLUICE_TEST_DOCKER_HOST");
        Assert.False(string.IsNullOrEmpty(engine), "SLUICE_TEST_DOCKER_HOST is not set: run `export SLUICE_TEST_DOCKER_HOST=$(scripts/container-engine.sh)` first (./test.sh does it).");
        await using var scene = new ActionsHostScene();
        var data = scene.Action("acme", "data");
        data.Commit("data", ("action.yml", "name: Data\nruns:\n  using: composite\n  steps:\n    - run: cat \"$GITHUB_ACTION_PATH/data.txt\"; touch \"$GITHUB_ACTION_PATH/written\" 2>/dev/null || echo the action folder is read-only\n      shell: sh\n"), ("data.txt", "data from the fetched repository\n"));
        data.Tag("v1");
        data.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  boxed:\n    runs-on: x\n    container: localhost/sluice-test/busybox:latest\n    steps:\n      - uses: acme/data@v1\n"));

        var result = await scene.SluiceAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = engine }, "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[boxed] data from the fetched repository", result.StdoutLines);
        Assert.Contains("[boxed] the action folder is read-only", result.StdoutLines);
    }

    [Fact]
    public async Task References_that_git_could_read_as_options_or_paths_are_refused_before_git_runs()
    {
        await using var scene = new ActionsHostScene();
        var marker = Path.Combine(scene.Repository, "pwned");
        await scene.CommitAsync((".github/workflows/ci.yml", $"on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: \"acme/greet@--upload-pack=touch {marker}\"\n      - uses: \"-x/greet@v1\"\n      - uses: \"acme/greet/../../etc@v1\"\n"));

        var result = await scene.SluiceAsync("run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"step '__acme_greet': 'uses: acme/greet@--upload-pack=touch {marker}' cannot be fetched: the ref '--upload-pack=touch {marker}' holds ' ', which git does not allow in a ref name", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'uses: -x/greet@v1' cannot be fetched: the owner '-x' may not be '.' or '..' or start with '-' or '.'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'uses: acme/greet/../../etc@v1' is refused", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
        Assert.Empty(scene.Host.Requests);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
