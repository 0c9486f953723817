using Sluice.Containers;
using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Composite;
using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>
/// Docker container actions (<c>uses: docker://IMAGE</c>, and action.yml with <c>runs.using: docker</c>): the main
/// stage runs as the step in a container of its own on the run's engine; <c>pre-entrypoint</c> and
/// <c>post-entrypoint</c> run in the job's Pre and Post phases, as JavaScript actions' <c>pre</c> and <c>post</c> do
/// (JobExecutor.PrePost.cs).
/// </summary>
public sealed partial class JobExecutor
{
    /// <summary>A Docker action needs the run's engine; without one it is a step this machine cannot run (<c>--skip-unsupported</c> skips it).</summary>
    private ActionResolution RequireEngineForDocker(ActionResolution resolution, string uses) =>
        resolution.Action is { Manifest: { Kind: ActionKind.Docker } manifest } && containerEngine is null
            ? ActionResolution.Unsupported($"'uses: {uses}' is a Docker container action{(manifest.RunsLine > 0 ? $" ({manifest.File}:{manifest.RunsLine})" : "")} and needs a Docker-compatible container engine, which this run does not have")
            : resolution;

    private async Task<Conclusion> RunDockerMainAsync(JobState state, ActionCall call, ResolvedAction action, ActionInputs inputs, Dictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var runs = action.Manifest.Docker!;
        var jobKey = state.Request.JobKey;
        if (inputs.Missing.Count > 0)
        {
            state.Observer.Annotation(jobKey, "warning", $"Input required and not supplied: {string.Join(", ", inputs.Missing)} ('{call.Uses}', {action.Manifest.File})", action.Manifest.File, null);
        }

        if (runs.PreEntrypoint is not null && action.Reference.Source == ActionSource.Local)
        {
            state.Observer.Annotation(jobKey, "warning", $"`pre-entrypoint` execution is not supported for local action from '{call.Uses}'", action.Manifest.File, action.Manifest.RunsLine);
        }

        var phases = Phases(state);
        var actionState = phases.StateFor(call.JobStep);
        var inputValues = InputValues(inputs);
        if (runs.PostEntrypoint is not null)
        {
            var postId = call.JobStep is null ? $"post-{call.LogStepId}-{call.ActionId}" : $"post-{call.ActionId}";
            phases.Posts.Add(new PendingPost($"Post {call.DisplayName}", postId, call.ActionId, action, call.Env, inputValues, actionState, call.ContinueOnError));
        }

        return await RunStageAsync(state, NodeStage.Main, call.LogStepId, call.ActionId, action, call.Env, inputValues, actionState, cancellationToken, outputs, call.Timeout);
    }

    /// <summary>
    /// One stage of a Docker action: its entrypoint (<c>with.entrypoint</c> over <c>runs.entrypoint</c> for main,
    /// <c>pre-entrypoint</c> or <c>post-entrypoint</c> otherwise) and arguments (<c>with.args</c> split as GitHub does,
    /// else <c>runs.args</c> evaluated with the action's <c>inputs</c>), run on the job's network if it has one.
    /// </summary>
    private async Task<(Conclusion Outcome, StepFiles? Files)> RunDockerStageAsync(JobState state, NodeStageRequest stage, CancellationToken cancellationToken)
    {
        var runs = stage.Action.Manifest.Docker!;
        var context = WithInputs(state.Contexts.For(stage.Env, state.Status), stage.Inputs);
        var withArgs = Given(stage.Inputs, "args");
        var args = withArgs is not null ? DockerActions.SplitArgs(withArgs) : runs.Args.Select(a => TokenEvaluator.EvaluateString(a, context)).ToList();
        var actionEnv = TokenEvaluator.EvaluateStrings(runs.Env, context);

        var entrypoint = stage.Stage switch
        {
            NodeStage.Pre => runs.PreEntrypoint,
            NodeStage.Post => runs.PostEntrypoint,
            _ => Given(stage.Inputs, "entrypoint") ?? runs.Entrypoint,
        };

        if (containerEngine is null)
        {
            state.Observer.Annotation(state.Request.JobKey, "error", $"'uses: {stage.Action.Reference.Uses}' is a Docker container action and this run has no container engine; run with --skip-unsupported to skip such steps", null, null);
            return (Conclusion.Failure, null);
        }

        ContainerEngine engine;
        try
        {
            engine = await containerEngine.GetAsync(cancellationToken);
        }
        catch (ContainerEngineException ex)
        {
            state.Observer.Annotation(state.Request.JobKey, "error", $"'uses: {stage.Action.Reference.Uses}' needs a Docker-compatible container engine: {ex.Message}", null, null);
            return (Conclusion.Failure, null);
        }

        return await DockerActionRunner.RunAsync(
            new DockerStage
            {
                Stage = stage,
                Engine = engine,
                Entrypoint = string.IsNullOrEmpty(entrypoint) ? null : entrypoint,
                Args = args,
                ActionEnv = actionEnv,
                Network = JobNetwork(state),
                Temp = state.Temp,
                TimeProvider = timeProvider,
            },
            cancellationToken);
    }

    /// <summary>A value the step gave (or the action's default), or null when there is none or it is empty.</summary>
    private static string? Given(IReadOnlyDictionary<string, string> inputs, string name) =>
        inputs.FirstOrDefault(i => string.Equals(i.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } value ? value : null;

    /// <summary>The step's contexts with the action's own <c>inputs</c>, where <c>runs.args</c> and <c>runs.env</c> are evaluated.</summary>
    private static EvaluationContext WithInputs(EvaluationContext context, IReadOnlyDictionary<string, string> inputs)
    {
        var values = new ObjectValue();
        foreach (var (name, value) in inputs)
        {
            values.Set(name, ExpressionValue.FromString(value));
        }

        return new EvaluationContext
        {
            NamedValues = new Dictionary<string, ExpressionValue>(context.NamedValues, StringComparer.OrdinalIgnoreCase) { ["inputs"] = values },
            Status = context.Status,
            HashFiles = context.HashFiles,
            MaxResultLength = context.MaxResultLength,
            MaxMemoryBytes = context.MaxMemoryBytes,
        };
    }

    /// <summary>The network of the job's containers (<c>job.container.network</c>, else a service's), or null when the job has none.</summary>
    private static string? JobNetwork(JobState state)
    {
        if (state.Contexts.Job.TryGetValue("container", out var container) && container is ObjectValue c && c.TryGetValue("network", out var network) && network.ToDisplayString() is { Length: > 0 } name)
        {
            return name;
        }

        if (state.Contexts.Job.TryGetValue("services", out var services) && services is ObjectValue s)
        {
            foreach (var (_, service) in s.Properties)
            {
                if (service is ObjectValue o && o.TryGetValue("network", out var serviceNetwork) && serviceNetwork.ToDisplayString() is { Length: > 0 } serviceName)
                {
                    return serviceName;
                }
            }
        }

        return null;
    }
}
