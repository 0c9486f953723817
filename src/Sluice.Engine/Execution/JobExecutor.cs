using Sluice.Engine.Steps;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>
/// Runs one job (one matrix leg) step by step, as GitHub's runner does: conditions with the status functions,
/// env at every level, shells, timeouts, continue-on-error, step outputs and the GITHUB_* files, workflow
/// commands and masking. The same class will run jobs on remote agents.
/// </summary>
public sealed partial class JobExecutor(ProcessRunner processRunner, TimeProvider timeProvider, Containers.ContainerEngineSource? containerEngine = null)
{
    /// <summary>GitHub's default job timeout.</summary>
    public const double DefaultTimeoutMinutes = 360;

    public async Task<JobResult> RunAsync(JobRequest request, SecretMasker masker, IRunObserver observer, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var temp = Directory.CreateDirectory(Path.Combine(request.Run.RunDirectory, "temp", request.JobKey)).FullName;
        Directory.CreateDirectory(request.Workspace);
        var contexts = new JobContexts(request, temp);
        var scratch = Directory.CreateDirectory(Path.Combine(request.Run.ScratchDirectory ?? Path.Combine(request.Run.RunDirectory, "scratch"), request.JobKey)).FullName;
        var state = new JobState(request, contexts, masker, observer, temp) { Scratch = scratch, Host = new Hosts.LocalStepHost(processRunner, request.Run.BaseEnvironment) };
        observer.JobStarted(request.JobKey, request.DisplayName);

        try
        {
            state.Env = EvaluateEnvironment(state);
        }
        catch (ExpressionException ex)
        {
            state.Fail($"The job's env could not be evaluated: {ex.Error.Message}");
            return Finish(state, started);
        }

        double timeoutMinutes;
        try
        {
            timeoutMinutes = TokenEvaluator.EvaluateNumber(request.Job.TimeoutMinutes, contexts.For(state.Env, JobStatus.Success), "timeout-minutes") ?? DefaultTimeoutMinutes;
        }
        catch (ExpressionException ex)
        {
            state.Fail(ex.Error.Message);
            return Finish(state, started);
        }

        using var jobTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(timeoutMinutes), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(jobTimeout.Token, cancellationToken);
        var (containers, ready) = await StartContainersAsync(state, linked.Token);
        await using var containersInUse = containers;
        if (!ready)
        {
            if (jobTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                state.Fail($"The job ran longer than its timeout of {timeoutMinutes} minutes while its containers started, and was stopped.");
            }

            return Finish(state, started);
        }

        try
        {
            await AnnounceActionsAsync(state, request.Job.Steps, depth: 1, linked.Token); // Actions/JobExecutor.SetUp.cs
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Cancelled while a repository was still being looked up: the steps report what they can.
        }

        // GitHub's "Pre" phase of JavaScript actions, before the first step; their "Post" phase after the last.
        await RunPrePhaseAsync(state, linked.Token);
        foreach (var step in request.Job.Steps)
        {
            if (jobTimeout.IsCancellationRequested && state.Status != JobStatus.Cancelled)
            {
                state.Fail($"The job ran longer than its timeout of {timeoutMinutes} minutes and was stopped.");
                state.Status = JobStatus.Cancelled;
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                state.Status = JobStatus.Cancelled;
            }

            // After cancellation only steps whose condition still holds (always(), cancelled()) run, and they are not cancelled themselves.
            var token = state.Status == JobStatus.Cancelled ? CancellationToken.None : linked.Token;
            state.Results.Add(await RunStepAsync(state, step, token));
        }

        await RunPostPhaseAsync(state, state.Status == JobStatus.Cancelled ? CancellationToken.None : linked.Token);

        // Whatever the steps left running in the background ends with the job, as on GitHub.
        var orphans = await Steps.OrphanReaper.StopAsync(state.TrackingId, timeProvider, TimeSpan.FromSeconds(5));
        if (orphans > 0)
        {
            observer.Line(request.JobKey, null, $"Stopped {orphans} process(es) the steps left running.", false, null);
        }

        // actions/cache saves at the end of a job that succeeded, as GitHub's post step does.
        await Cache.CacheAction.CompletePendingSavesAsync(request, state.Status == JobStatus.Success, CancellationToken.None);
        EvaluateOutputs(state);
        return Finish(state, started);
    }

