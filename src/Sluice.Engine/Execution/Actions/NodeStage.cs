namespace Sluice.Engine.Execution.Actions;

/// <summary>GitHub's three stages of a JavaScript action: <c>pre</c> before the job's first step, <c>main</c> as the step, <c>post</c> after the job's last step.</summary>
internal enum NodeStage
{
    Pre,
    Main,
    Post,
}

/// <summary>One stage of a JavaScript action to run: the action, the script, and everything its process gets.</summary>
internal sealed class NodeStageRequest
{
    public required JobRequest Request { get; init; }

    public required IJobStateView Job { get; init; }

    public required IJobOutputTarget Output { get; init; }

    public required ResolvedAction Action { get; init; }

    public required NodeStage Stage { get; init; }

    /// <summary>The step id the stage's lines are logged under.</summary>
    public required string LogStepId { get; init; }

    /// <summary><c>GITHUB_ACTION</c>: the id of the step that uses the action.</summary>
    public required string ActionId { get; init; }

    /// <summary>The env of the step: workflow, job and step env, as evaluated.</summary>
    public required IReadOnlyDictionary<string, string> Env { get; init; }

    /// <summary>The action's inputs, by name as declared or given: each becomes <c>INPUT_&lt;NAME&gt;</c>.</summary>
    public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>What the action's stages saved with GITHUB_STATE or <c>save-state</c>: each becomes <c>STATE_&lt;name&gt;</c>.</summary>
    public required Dictionary<string, string> ActionState { get; init; }

    public required Dictionary<string, string> Outputs { get; init; }

    /// <summary>Where the step's file-command files go.</summary>
    public required string Scratch { get; init; }

    public TimeSpan? Timeout { get; init; }

    public string Script => Stage switch
    {
        NodeStage.Pre => Action.Manifest.Node!.Pre!,
        NodeStage.Post => Action.Manifest.Node!.Post!,
        _ => Action.Manifest.Node!.Main,
    };
}
