using Sluice.Expressions;

namespace Sluice.Engine.Execution.Composite;

/// <summary>
/// One running composite action: its folder, inputs, the env its caller set, its own <c>steps</c> context and its
/// status, which nested <c>success()</c> and <c>failure()</c> read.
/// </summary>
internal sealed class CompositeScope
{
    /// <summary>The <c>uses:</c> value, for messages.</summary>
    public required string Uses { get; init; }

    /// <summary>The job step the action runs under; nested output is logged as that step's.</summary>
    public required string CallerStepId { get; init; }

    /// <summary>The action: its folder (<c>github.action_path</c>, GITHUB_ACTION_PATH), where it came from, and its action.yml.</summary>
    public required Actions.ResolvedAction Action { get; init; }

    public ActionManifest Manifest => Action.Manifest;

    public required ObjectValue Inputs { get; init; }

    /// <summary>The step-level env the action inherits: the calling step's <c>env</c> (and, nested, each caller's).</summary>
    public required IReadOnlyDictionary<string, string> Env { get; init; }

    /// <summary>1 for an action a job step uses, 2 for one that action uses, and so on.</summary>
    public required int Depth { get; init; }

    public ObjectValue Steps { get; } = new();

    public JobStatus Status { get; set; } = JobStatus.Success;

    /// <summary>The job's contexts seen from inside the action: its own inputs and steps, its path, and no secrets (GitHub passes none to composite steps).</summary>
    public EvaluationContext Narrow(EvaluationContext job)
    {
        var named = new Dictionary<string, ExpressionValue>(job.NamedValues, StringComparer.OrdinalIgnoreCase)
        {
            ["inputs"] = Inputs,
            ["steps"] = Steps,
            ["secrets"] = new ObjectValue(),
            ["github"] = Github(job.NamedValues.TryGetValue("github", out var github) ? github : null),
        };
        return new EvaluationContext
        {
            NamedValues = named,
            Status = job.Status,
            HashFiles = job.HashFiles,
            MaxResultLength = job.MaxResultLength,
            MaxMemoryBytes = job.MaxMemoryBytes,
        };
    }

    private ObjectValue Github(ExpressionValue? job)
    {
        var github = new ObjectValue();
        if (job is ObjectValue source)
        {
            foreach (var (key, value) in source.Properties)
            {
                github.Set(key, value);
            }
        }

        github.Set("action_path", ExpressionValue.FromString(Action.Folder));
        github.Set("action_repository", ExpressionValue.FromString(Action.Repository));
        github.Set("action_ref", ExpressionValue.FromString(Action.Ref));
        return github;
    }
}
