using System.CommandLine;
using Sluice.Cli.Validation;
using Sluice.Workflows;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice validate [PATH...]</c>: checks workflow files and reports every problem with its place.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Workflow or action metadata files, or folders: their *.yml and *.yaml workflows (not recursively) and every action.yml below them. Default: .github/workflows of the current git repository, and its action.yml.",
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
        var format = OutputFormatOption.Create();
        var backgroundSteps = new Option<bool>("--background-steps")
        {
            Description = "Accept the steps of GitHub's background-steps preview (background, wait, wait-all, cancel, parallel), for repositories where GitHub has it switched on.",
        };

        var command = new Command("validate", "Check workflow and action metadata files for errors, like GitHub does before running them.")
        {
            paths,
            format,
            backgroundSteps,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(paths) ?? [],
            parseResult.GetFormat(format),
            parseResult.GetValue(backgroundSteps),
            console));
        return command;
    }

    private static int Run(IReadOnlyList<string> paths, OutputFormat format, bool backgroundSteps, CliConsole console)
    {
        var files = WorkflowFileLocator.Locate(paths, Environment.CurrentDirectory);
        // Local reusable workflows (uses: ./.github/workflows/x.yml) are followed inside the repository.
        var root = GitRepository.FindRoot(Environment.CurrentDirectory);
        var options = new WorkflowReaderOptions { AllowBackgroundSteps = backgroundSteps };
        var reader = new WorkflowReader(root is null ? options : LocalWorkflowResolver.OptionsFor(root, options));
        var actions = new ActionReader();
        var results = files.Select(file => ActionReader.IsActionFile(file) ? actions.ReadFile(file) : reader.ReadFile(file)).ToList();

        if (format == OutputFormat.Json)
        {
            ValidationReport.WriteJson(console.Out, results);
        }
        else
        {
            ValidationReport.WriteText(console.Out, results);
        }

        return results.TrueForAll(result => result.IsValid) ? ExitCodes.Success : ExitCodes.Failed;
    }
}
