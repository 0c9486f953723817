using System.Text;
using Sluice.Expressions;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

internal static partial class ActionManifestReader
{
    private static readonly string[] StepKeys = ["id", "if", "name", "uses", "run", "shell", "with", "env", "working-directory", "continue-on-error"];
    private static readonly string[] StatusFunctions = ["success", "failure", "cancelled", "always"];

    private static List<Step> ReadSteps(SequenceToken sequence, ManifestProblems problems)
    {
        var steps = new List<Step>();
        var mappings = new List<MappingToken>();
        foreach (var item in sequence.Items)
        {
            if (item is MappingToken mapping)
            {
                mappings.Add(mapping);
            }
            else
            {
                problems.Add(item, "each step must be a mapping with 'run:' (and 'shell:') or 'uses:'");
            }
        }

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapping in mappings)
        {
            if (mapping.Get("id") is StringToken id && !used.Add(id.Value))
            {
                problems.Add(id, $"the step id '{id.Value}' is used twice in this action; step ids must be unique");
            }
        }

        foreach (var mapping in mappings)
        {
            if (ReadStep(mapping, used, problems) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static Step? ReadStep(MappingToken step, HashSet<string> used, ManifestProblems problems)
    {
        foreach (var (key, _) in step.Pairs.Where(p => !StepKeys.Contains(p.Key.Value, StringComparer.Ordinal)))
        {
            problems.Add(key, $"'{key.Value}' is not a key of a composite action step; expected one of {string.Join(", ", StepKeys)}");
        }

        var run = step.Get("run");
        var uses = step.Get("uses");
        if ((run is null) == (uses is null))
        {
            problems.Add(step, "a step needs exactly one of 'run:' and 'uses:'");
            return null;
        }

        if (uses is not null and not StringToken)
        {
            problems.Add(uses, "'uses:' must be plain text, such as './path/to/action' or 'actions/checkout@v4'");
            return null;
        }

        if (run is not null && step.Get("shell") is null or NullToken)
        {
            problems.Add(run, "a 'run:' step of a composite action needs 'shell:' (bash, sh, pwsh or python), as GitHub requires");
        }

        var givenId = step.Get("id");
        if (givenId is not null and not StringToken)
        {
            problems.Add(givenId, "'id:' must be plain text");
        }

        var id = (givenId as StringToken)?.Value;
        return new Step
        {
            Id = string.IsNullOrEmpty(id) ? GenerateId((uses as StringToken)?.Value, used) : id,
            HasGeneratedId = string.IsNullOrEmpty(id),
            Line = step.Line,
            Name = step.Get("name"),
            Condition = Condition(step.Get("if"), problems),
            Run = run,
            Uses = (uses as StringToken)?.Value,
            Shell = step.Get("shell"),
            WorkingDirectory = step.Get("working-directory"),
            With = Pairs(step.Get("with"), "with", problems),
            Env = Pairs(step.Get("env"), "env", problems),
            ContinueOnError = step.Get("continue-on-error"),
        };
    }

    /// <summary>
    /// The condition as GitHub runs it: a bare expression or one wrapped whole in <c>${{ }}</c>, with
    /// <c>success() &amp;&amp;</c> in front unless it calls a status function itself.
    /// </summary>
    /// <param name="fallback">The condition when none is written: <c>success()</c> for steps, <c>always()</c> for <c>pre-if</c> and <c>post-if</c>.</param>
    private static string Condition(TemplateToken? token, ManifestProblems problems, string fallback = "success()")
    {
        var text = token switch
        {
            null or NullToken => null,
            ExpressionToken { Template.IsSingleExpression: true } e => e.Template.Segments[0].Expression!.Text,
            ExpressionToken e => Invalid(e, "write 'if:' as one expression, either bare or wrapped whole in ${{ }}"),
            StringToken s => s.Value,
            LiteralToken literal => literal.Display,
            _ => Invalid(token, "'if:' must be an expression"),
        };

        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!Expression.TryParse(text, ActionYaml.ParserOptions, out var expression, out var error))
        {
            problems.Add(token!, error!.Message);
            return fallback;
        }

        var callsStatus = expression!.FunctionsUsed.Any(f => StatusFunctions.Contains(f, StringComparer.OrdinalIgnoreCase));
        return callsStatus ? text : $"success() && ({text})";

        string? Invalid(TemplateToken at, string message)
        {
            problems.Add(at, message);
            return null;
        }
    }

    private static List<KeyValuePair<string, TemplateToken>> Pairs(TemplateToken? token, string key, ManifestProblems problems)
    {
        switch (token)
        {
            case null or NullToken:
                return [];
            case MappingToken mapping:
                return [.. mapping.Pairs.Select(p => new KeyValuePair<string, TemplateToken>(p.Key.Value, p.Value))];
            default:
                problems.Add(token, $"'{key}:' must be a mapping of names to values");
                return [];
        }
    }

    /// <summary>GitHub's generated step ids: <c>__run</c>, or <c>__</c> and the action reference; <c>_2</c>, <c>_3</c> on collisions.</summary>
    private static string GenerateId(string? uses, HashSet<string> used)
    {
        var name = "run";
        if (uses is not null)
        {
            var at = uses.IndexOf('@');
            var builder = new StringBuilder();
            foreach (var c in at >= 0 ? uses[..at] : uses)
            {
                builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_');
            }

            name = builder.ToString().Trim('_');
        }

        var candidate = "__" + name;
        for (var counter = 2; !used.Add(candidate); counter++)
        {
            candidate = $"__{name}_{counter}";
        }

        return candidate;
    }
}
