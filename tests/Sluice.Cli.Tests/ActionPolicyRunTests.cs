using Sluice.Cli.Tests.Infrastructure;

namespace Sluice.Cli.Tests;

/// <summary>The action policy and the real actions instead of built-in ones, from .sluice/actions.yml and the options.</summary>
public sealed class ActionPolicyRunTests
{
    private const string Workflow = "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: touch ran\n      - id: greet\n        uses: acme/greet@v1\n      - id: checkout\n        uses: actions/checkout@v4\n";

    private static async Task<(ActionsHostScene Scene, string Commit)> SceneAsync(params (string Path, string Content)[] files)
    {
        var scene = new ActionsHostScene();
        var greet = scene.Action("acme", "greet");
        var commit = greet.Commit("greet", ("action.yml", RemoteActionRunTests.Composite("greet")));
        greet.Tag("v1");
        greet.Publish();
        await scene.CommitAsync([(".github/workflows/ci.yml", Workflow), .. files]);
        return (scene, commit);
    }

    [Fact]
    public async Task An_allow_list_refuses_what_it_does_not_name_before_anything_runs_naming_the_rules()
    {
        var (scene, _) = await SceneAsync((".sluice/actions.yml", "allow:\n  - actions/*\n  - github/*\n"));
        await using var _ = scene;

        var refused = await scene.SluiceAsync("run");
        var requestsWhenRefused = scene.Host.Requests.Count;
        var allowed = await scene.SluiceAsync("run", "--allow-action", "acme/greet@v1");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("sluice: error: .github/workflows/ci.yml:7: job 'build', step 'greet': 'acme/greet@v1' is not allowed by the action policy: it matches none of the allow rules 'actions/*' (.sluice/actions.yml:2), 'github/*' (.sluice/actions.yml:3)", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--skip-unsupported", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(scene.Repository, "ran")));
        Assert.Equal(0, requestsWhenRefused);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("[build] greet says hello you", allowed.StdoutLines);
    }

    [Fact]
    public async Task A_deny_rule_wins_over_the_allow_list_and_GitHubs_bang_entries_deny_too()
    {
        var (scene, _) = await SceneAsync((".sluice/actions.yml", "allow: [acme/*, actions/*, '!acme/greet@v1']\n"));
        await using var _ = scene;

        var byBang = await scene.SluiceAsync("run");
        await scene.CommitAsync((".sluice/actions.yml", "allow: [acme/*, actions/*]\n"));
        var byOption = await scene.SluiceAsync("run", "--deny-action", "acme", "--allow-action", "acme/greet");

        Assert.True(byBang.ExitCode == 1, byBang.ToString());
        Assert.Contains("'acme/greet@v1' is not allowed by the action policy: it matches the deny rule 'acme/greet@v1' (.sluice/actions.yml:1)", byBang.Stderr, StringComparison.Ordinal);
        Assert.True(byOption.ExitCode == 1, byOption.ToString());
        Assert.Contains("it matches the deny rule 'acme' (--deny-action)", byOption.Stderr, StringComparison.Ordinal);
        Assert.Empty(scene.Host.Requests);
    }

    [Fact]
    public async Task Required_sha_pinning_refuses_tags_also_of_built_in_actions_and_runs_a_pinned_reference()
    {
        var (scene, commit) = await SceneAsync();
        await using var _ = scene;

        var refused = await scene.SluiceAsync("run", "--require-sha-pinning");
        await scene.CommitAsync((".github/workflows/ci.yml", Workflow.Replace("acme/greet@v1", $"acme/greet@{commit}", StringComparison.Ordinal).Replace("actions/checkout@v4", "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", StringComparison.Ordinal)));
        var pinned = await scene.SluiceAsync("run", "--require-sha-pinning");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("step 'greet': 'acme/greet@v1' is not allowed by the action policy: all actions must be pinned to a full-length commit SHA (--require-sha-pinning), and 'v1' is not one", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("step 'checkout': 'actions/checkout@v4' is not allowed by the action policy: all actions must be pinned", refused.Stderr, StringComparison.Ordinal);
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Contains($"[build] Download action repository 'acme/greet@{commit}' (SHA:{commit})", pinned.StdoutLines);
    }

    [Fact]
    public async Task The_policy_covers_what_a_fetched_composite_action_uses_and_reusable_workflows()
    {
        var (scene, _) = await SceneAsync();
        await using var _ = scene;
        var outer = scene.Action("acme", "outer");
        outer.Commit("outer", ("action.yml", "name: Outer\nruns:\n  using: composite\n  steps:\n    - uses: evil/payload@v1\n"));
        outer.Tag("v1");
        outer.Publish();
        await scene.CommitAsync((".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - id: outer\n        uses: acme/outer@v1\n  call:\n    uses: evil/flows/.github/workflows/x.yml@v1\n"));

        var result = await scene.SluiceAsync("run", "--deny-action", "evil/*");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"step 'outer': 'acme/outer@v1' step '__evil_payload' ({Path.Combine(scene.Cache)}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'evil/payload@v1' is not allowed by the action policy: it matches the deny rule 'evil/*' (--deny-action)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(".github/workflows/ci.yml:8: job 'call': 'evil/flows/.github/workflows/x.yml@v1' is not allowed by the action policy", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(scene.Host.Requests, r => r.Path.Contains("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_settings_file_is_a_usage_error_naming_its_line()
    {
        var (scene, _) = await SceneAsync((".sluice/actions.yml", "allow: [actions/*]\nrequire-sha-pining: true\n"));
        await using var _ = scene;

        var result = await scene.SluiceAsync("run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sluice: error: .sluice/actions.yml:2:1: 'require-sha-pining' is not an action setting; the settings are real-actions, allow, deny, require-sha-pinning", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_built_in_action_wins_unless_the_real_one_is_asked_for_by_option_or_settings_file()
    {
        await using var scene = new ActionsHostScene();
        var checkout = scene.Action("actions", "checkout");
        var commit = checkout.Commit("real", ("action.yml", "name: Checkout\nruns:\n  using: composite\n  steps:\n    - run: echo the real checkout ran\n      shell: bash\n"));
        checkout.Tag("v4");
        checkout.Publish();
        var workflow = "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n";
        await scene.CommitAsync((".github/workflows/ci.yml", workflow));

        var builtIn = await scene.SluiceAsync("run");
        var byOption = await scene.SluiceAsync("run", "--real-action", "actions/checkout");
        await scene.CommitAsync((".sluice/actions.yml", "real-actions:\n  - actions/check*\n"));
        var bySettings = await scene.SluiceAsync("run");

        Assert.True(builtIn.ExitCode == 0, builtIn.ToString());
        Assert.Contains(builtIn.StdoutLines, l => l.StartsWith("[build] Checking out ", StringComparison.Ordinal));
        Assert.DoesNotContain("[build] the real checkout ran", builtIn.StdoutLines);
        Assert.True(byOption.ExitCode == 0, byOption.ToString());
        Assert.Contains($"[build] Download action repository 'actions/checkout@v4' (SHA:{commit})", byOption.StdoutLines);
        Assert.Contains("[build] the real checkout ran", byOption.StdoutLines);
        Assert.True(bySettings.ExitCode == 0, bySettings.ToString());
        Assert.Contains("[build] the real checkout ran", bySettings.StdoutLines);
    }
}
