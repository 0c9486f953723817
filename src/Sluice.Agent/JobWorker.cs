using System.Text.Json;
using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Containers;
using Sluice.Engine.Local;
using Sluice.Engine.Steps;
using Sluice.Expressions;
using Sluice.Protocol;
using Sluice.Workflows;

namespace Sluice.Agent;

/// <summary>
/// One job in its own process (<c>sluice agent worker</c>), started by the agent for each job, so that a job that brings
/// its process down does not bring the agent down. It makes the job's source ready, runs the job with the engine that
/// <c>sluice run</c> uses, streams its log, and reports the result, each under the attempt's lease token.
/// </summary>
public static class JobWorker
{
    /// <param name="cancellation">The run was cancelled: the steps stop, always() steps run, and the job reports itself cancelled.</param>
    /// <param name="agentGone">
    /// The agent that renews this attempt's lease is gone: the steps stop and nothing is reported, because the server
    /// gives the job to another agent once the lease runs out, and a job stopped this way was not cancelled.
    /// </param>
    /// <param name="actions">Where the job's actions of other repositories come from, as <c>sluice run</c> has them.</param>
    public static async Task<int> RunAsync(string server, JobAssignment job, string workDirectory, JobActionsSource actions, CancellationToken cancellation, CancellationToken agentGone)
    {
        using var client = new ApiClient(server, job.LeaseToken);
        var prefix = $"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}";
        await using var log = new LogStreamer(
            (entries, token) => client.SendAsync(HttpMethod.Post, prefix + "/logs", new LogBatch(entries), ProtocolJson.Default.LogBatch, ProtocolJson.Default.LogAck, token, idempotent: true),
            TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, agentGone);
        log.WasSuperseded += stop.Cancel;
        var runDirectory = Path.Combine(workDirectory, "runs", $"{job.JobId}-{job.Attempt}");
        JobCompletion completion;
        try
        {
            completion = await ExecuteAsync(client, job, workDirectory, runDirectory, actions, log, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JobSourceException or IOException or ApiException or WorkflowJobException)
        {
            log.Note($"The job could not be started on this agent: {ex.Message}");
            completion = new JobCompletion("failure", new Dictionary<string, string>(), [], [], 0, ex.Message);
        }
        finally
        {
            TryDelete(runDirectory);
        }

        if (agentGone.IsCancellationRequested)
        {
            return WorkerExit.AgentGone;
        }

        try
        {
            // A server that cannot be reached is waited for while the agent renews the lease; not once the agent is gone.
            await log.FlushAsync().WaitAsync(agentGone).ConfigureAwait(false);
            return log.Superseded ? WorkerExit.Superseded : await ReportAsync(client, prefix + "/complete", completion, agentGone).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (agentGone.IsCancellationRequested)
        {
            return WorkerExit.AgentGone;
        }
    }

    /// <summary>
    /// Sends the result until the server takes it or answers that another attempt holds the job. A server that cannot
    /// be reached, or fails, is asked again: the agent keeps renewing the lease meanwhile, so the result of work already
    /// done is not thrown away because the server restarted at the wrong moment.
    /// </summary>
    private static async Task<int> ReportAsync(ApiClient client, string path, JobCompletion completion, CancellationToken agentGone)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await client.SendAsync<JobCompletion, LogAck>(HttpMethod.Post, path, completion, ProtocolJson.Default.JobCompletion, ProtocolJson.Default.LogAck, CancellationToken.None, idempotent: true).ConfigureAwait(false);
                return WorkerExit.Reported;
            }
            catch (ApiException ex) when (ex.Status == 409)
            {
                return WorkerExit.Superseded;
            }
            catch (ApiException ex) when (ex.Status is 0 or >= 500)
            {
                await Task.Delay(delay, TimeProvider.System, agentGone).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private static async Task<JobCompletion> ExecuteAsync(ApiClient client, JobAssignment job, string workDirectory, string runDirectory, JobActionsSource openActions, LogStreamer log, CancellationToken cancellation)
    {
        var mirror = await JobSource.FetchAsync(client, job, workDirectory, log.Note, CancellationToken.None).ConfigureAwait(false);
        // The server sends the text of the workflow the job comes from (the run's, or a called reusable workflow's as it
        // located it); an older server does not, and the run's own workflow is read at the commit.
        var text = job.WorkflowText ?? await JobSource.ShowAsync(mirror, job.Sha, job.WorkflowFile, CancellationToken.None).ConfigureAwait(false);
        var read = new WorkflowReader().Read(job.WorkflowFile, text);
        var definition = read.Workflow?.Jobs.FirstOrDefault(j => j.Id == job.JobName)
            ?? throw new WorkflowJobException($"{job.WorkflowFile} at {job.Sha} has no job '{job.JobName}'{(read.IsValid ? "" : ": " + read.Errors[0])}");
        Directory.CreateDirectory(runDirectory);
        var github = Object(job.Github);
        var eventPath = Path.Combine(runDirectory, "event.json");
        await File.WriteAllTextAsync(eventPath, github.TryGetValue("event", out var payload) ? ToJson(payload) : "{}", CancellationToken.None).ConfigureAwait(false);
        var secrets = new ObjectValue();
        var masker = new SecretMasker();
        foreach (var (name, value) in job.Secrets)
        {
            secrets.Set(name, ExpressionValue.FromString(value));
            masker.Add(value);
        }

        // The job's `sluice gate`, `flaky` and `split` keep their history on the server, under this attempt's lease.
        masker.Add(job.LeaseToken);
        var environment = BaseEnvironment.FromCurrentProcess();
        environment[HistoryEnvironment.Url] = client.Servers.Below($"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}/history");
        environment[HistoryEnvironment.Token] = job.LeaseToken;

        // Only a job with steps that use actions needs the action settings and store (a job of run: steps starts sooner without).
        JobActions? opened = null;
        try
        {
            opened = definition.Steps.Any(s => s.Uses is not null)
                ? openActions(await JobSource.ActionSettingsAsync(mirror, job.Sha, runDirectory, CancellationToken.None).ConfigureAwait(false), job.Secrets)
                : null;
        }
        catch (JobActionsException ex)
        {
            // The repository's action settings are broken: the job's mistake, to fix in the repository, not the agent's.
            log.Annotation(job.LegKey, "error", masker.Mask(ex.Message), null, null);
            return new JobCompletion("failure", new Dictionary<string, string>(), [], [], 0);
        }

        using var actions = opened;
        foreach (var mask in actions?.Masks ?? [])
        {
            masker.Add(mask);
        }

        var run = new RunContext
        {
            Workflow = read.Workflow!,
            WorkflowFile = job.WorkflowFile,
            RepositoryRoot = mirror,
            RunDirectory = runDirectory,
            Github = github,
            Vars = Object(job.Vars),
            Secrets = secrets,
            Inputs = Object(job.Inputs),
            EventPath = eventPath,
            BaseEnvironment = environment,
            ScratchDirectory = LocalRunFactory.ScratchFor(runDirectory),
            Artifacts = new RemoteArtifacts(client, job, runDirectory),
            Caches = new RemoteCaches(client, job, runDirectory),
            ActionCacheDirectory = actions?.CacheFolder,
            Repositories = actions?.Repositories,
            ActionSettings = actions?.Settings ?? Engine.Execution.Actions.Policy.ActionSettings.Default,
            Masks = actions?.Masks ?? [],
        };
        if (actions is not null && await JobPlanCheck.ProblemsAsync(run, definition, actions, cancellation).ConfigureAwait(false) is { Count: > 0 } problems)
        {
            // As sluice run does before it runs anything: an action that cannot be had stops the job before its first step.
            foreach (var problem in problems)
            {
                log.Annotation(job.LegKey, "error", masker.Mask(problem), null, null);
            }

            return new JobCompletion("failure", new Dictionary<string, string>(), [], [], 0);
        }

        var request = new JobRequest
        {
            Run = run,
            Job = definition,
            JobKey = job.LegKey,
            DisplayName = job.DisplayName,
            Matrix = Object(job.Matrix),
            Strategy = Object(job.Strategy),
            Needs = Object(job.Needs),
            Workspace = Path.Combine(runDirectory, "work", job.LegKey),
        };
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (job.Cancelled)
        {
            await cancelled.CancelAsync().ConfigureAwait(false);
        }

        using var containers = new ContainerEngineSource();
        var executor = new JobExecutor(new ProcessRunner(), TimeProvider.System, containers);
        try
        {
            var result = await executor.RunAsync(request, masker, log, cancelled.Token).ConfigureAwait(false);
            return new JobCompletion(
                result.Conclusion.Name(),
                result.Outputs,
                result.Steps.Select(s => new StepSummary(s.Id, s.DisplayName, s.Outcome.Name(), s.Conclusion.Name(), s.Duration.TotalSeconds)).ToList(),
                result.Summaries,
                result.Duration.TotalSeconds);
        }
        finally
        {
            if (run.ScratchDirectory is { } scratch)
            {
                TryDelete(scratch);
            }
        }
    }

    private static ObjectValue Object(JsonElement element) => ExpressionValue.FromJson(element) as ObjectValue ?? new ObjectValue();

    private static string ToJson(ExpressionValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteJson(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder a job left locked is cleaned at the next start of the agent.
        }
    }
}

/// <summary>The job named in the assignment is not in the workflow at the commit.</summary>
public sealed class WorkflowJobException(string message) : Exception(message);
