using Sluice.Engine.Steps;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

public sealed partial class JobExecutor
{
    /// <summary>
    /// Runs one step of the job. As GitHub's runner does, the step's own <c>env</c> is evaluated first (over the job's
    /// env) and is then part of the <c>env</c> context of everything else the step evaluates: its name, <c>if</c>,
    /// <c>with</c>, script, <c>continue-on-error</c>.
    /// </summary>
    private async Task<StepResult> RunStepAsync(JobState state, Step step, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var request = state.Request;
        Dictionary<string, string>? stepEnv = null;
        ExpressionException? envError = null;
        try
        {
            stepEnv = StepLevelEnv(new Dictionary<string, string>(StringComparer.Ordinal), step, state.Contexts.For(state.Env, state.Status));
        }
        catch (ExpressionException ex)
        {
            envError = ex;
        }

        var env = Layered(state.Env, stepEnv ?? []);
        var context = state.Contexts.For(env, state.Status);
        string? name = null;
        try
        {
            name = TokenEvaluator.EvaluateOptionalString(step.Name, context);
        }
        catch (ExpressionException)
        {
            // A name that cannot be evaluated is shown as written; the step itself reports the problem.
        }

        var display = state.Masker.Mask(StepName(step, name));
        if (envError is not null)
        {
            state.Observer.StepStarted(request.JobKey, step.Id, display);
            state.Fail($"The env of step '{display}' could not be evaluated: {envError.Error.Message}");
            return Record(state, step, display, Conclusion.Failure, Conclusion.Failure, new Dictionary<string, string>(), started);
        }

        bool run;
        try
        {
            run = TokenEvaluator.EvaluateCondition(step.Condition, state.Contexts.For(env, state.Status, includeSecrets: false));
        }
        catch (ExpressionException ex)
        {
            state.Observer.StepStarted(request.JobKey, step.Id, display);
            state.Fail($"The condition of step '{display}' could not be evaluated: {ex.Error.Message}");
            return Record(state, step, display, Conclusion.Failure, Conclusion.Failure, new Dictionary<string, string>(), started);
        }

        if (run && request.Run.SkipUnsupportedSteps && step.Uses is { } used && request.Run.ActionSettings.Builtin(used) is null && await ResolveActionAsync(state, used, cancellationToken) is { CannotRunHere: true } unsupported)
        {
            state.Observer.Annotation(request.JobKey, "warning", state.Masker.Mask($"Skipped '{display}' (--skip-unsupported): {unsupported.Problem}."), null, null);
            run = false;
        }

        if (!run)
        {
            return Record(state, step, display, Conclusion.Skipped, Conclusion.Skipped, new Dictionary<string, string>(), started, announce: true);
        }

        state.Observer.StepStarted(request.JobKey, step.Id, display);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        Conclusion outcome;
        try
        {
            outcome = step.Uses switch
            {
                null => await RunScriptAsync(state, step, env, outputs, cancellationToken),
                var uses when request.Run.ActionSettings.Builtin(uses) is { } builtin => await builtin.RunAsync(
                    new BuiltinActionContext
                    {
                        Request = request,
                        With = EvaluateWith(step, context),
                        Outputs = outputs,
                        Log = line => state.Observer.Line(request.JobKey, step.Id, state.Masker.Mask(line), false, null),
                        Annotate = (level, message) => state.Observer.Annotation(request.JobKey, level, state.Masker.Mask(message), null, null),
                        ProcessRunner = processRunner,
                    },
                    cancellationToken),
                _ => await RunUsesAsync(state, step, display, stepEnv!, context, outputs, cancellationToken), // local and cached actions: JobExecutor.Composite.cs
            };
        }
        catch (Exception ex) when (ex is ExpressionException or ShellException or FileCommandException)
        {
            var message = ex is ExpressionException ee ? ee.Error.Message : ex.Message;
            state.Observer.Annotation(request.JobKey, "error", state.Masker.Mask($"Step '{display}': {message}"), null, null);
            outcome = Conclusion.Failure;
        }

        var conclusion = outcome;
        if (outcome == Conclusion.Failure && ContinuesOnError(step, context))
        {
            conclusion = Conclusion.Success;
        }

        if (conclusion == Conclusion.Failure && state.Status == JobStatus.Success)
        {
            state.Status = JobStatus.Failure;
        }
        else if (outcome == Conclusion.Cancelled)
        {
            state.Status = JobStatus.Cancelled;
        }

        return Record(state, step, display, outcome, conclusion, outputs, started);
    }

    /// <summary>A step's <c>with</c>: keys as evaluated (an <c>${{ insert }}</c> merges), names ignoring case.</summary>
    private static Dictionary<string, ExpressionValue> EvaluateWith(Step step, EvaluationContext context) =>
        new(TokenEvaluator.EvaluateMapping(step.With, context).Properties, StringComparer.OrdinalIgnoreCase);

    private static bool ContinuesOnError(Step step, EvaluationContext context)
    {
        try
        {
            return TokenEvaluator.EvaluateBool(step.ContinueOnError, context, fallback: false);
        }
        catch (ExpressionException)
        {
            return false;
        }
    }

