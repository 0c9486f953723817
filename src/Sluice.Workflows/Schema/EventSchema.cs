using static Sluice.Workflows.Schema.SchemaBuilder;

namespace Sluice.Workflows.Schema;

/// <summary>The events a workflow may start on (<c>on:</c>), with the filters and activity types each one takes.</summary>
internal static class EventSchema
{
    private static readonly string[] PullRequestTypes =
    [
        "assigned", "unassigned", "labeled", "unlabeled", "opened", "edited", "closed", "reopened", "synchronize",
        "converted_to_draft", "ready_for_review", "locked", "unlocked", "review_requested", "review_request_removed",
        "auto_merge_enabled", "auto_merge_disabled", "enqueued", "dequeued", "milestoned", "demilestoned",
    ];

    private static readonly string[] EventsWithoutConfiguration =
        ["create", "delete", "deployment", "deployment_status", "fork", "gollum", "page_build", "public", "status"];

    private static readonly Dictionary<string, string[]> ActivityTypes = new(StringComparer.Ordinal)
    {
        ["branch_protection_rule"] = ["created", "edited", "deleted"],
        ["check_run"] = ["created", "rerequested", "completed", "requested_action"],
        ["check_suite"] = ["completed"],
        ["discussion"] = ["created", "edited", "deleted", "transferred", "pinned", "unpinned", "labeled", "unlabeled", "locked", "unlocked", "category_changed", "answered", "unanswered"],
        ["discussion_comment"] = ["created", "edited", "deleted"],
        ["issue_comment"] = ["created", "edited", "deleted"],
        ["issues"] = ["opened", "edited", "deleted", "transferred", "pinned", "unpinned", "closed", "reopened", "assigned", "unassigned", "labeled", "unlabeled", "locked", "unlocked", "milestoned", "demilestoned", "typed", "untyped"],
        ["label"] = ["created", "edited", "deleted"],
        ["merge_group"] = ["checks_requested"],
        ["milestone"] = ["created", "closed", "opened", "edited", "deleted"],
        ["project"] = ["created", "closed", "reopened", "edited", "deleted"],
        ["project_card"] = ["created", "moved", "converted", "edited", "deleted"],
        ["project_column"] = ["created", "updated", "moved", "deleted"],
        ["pull_request"] = PullRequestTypes,
        ["pull_request_target"] = PullRequestTypes,
        ["pull_request_review"] = ["submitted", "edited", "dismissed"],
        ["pull_request_review_comment"] = ["created", "edited", "deleted"],
        ["registry_package"] = ["published", "updated"],
        ["release"] = ["published", "unpublished", "created", "edited", "deleted", "prereleased", "released"],
        ["watch"] = ["started"],
        ["workflow_run"] = ["requested", "completed", "in_progress"],
    };

    /// <summary>Every event name GitHub knows.</summary>
    public static IReadOnlySet<string> EventNames { get; } = new HashSet<string>(
        ActivityTypes.Keys.Concat(EventsWithoutConfiguration).Concat(["push", "schedule", "workflow_call", "workflow_dispatch", "repository_dispatch"]),
        StringComparer.Ordinal);

    private static MappingDefinition WorkflowDispatchInput { get; } = Mapping(
        null,
        ("description", new PropertyDefinition(Str())),
        ("required", new PropertyDefinition(Bool())),
        ("default", new PropertyDefinition(OneOf(Str(Scopes.WorkflowCallInputDefault), Bool(), Number()))),
        ("type", new PropertyDefinition(OneOfValues("string", "choice", "boolean", "number", "environment"))),
        ("options", new PropertyDefinition(SequenceOf(Str()))),
        ("deprecationMessage", new PropertyDefinition(Str())));

    private static MappingDefinition WorkflowCall { get; } = Mapping(
        null,
        ("inputs", new PropertyDefinition(OneOf(Null(), Dictionary(Mapping(
            null,
            ("description", new PropertyDefinition(Str())),
            ("required", new PropertyDefinition(Bool())),
            ("type", Required(OneOfValues("boolean", "number", "string"))),
            ("default", new PropertyDefinition(OneOf(Str(Scopes.WorkflowCallInputDefault), Bool(Scopes.WorkflowCallInputDefault), Number(Scopes.WorkflowCallInputDefault))))))))),
        ("outputs", new PropertyDefinition(OneOf(Null(), Dictionary(Mapping(
            null,
            ("description", new PropertyDefinition(Str())),
            ("value", Required(Str(Scopes.WorkflowCallOutputValue)))))))),
        ("secrets", new PropertyDefinition(OneOf(Null(), Dictionary(OneOf(Null(), Mapping(
            null,
            ("description", new PropertyDefinition(Str())),
            ("required", new PropertyDefinition(Bool())))))))));

    private static Definition? s_on;

    /// <summary>The definition of <c>on:</c>; built on first use, after the definitions it refers to.</summary>
    public static Definition On => s_on ??= Build();

    private static Definition Build()
    {
        var eventName = OneOfValues([.. EventNames]);
        var events = new Dictionary<string, PropertyDefinition>(StringComparer.Ordinal);
        foreach (var name in EventNames)
        {
            events[name] = new PropertyDefinition(EventDefinition(name));
        }

        return OneOf(eventName, SequenceOf(eventName), new MappingDefinition { Properties = events });
    }

    private static Definition EventDefinition(string name)
    {
        var properties = new List<(string, Definition)>();
        if (ActivityTypes.TryGetValue(name, out var types))
        {
            properties.Add(("types", OneOf(OneOfValues(types), SequenceOf(OneOfValues(types)))));
        }

        switch (name)
        {
            case "push":
                properties.AddRange(Filters("branches", "tags", "paths"));
                break;
            case "pull_request" or "pull_request_target":
                properties.AddRange(Filters("branches", "paths"));
                break;
            case "merge_group":
                properties.AddRange(Filters("branches"));
                break;
            case "workflow_run":
                properties.AddRange(Filters("branches"));
                properties.Add(("workflows", StringOrSequence()));
                break;
            case "repository_dispatch":
                properties.Add(("types", StringOrSequence()));
                break;
            case "schedule":
                return SequenceOf(Mapping(null, ("cron", Required(NonEmpty())), ("timezone", new PropertyDefinition(NonEmpty()))));
            case "workflow_dispatch":
                // GitHub ignores keys it does not know under workflow_dispatch.
                return OneOf(Null(), new MappingDefinition
                {
                    Properties = new Dictionary<string, PropertyDefinition>(StringComparer.Ordinal) { ["inputs"] = new(OneOf(Null(), Dictionary(WorkflowDispatchInput))) },
                    LooseKey = Str(),
                    LooseValue = new AnyDefinition(),
                });
            case "workflow_call":
                return OneOf(Null(), WorkflowCall);
        }

        return properties.Count == 0
            ? OneOf(Null(), new MappingDefinition())
            : OneOf(Null(), Mapping(null, [.. properties]));
    }

    private static IEnumerable<(string, Definition)> Filters(params string[] names) =>
        names.SelectMany(n => new[] { (n, (Definition)StringOrSequence()), (n + "-ignore", StringOrSequence()) });
}
