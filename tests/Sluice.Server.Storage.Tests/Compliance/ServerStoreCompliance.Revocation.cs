namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_revoked_token_is_no_longer_found_and_stays_listed_with_the_time_it_was_revoked()
    {
        var kept = await Store.AddTokenAsync("slc_keep", Hash("kept"), "read", [], "admin", null, "user:alice", At(1), None).Timed();
        var revoked = await Store.AddTokenAsync("slc_gone", Hash("revoked"), "trigger", ["shop"], "admin", "ci", "automation:ci", At(2), None).Timed();

        Assert.True(await Store.RevokeTokenAsync(revoked.Id, At(9), None).Timed());

        Assert.Null(await Store.TokenByHashAsync(Hash("revoked"), None).Timed());
        Assert.NotNull(await Store.TokenByHashAsync(Hash("kept"), None).Timed());
        var listed = await Store.TokensAsync(None).Timed();
        Assert.Equal([(kept.Id, false, (DateTimeOffset?)null, "user:alice"), (revoked.Id, true, At(9), "automation:ci")], listed.Select(t => (t.Id, t.Revoked, t.RevokedAt, t.Owner)));
    }

    [Fact]
    public async Task Revoking_a_token_twice_or_one_that_does_not_exist_changes_nothing()
    {
        var token = await Store.AddTokenAsync("slc_once", Hash("token"), "read", [], "admin", null, null, At(1), None).Timed();

        Assert.True(await Store.RevokeTokenAsync(token.Id, At(2), None).Timed());
        Assert.False(await Store.RevokeTokenAsync(token.Id, At(3), None).Timed());
        Assert.False(await Store.RevokeTokenAsync(token.Id + 100, At(4), None).Timed());

        Assert.Equal(At(2), Assert.Single(await Store.TokensAsync(None).Timed()).RevokedAt);
    }

    [Fact]
    public async Task A_revoked_registration_token_cannot_be_used()
    {
        var token = await Store.AddTokenAsync("slc_ag01", Hash("registration"), "agent", [], "admin", null, null, Start, None).Timed();
        await Store.RevokeTokenAsync(token.Id, At(1), None).Timed();

        Assert.False(await Store.UseTokenOnceAsync(token.Id, At(2), None).Timed());
    }

    [Fact]
    public async Task A_removed_agent_is_not_listed_but_is_still_found_by_its_credential_as_removed()
    {
        var removed = await Store.RegisterAgentAsync("old", ["linux"], Hash("old credential"), "slu_agc_old00000", At(1), None).Timed();
        var kept = await AgentAsync("kept");

        Assert.True(await Store.RemoveAgentAsync(removed.Id, None).Timed());
        Assert.False(await Store.RemoveAgentAsync(removed.Id, None).Timed());
        Assert.False(await Store.RemoveAgentAsync(kept.Id + 100, None).Timed());

        Assert.Equal([kept.Id], (await Store.AgentsAsync(None).Timed()).Select(a => a.Id));
        var found = await Store.AgentByCredentialAsync(Hash("old credential"), None).Timed();
        Assert.Equal((removed.Id, true, "slu_agc_old00000"), (found!.Id, found.Removed, found.CredentialPrefix));
        Assert.False((await Store.AgentByCredentialAsync(Hash("credential:kept"), None).Timed())!.Removed);
    }

    [Fact]
    public async Task A_disabled_or_removed_agent_is_given_no_job_and_an_enabled_one_is_again()
    {
        var run = await NewRunAsync();
        await QueueAsync(run, "build");
        var agent = await AgentAsync("paused");
        var gone = await AgentAsync("gone");

        Assert.True(await Store.SetAgentDisabledAsync(agent.Id, true, None).Timed());
        await Store.RemoveAgentAsync(gone.Id, None).Timed();

        Assert.Null(await ClaimAsync(agent, "lease-1"));
        Assert.Null(await ClaimAsync(gone, "lease-2"));
        Assert.True(Assert.Single(await Store.AgentsAsync(None).Timed()).Disabled);
        Assert.False(await Store.SetAgentDisabledAsync(gone.Id, true, None).Timed());

        Assert.True(await Store.SetAgentDisabledAsync(agent.Id, false, None).Timed());
        Assert.Equal("build", (await ClaimAsync(agent, "lease-3"))!.Job.Key);
    }

    [Fact]
    public async Task The_jobs_an_agent_holds_are_its_running_ones_only()
    {
        var run = await NewRunAsync();
        await QueueAsync(run, "build", "test", "lint");
        var agent = await AgentAsync("busy");
        var other = await AgentAsync("other");
        var build = (await ClaimAsync(agent, "lease-build"))!.Job;
        var test = (await ClaimAsync(agent, "lease-test"))!.Job;
        await ClaimAsync(other, "lease-lint");
        await Store.CompleteJobAsync(test.Id, test.Attempt, Hash("lease-test"), new JobOutcome("success", "{}", "[]"), At(5), None).Timed();

        var held = await Store.JobsHeldByAsync(agent.Id, None).Timed();

        Assert.Equal([(build.Id, 1)], held.Select(j => (j.Id, j.Attempt)));
        Assert.Empty(await Store.JobsHeldByAsync(other.Id + 100, None).Timed());
    }
}
