using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Composite;
using Sluice.Engine.Steps;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>
/// Actions that are not built in (<c>uses: ./path</c>, or <c>owner/repo@ref</c> from the action cache), and composite
/// actions as GitHub's "Creating a composite action" describes them:
/// the action's steps run inside the calling step, with their own <c>inputs</c> and <c>steps</c> contexts, and
/// the action's <c>outputs</c> become the calling step's.
/// </summary>
public sealed partial class JobExecutor
{
    /// <summary>Runs the action a job step uses when it is not built in: a local folder, the action cache or a Docker image; composite, JavaScript or Docker.</summary>
    /// <param name="stepEnv">The step's own env, which the action inherits.</param>
    /// <param name="callerContext">The step's contexts, with its env over the job's.</param>
    private Task<Conclusion> RunUsesAsync(JobState state, Step step, string display, Dictionary<string, string> stepEnv, EvaluationContext callerContext, Dictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var timeoutMinutes = TokenEvaluator.EvaluateNumber(step.TimeoutMinutes, callerContext, "timeout-minutes");
        var call = new ActionCall
        {
            Uses = step.Uses!,
            LogStepId = step.Id,
            ActionId = step.Id,
            DisplayName = display,
            With = EvaluateWith(step, callerContext),
            Env = stepEnv,
            CallerContext = callerContext,
            Depth = 1,
            JobStep = step,
            ContinueOnError = ContinuesOnError(step, callerContext),
            Timeout = timeoutMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
        };
        return RunActionAsync(state, call, outputs, cancellationToken);
    }

    private async Task<Conclusion> RunActionAsync(JobState state, ActionCall call, Dictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        if (call.Depth > CompositeAction.MaxDepth)
        {
            return CompositeError(state, $"'uses: {call.Uses}' nests composite actions more than {CompositeAction.MaxDepth} deep; GitHub allows at most {CompositeAction.MaxDepth} levels");
        }

        var resolution = await ResolveActionAsync(state, call.Uses, cancellationToken);
        if (resolution.Action is null && cancellationToken.IsCancellationRequested)
        {
            return Conclusion.Cancelled;
        }

        if (resolution.Action is not { } action)
        {
            foreach (var error in resolution.ManifestErrors)
            {
                var place = error.Line is { } line ? $"{error.File}:{line}:{error.Column}" : error.File;
                state.Observer.Annotation(state.Request.JobKey, "error", state.Masker.Mask($"{place}: {error.Message}"), error.File, error.Line);
            }

            var advice = resolution.CannotRunHere ? "; run with --skip-unsupported to skip such steps" : "";
            return resolution.ManifestErrors.Count > 0 ? Conclusion.Failure : CompositeError(state, $"Step '{call.DisplayName}': {resolution.Problem}{advice}");
        }

        var manifest = action.Manifest;
        var inputs = ActionInputs.Build(manifest, call.With, call.CallerContext);
        if (inputs.Unexpected.Count > 0 && action.Reference.Source != ActionSource.DockerImage)
        {
            var valid = string.Join(", ", manifest.Inputs.Select(i => i.Name));
            state.Observer.Annotation(state.Request.JobKey, "warning", $"Unexpected input(s) {Quoted(inputs.Unexpected)} for '{call.Uses}'; valid inputs are: {valid}", manifest.File, null);
        }

        if (manifest.Kind == ActionKind.Node)
        {
            return await RunNodeMainAsync(state, call, action, inputs, outputs, cancellationToken); // JavaScript actions: Actions/JobExecutor.JavaScript.cs
        }

        if (manifest.Kind == ActionKind.Docker)
        {
            return await RunDockerMainAsync(state, call, action, inputs, outputs, cancellationToken); // Docker actions: Actions/JobExecutor.Docker.cs
        }

        if (inputs.Missing.Count > 0)
        {
            return CompositeError(state, $"'uses: {call.Uses}' is missing the required input(s) {Quoted(inputs.Missing)} ({manifest.File}); give them under 'with:'");
        }

        var scope = new CompositeScope
        {
            Uses = call.Uses,
            CallerStepId = call.LogStepId,
            Action = action,
            Inputs = inputs.Values,
            Env = call.Env,
            Depth = call.Depth,
            Status = state.Status == JobStatus.Cancelled ? JobStatus.Cancelled : JobStatus.Success,
        };

        foreach (var nested in manifest.Steps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                scope.Status = JobStatus.Cancelled;
            }

            // As in the job: after cancellation only always() and cancelled() steps run, and they are not cancelled themselves.
            await RunNestedStepAsync(state, scope, nested, scope.Status == JobStatus.Cancelled ? CancellationToken.None : cancellationToken);
        }

