using Sluice.Security.Tokens;

namespace Sluice.Security.Tests.Tokens;

public sealed class TokenPolicyTests
{
    [Theory]
    [InlineData(TokenScope.Read, TokenAction.ViewRuns, true)]
    [InlineData(TokenScope.Read, TokenAction.ViewLogs, true)]
    [InlineData(TokenScope.Read, TokenAction.TriggerRun, false)]
    [InlineData(TokenScope.Read, TokenAction.ManageSecrets, false)]
    [InlineData(TokenScope.Trigger, TokenAction.ViewRuns, true)]
    [InlineData(TokenScope.Trigger, TokenAction.CancelRun, true)]
    [InlineData(TokenScope.Trigger, TokenAction.ApproveRun, true)]
    [InlineData(TokenScope.Trigger, TokenAction.ManageRepositories, false)]
    [InlineData(TokenScope.Admin, TokenAction.DownloadArtifacts, true)]
    [InlineData(TokenScope.Admin, TokenAction.RerunRun, true)]
    [InlineData(TokenScope.Admin, TokenAction.ManageTokens, true)]
    [InlineData(TokenScope.Admin, TokenAction.ViewAudit, true)]
    [InlineData(TokenScope.Admin, TokenAction.ClaimJob, false)]
    [InlineData(TokenScope.Admin, TokenAction.RegisterAgent, false)]
    [InlineData(TokenScope.Agent, TokenAction.RegisterAgent, true)]
    [InlineData(TokenScope.Agent, TokenAction.ClaimJob, false)]
    [InlineData(TokenScope.Agent, TokenAction.ViewRuns, false)]
    [InlineData(TokenScope.AgentCredential, TokenAction.ClaimJob, true)]
    [InlineData(TokenScope.AgentCredential, TokenAction.WorkOnJob, true)]
    [InlineData(TokenScope.AgentCredential, TokenAction.RegisterAgent, false)]
    [InlineData(TokenScope.AgentCredential, TokenAction.ViewRuns, false)]
    [InlineData(TokenScope.AgentCredential, TokenAction.TriggerRun, false)]
    public void Each_scope_allows_its_own_actions_and_those_of_the_scopes_below_it(TokenScope scope, TokenAction action, bool allowed)
    {
        Assert.Equal(allowed, TokenPolicy.Allows(new TokenGrant(scope), action, "shop"));
    }

    [Fact]
    public void Every_action_is_allowed_to_exactly_the_scopes_the_hierarchy_says()
    {
        foreach (var action in Enum.GetValues<TokenAction>())
        {
            var allowedTo = Enum.GetValues<TokenScope>().Where(s => TokenPolicy.Allows(new TokenGrant(s), action, null)).ToList();
            Assert.True(
                allowedTo.SequenceEqual([TokenScope.Read, TokenScope.Trigger, TokenScope.Admin])
                || allowedTo.SequenceEqual([TokenScope.Trigger, TokenScope.Admin])
                || allowedTo.SequenceEqual([TokenScope.Admin])
                || allowedTo.SequenceEqual([TokenScope.Agent])
                || allowedTo.SequenceEqual([TokenScope.AgentCredential]),
                $"{action} is allowed to {string.Join(", ", allowedTo)}");
        }
    }

    [Fact]
    public void A_refusal_names_the_scope_held_and_the_scopes_that_would_do()
    {
        Assert.Equal(
            "A read token cannot trigger runs: that takes a trigger or admin token.",
            TokenPolicy.Problem(new TokenGrant(TokenScope.Read), TokenAction.TriggerRun, "shop"));
        Assert.Equal(
            "An admin token cannot claim jobs: that takes an agent's own credential.",
            TokenPolicy.Problem(new TokenGrant(TokenScope.Admin), TokenAction.ClaimJob, null));
        Assert.Equal(
            "An agent token cannot view runs: that takes a read, trigger or admin token.",
            TokenPolicy.Problem(new TokenGrant(TokenScope.Agent), TokenAction.ViewRuns, null));
    }

    [Fact]
    public void A_token_limited_to_repositories_acts_on_those_and_no_others()
    {
        var grant = new TokenGrant(TokenScope.Trigger, ["shop", "shop"]);

        Assert.True(TokenPolicy.Allows(grant, TokenAction.TriggerRun, "shop"));
        Assert.False(TokenPolicy.Allows(grant, TokenAction.TriggerRun, "bank"));
        Assert.False(TokenPolicy.Allows(grant, TokenAction.TriggerRun, "Shop"));
        Assert.Equal(["shop"], grant.Repositories);
        Assert.Equal(
            "This token is limited to shop and does not cover the repository 'bank'.",
            TokenPolicy.Problem(grant, TokenAction.ViewLogs, "bank"));
    }

    [Fact]
    public void A_limited_token_may_list_across_repositories_for_the_caller_to_filter_but_not_act_without_naming_one()
    {
        var grant = new TokenGrant(TokenScope.Admin, ["shop"]);

        Assert.True(TokenPolicy.Allows(grant, TokenAction.ViewRuns, null));
        Assert.True(TokenPolicy.Allows(grant, TokenAction.ViewRepositories, null));
        Assert.True(grant.CoversRepository("shop"));
        Assert.False(grant.CoversRepository("bank"));
        Assert.False(TokenPolicy.Allows(grant, TokenAction.ManageRepositories, null));
        Assert.Contains("without naming one", TokenPolicy.Problem(grant, TokenAction.ManageRepositories, null), StringComparison.Ordinal);
        Assert.True(TokenPolicy.Allows(grant, TokenAction.ManageSecrets, "shop"));
    }

    [Theory]
    [InlineData(TokenAction.ManageTokens)]
    [InlineData(TokenAction.ManageAgents)]
    [InlineData(TokenAction.ViewAudit)]
    public void A_limited_admin_token_cannot_do_what_concerns_the_whole_server(TokenAction action)
    {
        var grant = new TokenGrant(TokenScope.Admin, ["shop"]);

        Assert.False(TokenPolicy.Allows(grant, action, null));
        Assert.False(TokenPolicy.Allows(grant, action, "shop"));
        Assert.Contains("only a token for every repository", TokenPolicy.Problem(grant, action, "shop"), StringComparison.Ordinal);
        Assert.True(TokenPolicy.Allows(new TokenGrant(TokenScope.Admin), action, null));
    }

    [Fact]
    public void A_limited_agent_credential_claims_jobs_and_works_only_on_jobs_of_its_repositories()
    {
        var grant = new TokenGrant(TokenScope.AgentCredential, ["shop"]);

        Assert.True(TokenPolicy.Allows(grant, TokenAction.ClaimJob, null));
        Assert.True(TokenPolicy.Allows(grant, TokenAction.WorkOnJob, "shop"));
        Assert.False(TokenPolicy.Allows(grant, TokenAction.WorkOnJob, "bank"));
    }

    [Fact]
    public void A_grant_limited_to_nothing_or_to_a_blank_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TokenGrant(TokenScope.Read, []));
        Assert.Throws<ArgumentException>(() => new TokenGrant(TokenScope.Read, ["shop", " "]));
    }
}
