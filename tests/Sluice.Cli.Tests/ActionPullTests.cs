using System.Text.Json;
using Sluice.Cli.Tests.Infrastructure;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice actions pull</c>: filling the action cache for machines without internet, and <c>--list</c>.</summary>
public sealed class ActionPullTests
{
    private const string Workflow = """
        on: push
        jobs:
          build:
            runs-on: x
            steps:
              - uses: actions/checkout@v4
              - uses: ./.github/actions/setup
              - uses: acme/outer@v1
              - uses: docker://localhost/sluice-test/busybox:latest
                if: false
          deploy:
            uses: acme/shared/.github/workflows/deploy.yml@v1
        """;

    /// <summary>
    /// A repository whose workflow reaches five action repositories: one directly, one through it (a composite
    /// action's step), one through a local composite action, and two through reusable workflows.
    /// </summary>
    private static async Task<(ActionsHostScene Scene, Dictionary<string, string> Commits)> SceneAsync()
    {
        var scene = new ActionsHostScene();
        var commits = new Dictionary<string, string>();
        void Publish(string owner, string name, string tag, params (string Path, string Content)[] files)
        {
            var repository = scene.Action(owner, name);
            commits[$"{owner}/{name}@{tag}"] = repository.Commit(name, files);
            repository.Tag(tag);
            repository.Publish();
        }

        Publish("acme", "inner", "v2", ("action.yml", RemoteActionRunTests.Composite("inner")));
        Publish("acme", "outer", "v1", ("action.yml", "name: Outer\nruns:\n  using: composite\n  steps:\n    - uses: acme/inner@v2\n"));
        Publish("acme", "tool", "v3", ("action.yml", RemoteActionRunTests.Composite("tool")));
        Publish("acme", "other", "v2", (".github/workflows/leaf.yml", "on: workflow_call\njobs:\n  leaf:\n    runs-on: x\n    steps:\n      - run: echo leaf ran\n"));
        Publish("acme", "shared", "v1", (".github/workflows/deploy.yml", "on: workflow_call\njobs:\n  remote:\n    uses: acme/other/.github/workflows/leaf.yml@v2\n"));
        await scene.CommitAsync(
            (".github/workflows/ci.yml", Workflow),
            (".github/actions/setup/action.yml", "name: Setup\nruns:\n  using: composite\n  steps:\n    - uses: acme/tool@v3\n      with: { who: setup }\n"));
        return (scene, commits);
    }

    [Fact]
    public async Task Pull_fetches_everything_the_workflows_reach_and_a_run_then_succeeds_with_the_host_gone()
    {
        var (scene, commits) = await SceneAsync();
        await using var _ = scene;

        var pulled = await scene.SluiceAsync("actions", "pull");
        var fetches = scene.Host.FetchCount;
        await scene.Host.StopAsync();
        var offline = await scene.SluiceAsync("run", "--offline", "--skip-unsupported");
        var unreachable = await scene.SluiceAsync("run", "--skip-unsupported", "--refresh-actions");

        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        foreach (var (repository, commit) in commits.Where(c => !c.Key.Contains("shared", StringComparison.Ordinal) && !c.Key.Contains("other", StringComparison.Ordinal)))
        {
            Assert.Contains($"Download action repository '{repository}' (SHA:{commit})", pulled.StdoutLines);
        }

        Assert.Contains($"Download reusable workflow repository 'acme/shared@v1' (SHA:{commits["acme/shared@v1"]})", pulled.StdoutLines);
        Assert.Contains($"Download reusable workflow repository 'acme/other@v2' (SHA:{commits["acme/other@v2"]})", pulled.StdoutLines);
        Assert.Contains($"5 repositories of actions and reusable workflows ready in the action cache {scene.Cache} (5 downloaded now from {scene.HostUrl}/)", pulled.StdoutLines);
        Assert.Equal(5, fetches);
        foreach (var run in new[] { offline, unreachable })
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("[build] inner says hello you", run.StdoutLines);
            Assert.Contains("[build] tool says hello setup", run.StdoutLines);
            Assert.Contains(run.StdoutLines, l => l.EndsWith("leaf ran", StringComparison.Ordinal));
            Assert.Contains($"[build] Use action repository 'acme/outer@v1' (SHA:{commits["acme/outer@v1"]}) from the action cache", run.StdoutLines);
        }

