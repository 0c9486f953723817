using Sluice.Engine.Planning;
using static Sluice.Engine.Tests.Planning.TestWorkflows;

namespace Sluice.Engine.Tests.Planning;

public class EventFilterTests
{
    private static EventInfo Push(string reference, params string[] changed) => new("push", reference, changed, null);

    private static EventInfo PushUnknownDiff(string reference) => new("push", reference, null, null);

    private static EventInfo PullRequest(string baseRef, string? action = "opened", params string[] changed) =>
        new("pull_request", baseRef, changed, action);

    [Theory]
    [InlineData("refs/heads/main", true)]
    [InlineData("refs/heads/releases/v1", true)]
    [InlineData("refs/heads/releases/deep/v1", true)]
    [InlineData("refs/heads/dev", false)]
    [InlineData("refs/tags/v1.0", false)]
    public void Push_with_only_branch_filters_runs_for_matching_branches_and_never_for_tags(string reference, bool expected)
    {
        var trigger = Trigger("push:\n  branches: [main, 'releases/**']");
        Assert.Equal(expected, EventFilter.Matches(trigger, Push(reference, "a.txt")));
    }

    [Theory]
    [InlineData("refs/tags/v2", true)]
    [InlineData("refs/tags/v2.1", true)]
    [InlineData("refs/tags/v1.9", false)]
    [InlineData("refs/heads/main", false)]
    [InlineData("refs/heads/v2", false)]
    public void Push_with_only_tag_filters_runs_for_matching_tags_and_never_for_branches(string reference, bool expected)
    {
        var trigger = Trigger("push:\n  tags: ['v2*']");
        Assert.Equal(expected, EventFilter.Matches(trigger, Push(reference, "a.txt")));
    }

    [Theory]
    [InlineData("refs/heads/main", true)]
    [InlineData("refs/heads/dev", false)]
    [InlineData("refs/tags/v1", true)]
    [InlineData("refs/tags/x1", false)]
    public void Push_with_branch_and_tag_filters_checks_each_kind_of_ref_against_its_own_filter(string reference, bool expected)
    {
        var trigger = Trigger("push:\n  branches: [main]\n  tags: ['v*']");
        Assert.Equal(expected, EventFilter.Matches(trigger, Push(reference, "a.txt")));
    }

    [Theory]
    [InlineData("refs/heads/anything")]
    [InlineData("refs/tags/any/tag")]
    public void Push_without_filters_runs_for_every_branch_and_tag(string reference) =>
        Assert.True(EventFilter.Matches(Trigger("push:"), Push(reference, "a.txt")));

    [Theory]
    [InlineData("refs/heads/main", true)]
    [InlineData("refs/heads/mona/octocat", false)]
    [InlineData("refs/heads/releases/beta/3-alpha", false)]
    [InlineData("refs/heads/releases/beta/3", true)]
    [InlineData("refs/tags/v1", false)]
    public void Branches_ignore_skips_matching_branches_and_tags_do_not_run(string reference, bool expected)
    {
        var trigger = Trigger("push:\n  branches-ignore: ['mona/octocat', 'releases/**-alpha']");
        Assert.Equal(expected, EventFilter.Matches(trigger, Push(reference, "a.txt")));
    }

    [Theory]
    [InlineData("refs/tags/v2", true)]
    [InlineData("refs/tags/v1.9", false)]
    [InlineData("refs/heads/main", false)]
    public void Tags_ignore_skips_matching_tags_and_branches_do_not_run(string reference, bool expected)
    {
        var trigger = Trigger("push:\n  tags-ignore: ['v1.*']");
        Assert.Equal(expected, EventFilter.Matches(trigger, Push(reference, "a.txt")));
    }

    [Fact]
    public void Branch_patterns_with_a_negation_follow_their_order()
    {
        var trigger = Trigger("push:\n  branches: ['releases/**', '!releases/**-alpha']");
        Assert.True(EventFilter.Matches(trigger, Push("refs/heads/releases/10", "a")));
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/releases/10-alpha", "a")));
    }

    [Fact]
    public void An_empty_branch_list_lets_no_branch_through()
    {
        var trigger = Trigger("push:\n  branches: []");
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/main", "a")));
    }

    [Fact]
    public void Paths_run_the_workflow_when_at_least_one_changed_file_matches()
    {
        var trigger = Trigger("push:\n  paths: ['**.js']");
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/main", "README.md")));
        Assert.True(EventFilter.Matches(trigger, Push("refs/heads/main", "README.md", "src/app.js")));
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/main")));
    }

    [Fact]
    public void Paths_ignore_skips_the_workflow_only_when_every_changed_file_is_ignored()
    {
        var trigger = Trigger("push:\n  paths-ignore: ['docs/**']");
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/main", "docs/a.md", "docs/b/c.md")));
        Assert.True(EventFilter.Matches(trigger, Push("refs/heads/main", "docs/a.md", "src/Program.cs")));
    }

    [Fact]
    public void Paths_with_a_negation_exclude_files_an_earlier_pattern_included()
    {
        var trigger = Trigger("push:\n  paths: ['sub-project/**', '!sub-project/docs/**']");
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/main", "sub-project/docs/readme.md")));
        Assert.True(EventFilter.Matches(trigger, Push("refs/heads/main", "sub-project/docs/readme.md", "sub-project/app.js")));
    }

