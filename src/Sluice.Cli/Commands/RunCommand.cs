using System.CommandLine;
using Sluice.Cli.Running;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice run [EVENT]</c>: runs the repository's workflows that the event triggers, on this machine, as GitHub would.</summary>
internal static class RunCommand
{
    public const int CancelledExitCode = 130;

    public static Command Create(CliConsole console)
    {
        var eventName = new Argument<string>("EVENT") { Description = "The event to run for (push, pull_request, workflow_dispatch, ...).", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "push" };
        var workflow = new Option<string?>("--workflow", "-W") { Description = "Run this workflow file only.", HelpName = "FILE" };
        var job = new Option<string?>("--job", "-j") { Description = "Run this job and what it needs.", HelpName = "ID" };
        var noNeeds = new Option<bool>("--no-needs") { Description = "With --job: run the job alone, without the jobs it needs." };
        var eventPath = new Option<string?>("--eventpath", "-e") { Description = "The event payload JSON (default: made from the local git repository).", HelpName = "FILE" };
        var inputs = new Option<string[]>("--input") { Description = "A workflow_dispatch input, K=V. Repeatable.", HelpName = "K=V" };
        var secrets = new Option<string[]>("--secret", "-s") { Description = "A secret, K=V. Repeatable. Masked in all output.", HelpName = "K=V" };
        var secretFile = new Option<string?>("--secret-file") { Description = "Secrets in dotenv format.", HelpName = "FILE" };
        var vars = new Option<string[]>("--var") { Description = "A configuration variable (vars context), K=V. Repeatable.", HelpName = "K=V" };
        var matrix = new Option<string[]>("--matrix") { Description = "Only the matrix legs where K is V, K:V. Repeatable.", HelpName = "K:V" };
        var list = new Option<bool>("--list", "-l") { Description = "Print the plan (workflows, jobs, order) without running anything." };
        var parallel = new Option<int>("--parallel") { Description = "How many jobs run at once (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keep = new Option<bool>("--keep") { Description = "Keep the run folder (workspaces, logs, event file) afterwards." };
        var skipUnsupported = new Option<bool>("--skip-unsupported") { Description = "Skip steps whose uses: cannot run here, instead of refusing to start." };
        var actions = new ActionSourceOptions();
        var format = OutputFormatOption.Create();
        var command = new Command("run", "Run the repository's workflows for an event, on this machine.")
        {
            eventName, workflow, job, noNeeds, eventPath, inputs, secrets, secretFile, vars, matrix, list, parallel, keep, skipUnsupported, format,
        };
        foreach (var option in actions.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = new LocalRunRequest
            {
                EventName = parseResult.GetValue(eventName) ?? "push",
                WorkflowFile = parseResult.GetValue(workflow),
                Job = parseResult.GetValue(job),
                IncludeNeeds = !parseResult.GetValue(noNeeds),
                EventPath = parseResult.GetValue(eventPath),
                Inputs = KeyValues.Parse(parseResult.GetValue(inputs), '=', "--input"),
                Secrets = KeyValues.WithFile(KeyValues.Parse(parseResult.GetValue(secrets), '=', "--secret"), parseResult.GetValue(secretFile)),
                Vars = KeyValues.Parse(parseResult.GetValue(vars), '=', "--var"),
                Matrix = [.. KeyValues.Parse(parseResult.GetValue(matrix), ':', "--matrix")],
                ListOnly = parseResult.GetValue(list),
                Parallelism = Math.Max(1, parseResult.GetValue(parallel)),
                Keep = parseResult.GetValue(keep),
                SkipUnsupported = parseResult.GetValue(skipUnsupported),
                Actions = actions.Read(parseResult),
                Json = parseResult.GetFormat(format) == OutputFormat.Json,
            };
            return await new LocalRunner(console).RunAsync(request, cancellationToken);
        });
        return command;
    }
}
