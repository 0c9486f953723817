using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution;

public sealed partial class RunScheduler
{
    /// <summary>
    /// One run driven in memory: takes the decider's decisions one at a time, applies each to the snapshot and carries
    /// it out, then waits for the next thing that happens (a leg's job ended, the run was cancelled) and records it.
    /// </summary>
    private sealed partial class Drive(JobExecutor executor, TimeProvider timeProvider, RunSnapshot snapshot, RunContext run, SecretMasker masker, IRunObserver observer)
    {
        private readonly Channel<Happening> _happenings = Channel.CreateUnbounded<Happening>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Dictionary<LegId, CancellationTokenSource> _running = [];
        private readonly Dictionary<LegId, long> _callsStarted = [];
        private readonly List<RunContext> _contexts = [run];
        private readonly List<Task> _jobs = [];
        private readonly List<JobResult> _finished = [];

        /// <summary>Calls whose workflow is being found; their result comes as a <see cref="CallLocated"/>.</summary>
        private int _callsLocating;

        /// <summary>Every leg's result in the order they finished (or were skipped, refused or cancelled without running).</summary>
        public IReadOnlyList<JobResult> Finished => _finished;

        public async Task<Conclusion> RunAsync(CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                snapshot.RecordCancelled();
            }

            using var registration = cancellationToken.Register(() => _happenings.Writer.TryWrite(new RunCancelled()));
            try
            {
                while (true)
                {
                    while (RunDecider.Next(snapshot) is { } decision)
                    {
                        snapshot.Apply(decision);
                        if (decision is ConcludeRun done)
                        {
                            return done.Conclusion;
                        }

                        Carry(decision);
                    }

                    if (_running.Count == 0 && _callsLocating == 0 && !_happenings.Reader.TryPeek(out _))
                    {
                        throw new InvalidOperationException("The run's scheduler has nothing running and nothing it can start, yet the run has not concluded.");
                    }

                    Record(await _happenings.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false));
                }
            }
            finally
            {
                // Normally every job has ended by now; after a failure of the engine itself, what still runs is stopped first.
                foreach (var (_, running) in _running)
                {
                    await running.CancelAsync().ConfigureAwait(false);
                }

                await Task.WhenAll(_jobs).ConfigureAwait(false);
                foreach (var (_, running) in _running)
                {
                    running.Dispose();
                }
            }
        }

        private void Carry(RunDecision decision)
        {
            switch (decision)
            {
                case SkipJob skip:
                    ReportUnrun(skip.Key, skip.DisplayName, skip.Job, skip.Conclusion, skip.Problem is null ? null : ("error", skip.Problem), announce: true);
                    break;
                case RejectLeg reject:
                    var refused = snapshot.Leg(reject.Leg);
                    ReportUnrun(refused.Key, refused.DisplayName, reject.Leg.Job, Conclusion.Failure, ("error", refused.Problem!), announce: true);
                    break;
                case CancelLeg { WasRunning: false } cancel:
                    // A leg that never started is not reported as started, only as ended.
                    var waiting = snapshot.Leg(cancel.Leg);
                    ReportUnrun(waiting.Key, waiting.DisplayName, cancel.Leg.Job, Conclusion.Cancelled, cancel.Annotation, announce: false);
                    break;
                case CancelLeg cancel:
                    if (cancel.Annotation is { } note)
                    {
                        observer.Annotation(snapshot.Leg(cancel.Leg).Key, note.Level, masker.Mask(note.Message), null, null);
                    }

                    // A call has no process of its own: its jobs are cancelled through their scope.
                    if (_running.TryGetValue(cancel.Leg, out var running))
                    {
                        running.Cancel();
                    }

                    break;
                case StartLeg start when snapshot.Leg(start.Leg).IsCall:
                    StartCall(start.Leg);
                    break;
                case StartLeg start:
                    StartJob(start);
                    break;
                case ConcludeCall call:
                    FinishCall(call);
                    break;
            }
        }

        private void StartJob(StartLeg start)
        {
            var id = start.Leg;
            var leg = snapshot.Leg(id);
            var job = snapshot.Scopes[id.Scope].Job(id.Job);
            var context = _contexts[id.Scope];
            var cancel = new CancellationTokenSource();
            if (start.Cancelled)
            {
                cancel.Cancel();
            }

            _running[id] = cancel;
            var request = new JobRequest
            {
                Run = context,
                Job = job.Job,
                JobKey = leg.Key,
                DisplayName = leg.DisplayName,
                Matrix = leg.Matrix,
                Strategy = leg.Strategy,
                Needs = job.NeedsContext,
                Workspace = Path.Combine(context.RunDirectory, "work", leg.Key),
            };
            // The job starts on the thread pool: its first steps (folders, contexts, the first process) would otherwise hold
            // up the decisions and the starts that follow.
            _jobs.Add(Task.Run(() => RunJobAsync(id, request, cancel.Token), CancellationToken.None));
        }

        private async Task RunJobAsync(LegId id, JobRequest request, CancellationToken cancellationToken)
        {
            try
            {
                var result = await executor.RunAsync(request, masker, observer, cancellationToken).ConfigureAwait(false);
                _happenings.Writer.TryWrite(new JobEnded(id, result));
            }
            catch (Exception ex)
            {
                _happenings.Writer.TryWrite(new JobFaulted(id, ex));
            }
        }

        private void Record(Happening happening)
        {
            switch (happening)
            {
                case RunCancelled:
                    snapshot.RecordCancelled();
                    break;
                case JobEnded ended:
                    if (_running.Remove(ended.Leg, out var done))
                    {
                        done.Dispose();
                    }

                    _finished.Add(ended.Result);
                    snapshot.RecordLegFinished(ended.Leg, ended.Result.Conclusion, ended.Result.Outputs);
                    break;
                case CallLocated located:
                    ContinueCall(located);
                    break;
                case JobFaulted faulted:
                    _running.Remove(faulted.Leg, out var broken);
                    broken?.Dispose();
                    ExceptionDispatchInfo.Capture(faulted.Error).Throw();
                    break;
            }
        }

        /// <summary>A job or leg that ends without running: reported as ended (and as started, unless it never was).</summary>
        private void ReportUnrun(string key, string display, string jobId, Conclusion conclusion, (string Level, string Message)? note, bool announce)
        {
            if (announce)
            {
                observer.JobStarted(key, display);
            }

            if (note is { } annotation)
            {
                observer.Annotation(key, annotation.Level, masker.Mask(annotation.Message), null, null);
            }

            var result = new JobResult(jobId, display, conclusion, new Dictionary<string, string>(), [], [], TimeSpan.Zero);
            observer.JobFinished(key, result);
            _finished.Add(result);
        }

        private abstract record Happening;

        private sealed record RunCancelled : Happening;

        private sealed record JobEnded(LegId Leg, JobResult Result) : Happening;

        private sealed record JobFaulted(LegId Leg, Exception Error) : Happening;

        private sealed record CallLocated(LegId Leg, Actions.CalledWorkflowLookup Lookup) : Happening;
    }
}
