using System.CommandLine;
using System.Text.Json;
using Sluice.Agent;
using Sluice.Cli.Running;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice agent</c>: runs jobs for a server, making only outbound connections; and its hidden worker, one process per job.</summary>
internal static class AgentCommand
{
    public static Command Create(CliConsole console)
    {
        var server = new Option<string>("--server") { Description = "The server's URL, or several separated by commas (replicas on one database; the agent moves to the next when one fails). Default: $SLUICE_SERVER.", HelpName = "URL[,URL...]" };
        var token = new Option<string>("--token") { Description = "A one-time registration token (sluice token create --scope agent). Default: $SLUICE_TOKEN.", HelpName = "TOKEN" };
        var labels = new Option<string>("--labels") { Description = "Labels besides the defaults (self-hosted, the OS, the architecture, ubuntu-latest on Linux), comma-separated.", HelpName = "a,b" };
        var name = new Option<string>("--name") { Description = "The agent's name. Default: the host name.", HelpName = "NAME" };
        var work = new Option<string>("--work") { Description = "Where jobs run and the agent keeps its credential. Default: ./.sluice-agent-NAME.", HelpName = "DIR" };
        var once = new Option<bool>("--once") { Description = "Run one job, then exit (for autoscalers and job pods)." };
        var actionOptions = new ActionSourceOptions();
        var command = new Command("agent", "Run jobs for a Sluice server.") { server, token, labels, name, work, once, WorkerCommand(console) };
        foreach (var option in actionOptions.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            // Bad action options are a usage error now, not a failure of every job later.
            var actions = actionOptions.Read(parse);
            ServerCommand.OpenedActions(actions);
            var url = parse.GetValue(server) ?? Environment.GetEnvironmentVariable("SLUICE_SERVER") ?? throw new UsageException("give the server with --server URL (or SLUICE_SERVER)");
            try
            {
                url = ServerUrls.Parse(url).ToString();
            }
            catch (ServerUrlsException ex)
            {
                throw new UsageException($"--server: {ex.Message}");
            }

            var agentName = parse.GetValue(name) ?? Environment.MachineName;
            var options = new AgentOptions
            {
                Server = url,
                Token = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("SLUICE_TOKEN"),
                Name = agentName,
                Labels = (parse.GetValue(labels) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                WorkDirectory = Path.GetFullPath(parse.GetValue(work) ?? $".sluice-agent-{agentName}"),
                Once = parse.GetValue(once),
                WorkerCommand = SelfCommand(),
                WorkerArguments = actions.ToArguments(),
            };
            var output = new AutoFlushWriter(console.Out);
            // Asked to stop (SIGTERM, Ctrl-C): no new job; a running one finishes, or is handed back by its worker
            // when the signal reached the worker too (Ctrl-C in a terminal reaches the whole process group).
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var signals = new TerminationSignals(stopping);
            return await new AgentLoop(options, output, TimeProvider.System).RunAsync(stopping.Token);
        });
        return command;
    }

    /// <summary>How to start this program again: the native executable, or <c>dotnet sluice.dll</c> when run through the dotnet host.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        var fileName = Path.GetFileNameWithoutExtension(process);
        return fileName == "dotnet" ? [process, Environment.GetCommandLineArgs()[0]] : [process];
    }

    private static Command WorkerCommand(CliConsole console)
    {
        var server = new Option<string>("--server") { Required = true };
        var work = new Option<string>("--work") { Required = true };
        var actionOptions = new ActionSourceOptions();
        var command = new Command("worker", "Runs one job for the agent that started it (internal).") { Hidden = true };
        command.Options.Add(server);
        command.Options.Add(work);
        foreach (var option in actionOptions.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var input = console.OpenInput();
            // The agent starts each worker ahead of its job (a spare) and closes its input unused when it stops.
            if (await input.ReadLineAsync(cancellationToken) is not { } line)
            {
                return 0;
            }

            var job = JsonSerializer.Deserialize(line, ProtocolJson.Default.JobAssignment) ?? throw new UsageException("the worker's job is not valid JSON");
            using var cancel = new CancellationTokenSource();
            // The agent writes "cancel" when the job is cancelled; the steps then stop, and always() steps still run.
            // The input ends when the agent does (it died, or handed the job back): nobody renews the lease any more,
            // so the job's steps stop before the server gives the job to another agent (never two attempts at once).
            // Ctrl-C or SIGTERM to the worker itself (a terminal's Ctrl-C reaches the agent's workers too) hands the
            // job back the same way: the run was not cancelled, this machine stopped.
            using var agentGone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var signals = new TerminationSignals(agentGone);
            _ = Task.Run(
                async () =>
                {
                    while (await input.ReadLineAsync(CancellationToken.None) is { } command)
                    {
                        if (command == "cancel")
                        {
                            await cancel.CancelAsync();
                        }
                    }

                    await agentGone.CancelAsync();
                },
                CancellationToken.None);
            var request = actionOptions.Read(parse);
            return await JobWorker.RunAsync(parse.GetValue(server)!, job, parse.GetValue(work)!, (root, secrets) => ActionSources.OpenForJob(request, root, secrets), cancel.Token, agentGone.Token);
        });
        return command;
    }
}

/// <summary>A writer that flushes each line, for long-running commands whose output is followed as it comes.</summary>
internal sealed class AutoFlushWriter(TextWriter inner) : TextWriter
{
    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value);

    public override void WriteLine(string? value)
    {
        lock (inner)
        {
            inner.WriteLine(value);
            inner.Flush();
        }
    }
}
