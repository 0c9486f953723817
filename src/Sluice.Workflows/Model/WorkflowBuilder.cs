using System.Text;
using Sluice.Workflows.Tokens;
using Sluice.Workflows.Validation;

namespace Sluice.Workflows;

/// <summary>Turns schema-checked tokens into the workflow model.</summary>
internal static class WorkflowBuilder
{
    private static readonly string[] StatusFunctions = ["success", "failure", "cancelled", "always"];

    public static Workflow Build(MappingToken root) => new()
    {
        Name = root.Get("name").AsString(),
        RunName = root.Get("run-name"),
        Events = Events(root.Get("on")),
        Permissions = root.Get("permissions"),
        Env = Pairs(root.Get("env")),
        Defaults = root.Get("defaults"),
        Concurrency = root.Get("concurrency"),
        Jobs = root.Get("jobs") is MappingToken jobs
            ? [.. jobs.Pairs.Where(p => p.Value is MappingToken).Select(p => BuildJob(p.Key, (MappingToken)p.Value))]
            : [],
    };

    private static List<WorkflowEvent> Events(TemplateToken? on) => on switch
    {
        MappingToken mapping => [.. mapping.Pairs.Select(p => new WorkflowEvent { Name = p.Key.Value, Configuration = p.Value is NullToken ? null : p.Value })],
        _ => [.. on.AsList().Select(t => t.AsString()).OfType<string>().Select(name => new WorkflowEvent { Name = name })],
    };

    private static Job BuildJob(StringToken id, MappingToken job)
    {
        var secrets = job.Get("secrets");
        return new Job
        {
            Id = id.Value,
            Line = id.Line,
            Column = id.Column,
            Name = job.Get("name"),
            Needs = [.. job.Get("needs").AsList().Select(t => t.AsString()).OfType<string>()],
            Condition = Condition(job.Get("if")),
            RunsOn = job.Get("runs-on"),
            Environment = job.Get("environment"),
            Concurrency = job.Get("concurrency"),
            Permissions = job.Get("permissions"),
            Outputs = Pairs(job.Get("outputs")),
            Env = Pairs(job.Get("env")),
            Defaults = job.Get("defaults"),
            TimeoutMinutes = job.Get("timeout-minutes"),
            CancelTimeoutMinutes = job.Get("cancel-timeout-minutes"),
            ContinueOnError = job.Get("continue-on-error"),
            Strategy = job.Get("strategy") is MappingToken strategy
                ? new Strategy { Matrix = strategy.Get("matrix"), FailFast = strategy.Get("fail-fast"), MaxParallel = strategy.Get("max-parallel") }
                : null,
            Container = job.Get("container"),
            Services = Pairs(job.Get("services")),
            Steps = BuildSteps(job.Get("steps")),
            Uses = job.Get("uses").AsString(),
            With = Pairs(job.Get("with")),
            InheritSecrets = secrets is StringToken { Value: "inherit" },
            Secrets = Pairs(secrets),
        };
    }

    /// <summary>A job's steps, or a composite action's (the same shape): ids given or generated as GitHub does, conditions as run.</summary>
    public static List<Step> BuildSteps(TemplateToken? token)
    {
        var steps = new List<Step>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mappings = token.AsList().OfType<MappingToken>().ToList();
        foreach (var step in mappings)
        {
            if (step.Get("id").AsString() is { Length: > 0 } id)
            {
                used.Add(id);
            }
        }

        foreach (var step in mappings)
        {
            var givenId = step.Get("id").AsString();
            var uses = step.Get("uses").AsString();
            steps.Add(new Step
            {
                Id = string.IsNullOrEmpty(givenId) ? GenerateId(uses, used) : givenId,
                HasGeneratedId = string.IsNullOrEmpty(givenId),
                Line = step.Line,
                Name = step.Get("name"),
                Condition = Condition(step.Get("if")),
                Run = step.Get("run"),
                Uses = uses,
                Shell = step.Get("shell"),
                WorkingDirectory = step.Get("working-directory"),
                With = Pairs(step.Get("with")),
                Env = Pairs(step.Get("env")),
                ContinueOnError = step.Get("continue-on-error"),
                TimeoutMinutes = step.Get("timeout-minutes"),
                Background = step.Get("background"),
            });
        }

        return steps;
    }

    /// <summary>GitHub's generated ids: <c>__</c> and the action's name with its version dropped, or <c>__run</c>; <c>_2</c>, <c>_3</c> on collisions.</summary>
    private static string GenerateId(string? uses, HashSet<string> used)
    {
        var name = "run";
        if (uses is not null)
        {
            var reference = uses.StartsWith("docker://", StringComparison.Ordinal) ? uses["docker://".Length..] : uses;
            var at = reference.IndexOf('@');
            reference = at >= 0 ? reference[..at] : reference;
            var builder = new StringBuilder(reference.Length);
            foreach (var c in reference)
            {
                builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_');
            }

            name = builder.ToString().Trim('_');
        }

        var id = "__" + name;
        var candidate = id;
        for (var counter = 2; !used.Add(candidate); counter++)
        {
            candidate = $"{id}_{counter}";
        }

        return candidate;
    }

    private static string Condition(TemplateToken? token)
    {
        var text = token switch
        {
            null or NullToken => null,
            ExpressionToken expression => expression.Source,
            _ => token.Display,
        };

        if (string.IsNullOrWhiteSpace(text))
        {
            return "success()";
        }

        var callsStatus = token is ExpressionToken e && e.FunctionsUsed().Any(f => StatusFunctions.Contains(f, StringComparer.OrdinalIgnoreCase));
        return callsStatus ? text : $"success() && ({text})";
    }

    private static List<KeyValuePair<string, TemplateToken>> Pairs(TemplateToken? token) =>
        token is MappingToken mapping ? [.. mapping.Pairs.Select(p => new KeyValuePair<string, TemplateToken>(p.Key.Value, p.Value))] : [];
}
