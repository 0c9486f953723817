using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice agents</c> (the list), <c>sluice agents remove|disable|enable NAME</c>.</summary>
internal static class AgentsCommands
{
    public static Command Create(CliConsole console)
    {
        var agents = new ClientCommand(console);
        var command = agents.Create(
            "agents",
            "List the agents and what they are doing.",
            async (parse, client, cancellationToken) =>
            {
                var list = await client.GetAsync("api/v1/agents", ProtocolJson.Default.IReadOnlyListAgentView, cancellationToken) ?? [];
                if (agents.Json(parse))
                {
                    agents.WriteJson(list, ProtocolJson.Default.IReadOnlyListAgentView);
                    return ExitCodes.Success;
                }

                foreach (var agent in list)
                {
                    console.Out.WriteLine(Line(agent));
                }

                return ExitCodes.Success;
            },
            Remove(console),
            Switch(console, "disable", "Give the agent no new job; the one it runs goes on."),
            Switch(console, "enable", "Give the agent jobs again."));
        return command;
    }

    public static string Requeued(IReadOnlyList<long> jobs) => jobs.Count == 0 ? "" : $"; job {string.Join(", ", jobs)} queued again";

    private static string Line(AgentView agent) =>
        $"#{agent.Id,-4} {agent.Name,-20} {agent.Status + (agent.Disabled ? ",disabled" : ""),-15} {agent.Credential ?? "-",-17} {agent.Version ?? "-",-20} {string.Join(",", agent.Labels)}{(agent.RunningJob is { } job ? $"  job {job}" : "")}";

    private static Command Remove(CliConsole console)
    {
        var remove = new ClientCommand(console);
        var name = NameArgument();
        return remove.Create(
            "remove",
            "Remove an agent: its credential stops working and the job it runs is queued again at once.",
            async (parse, client, cancellationToken) =>
            {
                var removed = await client.SendAsync<TokenCreate, AgentRemoved>(HttpMethod.Delete, "api/v1/agents/" + Uri.EscapeDataString(parse.GetValue(name)!), null, ProtocolJson.Default.TokenCreate, ProtocolJson.Default.AgentRemoved, cancellationToken);
                if (remove.Json(parse))
                {
                    remove.WriteJson(removed!, ProtocolJson.Default.AgentRemoved);
                }
                else
                {
                    console.Out.WriteLine($"removed agent {removed!.Name} (#{removed.Id}){Requeued(removed.RequeuedJobs)}");
                }

                return ExitCodes.Success;
            },
            name);
    }

    private static Command Switch(CliConsole console, string verb, string description)
    {
        var command = new ClientCommand(console);
        var name = NameArgument();
        return command.Create(
            verb,
            description,
            async (parse, client, cancellationToken) =>
            {
                var agent = await client.SendAsync<TokenCreate, AgentView>(HttpMethod.Post, $"api/v1/agents/{Uri.EscapeDataString(parse.GetValue(name)!)}/{verb}", null, ProtocolJson.Default.TokenCreate, ProtocolJson.Default.AgentView, cancellationToken);
                if (command.Json(parse))
                {
                    command.WriteJson(agent!, ProtocolJson.Default.AgentView);
                }
                else
                {
                    console.Out.WriteLine(Line(agent!));
                }

                return ExitCodes.Success;
            },
            name);
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The agent's name, or its id (#7) when several share a name." };
}
