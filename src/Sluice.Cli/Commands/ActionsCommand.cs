using System.CommandLine;
using Sluice.Cli.Running;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice actions pull [PATH...]</c>: fills the action cache for the workflows given, or lists where their actions come from.</summary>
internal static class ActionsCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Workflow or action metadata files, or folders: their *.yml and *.yaml workflows and every action.yml below them. Default: .github/workflows of the current git repository, and its action.yml.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(result =>
        {
            // Unknown options would otherwise be taken for paths and reported as missing files.
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-') && !Path.Exists(token.Value)))
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });
        var list = new Option<bool>("--list", "-l") { Description = "Show every action and reusable workflow the files use and where each would come from; fetch nothing." };
        var format = OutputFormatOption.Create();
        var sources = new ActionSourceOptions();
        var pull = new Command("pull", "Fetch every action and reusable workflow the workflows use, recursively, into the action cache, for machines without internet.")
        {
            paths,
            list,
            format,
        };
        foreach (var option in sources.All)
        {
            pull.Options.Add(option);
        }

        pull.SetAction(async (parseResult, cancellationToken) => await new ActionPuller(console).RunAsync(
            parseResult.GetValue(paths) ?? [],
            sources.Read(parseResult),
            parseResult.GetValue(list),
            parseResult.GetFormat(format) == OutputFormat.Json,
            cancellationToken));
        return new Command("actions", "Actions and reusable workflows of other repositories: fill the action cache, or see where they come from.") { pull };
    }
}
