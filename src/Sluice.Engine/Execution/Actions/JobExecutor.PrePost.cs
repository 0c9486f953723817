using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Composite;
using Sluice.Engine.Steps;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>
/// GitHub's "Pre" and "Post" phases of JavaScript actions. Before the job's first step, the <c>pre</c> stage of
/// each action from another repository runs when its <c>pre-if</c> holds (default <c>always()</c>; GitHub runs no
/// <c>pre</c> for local actions). After the last step, the <c>post</c> stages registered by the main stages that
/// ran go in reverse order when their <c>post-if</c> holds (default <c>always()</c>). Status functions in both read
/// the job's status; what a stage saves with GITHUB_STATE reaches the later stages as <c>STATE_&lt;name&gt;</c>.
/// </summary>
public sealed partial class JobExecutor
{
    private async Task RunPrePhaseAsync(JobState state, CancellationToken cancellationToken)
    {
        foreach (var step in state.Request.Job.Steps)
        {
            if (step.Uses is not { } uses || state.Request.Run.ActionSettings.Builtin(uses) is not null || ActionReference.Parse(uses, out _) is not { Source: ActionSource.Repository })
            {
                continue;
            }

            // An action that cannot be found or run here is reported by its main stage.
            if ((await ResolveActionAsync(state, uses, cancellationToken)).Action is { Manifest: { Kind: ActionKind.Node or ActionKind.Docker, HasPre: true } } action)
            {
                await RunPreAsync(state, step, action, state.Status == JobStatus.Cancelled ? CancellationToken.None : cancellationToken);
            }
        }
    }

    private async Task RunPreAsync(JobState state, Step step, ResolvedAction action, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        string? name = null;
        try
        {
            name = TokenEvaluator.EvaluateOptionalString(step.Name, state.Contexts.For(state.Env, state.Status));
        }
        catch (ExpressionException)
        {
            // Shown as written; the main stage reports the problem.
        }

        var id = $"pre-{step.Id}";
        var display = state.Masker.Mask($"Pre {StepName(step, name)}");
        state.Observer.StepStarted(state.Request.JobKey, id, display);
        Conclusion outcome;
        EvaluationContext? stepContext = null;
        try
        {
            if (!TokenEvaluator.EvaluateCondition(action.Manifest.PreIf, state.Contexts.For(state.Env, state.Status, includeSecrets: false)))
            {
                FinishPhaseStep(state, id, display, Conclusion.Skipped, Conclusion.Skipped, started);
                return;
            }

            var env = StepLevelEnv(new Dictionary<string, string>(StringComparer.Ordinal), step, state.Contexts.For(state.Env, state.Status));
            stepContext = state.Contexts.For(Layered(state.Env, env), state.Status);
            var inputs = ActionInputs.Build(action.Manifest, EvaluateWith(step, stepContext), stepContext);
            var actionState = Phases(state).NewPreState(step);
            outcome = await RunStageAsync(state, NodeStage.Pre, id, step.Id, action, env, InputValues(inputs), actionState, cancellationToken);
        }
        catch (Exception ex) when (ex is ExpressionException or ShellException or FileCommandException)
        {
            var message = ex is ExpressionException ee ? ee.Error.Message : ex.Message;
            state.Observer.Annotation(state.Request.JobKey, "error", state.Masker.Mask($"Step '{display}': {message}"), null, null);
            outcome = Conclusion.Failure;
        }

        var conclusion = outcome == Conclusion.Failure && ContinuesOnError(step, stepContext ?? state.Contexts.For(state.Env, state.Status)) ? Conclusion.Success : outcome;
        FinishPhaseStep(state, id, display, outcome, conclusion, started);
    }

    private async Task RunPostPhaseAsync(JobState state, CancellationToken cancellationToken)
    {
        var phases = Phases(state);
        if (phases.PostDone)
        {
            return;
        }

        phases.PostDone = true;
        if (cancellationToken.IsCancellationRequested && state.Status != JobStatus.Cancelled)
        {
            state.Status = JobStatus.Cancelled;
        }

        // As for always() steps after a cancellation: post stages still run, and are not cancelled themselves.
        var token = state.Status == JobStatus.Cancelled ? CancellationToken.None : cancellationToken;
        for (var i = phases.Posts.Count - 1; i >= 0; i--)
        {
            await RunPostAsync(state, phases.Posts[i], token);
        }
    }

    private async Task RunPostAsync(JobState state, PendingPost post, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var display = state.Masker.Mask(post.DisplayName);
        state.Observer.StepStarted(state.Request.JobKey, post.LogStepId, display);
        Conclusion outcome;
        try
        {
            var context = state.Contexts.For(Layered(state.Env, post.StepEnv), state.Status, includeSecrets: false);
            if (!TokenEvaluator.EvaluateCondition(post.Action.Manifest.PostIf, context))
            {
                FinishPhaseStep(state, post.LogStepId, display, Conclusion.Skipped, Conclusion.Skipped, started);
                return;
            }

            outcome = await RunStageAsync(state, NodeStage.Post, post.LogStepId, post.ActionId, post.Action, post.StepEnv, post.Inputs, post.ActionState, cancellationToken);
        }
        catch (Exception ex) when (ex is ExpressionException or ShellException or FileCommandException)
        {
            var message = ex is ExpressionException ee ? ee.Error.Message : ex.Message;
            state.Observer.Annotation(state.Request.JobKey, "error", state.Masker.Mask($"Step '{display}': {message}"), null, null);
            outcome = Conclusion.Failure;
        }

        var conclusion = outcome == Conclusion.Failure && post.ContinueOnError ? Conclusion.Success : outcome;
        FinishPhaseStep(state, post.LogStepId, display, outcome, conclusion, started);
    }

    private async Task<Conclusion> RunStageAsync(
        JobState state,
        NodeStage stage,
        string logStepId,
        string actionId,
        ResolvedAction action,
        IReadOnlyDictionary<string, string> stepEnv,
        IReadOnlyDictionary<string, string> inputs,
        Dictionary<string, string> actionState,
        CancellationToken cancellationToken,
        Dictionary<string, string>? outputs = null,
        TimeSpan? timeout = null)
    {
        outputs ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new NodeStageRequest
        {
            Request = state.Request,
            Job = state,
            Output = state,
            Action = action,
            Stage = stage,
            LogStepId = logStepId,
            ActionId = actionId,
            Env = Layered(state.Env, stepEnv),
            Inputs = inputs,
            ActionState = actionState,
            Outputs = outputs,
            Scratch = state.Scratch,
            Timeout = timeout,
        };
        var (outcome, files) = action.Manifest.Kind == ActionKind.Docker
            ? await RunDockerStageAsync(state, request, cancellationToken) // Docker actions: Actions/JobExecutor.Docker.cs
            : await JavaScriptActionRunner.RunAsync(request, cancellationToken);
        if (files is not null)
        {
            ReadFileCommands(state, files, outputs, actionState);
        }

        return outcome;
    }

    /// <summary>A pre or post stage's end: reported like a step, and counted in the job's status like one.</summary>
    private void FinishPhaseStep(JobState state, string id, string display, Conclusion outcome, Conclusion conclusion, long started)
    {
        if (conclusion == Conclusion.Failure && state.Status == JobStatus.Success)
        {
            state.Status = JobStatus.Failure;
        }
        else if (outcome == Conclusion.Cancelled)
        {
            state.Status = JobStatus.Cancelled;
        }

        state.Observer.StepFinished(state.Request.JobKey, new StepResult(id, display, outcome, conclusion, new Dictionary<string, string>(), timeProvider.GetElapsedTime(started)));
    }
}
