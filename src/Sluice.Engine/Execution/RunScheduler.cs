using Sluice.Engine.Planning;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution;

/// <summary>
/// Runs the jobs of one workflow run on this machine. What happens when is decided by the run's state machine
/// (<see cref="RunDecider"/> over a <see cref="RunSnapshot"/>: needs, conditions, matrices, fail-fast, max-parallel,
/// concurrency groups, conclusions); this class carries the decisions out (a job process per leg through the
/// <see cref="JobExecutor"/>, called workflows read from disk, cancellation tokens, reports to the observer) and
/// records what happens back into the snapshot (RunScheduler.Drive.cs).
/// </summary>
public sealed partial class RunScheduler(JobExecutor executor, TimeProvider timeProvider)
{
    public async Task<RunResult> RunAsync(RunContext run, RunOptions options, IRunObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        var started = timeProvider.GetTimestamp();
        observer.RunStarted(run.Workflow.Name ?? run.WorkflowFile, run.Github.TryGetValue("event_name", out var e) ? e.ToDisplayString() : "");
        var masker = new SecretMasker();
        foreach (var (_, secret) in run.Secrets.Properties)
        {
            masker.Add(secret.ToDisplayString());
        }

        foreach (var value in run.Masks)
        {
            masker.Add(value);
        }

        var scope = new RunScope
        {
            Workflow = run.Workflow,
            Plan = RunPlanner.Plan(run.Workflow, options.OnlyJob, options.IncludeNeeds),
            Github = run.Github,
            Vars = run.Vars,
            Inputs = run.Inputs,
            KeyPrefix = run.JobKeyPrefix,
            DisplayPrefix = run.DisplayPrefix,
        };
        var snapshot = new RunSnapshot(scope, new RunLimits(options.Parallelism, options.MatrixFilter));
        var drive = new Drive(executor, timeProvider, snapshot, run, masker, observer);
        var conclusion = await drive.RunAsync(cancellationToken).ConfigureAwait(false);
        observer.RunFinished(conclusion, drive.Finished, timeProvider.GetElapsedTime(started));
        return new RunResult(conclusion, drive.Finished);
    }
}
