using System.Globalization;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class WorkflowRules
{
    private const int MaxConcurrencyGroupLength = 400;
    private static readonly string[] RunnerGroupScopes = ["org", "organization", "ent", "enterprise"];

    /// <summary><c>runs-on.group</c> is a group name, or <c>organization/NAME</c> or <c>enterprise/NAME</c>.</summary>
    private void CheckRunsOn(TemplateToken runsOn)
    {
        if (runsOn is not MappingToken mapping || mapping.Get("group") is not StringToken group)
        {
            return;
        }

        var names = group.Value.Split('/');
        if (names.Length == 2 && names[1].Length == 0)
        {
            diagnostics.Add(group, $"Invalid runs-on group name '{group.Value}'.");
        }
        else if ((names.Length == 2 && !RunnerGroupScopes.Contains(names[0], StringComparer.Ordinal)) || names.Length > 2)
        {
            diagnostics.Add(group, $"Invalid runs-on group name '{group.Value}'. Please use 'organization/' or 'enterprise/' prefix to target a single runner group.");
        }
    }

    /// <summary>
    /// A job's <c>uses:</c> names a reusable workflow: <c>./PATH</c> or <c>$/PATH</c> in this repository, or
    /// <c>OWNER/REPO/PATH@REF</c> in another (GitHub cannot find any other form).
    /// </summary>
    private void CheckCalledWorkflow(TemplateToken uses)
    {
        if (uses is not StringToken { Value: var reference } || reference.StartsWith("./", StringComparison.Ordinal) || StepRules.IsSelfRepositoryReference(reference))
        {
            return;
        }

        var at = reference.Split('@');
        var path = at[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (at.Length != 2 || at[1].Length == 0 || path.Length < 3)
        {
            diagnostics.Add(uses, $"Invalid workflow reference '{reference}': use {{owner}}/{{repo}}/.github/workflows/{{file}}@{{ref}} for a workflow of another repository, or ./.github/workflows/{{file}} in this one.");
        }
    }

    /// <summary>A snapshot's version, when given, is <c>MAJOR.*</c> (the schema requires its image name).</summary>
    private void CheckSnapshot(TemplateToken snapshot)
    {
        if (snapshot is MappingToken mapping && mapping.Get("version") is StringToken version && !IsSnapshotVersion(version.Value))
        {
            diagnostics.Add(snapshot, $"Expected format '{{major-version}}.*' Actual '{version.Value}'");
        }
    }

    private static bool IsSnapshotVersion(string version) =>
        version.Split('.') is [var major, "*"]
        && int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// An image is required: a mapping must name one, and <c>docker://</c> with nothing after it is none. GitHub lets
    /// a job's own container be written as empty text (<c>container: ''</c>, which means no container), but not a
    /// service. A container written with expressions is checked when the job runs.
    /// </summary>
    private void CheckContainer(TemplateToken container, bool isService)
    {
        if (container.Expressions().Any() || (container is MappingToken mapping && mapping.Pairs.Any(p => p.Key.Value.Contains("${{", StringComparison.Ordinal))))
        {
            return;
        }

        var empty = container switch
        {
            StringToken { Value: var text } => text == StepRules.DockerPrefix || (isService && text.Length == 0),
            MappingToken map => map.Get("image").AsString() is not { } image || image.Length == 0 || image == StepRules.DockerPrefix,
            _ => false,
        };
        if (empty)
        {
            diagnostics.Add(container, "Container image cannot be empty");
        }
    }

    /// <summary>A literal concurrency group must be shorter than 400 characters (an empty one is refused when the run starts).</summary>
    private void CheckConcurrency(TemplateToken concurrency)
    {
        var group = concurrency switch
        {
            StringToken text => text,
            MappingToken mapping => mapping.Get("group") as StringToken,
            _ => null,
        };
        if (group is { Value.Length: > MaxConcurrencyGroupLength })
        {
            diagnostics.Add(concurrency, $"Concurrency group name must be less than {MaxConcurrencyGroupLength} characters");
        }
    }
}
