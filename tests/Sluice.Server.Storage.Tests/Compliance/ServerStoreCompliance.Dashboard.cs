namespace Sluice.Server.Storage.Tests;

/// <summary>What the dashboard reads: lists of runs filtered and paged by id, the values of their filters, and the marks of a log (steps, annotations).</summary>
public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task Runs_are_listed_newest_first_by_branch_workflow_event_status_and_conclusion()
    {
        var shop = await RepositoryAsync("shop");
        var docs = await RepositoryAsync("docs");
        async Task<long> RunAsync(RepositoryRecord repository, string reference, string workflow, string eventName, string? conclusion = null)
        {
            var run = await Store.CreateRunAsync(RunOf(repository.Id) with { Ref = reference, WorkflowName = workflow, WorkflowFile = $".github/workflows/{workflow.ToLowerInvariant()}.yml", Event = eventName }, Start, None).Timed();
            if (conclusion is not null)
            {
                await Store.FinishRunAsync(run.Id, conclusion, At(10), None).Timed();
            }

            return run.Id;
        }

        var mainPush = await RunAsync(shop, "refs/heads/main", "CI", "push", "success");
        var featurePr = await RunAsync(shop, "refs/pull/7/merge", "CI", "pull_request", "failure");
        var tag = await RunAsync(shop, "refs/tags/v1", "Release", "push", "cancelled");
        var docsMain = await RunAsync(docs, "refs/heads/main", "CI", "push");
        var mainSchedule = await RunAsync(shop, "refs/heads/main", "Nightly", "schedule");

        async Task<long[]> IdsAsync(RunQuery query) => [.. (await Store.RunsAsync(query, None).Timed()).Select(r => r.Id)];

        Assert.Equal([mainSchedule, docsMain, tag, featurePr, mainPush], await IdsAsync(new RunQuery(50)));
        Assert.Equal([mainSchedule, tag, featurePr, mainPush], await IdsAsync(new RunQuery(50, "shop")));
        Assert.Equal([mainSchedule, docsMain, mainPush], await IdsAsync(new RunQuery(50, Branch: "main")));
        Assert.Equal([mainSchedule, mainPush], await IdsAsync(new RunQuery(50, "shop", Branch: "refs/heads/main")));
        Assert.Equal([tag], await IdsAsync(new RunQuery(50, Branch: "refs/tags/v1")));
        Assert.Equal([featurePr], await IdsAsync(new RunQuery(50, Event: "pull_request")));
        Assert.Equal([docsMain, featurePr, mainPush], await IdsAsync(new RunQuery(50, Workflow: "CI")));
        Assert.Equal([tag], await IdsAsync(new RunQuery(50, Workflow: "release.yml")));
        Assert.Equal([mainSchedule], await IdsAsync(new RunQuery(50, Workflow: ".github/workflows/nightly.yml")));
        Assert.Equal([mainSchedule, docsMain], await IdsAsync(new RunQuery(50, Status: RunStatuses.Queued)));
        Assert.Equal([tag, featurePr, mainPush], await IdsAsync(new RunQuery(50, Status: RunStatuses.Completed)));
        Assert.Equal([featurePr], await IdsAsync(new RunQuery(50, Status: "failure")));
        Assert.Equal([mainPush], await IdsAsync(new RunQuery(50, "shop", Branch: "main", Workflow: "CI", Event: "push", Status: "success")));
        Assert.Equal([docsMain], await IdsAsync(new RunQuery(50, Repositories: ["docs"])));
        Assert.Empty(await IdsAsync(new RunQuery(50, Repositories: [])));
        Assert.Empty(await IdsAsync(new RunQuery(50, "docs", Repositories: ["shop"])));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("' OR 1=1 --")]
    [InlineData("main' OR ref LIKE '%")]
    [InlineData("_ain")]
    public async Task A_hostile_filter_value_matches_only_itself(string value)
    {
        var shop = await RepositoryAsync("shop");
        await Store.CreateRunAsync(RunOf(shop.Id), Start, None).Timed();
        var own = await Store.CreateRunAsync(RunOf(shop.Id) with { Ref = "refs/heads/" + value, WorkflowName = value, Event = value }, Start, None).Timed();

        foreach (var query in new[] { new RunQuery(50, Branch: value), new RunQuery(50, Workflow: value), new RunQuery(50, Event: value), new RunQuery(50, Repository: value) })
        {
            var found = await Store.RunsAsync(query, None).Timed();
            Assert.Equal(query.Repository is null ? [own.Id] : [], found.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task Pages_of_runs_continue_before_the_last_id_without_gaps_or_repeats()
    {
        var shop = await RepositoryAsync("shop");
        var docs = await RepositoryAsync("docs");
        var created = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            created.Add((await Store.CreateRunAsync(RunOf(i % 3 == 0 ? docs.Id : shop.Id), Start, None).Timed()).Id);
        }

        var paged = new List<long>();
        long? before = null;
        while (true)
        {
            var page = await Store.RunsAsync(new RunQuery(4, "shop", BeforeId: before), None).Timed();
            paged.AddRange(page.Select(r => r.Id));
            if (page.Count < 4)
            {
                break;
            }

            before = page[^1].Id;
        }

        Assert.Equal(created.Where((_, i) => i % 3 != 0).Reverse(), paged);
    }

    [Fact]
    public async Task The_facets_of_a_repository_are_its_refs_workflows_and_events_once_each_most_recent_first()
    {
        var shop = await RepositoryAsync("shop");
        var docs = await RepositoryAsync("docs");
        foreach (var (reference, workflow, eventName) in new[] { ("refs/heads/main", "CI", "push"), ("refs/heads/feature", "CI", "pull_request"), ("refs/heads/main", "Nightly", "schedule"), ("refs/heads/main", "CI", "push") })
        {
            await Store.CreateRunAsync(RunOf(shop.Id) with { Ref = reference, WorkflowName = workflow, Event = eventName }, Start, None).Timed();
        }

        await Store.CreateRunAsync(RunOf(docs.Id) with { Ref = "refs/heads/docs-only", WorkflowName = "Pages", Event = "workflow_dispatch" }, Start, None).Timed();

        var facets = await Store.RunFacetsAsync(shop.Id, 10, None).Timed();

        Assert.Equal(["refs/heads/main", "refs/heads/feature"], facets.Branches);
        Assert.Equal(["CI", "Nightly"], facets.Workflows);
        Assert.Equal(["push", "schedule", "pull_request"], facets.Events);
        Assert.Equal(["refs/heads/main"], (await Store.RunFacetsAsync(shop.Id, 1, None).Timed()).Branches);
    }

    [Fact]
    public async Task The_marks_of_a_log_are_its_steps_and_annotations_with_their_file_and_line_and_nothing_else()
    {
        var run = await NewRunAsync();
        await QueueAsync(run, "build", "test");
        var agent = await AgentAsync();
        var build = (await ClaimAsync(agent, "lease-build"))!.Job;
        var test = (await ClaimAsync(agent, "lease-test"))!.Job;
        await Store.AppendLogsAsync(build.Id, 1, Hash("lease-build"), [
            new LogEntryRow(1, "step", "compile", "Compile", null, At(1)),
            Line(2, "compiling"),
            new LogEntryRow(3, "annotation", null, "src/a.cs:12: unused variable", "warning", At(2), "src/a.cs", 12),
            new LogEntryRow(4, "annotation", null, "no file here", "error", At(3)),
            new LogEntryRow(5, "step-end", "compile", "Compile: success", null, At(4)),
        ], None).Timed();
        await Store.AppendLogsAsync(test.Id, 1, Hash("lease-test"), [new LogEntryRow(1, "step", "unit", "Unit tests", null, At(5)), Line(2, "testing")], None).Timed();

        var all = await Store.LogMarksAsync(run.Id, null, 100, None).Timed();
        var builds = await Store.LogMarksAsync(run.Id, "build", 100, None).Timed();

        Assert.Equal([("build", "step"), ("build", "annotation"), ("build", "annotation"), ("build", "step-end"), ("test", "step")], all.Select(m => (m.JobKey, m.Kind)));
        Assert.Equal(all.Take(4), builds);
        Assert.Equal(("src/a.cs", 12, "warning", At(2)), (builds[1].File, builds[1].Line, builds[1].Level, builds[1].At));
        Assert.Equal((null, null), (builds[2].File, builds[2].Line));
        Assert.Equal(2, (await Store.LogMarksAsync(run.Id, null, 2, None).Timed()).Count);
        var line = (await Store.LogsAsync(run.Id, 0, "build", 100, None).Timed()).Single(l => l.Kind == "annotation" && l.File is not null);
        Assert.Equal(("src/a.cs", 12), (line.File, line.Line));
    }
}
