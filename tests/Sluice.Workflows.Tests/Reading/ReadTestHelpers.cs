namespace Sluice.Workflows.Tests.Reading;

internal static class ReadTestHelpers
{
    public const string FileName = ".github/workflows/test.yml";

    public static WorkflowReadResult Read(string yaml, WorkflowReaderOptions? options = null) =>
        new WorkflowReader(options).Read(FileName, yaml);

    public static string Messages(this WorkflowReadResult result) => string.Join("\n", result.Errors.Select(e => e.ToString()));
}
