namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_registered_agent_is_found_by_its_credential()
    {
        var registered = await Store.RegisterAgentAsync("runner-1", ["linux", "x64", "docker"], Hash("credential"), null, At(1), None).Timed();

        var found = await Store.AgentByCredentialAsync(Hash("credential"), None).Timed();

        Assert.NotNull(found);
        foreach (var agent in new[] { registered, found })
        {
            Assert.Equal(("runner-1", At(1), At(1), false), (agent.Name, agent.RegisteredAt, agent.LastSeen, agent.Removed));
            Assert.Equal(["linux", "x64", "docker"], agent.Labels);
            Assert.Equal(Hash("credential"), agent.CredentialHash);
        }

        Assert.Equal(registered.Id, found.Id);
        Assert.Null(await Store.AgentByCredentialAsync(Hash("another credential"), None).Timed());
    }

    [Fact]
    public async Task Touching_an_agent_moves_only_its_last_seen_time_forward_and_its_version_when_it_says_one()
    {
        var agent = await Store.RegisterAgentAsync("runner-1", [], Hash("credential"), null, At(1), None).Timed();
        Assert.Null(agent.Version);

        await Store.TouchAgentAsync(agent.Id, At(42), "1.2.0+abc", None).Timed();
        var touched = Assert.Single(await Store.AgentsAsync(None).Timed());
        Assert.Equal((At(1), At(42), "1.2.0+abc"), (touched.RegisteredAt, touched.LastSeen, touched.Version));
        Assert.Empty(touched.Labels);

        // Another replica's older sighting, written late, and one that says no version: neither loses what is known.
        await Store.TouchAgentAsync(agent.Id, At(30), null, None).Timed();
        var later = Assert.Single(await Store.AgentsAsync(None).Timed());
        Assert.Equal((At(42), "1.2.0+abc"), (later.LastSeen, later.Version));
    }

    [Fact]
    public async Task An_agent_lists_the_job_it_runs_whoever_gave_it_and_none_once_it_ended()
    {
        var run = await NewRunAsync();
        var job = (await QueueAsync(run, "build"))[0];
        var agent = await AgentAsync();
        Assert.Null(Assert.Single(await Store.AgentsAsync(None).Timed()).RunningJob);

        await ClaimAsync(agent, "lease");
        Assert.Equal(job.Id, Assert.Single(await Store.AgentsAsync(None).Timed()).RunningJob);
        Assert.Equal(job.Id, (await Store.AgentByCredentialAsync(Hash("credential:" + agent.Name), None).Timed())!.RunningJob);

        await Store.AbandonAttemptAsync(job.Id, 1, "lost", "lease expired", 3, At(61), None).Timed();
        Assert.Null(Assert.Single(await Store.AgentsAsync(None).Timed()).RunningJob);
    }

    [Fact]
    public async Task Agents_are_listed_in_the_order_they_registered()
    {
        foreach (var name in new[] { "zeta", "alpha", "mid" })
        {
            await AgentAsync(name);
        }

        Assert.Equal(["zeta", "alpha", "mid"], (await Store.AgentsAsync(None).Timed()).Select(a => a.Name));
    }
}
