using Sluice.Workflows.Tokens;

namespace Sluice.Workflows;

/// <summary>A job: either one that runs steps on a runner, or one that calls a reusable workflow (<see cref="Uses"/>).</summary>
public sealed class Job
{
    public required string Id { get; init; }

    public int Line { get; init; }

    public int Column { get; init; }

    /// <summary>The display name; a template, since it may use <c>matrix</c>. Null means the id.</summary>
    public TemplateToken? Name { get; init; }

    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>The condition as GitHub runs it: <c>success()</c> when none is given, and <c>success() &amp;&amp; (...)</c> when it calls no status function.</summary>
    public string Condition { get; init; } = "success()";

    public TemplateToken? RunsOn { get; init; }

    public TemplateToken? Environment { get; init; }

    public TemplateToken? Concurrency { get; init; }

    public TemplateToken? Permissions { get; init; }

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> Outputs { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> Env { get; init; } = [];

    public TemplateToken? Defaults { get; init; }

    public TemplateToken? TimeoutMinutes { get; init; }

    public TemplateToken? CancelTimeoutMinutes { get; init; }

    public TemplateToken? ContinueOnError { get; init; }

    public Strategy? Strategy { get; init; }

    public TemplateToken? Container { get; init; }

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> Services { get; init; } = [];

    public IReadOnlyList<Step> Steps { get; init; } = [];

    /// <summary>The reusable workflow this job calls, or null for a job that runs steps.</summary>
    public string? Uses { get; init; }

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> With { get; init; } = [];

    public bool InheritSecrets { get; init; }

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> Secrets { get; init; } = [];
}

/// <summary><c>strategy:</c> of a job. The matrix stays a token: it may be an expression, expanded when the run starts.</summary>
public sealed class Strategy
{
    public TemplateToken? Matrix { get; init; }

    public TemplateToken? FailFast { get; init; }

    public TemplateToken? MaxParallel { get; init; }
}
