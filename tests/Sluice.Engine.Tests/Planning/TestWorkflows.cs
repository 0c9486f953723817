using Sluice.Workflows;

namespace Sluice.Engine.Tests.Planning;

internal static class TestWorkflows
{
    private const string OneJob = """
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo hi
        """;

    /// <summary>Reads a workflow and insists it is valid, so that the tests only state what GitHub accepts.</summary>
    public static Workflow Read(string yaml)
    {
        var result = new WorkflowReader().Read("test.yml", yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString())));
        return result.Workflow!;
    }

    /// <summary>A workflow with the given <c>on:</c> block and one job.</summary>
    public static Workflow On(string on) => Read($"on:\n{Indent(on)}\n{OneJob}");

    public static WorkflowEvent Trigger(string on) => Assert.Single(On(on).Events);

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => "  " + line));
}
