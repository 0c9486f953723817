using Sluice.Expressions;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

/// <summary>
/// Builds an action's manifest from its action.yml as GitHub's runner reads it: <see cref="ActionReader"/> checks the
/// file against the loose reading of GitHub's action schema and the runner's own rules (keys the runner ignores are
/// ignored), and this takes what running the action needs from the checked tokens. Never throws for bad input: every
/// problem comes back with the file and, where there is one, the line.
/// </summary>
internal static partial class ActionManifestReader
{
    private static readonly ActionReader Reader = new();

    /// <summary>What <c>pre-if</c> and <c>post-if</c> may use (GitHub's <c>runs-if</c>).</summary>
    private static readonly ExpressionParserOptions RunsIfOptions = new()
    {
        NamedValues = ["runner", "github", "job", "strategy", "matrix", "env", "inputs"],
    };

    private static readonly string[] StatusFunctions = ["success", "failure", "cancelled", "always"];

    /// <param name="displayFile">The file as messages name it: relative to the workspace, or its path in a cache.</param>
    public static ActionManifestResult ReadFile(string path, string displayFile) => Build(Reader.ReadDocumentFile(path, displayFile));

    public static ActionManifestResult Read(string text, string displayFile) => Build(Reader.ReadDocument(displayFile, text));

    private static ActionManifestResult Build(ActionDocument document)
    {
        if (document.Root is not { } root || root.Get("runs") is not MappingToken runs)
        {
            return new(null, document.Errors);
        }

        var errors = new List<WorkflowDiagnostic>();
        var kind = (runs.Get("using") as StringToken)?.Value;
        ActionKind actionKind;
        NodeRuns? node = null;
        DockerRuns? docker = null;
        if (kind is null)
        {
            // GitHub's runner reads 'runs.plugin' for its own built-in plugins, which no one else can run.
            errors.Add(At(document, runs, "'runs.plugin' names one of GitHub's own runner plugins, which cannot run outside GitHub's runner"));
            actionKind = ActionKind.Composite;
        }
        else if (kind.Equals("composite", StringComparison.OrdinalIgnoreCase))
        {
            actionKind = ActionKind.Composite;
        }
        else if (kind.Equals("docker", StringComparison.OrdinalIgnoreCase))
        {
            actionKind = ActionKind.Docker;
            docker = DockerRunsOf(document, runs, errors);
        }
        else
        {
            actionKind = ActionKind.Node;
            node = new NodeRuns(
                kind.ToLowerInvariant(),
                Text(runs, "main")!,
                Text(runs, "pre"),
                Condition(document, runs, "pre-if", errors),
                Text(runs, "post"),
                Condition(document, runs, "post-if", errors));
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        return new(
            new ActionManifest
            {
                File = document.File,
                Name = (root.Get("name") as StringToken)?.Value,
                Kind = actionKind,
                Inputs = Inputs(root.Get("inputs")),
                Outputs = Outputs(root.Get("outputs"), actionKind),
                Steps = actionKind == ActionKind.Composite ? document.CompositeSteps : [],
                Node = node,
                Docker = docker,
                RunsLine = runs.Line,
            },
            []);
    }

    /// <summary>The inputs, with GitHub's reading of <c>required</c> (true, or the text "true"); other settings are the action's documentation.</summary>
    private static List<ActionInput> Inputs(TemplateToken? token) =>
        token is MappingToken inputs
            ? [.. inputs.Pairs.Select(p => new ActionInput(
                p.Key.Value,
                (p.Value as MappingToken)?.Get("default") is { } fallback and not NullToken ? fallback : null,
                (p.Value as MappingToken)?.Get("required") switch
                {
                    BooleanToken b => b.Value,
                    StringToken s => bool.TryParse(s.Value.Trim(), out var parsed) && parsed,
                    _ => false,
                }))]
            : [];

    /// <summary>
    /// A composite action's outputs take their value from <c>value:</c> (one without a value is never set, as on
    /// GitHub); a JavaScript or Docker action sets its outputs itself, so they are names only.
    /// </summary>
    private static List<ActionOutput> Outputs(TemplateToken? token, ActionKind kind)
    {
        if (token is not MappingToken outputs)
        {
            return [];
        }

        return kind == ActionKind.Composite
            ? [.. outputs.Pairs.Where(p => (p.Value as MappingToken)?.Get("value") is not null).Select(p => new ActionOutput(p.Key.Value, ((MappingToken)p.Value).Get("value")))]
            : [.. outputs.Pairs.Select(p => new ActionOutput(p.Key.Value, null))];
    }

    private static string? Text(MappingToken mapping, string key) => mapping.Get(key) is StringToken { Value.Length: > 0 } text ? text.Value : null;

    /// <summary>
    /// <c>pre-if</c> or <c>post-if</c> as GitHub runs it: <c>always()</c> when not written, else the expression (bare or
    /// wrapped whole in <c>${{ }}</c>) with <c>success() &amp;&amp;</c> in front unless it calls a status function itself.
    /// </summary>
    private static string Condition(ActionDocument document, MappingToken runs, string key, List<WorkflowDiagnostic> errors)
    {
        if (runs.Get(key) is not StringToken { Value: var written } token || string.IsNullOrWhiteSpace(written))
        {
            return "always()";
        }

        var text = written.Trim();
        if (text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal))
        {
            text = text[3..^2].Trim();
        }

        if (!Expression.TryParse(text, RunsIfOptions, out var expression, out var error))
        {
            errors.Add(At(document, token, $"'runs.{key}': {error!.Message}"));
            return "always()";
        }

        return expression!.FunctionsUsed.Any(f => StatusFunctions.Contains(f, StringComparer.OrdinalIgnoreCase)) ? text : $"success() && ({text})";
    }

    private static WorkflowDiagnostic At(ActionDocument document, TemplateToken token, string message) =>
        new(document.File, token.Line > 0 ? token.Line : null, token.Line > 0 ? token.Column : null, message);
}