        Assert.Contains(unreachable.StdoutLines, l => l.StartsWith("[build] 'acme/outer@v1': ", StringComparison.Ordinal) && l.Contains("could not be reached", StringComparison.Ordinal) && l.Contains(commits["acme/outer@v1"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_shows_where_each_use_would_come_from_before_and_after_a_pull_and_asks_no_host()
    {
        var (scene, commits) = await SceneAsync();
        await using var _ = scene;

        var before = await scene.SluiceAsync("actions", "pull", "--list");
        var requestsForList = scene.Host.Requests.Count;
        await scene.SluiceAsync("actions", "pull");
        var after = await scene.SluiceAsync("actions", "pull", "--list");
        var json = await scene.SluiceAsync("actions", "pull", "--list", "--format", "json");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Equal(0, requestsForList);
        Assert.Contains(before.StdoutLines, l => l.StartsWith("actions/checkout@v4 ", StringComparison.Ordinal) && l.EndsWith("built in", StringComparison.Ordinal));
        Assert.Contains(before.StdoutLines, l => l.StartsWith("./.github/actions/setup ", StringComparison.Ordinal) && l.EndsWith("local: read from the workspace when the step runs", StringComparison.Ordinal));
        Assert.Contains(before.StdoutLines, l => l.StartsWith("acme/tool@v3 ", StringComparison.Ordinal) && l.EndsWith($"to be fetched from {scene.HostUrl}/", StringComparison.Ordinal));
        Assert.Contains(before.StdoutLines, l => l.StartsWith("acme/outer@v1 ", StringComparison.Ordinal) && l.EndsWith($"to be fetched from {scene.HostUrl}/", StringComparison.Ordinal));
        Assert.Contains(before.StdoutLines, l => l.StartsWith("acme/shared/.github/workflows/deploy.yml@v1 ", StringComparison.Ordinal) && l.EndsWith($"reusable workflow, to be fetched from {scene.HostUrl}/", StringComparison.Ordinal));
        Assert.Contains(before.StdoutLines, l => l.StartsWith("docker://localhost/sluice-test/busybox:latest ", StringComparison.Ordinal) && l.Contains("container image", StringComparison.Ordinal));
        Assert.Contains(before.StdoutLines, l => l.Trim() == "used at .github/workflows/ci.yml:8: job 'build', step '__acme_outer'");
        Assert.DoesNotContain(before.StdoutLines, l => l.StartsWith("acme/inner@v2", StringComparison.Ordinal));

        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains(after.StdoutLines, l => l.StartsWith("acme/inner@v2 ", StringComparison.Ordinal) && l.EndsWith($"action cache, commit {commits["acme/inner@v2"]}", StringComparison.Ordinal));
        Assert.Contains(after.StdoutLines, l => l.StartsWith("acme/other/.github/workflows/leaf.yml@v2 ", StringComparison.Ordinal) && l.EndsWith($"reusable workflow, action cache, commit {commits["acme/other@v2"]}", StringComparison.Ordinal));

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var inner = document.RootElement.GetProperty("uses").EnumerateArray().Single(u => u.GetProperty("uses").GetString() == "acme/inner@v2");
        Assert.Equal("cache", inner.GetProperty("source").GetString());
        Assert.Equal(commits["acme/inner@v2"], inner.GetProperty("commit").GetString());
        Assert.Equal("action", inner.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Pull_names_what_it_cannot_fetch_and_fails_and_list_shows_refusals()
    {
        await using var scene = new ActionsHostScene();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: acme/missing@v1\n      - uses: evil/thing@v1\n"));

        var pulled = await scene.SluiceAsync("actions", "pull", "--deny-action", "evil");
        var listed = await scene.SluiceAsync("actions", "pull", "--list", "--deny-action", "evil");

        Assert.Equal(1, pulled.ExitCode);
        Assert.Contains($"sluice: error: .github/workflows/ci.yml:6: job 'build', step '__acme_missing': 'uses: acme/missing@v1' cannot be fetched: there is no repository acme/missing at {scene.HostUrl}/", pulled.Stderr, StringComparison.Ordinal);
        Assert.Contains("'evil/thing@v1' is not allowed by the action policy: it matches the deny rule 'evil' (--deny-action)", pulled.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, listed.ExitCode);
        Assert.Contains(listed.StdoutLines, l => l.StartsWith("evil/thing@v1 ", StringComparison.Ordinal) && l.Contains("refused: 'evil/thing@v1' is not allowed", StringComparison.Ordinal));
    }
}
