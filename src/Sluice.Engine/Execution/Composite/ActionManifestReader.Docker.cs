using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

internal static partial class ActionManifestReader
{
    /// <summary>The <c>runs:</c> of a Docker container action, as GitHub's "Metadata syntax" defines it.</summary>
    private static DockerRuns DockerRunsOf(ActionDocument document, MappingToken runs, List<WorkflowDiagnostic> errors) =>
        new(
            Text(runs, "image")!,
            Text(runs, "entrypoint"),
            runs.Get("args") is SequenceToken args ? args.Items : [],
            runs.Get("env") is MappingToken env ? [.. env.Pairs.Select(p => new KeyValuePair<string, TemplateToken>(p.Key.Value, p.Value))] : [],
            Text(runs, "pre-entrypoint"),
            Condition(document, runs, "pre-if", errors),
            Text(runs, "post-entrypoint"),
            Condition(document, runs, "post-if", errors));
}