        foreach (var output in manifest.Outputs)
        {
            try
            {
                outputs[output.Name] = TokenEvaluator.EvaluateString(output.Value, NestedContext(state, scope, Layered(state.Env, scope.Env)));
            }
            catch (ExpressionException ex)
            {
                state.Observer.Annotation(state.Request.JobKey, "error", state.Masker.Mask($"The output '{output.Name}' of '{call.Uses}' could not be evaluated: {ex.Error.Message}"), manifest.File, null);
                scope.Status = JobStatus.Failure;
            }
        }

        return scope.Status switch
        {
            JobStatus.Success => Conclusion.Success,
            JobStatus.Cancelled => Conclusion.Cancelled,
            _ => Conclusion.Failure,
        };
    }

    /// <summary>A step of a composite action: its env is evaluated first, over the env the action inherits, and is part of what the rest of the step sees.</summary>
    private async Task RunNestedStepAsync(JobState state, CompositeScope scope, Step step, CancellationToken cancellationToken)
    {
        var request = state.Request;
        Dictionary<string, string>? env = null;
        ExpressionException? envError = null;
        try
        {
            env = StepLevelEnv(scope.Env, step, NestedContext(state, scope, Layered(state.Env, scope.Env)));
        }
        catch (ExpressionException ex)
        {
            envError = ex;
        }

        var full = Layered(state.Env, env ?? scope.Env);
        var context = NestedContext(state, scope, full);
        string? name = null;
        try
        {
            name = TokenEvaluator.EvaluateOptionalString(step.Name, context);
        }
        catch (ExpressionException)
        {
            // Shown as written; the step itself reports the problem.
        }

        var display = state.Masker.Mask(StepName(step, name));
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        Conclusion outcome;
        try
        {
            if (envError is not null)
            {
                throw envError;
            }

            if (!TokenEvaluator.EvaluateCondition(step.Condition, context))
            {
                RecordNested(scope, step, Conclusion.Skipped, Conclusion.Skipped, outputs);
                return;
            }

            if (request.Run.SkipUnsupportedSteps && step.Uses is { } used && request.Run.ActionSettings.Builtin(used) is null && await ResolveActionAsync(state, used, cancellationToken) is { CannotRunHere: true } unsupported)
            {
                state.Observer.Annotation(request.JobKey, "warning", state.Masker.Mask($"Skipped '{display}' of '{scope.Uses}' (--skip-unsupported): {unsupported.Problem}."), scope.Manifest.File, step.Line);
                RecordNested(scope, step, Conclusion.Skipped, Conclusion.Skipped, outputs);
                return;
            }

            state.Observer.Line(request.JobKey, scope.CallerStepId, $"▶ {display}", false, null);
            outcome = step.Uses switch
            {
                null => await RunNestedScriptAsync(state, scope, step, full, outputs, cancellationToken),
                var uses when request.Run.ActionSettings.Builtin(uses) is { } builtin => await builtin.RunAsync(
                    new BuiltinActionContext
                    {
                        Request = request,
                        With = EvaluateWith(step, context),
                        Outputs = outputs,
                        Log = line => state.Observer.Line(request.JobKey, scope.CallerStepId, state.Masker.Mask(line), false, null),
                        Annotate = (level, message) => state.Observer.Annotation(request.JobKey, level, state.Masker.Mask(message), null, null),
                        ProcessRunner = processRunner,
                    },
                    cancellationToken),
                var uses => await RunActionAsync(
                    state,
                    new ActionCall
                    {
                        Uses = uses,
                        LogStepId = scope.CallerStepId,
                        ActionId = step.Id,
                        DisplayName = display,
                        With = EvaluateWith(step, context),
                        Env = env!,
                        CallerContext = context,
                        Depth = scope.Depth + 1,
                        ContinueOnError = ContinuesOnError(step, context),
                    },
                    outputs,
                    cancellationToken),
            };
        }
        catch (Exception ex) when (ex is ExpressionException or ShellException or FileCommandException)
        {
            var message = ex is ExpressionException ee ? ee.Error.Message : ex.Message;
            state.Observer.Annotation(request.JobKey, "error", state.Masker.Mask($"Step '{display}' of '{scope.Uses}' ({scope.Manifest.File}:{step.Line}): {message}"), scope.Manifest.File, step.Line);
            outcome = Conclusion.Failure;
        }

        var conclusion = outcome;
        if (outcome == Conclusion.Failure && ContinuesOnError(step, context))
        {
            conclusion = Conclusion.Success;
        }

        if (conclusion == Conclusion.Failure && scope.Status == JobStatus.Success)
        {
            scope.Status = JobStatus.Failure;
        }
        else if (outcome == Conclusion.Cancelled)
        {
            scope.Status = JobStatus.Cancelled;
        }

        RecordNested(scope, step, outcome, conclusion, outputs);
    }

    private async Task<Conclusion> RunNestedScriptAsync(JobState state, CompositeScope scope, Step step, Dictionary<string, string> env, Dictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var request = state.Request;
        var context = NestedContext(state, scope, env);
        var script = TokenEvaluator.EvaluateString(step.Run, context);
        var shell = TokenEvaluator.EvaluateOptionalString(step.Shell, context);
        if (string.IsNullOrWhiteSpace(shell))
        {
            throw new ShellException("a 'run:' step of a composite action needs 'shell:' (bash, sh, pwsh or python), as GitHub requires");
        }

        var workingDirectory = TokenEvaluator.EvaluateOptionalString(step.WorkingDirectory, context);
        var directory = workingDirectory is null ? request.Workspace : Path.GetFullPath(Path.Combine(request.Workspace, workingDirectory));
        if (!Directory.Exists(directory))
        {
            throw new ShellException($"the working directory '{workingDirectory}' does not exist in the workspace");
        }

        var files = StepFiles.Create(state.Scratch, $"{scope.CallerStepId}-{step.Id}");
        var invocation = Shells.Prepare(shell, script, state.Scratch, state.Host.FindProgram);
        var processEnv = StepEnvironment.Build(request, state, env, files);
        processEnv["GITHUB_ACTION_PATH"] = scope.Action.Folder;
        processEnv["GITHUB_ACTION_REPOSITORY"] = scope.Action.Repository;
        processEnv["GITHUB_ACTION_REF"] = scope.Action.Ref;
        var spec = new ProcessSpec(invocation.FileName, invocation.Arguments, directory, processEnv, null);
        var output = new StepOutput(state, scope.CallerStepId, new WorkflowCommandParser(), outputs, UnsecureCommands.AllowedBy(env));
        var outcome = await state.Host.RunAsync(spec, line => output.OnLine(line, isError: false), line => output.OnLine(line, isError: true), cancellationToken);

        ReadFileCommands(state, files, outputs);
        if (outcome.End == ProcessEnd.Cancelled)
        {
            return Conclusion.Cancelled;
        }

        if (outcome.End != ProcessEnd.Exited || outcome.ExitCode != 0)
        {
            state.Observer.Annotation(request.JobKey, "error", $"Process completed with exit code {outcome.ExitCode} in step '{step.Id}' of '{scope.Uses}'.", scope.Manifest.File, step.Line);
            return Conclusion.Failure;
        }

        return output.CommandFailed ? Conclusion.Failure : Conclusion.Success;
    }

    private static EvaluationContext NestedContext(JobState state, CompositeScope scope, IReadOnlyDictionary<string, string> env) =>
        scope.Narrow(state.Contexts.For(env, scope.Status));

    /// <summary>
    /// The env a step sets on top of what it inherits. Its values are evaluated together over the env below them (not
    /// over each other), as GitHub's runner evaluates a step's env mapping in one go.
    /// </summary>
    private static Dictionary<string, string> StepLevelEnv(IReadOnlyDictionary<string, string> inherited, Step step, EvaluationContext context)
    {
        var env = new Dictionary<string, string>(inherited, StringComparer.Ordinal);
        foreach (var (key, value) in TokenEvaluator.EvaluateStrings(step.Env, context))
        {
            env[key] = value;
        }

        return env;
    }

    private static Dictionary<string, string> Layered(IReadOnlyDictionary<string, string> below, IReadOnlyDictionary<string, string> above)
    {
        var env = new Dictionary<string, string>(below, StringComparer.Ordinal);
        foreach (var (key, value) in above)
        {
            env[key] = value;
        }

        return env;
    }

    private static void RecordNested(CompositeScope scope, Step step, Conclusion outcome, Conclusion conclusion, Dictionary<string, string> outputs)
    {
        var outputValue = new ObjectValue();
        foreach (var (key, value) in outputs)
        {
            outputValue.Set(key, ExpressionValue.FromString(value));
        }

        var stepValue = new ObjectValue();
        stepValue.Set("outputs", outputValue);
        stepValue.Set("outcome", ExpressionValue.FromString(outcome.Name()));
        stepValue.Set("conclusion", ExpressionValue.FromString(conclusion.Name()));
        scope.Steps.Set(step.Id, stepValue);
    }

    private static Conclusion CompositeError(JobState state, string message)
    {
        state.Observer.Annotation(state.Request.JobKey, "error", state.Masker.Mask(message), null, null);
        return Conclusion.Failure;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
