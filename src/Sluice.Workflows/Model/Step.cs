using Sluice.Workflows.Tokens;

namespace Sluice.Workflows;

/// <summary>A step of a job: <see cref="Run"/> a script, or <see cref="Uses"/> an action.</summary>
public sealed class Step
{
    /// <summary>The id given in the file, or one generated as GitHub does (<c>__run</c>, <c>__actions_checkout_2</c>).</summary>
    public required string Id { get; init; }

    public bool HasGeneratedId { get; init; }

    public int Line { get; init; }

    public TemplateToken? Name { get; init; }

    public string Condition { get; init; } = "success()";

    public TemplateToken? Run { get; init; }

    public string? Uses { get; init; }

    public TemplateToken? Shell { get; init; }

    public TemplateToken? WorkingDirectory { get; init; }

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> With { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> Env { get; init; } = [];

    public TemplateToken? ContinueOnError { get; init; }

    public TemplateToken? TimeoutMinutes { get; init; }

    public TemplateToken? Background { get; init; }
}
