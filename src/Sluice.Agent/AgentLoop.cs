using System.Diagnostics;
using Sluice.Protocol;

namespace Sluice.Agent;

/// <summary>
/// An agent: registers once, then asks the server for work (only outbound requests), runs each job in a worker process
/// of its own, renews the job's lease while it runs, passes a cancel on to the worker, and reports a worker that died
/// before reporting as an attempt that could not run. Stopping (<paramref name="stopping"/>, SIGTERM) takes no new job
/// and lets the running one finish.
/// </summary>
public sealed class AgentLoop(AgentOptions options, TextWriter output, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        using var client = new ApiClient(options.Server, null, TimeSpan.FromMinutes(2));
        client.MovedOn += (from, to, reason) => output.WriteLine($"sluice agent: {Display(from)} failed ({reason}); moving to {Display(to)}");
        var credential = await RegisterAsync(client, stopping).ConfigureAwait(false);
        if (credential is null)
        {
            return 1;
        }

        client.Token = credential.Credential;
        await using var workers = new WorkerLauncher(options, time);
        workers.StartSpare();
        output.WriteLine($"agent {credential.Name} (#{credential.AgentId}) is ready; waiting for jobs from {options.Server}");
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            JobAssignment? job;
            try
            {
                job = await client.SendAsync(HttpMethod.Post, "api/v1/agent/claim", new ClaimRequest(20, SluiceVersion.Current), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.JobAssignment, stopping, idempotent: true).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (ApiException ex) when (ex.Status == 401)
            {
                output.WriteLine($"sluice agent: the server refused this agent's credential: {ex.Message}. To bring it back, delete {AgentCredential.PathIn(options.WorkDirectory)} and register again with a new token (sluice token create --scope agent).");
                return 1;
            }
            catch (ApiException ex)
            {
                failures++;
                output.WriteLine($"sluice agent: {ex.Message}; trying again");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures)), time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // Asked to stop while the server could not be reached (with sluice up, the server stops too).
                    break;
                }

                continue;
            }

            if (job is null)
            {
                continue;
            }

            output.WriteLine($"job {job.LegKey} of run {job.RunId} (attempt {job.Attempt}) started");
            var conclusion = await RunJobAsync(client, workers, job, stopping).ConfigureAwait(false);
            output.WriteLine($"job {job.LegKey} of run {job.RunId} (attempt {job.Attempt}) {conclusion}");
            if (options.Once)
            {
                break;
            }
        }

        return 0;
    }

    private async Task<AgentCredential?> RegisterAsync(ApiClient client, CancellationToken stopping)
    {
        if (AgentCredential.Load(options.WorkDirectory, options.Server) is { } saved)
        {
            return saved;
        }

        if (options.Token is null)
        {
            output.WriteLine($"sluice agent: this agent is not registered with {options.Server}: give --token with a registration token (sluice token create --scope agent)");
            return null;
        }

        try
        {
            var labels = AgentOptions.DefaultLabels().Concat(options.Labels).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var registered = await client.SendAsync(HttpMethod.Post, "api/v1/agents/register", new RegisterRequest(options.Name, labels, SluiceVersion.Current), ProtocolJson.Default.RegisterRequest, ProtocolJson.Default.RegisterResponse, stopping, options.Token).ConfigureAwait(false);
            var credential = new AgentCredential(client.Servers.ToString(), registered!.AgentId, registered.Name, registered.Credential);
            credential.Save(options.WorkDirectory);
            output.WriteLine($"registered as agent #{credential.AgentId} with labels {string.Join(", ", labels)}");
            return credential;
        }
        catch (ApiException ex)
        {
            output.WriteLine($"sluice agent: could not register with {options.Server}: {ex.Message}");
            return null;
        }
    }

    private static string Display(Uri server) => server.ToString().TrimEnd('/');

    /// <summary>
    /// Runs the job in a worker process while renewing its lease; returns how it ended, in words for the agent's log.
    /// With <see cref="AgentOptions.HandBackOnStop"/>, stopping closes the worker's input: the worker stops the job's
    /// steps and the attempt is handed back, to run again when an agent is next there.
    /// </summary>
    private async Task<string> RunJobAsync(ApiClient client, WorkerLauncher workers, JobAssignment job, CancellationToken stopping)
    {
        using var worker = await workers.HandOverAsync(job).ConfigureAwait(false);
        if (worker is null)
        {
            await AbandonAsync(client, job, "the agent could not start a worker process").ConfigureAwait(false);
            return "could not start";
        }

        // The next job's worker starts while this one runs (not with --once: there is no next job).
        if (!options.Once)
        {
            workers.StartSpare();
        }

        using var done = new CancellationTokenSource();
        var heartbeats = HeartbeatAsync(client, job, worker, done.Token);
        using (stopping.Register(() => Stop(job, worker)))
        {
            await worker.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await done.CancelAsync().ConfigureAwait(false);
        if (await heartbeats.ConfigureAwait(false))
        {
            return "was taken back by the server (given to another agent, or this agent was removed)";
        }

        switch (worker.ExitCode)
        {
            case WorkerExit.Reported:
                return "finished";
            case WorkerExit.Superseded:
                return "was given to another agent";
            case WorkerExit.AgentGone:
                await AbandonAsync(client, job, "the agent stopped while the job ran and handed it back").ConfigureAwait(false);
                return "was handed back";
            default:
                await AbandonAsync(client, job, $"the job's worker process exited with code {worker.ExitCode} before it reported a result").ConfigureAwait(false);
                return $"lost its worker (exit code {worker.ExitCode})";
        }
    }

    /// <summary>Asked to stop while a job runs: it is handed back (<see cref="AgentOptions.HandBackOnStop"/>) or finished first.</summary>
    private void Stop(JobAssignment job, Process worker)
    {
        if (options.HandBackOnStop)
        {
            output.WriteLine($"asked to stop: handing job {job.LegKey} of run {job.RunId} back");
            CloseInput(worker);
        }
        else
        {
            output.WriteLine($"asked to stop: finishing job {job.LegKey} of run {job.RunId} first");
        }
    }

    private static void CloseInput(Process worker)
    {
        lock (worker)
        {
            try
            {
                worker.StandardInput.Close();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                // The worker has exited already.
            }
        }
    }

    /// <summary>Renews the lease until <paramref name="done"/>; true when the server said the attempt is no longer this agent's (409), and the worker was killed.</summary>
    private async Task<bool> HeartbeatAsync(ApiClient client, JobAssignment job, Process worker, CancellationToken done)
    {
        var cancelSent = false;
        var path = $"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}/heartbeat";
        while (!done.IsCancellationRequested)
        {
            try
            {
                var beat = await client.SendAsync(HttpMethod.Post, path, new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.HeartbeatResponse, done, job.LeaseToken, idempotent: true).ConfigureAwait(false);
                if (beat?.Cancel == true && !cancelSent)
                {
                    cancelSent = true;
                    SendCancel(worker);
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                return false;
            }
            catch (ApiException ex) when (ex.Status == 409)
            {
                // Another agent holds the job now: this attempt's work must stop, and nothing it sends is accepted.
                worker.Kill(entireProcessTree: true);
                return true;
            }
            catch (Exception ex) when (ex is ApiException or IOException)
            {
                // The server is unreachable for now: try again shortly (the lease allows for a few missed beats).
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, done).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>Tells the worker the run was cancelled (unless its input was closed: it is stopping already).</summary>
    private static void SendCancel(Process worker)
    {
        lock (worker)
        {
            try
            {
                worker.StandardInput.WriteLine("cancel");
                worker.StandardInput.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The worker has exited or is stopping.
            }
        }
    }

    private static async Task AbandonAsync(ApiClient client, JobAssignment job, string reason)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}/abandon") { Content = new StringContent(reason) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", job.LeaseToken);
            request.Options.Set(ApiClient.Idempotent, true);
            using var response = await client.SendCheckedAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ApiException)
        {
            // The lease runs out instead, and the server re-queues the job then.
        }
    }
}
