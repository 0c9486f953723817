using Sluice.Workflows.Tokens;
using Sluice.Workflows.Yaml;

namespace Sluice.Workflows.Validation;

/// <summary>
/// Follows <c>uses:</c> of reusable workflows: checks the called workflow itself, that <c>with</c> and <c>secrets</c>
/// fit its <c>workflow_call</c> declarations, and that it asks for no more permissions than the caller grants.
/// </summary>
internal sealed class ReusableWorkflowRules(WorkflowReader reader, Func<string, string?> resolve, SizeBudget budget)
{
    /// <summary>GitHub's limit on reusable workflows calling each other.</summary>
    private const int MaxNesting = 10;

    public void Check(MappingToken root, DiagnosticBag diagnostics) =>
        CheckCalls(root, diagnostics, allowed: null, nesting: 0);

    /// <param name="allowed">What the caller of this workflow grants; null for the top-level workflow, which is bounded only by the repository.</param>
    private void CheckCalls(MappingToken workflow, DiagnosticBag diagnostics, PermissionSet? allowed, int nesting)
    {
        if (workflow.Get("jobs") is not MappingToken jobs)
        {
            return;
        }

        var workflowPermissions = PermissionSet.From(workflow.Get("permissions"));
        foreach (var (jobKey, value) in jobs.Pairs)
        {
            if (value is not MappingToken job || job.Get("uses") is not StringToken uses)
            {
                continue;
            }

            var jobPermissions = PermissionSet.From(job.Get("permissions")) ?? workflowPermissions;
            var granted = jobPermissions
                ?? allowed
                ?? PermissionSet.Default(reader.Options.DefaultPermissions);
            CheckCall(jobKey, job, uses, granted, diagnostics, nesting);
        }
    }

    private void CheckCall(StringToken jobKey, MappingToken job, StringToken uses, PermissionSet granted, DiagnosticBag diagnostics, int nesting)
    {
        if (nesting >= MaxNesting)
        {
            diagnostics.Add(uses, $"Reusable workflows may be nested at most {MaxNesting} levels deep; '{uses.Value}' goes deeper.");
            return;
        }

        if (resolve(uses.Value) is not { } text)
        {
            return;
        }

        var called = new DiagnosticBag(uses.Value);
        var root = reader.ReadTokens(text, called, budget);
        if (root is null && called.Errors.Any(e => e.Message == "Maximum object size exceeded"))
        {
            diagnostics.Add(uses, $"Error from called workflow {uses.Value}: Maximum object size exceeded");
            return;
        }

        if (root is null)
        {
            diagnostics.AddRange(called.Errors);
            return;
        }

        new WorkflowRules(called, reader.Options).Check(root);
        if (!DeclaresWorkflowCall(root.Get("on")))
        {
            diagnostics.AddRange(called.Errors);
            diagnostics.Add(uses, $"The workflow '{uses.Value}' cannot be called: its 'on:' has no 'workflow_call' event.");
            return;
        }

        var call = (root.Get("on") as MappingToken)?.Get("workflow_call") as MappingToken;
        CheckInputs(job, uses, call?.Get("inputs") as MappingToken, diagnostics);
        CheckSecrets(job, uses, call?.Get("secrets") as MappingToken, diagnostics);
        CheckPermissions(jobKey, uses, root, granted, diagnostics);
        CheckCalls(root, called, granted, nesting + 1);
        diagnostics.AddRange(called.Errors);
    }

    private static bool DeclaresWorkflowCall(TemplateToken? on) => on switch
    {
        MappingToken mapping => mapping.Get("workflow_call") is not null || mapping.Pairs.Any(p => p.Key.Value == "workflow_call"),
        _ => on.AsList().Any(t => t.AsString() == "workflow_call"),
    };

    private static void CheckInputs(MappingToken job, StringToken uses, MappingToken? declared, DiagnosticBag diagnostics)
    {
        var given = job.Get("with") as MappingToken;
        foreach (var (key, value) in given?.Pairs ?? [])
        {
            if (declared?.Get(key.Value) is not MappingToken input)
            {
                diagnostics.Add(value, $"Invalid input, {key.Value} is not defined in the referenced workflow.");
                continue;
            }

            var type = input.Get("type").AsString();
            var fits = value switch
            {
                ExpressionToken => true,
                BooleanToken => type is "boolean" or "string",
                NumberToken => type is "number" or "string",
                StringToken or NullToken => type is "string" or null,
                _ => false,
            };
            if (!fits)
            {
                diagnostics.Add(value, $"Unexpected value '{value.Display}'");
            }
        }

        foreach (var (key, value) in declared?.Pairs ?? [])
        {
            if (value is MappingToken input && input.Get("required") is BooleanToken { Value: true }
                && input.Get("default") is null && given?.Get(key.Value) is null)
            {
                diagnostics.Add(uses, $"Input {key.Value} is required, but not provided while calling.");
            }
        }
    }

    private static void CheckSecrets(MappingToken job, StringToken uses, MappingToken? declared, DiagnosticBag diagnostics)
    {
        var secrets = job.Get("secrets");
        if (secrets is StringToken { Value: "inherit" })
        {
            return;
        }

        if (secrets is not (null or NullToken or MappingToken))
        {
            return;
        }

        var given = secrets as MappingToken;
        foreach (var (key, value) in declared?.Pairs ?? [])
        {
            if (value is MappingToken secret && secret.Get("required") is BooleanToken { Value: true } && given?.Get(key.Value) is null)
            {
                diagnostics.Add(uses, $"Secret {key.Value} is required, but not provided while calling.");
            }
        }

        foreach (var (key, _) in given?.Pairs ?? [])
        {
            if (declared?.Pairs.Any(p => string.Equals(p.Key.Value, key.Value, StringComparison.OrdinalIgnoreCase)) != true)
            {
                diagnostics.Add(key, $"Invalid secret, {key.Value} is not defined in the referenced workflow.");
            }
        }
    }

    private static void CheckPermissions(StringToken jobKey, StringToken uses, MappingToken called, PermissionSet granted, DiagnosticBag diagnostics)
    {
        var prefix = $"Error calling workflow '{uses.Value}'.";
        if (PermissionSet.From(called.Get("permissions"))?.Exceeding(granted) is var (asked, allowed))
        {
            diagnostics.Add(jobKey, $"{prefix} The workflow '{uses.Value}' is requesting '{asked}', but is only allowed '{allowed}'.");
        }

        if (called.Get("jobs") is not MappingToken jobs)
        {
            return;
        }

        foreach (var (key, value) in jobs.Pairs)
        {
            if (value is MappingToken job && PermissionSet.From(job.Get("permissions"))?.Exceeding(granted) is var (jobAsked, jobAllowed))
            {
                var name = job.Get("name") is StringToken named ? named.Value : key.Value;
                diagnostics.Add(jobKey, $"{prefix} The nested job '{name}' is requesting '{jobAsked}', but is only allowed '{jobAllowed}'.");
            }
        }
    }
}
