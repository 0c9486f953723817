using CsCheck;

namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    private const int ModelJobs = 3;

    private static readonly Gen<JobStep> Steps =
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, ModelJobs - 1], Gen.Int[-1, 3])
            .Select((act, job, lease) => new JobStep(act == 8 ? JobAct.Claim : (JobAct)act, job, lease));

    [Fact]
    public async Task Any_sequence_of_claims_renewals_logs_completions_abandons_cancels_and_replays_keeps_the_job_invariants() =>
        await Steps.Array[1, 40].SampleAsync(RunLifecycleAsync, iter: 60).Timed(Deadlines.Long);

    /// <summary>Plays the steps on a fresh store and on the model, comparing every answer and every state after each step.</summary>
    private async Task RunLifecycleAsync(JobStep[] steps)
    {
        await using var store = await CreateStoreAsync().Timed();
        var repository = await store.AddRepositoryAsync("model", "/srv/git/model", null, null, Start, None).Timed();
        var run = await store.CreateRunAsync(RunOf(repository.Id), Start, None).Timed();
        await store.QueueJobsAsync([.. Enumerable.Range(0, ModelJobs).Select(i => JobOf(run, $"leg {i}"))], Start, None).Timed();
        var ids = (await store.JobsAsync(run.Id, None).Timed()).Select(j => j.Id).ToArray();
        var agent = await store.RegisterAgentAsync("model", ["linux"], Hash("model"), null, Start, None).Timed();
        var model = new JobLifecycleModel(ModelJobs, maxAttempts: 3);

        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            // Ten seconds a step and leases of a minute: some leases end while the sequence runs, most do not.
            var now = Start.AddSeconds(10 * (i + 1));
            var (attempt, lease) = model.Pick(step.Job, step.Lease);
            var id = ids[step.Job];
            switch (step.Act)
            {
                case JobAct.Claim:
                    var claim = await store.ClaimJobAsync(agent.Id, _ => true, Hash($"lease {i}"), now, now.AddMinutes(1), None).Timed();
                    var expected = model.Claim($"lease {i}", now.AddMinutes(1));
                    Assert.Equal(expected is { } index ? ids[index] : null, claim?.Job.Id);
                    break;
                case JobAct.Renew:
                    var renewed = await store.RenewLeaseAsync(id, attempt, Hash(lease), now.AddMinutes(1), None).Timed();
                    Assert.Equal(model.Renew(step.Job, attempt, lease, now.AddMinutes(1)), renewed is not null);
                    break;
                case JobAct.Log:
                    LogEntryRow[] entries = [Line(i), Line(i + 1)];
                    var logged = await store.AppendLogsAsync(id, attempt, Hash(lease), entries, None).Timed();
                    Assert.Equal(model.Log(step.Job, attempt, lease, entries.Select(e => e.Seq)), logged == FenceResult.Accepted);
                    break;
                case JobAct.Complete:
                    var conclusion = i % 2 == 0 ? "success" : "failure";
                    var completed = await store.CompleteJobAsync(id, attempt, Hash(lease), new JobOutcome(conclusion, "{}", "[]"), now, None).Timed();
                    Assert.Equal(model.Complete(step.Job, attempt, lease, conclusion), completed == FenceResult.Accepted);
                    break;
                case JobAct.Abandon:
                    var abandoned = await store.AbandonAttemptAsync(id, attempt, "lost", "lease expired", model.MaxAttempts, now, None).Timed();
                    Assert.Equal(model.Abandon(step.Job, attempt), abandoned);
                    break;
                case JobAct.Cancel:
                    await store.RequestJobCancelAsync(id, now, None).Timed();
                    model.Cancel(step.Job);
                    break;
                case JobAct.Replay:
                    await store.QueueJobsAsync([.. Enumerable.Range(0, ModelJobs).Select(j => JobOf(run, $"leg {j}") with { PayloadJson = "{}" })], now, None).Timed();
                    break;
                case JobAct.Expire:
                    var expired = await store.ExpiredLeasesAsync(now, None).Timed();
                    Assert.Equal(model.Expired(now).Select(j => ids[j]), expired.Select(j => j.Id));
                    break;
            }

            await AssertHoldsLikeTheModelAsync(store, run, ids, model);
        }
    }

    private static async Task AssertHoldsLikeTheModelAsync(IServerStore store, RunRecord run, long[] ids, JobLifecycleModel model)
    {
        var jobs = await store.JobsAsync(run.Id, None).Timed();
        var attempts = await store.AttemptsAsync(run.Id, None).Timed();
        var events = await store.RunEventsAsync(run.Id, 0, None).Timed();
        var logs = await store.LogsAsync(run.Id, 0, null, 10_000, None).Timed();

        Assert.Equal(Enumerable.Range(1, events.Count).Select(seq => (long)seq), events.Select(e => e.Seq));
        for (var job = 0; job < ids.Length; job++)
        {
            var leg = model.Legs[job];
            var row = jobs.Single(j => j.Id == ids[job]);
            Assert.Equal((leg.Status, leg.Attempt, leg.CancelRequested, leg.Conclusion), (row.Status, row.Attempt, row.CancelRequested, row.Conclusion));
            Assert.Equal(JobOf(run, row.Key).PayloadJson, row.PayloadJson);

            // Never two running attempts of one job, and the one running is the job's current attempt.
            var own = attempts.Where(a => a.JobId == ids[job]).ToList();
            Assert.Equal(Enumerable.Range(1, leg.Attempt), own.Select(a => a.Attempt));
            var running = own.Where(a => a.Outcome == "running").Select(a => a.Attempt);
            Assert.Equal(leg.Status == JobStatuses.Running ? [leg.Attempt] : [], running);

            // A completed leg has exactly one run event, with the job's conclusion; any other has none.
            var legEvents = events.Where(e => e.Kind == "leg" && e.LegKey == row.Key).Select(e => e.Conclusion);
            Assert.Equal(leg.Status == JobStatuses.Completed ? [leg.Conclusion] : [], legEvents);
        }

        Assert.Equal(model.Logs.Order(), logs.Select(l => (Array.IndexOf(ids, l.JobId), l.Attempt, l.Seq)).Order());
    }
}
