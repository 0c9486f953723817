namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_claim_gives_the_oldest_queued_job_as_attempt_one_under_the_agents_lease()
    {
        var run = await NewRunAsync();
        var jobs = await QueueAsync(run, "build", "test");
        var agent = await AgentAsync("runner-7");

        var claim = await Store.ClaimJobAsync(agent.Id, _ => true, Hash("lease"), At(5), At(65), None).Timed();

        Assert.NotNull(claim);
        var job = claim.Job;
        Assert.Equal((jobs[0].Id, JobStatuses.Running, 1, agent.Id, "runner-7"), (job.Id, job.Status, job.Attempt, job.AgentId, job.AgentName));
        Assert.Equal(((DateTimeOffset?)At(65), (DateTimeOffset?)At(5), (DateTimeOffset?)null), (job.LeaseExpiresAt, job.StartedAt, job.FinishedAt));
        Assert.Equal((run.Id, run.Number, RunStatuses.InProgress), (claim.Run.Id, claim.Run.Number, claim.Run.Status));
        SameJob(job, await JobAsync(job.Id));
        Assert.Equal(RunStatuses.InProgress, (await Store.RunAsync(run.Id, None).Timed())!.Status);
        Assert.Equal([new AttemptRow(job.Id, 1, agent.Id, "runner-7", "running", null, At(5), null)], await Store.AttemptsAsync(run.Id, None).Timed());
    }

    [Fact]
    public async Task A_claim_with_nothing_queued_is_null()
    {
        var agent = await AgentAsync();
        Assert.Null(await ClaimAsync(agent, "lease-0"));

        var run = await NewRunAsync();
        await QueueAsync(run, "build");
        Assert.NotNull(await ClaimAsync(agent, "lease-1"));

        Assert.Null(await ClaimAsync(agent, "lease-2"));
        Assert.Single(await Store.AttemptsAsync(run.Id, None).Timed());
    }

    [Fact]
    public async Task A_claim_passes_over_jobs_the_agent_cannot_run()
    {
        var run = await NewRunAsync();
        await Store.QueueJobsAsync([JobOf(run, "cuda", ["gpu"]), JobOf(run, "build", ["linux"]), JobOf(run, "test", ["linux"])], Start, None).Timed();
        var agent = await AgentAsync();

        var linux = await ClaimAsync(agent, "lease-1", canRun: job => job.Labels.Contains("linux"));
        var gpu = await ClaimAsync(agent, "lease-2", canRun: job => job.Labels.Contains("gpu"));
        var windows = await ClaimAsync(agent, "lease-3", canRun: job => job.Labels.Contains("windows"));

        Assert.Equal(("build", "cuda"), (linux!.Job.Key, gpu!.Job.Key));
        Assert.Null(windows);
        Assert.Equal(["test"], (await Store.QueuedJobsAsync(10, None).Timed()).Select(j => j.Key));
    }

    [Fact]
    public async Task A_claim_finds_the_one_job_it_can_run_behind_a_long_queue_of_jobs_it_cannot()
    {
        var run = await NewRunAsync();
        await Store.QueueJobsAsync([.. Enumerable.Range(0, 1_200).Select(i => JobOf(run, $"gpu {i}", ["gpu"])), JobOf(run, "build", ["linux"])], Start, None).Timed();

        var claim = await ClaimAsync(await AgentAsync(), "lease", canRun: job => job.Labels.Contains("linux"));

        Assert.Equal("build", claim?.Job.Key);
    }

    [Fact]
    public async Task Claims_racing_from_many_agents_never_give_one_job_twice()
    {
        const int Jobs = 40;
        var run = await NewRunAsync();
        await QueueAsync(run, [.. Enumerable.Range(0, Jobs).Select(i => $"leg {i}")]);
        var agents = new List<AgentRow>();
        for (var i = 0; i < 8; i++)
        {
            agents.Add(await AgentAsync($"agent-{i}"));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, Jobs * 2).Select(i => Task.Run(() => ClaimAsync(agents[i % agents.Count], $"lease-{i}")))).Timed();

        var given = claims.Where(c => c is not null).Select(c => c!.Job).ToList();
        Assert.Equal(Jobs, given.Count);
        Assert.Equal(Jobs, given.Select(j => j.Id).Distinct().Count());
        Assert.All(given, job => Assert.Equal(1, job.Attempt));
        var attempts = await Store.AttemptsAsync(run.Id, None).Timed();
        Assert.Equal(Jobs, attempts.Count);
        Assert.Equal(given.Select(j => (j.Id, j.AgentId)).Order(), attempts.Select(a => (a.JobId, a.AgentId)).Order());
        Assert.Empty(await Store.QueuedJobsAsync(100, None).Timed());
    }

    [Fact]
    public async Task Completions_racing_in_one_run_each_add_one_event_numbered_without_gaps()
    {
        const int Jobs = 24;
        var run = await NewRunAsync();
        await QueueAsync(run, [.. Enumerable.Range(0, Jobs).Select(i => $"leg {i}")]);
        var agent = await AgentAsync();
        var claims = new List<JobClaim>();
        for (var i = 0; i < Jobs; i++)
        {
            claims.Add((await ClaimAsync(agent, $"lease-{i}"))!);
        }

        // Each completion is sent twice at once (a retried request) and a stale attempt once; a cancel of the run races them.
        var results = await Task.WhenAll(
            [
                .. claims.SelectMany((claim, i) => new[]
                {
                    Task.Run(() => Store.CompleteJobAsync(claim.Job.Id, 1, Hash($"lease-{i}"), Outcome("success"), At(5), None)),
                    Task.Run(() => Store.CompleteJobAsync(claim.Job.Id, 1, Hash($"lease-{i}"), Outcome("success"), At(5), None)),
                    Task.Run(() => Store.CompleteJobAsync(claim.Job.Id, 2, Hash($"lease-{i}"), Outcome("failure"), At(5), None)),
                }),
                Task.Run(async () => await Store.CancelRunAsync(run.Id, None) ? FenceResult.Accepted : FenceResult.Superseded),
            ]).Timed();

        Assert.Equal(Jobs + 1, results.Count(r => r == FenceResult.Accepted));
        var events = await EventsAsync(run);
        Assert.Equal(Enumerable.Range(1, Jobs + 1).Select(n => (long)n), events.Select(e => e.Seq));
        Assert.Equal(claims.Select(c => c.Job.Key).Order(StringComparer.Ordinal), events.Where(e => e.Kind == "leg").Select(e => e.LegKey!).Order(StringComparer.Ordinal));
        Assert.Single(events, e => e.Kind == "cancel");
        Assert.All(await Store.AttemptsAsync(run.Id, None).Timed(), a => Assert.Equal(("completed", "success"), (a.Outcome, a.Reason)));
        Assert.All(await Store.JobsAsync(run.Id, None).Timed(), j => Assert.Equal((JobStatuses.Completed, "success"), (j.Status, j.Conclusion)));
    }

    [Fact]
    public async Task An_abandoned_job_is_claimed_again_as_the_next_attempt_before_younger_jobs()
    {
        var run = await NewRunAsync();
        var jobs = await QueueAsync(run, "build", "test");
        var first = await AgentAsync("first");
        var second = await AgentAsync("second");
        await ClaimAsync(first, "lease-1", At(1));
        Assert.True(await Store.AbandonAttemptAsync(jobs[0].Id, 1, "lost", "no heartbeat for 60s", 3, At(70), None).Timed());

        var again = (await ClaimAsync(second, "lease-2", At(71)))!.Job;

        Assert.Equal((jobs[0].Id, 2, second.Id, "second"), (again.Id, again.Attempt, again.AgentId, again.AgentName));
        Assert.Equal(
            [
                new AttemptRow(jobs[0].Id, 1, first.Id, "first", "lost", "no heartbeat for 60s", At(1), At(70)),
                new AttemptRow(jobs[0].Id, 2, second.Id, "second", "running", null, At(71), null),
            ],
            await Store.AttemptsAsync(run.Id, None).Timed());
    }
}
