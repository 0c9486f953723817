using Sluice.Engine.Planning;
using Sluice.Workflows.Matrix;
using Sluice.Engine.Steps;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>
/// Runs the jobs of one workflow run: the <c>needs</c> graph with as much parallelism as allowed, job conditions
/// with the status of what they need, matrices expanded when their job starts (they may read <c>needs</c>),
/// fail-fast and max-parallel, and results and outputs passed on through <c>needs</c>.
/// </summary>
public sealed partial class RunScheduler(JobExecutor executor, TimeProvider timeProvider)
{
    public async Task<RunResult> RunAsync(RunContext run, RunOptions options, IRunObserver observer, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        observer.RunStarted(run.Workflow.Name ?? run.WorkflowFile, run.Github.TryGetValue("event_name", out var e) ? e.ToDisplayString() : "");
        var masker = new SecretMasker();
        foreach (var (_, secret) in run.Secrets.Properties)
        {
            masker.Add(secret.ToDisplayString());
        }

        using var slots = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        var state = new RunState(options, slots, new ConcurrencyGroups(), masker, observer, []);
        var outcomes = await RunJobsAsync(run, RunPlanner.Plan(run.Workflow, options.OnlyJob, options.IncludeNeeds), state, cancellationToken);
        var conclusion = cancellationToken.IsCancellationRequested ? Conclusion.Cancelled
            : outcomes.Values.Any(o => o.Result == Conclusion.Failure) ? Conclusion.Failure
            : Conclusion.Success;
        IReadOnlyList<JobResult> results;
        lock (state.Finished)
        {
            results = [.. state.Finished];
        }

        observer.RunFinished(conclusion, results, timeProvider.GetElapsedTime(started));
        return new RunResult(conclusion, results);
    }

