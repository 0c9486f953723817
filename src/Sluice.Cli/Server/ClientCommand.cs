using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Cli.Commands;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>A client verb: its connection options, its output format, and a server's refusal turned into one clear line.</summary>
internal sealed class ClientCommand(CliConsole console)
{
    public Connection Connection { get; } = new();

    public Option<string> Format { get; } = OutputFormatOption.Create();

    public CliConsole Console => console;

    public Command Create(string name, string description, Func<ParseResult, ApiClient, CancellationToken, Task<int>> action, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                case Command sub:
                    command.Subcommands.Add(sub);
                    break;
            }
        }

        Connection.AddTo(command);
        command.Options.Add(Format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = Connection.Open(parse);
            try
            {
                return await action(parse, client, cancellationToken);
            }
            catch (ApiException ex)
            {
                console.Error.WriteLine($"sluice: error: {ex.Message}");
                return ex.Status is 400 or 404 or 409 or 422 ? ExitCodes.UsageError : ExitCodes.Failed;
            }
        });
        return command;
    }

    public bool Json(ParseResult parse) => parse.GetFormat(Format) == OutputFormat.Json;

    public void WriteJson<T>(T value, JsonTypeInfo<T> type)
    {
        console.Out.WriteLine(JsonSerializer.Serialize(value, type));
        console.Out.Flush();
    }
}
