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

        var steps = Runs(mapping, problems);
        var manifest = new ActionManifest
        {
            File = problems.File,
            Name = mapping.Get("name") is StringToken name ? name.Value : null,
            Inputs = Inputs(mapping.Get("inputs"), problems),
            Outputs = Outputs(mapping.Get("outputs"), problems),
            Steps = steps,
        };
        return problems.Any ? new(null, problems.Errors) : new(manifest, []);
    }

    private static IReadOnlyList<Sluice.Workflows.Step> Runs(MappingToken root, ManifestProblems problems)
    {
        var runsKey = root.Pairs.FirstOrDefault(p => p.Key.Value == "runs").Key;
        if (root.Get("runs") is not MappingToken runs)
        {
            if (runsKey is null)
            {
                problems.AddAt(1, 1, "'runs:' is missing; a composite action needs 'runs:' with 'using: composite' and 'steps:'");
            }
            else
            {
                problems.Add(runsKey, "'runs:' must be a mapping with 'using: composite' and 'steps:'");
            }

            return [];
        }

        if (runs.Get("using") is not { } usingToken || usingToken is NullToken)
        {
            problems.Add(runs, "'runs.using' is missing; a composite action needs 'using: composite'");
            return [];
        }

        var kind = usingToken is StringToken s ? s.Value : usingToken.Display;
        if (UnsupportedKind(kind) is { } reason)
        {
            problems.Add(usingToken, reason);
            return [];
        }

        if (runs.Get("steps") is not SequenceToken steps)
        {
            problems.Add(runs, "'runs.steps' is missing or not a list; a composite action needs the steps it runs");
            return [];
        }

        return ReadSteps(steps, problems);
    }

    private static string? UnsupportedKind(string kind)
    {
        if (kind.Equals("composite", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (kind.StartsWith("node", StringComparison.OrdinalIgnoreCase))
        {
            return $"'using: {kind}' is a JavaScript action, which sluice run does not support yet; only composite actions ('using: composite') run here";
        }

        if (kind.Equals("docker", StringComparison.OrdinalIgnoreCase))
        {
            return "'using: docker' is a Docker container action, which sluice run does not support yet; only composite actions ('using: composite') run here";
        }

        return $"'using: {kind}' is not an action type; use 'composite' (JavaScript 'node20' and 'docker' actions are not supported here yet)";
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

    private static List<ActionOutput> Outputs(TemplateToken? token, ManifestProblems problems)
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
