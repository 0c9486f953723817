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
    public async Task Touching_an_agent_moves_only_its_last_seen_time()
    {
        var agent = await Store.RegisterAgentAsync("runner-1", [], Hash("credential"), null, At(1), None).Timed();

        await Store.TouchAgentAsync(agent.Id, At(42), None).Timed();

        var touched = Assert.Single(await Store.AgentsAsync(None).Timed());
        Assert.Equal((At(1), At(42)), (touched.RegisteredAt, touched.LastSeen));
        Assert.Empty(touched.Labels);
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
