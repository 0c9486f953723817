using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Composite;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution;

/// <summary>
/// JavaScript actions (<c>runs.using: node20</c> or <c>node24</c>): the main stage runs as the step, with the
/// action's inputs as <c>INPUT_*</c>; a <c>post</c> stage is registered as the main stage starts, as GitHub does,
/// so it runs at the end of the job even when the main stage fails.
/// </summary>
public sealed partial class JobExecutor
{
    private static ActionPhases Phases(JobState state) => state.Phases;

    private async Task<Conclusion> RunNodeMainAsync(JobState state, ActionCall call, ResolvedAction action, ActionInputs inputs, Dictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var runs = action.Manifest.Node!;
        var jobKey = state.Request.JobKey;
        if (inputs.Missing.Count > 0)
        {
            // GitHub does not fail the step: the input is passed empty, and the action decides.
            state.Observer.Annotation(jobKey, "warning", $"Input required and not supplied: {string.Join(", ", inputs.Missing)} ('{call.Uses}', {action.Manifest.File})", action.Manifest.File, null);
        }

        if (NodeVersions.IsRetired(runs.Using))
        {
            state.Observer.Annotation(jobKey, "warning", NodeVersions.RetiredWarning(call.Uses, runs.Using), action.Manifest.File, action.Manifest.RunsLine);
        }

        if (runs.Pre is not null && action.Reference.Source == ActionSource.Local)
        {
            state.Observer.Annotation(jobKey, "warning", $"`pre` execution is not supported for local action from '{call.Uses}'", action.Manifest.File, action.Manifest.RunsLine);
        }

        await WarnAboutNodeVersionAsync(state, call.Uses, runs, cancellationToken);
        var phases = Phases(state);
        var actionState = phases.StateFor(call.JobStep);
        var inputValues = InputValues(inputs);
        if (runs.Post is not null && state.Host.FindProgram("node") is not null)
        {
            var postId = call.JobStep is null ? $"post-{call.LogStepId}-{call.ActionId}" : $"post-{call.ActionId}";
            phases.Posts.Add(new PendingPost($"Post {call.DisplayName}", postId, call.ActionId, action, call.Env, inputValues, actionState, call.ContinueOnError));
        }

        return await RunStageAsync(state, NodeStage.Main, call.LogStepId, call.ActionId, action, call.Env, inputValues, actionState, cancellationToken, outputs, call.Timeout);
    }

    private static Dictionary<string, string> InputValues(ActionInputs inputs) =>
        inputs.Values.Properties.ToDictionary(p => p.Key, p => p.Value.ToDisplayString(), StringComparer.Ordinal);

    /// <summary>
    /// GitHub runs a node24 action with Node.js 24; here it runs with the node installed. When that is older than the
    /// action asks for, say so, since a failure may come from there.
    /// </summary>
    private static async Task WarnAboutNodeVersionAsync(JobState state, string uses, NodeRuns runs, CancellationToken cancellationToken)
    {
        var phases = Phases(state);
        if (!phases.NodeVersionAsked)
        {
            phases.NodeVersionAsked = true;
            phases.NodeMajor = await InstalledNodeMajorAsync(state, cancellationToken);
        }

        var wanted = NodeVersions.RunsWith(runs.Using);
        if (phases.NodeMajor is { } major && major < wanted)
        {
            state.Observer.Annotation(state.Request.JobKey, "warning", $"'{uses}' declares 'using: {runs.Using}', which GitHub runs with Node.js {wanted}; the node here is version {major}, and the action runs with that.", null, null);
        }
    }

    private static async Task<int?> InstalledNodeMajorAsync(JobState state, CancellationToken cancellationToken)
    {
        if (state.Host.FindProgram("node") is not { } node)
        {
            return null;
        }

        var env = new Dictionary<string, string>(state.Host.BaseEnvironment, StringComparer.Ordinal) { [OrphanReaper.TrackingVariable] = state.TrackingId };
        var first = "";
        var spec = new ProcessSpec(node, ["--version"], state.Request.Workspace, env, TimeSpan.FromSeconds(30));
        var outcome = await state.Host.RunAsync(spec, line => first = first.Length == 0 ? line : first, _ => { }, cancellationToken);
        return outcome is { End: ProcessEnd.Exited, ExitCode: 0 } ? NodeVersions.MajorOf(first) : null;
    }
}
