using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>
/// GitHub's checks of a list of steps, in a job or in a composite action: ids (form, the reserved <c>__</c> prefix,
/// one use each), the syntax of <c>uses:</c>, and the step references of the background-steps preview.
/// </summary>
internal static class StepRules
{
    internal const string DockerPrefix = "docker://";

    public static void Check(TemplateToken steps, DiagnosticBag diagnostics)
    {
        if (steps is not SequenceToken sequence)
        {
            return;
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var step in sequence.Items)
        {
            if (step is not MappingToken mapping)
            {
                continue;
            }

            var id = mapping.Get("id") as StringToken;
            if (id is { Value.Length: > 0 } && Identifiers.KnownIdProblem(id.Value, ids) is { } problem)
            {
                diagnostics.Add(id, problem);
            }

            if (mapping.Get("uses") is StringToken uses && mapping.Get("run") is null && UsesProblem(uses.Value) is { } usesProblem)
            {
                diagnostics.Add(uses, usesProblem);
            }

            CheckBackgroundStepTargets(mapping, id, ids, diagnostics);
        }
    }

    /// <summary>
    /// <c>uses:</c> of a step is <c>docker://IMAGE</c>, a local path (<c>./PATH</c>), a path in the repository
    /// of the file at its own commit (<c>$/PATH</c>), or <c>OWNER/REPO[/PATH]@REF</c> with exactly one <c>@</c>.
    /// </summary>
    internal static string? UsesProblem(string uses)
    {
        if (uses.StartsWith(DockerPrefix, StringComparison.Ordinal) || uses.StartsWith("./", StringComparison.Ordinal)
            || uses.StartsWith(".\\", StringComparison.Ordinal) || IsSelfRepositoryReference(uses))
        {
            return null;
        }

        var at = uses.Split('@');
        var path = at[0].Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        return at.Length == 2 && path.Length >= 2 && at[1].Length > 0
            ? null
            : $"Expected format {{org}}/{{repo}}[/path]@ref. Actual '{uses}'";
    }

    /// <summary><c>$/PATH</c>: the repository holding the file, at the commit being run (GitHub's newer form of <c>./</c>).</summary>
    internal static bool IsSelfRepositoryReference(string uses) =>
        uses.StartsWith("$/", StringComparison.Ordinal) && uses.AsSpan(2).TrimStart('/').Length > 0;

    /// <summary>
    /// In GitHub's background-steps preview, <c>wait</c> and <c>cancel</c> name steps before them (not themselves);
    /// <c>wait-all</c> is true or empty.
    /// </summary>
    private static void CheckBackgroundStepTargets(MappingToken step, StringToken? ownId, HashSet<string> earlierIds, DiagnosticBag diagnostics)
    {
        foreach (var target in step.Get("wait").AsList().Concat(step.Get("cancel").AsList()).OfType<StringToken>())
        {
            if (target.Value.StartsWith("__", StringComparison.Ordinal))
            {
                diagnostics.Add(target, $"The identifier '{target.Value}' is invalid. IDs starting with '__' are reserved.");
            }
            else if (ownId is not null && string.Equals(target.Value, ownId.Value, StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(target, $"Step '{ownId.Value}' cannot reference itself");
            }
            else if (!earlierIds.Contains(target.Value))
            {
                diagnostics.Add(target, $"Step references unknown step ID '{target.Value}'");
            }
        }

        if (step.Get("wait-all") is BooleanToken { Value: false } waitAll)
        {
            diagnostics.Add(waitAll, "The value of 'wait-all' must be true or omitted");
        }
    }
}
