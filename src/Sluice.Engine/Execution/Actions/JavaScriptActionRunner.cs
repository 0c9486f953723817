using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// Runs one stage of a JavaScript action as GitHub's runner does: <c>node</c> with the script's full path, in the
/// workspace, with the step's environment plus <c>INPUT_*</c>, <c>STATE_*</c> and <c>GITHUB_ACTION*</c>; the exit
/// code is the outcome. The process runs on the job's host, so a job container runs it with its own node.
/// </summary>
internal static class JavaScriptActionRunner
{
    /// <returns>The outcome and the step's file-command files, which the caller reads into the job.</returns>
    public static async Task<(Conclusion Outcome, StepFiles? Files)> RunAsync(NodeStageRequest stage, CancellationToken cancellationToken)
    {
        var action = stage.Action;
        var uses = action.Reference.Uses;
        var observer = stage.Output.Observer;
        var jobKey = stage.Request.JobKey;
        if (stage.Job.Host.FindProgram("node") is not { } node)
        {
            observer.Annotation(jobKey, "error", $"{ActionLocator.NodeMissing(uses, action.Manifest)}; or run with --skip-unsupported to skip such steps", action.Manifest.File, action.Manifest.RunsLine);
            return (Conclusion.Failure, null);
        }

        var script = Path.GetFullPath(Path.Combine(action.Folder, stage.Script));
        if (!File.Exists(script))
        {
            observer.Annotation(jobKey, "error", $"'uses: {uses}': the {stage.Stage.ToString().ToLowerInvariant()} script '{stage.Script}' that {action.Manifest.File} names does not exist in {action.Folder}; a JavaScript action ships its built files (such as dist/index.js)", action.Manifest.File, action.Manifest.RunsLine);
            return (Conclusion.Failure, null);
        }

        var files = StepFiles.Create(stage.Scratch, $"{stage.Stage.ToString().ToLowerInvariant()}-{stage.ActionId}");
        var spec = new ProcessSpec(node, [script], stage.Request.Workspace, Environment(stage, files), stage.Timeout);
        var output = new StepOutput(new ActionStateTarget(stage.Output, stage.ActionState), stage.LogStepId, new WorkflowCommandParser(), stage.Outputs, UnsecureCommands.AllowedBy(stage.Env));
        var outcome = await stage.Job.Host.RunAsync(spec, line => output.OnLine(line, isError: false), line => output.OnLine(line, isError: true), cancellationToken).ConfigureAwait(false);
        switch (outcome.End)
        {
            case ProcessEnd.Cancelled:
                return (Conclusion.Cancelled, files);
            case ProcessEnd.TimedOut:
                observer.Annotation(jobKey, "error", $"The step ran longer than its timeout of {stage.Timeout?.TotalMinutes} minutes and was stopped.", null, null);
                return (Conclusion.Failure, files);
            default:
                if (outcome.ExitCode != 0)
                {
                    observer.Annotation(jobKey, "error", $"'{uses}' ({stage.Stage.ToString().ToLowerInvariant()}) exited with code {outcome.ExitCode}.", null, null);
                }

                return (outcome.ExitCode == 0 && !output.CommandFailed ? Conclusion.Success : Conclusion.Failure, files);
        }
    }

    private static Dictionary<string, string> Environment(NodeStageRequest stage, StepFiles files)
    {
        var env = StepEnvironment.Build(stage.Request, stage.Job, stage.Env, files);
        foreach (var (name, value) in stage.ActionState)
        {
            env[$"STATE_{name}"] = value;
        }

        foreach (var (name, value) in stage.Inputs)
        {
            env[InputVariable(name)] = value;
        }

        env["GITHUB_ACTION"] = stage.ActionId;
        env["GITHUB_ACTION_PATH"] = stage.Action.Folder;
        env["GITHUB_ACTION_REPOSITORY"] = stage.Action.Repository;
        env["GITHUB_ACTION_REF"] = stage.Action.Ref;

        // As GitHub's runner does: a caller's ICU data for another node version would break this one.
        env.Remove("NODE_ICU_DATA");
        return env;
    }

    /// <summary>GitHub's name for an input's variable: <c>INPUT_</c> and the name in capitals, spaces as underscores.</summary>
    public static string InputVariable(string name) => "INPUT_" + name.Replace(' ', '_').ToUpperInvariant();
}