    [Fact]
    public void An_unknown_diff_lets_path_filters_through()
    {
        Assert.True(EventFilter.Matches(Trigger("push:\n  paths: ['src/**']"), PushUnknownDiff("refs/heads/main")));
        Assert.True(EventFilter.Matches(Trigger("push:\n  paths-ignore: ['**']"), PushUnknownDiff("refs/heads/main")));
    }

    [Fact]
    public void Path_filters_are_not_evaluated_for_pushes_of_tags()
    {
        var trigger = Trigger("push:\n  tags: ['v*']\n  paths: ['src/**']");
        Assert.True(EventFilter.Matches(trigger, Push("refs/tags/v1", "docs/a.md")));
        Assert.False(EventFilter.Matches(trigger, Push("refs/tags/x1", "src/a.cs")));
    }

    [Fact]
    public void Branch_and_path_filters_must_both_be_satisfied()
    {
        var trigger = Trigger("push:\n  branches: [main]\n  paths: ['src/**']");
        Assert.True(EventFilter.Matches(trigger, Push("refs/heads/main", "src/a.cs")));
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/main", "docs/a.md")));
        Assert.False(EventFilter.Matches(trigger, Push("refs/heads/dev", "src/a.cs")));
    }

    [Theory]
    [InlineData("refs/heads/main", true)]
    [InlineData("main", true)]
    [InlineData("refs/heads/releases/1", true)]
    [InlineData("refs/heads/feature", false)]
    public void Pull_request_branch_filters_apply_to_the_base_branch(string baseRef, bool expected)
    {
        var trigger = Trigger("pull_request:\n  branches: [main, 'releases/**']");
        Assert.Equal(expected, EventFilter.Matches(trigger, PullRequest(baseRef)));
    }

    [Theory]
    [InlineData("opened", true)]
    [InlineData("synchronize", true)]
    [InlineData("reopened", true)]
    [InlineData("closed", false)]
    [InlineData("labeled", false)]
    public void Pull_request_without_types_runs_for_opened_synchronize_and_reopened_only(string action, bool expected)
    {
        Assert.Equal(expected, EventFilter.Matches(Trigger("pull_request:"), PullRequest("refs/heads/main", action)));
        Assert.Equal(expected, EventFilter.Matches(
            Trigger("pull_request_target:"), new EventInfo("pull_request_target", "refs/heads/main", null, action)));
    }

    [Theory]
    [InlineData("closed", true)]
    [InlineData("labeled", true)]
    [InlineData("opened", false)]
    public void Pull_request_types_replace_the_default_types(string action, bool expected)
    {
        var trigger = Trigger("pull_request:\n  types: [closed, labeled]");
        Assert.Equal(expected, EventFilter.Matches(trigger, PullRequest("refs/heads/main", action)));
    }

    [Fact]
    public void Pull_request_paths_filter_the_changed_files()
    {
        var trigger = Trigger("pull_request:\n  paths: ['src/**']");
        Assert.True(EventFilter.Matches(trigger, PullRequest("refs/heads/main", "opened", "src/a.cs")));
        Assert.False(EventFilter.Matches(trigger, PullRequest("refs/heads/main", "opened", "README.md")));
    }

    [Fact]
    public void An_event_without_an_activity_type_is_not_filtered_by_types() =>
        Assert.True(EventFilter.Matches(Trigger("pull_request:\n  types: [closed]"), PullRequest("refs/heads/main", action: null)));

    [Theory]
    [InlineData("opened", true)]
    [InlineData("closed", false)]
    public void Other_events_with_types_run_only_for_those_types(string action, bool expected) =>
        Assert.Equal(expected, EventFilter.Matches(Trigger("issues:\n  types: [opened]"), new EventInfo("issues", null, null, action)));

    [Fact]
    public void Other_events_without_types_run_for_every_activity_type() =>
        Assert.True(EventFilter.Matches(Trigger("issues:"), new EventInfo("issues", null, null, "deleted")));

    [Theory]
    [InlineData("deploy", true)]
    [InlineData("rollback", false)]
    public void Repository_dispatch_types_filter_the_event_type(string eventType, bool expected) =>
        Assert.Equal(expected, EventFilter.Matches(
            Trigger("repository_dispatch:\n  types: [deploy]"), new EventInfo("repository_dispatch", null, null, eventType)));

    [Fact]
    public void Schedule_and_manual_events_trigger_the_workflows_that_declare_them()
    {
        var workflow = On("schedule:\n  - cron: '0 3 * * *'\nworkflow_dispatch:\npush:\n  branches: [main]");
        Assert.True(EventFilter.Triggers(workflow, new EventInfo("schedule", "refs/heads/main", null, null)));
        Assert.True(EventFilter.Triggers(workflow, new EventInfo("workflow_dispatch", "refs/heads/dev", null, null)));
        Assert.True(EventFilter.Triggers(workflow, Push("refs/heads/main", "a")));
        Assert.False(EventFilter.Triggers(workflow, Push("refs/heads/dev", "a")));
        Assert.False(EventFilter.Triggers(workflow, new EventInfo("workflow_call", null, null, null)));
        Assert.False(EventFilter.Triggers(workflow, PullRequest("refs/heads/main")));
    }

    [Fact]
    public void A_workflow_triggered_by_workflow_call_matches_a_call() =>
        Assert.True(EventFilter.Triggers(On("workflow_call:"), new EventInfo("workflow_call", "refs/heads/main", null, null)));

    [Fact]
    public void An_event_of_another_name_never_matches() =>
        Assert.False(EventFilter.Matches(Trigger("push:"), PullRequest("refs/heads/main")));
}
