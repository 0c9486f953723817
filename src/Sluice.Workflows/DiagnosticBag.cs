using Sluice.Workflows.Tokens;

namespace Sluice.Workflows;

/// <summary>Collects the problems of one file, so that a reader reports all of them at once.</summary>
internal sealed class DiagnosticBag(string file)
{
    private readonly List<WorkflowDiagnostic> _errors = [];
    private readonly List<WorkflowDiagnostic> _warnings = [];

    public string File { get; } = file;

    public IReadOnlyList<WorkflowDiagnostic> Errors => _errors;

    public IReadOnlyList<WorkflowDiagnostic> Warnings => _warnings;

    public bool HasErrors => _errors.Count > 0;

    public void Add(TemplateToken token, string message) => AddAt(token.Line, token.Column, message);

    public void AddAt(int line, int column, string message) =>
        _errors.Add(new WorkflowDiagnostic(File, line > 0 ? line : null, line > 0 ? column : null, message));

    /// <summary>A problem of the whole file, with no single place.</summary>
    public void AddFileLevel(string message) => _errors.Add(new WorkflowDiagnostic(File, null, null, message));

    public void Warn(TemplateToken token, string message) => WarnAt(token.Line, token.Column, message);

    public void WarnAt(int? line, int? column, string message) =>
        _warnings.Add(new WorkflowDiagnostic(File, line > 0 ? line : null, line > 0 ? column : null, message));

    /// <summary>Copies the problems of another file (a called workflow) into this one.</summary>
    public void AddRange(IEnumerable<WorkflowDiagnostic> errors) => _errors.AddRange(errors);
}
