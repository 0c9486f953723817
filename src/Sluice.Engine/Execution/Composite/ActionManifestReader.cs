using Sluice.Engine.Execution.Actions;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

/// <summary>
/// Reads an action.yml (GitHub's "Metadata syntax for GitHub Actions") for a composite action. Never throws for
/// bad input: every problem comes back with the file and, where there is one, the line.
/// </summary>
internal static partial class ActionManifestReader
{
    /// <summary>Larger than any real action.yml; keeps a stray huge file from being read whole.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly string[] TopLevelKeys = ["name", "author", "description", "inputs", "outputs", "runs", "branding"];
    private static readonly string[] InputKeys = ["description", "required", "default", "deprecationMessage"];

    public static ActionManifestResult ReadFile(string path, string displayFile)
    {
        var problems = new ManifestProblems(displayFile);
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                problems.AddFileLevel($"the file is larger than {MaxFileBytes / 1024} KiB; an action.yml is a short description of the action");
                return new(null, problems.Errors);
            }

            return Read(File.ReadAllText(path), problems);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.AddFileLevel($"the file cannot be read: {ex.Message}");
            return new(null, problems.Errors);
        }
    }

    public static ActionManifestResult Read(string text, string displayFile) => Read(text, new ManifestProblems(displayFile));

    private static ActionManifestResult Read(string text, ManifestProblems problems)
    {
        var root = ActionYaml.Load(text, problems);
        if (problems.Any)
        {
            return new(null, problems.Errors);
        }

        if (root is not MappingToken mapping)
        {
            problems.AddFileLevel("an action.yml must be a mapping with at least 'name:' and 'runs:'");
            return new(null, problems.Errors);
        }

        foreach (var (key, _) in mapping.Pairs.Where(p => !TopLevelKeys.Contains(p.Key.Value, StringComparer.Ordinal)))
        {
            problems.Add(key, $"'{key.Value}' is not a key of action.yml; expected one of {string.Join(", ", TopLevelKeys)}");
        }

        var runs = Runs(mapping, problems);
        var manifest = new ActionManifest
        {
            File = problems.File,
            Name = mapping.Get("name") is StringToken name ? name.Value : null,
            Inputs = Inputs(mapping.Get("inputs"), problems),
            Outputs = Outputs(mapping.Get("outputs"), runs.Kind == ActionKind.Composite, problems),
            Kind = runs.Kind,
            Steps = runs.Steps,
            Node = runs.Node,
            Docker = runs.Docker,
            RunsLine = runs.Line,
        };
        return problems.Any ? new(null, problems.Errors) : new(manifest, []);
    }

    private sealed record RunsSection(ActionKind Kind, IReadOnlyList<Sluice.Workflows.Step> Steps, NodeRuns? Node, int Line, DockerRuns? Docker = null);

    private static RunsSection Runs(MappingToken root, ManifestProblems problems)
    {
        var none = new RunsSection(ActionKind.Composite, [], null, 0);
        var runsKey = root.Pairs.FirstOrDefault(p => p.Key.Value == "runs").Key;
        if (root.Get("runs") is not MappingToken runs)
        {
            if (runsKey is null)
            {
                problems.AddAt(1, 1, "'runs:' is missing; an action needs 'runs:' with 'using:' (composite, node20 or node24) and what it runs");
            }
            else
            {
                problems.Add(runsKey, "'runs:' must be a mapping with 'using:' (composite, node20 or node24) and what it runs");
            }

            return none;
        }

        if (runs.Get("using") is not { } usingToken || usingToken is NullToken)
        {
            problems.Add(runs, "'runs.using' is missing; use 'composite' (with 'steps:') or 'node20'/'node24' (with 'main:')");
            return none;
        }

        var kind = usingToken is StringToken s ? s.Value : usingToken.Display;
        if (kind.Equals("composite", StringComparison.OrdinalIgnoreCase))
        {
            if (runs.Get("steps") is not SequenceToken steps)
            {
                problems.Add(runs, "'runs.steps' is missing or not a list; a composite action needs the steps it runs");
                return none;
            }

            return new RunsSection(ActionKind.Composite, ReadSteps(steps, problems), null, runs.Line);
        }

        if (kind.Equals("docker", StringComparison.OrdinalIgnoreCase))
        {
            return new RunsSection(ActionKind.Docker, [], null, runs.Line, DockerRunsOf(runs, problems));
        }

        if (NodeVersions.IsKnown(kind))
        {
            return new RunsSection(ActionKind.Node, [], NodeRunsOf(runs, kind.ToLowerInvariant(), problems), runs.Line);
        }

        problems.Add(usingToken, kind.StartsWith("node", StringComparison.OrdinalIgnoreCase)
            ? $"'using: {kind}' is not a Node.js version GitHub runs actions with; use node20 or node24"
            : $"'using: {kind}' is not an action type; use 'composite', 'node20', 'node24' or 'docker'");
        return none;
    }

    private static NodeRuns? NodeRunsOf(MappingToken runs, string version, ManifestProblems problems)
    {
        var main = Script(runs, "main", problems);
        if (main is null)
        {
            if (runs.Get("main") is null)
            {
                problems.Add(runs, $"'runs.main' is missing; a JavaScript action needs the file node runs, such as 'main: dist/index.js'");
            }

            return null;
        }

        return new NodeRuns(
            version,
            main,
            Script(runs, "pre", problems),
            Condition(runs.Get("pre-if"), problems, fallback: "always()"),
            Script(runs, "post", problems),
            Condition(runs.Get("post-if"), problems, fallback: "always()"));
    }

    /// <summary>A script path of <c>runs:</c>: plain text, relative to the action's folder and inside it.</summary>
    private static string? Script(MappingToken runs, string key, ManifestProblems problems)
    {
        switch (runs.Get(key))
        {
            case null or NullToken:
                return null;
            case StringToken { Value.Length: > 0 } text when !Path.IsPathRooted(text.Value) && !text.Value.Replace('\\', '/').Split('/').Contains(".."):
                return text.Value;
            case var other:
                problems.Add(other, $"'runs.{key}' must be the path of a file inside the action's folder, such as 'dist/{key}.js'");
                return null;
        }
    }

    private static List<ActionInput> Inputs(TemplateToken? token, ManifestProblems problems)
    {
        var inputs = new List<ActionInput>();
        if (token is null or NullToken)
        {
            return inputs;
        }

        if (token is not MappingToken mapping)
        {
            problems.Add(token, "'inputs:' must be a mapping of input names to their settings");
            return inputs;
        }

        foreach (var (name, value) in mapping.Pairs)
        {
            if (value is NullToken)
            {
                inputs.Add(new ActionInput(name.Value, null, Required: false));
                continue;
            }

            if (value is not MappingToken settings)
            {
                problems.Add(value, $"input '{name.Value}' must be a mapping (description, required, default)");
                continue;
            }

            foreach (var (key, _) in settings.Pairs.Where(p => !InputKeys.Contains(p.Key.Value, StringComparer.Ordinal)))
            {
                problems.Add(key, $"'{key.Value}' is not a setting of an input; expected one of {string.Join(", ", InputKeys)}");
            }

            var required = settings.Get("required") switch
            {
                null or NullToken => false,
                BooleanToken b => b.Value,
                StringToken s when bool.TryParse(s.Value, out var parsed) => parsed,
                var other => Invalid(other, $"'required' of input '{name.Value}' must be true or false"),
            };
            inputs.Add(new ActionInput(name.Value, settings.Get("default") is NullToken ? null : settings.Get("default"), required));
        }

        return inputs;

        bool Invalid(TemplateToken other, string message)
        {
            problems.Add(other, message);
            return false;
        }
    }

    /// <param name="needsValue">Composite outputs say where their value comes from; a JavaScript action sets its outputs itself.</param>
    private static List<ActionOutput> Outputs(TemplateToken? token, bool needsValue, ManifestProblems problems)
    {
        var outputs = new List<ActionOutput>();
        if (token is null or NullToken)
        {
            return outputs;
        }

        if (token is not MappingToken mapping)
        {
            problems.Add(token, "'outputs:' must be a mapping of output names to their settings");
            return outputs;
        }

        foreach (var (name, value) in mapping.Pairs)
        {
            if (!needsValue)
            {
                outputs.Add(new ActionOutput(name.Value, null));
                continue;
            }

            if (value is not MappingToken settings || settings.Get("value") is not { } outputValue)
            {
                problems.Add(value is NullToken ? name : value, $"output '{name.Value}' needs 'value:', such as '${{{{ steps.<id>.outputs.{name.Value} }}}}'");
                continue;
            }

            outputs.Add(new ActionOutput(name.Value, outputValue));
        }

        return outputs;
    }
}
