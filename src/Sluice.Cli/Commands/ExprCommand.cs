using System.CommandLine;
using Sluice.Cli.Evaluation;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice expr [EXPR] [--context NAME=FILE.json]...</c>: evaluates one expression, or a stream of them from standard input.</summary>
internal static class ExprCommand
{
    public static Command Create(CliConsole console)
    {
        var expression = new Argument<string?>("EXPR")
        {
            Description = "The expression, bare or as ${{ ... }}. Without it, requests are read from standard input, one JSON object per line.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var contexts = new Option<string[]>("--context", "-c")
        {
            Description = "A context the expression may use: NAME=FILE.json, the file holding its JSON value. Repeat for each context; no other names are allowed.",
            HelpName = "NAME=FILE.json",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = OutputFormatOption.Create();

        var command = new Command("expr", "Evaluate a ${{ }} expression as a workflow run would.")
        {
            expression,
            contexts,
            format,
        };
        command.SetAction(parseResult => parseResult.GetValue(expression) is { } text
            ? RunOne(text, parseResult.GetValue(contexts) ?? [], parseResult.GetFormat(format), console)
            : RunStream(parseResult.GetResult(contexts) is not null, console));
        return command;
    }

    private static int RunOne(string text, IReadOnlyList<string> contextArguments, OutputFormat format, CliConsole console)
    {
        var outcome = ExpressionRunner.Run(new ExpressionRequest(text, ContextFiles.Load(contextArguments)));
        if (format == OutputFormat.Json)
        {
            ExpressionOutput.WriteJson(console.Out, outcome, indented: true);
        }
        else
        {
            ExpressionOutput.WriteText(console, outcome);
        }

        return outcome.Value is null ? ExitCodes.Failed : ExitCodes.Success;
    }

    private static int RunStream(bool contextsGiven, CliConsole console)
    {
        if (contextsGiven)
        {
            throw new UsageException("--context needs an EXPR; in streaming mode (no EXPR) each input line carries its own \"contexts\"");
        }

        if (!Console.IsInputRedirected)
        {
            console.Error.WriteLine("sluice expr: reading requests from standard input, one {\"expr\": ..., \"contexts\": {...}} per line; Ctrl-D ends.");
        }

        try
        {
            using var input = console.OpenInput();
            ExpressionStream.Run(input, console.Out);
        }
        catch (IOException ex)
        {
            console.Error.WriteLine($"sluice: error: the request stream failed: {ex.Message}");
            return ExitCodes.Failed;
        }

        return ExitCodes.Success;
    }
}
