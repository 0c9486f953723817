using System.CommandLine;
using Sluice.Agent;
using Sluice.Cli.Running;
using Sluice.Server.Access;

namespace Sluice.Cli.Server;

/// <summary><c>sluice up</c>: a server and N local agents in one command, the way a user tries Sluice first.</summary>
internal static class UpCommand
{
    public static Command Create(CliConsole console)
    {
        var data = ServerCommand.DataOption();
        var listen = ServerCommand.ListenOption();
        var lease = ServerCommand.LeaseOption();
        var agents = new Option<int>("--agents") { Description = "How many local agents to start.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var database = ServerCommand.DatabaseOption();
        var actionOptions = new ActionSourceOptions();
        var web = new WebSessionFlags(publicOnLoopback: true);
        var command = new Command("up", "Start a server and local agents in one process; Ctrl-C stops them.") { data, listen, lease, agents, database };
        foreach (var option in web.All.Concat(actionOptions.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(agents);
            if (count is < 0 or > 64)
            {
                throw new UsageException("--agents takes 0 to 64");
            }

            // The server and the agents take other repositories' actions and reusable workflows from the same place.
            var actions = actionOptions.Read(parse);
            var opened = ServerCommand.OpenedActions(actions);

            // The terminal shows the agents' lines and the server's problems; the server's events are for `sluice server`'s log.
            var options = web.ApplyTo(
                ServerCommand.Options(parse.GetValue(data)!, parse.GetValue(listen)!, parse.GetValue(lease)) with
                {
                    LogEvents = false,
                    Actions = opened,
                    Database = ServerCommand.DatabaseOf(parse.GetValue(database)),
                },
                parse);
            await using var server = await ServerStart.StartAsync(options, console, cancellationToken);
            if (server is null)
            {
                return ExitCodes.Failed;
            }

            var output = new AutoFlushWriter(console.Out);
            // The first Ctrl-C (or SIGTERM) stops the agents while the server still runs, so that the jobs they hand
            // back are queued again at once; the server stops after them. A second one stops everything at once.
            var stopAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var atOnce = new CancellationTokenSource();
            using var signals = new TerminationSignals(OnSignal);
            using var cancelled = cancellationToken.Register(() => stopAsked.TrySetResult());
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loops = new List<Task<int>>();
            for (var i = 1; i <= count; i++)
            {
                var work = Path.Combine(server.State.Options.DataDirectory, "agents", $"agent-{i}");
                string? token = null;
                if (AgentCredential.Load(work, server.Url) is null)
                {
                    token = (await ApiTokens.IssueAsync(server.State.Store, Sluice.Security.Tokens.TokenScope.Agent, [], "sluice up", $"local agent {i}", TokenOwners.SluiceUp, TimeProvider.System.GetUtcNow(), cancellationToken)).Text;
                }

                var agent = new AgentOptions { Server = server.Url, Token = token, Name = $"local-{i}", WorkDirectory = work, WorkerCommand = AgentCommand.SelfCommand(), WorkerArguments = actions.ToArguments(), HandBackOnStop = true };
                loops.Add(Task.Run(() => new AgentLoop(agent, output, TimeProvider.System).RunAsync(stopping.Token), CancellationToken.None));
            }

            var reading = options.PublicRead ? "anyone who can reach it may read runs and logs without a token (--no-public-read)" : "reading takes a token";
            output.WriteLine($"sluice is up at {server.Url} with {count} agent(s); {reading}; Ctrl-C stops it");
            await stopAsked.Task;
            output.WriteLine("sluice: stopping the agents (running jobs are handed back and queued again); Ctrl-C again stops at once");
            await stopping.CancelAsync();
            try
            {
                await Task.WhenAll(loops).WaitAsync(atOnce.Token);
            }
            catch (OperationCanceledException) when (atOnce.IsCancellationRequested)
            {
                // Jobs still being handed back are queued again when their leases run out, at the next start.
                output.WriteLine("sluice: stopped at once");
                return ExitCodes.Interrupted;
            }

            output.WriteLine("sluice: agents stopped; stopping the server");
            await server.DisposeAsync();
            output.WriteLine("sluice: stopped");
            return ExitCodes.Success;

            void OnSignal(int signal)
            {
                if (signal == 1)
                {
                    stopAsked.TrySetResult();
                    return;
                }

                server.StopAtOnce();
                atOnce.Cancel();
            }
        });
        return command;
    }
}