    /// <summary>Runs the planned jobs of one workflow (the run's own, or a called one) and returns each job's outcome by id.</summary>
    private async Task<Dictionary<string, JobOutcome>> RunJobsAsync(RunContext run, IReadOnlyList<PlannedJob> plan, RunState state, CancellationToken cancellationToken)
    {
        var jobs = new Dictionary<string, Task<JobOutcome>>(StringComparer.OrdinalIgnoreCase);
        foreach (var planned in plan.OrderBy(p => p.Layer))
        {
            var job = run.Workflow.Jobs.First(j => string.Equals(j.Id, planned.Id, StringComparison.OrdinalIgnoreCase));
            var needs = planned.Needs.Where(jobs.ContainsKey).Select(n => (Id: n, Task: jobs[n])).ToList();
            jobs[planned.Id] = RunJobAsync(run, job, needs, state, cancellationToken);
        }

        await Task.WhenAll(jobs.Values).ConfigureAwait(false);
        return jobs.ToDictionary(j => j.Key, j => j.Value.Result, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What the jobs of one run share.</summary>
    private sealed record RunState(RunOptions Options, SemaphoreSlim Slots, ConcurrencyGroups Groups, SecretMasker Masker, IRunObserver Observer, List<JobResult> Finished);

    private async Task<JobOutcome> RunJobAsync(RunContext run, Job job, List<(string Id, Task<JobOutcome> Task)> needs, RunState state, CancellationToken cancellationToken)
    {
        var (options, observer, finished) = (state.Options, state.Observer, state.Finished);
        var needed = new List<(string Id, JobOutcome Outcome)>();
        foreach (var (id, task) in needs)
        {
            needed.Add((id, await task.ConfigureAwait(false)));
        }

        var needsValue = NeedsContext(needed);
        var status = cancellationToken.IsCancellationRequested ? JobStatus.Cancelled
            : needed.Any(n => n.Outcome.Result == Conclusion.Failure) ? JobStatus.Failure
            : needed.Any(n => n.Outcome.Result == Conclusion.Cancelled) ? JobStatus.Cancelled
            : needed.Any(n => n.Outcome.Result == Conclusion.Skipped) ? JobStatus.DependencySkipped
            : JobStatus.Success;
        var context = JobLevelContext(run, needsValue, status);
        bool shouldRun;
        try
        {
            shouldRun = TokenEvaluator.EvaluateCondition(job.Condition, context);
        }
        catch (ExpressionException ex)
        {
            return Skip(run, job, observer, finished, Conclusion.Failure, $"The condition of job '{job.Id}' could not be evaluated: {ex.Error.Message}");
        }

        if (!shouldRun)
        {
            return Skip(run, job, observer, finished, Conclusion.Skipped, null);
        }

        IReadOnlyList<ObjectValue> legs;
        bool failFast;
        double? maxParallel;
        try
        {
            var matrix = job.Strategy?.Matrix is null ? null : TokenEvaluator.Evaluate(job.Strategy.Matrix, context) as ObjectValue;
            legs = MatrixExpander.Expand(matrix);
            if (options.MatrixFilter.Count > 0 && job.Strategy?.Matrix is not null)
            {
                legs = MatrixExpander.Filter(legs, options.MatrixFilter);
            }

            failFast = TokenEvaluator.EvaluateBool(job.Strategy?.FailFast, context, fallback: true);
            maxParallel = TokenEvaluator.EvaluateNumber(job.Strategy?.MaxParallel, context, "max-parallel");
        }
        catch (Exception ex) when (ex is ExpressionException or MatrixException)
        {
            var message = ex is ExpressionException ee ? ee.Error.Message : ex.Message;
            return Skip(run, job, observer, finished, Conclusion.Failure, $"The strategy of job '{job.Id}' could not be expanded: {message}");
        }

        if (legs.Count == 0)
        {
            return Skip(run, job, observer, finished, Conclusion.Skipped, null);
        }

        using var legCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var legSlots = new SemaphoreSlim(maxParallel is { } m && m >= 1 ? (int)m : legs.Count);
        var tasks = legs.Select((leg, index) => RunLegAsync(run, job, leg, index, legs.Count, failFast, maxParallel, needsValue, state, legSlots, legCancel)).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var result in results.OrderBy(r => r.Duration))
        {
            foreach (var (key, value) in result.Outputs)
            {
                outputs[key] = value;
            }
        }

        var conclusion = results.Any(r => r.Conclusion == Conclusion.Failure) ? Conclusion.Failure
            : results.Any(r => r.Conclusion == Conclusion.Cancelled) ? Conclusion.Cancelled
            : Conclusion.Success;
        if (conclusion == Conclusion.Failure && TokenEvaluator.EvaluateBool(job.ContinueOnError, context, fallback: false))
        {
            conclusion = Conclusion.Success;
        }

        return new JobOutcome(conclusion, outputs);
    }

    private async Task<JobResult> RunLegAsync(
        RunContext run, Job job, ObjectValue leg, int index, int total, bool failFast, double? maxParallel, ObjectValue needs,
        RunState state, SemaphoreSlim legSlots, CancellationTokenSource legCancel)
    {
        var (slots, groups, masker, observer, finished) = (state.Slots, state.Groups, state.Masker, state.Observer, state.Finished);
        var key = run.JobKeyPrefix + (total == 1 && job.Strategy?.Matrix is null ? job.Id : $"{job.Id}-{index + 1}");
        var display = run.DisplayPrefix + (total == 1 && leg.Count == 0 ? JobName(job) : MatrixExpander.DisplayName(JobName(job), leg));
        var strategy = new ObjectValue();
        strategy.Set("fail-fast", ExpressionValue.FromBoolean(failFast));
        strategy.Set("job-index", ExpressionValue.FromNumber(index));
        strategy.Set("job-total", ExpressionValue.FromNumber(total));
        strategy.Set("max-parallel", ExpressionValue.FromNumber(maxParallel ?? total));

        using var own = CancellationTokenSource.CreateLinkedTokenSource(legCancel.Token);
        IDisposable? lease = null;
        (string Group, bool CancelInProgress)? concurrency;
        try
        {
            concurrency = Concurrency(run, job, needs, leg, strategy);
        }
        catch (ExpressionException ex)
        {
            var failed = new JobResult(job.Id, display, Conclusion.Failure, new Dictionary<string, string>(), [], [], TimeSpan.Zero);
            observer.JobStarted(key, display);
            observer.Annotation(key, "error", $"The concurrency of job '{job.Id}' could not be evaluated: {ex.Error.Message}", null, null);
            observer.JobFinished(key, failed);
            lock (finished)
            {
                finished.Add(failed);
            }

            return failed;
        }

        if (concurrency is { } group)
        {
            var concurrencyGroup = group;
            lease = await groups.EnterAsync(concurrencyGroup.Group, concurrencyGroup.CancelInProgress, own, legCancel.Token).ConfigureAwait(false);
            if (lease is null)
            {
                var superseded = new JobResult(job.Id, display, Conclusion.Cancelled, new Dictionary<string, string>(), [], [], TimeSpan.Zero);
                observer.JobStarted(key, display);
                observer.Annotation(key, "warning", $"Canceled: another job in the concurrency group '{concurrencyGroup.Group}' took its place.", null, null);
                observer.JobFinished(key, superseded);
                lock (finished)
                {
                    finished.Add(superseded);
                }

                return superseded;
            }
        }

        using (lease)
        {
            if (job.Uses is not null)
            {
                // A call holds no slot itself: the called workflow's jobs take theirs.
                var called = await RunCallAsync(run, job, leg, strategy, needs, key, display, state, own.Token).ConfigureAwait(false);
                if (called.Conclusion == Conclusion.Failure && failFast)
                {
                    await legCancel.CancelAsync().ConfigureAwait(false);
                }

                return called;
            }

            await legSlots.WaitAsync().ConfigureAwait(false);
            await slots.WaitAsync().ConfigureAwait(false);
            try
            {
                var request = new JobRequest
                {
                    Run = run,
                    Job = job,
                    JobKey = key,
                    DisplayName = display,
                    Matrix = leg,
                    Strategy = strategy,
                    Needs = needs,
                    Workspace = Path.Combine(run.RunDirectory, "work", key),
                };
                var result = await executor.RunAsync(request, masker, observer, own.Token).ConfigureAwait(false);
                if (result.Conclusion == Conclusion.Failure && failFast)
                {
                    await legCancel.CancelAsync().ConfigureAwait(false);
                }

                lock (finished)
                {
                    finished.Add(result);
                }

                return result;
            }
            finally
            {
                slots.Release();
                legSlots.Release();
            }
        }
    }

    /// <summary>The job's <c>concurrency</c>, evaluated for this leg: a group name, or a mapping with <c>group</c> and <c>cancel-in-progress</c>.</summary>
    private static (string Group, bool CancelInProgress)? Concurrency(RunContext run, Job job, ObjectValue needs, ObjectValue leg, ObjectValue strategy)
    {
        if (job.Concurrency is null)
        {
            return null;
        }

        var context = JobLevelContext(run, needs, matrix: leg, strategy: strategy);
        var value = TokenEvaluator.Evaluate(job.Concurrency, context);
        if (value is ObjectValue mapping)
        {
            var group = mapping.TryGetValue("group", out var g) ? g.ToDisplayString() : "";
            var cancel = mapping.TryGetValue("cancel-in-progress", out var c) && c.IsTruthy;
            return group.Length == 0 ? null : (group, cancel);
        }

        var name = value.ToDisplayString();
        return name.Length == 0 ? null : (name, false);
    }

    private static string JobName(Job job) => job.Name is Sluice.Workflows.Tokens.StringToken name ? name.Value : job.Id;

    private JobOutcome Skip(RunContext run, Job job, IRunObserver observer, List<JobResult> finished, Conclusion conclusion, string? error)
    {
        var key = run.JobKeyPrefix + job.Id;
        var display = run.DisplayPrefix + JobName(job);
        observer.JobStarted(key, display);
        if (error is not null)
        {
            observer.Annotation(key, "error", error, null, null);
        }

        var result = new JobResult(job.Id, display, conclusion, new Dictionary<string, string>(), [], [], TimeSpan.Zero);
        observer.JobFinished(key, result);
        lock (finished)
        {
            finished.Add(result);
        }

        return new JobOutcome(conclusion, new Dictionary<string, string>());
    }

    private static ObjectValue NeedsContext(List<(string Id, JobOutcome Outcome)> needed)
    {
        var needs = new ObjectValue();
        foreach (var (id, outcome) in needed)
        {
            needs.Set(id, OutcomeValue(outcome));
        }

        return needs;
    }

    /// <summary>A finished job as <c>needs.&lt;id&gt;</c> (or a called workflow's <c>jobs.&lt;id&gt;</c>) shows it: result and outputs.</summary>
    private static ObjectValue OutcomeValue(JobOutcome outcome)
    {
        var entry = new ObjectValue();
        entry.Set("result", ExpressionValue.FromString(outcome.Result.Name()));
        var outputs = new ObjectValue();
        foreach (var (key, value) in outcome.Outputs)
        {
            outputs.Set(key, ExpressionValue.FromString(value));
        }

        entry.Set("outputs", outputs);
        return entry;
    }

    /// <summary>
    /// The contexts of the job level: github, needs, vars and inputs for <c>if</c> and <c>strategy</c>; with the leg's
    /// matrix and strategy for <c>concurrency</c> and a call's <c>with</c>; with secrets for a call's <c>secrets</c>.
    /// </summary>
    private static EvaluationContext JobLevelContext(RunContext run, ObjectValue needs, JobStatus status = JobStatus.Success, ObjectValue? matrix = null, ObjectValue? strategy = null, bool withSecrets = false)
    {
        var named = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["github"] = run.Github,
            ["needs"] = needs,
            ["vars"] = run.Vars,
            ["inputs"] = run.Inputs,
        };
        if (matrix is not null)
        {
            named["matrix"] = matrix;
        }

        if (strategy is not null)
        {
            named["strategy"] = strategy;
        }

        if (withSecrets)
        {
            named["secrets"] = run.Secrets;
        }

        return new EvaluationContext { NamedValues = named, Status = status };
    }

    private sealed record JobOutcome(Conclusion Result, IReadOnlyDictionary<string, string> Outputs);
}
