using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Actions.Policy;

namespace Sluice.Engine.Tests.Policy;

/// <summary>The action policy: allow list, deny list checked last, and SHA pinning, each refusal naming its rule.</summary>
public sealed class ActionPolicyTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static ActionPolicy Policy(string[]? allow = null, string[]? deny = null, string? pinning = null) =>
        new([.. (allow ?? []).Select(p => new PolicyRule(ActionPattern.Parse(p, out _)!, "test"))], [.. (deny ?? []).Select(p => new PolicyRule(ActionPattern.Parse(p, out _)!, "test"))], pinning);

    private static ActionReference Uses(string uses) => ActionReference.Parse(uses, out _)!;

    [Fact]
    public void With_an_allow_list_only_what_matches_it_may_run_and_the_refusal_lists_the_rules()
    {
        var policy = Policy(allow: ["actions/*", "acme/deploy@v2"]);

        Assert.Null(policy.Refusal(Uses("actions/checkout@v4")));
        Assert.Null(policy.Refusal(Uses("acme/deploy@v2")));
        Assert.Equal("'acme/deploy@v3' is not allowed by the action policy: it matches none of the allow rules 'actions/*' (test), 'acme/deploy@v2' (test)", policy.Refusal(Uses("acme/deploy@v3")));
    }

    [Fact]
    public void The_deny_list_wins_over_the_allow_list_and_names_the_rule_that_matched()
    {
        var policy = Policy(allow: ["acme/*"], deny: ["acme/legacy*"]);

        Assert.Null(policy.Refusal(Uses("acme/new@v1")));
        Assert.Equal("'acme/legacy-deploy@v1' is not allowed by the action policy: it matches the deny rule 'acme/legacy*' (test)", policy.Refusal(Uses("acme/legacy-deploy@v1")));
    }

    [Fact]
    public void With_pinning_required_only_full_length_commit_shas_may_run()
    {
        var policy = Policy(pinning: "require-sha-pinning, .sluice/actions.yml:4");

        Assert.Null(policy.Refusal(Uses($"acme/tool@{Sha}")));
        Assert.Null(policy.Refusal(Uses($"acme/tool/sub@{Sha.ToUpperInvariant()}")));
        Assert.Equal(
            "'acme/tool@v1' is not allowed by the action policy: all actions must be pinned to a full-length commit SHA (require-sha-pinning, .sluice/actions.yml:4), and 'v1' is not one; write acme/tool@<the 40-character commit>",
            policy.Refusal(Uses("acme/tool@v1")));
        Assert.NotNull(policy.Refusal(Uses($"acme/tool@{Sha[..12]}")));
    }

    [Fact]
    public void Local_actions_and_container_images_are_not_covered_as_on_GitHub()
    {
        var policy = Policy(allow: ["actions/*"], pinning: "test");

        Assert.Null(policy.Refusal(Uses("./.github/actions/mine")));
        Assert.Null(policy.Refusal(Uses("docker://alpine:3")));
    }
}