    /// <param name="env">The step's env over the job's: what the process gets and the <c>env</c> context.</param>
    private async Task<Conclusion> RunScriptAsync(JobState state, Step step, Dictionary<string, string> env, Dictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var request = state.Request;
        var context = state.Contexts.For(env, state.Status);
        var script = TokenEvaluator.EvaluateString(step.Run, context);
        var shell = TokenEvaluator.EvaluateOptionalString(step.Shell, context) ?? DefaultRun(state, "shell", context);
        var workingDirectory = TokenEvaluator.EvaluateOptionalString(step.WorkingDirectory, context) ?? DefaultRun(state, "working-directory", context);
        var directory = workingDirectory is null ? request.Workspace : Path.GetFullPath(Path.Combine(request.Workspace, workingDirectory));
        if (!Directory.Exists(directory))
        {
            throw new ShellException($"the working directory '{workingDirectory}' does not exist in the workspace");
        }

        var timeoutMinutes = TokenEvaluator.EvaluateNumber(step.TimeoutMinutes, context, "timeout-minutes");
        var files = StepFiles.Create(state.Scratch, step.Id);
        var invocation = Shells.Prepare(shell, script, state.Scratch, state.Host.FindProgram);
        var processEnv = StepEnvironment.Build(request, state, env, files);
        var parser = new WorkflowCommandParser();
        var spec = new ProcessSpec(invocation.FileName, invocation.Arguments, directory, processEnv, timeoutMinutes is { } m ? TimeSpan.FromMinutes(m) : null);
        var output = new StepOutput(state, step.Id, parser, outputs, UnsecureCommands.AllowedBy(env));
        var outcome = await state.Host.RunAsync(spec, line => output.OnLine(line, isError: false), line => output.OnLine(line, isError: true), cancellationToken);

        ReadFileCommands(state, files, outputs);
        switch (outcome.End)
        {
            case ProcessEnd.Exited when output.CommandFailed:
                return Conclusion.Failure;
            case ProcessEnd.TimedOut:
                state.Observer.Annotation(request.JobKey, "error", $"The step ran longer than its timeout of {timeoutMinutes} minutes and was stopped.", null, null);
                return Conclusion.Failure;
            case ProcessEnd.Cancelled:
                return Conclusion.Cancelled;
            default:
                if (outcome.ExitCode != 0)
                {
                    state.Observer.Annotation(request.JobKey, "error", $"Process completed with exit code {outcome.ExitCode}.", null, null);
                }

                return outcome.ExitCode == 0 ? Conclusion.Success : Conclusion.Failure;
        }
    }

    /// <summary><c>defaults.run</c> of the job, else of the workflow.</summary>
    private static string? DefaultRun(JobState state, string key, EvaluationContext context)
    {
        foreach (var defaults in new[] { state.Request.Job.Defaults, state.Request.Run.Workflow.Defaults })
        {
            if (TokenEvaluator.Evaluate(defaults, context) is ObjectValue obj && obj.TryGetValue("run", out var run)
                && run is ObjectValue runDefaults && runDefaults.TryGetValue(key, out var value) && value.Kind != ValueKind.Null)
            {
                return value.ToDisplayString();
            }
        }

        return null;
    }

    /// <param name="actionState">Where GITHUB_STATE goes: the JavaScript action's own state, else the job's.</param>
    private static void ReadFileCommands(JobState state, StepFiles files, Dictionary<string, string> outputs, Dictionary<string, string>? actionState = null)
    {
        foreach (var (key, value) in FileCommands.ReadKeyValues(files.Output))
        {
            outputs[key] = value;
        }

        foreach (var (key, value) in FileCommands.ReadKeyValues(files.Env))
        {
            state.Env[key] = value;
        }

        var stateTarget = actionState ?? state.State;
        foreach (var (key, value) in FileCommands.ReadKeyValues(files.State))
        {
            stateTarget[key] = value;
        }

        state.PathPrefix.InsertRange(0, FileCommands.ReadPaths(files.Path));
        var summary = FileCommands.ReadSummary(files.Summary);
        if (summary.Length > 0)
        {
            state.Summaries.Add(state.Masker.Mask(summary));
        }
    }

    private StepResult Record(JobState state, Step step, string display, Conclusion outcome, Conclusion conclusion, Dictionary<string, string> outputs, long started, bool announce = false)
    {
        var stepValue = new ObjectValue();
        var outputValue = new ObjectValue();
        foreach (var (key, value) in outputs)
        {
            outputValue.Set(key, ExpressionValue.FromString(value));
        }

        stepValue.Set("outputs", outputValue);
        stepValue.Set("outcome", ExpressionValue.FromString(outcome.Name()));
        stepValue.Set("conclusion", ExpressionValue.FromString(conclusion.Name()));
        state.Contexts.Steps.Set(step.Id, stepValue);

        var result = new StepResult(step.Id, display, outcome, conclusion, outputs, timeProvider.GetElapsedTime(started));
        if (announce)
        {
            state.Observer.StepStarted(state.Request.JobKey, step.Id, display);
        }

        state.Observer.StepFinished(state.Request.JobKey, result);
        return result;
    }
}
