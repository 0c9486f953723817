using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>How a command prints its result: for people, or as JSON for tools.</summary>
internal enum OutputFormat
{
    Text,
    Json,
}

internal static class OutputFormatOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output format: 'text' for people, 'json' for tools.",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    public static OutputFormat GetFormat(this ParseResult parseResult, Option<string> option) =>
        parseResult.GetValue(option) == "json" ? OutputFormat.Json : OutputFormat.Text;
}
