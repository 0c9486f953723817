namespace Sluice.Workflows;

/// <summary>One problem found in a workflow file. Line and column are 1-based; null when the problem has no single place (file size, depth).</summary>
public sealed record WorkflowDiagnostic(string File, int? Line, int? Column, string Message)
{
    /// <summary>The compiler-style form: <c>file:line:col: error: message</c>.</summary>
    public override string ToString() => Format("error");

    /// <summary>The compiler-style form with another severity, such as <c>warning</c>.</summary>
    public string Format(string severity) => Line is { } line
        ? $"{File}:{line}:{Column ?? 1}: {severity}: {Message}"
        : $"{File}: {severity}: {Message}";
}
