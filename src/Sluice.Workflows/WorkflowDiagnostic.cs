namespace Sluice.Workflows;

/// <summary>One problem found in a workflow file. Line and column are 1-based; null when the problem has no single place (file size, depth).</summary>
public sealed record WorkflowDiagnostic(string File, int? Line, int? Column, string Message)
{
    /// <summary>The compiler-style form: <c>file:line:col: error: message</c>.</summary>
    public override string ToString() => Line is { } line
        ? $"{File}:{line}:{Column ?? 1}: error: {Message}"
        : $"{File}: error: {Message}";
}
