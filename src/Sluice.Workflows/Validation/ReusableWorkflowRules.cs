using Sluice.Workflows.Tokens;
using Sluice.Workflows.Yaml;

namespace Sluice.Workflows.Validation;

/// <summary>
/// Follows <c>uses:</c> of reusable workflows: checks the called workflow itself, that <c>with</c> and <c>secrets</c>
/// fit its <c>workflow_call</c> declarations, and that it asks for no more permissions than the caller grants.
/// </summary>
internal sealed class ReusableWorkflowRules(WorkflowReader reader, Func<string, string?> resolve, SizeBudget budget, JobCounter jobs)
{
    private readonly HashSet<string> _files = new(StringComparer.OrdinalIgnoreCase);

    public void Check(MappingToken root, DiagnosticBag diagnostics) =>
        CheckCalls(root, diagnostics, allowed: null, depth: 1);

    /// <param name="allowed">What the caller of this workflow grants; null for the top-level workflow, which is bounded only by the repository.</param>
    /// <param name="depth">How deep the workflows this one calls are: 1 for those the top-level workflow calls.</param>
    private void CheckCalls(MappingToken workflow, DiagnosticBag diagnostics, PermissionSet? allowed, int depth)
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
            if (!CheckCall(jobKey, job, uses, granted, diagnostics, depth))
            {
                return;
            }
        }
    }

    /// <summary>Checks one call and what it calls in turn; false when an error ends the checking, as GitHub stops at the first failing call.</summary>
    private bool CheckCall(StringToken jobKey, MappingToken job, StringToken uses, PermissionSet granted, DiagnosticBag diagnostics, int depth)
    {
        if (depth > reader.Options.MaxNestedReusableWorkflowsDepth)
        {
            diagnostics.AddFileLevel($"Nested reusable workflow depth exceeded {reader.Options.MaxNestedReusableWorkflowsDepth}.");
            return false;
        }

        if (resolve(uses.Value) is not { } text)
        {
            return true;
        }

        if (_files.Add(uses.Value) && reader.Options.MaxFiles > 0 && _files.Count + 1 > reader.Options.MaxFiles)
        {
            diagnostics.AddFileLevel($"The maximum file count of {reader.Options.MaxFiles} has been exceeded");
            return false;
        }

        var called = new DiagnosticBag(uses.Value);
        var root = reader.ReadTokens(text, called, budget);
        if (root is null && called.Errors.Any(e => e.Message == "Maximum object size exceeded"))
        {
            diagnostics.Add(uses, $"Error from called workflow {uses.Value}: Maximum object size exceeded");
            return false;
        }

        if (root is null || called.HasErrors)
        {
            diagnostics.AddRange(called.Errors);
            return false;
        }

        new WorkflowRules(called, reader.Options, jobs).Check(root);
        if (called.HasErrors)
        {
            diagnostics.AddRange(called.Errors);
            return false;
        }

        if (!DeclaresWorkflowCall(root.Get("on")))
        {
            diagnostics.Add(uses, "workflow_call key is not defined in the referenced workflow.");
            return false;
        }

        var call = (root.Get("on") as MappingToken)?.Get("workflow_call") as MappingToken;
        var errors = diagnostics.Errors.Count;
        CheckInputs(job, uses, call?.Get("inputs") as MappingToken, diagnostics);
        CheckSecrets(job, uses, call?.Get("secrets") as MappingToken, diagnostics);
        CheckPermissions(jobKey, uses, root, granted, diagnostics);
        if (diagnostics.Errors.Count > errors)
        {
            return false;
        }

        CheckCalls(root, called, granted, depth + 1);
        diagnostics.AddRange(called.Errors);
        return !called.HasErrors;
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

        foreach (var (key, value) in given?.Pairs ?? [])
        {
            if (declared?.Pairs.Any(p => string.Equals(p.Key.Value, key.Value, StringComparison.OrdinalIgnoreCase)) != true)
            {
                diagnostics.Add(value, $"Invalid secret, {key.Value} is not defined in the referenced workflow.");
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
