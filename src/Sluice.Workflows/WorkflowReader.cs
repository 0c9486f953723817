namespace Sluice.Workflows;

/// <summary>Reads and validates GitHub Actions workflow files.</summary>
public sealed class WorkflowReader(WorkflowReaderOptions? options = null)
{
    public WorkflowReaderOptions Options { get; } = options ?? WorkflowReaderOptions.Default;

    /// <summary>Reads a file from disk: refuses files over the size limit, binary files and invalid UTF-8 with a diagnostic, never an exception.</summary>
    public WorkflowReadResult ReadFile(string path) => throw new NotImplementedException("being written");

    /// <summary>Reads workflow text; <paramref name="fileName"/> is the name used in diagnostics.</summary>
    public WorkflowReadResult Read(string fileName, string content) => throw new NotImplementedException("being written");
}