    /// <summary>The workflow's env, then the job's over it (evaluated with the workflow's in the <c>env</c> context).</summary>
    private static Dictionary<string, string> EvaluateEnvironment(JobState state)
    {
        var env = TokenEvaluator.EvaluateStrings(state.Request.Run.Workflow.Env, state.Contexts.For(new Dictionary<string, string>(), JobStatus.Success));
        foreach (var (key, value) in TokenEvaluator.EvaluateStrings(state.Request.Job.Env, state.Contexts.For(env, JobStatus.Success)))
        {
            env[key] = value;
        }

        return env;
    }

    private static void EvaluateOutputs(JobState state)
    {
        foreach (var (name, token) in state.Request.Job.Outputs)
        {
            try
            {
                foreach (var (output, value) in TokenEvaluator.EvaluatePair(name, token, state.Contexts.For(state.Env, state.Status)))
                {
                    state.Outputs[output] = value.ToDisplayString();
                }
            }
            catch (ExpressionException ex)
            {
                state.Fail($"The job output '{name}' could not be evaluated: {ex.Error.Message}");
            }
        }
    }

    private JobResult Finish(JobState state, long started)
    {
        var conclusion = state.Status switch
        {
            JobStatus.Success => Conclusion.Success,
            JobStatus.Cancelled => Conclusion.Cancelled,
            _ => Conclusion.Failure,
        };
        var result = new JobResult(state.Request.Job.Id, state.Request.DisplayName, conclusion, state.Outputs, state.Results, state.Summaries, timeProvider.GetElapsedTime(started));
        state.Observer.JobFinished(state.Request.JobKey, result);
        return result;
    }

    /// <summary>The mutable state of a job while it runs.</summary>
    private sealed class JobState(JobRequest request, JobContexts contexts, SecretMasker masker, IRunObserver observer, string temp) : IJobStateView, IJobOutputTarget
    {
        public JobRequest Request { get; } = request;

        public JobContexts Contexts { get; } = contexts;

        public SecretMasker Masker { get; } = masker;

        public IRunObserver Observer { get; } = observer;

        public string Temp { get; } = temp;

        /// <summary>Where step scripts and file-command files go: many small files, so on a memory file system when there is one.</summary>
        public required string Scratch { get; init; }

        public required Hosts.IStepHost Host { get; set; }

        /// <summary>The action repositories whose copy the log has named (<c>owner/repo@ref</c>).</summary>
        public HashSet<string> AnnouncedRepositories { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The pre and post stages of the job's JavaScript actions.</summary>
        public Actions.ActionPhases Phases { get; } = new();

        public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);

        public List<string> PathPrefix { get; } = [];

        IReadOnlyList<string> IJobStateView.PathPrefix => PathPrefix;

        public string TrackingId { get; } = Guid.NewGuid().ToString("N");

        public string Runner(string key) => Contexts.Runner.TryGetValue(key, out var value) ? value.ToDisplayString() : "";

        public JobStatus Status { get; set; } = JobStatus.Success;

        public List<StepResult> Results { get; } = [];

        public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);

        public List<string> Summaries { get; } = [];

        public Dictionary<string, string> State { get; } = new(StringComparer.Ordinal);

        public string JobKey => Request.JobKey;

        public void SaveState(string name, string value) => State[name] = value;

        public void SetEnv(string name, string value) => Env[name] = value;

        public void AddPath(string path)
        {
            PathPrefix.Remove(path);
            PathPrefix.Insert(0, path);
        }

        public void Fail(string message)
        {
            Status = JobStatus.Failure;
            Observer.Annotation(Request.JobKey, "error", Masker.Mask(message), null, null);
        }
    }

    private static string StepName(Step step, string? evaluatedName)
    {
        if (!string.IsNullOrWhiteSpace(evaluatedName))
        {
            return evaluatedName;
        }

        if (step.Uses is not null)
        {
            return $"Run {step.Uses}";
        }

        var script = step.Run?.Display ?? "";
        var firstLine = script.Split('\n', 2)[0].Trim();
        return $"Run {firstLine}";
    }
}
