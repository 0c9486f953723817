using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>
/// The checks GitHub's runner makes of an action.yml after the schema, when it loads the action: <c>runs</c> is
/// required, <c>using</c> is a kind the runner knows, each kind has what it runs (an image, a main script, steps),
/// and a composite action's steps follow the rules of a job's steps.
/// </summary>
internal static class ActionRules
{
    private static readonly string[] NodeVersions = ["node12", "node16", "node20", "node24"];

    public static void Check(MappingToken root, DiagnosticBag diagnostics)
    {
        if (root.Get("runs") is not MappingToken runs)
        {
            if (root.Pairs.FirstOrDefault(p => p.Key.Value == "runs").Key is not { } runsKey)
            {
                diagnostics.Add(root, "Top level 'runs:' section is required.");
            }
            else
            {
                diagnostics.Add(runsKey, "'runs:' must be a mapping with 'using:' and what the action runs.");
            }

            return;
        }

        if (runs.Get("steps") is { } steps)
        {
            StepRules.Check(steps, diagnostics);
        }

        var usingToken = runs.Get("using") as StringToken;
        var kind = usingToken?.Value;
        if (kind is null)
        {
            if (runs.Get("plugin") is null)
            {
                diagnostics.Add(runs, "Missing 'using' value. 'using' requires 'composite', 'docker', 'node12', 'node16', 'node20' or 'node24'.");
            }
        }
        else if (string.Equals(kind, "docker", StringComparison.OrdinalIgnoreCase))
        {
            RequireValue(runs, "image", "You are using a Container Action but an image is not provided.", diagnostics);
        }
        else if (NodeVersions.Contains(kind, StringComparer.OrdinalIgnoreCase))
        {
            RequireValue(runs, "main", "You are using a JavaScript Action but there is not an entry JavaScript file provided.", diagnostics);
        }
        else if (string.Equals(kind, "composite", StringComparison.OrdinalIgnoreCase))
        {
            if (runs.Get("steps") is null)
            {
                diagnostics.Add(runs, "You are using a composite action but there are no steps provided.");
            }
        }
        else
        {
            diagnostics.Add(usingToken!, $"'using: {kind}' is not supported, use 'docker', 'node12', 'node16', 'node20', 'node24' or 'composite' instead.");
        }
    }

    private static void RequireValue(MappingToken runs, string key, string message, DiagnosticBag diagnostics)
    {
        if (runs.Get(key).AsString() is not { Length: > 0 })
        {
            diagnostics.Add(runs, message);
        }
    }
}
