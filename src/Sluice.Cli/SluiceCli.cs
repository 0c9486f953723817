using System.CommandLine;
using Sluice.Cli.Commands;

namespace Sluice.Cli;

/// <summary>The edge of the program: parses the command line, runs one command and turns every failure into a one-line message and an exit code.</summary>
internal static class SluiceCli
{
    public static int Run(string[] args, CliConsole console)
    {
        try
        {
            return Invoke(args, console);
        }
        catch (UsageException ex)
        {
            console.Error.WriteLine($"sluice: error: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception ex)
        {
            console.Error.WriteLine($"sluice: internal error: {ex.Message} (this is a bug in sluice; please report it with the command you ran)");
            return ExitCodes.Failed;
        }
        finally
        {
            console.Out.Flush();
            console.Error.Flush();
        }
    }

    private static int Invoke(string[] args, CliConsole console)
    {
        var root = CreateRootCommand(console);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.Error.WriteLine($"sluice: error: {error.Message}");
            }

            console.Error.WriteLine("Run 'sluice --help' to see the commands and options.");
            return ExitCodes.UsageError;
        }

        var invocation = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = console.Out,
            Error = console.Error,
        };
        return parseResult.Invoke(invocation);
    }

    public static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("sluice: validate GitHub Actions workflows, evaluate ${{ }} expressions, and turn test, coverage and benchmark reports into quality-gate verdicts.")
        {
            ValidateCommand.Create(console),
            ExprCommand.Create(console),
            ReportCommand.Create(console),
            GateCommand.Create(console),
            FlakyCommand.Create(console),
            SplitCommand.Create(console),
            RunCommand.Create(console),
            ActionsCommand.Create(console),
            Server.ServerCommand.Create(console),
            Server.AgentCommand.Create(console),
            Server.UpCommand.Create(console),
        };
        foreach (var command in Server.RepoCommands.Create(console).Concat(Server.RunCommands.Create(console)))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
