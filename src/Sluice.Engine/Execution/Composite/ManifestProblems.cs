using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

/// <summary>The problems found in one action.yml, each with the file and, where there is one, the line.</summary>
internal sealed class ManifestProblems(string file)
{
    private readonly List<WorkflowDiagnostic> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<WorkflowDiagnostic> Errors => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(TemplateToken token, string message) => AddAt(token.Line, token.Column, message);

    public void AddAt(int line, int column, string message) =>
        _errors.Add(new WorkflowDiagnostic(File, line > 0 ? line : null, line > 0 ? column : null, message));

    public void AddFileLevel(string message) => _errors.Add(new WorkflowDiagnostic(File, null, null, message));
}
