using Sluice.Workflows;

namespace Sluice.Engine.Planning;

/// <summary>Decides, with GitHub's rules, whether an event starts a workflow.</summary>
public static class EventFilter
{
    private const string BranchPrefix = "refs/heads/";
    private const string TagPrefix = "refs/tags/";

    private static readonly string[] DefaultPullRequestTypes = ["opened", "synchronize", "reopened"];

    /// <summary>True when any of the workflow's <c>on:</c> events matches <paramref name="e"/>.</summary>
    public static bool Triggers(Workflow workflow, EventInfo e)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return workflow.Events.Any(trigger => Matches(trigger, e));
    }

    /// <summary>
    /// True when <paramref name="trigger"/> is for this event and its activity types, ref filters and path filters let it through.
    /// </summary>
    public static bool Matches(WorkflowEvent trigger, EventInfo e)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(e);
        if (!string.Equals(trigger.Name, e.Name, StringComparison.Ordinal) || !TypeMatches(trigger, e.Action))
        {
            return false;
        }

        if (e.Ref is null)
        {
            return PathsMatch(trigger, e);
        }

        var (name, isTag) = Classify(e.Ref);
        if (isTag)
        {
            // Path filters are not evaluated for pushes of tags.
            return RefMatches(trigger, name, "tags", "tags-ignore", otherKind: ["branches", "branches-ignore"]);
        }

        return RefMatches(trigger, name, "branches", "branches-ignore", otherKind: ["tags", "tags-ignore"])
            && PathsMatch(trigger, e);
    }

    private static bool TypeMatches(WorkflowEvent trigger, string? action)
    {
        if (action is null)
        {
            return true;
        }

        if (trigger.Has("types"))
        {
            return trigger.Types.Contains(action, StringComparer.Ordinal);
        }

        return !IsPullRequest(trigger.Name) || DefaultPullRequestTypes.Contains(action, StringComparer.Ordinal);
    }

    /// <summary>
    /// A workflow that filters only tags does not run for branches, and one that filters only branches does not run for tags;
    /// one that filters neither runs for both.
    /// </summary>
    private static bool RefMatches(WorkflowEvent trigger, string name, string include, string ignore, string[] otherKind)
    {
        if (!trigger.Has(include) && !trigger.Has(ignore))
        {
            return !otherKind.Any(trigger.Has);
        }

        return (!trigger.Has(include) || FilterPattern.Matches(Patterns(trigger, include), name))
            && (!trigger.Has(ignore) || !FilterPattern.Matches(Patterns(trigger, ignore), name));
    }

    /// <summary>
    /// <c>paths</c>: runs when at least one changed file matches. <c>paths-ignore</c>: runs unless every changed file is ignored.
    /// An unknown diff lets the event through, as GitHub does when it cannot compute one.
    /// </summary>
    private static bool PathsMatch(WorkflowEvent trigger, EventInfo e)
    {
        if (e.ChangedPaths is null || !(e.Name == "push" || IsPullRequest(e.Name)))
        {
            return true;
        }

        if (trigger.Has("paths") && !e.ChangedPaths.Any(path => FilterPattern.Matches(trigger.Paths, path)))
        {
            return false;
        }

        return !trigger.Has("paths-ignore") || e.ChangedPaths.Any(path => !FilterPattern.Matches(trigger.PathsIgnore, path));
    }

    private static IReadOnlyList<string> Patterns(WorkflowEvent trigger, string key) => key switch
    {
        "branches" => trigger.Branches,
        "branches-ignore" => trigger.BranchesIgnore,
        "tags" => trigger.Tags,
        _ => trigger.TagsIgnore,
    };

    private static (string Name, bool IsTag) Classify(string reference) =>
        reference.StartsWith(TagPrefix, StringComparison.Ordinal) ? (reference[TagPrefix.Length..], true)
        : reference.StartsWith(BranchPrefix, StringComparison.Ordinal) ? (reference[BranchPrefix.Length..], false)
        : (reference, false);

    private static bool IsPullRequest(string eventName) => eventName is "pull_request" or "pull_request_target";
}
